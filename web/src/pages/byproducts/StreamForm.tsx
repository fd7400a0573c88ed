import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Col, Divider, Form, type FormInstance, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSTITUENTS } from '../../../../src/modules/byproducts/engine/constituents';
import { HERBS } from '../../../../src/modules/byproducts/engine/herbs';
import type { Stream, StreamInput, Taxonomy } from './api';

const PROXIMATE = ['crudeFibre', 'crudeProtein', 'crudeFat', 'polysaccharides', 'ash'] as const;
const MONTHS = Array.from({ length: 12 }, (_, i) => i);

export interface StreamFormValues {
  organisation?: string;
  name?: string;
  herb?: string;
  part?: string;
  residue?: string;
  stage?: string;
  state?: string;
  tonnesPerYear?: number;
  seasonality?: (number | null)[];
  moisture?: number | null;
  assays?: Partial<Record<(typeof PROXIMATE)[number] | 'cod', number | null>>;
  constituents?: { name?: string; value?: number | null }[];
  contamination?: string[];
  hazardous?: boolean;
  hazardousCode?: string;
  currentHandling?: string;
  currentHandlingCostPerTonne?: number | null;
}

/** A stored stream as form values (constituents split out of the assays). */
export function formValuesOf(s: Stream): StreamFormValues {
  const assays = (s.assays ?? {});
  const nested = (typeof assays.constituents === 'object' && assays.constituents !== null ? assays.constituents : {}) as Record<string, unknown>;
  const proximate: StreamFormValues['assays'] = {};
  const constituents: { name: string; value: number }[] = [];
  for (const [k, v] of Object.entries(assays)) {
    if (k === 'constituents') continue;
    if ((PROXIMATE as readonly string[]).includes(k) || k === 'cod') proximate[k as keyof typeof proximate] = Number(v);
    else constituents.push({ name: k, value: Number(v) });
  }
  for (const [k, v] of Object.entries(nested)) constituents.push({ name: k, value: Number(v) });
  return {
    name: s.name,
    herb: s.herb ?? undefined,
    part: s.part ?? undefined,
    residue: s.residue ?? undefined,
    stage: s.stage,
    state: s.state,
    tonnesPerYear: s.tonnesPerYear,
    seasonality: s.seasonality ?? MONTHS.map(() => 1),
    moisture: s.moisture ?? null,
    assays: proximate,
    constituents,
    contamination: s.contamination ?? [],
    hazardous: s.hazardous ?? false,
    hazardousCode: s.hazardousCode ?? undefined,
    currentHandling: s.currentHandling ?? undefined,
    currentHandlingCostPerTonne: s.currentHandlingCostPerTonne ?? null,
  };
}

export const emptyStream: StreamFormValues = { seasonality: MONTHS.map(() => 1), contamination: [], hazardous: false, assays: {}, constituents: [] };

/** Form values → the API's stream body (engine keys). Empty values are left out (or null on edit). */
export function bodyOf(v: StreamFormValues, editing: boolean, taxonomy?: Taxonomy): StreamInput {
  const body: StreamInput = {};
  if (!v.name?.trim() && !editing) {
    // The server would name it after the ids (丹参alcohol-precipitate); a Chinese name reads better.
    const kind = taxonomy?.residues.find((r) => r.id === v.residue)?.zh ?? taxonomy?.parts.find((r) => r.id === v.part)?.zh;
    if (v.herb?.trim() && kind) v = { ...v, name: `${v.herb.trim()}${kind}` };
  }
  // An emptied field is sent as null on edit so the server clears it (every key given here is nullable there).
  const put = (key: keyof StreamInput, value: unknown) => {
    if (value === undefined || value === null || value === '') {
      if (editing && key !== 'organisation') Object.assign(body, { [key]: null });
    } else Object.assign(body, { [key]: value });
  };
  if (!editing) put('organisation', v.organisation);
  if (v.name) body.name = v.name;
  put('herb', v.herb?.trim());
  put('part', v.part);
  put('residue', v.residue);
  if (v.stage) body.stage = v.stage;
  put('state', v.state);
  if (v.tonnesPerYear !== undefined && v.tonnesPerYear !== null) body.tonnesPerYear = v.tonnesPerYear;
  const season = (v.seasonality ?? []).map((x) => (x === null || x === undefined ? 1 : x));
  put('seasonality', season.length === 12 && season.some((x) => x !== 1) ? season : null);
  put('moisture', v.moisture);
  const assays: Record<string, number> = {};
  for (const [k, x] of Object.entries(v.assays ?? {})) if (x !== null && x !== undefined) assays[k] = x;
  for (const c of v.constituents ?? []) if (c.name?.trim() && c.value !== null && c.value !== undefined) assays[c.name.trim()] = c.value;
  body.assays = assays;
  body.contamination = v.contamination ?? [];
  body.hazardous = v.hazardous ?? false;
  put('hazardousCode', v.hazardous ? v.hazardousCode?.trim() : null);
  put('currentHandling', v.currentHandling);
  put('currentHandlingCostPerTonne', v.currentHandlingCostPerTonne);
  return body;
}

