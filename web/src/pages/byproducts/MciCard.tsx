import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Form, Input, InputNumber, Modal, Row, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiErrorHandler } from '../../api/errors';
import { bpApi, type FirmInputsInput, type Mci, num } from './api';

const pct = (x: number | undefined) => (x === undefined ? '—' : `${num(x * 100, 1)} %`);

type InputsForm = Omit<FirmInputsInput, 'note'> & { note?: string };

/**
 * The firm's Material Circularity Indicator (EMF) with the terms it came from, or why it is not
 * available; firms (and their park administration) declare the period's inputs here.
 */
export function MciCard({ mci, organisation, period, canDeclare }: { mci: Mci; organisation: string; period: string; canDeclare: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<InputsForm>();
  const [open, setOpen] = useState(false);
  const save = useMutation({
    // An emptied number field is null; the masses and shares it stands for are then 0.
    mutationFn: (v: InputsForm) =>
      bpApi.putFirmInputs(organisation, period, {
        ...v,
        recycledFeedstockT: v.recycledFeedstockT ?? 0,
        reusedFeedstockT: v.reusedFeedstockT ?? 0,
        productRecycledFraction: v.productRecycledFraction ?? 0,
        productReusedFraction: v.productReusedFraction ?? 0,
        note: v.note?.trim() ? v.note.trim() : null,
      }),
    onSuccess: () => {
      void message.success(t('byproducts.mci.saved', { period }));
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: ['byproducts', 'figures'] });
    },
    onError: (error) => onError(error, form),
  });
  const declared = mci.inputs;
  const openForm = () => {
    form.resetFields();
    form.setFieldsValue(
      declared && declared.period === period
        ? { ...declared, note: declared.note ?? undefined }
        : { virginFeedstockT: undefined, recycledFeedstockT: 0, reusedFeedstockT: 0, recycledFeedstockEfficiency: null, productRecycledFraction: 0, productReusedFraction: 0, recyclingEfficiency: null, utility: null },
    );
    setOpen(true);
  };
  const terms = mci.terms;
  const fraction = { min: 0, max: 1, step: 0.05, style: { width: '100%' } } as const;

  return (
    <Card
      size="small"
      title={t('byproducts.mci.title', { period })}
      data-testid="mci-card"
      extra={
        canDeclare && (
          <Button size="small" onClick={openForm} data-testid="declare-inputs">
            {t('byproducts.mci.declare')}
          </Button>
        )
      }
    >
      <Row gutter={16} align="middle">
        <Col xs={24} md={6}>
          <Statistic title="MCI" valueRender={() => <span data-testid="mci-value">{mci.value === null ? '—' : mci.value.toFixed(3)}</span>} />
        </Col>
        <Col xs={24} md={18}>
          {mci.value === null ? (
            <Typography.Text type="warning" data-testid="mci-reason">
              {t(`byproducts.mci.reason.${mci.reasonCode ?? 'no-inputs'}`)}
            </Typography.Text>
          ) : (
            terms && (
              <Descriptions size="small" layout="vertical" column={{ xs: 2, md: 3, xl: 6 }}>
                <Descriptions.Item label={t('byproducts.mci.M')}>{num(terms.M, 0)} t</Descriptions.Item>
                <Descriptions.Item label={t('byproducts.mci.FR')}>{pct(terms.FR)}</Descriptions.Item>
                <Descriptions.Item label={t('byproducts.mci.CR')}>{pct(terms.CR)}</Descriptions.Item>
                <Descriptions.Item label={t('byproducts.mci.CU')}>{pct(terms.CU)}</Descriptions.Item>
                <Descriptions.Item label={t('byproducts.mci.LFI')}>{num(terms.LFI, 3)}</Descriptions.Item>
                <Descriptions.Item label={t('byproducts.mci.X')}>{num(terms.X, 2)}</Descriptions.Item>
              </Descriptions>
            )
          )}
          <div>
            {mci.assumptions.map((a) => (
              <Tag key={a} style={{ marginTop: 4 }}>
                {t(`byproducts.mci.assumption.${a}`)}
              </Tag>
            ))}
            {declared && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('byproducts.mci.declaredFor', { period: declared.period })}
              </Typography.Text>
            )}
          </div>
        </Col>
      </Row>
      <Modal
        open={open}
        title={t('byproducts.mci.formTitle', { period })}
        okText={t('byproducts.streams.save')}
        okButtonProps={{ 'data-testid': 'save-inputs' }}
        confirmLoading={save.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => void form.validateFields().then((v) => save.mutate(v), () => undefined)}
        destroyOnHidden
        forceRender
        width={640}
      >
        <Typography.Paragraph type="secondary">{t('byproducts.mci.formIntro')}</Typography.Paragraph>
        <Form form={form} layout="vertical" data-testid="inputs-form">
          <Row gutter={16}>
            <Col xs={24} sm={8}>
              <Form.Item name="virginFeedstockT" label={t('byproducts.mci.virginFeedstockT')} rules={[{ required: true, message: t('byproducts.form.required') }]}>
                <InputNumber min={0} style={{ width: '100%' }} suffix="t" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item name="recycledFeedstockT" label={t('byproducts.mci.recycledFeedstockT')}>
                <InputNumber min={0} style={{ width: '100%' }} suffix="t" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item name="recycledFeedstockEfficiency" label={t('byproducts.mci.recycledFeedstockEfficiency')}>
                <InputNumber {...fraction} min={0.01} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item name="productRecycledFraction" label={t('byproducts.mci.productRecycledFraction')}>
                <InputNumber {...fraction} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item name="productReusedFraction" label={t('byproducts.mci.productReusedFraction')}>
                <InputNumber {...fraction} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item name="recyclingEfficiency" label={t('byproducts.mci.recyclingEfficiency')}>
                <InputNumber {...fraction} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item name="utility" label={t('byproducts.mci.utility')} extra={t('byproducts.mci.utilityHint')}>
                <InputNumber min={0.01} step={0.1} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={16}>
              <Form.Item name="note" label={t('byproducts.mci.note')}>
                <Input maxLength={500} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="reusedFeedstockT" hidden>
            <InputNumber />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
