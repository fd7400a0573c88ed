import { EditOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { limits } from '../../../../src/shared/limits';
import { organisationsApi } from '../../api/endpoints';
import { useRegionName } from '../../api/regions';
import type { Organisation, UpdateOrganisationBody } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { OrganisationTypeTag } from '../../components/OrganisationTypeTag';
import { UserText } from '../../components/UserText';

interface ProfileForm {
  nameZh: string;
  nameEn: string;
  regionCode: string;
  creditCode: string;
  contactPhone: string;
}

/** Empty optional fields are cleared on the server (null), not stored as empty strings. */
function toBody(values: ProfileForm): UpdateOrganisationBody {
  return {
    nameZh: values.nameZh.trim(),
    nameEn: values.nameEn.trim(),
    regionCode: values.regionCode.trim(),
    creditCode: values.creditCode.trim() ? values.creditCode.trim().toUpperCase() : null,
    contactPhone: values.contactPhone.trim() || null,
  };
}

export function ProfilePanel({ organisation }: { organisation: Organisation }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const regionName = useRegionName();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ProfileForm>();
  const [editing, setEditing] = useState(false);
  const update = useMutation({
    mutationFn: (body: UpdateOrganisationBody) => organisationsApi.update(organisation.id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['organisations'] }),
  });

  const required = { required: true, whitespace: true, message: t('validation.required') };

  return (
    <>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        extra={
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-profile">
            {t('common.edit')}
          </Button>
        }
        items={[
          { key: 'code', label: t('org.code'), children: <UserText lang="zxx">{organisation.code}</UserText> },
          { key: 'type', label: t('org.type'), children: <OrganisationTypeTag type={organisation.type} /> },
          { key: 'nameZh', label: t('org.nameZh'), children: <UserText lang="zh-CN">{organisation.nameZh}</UserText> },
          { key: 'nameEn', label: t('org.nameEn'), children: <UserText lang="en">{organisation.nameEn}</UserText> },
          { key: 'region', label: t('org.region'), children: `${regionName(organisation.regionCode)} (${organisation.regionCode})` },
          { key: 'creditCode', label: t('org.creditCode'), children: organisation.creditCode ? <UserText lang="zxx">{organisation.creditCode}</UserText> : '—' },
          { key: 'contactPhone', label: t('org.contactPhone'), children: organisation.contactPhone ?? '—' },
        ]}
      />
      <FormModal<ProfileForm>
        title={t('org.editProfile')}
        open={editing}
        form={form}
        initialValues={{
          nameZh: organisation.nameZh,
          nameEn: organisation.nameEn,
          regionCode: organisation.regionCode,
          creditCode: organisation.creditCode ?? '',
          contactPhone: organisation.contactPhone ?? '',
        }}
        onCancel={() => setEditing(false)}
        onSubmit={async (values) => {
          await update.mutateAsync(toBody(values));
          setEditing(false);
          void message.success(t('common.saved'));
        }}
        testId="profile-form"
      >
        <Form.Item name="nameZh" label={t('org.nameZh')} rules={[required, { max: limits.orgName.max, message: t('validation.max', { max: limits.orgName.max }) }]}>
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('org.nameEn')} rules={[required, { max: limits.orgName.max, message: t('validation.max', { max: limits.orgName.max }) }]}>
          <Input />
        </Form.Item>
        <Form.Item name="regionCode" label={t('org.region')} rules={[required, { pattern: limits.regionCode.pattern, message: t('validation.regionCode') }]}>
          <Input maxLength={6} />
        </Form.Item>
        <Form.Item
          name="creditCode"
          label={t('org.creditCode')}
          normalize={(value: string) => value.toUpperCase()}
          rules={[{ pattern: limits.creditCode.pattern, message: t('validation.creditCode') }]}
        >
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('org.contactPhone')} rules={[{ max: 40, message: t('validation.max', { max: 40 }) }]}>
          <Input />
        </Form.Item>
      </FormModal>
    </>
  );
}
