import { lazy, Suspense } from 'react';

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

/** A chart, with an empty box of the same size until the chart library has arrived. */
export function Chart({ option, label, height }: { option: ChartOption; label: string; height?: number }) {
  return (
    <Suspense fallback={<div className="app-chart" style={height ? { height } : undefined} aria-hidden="true" />}>
      <EChart option={option} label={label} height={height} />
    </Suspense>
  );
}
