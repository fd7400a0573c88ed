/** A tiny inline SVG trend line with the band's upper line dashed (no ECharts per table row); red when the level is a signal. */
export function Sparkline({ values, band, level, width = 120, height = 28 }: { values: (number | null)[]; band: [number, number]; level: string; width?: number; height?: number }) {
  const pts = values.map((v, i) => [i, v] as const).filter((p): p is readonly [number, number] => p[1] !== null && Number.isFinite(p[1]));
  if (pts.length < 2) return <span>—</span>;
  const ys = [...pts.map((p) => p[1]), band[1]];
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const span = hi - lo || 1;
  const x = (i: number) => (i / (values.length - 1)) * (width - 4) + 2;
  const y = (v: number) => height - 3 - ((v - lo) / span) * (height - 6);
  const d = pts.map(([i, v], k) => `${k === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  // The level, not the last value: hysteresis keeps a product hovering at the line normal.
  const colour = level === 'normal' ? '#2f7d4f' : '#cf1322';
  return (
    <svg width={width} height={height} role="img" aria-label="trend" data-testid="sparkline">
      <line x1={2} x2={width - 2} y1={y(band[1])} y2={y(band[1])} stroke="#fa8c16" strokeDasharray="3 2" strokeWidth={1} />
      <path d={d} fill="none" stroke={colour} strokeWidth={1.5} />
    </svg>
  );
}
