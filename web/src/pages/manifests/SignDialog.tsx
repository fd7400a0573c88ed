import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Checkbox, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiErrorHandler } from '../../api/errors';
import { UserText } from '../../components/UserText';
import { useSession } from '../../session/session';
import { type Manifest, manifestsApi, qty, type Signable, type SignInput } from './api';
import { describeIssue, issuesOnForm } from './messages';

/** The steps this dialog signs; a reroute names a new receiver and transporters and is left to the API and CLI. */
export const dialogKinds = ['sealed', 'picked-up', 'handed-over', 'delivered', 'received', 'processed', 'closed', 'cancelled', 'returned'] as const;
type DialogKind = (typeof dialogKinds)[number];
export const inDialog = (s: Signable): s is Signable & { kind: DialogKind } => (dialogKinds as readonly string[]).includes(s.kind);

interface ReceiptLine {
  outcome: 'accepted' | 'partially-refused' | 'refused';
  received: string;
  refused?: string;
  reason?: string;
}
interface Values {
  choice: number;
  password?: string;
  note?: string;
  weigh?: boolean;
  weights?: { quantity: string }[];
  lines?: ReceiptLine[];
  treatmentCode?: string;
  product?: string;
  reason?: string;
  useLocation?: boolean;
}

type Position = { lat: number; lon: number };

/** The browser's position, asked once the dialog opens; none when refused or unavailable (the step is signed without it). */
function usePosition(open: boolean): Position | null {
  const [position, setPosition] = useState<Position | null>(null);
  useEffect(() => {
    if (!open || !('geolocation' in navigator)) return;
    let live = true;
    navigator.geolocation.getCurrentPosition(
      (p) => {
        if (live) setPosition({ lat: Number(p.coords.latitude.toFixed(6)), lon: Number(p.coords.longitude.toFixed(6)) });
      },
      () => undefined,
      { timeout: 10_000, maximumAge: 60_000 },
    );
    return () => {
      live = false;
    };
  }, [open]);
  return position;
}

function bodyOf(kind: DialogKind, v: Values, m: Manifest, to: number | null, location: Position | null): SignInput {
  const common = { ...(v.password ? { password: v.password } : {}), ...(v.note?.trim() ? { note: v.note.trim() } : {}), ...(location && v.useLocation ? { location } : {}) };
  switch (kind) {
    case 'picked-up':
      return { kind, ...common, ...(v.weigh ? { weights: m.lines.map((l, i) => ({ line: l.line, quantity: String(v.weights?.[i]?.quantity ?? l.quantity) })) } : {}) };
    case 'handed-over':
      return { kind, to: to ?? 2, ...common };
    case 'received':
      return {
        kind,
        ...common,
        lines: m.lines.map((l, i) => {
          const r = v.lines?.[i];
          const outcome = r?.outcome ?? 'accepted';
          return {
            line: l.line,
            outcome,
            received: String(r?.received ?? l.pickedUp ?? l.quantity),
            ...(outcome === 'partially-refused' && r?.refused !== undefined ? { refused: String(r.refused) } : {}),
            ...(outcome !== 'accepted' && r?.reason?.trim() ? { reason: r.reason.trim() } : {}),
          };
        }),
      };
    case 'processed':
      return { kind, treatmentCode: v.treatmentCode ?? '', ...(v.product?.trim() ? { product: v.product.trim() } : {}), ...common };
    case 'cancelled':
    case 'returned':
      return { kind, reason: v.reason ?? '', ...common };
    case 'sealed':
    case 'delivered':
    case 'closed':
      return { kind, ...common };
  }
}

/**
 * Signing the next custody step: the steps the server says the viewer's organisation (or one it
 * acts for under a delegation) may sign now, the fields each needs, the password re-entered by
 * a person, and the browser's position when it gives one.
 */
