import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Gaps, symApi } from './api';

const fmt = (v: number, digits = 0) => v.toLocaleString('zh-CN', { maximumFractionDigits: digits });
type Attraction = Gaps['attractions'][number];

/** Chain gaps (补链招商): the firms to attract, ranked, with their size, value and the disposal they avoid; exported as .xlsx. */
export function GapsPanel({ park, year }: { park: string; year: number }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const gaps = useQuery({ queryKey: ['symbiosis', 'gaps', park, year], queryFn: () => symApi.gaps(park, year) });
  if (gaps.isError || !gaps.data) return null;
  const name = (b: { zh: string; en: string }) => (en ? b.en : b.zh);
  const open = gaps.data.gaps.reduce((a, g) => a + g.gapTonnes, 0);
  return (
    <Card
      size="small"
      title={t('symbiosis.gaps.title')}
      data-testid="symbiosis-gaps"
      extra={
        <Button size="small" icon={<DownloadOutlined />} href={symApi.gapsExportHref(park, year)} data-testid="symbiosis-gaps-export">
          {t('symbiosis.gaps.export')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('symbiosis.gaps.lead', { streams: gaps.data.gaps.length, tonnes: fmt(open), km: gaps.data.radiusKm })}</Typography.Paragraph>
      <Table<Attraction>
        size="small"
        rowKey={(a) => `${a.rank}`}
        dataSource={gaps.data.attractions}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: true }}
        columns={[
          { key: 'rank', title: '#', dataIndex: 'rank', align: 'right' },
          {
            key: 'utiliser',
            title: t('symbiosis.gaps.firm'),
            render: (_v, a) => (
              <span>
                <Typography.Text strong>{name(a.utiliserName)}</Typography.Text>
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {name(a.name)} → {name(a.product)}
                </Typography.Text>
                {!a.viable && (
                  <>
                    {' '}
                    <Tag color="orange">{t('symbiosis.gaps.belowScale')}</Tag>
                  </>
                )}
              </span>
            ),
          },
          { key: 'capacity', title: t('symbiosis.gaps.size'), align: 'right', render: (_v, a) => fmt(a.capacityTonnesPerYear) },
          { key: 'value', title: t('symbiosis.gaps.value'), align: 'right', render: (_v, a) => fmt(a.netValuePerYear) },
          { key: 'avoided', title: t('symbiosis.gaps.avoided'), align: 'right', responsive: ['sm'], render: (_v, a) => fmt(a.disposalAvoidedTonnes) },
          { key: 'streams', title: t('symbiosis.gaps.streams'), align: 'right', responsive: ['md'], render: (_v, a) => a.streams.length },
        ]}
      />
    </Card>
  );
}
