import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, List, Select, Space, Spin, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { call } from '../../api/call';
import { useSession } from '../../session/session';
import type { ManifestView } from '../../../../src/modules/manifests/manifests.schema';
import { openFieldManifest } from '../../../../src/modules/manifests/manifests.field.contract';
import { RegisterPhone, useOnline } from './parts';
import { type FieldStatement, type JsonValue, signStatement } from './statement';
import { fieldStore, type QueuedEvent, type StoredKey } from './store';
import { onQueueChange, queueChanged, syncQueue } from './sync';

type FieldKind = FieldStatement['kind'];
const FIELD_KINDS: readonly FieldKind[] = ['picked-up', 'handed-over', 'delivered', 'received'];
const DRIVER_KINDS: readonly FieldKind[] = ['picked-up', 'handed-over', 'delivered'];

const when = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm:ss');

interface DeviceData {
  signedAt?: string;
  receivedAt?: string;
  driver?: { name: string; plate: string };
}

interface LineInput {
  line: number;
  weight?: string;
  outcome?: 'accepted' | 'partially-refused' | 'refused';
  refused?: string;
  reason?: string;
}

/** The body of the event as the server's sign route takes it, from the form's lines. */
function bodyOf(kind: FieldKind, view: ManifestView, lines: LineInput[]): { [key: string]: JsonValue } {
  switch (kind) {
    case 'picked-up': {
      const weights = lines.filter((l) => l.weight).map((l) => ({ line: l.line, quantity: l.weight! }));
      return weights.length ? { weights } : {};
    }
    case 'handed-over':
      return { to: (view.holder ?? 0) + 1 };
    case 'delivered':
      return {};
    case 'received':
      return {
        lines: lines.map((l) => ({
          line: l.line,
          outcome: l.outcome ?? 'accepted',
          received: l.weight ?? '0',
          ...(l.outcome === 'partially-refused' && l.refused ? { refused: l.refused } : {}),
          ...(l.outcome && l.outcome !== 'accepted' && l.reason ? { reason: l.reason } : {}),
        })),
      };
  }
}

function SignCard({ view, kind, onSign }: { view: ManifestView; kind: FieldKind; onSign: (lines: LineInput[]) => Promise<void> }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ lines: LineInput[] }>();
  const weighs = kind === 'picked-up' || kind === 'received';
  return (
    <Card size="small" title={t(`manifests.onSite.kind.${kind}`)} data-testid={`field-form-${kind}`}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ lines: view.lines.map((l) => ({ line: l.line, outcome: 'accepted' })) }}
        onFinish={(v) => {
          setBusy(true);
          void onSign(v.lines ?? []).finally(() => setBusy(false));
        }}
      >
        {weighs &&
          view.lines.map((l, i) => (
            <div key={l.line} style={{ borderBottom: '1px solid #f0f0f0', marginBottom: 8 }}>
              <Typography.Text strong>
                {l.line}. {l.description}
              </Typography.Text>
              <Form.Item name={['lines', i, 'line']} hidden>
                <Input />
              </Form.Item>
              <Form.Item name={['lines', i, 'weight']} label={t('manifests.onSite.weight', { unit: l.unit })} rules={[{ required: kind === 'received', pattern: /^\d{1,9}(\.\d{1,3})?$/, message: t('manifests.onSite.weightRule') }]}>
                <Input inputMode="decimal" data-testid={`field-weight-${l.line}`} />
              </Form.Item>
              {kind === 'received' && (
                <>
                  <Form.Item name={['lines', i, 'outcome']} label={t('manifests.onSite.outcome')}>
                    <Select options={(['accepted', 'partially-refused', 'refused'] as const).map((o) => ({ value: o, label: t(`manifests.onSite.outcomes.${o}`) }))} />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() =>
                      form.getFieldValue(['lines', i, 'outcome']) !== 'accepted' && (
                        <>
                          {form.getFieldValue(['lines', i, 'outcome']) === 'partially-refused' && (
                            <Form.Item name={['lines', i, 'refused']} label={t('manifests.onSite.refused', { unit: l.unit })}>
                              <Input inputMode="decimal" />
                            </Form.Item>
                          )}
                          <Form.Item name={['lines', i, 'reason']} label={t('manifests.onSite.reason')}>
                            <Input />
                          </Form.Item>
                        </>
                      )
                    }
                  </Form.Item>
                </>
              )}
            </div>
          ))}
        {kind === 'handed-over' && <Typography.Paragraph>{t('manifests.onSite.handoverTo', { to: (view.holder ?? 0) + 1 })}</Typography.Paragraph>}
        <Button type="primary" htmlType="submit" block loading={busy} data-testid={`field-sign-${kind}`}>
          {t('manifests.onSite.sign')}
        </Button>
      </Form>
    </Card>
  );
}

