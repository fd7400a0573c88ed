import { Alert, Card, Col, Descriptions, List, Row, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Estimate, Reconciliation } from './api';
import type { FlowRow, ProcessRow } from './balanceModel';
import { ResultSankey } from './BalanceDiagrams';
import { useCodedMessage } from './messages';

const fmt = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : (Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v).toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: digits });
const statusColor: Record<Estimate['status'], string> = { measured: 'green', fixed: 'default', computed: 'blue', undetermined: 'orange' };

type ResultRow = Estimate & { id: string; name: string; group: string; test?: Reconciliation['measurementTests'][number] };

export function BalanceResults({ result, processes, flows, layers }: { result: Reconciliation; processes: ProcessRow[]; flows: FlowRow[]; layers?: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const coded = useCodedMessage();
  const tests = new Map(result.measurementTests.map((m) => [m.id, m]));
  const suspects = new Set([...result.grossErrors.map((g) => g.id), ...result.measurementTests.filter((m) => m.suspect).map((m) => m.id)]);
  const flowNames = new Map(flows.map((f) => [f.id, f.name]));
  const processNames = new Map(processes.map((p) => [p.id, p.name]));
  const rows: ResultRow[] = [
    ...Object.entries(result.flows).map(([id, e]) => ({ ...e, id, name: flowNames.get(id) ?? '', group: t('accounts.balance.flow'), test: tests.get(id) })),
    ...Object.entries(result.stocks).map(([id, e]) => ({ ...e, id: `stock:${id}`, name: processNames.get(id) ?? '', group: t('accounts.balance.stock'), test: tests.get(`stock:${id}`) })),
    ...Object.entries(result.relations).map(([id, e]) => ({ ...e, id, name: '', group: t('accounts.balance.relation'), test: tests.get(id) })),
  ];
  const chi = result.chiSquare;
  const columns: ColumnsType<ResultRow> = [
    { title: 'ID', dataIndex: 'id', width: 140, render: (id: string) => (suspects.has(id) ? <Typography.Text type="danger" strong>{id}</Typography.Text> : id) },
    { title: t('accounts.balance.name'), dataIndex: 'name', render: (n: string, r) => (n ? n : <Typography.Text type="secondary">{r.group}</Typography.Text>) },
    { title: t('accounts.balance.measured'), key: 'measured', align: 'right', width: 150, render: (_, r) => (r.measured === undefined ? '—' : `${fmt(r.measured)}${r.measuredSd !== undefined ? ` ± ${fmt(r.measuredSd)}` : ''}`) },
    { title: t('accounts.balance.reconciled'), key: 'reconciled', align: 'right', width: 170, render: (_, r) => <b>{`${fmt(r.value)}${r.sd !== null && r.sd > 0 ? ` ± ${fmt(r.sd)}` : ''}`}</b> },
    { title: t('accounts.balance.adjustment'), key: 'adj', align: 'right', width: 110, render: (_, r) => (r.test ? fmt(r.test.reconciled - r.test.measured) : '—') },
    { title: t('accounts.balance.normalized'), key: 'norm', align: 'right', width: 100, render: (_, r) => (r.test ? fmt(r.test.normalizedAdjustment) : '—') },
    { title: 'p', key: 'p', align: 'right', width: 80, render: (_, r) => (r.test ? fmt(r.test.pValue, 3) : '—') },
    {
      title: t('accounts.balance.statusCol'),
      dataIndex: 'status',
      width: 130,
      render: (s: Estimate['status'], r) => (
        <>
          <Tag color={statusColor[s]}>{t(`accounts.balance.status.${s}`)}</Tag>
          {suspects.has(r.id) && <Tag color="red">{t('accounts.balance.suspect')}</Tag>}
        </>
      ),
    },
  ];

  return (
    <Row gutter={[16, 16]} data-testid="balance-results">
      <Col xs={24} xl={16}>
        <Card title={t('accounts.balance.sankeyTitle')}>
          <ResultSankey processes={processes} flows={flows} result={result} />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card title={t('accounts.balance.chiTitle')} style={{ marginBottom: 16 }} data-testid="chi-square">
          <Alert
            type={!chi.tested ? 'info' : chi.passed ? 'success' : 'error'}
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="chi-outcome"
            data-outcome={!chi.tested ? 'untested' : chi.passed ? 'passed' : 'failed'}
            title={!chi.tested ? t('accounts.balance.chiUntested') : chi.passed ? t('accounts.balance.chiPassed') : t('accounts.balance.chiFailed')}
            description={!chi.tested ? t('accounts.balance.chiUntestedText') : t('accounts.balance.chiText', { stat: fmt(chi.statistic, 3), df: chi.degreesOfFreedom, crit: fmt(chi.critical, 3), alpha: chi.alpha })}
          />
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('accounts.balance.chiStatistic')}>{fmt(chi.statistic, 3)}</Descriptions.Item>
            <Descriptions.Item label={t('accounts.balance.dof')}>{chi.degreesOfFreedom}</Descriptions.Item>
            <Descriptions.Item label={t('accounts.balance.critical')}>{fmt(chi.critical, 3)}</Descriptions.Item>
            <Descriptions.Item label="p">{fmt(chi.pValue, 4)}</Descriptions.Item>
            <Descriptions.Item label={t('accounts.balance.iterations')}>
              {result.iterations} {result.converged ? <Tag color="green">{t('accounts.balance.converged')}</Tag> : <Tag color="red">{t('accounts.balance.notConverged')}</Tag>}
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title={t('accounts.balance.diagnostics')} data-testid="diagnostics">
          {result.grossErrors.length > 0 ? (
            <Alert type="error" showIcon style={{ marginBottom: 8 }} title={t('accounts.balance.grossErrors', { count: result.grossErrors.length })} description={result.grossErrors.map((g) => `${g.id}: ${fmt(g.measured)} → ${fmt(g.reconciled)} (p = ${fmt(g.pValue, 4)})`).join('；')} />
          ) : (
            <Alert type="success" showIcon style={{ marginBottom: 8 }} title={t('accounts.balance.noGrossErrors')} />
          )}
          {result.undetermined.length > 0 ? (
            <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('accounts.balance.undetermined', { count: result.undetermined.length })} description={result.undetermined.join(', ')} />
          ) : (
            <Alert type="success" showIcon style={{ marginBottom: 8 }} title={t('accounts.balance.allDetermined')} />
          )}
          {result.contradictions.length > 0 && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 8 }}
              title={t('accounts.balance.contradictions', { count: result.contradictions.length })}
              description={<List size="small" dataSource={result.contradictions} renderItem={(c) => <List.Item>{coded(`accounts.msg.balance.${c.code}`, c.params, c.message)}</List.Item>} />}
            />
          )}
          {result.nonRedundant.length > 0 && <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>{t('accounts.balance.nonRedundant', { ids: result.nonRedundant.join(', ') })}</Typography.Paragraph>}
          {result.warnings.map((w, i) => (
            <Alert key={`${w.code}-${i}`} type="warning" title={coded(`accounts.msg.balance.${w.code}`, w.params, w.message)} style={{ marginBottom: 4 }} data-testid={`warning-${w.code}`} />
          ))}
        </Card>
      </Col>
      {Object.entries(result.layers).map(([layerId, layer]) => (
        <Col span={24} key={layerId}>
          <Card title={t('accounts.balance.layerTitle', { name: layers?.find((l) => l.id === layerId)?.name ?? layerId })} size="small" data-testid={`layer-${layerId}`}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              scroll={{ x: 900 }}
              dataSource={Object.keys({ ...layer.flows, ...layer.concentrations }).map((id) => ({ id, flow: layer.flows[id], concentration: layer.concentrations[id] }))}
              onRow={(r) => (suspects.has(`${layerId}:concentration:${r.id}`) || suspects.has(`${layerId}:flow:${r.id}`) ? { style: { background: '#fff1f0' } } : {})}
              columns={[
                { title: 'ID', dataIndex: 'id', width: 140 },
                { title: t('accounts.balance.name'), key: 'name', render: (_, r) => flowNames.get(r.id) ?? '' },
                { title: t('accounts.balance.concentrationMeasured'), key: 'cm', align: 'right', render: (_, r) => (r.concentration?.measured === undefined ? '—' : `${fmt(r.concentration.measured, 3)}${r.concentration.measuredSd !== undefined ? ` ± ${fmt(r.concentration.measuredSd, 3)}` : ''}`) },
                { title: t('accounts.balance.concentrationReconciled'), key: 'cr', align: 'right', render: (_, r) => (r.concentration ? `${fmt(r.concentration.value, 3)}${r.concentration.sd ? ` ± ${fmt(r.concentration.sd, 3)}` : ''}` : '—') },
                { title: t('accounts.balance.substanceFlow'), key: 'sf', align: 'right', render: (_, r) => (r.flow ? <b>{`${fmt(r.flow.value)}${r.flow.sd ? ` ± ${fmt(r.flow.sd)}` : ''}`}</b> : '—') },
                {
                  title: t('accounts.balance.statusCol'),
                  key: 'status',
                  width: 150,
                  render: (_, r) => (
                    <>
                      {r.concentration && <Tag color={statusColor[r.concentration.status]}>{t(`accounts.balance.status.${r.concentration.status}`)}</Tag>}
                      {(suspects.has(`${layerId}:concentration:${r.id}`) || suspects.has(`${layerId}:flow:${r.id}`)) && <Tag color="red">{t('accounts.balance.suspect')}</Tag>}
                    </>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      ))}
      <Col span={24}>
        <Card title={t('accounts.balance.resultTable')}>
          <Table<ResultRow>
            rowKey="id"
            size="small"
            pagination={false}
            columns={columns}
            dataSource={rows}
            scroll={{ x: 1000 }}
            onRow={(r) => (suspects.has(r.id) ? { style: { background: '#fff1f0' } } : {})}
            data-testid="result-table"
          />
        </Card>
      </Col>
    </Row>
  );
}
