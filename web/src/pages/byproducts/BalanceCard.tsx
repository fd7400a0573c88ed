import { Card, Descriptions, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Figures, num } from './api';

type Balance = NonNullable<Figures['balance']>;
type Total = Balance['byproducts'];

/** Small masses (a batch) need decimals that would be noise on a year's thousands of tonnes. */
const tonnes = (x: number) => num(x, Math.abs(x) < 10 ? 3 : Math.abs(x) < 1000 ? 1 : 0);

/** The firm's reconciled material balance (issue 5) beside its declared figures. */
export function BalanceCard({ balance, reasonCode, period }: { balance: Balance | null; reasonCode: Figures['balanceReasonCode']; period: string }) {
  const { t } = useTranslation();
  const title = t('byproducts.balance.title');
  if (!balance) {
    return (
      <Card size="small" title={title} data-testid="balance-card">
        <Typography.Text type="secondary">{t(`byproducts.balance.reason.${reasonCode ?? 'no-model'}`)}</Typography.Text>
      </Card>
    );
  }
  const total = (x: Total) => (x.flows === 0 ? '—' : x.tonnes === null || x.sdTonnes === null ? t('byproducts.balance.undetermined') : `${tonnes(x.tonnes)} ± ${tonnes(x.sdTonnes)} t`);
  const c = balance.comparison;
  return (
    <Card size="small" title={title} data-testid="balance-card">
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('byproducts.balance.model')}>{balance.modelName}</Descriptions.Item>
        <Descriptions.Item label={t('byproducts.balance.period')}>{balance.period ?? t('byproducts.balance.nominal')}</Descriptions.Item>
        <Descriptions.Item label={t('byproducts.balance.test')}>
          {balance.chiSquarePassed ? <Tag color="green">{t('byproducts.balance.passed')}</Tag> : <Tag color="red">{t('byproducts.balance.failed')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('byproducts.balance.byproducts')}>{total(balance.byproducts)}</Descriptions.Item>
        <Descriptions.Item label={t('byproducts.balance.losses')}>{total(balance.losses)}</Descriptions.Item>
        <Descriptions.Item label={t('byproducts.balance.comparison', { period })}>
          {c ? (
            <span data-testid="balance-comparison">
              {t('byproducts.balance.declaredVs', { declared: tonnes(c.declaredT), balance: tonnes(c.balanceT), sd: tonnes(c.sdT), difference: tonnes(c.differenceT) })}{' '}
              {c.withinTwoSd ? <Tag color="green">{t('byproducts.balance.within')}</Tag> : <Tag color="orange">{t('byproducts.balance.outside')}</Tag>}
            </span>
          ) : (
            <Typography.Text type="secondary" data-testid="balance-comparison">
              {t(`byproducts.balance.compareReason.${balance.comparisonReasonCode ?? 'undetermined'}`)}
            </Typography.Text>
          )}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
