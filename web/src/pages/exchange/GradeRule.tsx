import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Grading } from './api';

/** A lot's grade and the rule that decided it ("B: moisture 25 % is above grade A's limit 15"). */
export function GradeRule({ grading }: { grading: Grading | null }) {
  const { t } = useTranslation();
  if (!grading) return <Typography.Text type="secondary">{t('exchange.grade.none')}</Typography.Text>;
  if (grading.grade === null) {
    return (
      <Typography.Text type="warning" data-testid="grade-rule">
        {'missing' in grading ? t('exchange.grade.missing', { assays: grading.missing.map((a) => t(`exchange.assay.${a}`, { defaultValue: a })).join('、') }) : t('exchange.grade.belowC')}
      </Typography.Text>
    );
  }
  const rule = grading.limitedBy;
  return (
    <span data-testid="grade-rule">
      <Tag color={grading.grade === 'A' ? 'green' : grading.grade === 'B' ? 'blue' : 'orange'}>{t('exchange.grade.label', { grade: grading.grade })}</Tag>
      <Typography.Text type="secondary">
        {rule
          ? t(rule.bound === 'max' ? 'exchange.grade.ruleMax' : 'exchange.grade.ruleMin', { assay: t(`exchange.assay.${rule.assay}`, { defaultValue: rule.assay }), value: rule.value, limit: rule.limit, grade: rule.grade })
          : t('exchange.grade.top')}
        {' · '}
        {t('exchange.grade.version', { version: grading.standardVersion })}
      </Typography.Text>
    </span>
  );
}
