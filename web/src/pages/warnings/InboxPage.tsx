import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { warningCaseStatuses, warningSeverities } from '../../../../src/shared/warnings';
import { useApiErrorHandler } from '../../api/errors';
import { param, useUrlState, useUrlText } from '../../components/useUrlState';
import { useSession } from '../../session/session';
import { LevelRuleNote, LevelTag, pct } from '../supply/levels';
import { type CaseSummary, warningsApi } from './api';
import { UserText } from '../../components/UserText';

export const statusColors: Record<string, string> = {
  open: 'red',
  analysing: 'processing',
  'decided-publish': 'orange',
  dismissed: 'default',
  published: 'green',
  closed: 'default',
};

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status]} data-status={status}>
      {t(`warnings.status.${status}`)}
    </Tag>
  );
}

/** The level of a case: the peak severity of a signal, the probability of a pre-warning. */
export function CaseLevel({ c }: { c: Pick<CaseSummary, 'kind' | 'direction' | 'level' | 'probability'> }) {
  const { t } = useTranslation();
  if (c.kind === 'pre-warning' || c.level === null) return <Tag color="purple">{t('warnings.inbox.probability', { p: pct(c.probability, 0) })}</Tag>;
  return <LevelTag level={`${c.direction}-${c.level}`} />;
}

const urlSchema = {
  status: param.list(warningCaseStatuses, ['open', 'analysing', 'decided-publish']),
  level: param.list(warningSeverities),
  q: param.text(),
};

export default function InboxPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { me } = useSession();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const [{ status, level, q: search }, setUrl] = useUrlState(urlSchema);
  const [searchText, setSearchText] = useUrlText(search, (q) => setUrl({ q }, { replace: true }));
  const cases = useQuery({ queryKey: ['warnings', 'cases', status, level], queryFn: () => warningsApi.cases({ status, level }) });
  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    const items = cases.data?.items ?? [];
    return q ? items.filter((c) => c.formula.nameZh.includes(q) || c.formula.nameEn.toLowerCase().includes(q) || c.formula.code.toLowerCase().includes(q)) : items;
  }, [cases.data, search]);
  const monitor = me?.actingAs.organisationType === 'supply-monitor';
  const scan = useMutation({
    mutationFn: warningsApi.scan,
    onSuccess: (r) => {
      void message.success(t('warnings.inbox.scanned', { opened: r.opened, updated: r.updated, closed: r.closed, ms: Math.round(r.durationMs) }));
      void queryClient.invalidateQueries({ queryKey: ['warnings'] });
    },
    onError: (e) => onError(e),
  });

  const columns: ColumnsType<CaseSummary> = [
    {
      title: t('warnings.inbox.product'),
      key: 'product',
      render: (_, c) => (
        <Space direction="vertical" size={0}>
          <Link to={`/warnings/case?id=${c.id}`}><UserText>{en ? c.formula.nameEn || c.formula.nameZh : c.formula.nameZh}</UserText></Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <UserText lang="zxx">{c.formula.code}</UserText>
          </Typography.Text>
        </Space>
      ),
      sorter: (a, b) => a.formula.nameZh.localeCompare(b.formula.nameZh, 'zh-CN'),
    },
    { title: t('warnings.inbox.kind'), dataIndex: 'kind', render: (v: string) => t(`warnings.kind.${v}`) },
    { title: t('warnings.inbox.level'), key: 'level', render: (_, c) => <CaseLevel c={c} /> },
    {
      title: t('warnings.inbox.now'),
      key: 'now',
      render: (_, c) =>
        c.current ? (
          <>
            <LevelTag level={c.current.level} /> {pct(c.current.ratio)}
            <LevelRuleNote rule={c.current.levelRule} ratio={c.current.ratio} level={c.current.level} />
          </>
        ) : (
          '—'
        ),
    },
    // The server's order is the triage (waiting, running, escalating first, by level and recency).
    { title: t('warnings.inbox.start'), dataIndex: 'episodeStart', sorter: (a, b) => a.episodeStart.localeCompare(b.episodeStart) },
    { title: t('warnings.inbox.end'), dataIndex: 'episodeEnd', render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('warnings.inbox.ongoing')}</Typography.Text> },
    { title: t('warnings.inbox.peak'), dataIndex: 'peakRatio', align: 'right', render: (v: number) => <strong>{pct(v)}</strong>, sorter: (a, b) => a.peakRatio - b.peakRatio },
    { title: t('warnings.inbox.status'), dataIndex: 'status', render: (v: string) => <StatusTag status={v} /> },
    { title: t('warnings.inbox.assignee'), key: 'assignee', render: (_, c) => c.assignee?.displayName ?? '—' },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space align="center" style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('warnings.inbox.title')}
        </Typography.Title>
        {monitor && (
          <Button data-testid="scan-button" loading={scan.isPending} onClick={() => scan.mutate()}>
            {t('warnings.inbox.scan')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('warnings.inbox.intro')} {t('warnings.inbox.order')}
      </Typography.Paragraph>
      {cases.data && (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }} data-testid="close-rule">
          {t('warnings.inbox.closeRule', { days: cases.data.closeRule.untouchedAfterDays })}
        </Typography.Paragraph>
      )}
      <Card size="small">
        <Space wrap>
          <Input.Search data-testid="case-search" allowClear placeholder={t('warnings.inbox.search')} style={{ width: 220 }} value={searchText} onChange={(e) => setSearchText(e.target.value)} />
          <span>{t('warnings.inbox.filterStatus')}</span>
          <Select
            data-testid="status-filter"
            mode="multiple"
            allowClear
            style={{ minWidth: 320 }}
            value={status}
            onChange={(v) => setUrl({ status: v })}
            options={warningCaseStatuses.map((s) => ({ value: s, label: t(`warnings.status.${s}`) }))}
          />
          <span>{t('warnings.inbox.filterLevel')}</span>
          <Select
            data-testid="level-filter"
            mode="multiple"
            allowClear
            style={{ minWidth: 220 }}
            value={level}
            onChange={(v) => setUrl({ level: v })}
            options={warningSeverities.map((s) => ({ value: s, label: t(`supply.severity.${s}`) }))}
          />
          {cases.data && <Typography.Text type="secondary">{t('warnings.inbox.count', { n: rows.length })}</Typography.Text>}
        </Space>
      </Card>
      {cases.error && <Alert type="error" showIcon message={String(cases.error.message)} />}
      <Table data-testid="cases-table" rowKey="id" size="small" loading={cases.isLoading} columns={columns} dataSource={rows} pagination={{ pageSize: 25, showSizeChanger: false }} />
    </Space>
  );
}
