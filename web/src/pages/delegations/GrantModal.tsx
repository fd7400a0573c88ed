import { Checkbox, DatePicker, Form, type FormInstance, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { delegationScopes } from '../../../../src/modules/delegations/delegations.scopes';
import { FormModal } from '../../components/FormModal';
import { OrganisationPicker } from '../../components/OrganisationPicker';
import type { GrantInput } from './api';

export interface GrantForm {
  granteeId: string;
  scopes: GrantInput['scopes'];
  validity?: [Dayjs | null, Dayjs | null];
  note?: string;
}

interface Props {
  form: FormInstance<GrantForm>;
  open: boolean;
  onCancel: () => void;
  onSubmit: (values: GrantInput) => Promise<void>;
}

/** Grant another organisation the right to act for the viewer's: whom, what, from when until when. */
export function GrantModal({ form, open, onCancel, onSubmit }: Props) {
  const { t } = useTranslation();
  return (
    <FormModal<GrantForm>
      title={t('delegations.grant')}
      open={open}
      form={form}
      onCancel={onCancel}
      onSubmit={(v) =>
        onSubmit({
          granteeId: v.granteeId,
          scopes: v.scopes,
          ...(v.validity?.[0] ? { validFrom: v.validity[0].startOf('day').toISOString() } : {}),
          ...(v.validity?.[1] ? { validUntil: v.validity[1].endOf('day').toISOString() } : {}),
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        })
      }
      testId="grant-form"
    >
      <Form.Item name="granteeId" label={t('delegations.field.grantee')} extra={t('delegations.granteeHint')} rules={[{ required: true, message: t('validation.required') }]}>
        <OrganisationPicker testId="grantee-picker" />
      </Form.Item>
      <Form.Item name="scopes" label={t('delegations.field.scopes')} rules={[{ required: true, type: 'array', min: 1, message: t('delegations.scopesRequired') }]}>
        <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }} options={delegationScopes.map((s) => ({ value: s, label: t(`delegations.scope.${s}`) }))} />
      </Form.Item>
      <Form.Item name="validity" label={t('delegations.field.validity')} extra={t('delegations.validityHint')}>
        <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="note" label={t('delegations.field.note')} rules={[{ max: 500, message: t('validation.max', { max: 500 }) }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormModal>
  );
}
