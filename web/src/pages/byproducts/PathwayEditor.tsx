import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Col, Form, Input, InputNumber, Modal, Row, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiErrorHandler } from '../../api/errors';
import { PRODUCT_USE_IDS } from '../../../../src/modules/byproducts/engine/taxonomy';
import { bpApi, type Pathway, type Taxonomy } from './api';
import { translatedProblem, useValidationText } from './validation';

/** The form's values: the pathway with its structured parts (conditions, residue out, figures) as JSON text. */
type EditorValues = Omit<Pathway, 'conditions' | 'figures'> & { conditions: string; residueOut?: string; figures?: string; note?: string };

const json = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 2));
const EMPTY: Partial<EditorValues> = {
  trl: 5,
  yield: { value: 0.5, basis: 'dry' },
  emissionsAvoided: { value: 0.5, basis: 'dry' },
  capexPerTonne: { min: 0, max: 0 },
  opexPerTonne: { min: 0, max: 0 },
  productValuePerTonne: { min: 0, max: 0 },
  source: { kind: 'estimate', ref: '' },
  conditions: '{\n  "classes": ["cellulose-rich"]\n}',
};

/** Server fields inside a JSON part belong to its text area (e.g. conditions.maxMoisture → conditions). */
const itemOf = (field: string) => {
  const top = field.replace(/^body\./, '').split(/[.[]/)[0]!;
  return ['conditions', 'residueOut', 'figures'].includes(top) ? top : field;
};

/**
 * Adds or edits a pathway of the knowledge base (platform admins): every save is a new audited
 * version. Errors come back per field, in the UI's language where the server gives a code.
 */
export function PathwayEditor({ pathway, open, onClose, taxonomy }: { pathway: Pathway | 'new' | null; open: boolean; onClose: () => void; taxonomy: Taxonomy | undefined }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const validationText = useValidationText();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EditorValues>();
  const isNew = pathway === 'new';

  useEffect(() => {
    if (!open || pathway === null) return;
    form.resetFields();
    if (pathway === 'new') form.setFieldsValue(EMPTY);
    else {
      const { conditions, residueOut, figures, ...rest } = pathway as Pathway & { residueOut?: unknown };
      form.setFieldsValue({ ...rest, conditions: json(conditions), residueOut: json(residueOut), figures: json(figures) });
    }
  }, [open, pathway, form]);

  const save = useMutation({
    mutationFn: (body: { pathway: Pathway; note?: string }) => (isNew ? bpApi.addPathway(body.pathway, body.note) : bpApi.editPathway(body.pathway.id, body.pathway, body.note)),
    onSuccess: (r) => {
      void message.success(t('byproducts.editor.saved', { version: r.version }));
      void queryClient.invalidateQueries({ queryKey: ['byproducts', 'pathways'] });
      onClose();
    },
    onError: (error) => onError(translatedProblem(error, validationText, itemOf), form),
  });

  const submit = (v: EditorValues) => {
    const parsed: Record<string, unknown> = {};
    const bad: { name: 'conditions' | 'residueOut' | 'figures'; errors: string[] }[] = [];
    for (const key of ['conditions', 'residueOut', 'figures'] as const) {
      const text = (v[key] ?? '').trim();
      if (text === '') continue;
      try {
        parsed[key] = JSON.parse(text);
      } catch {
        bad.push({ name: key, errors: [t('byproducts.editor.notJson')] });
      }
    }
    if (bad.length) {
      form.setFields(bad);
      return;
    }
    const { note, conditions: _c, residueOut: _r, figures: _f, ...rest } = v;
    // Empty optional texts are left out rather than sent as "" (the schema wants them absent).
    const description = rest.description?.zh || rest.description?.en ? rest.description : undefined;
    const yieldNote = rest.yield.note?.trim() ? rest.yield : { value: rest.yield.value, basis: rest.yield.basis };
    const emissions = rest.emissionsAvoided.note?.trim() ? rest.emissionsAvoided : { value: rest.emissionsAvoided.value, basis: rest.emissionsAvoided.basis };
    const body = { ...rest, yield: yieldNote, emissionsAvoided: emissions, ...(description ? { description } : { description: undefined }), conditions: parsed.conditions ?? {}, ...(parsed.residueOut ? { residueOut: parsed.residueOut } : {}), ...(parsed.figures ? { figures: parsed.figures } : {}) } as Pathway;
    save.mutate({ pathway: body, ...(note?.trim() ? { note: note.trim() } : {}) });
  };

  const opts = (entries: { id: string; zh: string; en: string }[] | undefined) => (entries ?? []).map((e) => ({ value: e.id, label: en ? e.en : e.zh }));
  const required = [{ required: true, message: t('byproducts.form.required') }];
  const num = { style: { width: '100%' } } as const;

  return (
    <Modal
      open={open}
      width={980}
      title={pathway === 'new' ? t('byproducts.editor.add') : t('byproducts.editor.edit', { id: pathway?.id ?? '' })}
      okText={t('byproducts.editor.save')}
      okButtonProps={{ 'data-testid': 'save-pathway' }}
      confirmLoading={save.isPending}
      onCancel={onClose}
      onOk={() => void form.validateFields().then(submit, () => undefined)}
      destroyOnHidden
      forceRender
    >
      <Typography.Paragraph type="secondary">{t('byproducts.editor.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" size="small" data-testid="pathway-form">
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="id" label={t('byproducts.editor.id')} rules={required} extra={t('byproducts.editor.idHint')}>
              <Input disabled={!isNew} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name={['name', 'zh']} label={t('byproducts.editor.nameZh')} rules={required}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name={['name', 'en']} label={t('byproducts.editor.nameEn')} rules={required}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="mode" label={t('byproducts.advisor.mode')} rules={required}>
              <Select options={opts(taxonomy?.modes)} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="process" label={t('byproducts.pathways.process')} rules={required}>
              <Select options={opts(taxonomy?.processes)} showSearch optionFilterProp="label" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="utiliser" label={t('byproducts.pathways.utiliser')} rules={required}>
              <Select options={opts(taxonomy?.utilisers)} showSearch optionFilterProp="label" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="productUse" label={t('byproducts.editor.productUse')} rules={required}>
              <Select options={PRODUCT_USE_IDS.map((id) => ({ value: id, label: t(`byproducts.productUse.${id}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={['product', 'zh']} label={t('byproducts.editor.productZh')} rules={required}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={['product', 'en']} label={t('byproducts.editor.productEn')} rules={required}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={['description', 'zh']} label={t('byproducts.editor.descriptionZh')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={['description', 'en']} label={t('byproducts.editor.descriptionEn')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={4}>
            <Form.Item name="trl" label={t('byproducts.pathways.trl')} rules={required}>
              <InputNumber {...num} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={4}>
            <Form.Item name={['yield', 'value']} label={t('byproducts.pathways.yield')} rules={required}>
              <InputNumber {...num} step={0.05} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={4}>
            <Form.Item name={['yield', 'basis']} label={t('byproducts.editor.basis')} rules={required}>
              <Select options={['dry', 'wet'].map((b) => ({ value: b, label: t(`byproducts.editor.${b}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={['yield', 'note']} label={t('byproducts.editor.yieldNote')}>
              <Input />
            </Form.Item>
          </Col>
          {(['capexPerTonne', 'opexPerTonne', 'productValuePerTonne'] as const).map((k) => (
            <Col xs={24} sm={8} key={k}>
              <Typography.Text>{t(`byproducts.editor.${k}`)}</Typography.Text>
              <Row gutter={6}>
                <Col xs={24} sm={12}>
                  <Form.Item name={[k, 'min']} rules={required} label={t('byproducts.editor.min')}>
                    <InputNumber {...num} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name={[k, 'max']} rules={required} label={t('byproducts.editor.max')}>
                    <InputNumber {...num} />
                  </Form.Item>
                </Col>
              </Row>
            </Col>
          ))}
          <Col xs={12} sm={6}>
            <Form.Item name={['emissionsAvoided', 'value']} label={t('byproducts.pathways.emissions')} rules={required}>
              <InputNumber {...num} step={0.1} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name={['emissionsAvoided', 'basis']} label={t('byproducts.editor.basis')} rules={required}>
              <Select options={['dry', 'wet'].map((b) => ({ value: b, label: t(`byproducts.editor.${b}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={['emissionsAvoided', 'note']} label={t('byproducts.editor.emissionsNote')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} sm={4}>
            <Form.Item name={['source', 'kind']} label={t('byproducts.pathways.source')} rules={required}>
              <Select options={['seed', 'literature', 'estimate'].map((k) => ({ value: k, label: t(`byproducts.sourceKind.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={20}>
            <Form.Item name={['source', 'ref']} label={t('byproducts.editor.sourceRef')} rules={required}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="conditions" label={t('byproducts.pathways.conditions')} extra={t('byproducts.editor.conditionsHint')}>
              <Input.TextArea rows={7} style={{ fontFamily: 'monospace', fontSize: 12 }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="residueOut" label={t('byproducts.editor.residueOut')} extra={t('byproducts.editor.residueOutHint')}>
              <Input.TextArea rows={3} style={{ fontFamily: 'monospace', fontSize: 12 }} />
            </Form.Item>
            <Form.Item name="figures" label={t('byproducts.editor.figures')}>
              <Input.TextArea rows={3} style={{ fontFamily: 'monospace', fontSize: 12 }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="note" label={t('byproducts.editor.note')}>
              <Input maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
