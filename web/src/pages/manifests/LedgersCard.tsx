import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UserText } from '../../components/UserText';
import { type LedgerKind, ledgersApi } from './ledgersApi';

const kinds: LedgerKind[] = ['general', 'hazardous-plan', 'hazardous-declaration'];
// Long form names wrap inside the button on a phone instead of widening the page.
const wrapping = { whiteSpace: 'normal', height: 'auto', maxWidth: '100%', textAlign: 'left' } as const;

/**
 * Downloads of a firm's statutory ledgers (.xlsx, built by the server from its records and
 * manifests) and of its hazardous manifests in the national system's layout. The firms are those
 * the server says the viewer may read (its own, its grantors', a regulator's region); the files
 * come in the reader's language.
 */
export function LedgersCard() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const firms = useQuery({ queryKey: ['ledgers', 'firms'], queryFn: () => ledgersApi.firms(), staleTime: 300_000 });
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const items = firms.data?.items ?? [];
  const firm = picked ?? (items.length === 1 ? items[0]!.id : undefined);
  if (firms.isLoading || items.length === 0) return null;
  const lang = en ? 'en' : 'zh';
  // Without a firm the button is a disabled <button>; with one, a download link.
  const link = (href: string | undefined, label: string, testId: string) => (
    <Button key={testId} {...(href ? { href, download: true } : { disabled: true })} icon={<DownloadOutlined />} style={wrapping} data-testid={testId}>
      {label}
    </Button>
  );
  return (
    <Card size="small" title={t('ledgers.title')} data-testid="ledgers-card">
      <Space orientation="vertical" size="small" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('ledgers.intro')}</Typography.Text>
        <Space wrap>
          {items.length > 1 && (
            <Select
              showSearch
              style={{ minWidth: 220, maxWidth: '100%' }}
              placeholder={t('ledgers.firm')}
              value={firm}
              onChange={(v) => setPicked(v)}
              optionFilterProp="title"
              options={items.map((f) => ({ value: f.id, title: en ? f.nameEn : f.nameZh, label: <UserText>{en ? f.nameEn : f.nameZh}</UserText> }))}
              data-testid="ledgers-firm"
            />
          )}
          <Select
            style={{ minWidth: 110 }}
            value={year}
            onChange={(v) => setYear(v)}
            options={[0, 1, 2, 3].map((k) => ({ value: thisYear - k, label: t('ledgers.year', { year: thisYear - k }) }))}
            data-testid="ledgers-year"
          />
        </Space>
        <Space wrap>
          {kinds.map((k) => link(firm ? ledgersApi.ledgerUrl(k, firm, year, lang) : undefined, t(`ledgers.kind.${k}`), `ledger-${k}`))}
          {link(firm ? ledgersApi.nationalPeriodUrl(firm, year, lang) : undefined, t('ledgers.national'), 'ledger-national')}
        </Space>
      </Space>
    </Card>
  );
}
