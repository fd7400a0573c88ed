import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

// Result carries large illustrations: this file is loaded only when a page is refused or missing.

export function ForbiddenPage() {
  const { t } = useTranslation();
  return <Result status="403" title="403" subTitle={t('errors.pageForbidden')} />;
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('errors.pageNotFound')} />;
}
