import { Alert, Button, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CreatedApiToken } from '../../api/types';

/** The only time the secret is visible: the server keeps just its hash. */
export function TokenSecretModal({ token, onClose }: { token: CreatedApiToken | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      title={t('token.secretTitle')}
      open={token !== null}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('token.secretDone')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('token.secretWarning')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph copyable={{ text: token?.token ?? '', tooltips: [t('common.copy'), t('common.copied')] }} code data-testid="token-secret" style={{ wordBreak: 'break-all' }}>
        {token?.token}
      </Typography.Paragraph>
    </Modal>
  );
}
