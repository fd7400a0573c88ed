import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Layout, Space, Spin, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { publicManifest } from '../../../../src/modules/manifests/manifests.public.contract';
import { call } from '../../api/call';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { UserText } from '../../components/UserText';
import type { ResponseOf } from '../../../../src/shared/contract';
import { STATUS_COLOR } from './api';

type PublicManifest = ResponseOf<typeof publicManifest>;

function Verification({ v }: { v: PublicManifest['verification'] }) {
  const { t } = useTranslation();
  if (v.broken === null)
    return (
      <Alert
        type="success"
        showIcon
        icon={<CheckCircleFilled />}
        data-testid="public-verified"
        message={<Typography.Title level={4} style={{ margin: 0 }}>{t('manifestLabel.publicPage.verified')}</Typography.Title>}
        description={t('manifestLabel.publicPage.verifiedDetail', { events: v.events })}
      />
    );
  return (
    <Alert
      type="error"
      showIcon
      icon={<CloseCircleFilled />}
      data-testid="public-broken"
      message={<Typography.Title level={4} style={{ margin: 0 }}>{t('manifestLabel.publicPage.broken', { seq: v.broken.seq })}</Typography.Title>}
      description={t('manifestLabel.publicPage.brokenDetail', { reason: t(`manifests.verify.reason.${v.broken.reason}`) })}
    />
  );
}

function band(t: (key: string, options?: Record<string, unknown>) => string, b: PublicManifest['quantityBand']): string {
  if (b.to === null) return t('manifestLabel.publicPage.bandAbove', { from: b.from });
  if (b.from === 0) return t('manifestLabel.publicPage.bandBelow', { to: b.to });
  return t('manifestLabel.publicPage.bandBetween', { from: b.from, to: b.to });
}

/**
 * The public page a load's label opens (/m/<token>, issue 13): no login, phone first. The
 * manifest's status, its custody steps with their dates, the trail verified by the server now,
 * waste class and quantity band, the cities at both ends; nothing confidential.
 */
export default function PublicManifestPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { token = '' } = useParams();
  const q = useQuery({ queryKey: ['public-manifest', token], queryFn: () => call(publicManifest, { params: { token } }), enabled: token !== '' });
  const m = q.data;
  const place = (p: PublicManifest['origin']) => (p ? <UserText>{en ? p.nameEn : p.nameZh}</UserText> : t('manifestLabel.publicPage.unknownPlace'));

  return (
    <Layout style={{ minHeight: '100vh', background: '#f6fbf7' }}>
      <Layout.Header style={{ background: '#fff', display: 'flex', alignItems: 'center', gap: 8, borderBottom: '1px solid #e8f3ec', paddingInline: 12 }}>
        <Typography.Title level={4} style={{ margin: 0, color: '#2f7d4f', whiteSpace: 'nowrap' }}>
          {t('manifestLabel.publicPage.title')}
        </Typography.Title>
        <div style={{ flex: 1 }} />
        <LanguageSwitch compact />
      </Layout.Header>
      <Layout.Content style={{ padding: 12, maxWidth: 640, width: '100%', margin: '0 auto' }}>
        {q.isPending && (
          <div style={{ display: 'grid', placeItems: 'center', padding: 48 }}>
            <Spin size="large" aria-label={t('manifestLabel.publicPage.loading')} />
          </div>
        )}
        {q.isError && <Alert type="warning" showIcon message={t('manifestLabel.publicPage.notFound')} data-testid="public-not-found" />}
        {m && (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Verification v={m.verification} />
            <Card size="small">
              <Descriptions size="small" column={1} data-testid="public-facts">
                <Descriptions.Item label={t('manifestLabel.publicPage.number')}>
                  <UserText>{m.number}</UserText>
                </Descriptions.Item>
                <Descriptions.Item label={t('manifestLabel.publicPage.status')}>
                  <Tag color={STATUS_COLOR[m.status]} data-testid="public-status">
                    {t(`manifests.status.${m.status}`)}
                  </Tag>
                  {m.hazardous && <Tag color="orange">{t('manifestLabel.publicPage.hazardous')}</Tag>}
                </Descriptions.Item>
                <Descriptions.Item label={t('manifestLabel.publicPage.wasteClass')}>
                  <Space wrap size={4}>
                    {m.wasteClasses.map((c) => (
                      <Tag key={c.category} color={c.list === 'hazardous' ? 'orange' : 'green'}>
                        <UserText>{c.category}</UserText> {t(`manifestLabel.publicPage.list.${c.list}`)}
                      </Tag>
                    ))}
                  </Space>
                </Descriptions.Item>
                <Descriptions.Item label={t('manifestLabel.publicPage.quantity')}>{band(t, m.quantityBand)}</Descriptions.Item>
                <Descriptions.Item label={t('manifestLabel.publicPage.route')}>
                  <span>
                    {place(m.origin)} → {place(m.destination)}
                  </span>
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card size="small" title={t('manifestLabel.publicPage.steps')}>
              <Timeline
                data-testid="public-steps"
                items={m.steps.map((s) => ({
                  key: s.seq,
                  color: m.verification.broken && s.seq >= m.verification.broken.seq ? 'red' : 'green',
                  children: (
                    <div>
                      <Typography.Text strong>{`${s.seq}. ${t(`manifests.event.${s.kind}`)}`}</Typography.Text>
                      <div>
                        <Typography.Text type="secondary">
                          {dayjs(s.at).format('YYYY-MM-DD HH:mm')} · {t(`manifestLabel.publicPage.role.${s.role}`)}
                        </Typography.Text>
                      </div>
                    </div>
                  ),
                }))}
              />
            </Card>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('manifestLabel.publicPage.privacy')}
              <br />
              {t('manifestLabel.publicPage.checkedAt', { at: dayjs(m.verification.checkedAt).format('YYYY-MM-DD HH:mm:ss') })}
            </Typography.Paragraph>
          </Space>
        )}
      </Layout.Content>
    </Layout>
  );
}
