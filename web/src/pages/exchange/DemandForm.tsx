import { DatePicker, Form, InputNumber, Input, Select, Space } from 'antd';
import type { FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ActingForField } from './ActingFor';
import type { DemandInput } from './api';

export interface DemandFormValues {
  /** The firm the demand is posted for under a delegation; empty: the viewer's own organisation. */
  organisation?: string;
  title?: string;
  accepts: string[];
  minGrade: 'A' | 'B' | 'C';
  priceA?: number;
  priceB?: number;
  priceC?: number;
  capacityPerMonth?: number;
  maxDistanceKm?: number;
  start?: Dayjs;
  end?: Dayjs;
}

export const CLASSES = ['cellulose-rich', 'biomacromolecule-rich', 'lipid-rich', 'bioactive-small-molecule-rich'] as const;
/** A new demand accepts every class until the firm narrows it. */
export const emptyDemand: DemandFormValues = { accepts: [...CLASSES], minGrade: 'C', maxDistanceKm: 100 };

export function demandBody(v: DemandFormValues): DemandInput {
  return {
    title: v.title ?? '',
    accepts: v.accepts as DemandInput['accepts'],
    minGrade: v.minGrade,
    prices: { A: v.priceA ?? null, B: v.priceB ?? null, C: v.priceC ?? null },
    capacityPerMonth: v.capacityPerMonth ?? 0,
    maxDistanceKm: v.maxDistanceKm ?? 0,
    windowStart: v.start?.format('YYYY-MM-DD') ?? '',
    windowEnd: v.end ? v.end.format('YYYY-MM-DD') : null,
    ...(v.organisation ? { organisation: v.organisation } : {}),
  };
}

export function DemandForm({ form }: { form: FormInstance<DemandFormValues> }) {
  const { t } = useTranslation();
  const required = [{ required: true, message: t('exchange.form.required') }];
  return (
    <Form form={form} layout="vertical" initialValues={emptyDemand} data-testid="demand-form">
      <ActingForField name="organisation" testId="demand-acting-for" />
      <Form.Item name="title" label={t('exchange.demand.title')} rules={required}>
        <Input maxLength={200} data-testid="demand-title" />
      </Form.Item>
      <Form.Item name="accepts" label={t('exchange.demand.accepts')} rules={required}>
        <Select mode="multiple" options={CLASSES.map((c) => ({ value: c, label: t(`exchange.class.${c}`) }))} />
      </Form.Item>
      <Space wrap align="start">
        <Form.Item name="minGrade" label={t('exchange.demand.minGrade')}>
          <Select style={{ width: 100 }} options={['A', 'B', 'C'].map((g) => ({ value: g, label: g }))} />
        </Form.Item>
        {(['A', 'B', 'C'] as const).map((g) => (
          <Form.Item key={g} name={`price${g}`} label={t('exchange.demand.price', { grade: g })}>
            <InputNumber min={0} style={{ width: 120 }} data-testid={`demand-price-${g}`} />
          </Form.Item>
        ))}
      </Space>
      <Space wrap align="start">
        <Form.Item name="capacityPerMonth" label={t('exchange.demand.capacity')} rules={required}>
          <InputNumber min={0} style={{ width: 140 }} data-testid="demand-capacity" />
        </Form.Item>
        <Form.Item name="maxDistanceKm" label={t('exchange.demand.maxKm')} rules={required}>
          <InputNumber min={1} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="start" label={t('exchange.demand.start')} rules={required}>
          <DatePicker data-testid="demand-start" />
        </Form.Item>
        <Form.Item name="end" label={t('exchange.demand.end')}>
          <DatePicker />
        </Form.Item>
      </Space>
    </Form>
  );
}
