import { App, Button, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/call';
import { ApiError } from '../../api/client';
import { registerDevice } from '../../../../src/modules/manifests/manifests.field.contract';
import { generateDeviceKey, publicKeyBase64 } from './statement';
import { fieldStore } from './store';

/** Whether the browser believes it is online, following its `online` and `offline` events. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return online;
}

/** Registers this phone's key for the logged-in person (password once); offline, the key signs. */
export function RegisterPhone({ userId, onDone }: { userId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ password: string }>();
  const submit = async ({ password }: { password: string }) => {
    setBusy(true);
    try {
      const keys = await generateDeviceKey();
      const device = await call(registerDevice, { body: { publicKey: await publicKeyBase64(keys.publicKey), label: navigator.userAgent.slice(0, 100), password } });
      await fieldStore.putKey({ slot: `person:${userId}`, id: device.id, privateKey: keys.privateKey, grant: null, userId, manifestId: null, plate: null, driverName: null });
      setOpen(false);
      onDone();
    } catch (error) {
      const wrong = error instanceof ApiError && error.problem.errors?.some((e) => e.field === 'password');
      void message.error(wrong ? t('manifests.onSite.msg.passwordWrong') : t('manifests.onSite.msg.registerFailed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button type="primary" data-testid="field-register" onClick={() => setOpen(true)}>
        {t('manifests.onSite.register')}
      </Button>
      <Modal open={open} title={t('manifests.onSite.register')} onCancel={() => setOpen(false)} onOk={() => form.submit()} okButtonProps={{ loading: busy, 'data-testid': 'field-register-ok' }} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('manifests.onSite.registerHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item name="password" label={t('manifests.onSite.password')} rules={[{ required: true, message: t('manifests.onSite.password') }]}>
            <Input.Password autoComplete="current-password" data-testid="field-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

