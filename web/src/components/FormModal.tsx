import { Form, type FormInstance, Modal } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiErrorHandler } from '../api/errors';

interface Props<T> {
  title: ReactNode;
  open: boolean;
  form: FormInstance<T>;
  initialValues?: Partial<T>;
  onCancel: () => void;
  /** Resolves when saved; a rejected ApiError puts the server's field errors on the form. */
  onSubmit: (values: T) => Promise<void>;
  children: ReactNode;
  testId?: string;
}

/**
 * A modal with one form: client-side rules first (limits shared with the server), then the
 * request; the server's answer is the last word and its field errors land on the same items.
 */
export function FormModal<T extends object>({ title, open, form, initialValues, onCancel, onSubmit, children, testId }: Props<T>) {
  const { t } = useTranslation();
  const handleError = useApiErrorHandler();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    let values: T;
    try {
      values = await form.validateFields();
    } catch {
      return; // The form already marks the failing items.
    }
    setBusy(true);
    try {
      await onSubmit(values);
    } catch (error) {
      handleError(error, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={title}
      open={open}
      onOk={() => void submit()}
      onCancel={onCancel}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form<T> form={form} data-testid={testId} layout="vertical" initialValues={initialValues} preserve={false} onFinish={() => void submit()}>
        {children}
        {/* Enter in any field submits, as in a normal form. */}
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
