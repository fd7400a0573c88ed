import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Dropdown, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ImportPanel } from '../../components/ImportPanel';
import { bpApi } from './api';
import { useValidationText } from './validation';

/**
 * Import and export of streams (CSV/.xlsx in the format of the README) and the import of
 * monthly records; an import is all or nothing, its row errors are listed in the dialog.
 */
export function StreamTransfer({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const describe = useValidationText();
  const [open, setOpen] = useState<'streams' | 'records' | null>(null);
  const done = (text: string) => {
    void message.success(text);
    setOpen(null);
    void queryClient.invalidateQueries({ queryKey: ['byproducts'] });
  };
  return (
    <>
      {canWrite && (
        <>
          <Button icon={<UploadOutlined />} onClick={() => setOpen('streams')} data-testid="import-streams">
            {t('byproducts.transfer.importStreams')}
          </Button>
          <Button icon={<UploadOutlined />} onClick={() => setOpen('records')} data-testid="import-records">
            {t('byproducts.transfer.importRecords')}
          </Button>
        </>
      )}
      <Dropdown
        menu={{
          items: [
            { key: 'csv', label: <a href={bpApi.exportUrl('csv')} download="byproduct-streams.csv" data-testid="export-csv">CSV</a> },
            { key: 'xlsx', label: <a href={bpApi.exportUrl('xlsx')} download="byproduct-streams.xlsx" data-testid="export-xlsx">Excel (.xlsx)</a> },
          ],
        }}
      >
        <Button icon={<DownloadOutlined />} data-testid="export-streams">
          {t('byproducts.transfer.export')}
        </Button>
      </Dropdown>
      <Modal open={open !== null} footer={null} width={860} onCancel={() => setOpen(null)} title={open === 'records' ? t('byproducts.transfer.importRecords') : t('byproducts.transfer.importStreams')} destroyOnHidden>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {open === 'records' ? t('byproducts.transfer.recordsColumns') : t('byproducts.transfer.streamsColumns')}
        </Typography.Paragraph>
        {open === 'streams' && (
          <ImportPanel
            testId="streams-import"
            hint={t('byproducts.transfer.allOrNothing')}
            upload={bpApi.importStreams}
            describe={describe}
            onDone={(r) => done(t('byproducts.transfer.streamsDone', { rows: r.rows, created: r.created, updated: r.updated }))}
          />
        )}
        {open === 'records' && (
          <ImportPanel
            testId="records-import"
            hint={t('byproducts.transfer.allOrNothing')}
            upload={bpApi.importRecords}
            describe={describe}
            onDone={(r) => done(t('byproducts.transfer.recordsDone', { rows: r.rows, streams: r.streams, created: r.created, updated: r.updated }))}
          />
        )}
      </Modal>
    </>
  );
}
