import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { pct, type Severity } from './format';

// Plain formatters live apart so that chart option builders and their tests need no React.
export { pct, severityColors, yuan } from './format';

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

/** The name of an episode on a Y/P chart: its level and its peak (黄色 峰值 46 %). */
export function episodeLabel(t: TFunction, level: Severity, peakRatio: number): string {
  return `${t(`supply.severity.${level}`)} ${t('supply.product.peak')} ${pct(peakRatio, 0)}`;
}
