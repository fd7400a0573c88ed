import { Alert, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LevelTag, pct, yuan } from '../supply/levels';
import type { PublicBulletin } from './api';
import { UserText } from '../../components/UserText';

const levelColors: Record<string, string> = { blue: 'blue', yellow: 'gold', orange: 'orange', red: 'red' };

export function BulletinLevelTag({ level }: { level: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={levelColors[level]} data-bulletin-level={level}>
      {t(`bulletins.level.${level}`)}
    </Tag>
  );
}

export function BulletinStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  const color = status === 'published' ? 'green' : status === 'withdrawn' ? 'default' : 'processing';
  return (
    <Tag color={color} data-status={status}>
      {t(`bulletins.status.${status}`)}
    </Tag>
  );
}

/** What a bulletin looks like to its readers: the editor's live preview and the public page. */
export function BulletinDocument({ bulletin }: { bulletin: Omit<PublicBulletin, 'links' | 'id'> & { id?: string } }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const b = bulletin;
  return (
    <div data-testid="bulletin-document">
      <Typography.Text type="secondary">
        {t('bulletins.doc.kicker')}
        {' '}
        {b.number ? t('bulletins.doc.number', { number: b.number }) : t('bulletins.doc.unnumbered')}
      </Typography.Text>
      <Typography.Title level={3} style={{ marginTop: 4 }} data-testid="bulletin-title">
        {b.title ? <UserText>{b.title}</UserText> : t('bulletins.doc.untitled')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <BulletinLevelTag level={b.level} />
        <BulletinStatusTag status={b.status} />
        {b.publisher && <Typography.Text type="secondary"><UserText>{b.publisher}</UserText></Typography.Text>}
        {b.publishedAt && <Typography.Text type="secondary">{new Date(b.publishedAt).toLocaleDateString(en ? 'en' : 'zh-CN')}</Typography.Text>}
      </Space>
      {b.status === 'withdrawn' && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('bulletins.doc.withdrawn', { reason: b.withdrawalReason ?? '' })} data-testid="withdrawn-alert" />
      )}
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('bulletins.field.products')}>
          <span data-testid="bulletin-products">
            {b.products.length === 0
              ? '—'
              : b.products.map((p, i) => (
                  <span key={p.code}>
                    {i > 0 && (en ? ', ' : '、')}
                    <UserText>{en ? p.nameEn || p.nameZh : p.nameZh}</UserText> (<UserText lang="zxx">{p.code}</UserText>)
                  </span>
                ))}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('bulletins.field.audiences')}>{b.audiences.map((a) => t(`bulletins.audience.${a}`)).join(en ? ', ' : '、') || '—'}</Descriptions.Item>
      </Descriptions>
      {b.snapshot && b.snapshot.products.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('bulletins.doc.snapshot', { date: b.snapshot.date })}
          </Typography.Title>
          <Table
            size="small"
            pagination={false}
            rowKey="code"
            dataSource={b.snapshot.products}
            data-testid="snapshot-table"
            columns={[
              { title: t('bulletins.field.product'), dataIndex: 'nameZh', render: (v: string) => <UserText>{v}</UserText> },
              { title: 'Y', dataIndex: 'cost', align: 'right', render: (v: number) => yuan(v) },
              { title: 'P', dataIndex: 'priceCap', align: 'right', render: (v: number) => yuan(v) },
              { title: 'Y/P', dataIndex: 'ratio', align: 'right', render: (v: number) => <strong>{pct(v)}</strong> },
              { title: t('bulletins.doc.band'), dataIndex: 'band', render: (v: [number, number]) => `${pct(v[0], 0)} – ${pct(v[1], 0)}` },
              { title: t('bulletins.doc.levelNow'), dataIndex: 'level', render: (v: string) => <LevelTag level={v} /> },
              { title: t('bulletins.doc.shares'), dataIndex: 'topShares', render: (v: { herb: string; share: number }[]) => <UserText>{v.map((s) => `${s.herb} ${pct(s.share)}`).join(en ? ', ' : '、')}</UserText> },
            ]}
          />
        </>
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('bulletins.field.analysis')}
      </Typography.Title>
      {(b.analysis || '—').split(/\r?\n/).filter((p) => p.trim() !== '').map((p, i) => (
        <Typography.Paragraph key={i}>
          <UserText>{p}</UserText>
        </Typography.Paragraph>
      ))}
      {b.recommendations.length > 0 && (
        <>
          <Typography.Title level={5}>{t('bulletins.field.recommendations')}</Typography.Title>
          <ol data-testid="bulletin-recommendations">
            {b.recommendations.map((r, i) => (
              <li key={i}>
                <Tag>{t(`bulletins.recommendation.${r.code}`)}</Tag> <UserText>{r.text}</UserText>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