export function SignDialog({ manifest, open, onClose }: { manifest: Manifest; open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { me } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const describe = (issue: Parameters<typeof describeIssue>[2]) => describeIssue(t, (k) => i18n.exists(k), issue);
  const onError = useApiErrorHandler(describe);
  const [form] = Form.useForm<Values>();
  const position = usePosition(open);
  const options = manifest.signable.filter(inDialog);
  const choice = Form.useWatch('choice', form) ?? 0;
  const chosen = options[choice] ?? options[0];
  const lineValues = Form.useWatch('lines', form);
  const weigh = Form.useWatch('weigh', form);
  const person = me?.via === 'session';
  const name = (o: { nameZh: string; nameEn: string }) => (en ? o.nameEn : o.nameZh);
  const transporter = (position: number | null) => manifest.transporterDetails.find((x) => x.position === position);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      choice: 0,
      useLocation: true,
      weights: manifest.lines.map((l) => ({ quantity: l.quantity })),
      lines: manifest.lines.map((l) => ({ outcome: 'accepted', received: l.pickedUp ?? l.quantity })),
    });
  }, [open, form, manifest]);

  const sign = useMutation({
    mutationFn: (v: Values) => manifestsApi.sign(manifest.id, bodyOf(chosen!.kind, v, manifest, chosen!.to, position)),
    // The answer is compact (status and the new event): the manifest is read again.
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['manifests'] });
      void message.success(t('manifests.sign.done', { step: t(`manifests.event.${chosen!.kind}`) }));
      onClose();
    },
    onError: (e) => {
      if (!issuesOnForm(e, form, describe)) onError(e);
    },
  });

  const submit = async () => {
    try {
      sign.mutate(await form.validateFields());
    } catch {
      // The form marks the failing items.
    }
  };

  return (
    <Modal
      open={open}
      title={t('manifests.sign.title', { number: manifest.number })}
      okText={t('manifests.sign.submit')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={sign.isPending}
      okButtonProps={{ 'data-testid': 'sign-submit', disabled: !chosen }}
      width={720}
      destroyOnHidden
    >
      {!chosen ? (
        <Alert type="info" showIcon message={t('manifests.sign.nothing')} />
      ) : (
        <Form form={form} layout="vertical" data-testid="sign-form">
          <Form.Item name="choice" label={t('manifests.sign.step')} hidden={options.length < 2}>
            <Radio.Group>
              <Space orientation="vertical">
                {options.map((o, i) => (
                  <Radio key={`${o.kind}-${o.organisation.id}`} value={i} data-testid={`sign-choice-${o.kind}`}>
                    {t(`manifests.event.${o.kind}`)}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          <Alert
            type={chosen.delegated ? 'warning' : 'info'}
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="sign-for"
            message={
              <>
                {t(`manifests.event.${chosen.kind}`)}
                {' · '}
                {chosen.delegated ? t('manifests.sign.onBehalfOf') : t('manifests.sign.forOwn')}
                <UserText>{name(chosen.organisation)}</UserText>
              </>
            }
            description={
              chosen.kind === 'handed-over' && transporter(chosen.to) ? (
                <>
                  {t('manifests.sign.handoverTo', { position: chosen.to })}
                  <UserText>{`${transporter(chosen.to)!.plate} · ${transporter(chosen.to)!.driverName}`}</UserText>
                </>
              ) : undefined
            }
          />
          {chosen.kind === 'picked-up' && (
            <>
              <Form.Item name="weigh" valuePropName="checked">
                <Checkbox data-testid="sign-weigh">{t('manifests.sign.weighAtPickup')}</Checkbox>
              </Form.Item>
              {weigh &&
                manifest.lines.map((l, i) => (
                  <Form.Item key={l.line} name={['weights', i, 'quantity']} label={t('manifests.sign.lineWeight', { line: l.line, unit: l.unit })} rules={[{ required: true, message: t('manifests.sign.required') }]}>
                    <InputNumber stringMode min="0" step="0.001" style={{ width: '100%', maxWidth: 240 }} />
                  </Form.Item>
                ))}
            </>
          )}
          {chosen.kind === 'received' &&
            manifest.lines.map((l, i) => {
              const outcome = lineValues?.[i]?.outcome ?? 'accepted';
              return (
                <div key={l.line} data-testid={`receipt-line-${l.line}`} style={{ borderTop: '1px solid rgba(0,0,0,0.06)', paddingTop: 8, marginBottom: 8 }}>
                  <Typography.Text strong>
                    {t('manifests.sign.line', { line: l.line })}
                    <UserText>{l.description}</UserText>
                  </Typography.Text>
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                    {t('manifests.sign.declared', { quantity: `${qty(l.quantity)} ${l.unit}`, pickedUp: l.pickedUp === null ? '—' : `${qty(l.pickedUp)} ${l.unit}` })}
                  </Typography.Paragraph>
                  <Space wrap align="start">
                    <Form.Item name={['lines', i, 'received']} label={t('manifests.sign.weighed', { unit: l.unit })} rules={[{ required: true, message: t('manifests.sign.required') }]}>
                      <InputNumber stringMode min="0" step="0.001" style={{ width: 160 }} data-testid={`receipt-${l.line}-received`} />
                    </Form.Item>
                    <Form.Item name={['lines', i, 'outcome']} label={t('manifests.field.outcome')}>
                      <Select
                        style={{ width: 180 }}
                        data-testid={`receipt-${l.line}-outcome`}
                        options={(['accepted', 'partially-refused', 'refused'] as const).map((o) => ({ value: o, label: t(`manifests.outcome.${o}`) }))}
                      />
                    </Form.Item>
                    {outcome === 'partially-refused' && (
                      <Form.Item name={['lines', i, 'refused']} label={t('manifests.sign.refusedQuantity', { unit: l.unit })} rules={[{ required: true, message: t('manifests.sign.required') }]}>
                        <InputNumber stringMode min="0" step="0.001" style={{ width: 160 }} data-testid={`receipt-${l.line}-refused`} />
                      </Form.Item>
                    )}
                  </Space>
                  {outcome !== 'accepted' && (
                    <Form.Item name={['lines', i, 'reason']} label={t('manifests.sign.refusalReason')} rules={[{ required: true, whitespace: true, message: t('manifests.sign.required') }]}>
                      <Input maxLength={500} data-testid={`receipt-${l.line}-reason`} />
                    </Form.Item>
                  )}
                </div>
              );
            })}
          {chosen.kind === 'processed' && (
            <Space wrap align="start">
              <Form.Item name="treatmentCode" label={t('manifests.sign.treatmentCode')} extra={t('manifests.sign.treatmentHelp')} rules={[{ required: true, whitespace: true, message: t('manifests.sign.required') }]}>
                <Input maxLength={40} style={{ width: 200 }} data-testid="sign-treatment" />
              </Form.Item>
              <Form.Item name="product" label={t('manifests.sign.product')}>
                <Input maxLength={200} style={{ width: 240, maxWidth: '100%' }} />
              </Form.Item>
            </Space>
          )}
          {(chosen.kind === 'cancelled' || chosen.kind === 'returned') && (
            <Form.Item name="reason" label={t('manifests.sign.reason')} rules={[{ required: true, whitespace: true, message: t('manifests.sign.required') }]}>
              <Input maxLength={500} data-testid="sign-reason" />
            </Form.Item>
          )}
          <Form.Item name="note" label={t('manifests.sign.note')}>
            <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 3 }} />
          </Form.Item>
          {position && (
            <Form.Item name="useLocation" valuePropName="checked">
              <Checkbox>{t('manifests.sign.attachPosition', { lat: position.lat.toFixed(5), lon: position.lon.toFixed(5) })}</Checkbox>
            </Form.Item>
          )}
          {person && (
            <Form.Item name="password" label={t('manifests.sign.password')} extra={t('manifests.sign.passwordHelp')} rules={[{ required: true, message: t('manifests.sign.required') }]}>
              <Input.Password autoComplete="current-password" data-testid="sign-password" />
            </Form.Item>
          )}
        </Form>
      )}
    </Modal>
  );
}
