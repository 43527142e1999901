import { useEffect, useMemo, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, LineChart, SankeyChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only the chart types used here, so the first page loads less JavaScript.
echarts.use([BarChart, FunnelChart, LineChart, SankeyChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/**
 * An ECharts chart. The picture is for sighted users; the same figures are always in the table
 * beside it (the chart's accessible name says so), which is also what keyboard users read.
 * Loaded apart from the first page's script (see Chart.tsx).
 */
export default function EChart({ option, label, height }: { option: echarts.EChartsCoreOption; label: string; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (el.current === null) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el.current);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  // Pages rebuild their options on every render (each answer that arrives renders the page again):
  // the chart is drawn again only when what it shows has changed, not once per answer.
  const drawn = useMemo(() => JSON.stringify(option), [option]);
  const latest = useRef(option);
  latest.current = option;
  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, animation: false, ...latest.current }, true);
  }, [drawn]);
  return (
    <div
      ref={el}
      className="app-chart"
      role="img"
      aria-label={`${label}. The figures are in the table that follows.`}
      style={height ? { height } : undefined}
    />
  );
}
