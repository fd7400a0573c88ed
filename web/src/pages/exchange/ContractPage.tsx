import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Descriptions, Form, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useApiErrorHandler } from '../../api/errors';
import { TextWithData } from '../../components/TextWithData';
import { UserText } from '../../components/UserText';
import { useSession } from '../../session/session';
import { type Contract, exApi, t1, yuan } from './api';
import { CreditGradeTag } from './CreditGradeTag';

type Delivery = Contract['deliveries'][number];

/** A contract: parties, quantity, price, terms, and its deliveries from planned to delivered. */
export default function ContractPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [params] = useSearchParams();
  const id = params.get('id') ?? '';
  const { me } = useSession();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const contract = useQuery({ queryKey: ['exchange', 'contract', id], queryFn: () => exApi.contract(id), enabled: id !== '' });
  const [recording, setRecording] = useState<Delivery | null>(null);
  const [form] = Form.useForm<{ tonnes: number; on: Dayjs }>();
  const record = useMutation({
    mutationFn: (v: { tonnes: number; on: Dayjs }) => exApi.delivered(id, recording!.seq, { deliveredTonnes: v.tonnes, deliveredOn: v.on.format('YYYY-MM-DD') }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['exchange'] });
      void message.success(t('exchange.contract.recorded'));
      setRecording(null);
    },
    onError: (e) => onError(e, form),
  });
  const c = contract.data;
  const name = (o: { nameZh: string; nameEn: string }) => (en ? o.nameEn : o.nameZh);
  const receiver = c && me?.actingAs.organisationId === c.buyer.id;
  const columns: ColumnsType<Delivery> = [
    { title: '#', dataIndex: 'seq', width: 48 },
    { title: t('exchange.contract.from'), key: 'f', responsive: ['sm'], render: (_, d) => name(d.from) },
    { title: t('exchange.contract.plannedOn'), dataIndex: 'plannedOn' },
    { title: t('exchange.contract.plannedTonnes'), key: 'pt', align: 'right', render: (_, d) => `${t1(d.plannedTonnes)} t` },
    { title: t('exchange.contract.status'), key: 's', render: (_, d) => <Tag color={d.status === 'delivered' ? 'green' : 'blue'}>{t(`exchange.contract.deliveryStatus.${d.status}`)}</Tag> },
    { title: t('exchange.contract.received'), key: 'r', align: 'right', render: (_, d) => (d.deliveredTonnes === null ? '—' : `${t1(d.deliveredTonnes, 2)} t · ${d.deliveredOn}`) },
    // The load's electronic manifest, when one was made for this delivery (issue 13).
    { title: t('exchange.contract.manifest'), key: 'm', render: (_, d) => (d.manifestId ? <Link data-testid={`delivery-manifest-${d.seq}`} to={`/manifests/${d.manifestId}`}>{t('exchange.contract.manifestLink')}</Link> : '—') },
    ...(receiver
      ? [
          {
            title: '',
            key: 'a',
            render: (_: unknown, d: Delivery) =>
              d.status === 'planned' ? (
                <Button
                  size="small"
                  data-testid={`record-${d.seq}`}
                  onClick={() => {
                    form.setFieldsValue({ tonnes: d.plannedTonnes, on: dayjs(d.plannedOn) });
                    setRecording(d);
                  }}
                >
                  {t('exchange.contract.record')}
                </Button>
              ) : null,
          } as ColumnsType<Delivery>[number],
        ]
      : []),
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        <TextWithData i18nKey="exchange.contract.title" data={{ number: c?.number ?? '' }} />
      </Typography.Title>
      {contract.error && <Alert type="error" showIcon message={t('exchange.contract.notFound')} />}
      {c && (
        <>
          <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }} data-testid="contract-facts">
            <Descriptions.Item label={t('exchange.contract.kind')}>{t(`exchange.contract.kinds.${c.kind}`)}</Descriptions.Item>
            <Descriptions.Item label={t('exchange.contract.status')}>{t(`exchange.contract.statuses.${c.status}`)}</Descriptions.Item>
            <Descriptions.Item label={c.kind === 'service' ? t('exchange.contract.clients') : t('exchange.proposal.seller')}>
              {c.seller ? (
                <>
                  {name(c.seller)}
                  <CreditGradeTag organisation={c.seller} />
                </>
              ) : c.parties.map((p) => `${name(p.organisation)}（${t1(p.tonnesPerMonth)} t${t('exchange.market.perMonth')}${p.loopBack ? ` · ${t('exchange.contract.loopBack')}` : ''}）`).join('、')}
            </Descriptions.Item>
            <Descriptions.Item label={c.kind === 'service' ? t('exchange.contract.provider') : t('exchange.proposal.buyer')}>
              {name(c.buyer)}
              <CreditGradeTag organisation={c.buyer} />
            </Descriptions.Item>
            <Descriptions.Item label={t('exchange.contract.tonnes')}>{t1(c.tonnes)} t</Descriptions.Item>
            <Descriptions.Item label={t('exchange.contract.price')}>
              {c.pricePerTonne !== null
                ? `${yuan(c.pricePerTonne)}/t`
                : (c.priceSchedule ?? []).map((tier) => (tier.upToTonnesPerMonth === null ? t('exchange.contract.tierRest', { price: yuan(tier.pricePerTonne) }) : t('exchange.contract.tierUpTo', { tonnes: tier.upToTonnesPerMonth, price: yuan(tier.pricePerTonne) }))).join('；')}
            </Descriptions.Item>
            <Descriptions.Item label={t('exchange.contract.window')}>
              {c.startsOn} ~ {c.endsOn}
            </Descriptions.Item>
            <Descriptions.Item label={t('exchange.listing.terms')}>
              {t(`exchange.terms.${c.deliveryTerms}`)} · {t(`exchange.load.${c.loadType}`)}
            </Descriptions.Item>
            {c.loopProduct && (
              <Descriptions.Item label={t('exchange.contract.loopBack')}>
                <UserText>{c.loopProduct}</UserText>
              </Descriptions.Item>
            )}
            {c.terms && (
              <Descriptions.Item label={t('exchange.contract.terms')}>
                <UserText>{c.terms}</UserText>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('exchange.contract.deliveries', { delivered: t1(c.totals.deliveredTonnes, 2), planned: t1(c.totals.plannedTonnes) })}
          </Typography.Title>
          <Table<Delivery> data-testid="delivery-table" rowKey="id" size="small" columns={columns} dataSource={c.deliveries} pagination={{ pageSize: 24, hideOnSinglePage: true }} />
        </>
      )}
      <Modal open={recording !== null} title={t('exchange.contract.record')} onCancel={() => setRecording(null)} confirmLoading={record.isPending} onOk={() => void form.validateFields().then((v) => record.mutate(v))} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="tonnes" label={t('exchange.contract.receivedTonnes')} rules={[{ required: true, message: t('exchange.form.required') }]}>
            <InputNumber min={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="on" label={t('exchange.contract.receivedOn')} rules={[{ required: true, message: t('exchange.form.required') }]}>
            <DatePicker />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
