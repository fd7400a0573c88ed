import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Empty, List, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { UserText } from '../../components/UserText';
import { RouteMap } from './RouteMap';
import { type Sensors, sensorsApi, type Weighing } from './sensorsApi';

const kg = (n: number) => n.toLocaleString('zh-CN', { maximumFractionDigits: 1 });
const time = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

function WeightSummary({ weight }: { weight: Sensors['weight'] }) {
  const { t } = useTranslation();
  if (weight.status === 'incomplete') return <Typography.Text type="secondary">{t('manifestSensors.weight.incomplete', { missing: weight.missing.map((e) => t(`manifestSensors.end.${e}`)).join('、') })}</Typography.Text>;
  const text = t('manifestSensors.weight.compare', { origin: kg(weight.originNetKg), destination: kg(weight.destinationNetKg), difference: kg(weight.differenceKg), share: (weight.differenceShare * 100).toFixed(1), tolerance: kg(weight.toleranceKg) });
  return (
    <Space wrap>
      <Tag color={weight.status === 'mismatch' ? 'red' : 'green'} data-testid="weight-status">
        {t(`manifestSensors.weight.${weight.status}`)}
      </Tag>
      <Typography.Text>{text}</Typography.Text>
    </Space>
  );
}

/**
 * A load's sensor data on the manifest page (issue 13 "Sensors"): the purpose and retention of
 * the track (PIPL), the route on the map with its deviations and long stops, the trip's time,
 * the weighbridge readings compared at both ends and the RFID reads. Only the parties and the
 * regulators of the manifest get here (`sensors` of the manifest view).
 */
export function RouteCard({ manifestId }: { manifestId: string }) {
  const { t } = useTranslation();
  const sensors = useQuery({ queryKey: ['manifests', 'sensors', manifestId], queryFn: () => sensorsApi.get(manifestId) });
  const s = sensors.data;
  const columns: ColumnsType<Weighing> = [
    { title: t('manifestSensors.col.at'), dataIndex: 'at', render: (v: string) => time(v) },
    { title: t('manifestSensors.col.end'), dataIndex: 'end', render: (v: Weighing['end']) => t(`manifestSensors.end.${v}`) },
    { title: t('manifestSensors.col.gross'), dataIndex: 'grossKg', align: 'right', render: (v: number) => kg(v) },
    { title: t('manifestSensors.col.tare'), dataIndex: 'tareKg', align: 'right', render: (v: number) => kg(v) },
    { title: t('manifestSensors.col.net'), dataIndex: 'netKg', align: 'right', render: (v: number) => kg(v) },
    { title: t('manifestSensors.col.ticket'), dataIndex: 'ticket', render: (v: string | null) => (v ? <UserText>{v}</UserText> : '—') },
  ];
  return (
    <Card size="small" title={t('manifestSensors.title')} loading={sensors.isLoading} data-testid="route-card">
      {sensors.isError && <Alert type="error" showIcon message={t('manifestSensors.unavailable')} />}
      {s && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Alert type="info" showIcon data-testid="route-purpose" message={t('manifestSensors.purpose', { days: s.retentionDays })} />
          {s.track.length > 0 ? (
            <RouteMap sensors={s} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('manifestSensors.noTrack', { days: s.retentionDays })} />
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('manifestSensors.rule', { factor: s.rule.roadFactor, slack: s.rule.slackKm, deviation: s.rule.deviationMinutes, stop: s.rule.stopMinutes, radius: s.rule.stopRadiusKm * 1000 })}
          </Typography.Text>
          <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2 }} data-testid="route-findings">
            <Descriptions.Item label={t('manifestSensors.points')}>{s.track.length}</Descriptions.Item>
            <Descriptions.Item label={t('manifestSensors.trip')}>
              {s.overtime ? (
                <Space wrap>
                  {t('manifestSensors.tripHours', { elapsed: s.overtime.elapsedHours, allowed: s.overtime.allowedHours })}
                  {s.overtime.overdue && <Tag color="red">{t('manifestSensors.overtime')}</Tag>}
                </Space>
              ) : (
                t('manifestSensors.notPickedUp')
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('manifestSensors.deviations')}>
              {s.deviations.length === 0 ? (
                <Tag color="green">{t('manifestSensors.none')}</Tag>
              ) : (
                <List
                  size="small"
                  data-testid="route-deviations"
                  dataSource={s.deviations}
                  renderItem={(d) => <List.Item>{t('manifestSensors.deviation', { from: time(d.from), to: dayjs(d.to).format('HH:mm'), km: d.maxOutsideKm.toFixed(1), points: d.points })}</List.Item>}
                />
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('manifestSensors.stops')}>
              {s.stops.length === 0 ? (
                <Tag color="green">{t('manifestSensors.none')}</Tag>
              ) : (
                <List size="small" data-testid="route-stops" dataSource={s.stops} renderItem={(x) => <List.Item>{t('manifestSensors.stop', { from: time(x.from), minutes: x.minutes })}</List.Item>} />
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('manifestSensors.weight.title')}>
              <WeightSummary weight={s.weight} />
            </Descriptions.Item>
            <Descriptions.Item label={t('manifestSensors.rfid')}>{t('manifestSensors.rfidReads', { count: s.rfid.length })}</Descriptions.Item>
          </Descriptions>
          <Typography.Text strong>{t('manifestSensors.weighings')}</Typography.Text>
          <Table<Weighing> data-testid="weighings" rowKey="readingId" size="small" columns={columns} dataSource={s.weighings} pagination={false} scroll={{ x: 'max-content' }} locale={{ emptyText: t('manifestSensors.noWeighings') }} />
        </Space>
      )}
    </Card>
  );
}
