import { Tag, Typography } from 'antd';
import type { LevelRuleView } from '../../../../src/shared/levels';
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

/** The level as words (上穿 · 蓝色, Normal), for sentences. */
function levelWords(t: TFunction, level: string): string {
  const { direction, severity } = parseLevel(level);
  return direction && severity ? `${t(`supply.direction.${direction}`)} · ${t(`supply.severity.${severity}`)}` : t('supply.level.normal');
}

/**
 * The hysteresis rule next to a level whose Y/P alone would give another one ("30.1 % but still
 * normal: it must pass 30.9 % for 3 days"); nothing when the level is what Y/P alone gives.
 */
export function LevelRuleNote({ rule, ratio, level }: { rule: LevelRuleView | null | undefined; ratio: number | null | undefined; level: string }) {
  const { t } = useTranslation();
  if (!rule || ratio === null || ratio === undefined) return null;
  const key = rule.kind === 'not-entered' ? (rule.side === 'above' ? 'notEntered' : 'notEnteredBelow') : rule.side === 'below' ? 'notLeft' : 'notLeftAbove';
  return (
    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} data-testid="level-rule">
      {t(`supply.levelRule.${key}`, { ratio: pct(ratio), line: pct(rule.line, 0), threshold: pct(rule.threshold), days: rule.days, level: levelWords(t, level) })}
    </Typography.Text>
  );
}
