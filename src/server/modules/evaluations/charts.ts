// Bar charts for the class report, drawn by ECharts' server-side renderer (the same library the
// screens use, so the report looks like them) to SVG and rasterised by sharp. Both are loaded on
// first use: the API process does not pay for them until someone exports a report.

const FONT = 'Noto Sans CJK SC, Noto Sans SC, Noto Sans Tibetan, sans-serif';
const SCALE = 2; // rasterise at twice the size for print
export const RATING_COLOURS = ['#c23531', '#e98f4f', '#d9c25b', '#7fb77e', '#2f7d4f'];

type Sharp = typeof import('sharp')['default'];
let loaded: Promise<{ echarts: typeof import('echarts'); sharp: Sharp }> | null = null;
const load = () => {
  loaded ??= Promise.all([import('echarts'), import('sharp')]).then(([echarts, sharp]) => ({ echarts, sharp: sharp.default }));
  return loaded;
};

/**
 * Shortens a label to at most `max` characters by cutting its middle, so that sessions that differ
 * only at the end (结构化研讨…（第一组）, …（第二组）) stay apart.
 */
export function shorten(s: string, max = 18) {
  const chars = Array.from(s);
  if (chars.length <= max) return s;
  const tail = Math.min(6, Math.floor(max / 3));
  return `${chars.slice(0, max - tail - 1).join('')}…${chars.slice(-tail).join('')}`;
}

async function render(option: Record<string, unknown>, width: number, height: number): Promise<Buffer> {
  const { echarts, sharp } = await load();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
    const svg = chart.renderToSVGString();
    return await sharp(Buffer.from(svg), { density: 72 * SCALE })
      .png()
      .toBuffer();
  } finally {
    chart.dispose();
  }
}

/** Horizontal bars of scores (1–5), one per row label, with the value written at the bar's end. */
export function scoreBars(rows: Array<{ label: string; value: number | null }>, options: { title?: string; width?: number } = {}) {
  const width = options.width ?? 760;
  const height = Math.max(140, 60 + rows.length * 26);
  const labels = rows.map((r) => shorten(r.label, 22)).reverse();
  const values = rows.map((r) => r.value ?? 0).reverse();
  return render(
    {
      title: options.title ? { text: options.title, left: 'center', textStyle: { fontSize: 14 } } : undefined,
      grid: { left: 8, right: 48, top: options.title ? 36 : 12, bottom: 24, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 5, interval: 1 },
      yAxis: { type: 'category', data: labels, axisLabel: { fontSize: 11 } },
      series: [
        {
          type: 'bar',
          data: values,
          barMaxWidth: 16,
          itemStyle: { color: '#1d5fa7' },
          label: {
            show: true,
            position: 'right',
            color: '#222',
            textBorderWidth: 0,
            formatter: (p: { value: number }) => (p.value ? p.value.toFixed(2) : '—'),
          },
        },
      ],
    },
    width,
    height,
  );
}

/** For each rating question a bar split into how many chose 1 … 5 (stacked, counts written inside). */
export function distributionBars(rows: Array<{ label: string; counts: number[] }>, legend: string[], options: { title?: string; width?: number } = {}) {
  const width = options.width ?? 760;
  const height = Math.max(150, 80 + rows.length * 28);
  const labels = rows.map((r) => shorten(r.label, 20)).reverse();
  return render(
    {
      title: options.title ? { text: options.title, left: 'center', textStyle: { fontSize: 14 } } : undefined,
      legend: { data: legend, bottom: 0, itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 11 } },
      grid: { left: 8, right: 24, top: options.title ? 36 : 12, bottom: 36, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: labels, axisLabel: { fontSize: 11 } },
      series: legend.map((name, i) => ({
        name,
        type: 'bar',
        stack: 'all',
        barMaxWidth: 18,
        itemStyle: { color: RATING_COLOURS[i] },
        label: { show: true, fontSize: 10, color: '#fff', textBorderWidth: 0, formatter: (p: { value: number }) => (p.value ? String(p.value) : '') },
        data: rows.map((r) => r.counts[i] ?? 0).reverse(),
      })),
    },
    width,
    height,
  );
}
