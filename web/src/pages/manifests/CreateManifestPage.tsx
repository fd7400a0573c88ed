import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { UserText } from '../../components/UserText';
import { Link, useNavigate } from 'react-router-dom';
import { useApiErrorHandler } from '../../api/errors';
import { useSession } from '../../session/session';
import { type CreateManifestInput, manifestsApi } from './api';
import { describeIssue, issuesOnForm } from './messages';

interface LineValues {
  wasteCode: string;
  description: string;
  packaging?: string;
  packageCount?: number;
  quantity: string;
  unit: 't' | 'kg';
  measure: 'estimated' | 'weighed';
}
interface Values {
  generatorId: string;
  generatorSiteId: string;
  stream?: string;
  transporters: { organisationId: string; plate: string; driverName: string; driverPhone?: string }[];
  receiverId: string;
  receiverSiteId?: string;
  licenceId?: string;
  lines: LineValues[];
  password?: string;
}

const required = (message: string) => [{ required: true, whitespace: true, message }];

/**
 * A generator opens a manifest for a load: from one of its by-product streams (the line's
 * description), its transporters in the order they carry the load, a receiver and the licence
 * that covers the load; a person re-enters the password, since creating signs the first event.
 */
export default function CreateManifestPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { me } = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const describe = (issue: Parameters<typeof describeIssue>[2]) => describeIssue(t, (k) => i18n.exists(k), issue);
  const onError = useApiErrorHandler(describe);
  const [form] = Form.useForm<Values>();
  const own = me?.actingAs.organisationId ?? '';
  const generatorId = Form.useWatch('generatorId', form) ?? own;
  const receiverId = Form.useWatch('receiverId', form);
  const name = (o: { nameZh: string; nameEn: string }) => (en ? o.nameEn : o.nameZh);

  const grantors = useQuery({ queryKey: ['manifests', 'grantors'], queryFn: () => manifestsApi.grantors() });
  const codes = useQuery({ queryKey: ['manifests', 'codes'], queryFn: () => manifestsApi.codes(), staleTime: 300_000 });
  const sites = useQuery({ queryKey: ['manifests', 'sites', generatorId], queryFn: () => manifestsApi.sites(generatorId), enabled: generatorId !== '' });
  const streams = useQuery({ queryKey: ['manifests', 'streams', generatorId], queryFn: () => manifestsApi.streams(generatorId), enabled: generatorId !== '' });
  const transporters = useQuery({ queryKey: ['manifests', 'orgs', 'transporter'], queryFn: () => manifestsApi.organisations('transporter') });
  const utilizers = useQuery({ queryKey: ['manifests', 'orgs', 'utilizer'], queryFn: () => manifestsApi.organisations('utilizer') });
  const providers = useQuery({ queryKey: ['manifests', 'orgs', 'service-provider'], queryFn: () => manifestsApi.organisations('service-provider') });
  const receiverSites = useQuery({ queryKey: ['manifests', 'sites', receiverId], queryFn: () => manifestsApi.sites(receiverId ?? ''), enabled: !!receiverId });
  const licences = useQuery({ queryKey: ['manifests', 'licences', receiverId], queryFn: () => manifestsApi.licences(receiverId ?? ''), enabled: !!receiverId });
  const today = dayjs().format('YYYY-MM-DD');
  const valid = (licences.data?.items ?? []).filter((l) => l.validFrom <= today && l.validUntil >= today);

  useEffect(() => {
    const first = sites.data?.items[0];
    if (first && !sites.data?.items.some((s) => s.id === form.getFieldValue('generatorSiteId'))) form.setFieldValue('generatorSiteId', first.id);
  }, [sites.data, form]);
  useEffect(() => {
    form.setFieldsValue({ licenceId: valid[0]?.id, receiverSiteId: receiverSites.data?.items[0]?.id });
    // Only when the receiver's licences or sites arrive: the user's own choice stays afterwards.
  }, [receiverId, licences.data, receiverSites.data]);

  const create = useMutation({
    mutationFn: (v: Values) => {
      const body: CreateManifestInput = {
        generatorId: v.generatorId,
        generatorSiteId: v.generatorSiteId,
        transporters: v.transporters.map((x) => ({ organisationId: x.organisationId, plate: x.plate.trim(), driverName: x.driverName.trim(), ...(x.driverPhone?.trim() ? { driverPhone: x.driverPhone.trim() } : {}) })),
        receiverId: v.receiverId,
        ...(v.receiverSiteId ? { receiverSiteId: v.receiverSiteId } : {}),
        ...(v.licenceId ? { licenceId: v.licenceId } : {}),
        lines: v.lines.map((l) => ({
          wasteCode: l.wasteCode,
          description: l.description.trim(),
          ...(l.packaging?.trim() ? { packaging: l.packaging.trim() } : {}),
          ...(l.packageCount !== undefined && l.packageCount !== null ? { packageCount: l.packageCount } : {}),
          quantity: String(l.quantity),
          unit: l.unit,
          measure: l.measure,
        })),
        ...(v.password ? { password: v.password } : {}),
      };
      return manifestsApi.create(body);
    },
    onSuccess: (m) => {
      void message.success(t('manifests.create.done', { number: m.number }));
      void navigate(`/manifests/${m.id}`);
    },
    onError: (e) => {
      if (!issuesOnForm(e, form, describe)) onError(e);
    },
  });

  const submit = async () => {
    try {
      create.mutate(await form.validateFields());
    } catch {
      // The form marks the failing items.
    }
  };

  const receivers = [...(utilizers.data?.items ?? []), ...(providers.data?.items ?? [])].filter((o) => o.id !== generatorId);
  const generators = [{ id: own, nameZh: me?.actingAs.organisationNameZh ?? '', nameEn: me?.actingAs.organisationNameEn ?? '' }, ...(grantors.data?.items ?? []).map((g) => g.organisation)];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 960 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('manifests.create.title')}
      </Typography.Title>
      <Link to="/manifests">{t('manifests.page.back')}</Link>
      <Form<Values>
        form={form}
        layout="vertical"
        data-testid="manifest-create"
        initialValues={{ generatorId: own, transporters: [{}], lines: [{ unit: 't', measure: 'estimated' }] }}
        onFinish={() => void submit()}
      >
        <Card size="small" title={t('manifests.role.generator')} style={{ marginBottom: 16 }}>
          <Form.Item name="generatorId" label={t('manifests.create.onBehalfOf')} hidden={generators.length < 2}>
            <Select options={generators.map((g) => ({ value: g.id, label: name(g) }))} data-testid="create-generator" />
          </Form.Item>
          <Form.Item name="generatorSiteId" label={t('manifests.create.site')} rules={required(t('manifests.sign.required'))}>
            <Select options={(sites.data?.items ?? []).map((s) => ({ value: s.id, label: <UserText>{s.name}</UserText> }))} data-testid="create-site" />
          </Form.Item>
          <Form.Item name="stream" label={t('manifests.create.stream')} extra={t('manifests.create.streamHelp')}>
            <Select
              allowClear
              data-testid="create-stream"
              options={(streams.data?.items ?? []).filter((s) => s.organisationId === generatorId).map((s) => ({ value: s.id, label: s.name }))}
              onChange={(id?: string) => {
                const s = streams.data?.items.find((x) => x.id === id);
                if (!s) return;
                const lines = form.getFieldValue('lines') as LineValues[];
                form.setFieldValue('lines', [{ ...lines[0], description: s.name, ...(s.hazardousCode ? { wasteCode: s.hazardousCode } : {}) }, ...lines.slice(1)]);
                if (s.siteId) form.setFieldValue('generatorSiteId', s.siteId);
              }}
            />
          </Form.Item>
        </Card>

        <Card size="small" title={t('manifests.page.lines')} style={{ marginBottom: 16 }}>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <div key={f.key} data-testid={`create-line-${i + 1}`} style={{ borderBottom: '1px solid rgba(0,0,0,0.06)', marginBottom: 12 }}>
                    <Space wrap align="start">
                      <Form.Item name={[f.name, 'wasteCode']} label={t('manifests.field.wasteCode')} rules={required(t('manifests.sign.required'))}>
                        <Select
                          showSearch
                          optionFilterProp="label"
                          style={{ width: 240, maxWidth: '100%' }}
                          data-testid={`create-line-${i + 1}-code`}
                          options={(codes.data?.items ?? []).filter((c) => c.active).map((c) => ({ value: c.code, label: `${c.code} ${en ? c.nameEn : c.nameZh}` }))}
                        />
                      </Form.Item>
                      <Form.Item name={[f.name, 'description']} label={t('manifests.create.description')} rules={required(t('manifests.sign.required'))}>
                        <Input maxLength={500} style={{ width: 260, maxWidth: '100%' }} data-testid={`create-line-${i + 1}-description`} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'quantity']} label={t('manifests.field.quantity')} rules={[{ required: true, message: t('manifests.sign.required') }]}>
                        <InputNumber stringMode min="0" step="0.001" style={{ width: 140 }} data-testid={`create-line-${i + 1}-quantity`} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'unit']} label={t('manifests.create.unit')}>
                        <Select style={{ width: 90 }} options={[{ value: 't', label: 't' }, { value: 'kg', label: 'kg' }]} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'measure']} label={t('manifests.field.measure')}>
                        <Select style={{ width: 140 }} options={(['estimated', 'weighed'] as const).map((m) => ({ value: m, label: t(`manifests.measure.${m}`) }))} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'packaging']} label={t('manifests.field.packaging')}>
                        <Input maxLength={100} style={{ width: 140 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'packageCount']} label={t('manifests.create.packageCount')}>
                        <InputNumber min={0} max={1_000_000} precision={0} style={{ width: 110 }} />
                      </Form.Item>
                      {fields.length > 1 && (
                        <Form.Item label=" ">
                          <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('manifests.create.removeLine')} />
                        </Form.Item>
                      )}
                    </Space>
                  </div>
                ))}
                {fields.length < 50 && (
                  <Button icon={<PlusOutlined />} onClick={() => add({ unit: 't', measure: 'estimated' })}>
                    {t('manifests.create.addLine')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
        </Card>

        <Card size="small" title={t('manifests.create.transporters')} style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('manifests.create.transportersHelp')}</Typography.Paragraph>
          <Form.List name="transporters">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <div key={f.key} data-testid={`create-transporter-${i + 1}`}>
                    <Space wrap align="start">
                      <Form.Item name={[f.name, 'organisationId']} label={t('manifests.page.transporterN', { position: i + 1 })} rules={required(t('manifests.sign.required'))}>
                        <Select
                          showSearch
                          optionFilterProp="label"
                          style={{ width: 280, maxWidth: '100%' }}
                          data-testid={`create-transporter-${i + 1}-org`}
                          options={(transporters.data?.items ?? []).map((o) => ({ value: o.id, label: name(o) }))}
                        />
                      </Form.Item>
                      <Form.Item name={[f.name, 'plate']} label={t('manifests.create.plate')} rules={required(t('manifests.sign.required'))}>
                        <Input maxLength={20} style={{ width: 140 }} data-testid={`create-transporter-${i + 1}-plate`} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'driverName']} label={t('manifests.create.driverName')} rules={required(t('manifests.sign.required'))}>
                        <Input maxLength={100} style={{ width: 140 }} data-testid={`create-transporter-${i + 1}-driver`} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'driverPhone']} label={t('manifests.create.driverPhone')} rules={[{ pattern: /^\+?[0-9 -]{5,20}$/, message: t('manifests.create.phoneFormat') }]}>
                        <Input maxLength={20} style={{ width: 160 }} />
                      </Form.Item>
                      {fields.length > 1 && (
                        <Form.Item label=" ">
                          <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('manifests.create.removeTransporter')} />
                        </Form.Item>
                      )}
                    </Space>
                  </div>
                ))}
                {fields.length < 8 && (
                  <Button icon={<PlusOutlined />} onClick={() => add({})} data-testid="create-add-transporter">
                    {t('manifests.create.addTransporter')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
        </Card>

        <Card size="small" title={t('manifests.role.receiver')} style={{ marginBottom: 16 }}>
          <Form.Item name="receiverId" label={t('manifests.role.receiver')} rules={required(t('manifests.sign.required'))}>
            <Select
              showSearch
              optionFilterProp="label"
              data-testid="create-receiver"
              options={receivers.map((o) => ({ value: o.id, label: name(o) }))}
              onChange={() => form.setFieldsValue({ licenceId: undefined, receiverSiteId: undefined })}
            />
          </Form.Item>
          {receiverId && (
            <>
              <Form.Item name="receiverSiteId" label={t('manifests.create.receiverSite')}>
                <Select allowClear options={(receiverSites.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))} />
              </Form.Item>
              {licences.isSuccess && valid.length === 0 ? (
                <Alert type="warning" showIcon message={t('manifests.create.noValidLicence')} data-testid="create-no-licence" />
              ) : (
                <Form.Item name="licenceId" label={t('manifests.create.licence')} rules={[{ required: true, message: t('manifests.sign.required') }]}>
                  <Select
                    data-testid="create-licence"
                    options={valid.map((l) => ({ value: l.id, label: `${l.number} · ${l.categories.join('、')} · ${l.validFrom} ~ ${l.validUntil}` }))}
                  />
                </Form.Item>
              )}
            </>
          )}
        </Card>

        {me?.via === 'session' && (
          <Form.Item name="password" label={t('manifests.sign.password')} extra={t('manifests.create.passwordHelp')} rules={[{ required: true, message: t('manifests.sign.required') }]}>
            <Input.Password autoComplete="current-password" style={{ maxWidth: 320 }} data-testid="create-password" />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="create-submit">
          {t('manifests.create.submit')}
        </Button>
      </Form>
    </Space>
  );
}
