import { Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

function Snapshot({ label, value }: { label: string; value: unknown }) {
  return (
    <Col xs={24} md={12}>
      <Typography.Text strong>{label}</Typography.Text>
      <pre lang="zxx" style={{ margin: '4px 0 0', padding: 8, background: '#fafafa', borderRadius: 4, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {value == null ? '—' : JSON.stringify(value, null, 2)}
      </pre>
    </Col>
  );
}

/** The before/after summaries the server recorded with the write, side by side. */
export function AuditChanges({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  return (
    <Row gutter={16}>
      <Snapshot label={t('audit.before')} value={before} />
      <Snapshot label={t('audit.after')} value={after} />
    </Row>
  );
}
