import { ExclamationCircleOutlined } from '@ant-design/icons';
import { Card, Descriptions, Grid, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { UserText } from '../../components/UserText';
import { type ManifestLine, qty } from './api';

const OUTCOME_COLOR = { accepted: 'green', 'partially-refused': 'orange', refused: 'red' } as const;

/**
 * The manifest's lines with what was weighed at each end and the discrepancies flagged on them
 * (weight beyond tolerance, refused quantities with their reason, licence findings): the same
 * for every party and regulator.
 */
export function ManifestLines({ lines }: { lines: readonly ManifestLine[] }) {
  const { t } = useTranslation();
  const phone = Grid.useBreakpoint().md === false;
  const unit = (l: ManifestLine, v: string | null) => (v === null ? '—' : `${qty(v)} ${l.unit}`);
  const outcomeOf = (l: ManifestLine) =>
    l.outcome ? (
      <Space orientation="vertical" size={0}>
        <Tag color={OUTCOME_COLOR[l.outcome]}>{t(`manifests.outcome.${l.outcome}`)}</Tag>
        {l.refused !== null && Number(l.refused) > 0 && (
          <Typography.Text type="danger" data-testid={`line-${l.line}-refused`}>
            {t('manifests.line.refused', { quantity: unit(l, l.refused) })}
          </Typography.Text>
        )}
        {l.refusalReason && (
          <Typography.Text type="secondary">
            {t('manifests.line.reason')}
            <UserText>{l.refusalReason}</UserText>
          </Typography.Text>
        )}
      </Space>
    ) : (
      '—'
    );
  const flags = (l: ManifestLine) =>
    l.discrepancies.length === 0
      ? '—'
      : l.discrepancies.map((d) => (
          <Tag key={d} color="red" icon={<ExclamationCircleOutlined />} data-testid={`line-${l.line}-discrepancy`}>
            {t(`manifests.discrepancy.${d}`)}
          </Tag>
        ));
  if (phone) {
    // On a phone each line is a card: the discrepancy and the refusal stay in view, no table to scroll.
    return (
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="manifest-lines">
        {lines.map((l) => (
          <Card key={l.line} size="small" title={<>{`${l.line}. `}<UserText>{l.wasteCode}</UserText></>} extra={<Tag>{t(`manifests.measure.${l.measure}`)}</Tag>}>
            <Typography.Paragraph style={{ marginBottom: 8 }}>
              <UserText>{l.description}</UserText>
              {l.packaging && (
                <>
                  {' · '}
                  <UserText>{l.packaging}</UserText>
                  {l.packageCount !== null ? ` × ${l.packageCount}` : ''}
                </>
              )}
            </Typography.Paragraph>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('manifests.field.quantity')}>{unit(l, l.quantity)}</Descriptions.Item>
              <Descriptions.Item label={t('manifests.field.pickedUp')}>{unit(l, l.pickedUp)}</Descriptions.Item>
              <Descriptions.Item label={t('manifests.field.received')}>{unit(l, l.received)}</Descriptions.Item>
              <Descriptions.Item label={t('manifests.field.outcome')}>{outcomeOf(l)}</Descriptions.Item>
              <Descriptions.Item label={t('manifests.field.discrepancy')}>{flags(l)}</Descriptions.Item>
            </Descriptions>
          </Card>
        ))}
      </Space>
    );
  }
  const columns: ColumnsType<ManifestLine> = [
    { title: '#', dataIndex: 'line', width: 40 },
    {
      title: t('manifests.field.wasteCode'),
      key: 'c',
      render: (_, l) => (
        <>
          <UserText>{l.wasteCode}</UserText>
          <div>
            <UserText>{l.description}</UserText>
          </div>
        </>
      ),
    },
    { title: t('manifests.field.packaging'), key: 'p', responsive: ['md'], render: (_, l) => (l.packaging ? <><UserText>{l.packaging}</UserText>{l.packageCount !== null ? ` × ${l.packageCount}` : ''}</> : '—') },
    { title: t('manifests.field.quantity'), key: 'q', align: 'right', render: (_, l) => <span data-testid={`line-${l.line}-quantity`}>{unit(l, l.quantity)}</span> },
    { title: t('manifests.field.measure'), key: 'm', render: (_, l) => <Tag>{t(`manifests.measure.${l.measure}`)}</Tag> },
    { title: t('manifests.field.pickedUp'), key: 'pu', align: 'right', render: (_, l) => unit(l, l.pickedUp) },
    { title: t('manifests.field.received'), key: 'r', align: 'right', render: (_, l) => unit(l, l.received) },
    { title: t('manifests.field.outcome'), key: 'o', render: (_, l) => outcomeOf(l) },
    { title: t('manifests.field.discrepancy'), key: 'd', render: (_, l) => flags(l) },
  ];
  return <Table<ManifestLine> data-testid="manifest-lines" rowKey="line" size="small" columns={columns} dataSource={[...lines]} pagination={false} scroll={{ x: 'max-content' }} />;
}
