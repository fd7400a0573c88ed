import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, List, Modal, Select, Space, Switch, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiErrorHandler } from '../../api/errors';
import { UserText } from '../../components/UserText';
import { transporterPermits } from '../../../../src/modules/manifests/engine/duties';
import { type Duty, lawApi } from './lawApi';

interface EditionForm {
  wasteList: 'general' | 'hazardous';
  category?: string;
  edition: string;
  inForceFrom: Dayjs;
  maxCategories?: number | null;
  retentionYears: number;
  permits: (typeof transporterPermits)[number][];
  rule: string;
  unverified: boolean;
}

/**
 * The duties per waste class as the platform keeps them (issue 13): every edition with the rule
 * it comes from, the one in force marked, recalled values flagged as unverified; platform admins
 * add an edition (earlier ones stay, so a manifest is judged by the edition of its day).
 */
export default function DutiesPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const duties = useQuery({ queryKey: ['manifest-duties'], queryFn: () => lawApi.duties() });
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<EditionForm>();
  const add = useMutation({
    mutationFn: (v: EditionForm) =>
      lawApi.addDuty({ wasteList: v.wasteList, category: v.category?.trim() ?? '', edition: v.edition, inForceFrom: v.inForceFrom.format('YYYY-MM-DD'), maxCategories: v.maxCategories ?? null, retentionYears: v.retentionYears, permits: v.permits, rule: v.rule, unverified: v.unverified }),
    onSuccess: () => {
      void message.success(t('common.saved'));
      setOpen(false);
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: ['manifest-duties'] });
    },
    onError: (e) => onError(e, form),
  });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const items = duties.data?.items ?? [];

  const describe = (d: Duty) => (
    <Space direction="vertical" size={4} style={{ width: '100%', minWidth: 0 }}>
      <Space size={4} wrap>
        <Tag color={d.wasteList === 'hazardous' ? 'volcano' : 'green'}>{t(`manifestLaw.list.${d.wasteList}`)}</Tag>
        {d.category ? <Tag>{d.category}</Tag> : <Tag>{t('manifestLaw.duties.wholeClass')}</Tag>}
        {d.inForce ? <Tag color="blue" data-testid="duty-in-force">{t('manifestLaw.duties.inForce')}</Tag> : <Tag>{d.replacedOn ? t('manifestLaw.duties.replaced', { day: date.format(new Date(d.replacedOn)) }) : t('manifestLaw.duties.future')}</Tag>}
        {d.unverified && <Tag color="orange">{t('manifestLaw.duties.unverified')}</Tag>}
      </Space>
      <Typography.Text strong style={{ overflowWrap: 'anywhere' }}><UserText>{d.edition}</UserText></Typography.Text>
      <Typography.Text type="secondary">{t('manifestLaw.duties.from', { day: date.format(new Date(d.inForceFrom)) })}</Typography.Text>
      <Typography.Text>
        {d.maxCategories === null ? t('manifestLaw.duties.noLimit') : t('manifestLaw.duties.maxCategories', { count: d.maxCategories })}
        {t('manifestLaw.sep')}
        {t('manifestLaw.duties.retention', { count: d.retentionYears })}
      </Typography.Text>
      <Space size={4} wrap>
        {d.permits.length === 0 ? <Typography.Text type="secondary">{t('manifestLaw.duties.noPermits')}</Typography.Text> : d.permits.map((p) => <Tag key={p}>{t(`manifestLaw.permit.${p}`)}</Tag>)}
      </Space>
      <Typography.Text type="secondary" style={{ overflowWrap: 'anywhere' }}>{t('manifestLaw.duties.rule')}<UserText>{d.rule}</UserText></Typography.Text>
    </Space>
  );

  return (
    <>
      <Typography.Title level={3}>{t('manifestLaw.duties.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('manifestLaw.duties.intro')}</Typography.Paragraph>
      {duties.isError && <Alert type="error" showIcon title={t('errors.loadFailed')} style={{ marginBottom: 16 }} />}
      <Card extra={<Button type="primary" onClick={() => setOpen(true)} data-testid="duty-add">{t('manifestLaw.duties.add')}</Button>}>
        <List dataSource={items} loading={duties.isFetching} data-testid="duties-list" renderItem={(d) => <List.Item key={d.id} data-testid="duty-item">{describe(d)}</List.Item>} />
      </Card>
      <Modal open={open} title={t('manifestLaw.duties.add')} okText={t('common.save')} okButtonProps={{ loading: add.isPending, 'data-testid': 'duty-save' }} onOk={() => form.submit()} onCancel={() => setOpen(false)} destroyOnHidden>
        <Form<EditionForm> form={form} layout="vertical" initialValues={{ wasteList: 'hazardous', permits: [], unverified: true, retentionYears: 5 }} onFinish={(v) => add.mutate(v)}>
          <Form.Item name="wasteList" label={t('manifestLaw.duties.field.list')} rules={[{ required: true }]}>
            <Select options={(['general', 'hazardous'] as const).map((l) => ({ value: l, label: t(`manifestLaw.list.${l}`) }))} />
          </Form.Item>
          <Form.Item name="category" label={t('manifestLaw.duties.field.category')} extra={t('manifestLaw.duties.field.categoryHint')}>
            <Input maxLength={4} data-testid="duty-category" />
          </Form.Item>
          <Form.Item name="edition" label={t('manifestLaw.duties.field.edition')} rules={[{ required: true, message: t('manifestLaw.duties.field.required') }]}>
            <Input maxLength={300} data-testid="duty-edition" />
          </Form.Item>
          <Form.Item name="inForceFrom" label={t('manifestLaw.duties.field.inForceFrom')} rules={[{ required: true, message: t('manifestLaw.duties.field.required') }]}>
            <DatePicker style={{ width: '100%' }} data-testid="duty-from" />
          </Form.Item>
          <Form.Item name="maxCategories" label={t('manifestLaw.duties.field.maxCategories')} extra={t('manifestLaw.duties.field.maxCategoriesHint')}>
            <InputNumber min={1} max={50} style={{ width: '100%' }} data-testid="duty-max" />
          </Form.Item>
          <Form.Item name="retentionYears" label={t('manifestLaw.duties.field.retentionYears')} rules={[{ required: true, message: t('manifestLaw.duties.field.required') }]}>
            <InputNumber min={0} max={100} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="permits" label={t('manifestLaw.duties.field.permits')}>
            <Select mode="multiple" options={transporterPermits.map((p) => ({ value: p, label: t(`manifestLaw.permit.${p}`) }))} />
          </Form.Item>
          <Form.Item name="rule" label={t('manifestLaw.duties.field.rule')} rules={[{ required: true, message: t('manifestLaw.duties.field.required') }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="duty-rule" />
          </Form.Item>
          <Form.Item name="unverified" label={t('manifestLaw.duties.field.unverified')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
