import { Col, Form, type FormInstance, Input, InputNumber, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { limits } from '../../../../src/shared/limits';
import type { Site, SiteBody } from '../../api/types';
import { FormModal } from '../../components/FormModal';

interface Props {
  form: FormInstance<SiteBody>;
  open: boolean;
  /** null: a new site. */
  site: Site | null;
  onCancel: () => void;
  onSubmit: (body: SiteBody) => Promise<void>;
}

export function SiteFormModal({ form, open, site, onCancel, onSubmit }: Props) {
  const { t } = useTranslation();
  const required = { required: true, message: t('validation.required') };
  return (
    <FormModal<SiteBody>
      title={site ? t('site.edit') : t('site.add')}
      open={open}
      form={form}
      initialValues={site ? { name: site.name, address: site.address, latitude: site.latitude, longitude: site.longitude } : {}}
      onCancel={onCancel}
      onSubmit={(values) => onSubmit({ ...values, name: values.name.trim(), address: values.address.trim() })}
      testId="site-form"
    >
      <Form.Item name="name" label={t('site.name')} rules={[{ ...required, whitespace: true }, { max: limits.siteName.max, message: t('validation.max', { max: limits.siteName.max }) }]}>
        <Input />
      </Form.Item>
      <Form.Item name="address" label={t('site.address')} rules={[{ ...required, whitespace: true }, { max: limits.address.max, message: t('validation.max', { max: limits.address.max }) }]}>
        <Input />
      </Form.Item>
      <Row gutter={12}>
        {/* WGS-84 degrees; the same bounds as the API's site schema. */}
        <Col xs={24} sm={12}>
          <Form.Item name="latitude" label={t('site.latitude')} rules={[required, { type: 'number', min: -90, max: 90, message: t('validation.latitude') }]}>
            <InputNumber style={{ width: '100%' }} step={0.0001} precision={6} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="longitude" label={t('site.longitude')} rules={[required, { type: 'number', min: -180, max: 180, message: t('validation.longitude') }]}>
            <InputNumber style={{ width: '100%' }} step={0.0001} precision={6} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
