import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** Severity colours of the warning levels (蓝/黄/橙/红). */
export const severityColors: Record<string, string> = { blue: '#1677ff', yellow: '#fadb14', orange: '#fa8c16', red: '#f5222d' };
const tagColors: Record<string, string> = { blue: 'blue', yellow: 'gold', orange: 'orange', red: 'red' };

/** `above-orange` → { direction: 'above', severity: 'orange' }; `normal` → no severity. */
export function parseLevel(level: string): { direction: 'above' | 'below' | null; severity: string | null } {
  const m = /^(above|below)-(blue|yellow|orange|red)$/.exec(level);
  return m ? { direction: m[1] as 'above' | 'below', severity: m[2]! } : { direction: null, severity: null };
}

export function LevelTag({ level }: { level: string }) {
  const { t } = useTranslation();
  const { direction, severity } = parseLevel(level);
  if (!direction || !severity) return <Tag color="green">{t('supply.level.normal')}</Tag>;
  return (
    <Tag color={tagColors[severity]} data-level={level}>
      {t(`supply.direction.${direction}`)} · {t(`supply.severity.${severity}`)}
    </Tag>
  );
}

export const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(digits)} %`);
export const yuan = (x: number | null | undefined, digits = 2) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${x.toFixed(digits)} 元`);
