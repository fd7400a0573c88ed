import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Col, Form, type FormInstance, Input, InputNumber, Modal, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useApiErrorHandler } from '../../api/errors';
import { COMPUTED_FIGURES, type IndicatorDefinition, type IndicatorSystem, type ReviseSystemBody, symApi } from './api';

/** The categories the published systems use (HJ 274's four, the NDRC's three kinds, herbloop's own). */
const CATEGORIES = ['economy', 'symbiosis', 'resources', 'environment', 'composite', 'special', 'reference', 'platform'] as const;
const CODE = /^[a-z0-9-]{2,60}$/;

type Row = Omit<IndicatorDefinition, 'threshold' | 'computedFrom'> & { threshold: number | null | undefined; computedFrom: IndicatorDefinition['computedFrom'] | undefined; existing: boolean };
/** A form item's name path (the server's field, converted by `itemPath`). */
type FieldName = Parameters<FormInstance<Values>['setFields']>[0][number]['name'];
interface Values {
  nameZh: string;
  nameEn: string;
  edition: string;
  note: string | undefined;
  indicators: Row[];
}

/** "indicators[3].threshold" (the server's field) → the form item ['indicators', 3, 'threshold']. */
export function itemPath(field: string): (string | number)[] {
  return field
    .replace(/^body\./, '')
    .split(/[.[\]]/)
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Publishes a new version of an indicator system (human platform admins): the edition it comes
 * from, every indicator's names, unit, direction, threshold, the platform figure that computes it
 * (or none: offices enter it) and whether it was checked against the published text. The old
 * versions stay; evaluations use the newest.
 */
export function IndicatorSystemEditor({ system, onClose }: { system: IndicatorSystem; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (body: ReviseSystemBody) => symApi.reviseSystem(system.code, body),
    onSuccess: (r) => {
      void message.success(t('symbiosis.admin.saved', { n: r.version }));
      void queryClient.invalidateQueries({ queryKey: ['symbiosis'] });
      onClose();
    },
  });

  const submit = async () => {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    // The whole store: each row's `existing` flag has no form item, so validateFields leaves it out.
    const values = form.getFieldsValue(true) as Values;
    const body: ReviseSystemBody = {
      scope: system.scope,
      nameZh: values.nameZh,
      nameEn: values.nameEn,
      edition: values.edition,
      note: values.note?.trim() ? values.note.trim() : null,
      indicators: values.indicators.map(({ existing: _existing, ...d }) => ({ ...d, threshold: d.threshold ?? null, computedFrom: d.computedFrom ?? null, verified: d.verified === true })),
    };
    try {
      await save.mutateAsync(body);
    } catch (error) {
      // Field errors inside the list go to their row's item; the rest as one message.
      if (error instanceof ApiError && error.problem.errors?.some((e) => /indicators(\[|\.)\d+/.test(e.field))) {
        form.setFields(error.problem.errors.map((e) => ({ name: itemPath(e.field) as FieldName, errors: [e.message] })));
      } else onError(error, form);
    }
  };

  const initial: Values = {
    nameZh: system.nameZh,
    nameEn: system.nameEn,
    edition: system.edition,
    // The note says what this new version changes: it starts empty, not with the last version's.
    note: undefined,
    indicators: system.indicators.map((d) => ({ ...d, existing: true })),
  };
  const categoryOptions = CATEGORIES.map((c) => ({ value: c, label: t(`symbiosis.admin.categories.${c}`) }));
  const figureOptions = COMPUTED_FIGURES.map((f) => ({ value: f, label: t(`symbiosis.admin.figure.${f}`) }));
  const required = { required: true, whitespace: true, message: t('symbiosis.admin.required') };

  return (
    <Modal
      open
      width={820}
      title={t('symbiosis.admin.editTitle', { name: en ? system.nameEn : system.nameZh, n: system.version + 1 })}
      okText={t('symbiosis.admin.publish')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} data-testid="indicator-system-form">
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="nameZh" label={t('symbiosis.admin.nameZh')} rules={[required, { max: 200 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="nameEn" label={t('symbiosis.admin.nameEn')} rules={[required, { max: 200 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="edition" label={t('symbiosis.admin.edition')} extra={t('symbiosis.admin.editionHint')} rules={[required, { max: 200 }]}>
              <Input data-testid="indicator-system-edition-input" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="note" label={t('symbiosis.admin.changeNote')} rules={[{ max: 1000 }]}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} data-testid="indicator-system-note" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{t('symbiosis.admin.indicators')}</Typography.Title>
        <Form.List name="indicators">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, k) => {
                const existing = form.getFieldValue(['indicators', field.name, 'existing']) === true;
                return (
                  <Card
                    key={field.key}
                    size="small"
                    style={{ marginBottom: 8 }}
                    title={`${k + 1}.`}
                    data-testid={`indicator-row-${k}`}
                    extra={<Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('symbiosis.admin.remove')} onClick={() => remove(field.name)} disabled={fields.length <= 1} />}
                  >
                    <Row gutter={8}>
                      <Col xs={24} sm={12}>
                        <Form.Item name={[field.name, 'nameZh']} label={t('symbiosis.admin.nameZh')} rules={[required, { max: 200 }]}>
                          <Input />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={12}>
                        <Form.Item name={[field.name, 'nameEn']} label={t('symbiosis.admin.nameEn')} rules={[required, { max: 200 }]}>
                          <Input />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={8}>
                        <Form.Item
                          name={[field.name, 'code']}
                          label={t('symbiosis.admin.code')}
                          extra={existing ? undefined : t('symbiosis.admin.codeHint')}
                          rules={[
                            required,
                            { pattern: CODE, message: t('symbiosis.admin.codeHint') },
                            {
                              validator: async (_, value: string) => {
                                const all = (form.getFieldValue('indicators') as Row[]).map((r) => r?.code);
                                if (all.filter((c) => c === value).length > 1) throw new Error(t('symbiosis.admin.duplicateCode'));
                              },
                            },
                          ]}
                        >
                          <Input disabled={existing} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} sm={8}>
                        <Form.Item name={[field.name, 'category']} label={t('symbiosis.admin.category')} rules={[required]}>
                          <Select options={categoryOptions} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} sm={8}>
                        <Form.Item name={[field.name, 'unit']} label={t('symbiosis.eval.unit')} rules={[{ max: 40 }]}>
                          <Input />
                        </Form.Item>
                      </Col>
                      <Col xs={12} sm={8}>
                        <Form.Item name={[field.name, 'direction']} label={t('symbiosis.admin.direction')} rules={[required]}>
                          <Select options={(['higher', 'lower'] as const).map((d) => ({ value: d, label: t(`symbiosis.admin.directions.${d}`) }))} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} sm={8}>
                        <Form.Item name={[field.name, 'threshold']} label={t('symbiosis.eval.threshold')} extra={t('symbiosis.admin.thresholdHint')}>
                          <InputNumber style={{ width: '100%' }} data-testid={`indicator-threshold-${k}`} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={8}>
                        <Form.Item name={[field.name, 'computedFrom']} label={t('symbiosis.admin.valueFrom')}>
                          <Select allowClear placeholder={t('symbiosis.admin.enteredByOffice')} options={figureOptions} />
                        </Form.Item>
                      </Col>
                      <Col xs={24}>
                        <Form.Item name={[field.name, 'verified']} valuePropName="checked" style={{ marginBottom: 0 }}>
                          <Checkbox data-testid={`indicator-verified-${k}`}>{t('symbiosis.admin.verifiedCheck')}</Checkbox>
                        </Form.Item>
                      </Col>
                    </Row>
                  </Card>
                );
              })}
              <Button
                block
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ code: '', category: 'platform', nameZh: '', nameEn: '', unit: '', direction: 'higher', threshold: null, computedFrom: undefined, verified: false, existing: false } satisfies Row)}
                disabled={fields.length >= 200}
              >
                {t('symbiosis.admin.addIndicator')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
