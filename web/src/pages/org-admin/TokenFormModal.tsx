import { Form, type FormInstance, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { limits } from '../../../../src/shared/limits';
import type { CreateTokenInput } from '../../api/types';
import { FormModal } from '../../components/FormModal';

interface Props {
  form: FormInstance<CreateTokenInput>;
  open: boolean;
  onCancel: () => void;
  onSubmit: (values: CreateTokenInput) => Promise<void>;
}

/** Bounds of the API's createTokenBody: 1 day to 10 years, or no expiry when left empty. */
const MAX_DAYS = 3650;

export function TokenFormModal({ form, open, onCancel, onSubmit }: Props) {
  const { t } = useTranslation();
  return (
    <FormModal<CreateTokenInput>
      title={t('token.add')}
      open={open}
      form={form}
      initialValues={{ role: 'member', expiresInDays: 365 }}
      onCancel={onCancel}
      onSubmit={(values) => onSubmit({ ...values, name: values.name.trim(), expiresInDays: values.expiresInDays ?? null })}
      testId="token-form"
    >
      <Form.Item
        name="name"
        label={t('token.name')}
        extra={t('token.nameHint')}
        rules={[
          { required: true, whitespace: true, message: t('validation.required') },
          { max: limits.tokenName.max, message: t('validation.max', { max: limits.tokenName.max }) },
        ]}
      >
        <Input />
      </Form.Item>
      <Form.Item name="role" label={t('member.role')} extra={t('token.roleHint')}>
        <Select
          options={[
            { value: 'member', label: t('role.member') },
            { value: 'reader', label: t('role.reader') },
          ]}
        />
      </Form.Item>
      <Form.Item name="expiresInDays" label={t('token.expiresInDays')} extra={t('token.expiresHint')}>
        <InputNumber min={1} max={MAX_DAYS} precision={0} style={{ width: 160 }} />
      </Form.Item>
    </FormModal>
  );
}
