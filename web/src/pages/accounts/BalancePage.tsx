import { CalculatorOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Input, List, Row, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiErrorHandler } from '../../api/errors';
import { useSession } from '../../session/session';
import { balanceApi, type Reconciliation, type RegionBalanceModel, type SavedBalanceModel } from './api';
import { type EditorState, newKey, toEditor, toModel } from './balanceModel';
import { ModelDiagram } from './BalanceDiagrams';
import { BalanceResults } from './BalanceResults';
import { FlowTable, ProcessTable, RelationTable } from './BalanceTables';
import { UserText } from '../../components/UserText';

const blank = (): EditorState => ({
  meta: {},
  processes: [{ key: newKey(), id: 'p1', name: '', stock: null, rest: {} }],
  flows: [
    { key: newKey(), id: 'in1', name: '', from: null, to: 'p1', mode: 'measured', value: 100, sd: 2, rest: {} },
    { key: newKey(), id: 'out1', name: '', from: 'p1', to: null, mode: 'unknown', rest: {} },
  ],
  relations: [],
  layers: undefined,
});

/** Firm material balances (物料平衡测算) with STAN-style reconciliation. */
export default function BalancePage() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const type = me?.actingAs.organisationType;
  // Regulators (and platform admins) read other firms' models; only the firm edits its own.
  const overseer = type === 'regulator' || type === 'platform-admin';
  const organisationId = overseer ? undefined : me?.actingAs.organisationId;
  const readOnly = overseer;

  const models = useQuery({ queryKey: ['balance', 'models', organisationId], queryFn: () => balanceApi.list(organisationId), enabled: !!organisationId });
  // Overseers start from the list of their region's models (balancePolicy.listRegion).
  const regionModels = useQuery({ queryKey: ['balance', 'region-models'], queryFn: () => balanceApi.regionModels(), enabled: overseer });
  const openFromRegion = useMutation({ mutationFn: (id: string) => balanceApi.get(id), onSuccess: (m) => open(m), onError: (e) => onError(e) });
  const [selected, setSelected] = useState<string | null>(null); // a model id, 'new' or none
  const [name, setName] = useState('');
  const [state, setState] = useState<EditorState | null>(null);
  const [result, setResult] = useState<Reconciliation | null>(null);
  const [dirty, setDirty] = useState(false);

  const open = (m: SavedBalanceModel | null) => {
    setSelected(m ? m.id : 'new');
    setName(m ? m.name : t('accounts.balance.newName'));
    setState(m ? toEditor(m.model) : blank());
    setResult(null);
    setDirty(false);
  };
  useEffect(() => {
    const first = models.data?.items[0];
    if (selected === null && first) open(first);
    // Only when the list arrives: opening the first model must not undo a later choice.
  }, [models.data]);

  const edit = (patch: Partial<EditorState>) => {
    setState((s) => (s ? { ...s, ...patch } : s));
    setDirty(true);
  };
  const model = useMemo(() => (state ? toModel(state) : null), [state]);

  const reconcile = useMutation({ mutationFn: balanceApi.reconcile, onSuccess: setResult, onError: (e) => onError(e) });
  const save = useMutation({
    mutationFn: async (asNew: boolean) => (selected && selected !== 'new' && !asNew ? balanceApi.update(selected, name, model!) : balanceApi.create(name, model!)),
    onSuccess: (saved) => {
      void message.success(t('common.saved'));
      setSelected(saved.id);
      setDirty(false);
      void queryClient.invalidateQueries({ queryKey: ['balance', 'models'] });
    },
    onError: (e) => onError(e),
  });

  const highlight = new Set(result ? [...result.grossErrors.map((g) => g.id), ...result.measurementTests.filter((m) => m.suspect).map((m) => m.id)] : []);
  const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });

  return (
    <>
      <Typography.Title level={3}>{t('accounts.balance.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('accounts.balance.intro')}</Typography.Paragraph>
      {overseer && (
        <Card title={t('accounts.balance.regionModels')} extra={<Tag>{t('accounts.balance.readOnly')}</Tag>} size="small" style={{ marginBottom: 16 }}>
          {regionModels.isError && <Alert type="error" showIcon title={regionModels.error.message} style={{ marginBottom: 8 }} />}
          <Table<RegionBalanceModel>
            rowKey="id"
            size="small"
            loading={regionModels.isFetching || openFromRegion.isPending}
            dataSource={regionModels.data?.items}
            pagination={(regionModels.data?.items.length ?? 0) > 10 ? { pageSize: 10 } : false}
            locale={{ emptyText: t('accounts.balance.noRegionModels') }}
            onRow={(m) => ({ onClick: () => openFromRegion.mutate(m.id), style: { cursor: 'pointer', background: m.id === selected ? '#e8f3ec' : undefined } })}
            columns={[
              { title: t('accounts.balance.firm'), key: 'firm', render: (_: unknown, m: RegionBalanceModel) => (
                  <>
                    <UserText>{m.organisationName}</UserText> <UserText lang="zxx">{m.organisationCode}</UserText>
                  </>
                ) },
              { title: t('accounts.balance.modelName'), dataIndex: 'name', render: (n: string) => <UserText>{n}</UserText> },
              { title: t('accounts.balance.period'), dataIndex: 'period', width: 100, render: (p: string | null) => p ?? '—' },
              { title: t('accounts.balance.size'), key: 'size', width: 170, render: (_: unknown, m: RegionBalanceModel) => t('accounts.balance.sizeText', { p: m.processes, f: m.flows }) },
              { title: t('accounts.balance.updatedAt'), dataIndex: 'updatedAt', width: 150, render: (at: string) => dateTime.format(new Date(at)) },
            ]}
            data-testid="region-models"
          />
        </Card>
      )}
      <Row gutter={[16, 16]}>
        {!overseer && <Col xs={24} xxl={4}>
          <Card
            title={t('accounts.balance.models')}
            size="small"
            extra={!readOnly && <Button size="small" icon={<PlusOutlined />} onClick={() => open(null)} data-testid="new-model">{t('accounts.balance.new')}</Button>}
          >
            {models.isError && <Alert type="error" showIcon title={models.error.message} />}
            <List
              size="small"
              loading={models.isFetching}
              dataSource={models.data?.items ?? []}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('accounts.balance.noModels')} /> }}
              renderItem={(m) => (
                <List.Item onClick={() => open(m)} style={{ cursor: 'pointer', background: m.id === selected ? '#e8f3ec' : undefined, paddingInline: 8 }} data-testid="model-item">
                  <List.Item.Meta title={<UserText>{m.name}</UserText>} description={t('accounts.balance.modelMeta', { p: m.model.processes.length, f: m.model.flows.length, at: dateTime.format(new Date(m.updatedAt)) })} />
                </List.Item>
              )}
            />
          </Card>
        </Col>}
        <Col xs={24} xxl={overseer ? 24 : 20}>
          {!state ? (
            <Card><Empty description={t('accounts.balance.pickModel')} /></Card>
          ) : (
            <Card
              title={
                readOnly ? (
                  <Typography.Text strong style={{ whiteSpace: 'normal' }} data-testid="model-name">
                    <UserText>{name}</UserText>
                  </Typography.Text>
                ) : (
                  <Input value={name} onChange={(e) => { setName(e.target.value); setDirty(true); }} style={{ maxWidth: 480 }} variant="borderless" data-testid="model-name" />
                )
              }
              extra={
                <Space wrap>
                  {dirty && <Tag color="orange">{t('accounts.balance.unsaved')}</Tag>}
                  {state.layers?.length ? <Tag>{t('accounts.balance.layers', { names: state.layers.map((l) => l.name).join(', ') })}</Tag> : null}
                  <Button type="primary" icon={<CalculatorOutlined />} loading={reconcile.isPending} onClick={() => model && reconcile.mutate(model)} data-testid="reconcile">
                    {t('accounts.balance.reconcile')}
                  </Button>
                  {!readOnly && (
                    <>
                      <Button icon={<SaveOutlined />} loading={save.isPending && save.variables === false} onClick={() => save.mutate(false)} disabled={!name.trim()} data-testid="save-model">
                        {selected === 'new' ? t('common.save') : t('accounts.balance.update')}
                      </Button>
                      {selected !== 'new' && (
                        <Button loading={save.isPending && save.variables === true} onClick={() => save.mutate(true)} disabled={!name.trim()}>
                          {t('accounts.balance.saveAsNew')}
                        </Button>
                      )}
                    </>
                  )}
                </Space>
              }
            >
              <Tabs
                items={[
                  { key: 'flows', label: t('accounts.balance.flowsTab', { count: state.flows.length }), children: <FlowTable rows={state.flows} processes={state.processes} readOnly={readOnly} unit={state.meta.unit ?? 't'} highlight={highlight} onChange={(flows) => edit({ flows })} /> },
                  {
                    key: 'processes',
                    label: t('accounts.balance.processesTab', { count: state.processes.length }),
                    children: (
                      <ProcessTable
                        rows={state.processes}
                        readOnly={readOnly}
                        unit={state.meta.unit ?? 't'}
                        onChange={(processes) => edit({ processes })}
                        onRename={(from, to) => setState((s) => (s ? { ...s, flows: s.flows.map((f) => ({ ...f, from: f.from === from ? to : f.from, to: f.to === from ? to : f.to })) } : s))}
                      />
                    ),
                  },
                  { key: 'relations', label: t('accounts.balance.relationsTab', { count: state.relations.length }), children: <RelationTable rows={state.relations} flows={state.flows} readOnly={readOnly} onChange={(relations) => edit({ relations })} /> },
                  { key: 'diagram', label: t('accounts.balance.diagramTab'), children: <ModelDiagram processes={state.processes} flows={state.flows} /> },
                ]}
              />
            </Card>
          )}
        </Col>
        {result && state && (
          <Col span={24}>
            <BalanceResults result={result} processes={state.processes} flows={state.flows} layers={state.layers} />
          </Col>
        )}
      </Row>
    </>
  );
}
