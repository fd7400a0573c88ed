/** Number formats shared by the accounts pages (the interface language decides separators). */
export function pct(value: number | null | undefined, digits = 1, signed = true): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const text = `${(value * 100).toFixed(digits)} %`;
  return signed && value > 0 ? `+${text}` : text;
}

export function num(value: number | null | undefined, digits = 0, locale = 'zh-CN'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

/** Tonnes as 万吨 (10⁴ t), the unit of the provincial statistics yearbooks. */
export const toWanTonnes = (tonnes: number) => tonnes / 1e4;
