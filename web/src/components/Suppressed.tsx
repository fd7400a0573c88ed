import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SuppressionReason } from '../../../src/shared/disclosure';

/**
 * A public aggregate withheld by disclosure control (too few firms, dominated by the largest, or
 * it would reveal another withheld figure by difference), with the reason translated.
 */
export function Suppressed({ reason, testId = 'suppressed' }: { reason: SuppressionReason; testId?: string }) {
  const { t } = useTranslation();
  return <Alert type="info" showIcon message={t('disclosure.suppressed')} description={t(`disclosure.reason.${reason}`)} data-testid={testId} />;
}