export function StreamForm({ form, taxonomy, organisations }: { form: FormInstance<StreamFormValues>; taxonomy: Taxonomy | undefined; organisations?: { value: string; label: string }[] }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const opts = (entries: readonly { id: string; zh: string; en: string }[] | undefined) => (entries ?? []).map((e) => ({ value: e.id, label: en ? e.en : `${e.zh}` }));
  const herbOptions = useMemo(() => HERBS.map((h) => ({ value: h.zh, label: `${h.zh} · ${h.latin}` })), []);
  const constituentOptions = useMemo(() => CONSTITUENTS.map((c) => ({ value: c.id, label: `${c.zh} · ${c.en}` })), []);
  const hazardous = Form.useWatch('hazardous', form);
  const state = Form.useWatch('state', form);
  const partOrResidue = ({ getFieldValue }: { getFieldValue: (n: string) => unknown }) => ({
    validator: () => (getFieldValue('part') || getFieldValue('residue') ? Promise.resolve() : Promise.reject(new Error(t('byproducts.form.partOrResidue')))),
  });

  return (
    <Form form={form} layout="vertical" data-testid="stream-form" initialValues={emptyStream}>
      {organisations && (
        <Form.Item name="organisation" label={t('byproducts.form.organisation')} rules={[{ required: true, message: t('byproducts.form.required') }]}>
          <Select showSearch optionFilterProp="label" options={organisations} data-testid="field-organisation" />
        </Form.Item>
      )}
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="name" label={t('byproducts.form.name')} extra={t('byproducts.form.nameHint')}>
            <Input maxLength={200} data-testid="field-name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="herb" label={t('byproducts.form.herb')}>
            <AutoComplete options={herbOptions} filterOption={(input, o) => String(o?.label ?? '').toLowerCase().includes(input.toLowerCase())} data-testid="field-herb" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="part" label={t('byproducts.form.part')} dependencies={['residue']} rules={[partOrResidue]}>
            <Select allowClear options={opts(taxonomy?.parts)} data-testid="field-part" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="residue" label={t('byproducts.form.residue')} dependencies={['part']} rules={[partOrResidue]}>
            <Select allowClear options={opts(taxonomy?.residues)} data-testid="field-residue" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="stage" label={t('byproducts.form.stage')} rules={[{ required: true, message: t('byproducts.form.required') }]}>
            <Select options={opts(taxonomy?.stages)} data-testid="field-stage" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="state" label={t('byproducts.form.state')} extra={t('byproducts.form.stateHint')}>
            <Select allowClear options={opts(taxonomy?.states)} data-testid="field-state" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="tonnesPerYear" label={t('byproducts.form.tonnesPerYear')} rules={[{ required: true, message: t('byproducts.form.required') }, { type: 'number', min: 0.001, message: t('byproducts.form.positive') }]}>
            <InputNumber style={{ width: '100%' }} min={0} addonAfter="t/a" data-testid="field-tonnes" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="moisture" label={t('byproducts.form.moisture')} extra={t('byproducts.form.moistureHint')} rules={[{ type: 'number', min: 0, max: 100, message: t('byproducts.form.percent') }]}>
            <InputNumber style={{ width: '100%' }} addonAfter="%" data-testid="field-moisture" />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Text strong>{t('byproducts.form.seasonality')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>
        {t('byproducts.form.seasonalityHint')}
      </Typography.Paragraph>
      <Row gutter={6}>
        {MONTHS.map((m) => (
          <Col xs={4} sm={2} key={m}>
            <Form.Item name={['seasonality', m]} label={t('byproducts.form.month', { m: m + 1 })} rules={[{ type: 'number', min: 0, message: '≥ 0' }]} style={{ marginBottom: 8 }}>
              <InputNumber size="small" min={0} step={0.1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Divider titlePlacement="start" plain>
        {t('byproducts.form.assays')}
      </Divider>
      <Row gutter={12}>
        {PROXIMATE.map((k) => (
          <Col xs={12} sm={4} key={k}>
            <Form.Item name={['assays', k]} label={t(`byproducts.assay.${k}`)} rules={[{ type: 'number', min: 0, max: 100, message: t('byproducts.form.percent') }]}>
              <InputNumber style={{ width: '100%' }} addonAfter="%" />
            </Form.Item>
          </Col>
        ))}
        <Col xs={12} sm={4}>
          <Form.Item name={['assays', 'cod']} label={t('byproducts.assay.cod')} rules={[{ type: 'number', min: 0, message: '≥ 0' }]} hidden={state !== 'liquid'}>
            <InputNumber style={{ width: '100%' }} addonAfter="mg/L" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('byproducts.form.constituents')} extra={t('byproducts.form.constituentsHint')}>
        <Form.List name="constituents">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: t('byproducts.form.required') }]} style={{ marginBottom: 0 }}>
                    <AutoComplete options={constituentOptions} style={{ width: 260 }} filterOption={(input, o) => String(o?.label ?? '').toLowerCase().includes(input.toLowerCase())} data-testid={`constituent-name-${f.name}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'value']} rules={[{ required: true, message: t('byproducts.form.required') }, { type: 'number', min: 0, max: 1000, message: '0–1000' }]} style={{ marginBottom: 0 }}>
                    <InputNumber addonAfter="mg/g" style={{ width: 160 }} data-testid={`constituent-value-${f.name}`} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="add-constituent">
                {t('byproducts.form.addConstituent')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form.Item>
      <Divider titlePlacement="start" plain>
        {t('byproducts.form.safety')}
      </Divider>
      <Row gutter={12}>
        <Col xs={24} sm={10}>
          <Form.Item name="contamination" label={t('byproducts.form.contamination')}>
            <Select mode="multiple" allowClear options={opts(taxonomy?.contamination)} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={4}>
          <Form.Item name="hazardous" label={t('byproducts.form.hazardous')} valuePropName="checked">
            <Switch data-testid="field-hazardous" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={10}>
          <Form.Item
            name="hazardousCode"
            label={t('byproducts.form.hazardousCode')}
            dependencies={['hazardous']}
            rules={[{ required: !!hazardous, message: t('byproducts.form.hazardousCodeRequired') }, { pattern: /^HW\d{2}$/i, message: t('byproducts.form.hazardousCodeFormat') }]}
          >
            <Input disabled={!hazardous} placeholder="HW02" maxLength={20} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={10}>
          <Form.Item name="currentHandling" label={t('byproducts.form.currentHandling')}>
            <Select allowClear options={opts(taxonomy?.handlings)} data-testid="field-handling" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={10}>
          <Form.Item name="currentHandlingCostPerTonne" label={t('byproducts.form.handlingCost')} extra={t('byproducts.form.handlingCostHint')}>
            <InputNumber style={{ width: '100%' }} addonAfter={t('byproducts.unit.yuanPerTonne')} data-testid="field-handling-cost" />
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}
