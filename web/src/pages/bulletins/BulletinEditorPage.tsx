import { DeleteOutlined, FilePdfOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, Row, Select, Space, Spin, Switch, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { bulletinAudiences, bulletinLevels, recommendationCodes } from '../../../../src/shared/bulletins';
import { ApiError } from '../../api/client';
import { supplyApi } from '../supply/api';
import { type Bulletin, type BulletinInput, bulletinsApi, publicPaths } from './api';
import { BulletinDocument } from './BulletinDocument';

interface FormValues {
  title: string;
  level: (typeof bulletinLevels)[number];
  products: string[];
  analysis: string;
  recommendations: { code: (typeof recommendationCodes)[number]; text: string }[];
  audiences: (typeof bulletinAudiences)[number][];
  caseIds: string[];
  includeSnapshot: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toInput(v: FormValues): BulletinInput {
  return {
    title: v.title ?? '',
    level: v.level,
    products: v.products ?? [],
    analysis: v.analysis ?? '',
    recommendations: (v.recommendations ?? []).filter((r) => r?.code && r.text?.trim()),
    audiences: v.audiences ?? [],
    caseIds: v.caseIds ?? [],
    includeSnapshot: v.includeSnapshot ?? true,
  };
}

/**
 * The bulletin editor for supply monitors: `/bulletins/new` for a new draft (`?case=<id>` links a
 * warning case, repeatable), `?id=<id>` to continue a draft. Live preview on the right; save
 * keeps a draft, publish (after confirmation) numbers it and makes it public.
 */
export default function BulletinEditorPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const id = params.get('id');
  const cases = params.getAll('case').filter((c) => UUID.test(c));
  const [form] = Form.useForm<FormValues>();
  const values = Form.useWatch([], form) as FormValues | undefined;

  const formulas = useQuery({ queryKey: ['supply', 'formulas'], queryFn: supplyApi.formulas });
  const existing = useQuery({ queryKey: ['bulletins', 'one', id], queryFn: () => bulletinsApi.get(id!), enabled: id !== null });

  useEffect(() => {
    const b = existing.data;
    if (!b) return;
    form.setFieldsValue({
      title: b.title,
      level: b.level,
      products: b.products.map((p) => p.code),
      analysis: b.analysis,
      recommendations: b.recommendations,
      audiences: b.audiences,
      caseIds: [...new Set([...b.caseIds, ...cases])],
      includeSnapshot: b.includeSnapshot,
    });
    // Only when the draft arrives (not on every URL change): the URL's case ids are merged once.
  }, [existing.data, form]);

  const formulaOptions = useMemo(
    () => (formulas.data?.items ?? []).map((f) => ({ value: f.code, label: `${en ? f.nameEn || f.nameZh : f.nameZh} (${f.code})` })),
    [formulas.data, en],
  );
  const byCode = useMemo(() => new Map((formulas.data?.items ?? []).map((f) => [f.code, f])), [formulas.data]);

  const onSaved = async (b: Bulletin) => {
    await queryClient.invalidateQueries({ queryKey: ['bulletins'] });
    if (!id) setParams({ id: b.id }, { replace: true });
  };
  const save = useMutation({
    mutationFn: async (v: FormValues) => (id ? bulletinsApi.update(id, toInput(v)) : bulletinsApi.create(toInput(v))),
    onSuccess: async (b) => {
      await onSaved(b);
      void message.success(t('bulletins.editor.saved'));
    },
  });
  const publish = useMutation({
    mutationFn: async (v: FormValues) => {
      const saved = id ? await bulletinsApi.update(id, toInput(v)) : await bulletinsApi.create(toInput(v));
      return bulletinsApi.publish(saved.id);
    },
    onSuccess: async (b) => {
      await queryClient.invalidateQueries({ queryKey: ['bulletins'] });
      void message.success(t('bulletins.editor.publishedAs', { number: b.number ?? '' }));
      void navigate(`/bulletins?published=${encodeURIComponent(b.number ?? '')}`);
    },
  });
  const remove = useMutation({
    mutationFn: () => bulletinsApi.remove(id!),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['bulletins'] });
      void navigate('/bulletins');
    },
  });

  const confirmPublish = async () => {
    const v = await form.validateFields();
    modal.confirm({
      title: t('bulletins.editor.confirmTitle'),
      content: t('bulletins.editor.confirmText', { title: v.title }),
      okText: t('bulletins.editor.publish'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'confirm-publish' },
      onOk: () => publish.mutateAsync(v),
    });
  };

  const error = save.error ?? publish.error ?? remove.error;
  const notDraft = existing.data && existing.data.status !== 'draft';
  if (id && existing.isPending) return <Spin />;

  const preview = toInput(values ?? ({} as FormValues));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {id ? t('bulletins.editor.editTitle') : t('bulletins.editor.newTitle')}
      </Typography.Title>
      {notDraft && <Alert type="info" showIcon title={t('bulletins.editor.notDraft')} />}
      {error && <Alert type="error" showIcon title={error instanceof ApiError ? error.message : String(error)} data-testid="editor-error" />}
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card title={t('bulletins.editor.form')}>
            <Form<FormValues>
              form={form}
              layout="vertical"
              disabled={Boolean(notDraft)}
              initialValues={{ level: 'orange', audiences: ['authorities'], recommendations: [], caseIds: cases, includeSnapshot: true, products: [] }}
              onFinish={(v) => save.mutate(v)}
            >
              <Form.Item name="title" label={t('bulletins.field.title')} rules={[{ required: true, message: t('validation.required') }, { max: 200 }]}>
                <Input data-testid="bulletin-title-input" />
              </Form.Item>
              <Form.Item name="level" label={t('bulletins.field.level')} rules={[{ required: true }]}>
                <Select options={bulletinLevels.map((l) => ({ value: l, label: t(`bulletins.level.${l}`) }))} />
              </Form.Item>
              <Form.Item name="products" label={t('bulletins.field.products')} rules={[{ required: true, message: t('validation.required') }]}>
                <Select mode="multiple" showSearch optionFilterProp="label" options={formulaOptions} loading={formulas.isPending} data-testid="products-select" />
              </Form.Item>
              {(values?.products ?? []).length > 0 && (
                <Typography.Paragraph type="secondary" style={{ marginTop: -12 }} data-testid="products-now">
                  {(values?.products ?? [])
                    .map((c) => byCode.get(c))
                    .filter((f) => f !== undefined)
                    .map((f) => `${f.nameZh}: Y/P ${f.ratio === null ? '—' : `${(f.ratio * 100).toFixed(1)} %`}`)
                    .join(' · ')}
                </Typography.Paragraph>
              )}
              <Form.Item name="audiences" label={t('bulletins.field.audiences')} rules={[{ required: true, message: t('validation.required') }]}>
                <Checkbox.Group options={bulletinAudiences.map((a) => ({ value: a, label: t(`bulletins.audience.${a}`) }))} />
              </Form.Item>
              <Form.Item name="analysis" label={t('bulletins.field.analysis')} rules={[{ required: true, message: t('validation.required') }]}>
                <Input.TextArea rows={6} data-testid="analysis-input" />
              </Form.Item>
              <Form.List name="recommendations">
                {(fields, { add, remove: drop }) => (
                  <div data-testid="recommendations-list">
                    <Typography.Text strong>{t('bulletins.field.recommendations')}</Typography.Text>
                    {fields.map((field) => (
                      <Space key={field.key} align="start" style={{ display: 'flex', marginTop: 8 }}>
                        <Form.Item name={[field.name, 'code']} rules={[{ required: true, message: t('validation.required') }]} style={{ width: 170, marginBottom: 0 }}>
                          <Select options={recommendationCodes.map((c) => ({ value: c, label: t(`bulletins.recommendation.${c}`) }))} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'text']} rules={[{ required: true, message: t('validation.required') }]} style={{ width: 300, marginBottom: 0 }}>
                          <Input.TextArea rows={2} data-testid={`recommendation-text-${field.name}`} />
                        </Form.Item>
                        <Button icon={<DeleteOutlined />} onClick={() => drop(field.name)} aria-label={t('bulletins.editor.removeRecommendation')} />
                      </Space>
                    ))}
                    <Button style={{ marginTop: 8 }} icon={<PlusOutlined />} onClick={() => add({ code: 'price-subsidy', text: '' })} data-testid="add-recommendation">
                      {t('bulletins.editor.addRecommendation')}
                    </Button>
                  </div>
                )}
              </Form.List>
              <Form.Item name="caseIds" label={t('bulletins.field.cases')} style={{ marginTop: 16 }} extra={t('bulletins.editor.casesHelp')}>
                <Select mode="tags" tokenSeparators={[',', ' ']} data-testid="cases-select" />
              </Form.Item>
              <Form.Item name="includeSnapshot" label={t('bulletins.field.snapshot')} valuePropName="checked" extra={t('bulletins.editor.snapshotHelp')}>
                <Switch />
              </Form.Item>
              <Space wrap>
                <Button htmlType="submit" loading={save.isPending} data-testid="save-draft">
                  {t('bulletins.editor.save')}
                </Button>
                <Button type="primary" icon={<SendOutlined />} onClick={() => void confirmPublish()} loading={publish.isPending} data-testid="publish">
                  {t('bulletins.editor.publish')}
                </Button>
                {id && (
                  <Button icon={<FilePdfOutlined />} href={publicPaths.draftPdf(id)} target="_blank" disabled={false}>
                    {t('bulletins.editor.pdfPreview')}
                  </Button>
                )}
                {id && !notDraft && (
                  <Button danger onClick={() => remove.mutate()} loading={remove.isPending}>
                    {t('bulletins.editor.delete')}
                  </Button>
                )}
              </Space>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('bulletins.editor.preview')} data-testid="bulletin-preview">
            <BulletinDocument
              bulletin={{
                number: existing.data?.number ?? null,
                status: existing.data?.status ?? 'draft',
                title: preview.title,
                level: preview.level ?? 'orange',
                products: (preview.products ?? []).map((c) => {
                  const f = byCode.get(c);
                  return { id: c, code: c, nameZh: f?.nameZh ?? c, nameEn: f?.nameEn ?? c };
                }),
                analysis: preview.analysis,
                recommendations: (values?.recommendations ?? []).filter((r) => r?.code).map((r) => ({ code: r.code, text: r.text ?? '' })),
                audiences: preview.audiences ?? [],
                snapshot: existing.data?.snapshot ?? null,
                publisher: existing.data?.publisher ?? null,
                publishedAt: existing.data?.publishedAt ?? null,
                withdrawnAt: existing.data?.withdrawnAt ?? null,
                withdrawalReason: existing.data?.withdrawalReason ?? null,
              }}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
