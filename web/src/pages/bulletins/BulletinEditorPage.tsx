import { DeleteOutlined, FilePdfOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, Row, Select, Space, Spin, Switch, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { bulletinAudiences, bulletinLevels, levelContradicts, measuredBulletinLevel, recommendationCodes } from '../../../../src/shared/bulletins';
import { ApiError } from '../../api/client';
import { supplyApi } from '../supply/api';
import { pct } from '../supply/levels';
import { type CaseDetail, warningsApi } from '../warnings/api';
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
 * A draft's content from the warning case it reports on: title, product, the level its figures
 * give now (the monitor state's, as the product list shows it) and an analysis from the case's
 * figures and its experts' notes, for the monitor to edit.
 */
function draftFromCase(t: TFunction, c: CaseDetail, en: boolean): Partial<FormValues> {
  const name = en ? c.formula.nameEn || c.formula.nameZh : c.formula.nameZh;
  const measured = measuredBulletinLevel([c.current?.level ?? `${c.direction}-${c.level ?? 'blue'}`]) ?? 'blue';
  const peakShares = Object.entries(c.analysis.composition.peak.shares).filter((e): e is [string, number] => e[1] !== null);
  const top = peakShares.sort((a, b) => b[1] - a[1])[0];
  const paragraphs = [
    t('bulletins.fromCase.figures', {
      name,
      start: c.episodeStart,
      direction: t(`bulletins.fromCase.${c.direction}`),
      peak: pct(c.peakRatio),
      peakDate: c.peakDate,
      latest: pct(c.current?.ratio ?? c.latestRatio),
      date: c.current?.date ?? c.latestDate,
      band: `${pct(c.analysis.band[0], 0)} – ${pct(c.analysis.band[1], 0)}`,
    }),
    ...(top ? [t('bulletins.fromCase.driver', { herb: top[0].split('|')[0], share: pct(top[1], 0) })] : []),
    ...c.notes.map((n) => n.text),
  ];
  return {
    title: t('bulletins.fromCase.title', { name, direction: t(`bulletins.fromCase.${c.direction}`) }),
    level: measured,
    products: [c.formula.code],
    analysis: paragraphs.join('\n'),
  };
}

/** A case as people name it: its product and the first day of its episode (never its id). */
function caseLabel(c: { formula: { nameZh: string; nameEn: string }; episodeStart: string; kind: string }, t: TFunction, en: boolean): string {
  return `${en ? c.formula.nameEn || c.formula.nameZh : c.formula.nameZh} · ${c.episodeStart} · ${t(`warnings.kind.${c.kind}`)}`;
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
  // The case a new draft starts from (the first `?case=`), and the cases a bulletin may report on.
  const fromCase = useQuery({ queryKey: ['warnings', 'case', cases[0]], queryFn: () => warningsApi.case(cases[0]!), enabled: id === null && cases.length > 0 });
  const decided = useQuery({ queryKey: ['warnings', 'cases', ['decided-publish', 'published', 'closed']], queryFn: () => warningsApi.cases({ status: ['decided-publish', 'published', 'closed'] }) });
  const [confirmLevel, setConfirmLevel] = useState(false);

  useEffect(() => {
    const c = fromCase.data;
    if (!c) return;
    form.setFieldsValue({ ...draftFromCase(t, c, en), caseIds: cases });
    // Once, when the case arrives: the monitor's edits are not overwritten afterwards.
  }, [fromCase.data, form]);

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
  const caseOptions = useMemo(() => {
    const listed = decided.data?.items ?? [];
    const own = fromCase.data && !listed.some((c) => c.id === fromCase.data.id) ? [fromCase.data] : [];
    return [...own, ...listed].map((c) => ({ value: c.id, label: caseLabel(c, t, en) }));
  }, [decided.data, fromCase.data, t, en]);
  // The level the products' figures give now (the monitor state's levels, as the list shows them).
  const productLevels = (values?.products ?? []).map((c) => byCode.get(c)?.level).filter((l): l is string => l !== undefined);
  const measured = measuredBulletinLevel(productLevels);
  const contradicts = values?.level !== undefined && productLevels.length > 0 && levelContradicts(values.level, productLevels);

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
      return bulletinsApi.publish(saved.id, confirmLevel);
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
              initialValues={{ level: 'blue', audiences: ['authorities'], recommendations: [], caseIds: cases, includeSnapshot: true, products: [] }}
              onFinish={(v) => save.mutate(v)}
            >
              <Form.Item name="title" label={t('bulletins.field.title')} rules={[{ required: true, message: t('validation.required') }, { max: 200 }]}>
                <Input data-testid="bulletin-title-input" />
              </Form.Item>
              <Form.Item name="level" label={t('bulletins.field.level')} rules={[{ required: true }]}>
                <Select data-testid="level-select" options={bulletinLevels.map((l) => ({ value: l, label: t(`bulletins.level.${l}`) }))} />
              </Form.Item>
              {contradicts && (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginTop: -12, marginBottom: 16 }}
                  data-testid="level-contradicts"
                  message={measured ? t('bulletins.editor.levelContradicts', { measured: t(`bulletins.level.${measured}`) }) : t('bulletins.editor.levelAllNormal')}
                  description={
                    <Checkbox checked={confirmLevel} onChange={(e) => setConfirmLevel(e.target.checked)} data-testid="confirm-level">
                      {t('bulletins.editor.confirmLevel')}
                    </Checkbox>
                  }
                />
              )}
              <Form.Item name="products" label={t('bulletins.field.products')} rules={[{ required: true, message: t('validation.required') }]}>
                <Select mode="multiple" showSearch optionFilterProp="label" options={formulaOptions} loading={formulas.isPending} data-testid="products-select" />
              </Form.Item>
              {(values?.products ?? []).length > 0 && (
                <Typography.Paragraph type="secondary" style={{ marginTop: -12 }} data-testid="products-now">
                  {(values?.products ?? [])
                    .map((c) => byCode.get(c))
                    .filter((f) => f !== undefined)
                    .map((f) => `${en ? f.nameEn || f.nameZh : f.nameZh}: Y/P ${pct(f.ratio)} (${f.level === 'normal' ? t('supply.level.normal') : t(`bulletins.level.${f.level.split('-')[1]!}`)})`)
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
                <Select mode="multiple" optionFilterProp="label" options={caseOptions} loading={decided.isPending} data-testid="cases-select" />
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
                level: preview.level ?? 'blue',
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
