import { Alert, Form, type FormInstance, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { limits, membershipRoles } from '../../../../src/shared/limits';
import type { MembershipRole } from '../../api/types';
import { FormModal } from '../../components/FormModal';

export interface MemberForm {
  username: string;
  displayName?: string;
  email?: string;
  password?: string;
  role: MembershipRole;
}

interface Props {
  form: FormInstance<MemberForm>;
  open: boolean;
  onCancel: () => void;
  onSubmit: (values: MemberForm) => Promise<void>;
}

/**
 * Invites a person by username. Display name and password are optional: with them, an account is
 * created when nobody has the username (its first login accepts the invitation). The server's
 * answer is the same either way, so the form cannot tell the admin whether the username exists.
 */
export function MemberFormModal({ form, open, onCancel, onSubmit }: Props) {
  const { t } = useTranslation();
  return (
    <FormModal<MemberForm> title={t('member.add')} open={open} form={form} initialValues={{ role: 'member' }} onCancel={onCancel} onSubmit={onSubmit} testId="member-form">
      <Alert type="info" showIcon title={t('member.existingHint')} style={{ marginBottom: 16 }} />
      <Form.Item
        name="username"
        label={t('member.username')}
        normalize={(value: string) => value.toLowerCase()}
        rules={[
          { required: true, message: t('validation.required') },
          { min: limits.username.min, message: t('validation.min', { min: limits.username.min }) },
          { max: limits.username.max, message: t('validation.max', { max: limits.username.max }) },
          { pattern: limits.username.pattern, message: t('validation.username') },
        ]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="displayName" label={t('member.displayName')} rules={[{ max: limits.displayName.max, message: t('validation.max', { max: limits.displayName.max }) }]}>
        <Input />
      </Form.Item>
      <Form.Item name="email" label={t('member.email')} rules={[{ type: 'email', message: t('validation.email') }]}>
        <Input type="email" />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('member.password')}
        extra={t('member.passwordHint', { min: limits.password.min })}
        rules={[
          { min: limits.password.min, message: t('validation.min', { min: limits.password.min }) },
          { max: limits.password.max, message: t('validation.max', { max: limits.password.max }) },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item name="role" label={t('member.role')} rules={[{ required: true, message: t('validation.required') }]}>
        <Select options={membershipRoles.map((role) => ({ value: role, label: t(`role.${role}`) }))} />
      </Form.Item>
    </FormModal>
  );
}
