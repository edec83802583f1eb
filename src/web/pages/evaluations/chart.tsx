import { Skeleton } from 'antd';
import { useEffect, useRef, useState } from 'react';

// ECharts is loaded when the first chart is shown, as a chunk of its own: neither the initial
// bundle nor the evaluation tab's code carries it. Only the parts used here are registered.
type Core = typeof import('./echarts-setup');
let loading: Promise<Core> | null = null;
const loadEcharts = (): Promise<Core> => {
  loading ??= import('./echarts-setup');
  return loading;
};

// ECharts measures labels itself (to fit the grid), so it needs real font names, not a CSS variable.
const FONT = '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif';

export const RATING_COLOURS = ['#c23531', '#e98f4f', '#d9c25b', '#7fb77e', '#2f7d4f'];

/** One ECharts chart. `option` is ECharts' own; it is re-applied when it changes. */
export function EChart({ option, height, label }: { option: Record<string, unknown>; height: number; label?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<Core['init']> | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | null = null;
    loadEcharts().then((echarts) => {
      if (disposed || !el.current) return;
      chart.current = echarts.init(el.current, null, { renderer: 'svg' });
      observer = new ResizeObserver(() => chart.current?.resize());
      observer.observe(el.current);
      setReady(true);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (ready) chart.current?.setOption({ animationDuration: 300, textStyle: { fontFamily: FONT }, ...option }, true);
  }, [ready, option]);

  return (
    <div className="ev-chart" style={{ height }} role="img" aria-label={label}>
      {!ready && <Skeleton active paragraph={{ rows: 3 }} title={false} />}
      <div ref={el} style={{ width: '100%', height: ready ? height : 0 }} />
    </div>
  );
}

/** Shortens a label by cutting its middle, so titles that differ only at the end stay apart. */
export function shortLabel(s: string, max = 16) {
  const chars = Array.from(s);
  if (chars.length <= max) return s;
  const tail = Math.min(6, Math.floor(max / 3));
  return `${chars.slice(0, max - tail - 1).join('')}…${chars.slice(-tail).join('')}`;
}

/** Horizontal bars of scores out of 5, one per row. */
export function scoreBarsOption(rows: Array<{ label: string; value: number | null }>) {
  return {
    grid: { left: 8, right: 40, top: 8, bottom: 20, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', min: 0, max: 5, interval: 1 },
    yAxis: { type: 'category', data: rows.map((r) => shortLabel(r.label, 18)).reverse(), axisLabel: { fontSize: 11 } },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => r.value ?? 0).reverse(),
        barMaxWidth: 14,
        itemStyle: { color: '#1d5fa7' },
        label: { show: true, position: 'right', color: '#222', formatter: (p: { value: number }) => (p.value ? p.value.toFixed(2) : '—') },
      },
    ],
  };
}
