import { CheckCircleOutlined, CloseCircleOutlined, DownloadOutlined, EditOutlined, LoadingOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { UserText } from '../../components/UserText';
import { type Manifest, manifestsApi, qty, STATUS_COLOR, type Verification } from './api';
import { CustodyTimeline } from './CustodyTimeline';
import { DriverCodeCard } from './DriverCodeCard';
import { LabelCard } from './LabelCard';
import { ledgersApi } from './ledgersApi';
import { GenealogyCard } from './GenealogyCard';
import { ManifestLines } from './ManifestLines';
import { RevisionsCard } from './RevisionsCard';
import { RouteCard } from './RouteCard';
import { inDialog, SignDialog } from './SignDialog';

/** The verification badge: the chain and signatures recomputed by the server; the first broken event named. */
function VerifyBadge({ m, verification, loading, failed }: { m: Manifest; verification: Verification | undefined; loading: boolean; failed: boolean }) {
  const { t } = useTranslation();
  if (loading) return <Tag icon={<LoadingOutlined />}>{t('manifests.verify.checking')}</Tag>;
  if (failed || !verification) return <Tag>{t('manifests.verify.unavailable')}</Tag>;
  const first = verification.broken[0];
  if (!first)
    return (
      <Tag color="green" icon={<CheckCircleOutlined />} data-testid="verify-ok">
        {t('manifests.verify.ok', { events: verification.events })}
      </Tag>
    );
  const event = m.events.find((e) => e.seq === first.seq);
  return (
    <Tag color="red" icon={<CloseCircleOutlined />} data-testid="verify-broken">
      {t('manifests.verify.broken', { seq: first.seq, step: event ? t(`manifests.event.${event.kind}`) : '—', reason: t(`manifests.verify.reason.${first.reason}`) })}
    </Tag>
  );
}

/**
 * One manifest: parties, lines with their discrepancies, the custody timeline with each
 * signature, the verification of its chain, and the signing dialog for the step that is the
 * viewer's to sign.
 */
export default function ManifestPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { id = '' } = useParams();
  const [signing, setSigning] = useState(false);
  const manifest = useQuery({ queryKey: ['manifests', 'one', id], queryFn: () => manifestsApi.get(id), enabled: id !== '' });
  const m = manifest.data;
  // Verified again whenever the chain grows.
  const verify = useQuery({ queryKey: ['manifests', 'verify', id, m?.events.length ?? 0], queryFn: () => manifestsApi.verify(id), enabled: m !== undefined });
  const name = (o: { nameZh: string; nameEn: string }) => <UserText>{en ? o.nameEn : o.nameZh}</UserText>;
  const brokenSeq = verify.data?.broken[0]?.seq ?? null;
  const signable = m?.signable.filter(inDialog) ?? [];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('manifests.page.title')}
            {m && <UserText>{` ${m.number}`}</UserText>}
          </Typography.Title>
          {m && <Tag color={STATUS_COLOR[m.status]} data-testid="manifest-status">{t(`manifests.status.${m.status}`)}</Tag>}
          {m && <VerifyBadge m={m} verification={verify.data} loading={verify.isLoading} failed={verify.isError} />}
        </Space>
        {signable.length > 0 && (
          <Button type="primary" icon={<EditOutlined />} onClick={() => setSigning(true)} data-testid="sign-open">
            {t('manifests.sign.open', { step: t(`manifests.event.${signable[0]!.kind}`) })}
          </Button>
        )}
      </Space>
      <Space wrap>
        <Link to="/manifests">{t('manifests.page.back')}</Link>
        {m && (
          <Button size="small" href={ledgersApi.nationalManifestUrl(m.id, i18n.language === 'en' ? 'en' : 'zh')} download icon={<DownloadOutlined />} data-testid="manifest-national">
            {t('ledgers.nationalOne')}
          </Button>
        )}
      </Space>
      {manifest.error && <Alert type="error" showIcon message={t('manifests.page.notFound')} />}
      {m && (
        <>
          {m.discrepancies > 0 && <Alert type="warning" showIcon data-testid="discrepancy-alert" message={t('manifests.page.discrepancies', { count: m.discrepancies })} />}
          <Card size="small" title={t('manifests.page.parties')}>
            <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2 }} data-testid="manifest-parties">
              <Descriptions.Item label={t('manifests.role.generator')}>{name(m.generator)}</Descriptions.Item>
              <Descriptions.Item label={t('manifests.role.receiver')}>
                {name(m.receiver)}
                {m.licence ? (
                  <div>
                    {t('manifests.page.licence')}
                    <UserText>{m.licence.number}</UserText>
                    {t('manifests.page.licenceFacts', { categories: m.licence.categories.join('、'), from: m.licence.validFrom, until: m.licence.validUntil, capacity: m.licence.annualCapacity === null ? '—' : `${qty(m.licence.annualCapacity)} t` })}
                  </div>
                ) : (
                  <div>
                    <Typography.Text type="warning">{t('manifests.page.noLicence')}</Typography.Text>
                  </div>
                )}
              </Descriptions.Item>
              {m.transporterDetails.map((x) => (
                <Descriptions.Item key={x.position} label={t('manifests.page.transporterN', { position: x.position })}>
                  {name(x.organisation)}
                  <div>
                    {t('manifests.page.plate')}
                    <UserText>{x.plate}</UserText>
                    {' · '}
                    {t('manifests.page.driver')}
                    <UserText>{x.driverName}</UserText>
                    {x.driverPhone && (
                      <>
                        {' · '}
                        <UserText>{x.driverPhone}</UserText>
                      </>
                    )}
                  </div>
                  {m.holder === x.position && <Tag color="blue">{t('manifests.page.holds')}</Tag>}
                </Descriptions.Item>
              ))}
              <Descriptions.Item label={t('manifests.field.tonnes')}>{`${qty(m.tonnes)} t`}</Descriptions.Item>
              <Descriptions.Item label={t('manifests.field.created')}>{dayjs(m.createdAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
              {m.reroutedFrom && (
                <Descriptions.Item label={t('manifests.page.reroutedFrom')}>
                  <Link to={`/manifests/${m.reroutedFrom}`}>{t('manifests.page.open')}</Link>
                </Descriptions.Item>
              )}
              {m.reroutedTo && (
                <Descriptions.Item label={t('manifests.page.reroutedTo')}>
                  <Link to={`/manifests/${m.reroutedTo}`}>{t('manifests.page.open')}</Link>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          {m.actions.driverCodes.length > 0 && <DriverCodeCard manifest={m} />}
          {m.actions.label && <LabelCard manifestId={m.id} />}
          <Card size="small" title={t('manifests.page.lines')}>
            <ManifestLines lines={m.lines} />
          </Card>
          <Card size="small" title={t('manifests.page.timeline')}>
            <CustodyTimeline events={m.events} lines={m.lines} brokenSeq={brokenSeq} />
          </Card>
          {m.sensors === true && <RouteCard manifestId={m.id} />}
          <GenealogyCard m={m} />
          <RevisionsCard manifestId={m.id} />
          <SignDialog manifest={m} open={signing} onClose={() => setSigning(false)} />
        </>
      )}
    </Space>
  );
}
