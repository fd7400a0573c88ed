import { KeyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, QRCode, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { issueDriverCode } from '../../../../src/modules/manifests/manifests.field.contract';
import type { ResponseOf } from '../../../../src/shared/contract';
import { call } from '../../api/call';
import { UserText } from '../../components/UserText';
import type { Manifest } from './api';

type IssuedCode = ResponseOf<typeof issueDriverCode>;
interface CodeForm {
  position: number;
  plate: string;
  driverName: string;
  minutes: number;
}

const VALIDITY_HOURS = [1, 4, 12, 24] as const;

/** Where the driver's phone goes: the on-site signing page with the code filled in. */
const fieldUrl = (code: string) => `${window.location.origin}/field?code=${encodeURIComponent(code)}`;

function Issued({ issued }: { issued: IssuedCode }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" align="center" style={{ width: '100%' }} data-testid="driver-code-issued">
      <Alert type="warning" showIcon message={t('manifestLabel.driverCode.showOnce')} />
      <Typography.Text strong style={{ fontSize: 28, letterSpacing: 2, fontFamily: 'monospace' }} data-testid="driver-code-value">
        <UserText>{issued.code}</UserText>
      </Typography.Text>
      <Typography.Text>
        <UserText>{issued.plate}</UserText> · <UserText>{issued.driverName}</UserText>
      </Typography.Text>
      <QRCode value={fieldUrl(issued.code)} size={200} data-testid="driver-code-qr" />
      <Typography.Text type="secondary">{t('manifestLabel.driverCode.scan')}</Typography.Text>
      <Typography.Text type="secondary">{t('manifestLabel.driverCode.expires', { at: dayjs(issued.expiresAt).format('YYYY-MM-DD HH:mm') })}</Typography.Text>
    </Space>
  );
}

/**
 * For the transporter's staff (issue 13): a one-time code for a driver without an account, bound
 * to this manifest, the leg, the plate and the driver; shown once, as text and as a QR code that
 * opens the phone's on-site signing page with the code filled in.
 */
export function DriverCodeCard({ manifest }: { manifest: Manifest }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<IssuedCode | null>(null);
  const [form] = Form.useForm<CodeForm>();
  const positions = manifest.actions.driverCodes;
  const leg = (position: number) => manifest.transporterDetails.find((x) => x.position === position);
  const defaults = (position: number): CodeForm => ({ position, plate: leg(position)?.plate ?? '', driverName: leg(position)?.driverName ?? '', minutes: 240 });

  const start = () => {
    setIssued(null);
    setOpen(true);
  };
  const submit = async (v: CodeForm) => {
    setBusy(true);
    try {
      setIssued(await call(issueDriverCode, { params: { id: manifest.id }, body: { position: v.position, plate: v.plate.trim(), driverName: v.driverName.trim(), minutes: v.minutes } }));
    } catch {
      void message.error(t('manifestLabel.driverCode.failed'));
    } finally {
      setBusy(false);
    }
  };
  const required = [{ required: true, whitespace: true, message: t('manifestLabel.driverCode.required') }];

  return (
    <Card size="small" title={t('manifestLabel.driverCode.title')} data-testid="driver-code-card">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('manifestLabel.driverCode.hint')}</Typography.Text>
        <Button icon={<KeyOutlined />} onClick={start} data-testid="driver-code-open">
          {t('manifestLabel.driverCode.open')}
        </Button>
      </Space>
      <Modal
        open={open}
        title={issued ? t('manifestLabel.driverCode.issued') : t('manifestLabel.driverCode.dialogTitle')}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        footer={
          issued ? (
            <Space wrap>
              <Button onClick={() => setIssued(null)}>{t('manifestLabel.driverCode.another')}</Button>
              <Button type="primary" onClick={() => setOpen(false)} data-testid="driver-code-close">
                {t('manifestLabel.driverCode.close')}
              </Button>
            </Space>
          ) : (
            <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="driver-code-issue">
              {t('manifestLabel.driverCode.issue')}
            </Button>
          )
        }
      >
        {issued ? (
          <Issued issued={issued} />
        ) : (
          <Form form={form} layout="vertical" initialValues={defaults(positions[0]!)} onFinish={(v) => void submit(v)} preserve={false}>
            <Form.Item name="position" label={t('manifestLabel.driverCode.position')} hidden={positions.length < 2}>
              <Select
                options={positions.map((p) => ({ value: p, label: t('manifestLabel.driverCode.positionN', { position: p }) }))}
                onChange={(p: number) => form.setFieldsValue({ plate: defaults(p).plate, driverName: defaults(p).driverName })}
              />
            </Form.Item>
            <Form.Item name="plate" label={t('manifestLabel.driverCode.plate')} rules={required}>
              <Input maxLength={20} data-testid="driver-code-plate" />
            </Form.Item>
            <Form.Item name="driverName" label={t('manifestLabel.driverCode.driverName')} rules={required}>
              <Input maxLength={100} data-testid="driver-code-driver" />
            </Form.Item>
            <Form.Item name="minutes" label={t('manifestLabel.driverCode.minutes')}>
              <Select options={VALIDITY_HOURS.map((h) => ({ value: h * 60, label: t('manifestLabel.driverCode.hours', { count: h }) }))} />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </Card>
  );
}