function QueueCard({ queued, onDiscard }: { queued: QueuedEvent[]; onDiscard: (e: QueuedEvent) => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  if (queued.length === 0) return null;
  return (
    <Card size="small" title={t('manifests.onSite.queue')} data-testid="field-queue">
      <List
        size="small"
        dataSource={queued}
        renderItem={(e) => (
          <List.Item data-testid={`field-queue-${e.state}`}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <Tag color={e.state === 'pending' ? 'orange' : 'red'}>{t(`manifests.onSite.queueState.${e.state}`)}</Tag>
                <span>{t(`manifests.onSite.kind.${e.kind}`)}</span>
                <Typography.Text type="secondary">{t('manifests.onSite.signedOnPhone', { at: when(e.signedAt) })}</Typography.Text>
              </Space>
              {e.state === 'conflict' && e.result?.conflict && (
                <Alert
                  type="warning"
                  showIcon
                  data-testid="field-conflict"
                  message={t('manifests.onSite.conflict')}
                  description={
                    <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                      {e.result.conflict.events.map((m) => (
                        <li key={m.seq}>
                          {t(`manifests.onSite.kind.${m.kind}`, { defaultValue: m.kind })} · {en ? m.signer.nameEn : m.signer.nameZh} · {when(m.at)}
                        </li>
                      ))}
                    </ul>
                  }
                />
              )}
              {e.state === 'rejected' && <Alert type="error" showIcon message={t('manifests.onSite.rejected')} description={e.result?.problem?.detail} />}
              {e.state === 'pending' && e.result?.problem?.code === 'unauthenticated' && <Alert type="info" showIcon message={t('manifests.onSite.loginToSync')} />}
              {e.state !== 'pending' && (
                <Button size="small" onClick={() => onDiscard(e)} data-testid="field-discard">
                  {t('manifests.onSite.discard')}
                </Button>
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

export default function FieldManifestPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { message } = App.useApp();
  const { me } = useSession();
  const online = useOnline();
  const [view, setView] = useState<ManifestView | null>(null);
  const [failed, setFailed] = useState(false);
  const [key, setKey] = useState<StoredKey | null | undefined>(undefined);
  const [queued, setQueued] = useState<QueuedEvent[]>([]);
  const userId = me?.user?.id ?? null;

  const loadKey = useCallback(async () => {
    const code = await fieldStore.key(`code:${id}`);
    setKey(code ?? (await fieldStore.personKey(userId)) ?? null);
  }, [id, userId]);

  const load = useCallback(async () => {
    const code = await fieldStore.key(`code:${id}`);
    try {
      const fresh = await call(openFieldManifest, { params: { id }, body: code?.grant ? { grant: code.grant } : {} });
      await fieldStore.putManifest(fresh);
      setView(fresh);
    } catch {
      // Offline, unreachable or refused: the manifest as last seen on this phone, if it was.
      const cached = await fieldStore.manifest(id);
      if (cached) setView(cached);
      else setFailed(true);
    }
  }, [id]);

  const refreshQueue = useCallback(async () => setQueued((await fieldStore.queue()).filter((e) => e.manifestId === id)), [id]);

  useEffect(() => {
    void loadKey();
    void load();
    void refreshQueue();
    return onQueueChange(() => {
      void refreshQueue();
      if (navigator.onLine) void load();
    });
  }, [load, loadKey, refreshQueue]);

  if (failed && !view) return <Empty description={t('manifests.onSite.notFound')} />;
  if (!view || key === undefined) return <Spin />;

  const pending = queued.some((e) => e.state === 'pending');
  const allowed = key?.grant ? DRIVER_KINDS : FIELD_KINDS;
  const kinds = pending ? [] : view.canSign.filter((k): k is FieldKind => (allowed as readonly string[]).includes(k));
  const head = view.events.at(-1)!;

  const sign = async (kind: FieldKind, lines: LineInput[]) => {
    if (!key) return;
    const statement: FieldStatement = {
      v: 1,
      type: 'herbloop.field-event',
      clientEventId: crypto.randomUUID(),
      manifest: view.id,
      kind,
      body: bodyOf(kind, view, lines),
      signedAt: new Date().toISOString(),
      base: { seq: head.seq, hash: head.hash },
      key: key.id,
    };
    const signed = await signStatement(key.privateKey, statement);
    await fieldStore.enqueue({ clientEventId: statement.clientEventId, manifestId: view.id, kind, signedAt: statement.signedAt, signed, grant: key.grant, state: 'pending', result: null });
    queueChanged();
    void message.success(navigator.onLine ? t('manifests.onSite.msg.signed') : t('manifests.onSite.msg.queued'));
    if (navigator.onLine) await syncQueue().catch(() => undefined);
  };

  const discard = async (e: QueuedEvent) => {
    await fieldStore.remove(e.clientEventId);
    queueChanged();
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Link to="/field">← {t('manifests.onSite.back')}</Link>
      <Card size="small" title={<span data-testid="field-number">{view.number}</span>} extra={<Tag data-testid="field-status">{t(`manifests.onSite.status.${view.status}`)}</Tag>}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('manifests.onSite.generator')}>{en ? view.generator.nameEn : view.generator.nameZh}</Descriptions.Item>
          <Descriptions.Item label={t('manifests.onSite.receiver')}>{en ? view.receiver.nameEn : view.receiver.nameZh}</Descriptions.Item>
          {view.transporterDetails.map((tr) => (
            <Descriptions.Item key={tr.position} label={t('manifests.onSite.transporter', { n: tr.position })}>
              {en ? tr.organisation.nameEn : tr.organisation.nameZh} · {tr.plate}
            </Descriptions.Item>
          ))}
        </Descriptions>
        {!online && <Alert type="info" showIcon message={t('manifests.onSite.offlineHint')} />}
      </Card>
      <Card size="small" title={t('manifests.onSite.load')}>
        <List
          size="small"
          dataSource={view.lines}
          renderItem={(l) => (
            <List.Item>
              <Space direction="vertical" size={0}>
                <span>
                  {l.line}. {l.description} ({l.wasteCode})
                </span>
                <Typography.Text type="secondary">
                  {t('manifests.onSite.declared', { q: l.quantity, unit: l.unit })}
                  {l.pickedUp !== null && ` · ${t('manifests.onSite.pickedUp', { q: l.pickedUp, unit: l.unit })}`}
                  {l.received !== null && ` · ${t('manifests.onSite.received', { q: l.received, unit: l.unit })}`}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <QueueCard queued={queued} onDiscard={(e) => void discard(e)} />
      {key === null && userId && online && (
        <Card size="small">
          <Space direction="vertical">
            <Typography.Text>{t('manifests.onSite.registerFirst')}</Typography.Text>
            <RegisterPhone userId={userId} onDone={() => void loadKey()} />
          </Space>
        </Card>
      )}
      {key === null && !userId && <Alert type="info" showIcon message={t('manifests.onSite.needCode')} />}
      {key && kinds.map((k) => <SignCard key={k} view={view} kind={k} onSign={(lines) => sign(k, lines)} />)}
      <Card size="small" title={t('manifests.onSite.timeline')}>
        <Timeline
          items={view.events.map((e) => {
            const device = e.data.device as DeviceData | undefined;
            return {
              key: e.seq,
              children: (
                <div data-testid={`field-event-${e.seq}`}>
                  <Typography.Text strong>{t(`manifests.onSite.kind.${e.kind}`, { defaultValue: e.kind })}</Typography.Text> · {en ? e.signer.nameEn : e.signer.nameZh}
                  <br />
                  {device?.signedAt && device.receivedAt ? (
                    <Typography.Text type="secondary" data-testid="field-event-times">
                      {t('manifests.onSite.signedOnPhone', { at: when(device.signedAt) })} · {t('manifests.onSite.receivedAt', { at: when(device.receivedAt) })}
                    </Typography.Text>
                  ) : (
                    <Typography.Text type="secondary">{when(e.at)}</Typography.Text>
                  )}
                  {device?.driver && (
                    <>
                      <br />
                      <Typography.Text type="secondary">{t('manifests.onSite.byCode', { name: device.driver.name, plate: device.driver.plate })}</Typography.Text>
                    </>
                  )}
                </div>
              ),
            };
          })}
        />
      </Card>
    </Space>
  );
}
