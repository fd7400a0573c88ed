import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Form, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { type AuditFilter, auditApi } from '../../api/endpoints';
import type { AuditEntry } from '../../api/types';
import { OrganisationPicker } from '../../components/OrganisationPicker';
import { param, useOnHistoryNavigation, useUrlState } from '../../components/useUrlState';
import type { UrlValues } from '../../components/urlState';
import { UserText } from '../../components/UserText';
import { useSession } from '../../session/session';
import { AuditChanges } from './AuditChanges';
import { actionLabel, auditEntityTypes, entityName, entityTypeLabel } from './auditLabels';

const PAGE_SIZE = 50;

interface FilterForm {
  organisationId?: string;
  entityType?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const day = (d: string | undefined) => (d && /^\d{4}-\d{2}-\d{2}$/.test(d) && dayjs(d).isValid() ? d : undefined);
const urlSchema = { org: param.optional(), entity: param.text(), from: param.optional(), to: param.optional() };
type AuditUrl = UrlValues<typeof urlSchema>;

/** The filter form as the URL gives it (dates as YYYY-MM-DD, a malformed one ignored). */
function formOf(url: AuditUrl): FilterForm {
  const from = day(url.from);
  const to = day(url.to);
  return { organisationId: url.org, entityType: url.entity || undefined, range: from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null };
}

function urlOf(values: FilterForm): AuditUrl {
  const [from, to] = values.range ?? [null, null];
  return { org: values.organisationId, entity: values.entityType ?? '', from: from?.format('YYYY-MM-DD'), to: to?.format('YYYY-MM-DD') };
}

function toFilter(values: FilterForm): AuditFilter {
  const [from, to] = values.range ?? [null, null];
  return {
    organisationId: values.organisationId,
    entityType: values.entityType || undefined,
    from: from?.startOf('day').toISOString(),
    to: to?.endOf('day').toISOString(),
  };
}

export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const [url, setUrl] = useUrlState(urlSchema);
  const filter = toFilter(formOf(url));
  const [form] = Form.useForm<FilterForm>();
  // Back and forward show that view's filter in the form (the search button writes the URL).
  useOnHistoryNavigation(() => form.setFieldsValue(formOf(url)));
  const capabilities = me?.capabilities;

  const audit = useInfiniteQuery({
    queryKey: ['audit', filter],
    queryFn: ({ pageParam }) => auditApi.list({ ...filter, beforeId: pageParam, limit: PAGE_SIZE }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBeforeId ?? undefined,
  });
  const rows = audit.data?.pages.flatMap((p) => p.items) ?? [];
  const en = i18n.language === 'en';
  const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });

  const columns: ColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', width: 180, render: (at: string) => dateTime.format(new Date(at)) },
    { title: t('audit.actor'), key: 'actor', width: 140, render: (_, e) => (e.actorUsername ? <UserText lang="zxx">{e.actorUsername}</UserText> : e.actorTokenId ? t('audit.apiToken') : t('audit.system')) },
    { title: t('audit.organisation'), dataIndex: 'organisationCode', width: 170, render: (code: string | null) => (code ? <UserText lang="zxx">{code}</UserText> : '—') },
    { title: t('audit.action'), key: 'action', width: 170, render: (_, e) => <span data-action={e.action}>{actionLabel(t, e.action, e.entityType)}</span> },
    {
      title: t('audit.entity'),
      key: 'entity',
      render: (_, e) => {
        const name = entityName(e.after, en) ?? entityName(e.before, en);
        return (
          <>
            {entityTypeLabel(t, e.entityType)}
            {name && (
              <>
                {' · '}
                <UserText>{name}</UserText>
              </>
            )}
          </>
        );
      },
    },
    {
      title: t('audit.requestId'),
      dataIndex: 'requestId',
      width: 170,
      // Quoted when reporting a problem: shown shortened, copied whole.
      render: (id: string | null) =>
        id ? (
          <Typography.Text type="secondary" copyable={{ text: id }} ellipsis={{ tooltip: id }} style={{ maxWidth: 140 }}>
            <span lang="zxx">{id}</span>
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];

  // Which slice of the log the server returns without an organisation filter (auditPolicy).
  const scopeKey = capabilities?.readAllAudit ? 'audit.scopeAll' : capabilities?.readRegionAudit ? 'audit.scopeRegion' : 'audit.scopeOwn';

  return (
    <>
      <Typography.Title level={3}>{t('audit.title')}</Typography.Title>
      <Alert type="info" showIcon title={t(scopeKey)} style={{ marginBottom: 16 }} data-testid="audit-scope" />
      <Card>
        <Form<FilterForm> form={form} layout="inline" initialValues={formOf(url)} onFinish={(values) => setUrl(urlOf(values))} style={{ marginBottom: 16, rowGap: 8 }}>
          {capabilities?.readAllAudit && (
            <Form.Item name="organisationId">
              <OrganisationPicker allowClear placeholder={t('audit.anyOrganisation')} />
            </Form.Item>
          )}
          <Form.Item name="entityType">
            <Select
              placeholder={t('audit.entityType')}
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ width: 180 }}
              options={auditEntityTypes.map((type) => ({ value: type, label: entityTypeLabel(t, type) }))}
            />
          </Form.Item>
          <Form.Item name="range">
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.setFieldsValue(formOf({ org: undefined, entity: '', from: undefined, to: undefined }));
                setUrl({ org: undefined, entity: '', from: undefined, to: undefined });
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form>
        {audit.isError && <Alert type="error" showIcon title={t('errors.loadFailed')} description={audit.error.message} style={{ marginBottom: 16 }} />}
        <Table<AuditEntry>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={audit.isFetching && !audit.isFetchingNextPage}
          pagination={false}
          expandable={{ expandedRowRender: (entry) => <AuditChanges before={entry.before} after={entry.after} />, rowExpandable: (e) => e.before != null || e.after != null }}
          data-testid="audit-table"
        />
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          {audit.hasNextPage ? (
            <Button onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage} data-testid="audit-load-more">
              {t('audit.loadMore')}
            </Button>
          ) : (
            rows.length > 0 && <Typography.Text type="secondary">{t('audit.end', { count: rows.length })}</Typography.Text>
          )}
        </div>
      </Card>
    </>
  );
}
