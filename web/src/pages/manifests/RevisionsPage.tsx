import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { RevisionsCard } from './RevisionsCard';

/** /manifests/:id/revisions: a manifest's versions and corrections on a page of their own. */
export default function RevisionsPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  return (
    <>
      <Typography.Title level={3}>{t('manifestRegulation.revisions.pageTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('manifestRegulation.revisions.intro')}</Typography.Paragraph>
      <RevisionsCard manifestId={id} />
    </>
  );
}
