import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { UserText } from '../../components/UserText';
import { type Manifest, manifestsApi } from './api';

type Links = Manifest['genealogy']['parents'];

function LinkList({ links }: { links: Links }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={2} style={{ minWidth: 0 }}>
      {links.map((l) => (
        <Space key={`${l.operationId}-${l.manifestId}`} wrap size={4}>
          <Link to={`/manifests/${l.manifestId}`} data-testid="genealogy-link">
            <UserText>{l.number}</UserText>
          </Link>
          <Tag>{t(`manifests.genealogy.kind.${l.kind}`)}</Tag>
          <Typography.Text type="secondary">{dayjs(l.at).format('YYYY-MM-DD HH:mm')}</Typography.Text>
        </Space>
      ))}
    </Space>
  );
}

/**
 * Where the load came from and went to through transfer stations (parents and children), and
 * the EPCIS 2.0 downloads: the manifest's own events, and the whole batch when it has a genealogy.
 */
export function GenealogyCard({ m }: { m: Manifest }) {
  const { t } = useTranslation();
  const { parents, children } = m.genealogy;
  const linked = parents.length > 0 || children.length > 0;
  return (
    <Card size="small" title={t('manifests.genealogy.title')} data-testid="genealogy-card">
      <Space orientation="vertical" size="small" style={{ width: '100%' }}>
        {linked && (
          <Descriptions size="small" bordered column={1}>
            {parents.length > 0 && (
              <Descriptions.Item label={t('manifests.genealogy.parents')}>
                <LinkList links={parents} />
              </Descriptions.Item>
            )}
            {children.length > 0 && (
              <Descriptions.Item label={t('manifests.genealogy.children')}>
                <LinkList links={children} />
              </Descriptions.Item>
            )}
          </Descriptions>
        )}
        <Space wrap>
          <Button icon={<DownloadOutlined />} href={manifestsApi.epcisUrl(m.id)} download={`${m.number}.jsonld`} data-testid="epcis-download">
            {t('manifests.genealogy.epcis')}
          </Button>
          {linked && (
            <Button icon={<DownloadOutlined />} href={manifestsApi.epcisUrl(m.id, true)} download={`${m.number}-genealogy.jsonld`} data-testid="epcis-batch-download">
              {t('manifests.genealogy.epcisBatch')}
            </Button>
          )}
        </Space>
        <Typography.Text type="secondary">{t('manifests.genealogy.epcisHint')}</Typography.Text>
      </Space>
    </Card>
  );
}
