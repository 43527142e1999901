import { lazy, Suspense, useEffect, useState } from 'react';

/** ECharts' option object; the chart library's own type would pull the library into the first page's script. */
export type ChartOption = Record<string, unknown>;

// The chart library loads on its own, beside the page's first requests: the figures' tables and
// tiles never wait for it to be fetched, parsed or drawn.
const loadEChart = () => import('./EChart');
const EChart = lazy(loadEChart);

/** A page with charts starts fetching the library while its own figures are still on their way, rather than after they arrive. */
export function preloadCharts(): void {
  void loadEChart();
}

/**
 * True once the browser has had an idle moment since the component mounted. Drawing a chart takes
 * the page's only thread for a while: the figures arriving with it are put on screen first, and
 * each chart is drawn in a moment of its own.
 */
function useIdle(): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (typeof window.requestIdleCallback !== 'function') {
      const t = window.setTimeout(() => setIdle(true), 50);
      return () => window.clearTimeout(t);
    }
    const id = window.requestIdleCallback(() => setIdle(true), { timeout: 1000 });
    return () => window.cancelIdleCallback(id);
  }, []);
  return idle;
}

/** A chart, with an empty box of the same size until the chart library has arrived and the page is idle. */
export function Chart({ option, label, height }: { option: ChartOption; label: string; height?: number }) {
  const idle = useIdle();
  const box = <div className="app-chart" style={height ? { height } : undefined} aria-hidden="true" />;
  if (!idle) return box;
  return (
    <Suspense fallback={box}>
      <EChart option={option} label={label} height={height} />
    </Suspense>
  );
}
