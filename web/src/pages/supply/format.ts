import i18n from 'i18next';

export type Severity = 'blue' | 'yellow' | 'orange' | 'red';

/** Severity colours of the warning levels (蓝/黄/橙/红). */
export const severityColors: Readonly<Record<Severity, string>> = { blue: '#1677ff', yellow: '#fadb14', orange: '#fa8c16', red: '#f5222d' };

export const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(digits)} %`);
/** Money in yuan: "12.34 元" in Chinese, "CNY 12.34" in English (the one English form across the app). */
export const yuan = (x: number | null | undefined, digits = 2) =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : i18n.language === 'en' ? `CNY ${x.toFixed(digits)}` : `${x.toFixed(digits)} 元`;

/** The unit of a price per kilogram, in the interface language. */
export const yuanPerKgUnit = () => (i18n.language === 'en' ? 'CNY/kg' : '元/kg');

/** A price unit as the market quotes it (元/kg, 元/500g) in the interface language. */
export const priceUnit = (unit: string, en: boolean) => (en ? unit.replace(/元\s*/g, 'CNY') : unit);
