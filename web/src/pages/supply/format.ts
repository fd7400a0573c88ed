export type Severity = 'blue' | 'yellow' | 'orange' | 'red';

/** Severity colours of the warning levels (蓝/黄/橙/红). */
export const severityColors: Readonly<Record<Severity, string>> = { blue: '#1677ff', yellow: '#fadb14', orange: '#fa8c16', red: '#f5222d' };

export const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(digits)} %`);
export const yuan = (x: number | null | undefined, digits = 2) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${x.toFixed(digits)} 元`);
