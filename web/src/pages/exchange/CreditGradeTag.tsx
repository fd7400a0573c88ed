import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** A counterparty's current credit grade (ratings, issue 13) beside its name: the grade only, never the reasons. */
export function CreditGradeTag({ organisation }: { organisation: { creditGrade: string | null } | null }) {
  const { t } = useTranslation();
  const grade = organisation?.creditGrade;
  if (!grade) return null;
  const weak = grade.startsWith('C');
  return (
    <Tag data-testid="credit-grade" color={weak ? 'red' : grade.startsWith('A') ? 'green' : 'gold'} style={{ marginInlineStart: 6 }}>
      {t('exchange.creditGrade', { grade })}
    </Tag>
  );
}
