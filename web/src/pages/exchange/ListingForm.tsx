import { useQuery } from '@tanstack/react-query';
import { Alert, DatePicker, Form, InputNumber, Radio, Select, Space, Switch, Typography } from 'antd';
import type { FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bpApi } from '../byproducts/api';
import { exApi, type ListingInput, type ListingPreview, t1 } from './api';
import { ActingForField } from './ActingFor';
import { GradeRule } from './GradeRule';

export interface ListingFormValues {
  /** The firm whose streams are offered (under a delegation); empty: every stream the viewer may list. */
  organisation?: string;
  stream?: string;
  quantityKind: 'monthly' | 'one-off';
  tonnes?: number;
  window?: [Dayjs, Dayjs];
  moisture?: number;
  crudeFibre?: number;
  crudeProtein?: number;
  crudeFat?: number;
  ash?: number;
  negotiable: boolean;
  reservePrice?: number;
  deliveryTerms: 'ex-works' | 'delivered';
  visibility: 'public' | 'park' | 'anonymised';
}

const ASSAYS = ['moisture', 'crudeFibre', 'crudeProtein', 'crudeFat', 'ash'] as const;

export const emptyListing: ListingFormValues = { quantityKind: 'monthly', negotiable: false, deliveryTerms: 'ex-works', visibility: 'public' };

function assaysOf(v: ListingFormValues): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of ASSAYS) if (typeof v[a] === 'number') out[a] = v[a];
  return out;
}

export function listingBody(v: ListingFormValues): ListingInput {
  return {
    stream: v.stream ?? '',
    quantityKind: v.quantityKind,
    tonnes: v.tonnes ?? 0,
    windowStart: v.window?.[0].format('YYYY-MM-DD') ?? '',
    windowEnd: v.window?.[1].format('YYYY-MM-DD') ?? '',
    assays: assaysOf(v),
    reservePrice: v.negotiable ? null : (v.reservePrice ?? 0),
    deliveryTerms: v.deliveryTerms,
    visibility: v.visibility,
  };
}

/** The listing form: a stream of the firm, the quantity and window, the lot's assays with a live grade preview. */
export function ListingForm({ form }: { form: FormInstance<ListingFormValues> }) {
  const { t } = useTranslation();
  const streams = useQuery({ queryKey: ['byproducts', 'streams', 'mine'], queryFn: () => bpApi.streams() });
  const values = Form.useWatch([], form) as ListingFormValues | undefined;
  const [preview, setPreview] = useState<ListingPreview | null>(null);
  const ready = values?.stream && values.window?.[0] && values.window[1];
  const key = ready ? JSON.stringify([values.stream, values.quantityKind, values.window?.map((d) => d.format('YYYY-MM-DD')), assaysOf(values)]) : '';
  useEffect(() => {
    if (!key || !values?.stream || !values.window) {
      setPreview(null);
      return;
    }
    const handle = setTimeout(() => {
      exApi
        .preview({ stream: values.stream!, quantityKind: values.quantityKind, windowStart: values.window![0].format('YYYY-MM-DD'), windowEnd: values.window![1].format('YYYY-MM-DD'), assays: assaysOf(values) })
        .then(setPreview)
        .catch(() => setPreview(null));
    }, 300);
    return () => clearTimeout(handle);
    // `key` holds every input of the preview: the form values object changes on every render.
  }, [key]);

  return (
    <Form form={form} layout="vertical" initialValues={emptyListing} data-testid="listing-form">
      <ActingForField name="organisation" testId="listing-acting-for" />
      <Form.Item name="stream" label={t('exchange.listing.stream')} rules={[{ required: true, message: t('exchange.form.required') }]}>
        <Select
          showSearch
          optionFilterProp="label"
          data-testid="listing-stream"
          loading={streams.isLoading}
          options={(streams.data?.items ?? []).filter((s) => !values?.organisation || s.organisationId === values.organisation).map((s) => ({ value: s.id, label: `${s.name} · ${s.code}` }))}
        />
      </Form.Item>
      <Space wrap align="start">
        <Form.Item name="quantityKind" label={t('exchange.listing.kind')}>
          <Radio.Group
            options={[
              { value: 'monthly', label: t('exchange.listing.monthly') },
              { value: 'one-off', label: t('exchange.listing.oneOff') },
            ]}
          />
        </Form.Item>
        <Form.Item name="tonnes" label={values?.quantityKind === 'one-off' ? t('exchange.listing.tonnesLot') : t('exchange.listing.tonnesMonth')} rules={[{ required: true, message: t('exchange.form.required') }]}>
          <InputNumber min={0} style={{ width: 140 }} data-testid="listing-tonnes" />
        </Form.Item>
        <Form.Item name="window" label={t('exchange.listing.window')} rules={[{ required: true, message: t('exchange.form.required') }]}>
          <DatePicker.RangePicker data-testid="listing-window" />
        </Form.Item>
      </Space>
      {preview && (
        <Typography.Paragraph type="secondary" data-testid="listing-available">
          {t(values?.quantityKind === 'one-off' ? 'exchange.listing.availableLot' : 'exchange.listing.availableMonth', { tonnes: t1(preview.available.tonnes), generated: t1(preview.available.generated), listed: t1(preview.available.listed) })}
        </Typography.Paragraph>
      )}
      <Typography.Text strong>{t('exchange.listing.assays')}</Typography.Text>
      <Space wrap>
        {ASSAYS.map((a) => (
          <Form.Item key={a} name={a} label={t(`exchange.assay.${a}`)}>
            <InputNumber min={0} max={100} style={{ width: 110 }} data-testid={`assay-${a}`} />
          </Form.Item>
        ))}
      </Space>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={<GradeRule grading={preview?.grading ?? null} />} description={preview?.standard ? t('exchange.listing.gradedBy', { cls: t(`exchange.class.${preview.class}`) }) : undefined} />
      <Space wrap align="start">
        <Form.Item name="negotiable" label={t('exchange.listing.negotiable')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {!values?.negotiable && (
          <Form.Item name="reservePrice" label={t('exchange.listing.reserve')}>
            <InputNumber min={0} style={{ width: 140 }} data-testid="listing-reserve" />
          </Form.Item>
        )}
        <Form.Item name="deliveryTerms" label={t('exchange.listing.terms')}>
          <Select style={{ width: 140 }} options={['ex-works', 'delivered'].map((v) => ({ value: v, label: t(`exchange.terms.${v}`) }))} />
        </Form.Item>
        <Form.Item name="visibility" label={t('exchange.listing.visibility')}>
          <Select style={{ width: 160 }} options={['public', 'park', 'anonymised'].map((v) => ({ value: v, label: t(`exchange.visibility.${v}`) }))} />
        </Form.Item>
      </Space>
    </Form>
  );
}
