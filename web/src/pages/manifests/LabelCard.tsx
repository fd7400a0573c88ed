import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { labelPdf, labelPng, labelSvg } from '../../../../src/modules/manifests/manifests.public.contract';
import { fillPath } from '../../../../src/shared/contract';

/**
 * The load's label for the manifest's parties (issue 13): the A6 PDF to print (Chinese, or
 * English for foreign partners) and the QR code alone; the code opens the public page.
 */
export function LabelCard({ manifestId }: { manifestId: string }) {
  const { t } = useTranslation();
  const params = { id: manifestId };
  const svg = fillPath(labelSvg.path, params);
  const links = [
    { key: 'pdf', href: fillPath(labelPdf.path, params), text: t('manifestLabel.label.pdf'), primary: true },
    { key: 'pdf-en', href: `${fillPath(labelPdf.path, params)}?lang=en`, text: t('manifestLabel.label.pdfEn'), primary: false },
    { key: 'png', href: fillPath(labelPng.path, params), text: t('manifestLabel.label.png'), primary: false },
    { key: 'svg', href: svg, text: t('manifestLabel.label.svg'), primary: false },
  ];
  return (
    <Card size="small" title={t('manifestLabel.label.title')} data-testid="label-card">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'flex-start' }}>
        <img src={svg} alt={t('manifestLabel.label.qrAlt')} width={128} height={128} style={{ flex: 'none', border: '1px solid #e8f3ec' }} data-testid="label-qr" />
        <Space orientation="vertical" style={{ flex: '1 1 200px', minWidth: 0 }}>
          <Typography.Text type="secondary">{t('manifestLabel.label.hint')}</Typography.Text>
          <Space wrap>
            {links.map((l) => (
              <Button key={l.key} href={l.href} target="_blank" rel="noopener" icon={<DownloadOutlined />} type={l.primary ? 'primary' : 'default'} data-testid={`label-${l.key}`}>
                {l.text}
              </Button>
            ))}
          </Space>
        </Space>
      </div>
    </Card>
  );
}
