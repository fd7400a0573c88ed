import { useQuery } from '@tanstack/react-query';
import { Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { exApi } from './api';

/** The organisations the viewer may list or post demands for under a delegation in force (none: the field is not shown). */
export function useGrantors() {
  return useQuery({ queryKey: ['exchange', 'grantors', 'exchange.list'], queryFn: () => exApi.grantors('exchange.list') });
}

/**
 * The forms' "on behalf of" picker: the park administration (or any organisation a firm
 * delegated listing to) chooses the firm it acts for; empty means its own organisation. The
 * server checks the delegation again on save (actingFor), so the picker only offers choices.
 */
export function ActingForField({ name, testId }: { name: string; testId: string }) {
  const { t, i18n } = useTranslation();
  const grantors = useGrantors();
  const items = grantors.data?.items ?? [];
  if (items.length === 0) return null;
  const en = i18n.language === 'en';
  return (
    <Form.Item name={name} label={t('exchange.form.actingFor')} extra={t('exchange.form.actingForHelp')}>
      <Select
        allowClear
        data-testid={testId}
        placeholder={t('exchange.form.actingForOwn')}
        options={items.map((g) => ({ value: g.organisation.id, label: en ? g.organisation.nameEn : g.organisation.nameZh }))}
      />
    </Form.Item>
  );
}
