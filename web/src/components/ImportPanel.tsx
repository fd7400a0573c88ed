import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

export interface RowError {
  field: string;
  message: string;
  /** Stable message code and its values (see FieldIssue on the server), when the server gives one. */
  code?: string;
  params?: Record<string, string | number>;
}

/**
 * A CSV/.xlsx upload that sends the file as is and, when the server refuses it, lists the row
 * errors of the problem+json `errors[]` (fields like "row 12.consumed").
 */
export function ImportPanel<T>({
  upload,
  onDone,
  testId,
  hint,
  describe,
}: {
  upload: (file: File) => Promise<T>;
  onDone: (result: T) => void;
  testId: string;
  hint: string;
  /** Renders a row error in the UI's language (from its code); default: the server's message. */
  describe?: (error: RowError) => string;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ detail: string; errors: RowError[] } | null>(null);

  const send = async (file: File) => {
    setBusy(true);
    setFailure(null);
    try {
      onDone(await upload(file));
    } catch (error) {
      if (error instanceof ApiError) {
        const rowErrors = error.problem.errors ?? [];
        // The server's detail is English; a validation problem is summarised in the UI's language.
        const detail = error.code === 'validation' && rowErrors.length ? t('import.rowErrors', { count: rowErrors.length }) : (error.problem.detail ?? error.problem.title ?? error.code);
        setFailure({ detail, errors: rowErrors });
      }
      else setFailure({ detail: t('errors.generic'), errors: [] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid={testId}>
      <Space wrap>
        <Upload accept=".csv,.xlsx" showUploadList={false} beforeUpload={(file) => { void send(file); return false; }}>
          <Button icon={<UploadOutlined />} loading={busy}>
            {t('import.choose')}
          </Button>
        </Upload>
        <Typography.Text type="secondary">{hint}</Typography.Text>
      </Space>
      {failure && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          title={t('import.failed', { detail: failure.detail })}
          description={
            failure.errors.length > 0 && (
              <Table<RowError & { i: number }>
                size="small"
                rowKey="i"
                pagination={failure.errors.length > 10 ? { pageSize: 10 } : false}
                dataSource={failure.errors.map((e, i) => ({ ...e, i }))}
                columns={[
                  { title: t('import.field'), dataIndex: 'field', width: 220 },
                  { title: t('import.message'), key: 'message', render: (_: unknown, e: RowError) => (describe ? describe(e) : e.message) },
                ]}
                data-testid={`${testId}-errors`}
              />
            )
          }
        />
      )}
    </div>
  );
}
