import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Segmented, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { EChartsCoreOption } from 'echarts/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../components/Chart';

export interface TableColumn<R> {
  key: keyof R & string;
  title: string;
  align?: 'left' | 'right';
  render?: (value: R[keyof R], row: R) => ReactNode;
}

/** The rows as CSV (UTF-8 with a BOM, so Excel opens the Chinese text), for the download. */
export function toCsv<R>(columns: readonly TableColumn<R>[], rows: readonly R[]): string {
  const esc = (v: unknown) => {
    const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v === null || v === undefined ? '' : JSON.stringify(v);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return `\uFEFF${[columns.map((c) => esc(c.title)).join(','), ...rows.map((r) => columns.map((c) => esc(r[c.key])).join(','))].join('\r\n')}\r\n`;
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** A chart with its table view and a CSV download of the same rows: every chart of the page. */
export function ChartPanel<R extends object>({
  title,
  option,
  rows,
  columns,
  rowKey,
  fileName,
  testId,
  height = 360,
  extra,
}: {
  title: string;
  option: EChartsCoreOption | null;
  rows: readonly R[];
  columns: readonly TableColumn<R>[];
  rowKey: (r: R) => string;
  fileName: string;
  testId: string;
  height?: number;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const tableColumns: ColumnsType<R> = columns.map((c) => ({
    key: c.key,
    title: c.title,
    dataIndex: c.key,
    align: c.align ?? 'left',
    ...(c.render ? { render: (v: R[keyof R], r: R) => c.render!(v, r) } : {}),
  }));
  return (
    <Card
      size="small"
      title={title}
      data-testid={testId}
      extra={
        <Space wrap size="small">
          {extra}
          <Segmented
            size="small"
            value={view}
            onChange={(v) => setView(v as 'chart' | 'table')}
            options={[
              { value: 'chart', label: t('symbiosis.view.chart') },
              { value: 'table', label: t('symbiosis.view.table') },
            ]}
            data-testid={`${testId}-view`}
          />
          <Button size="small" icon={<DownloadOutlined />} onClick={() => download(fileName, toCsv(columns, rows))} data-testid={`${testId}-download`}>
            {t('symbiosis.view.download')}
          </Button>
        </Space>
      }
    >
      {view === 'chart' && option ? (
        <Chart option={option} height={height} notMerge ariaLabel={title} testId={`${testId}-chart`} />
      ) : (
        <Table<R> size="small" rowKey={rowKey} dataSource={[...rows]} columns={tableColumns} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: true }} />
      )}
    </Card>
  );
}
