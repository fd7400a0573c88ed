import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiErrorHandler } from '../../api/errors';
import { UserText } from '../../components/UserText';
import { useLocalName } from '../../i18n/labels';
import { type Approval, type Decision, lawApi } from './lawApi';

const statusColor: Record<Approval['status'], string> = { applied: 'blue', 'destination-agreed': 'cyan', approved: 'green', refused: 'red' };

/**
 * Cross-province hazardous transfer applications (issue 13): the destination province's ecology
 * department agrees or refuses, then the origin province's approves or refuses; each card shows the
 * route, codes, tonnes left, validity, both decisions and who was notified. One list at every width.
 */
export default function TransfersPage() {
  const { t, i18n } = useTranslation();
  const localName = useLocalName();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const transfers = useQuery({ queryKey: ['manifest-transfers'], queryFn: () => lawApi.transfers() });
  const [pending, setPending] = useState<{ approval: Approval; decision: Decision } | null>(null);
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: (p: { approval: Approval; decision: Decision; reason: string }) => lawApi.decide(p.approval.id, { decision: p.decision, ...(p.reason ? { reason: p.reason } : {}) }),
    onSuccess: () => {
      void message.success(t('common.saved'));
      setPending(null);
      setReason('');
      void queryClient.invalidateQueries({ queryKey: ['manifest-transfers'] });
    },
    onError: (e) => onError(e),
  });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const province = (a: Approval, code: string) => {
    const p = a.provinces.find((x) => x.code === code);
    return p ? localName(p) : t('manifestLaw.transfers.unknownProvince');
  };
  const route = (a: Approval) => [a.originProvince, ...a.transitProvinces, a.destinationProvince].map((code) => province(a, code)).join(' → ');
  const decisionText = (d: Approval['origin']) =>
    d ? (
      <div style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
        {t(`manifestLaw.decision.${d.decision}`)} · {localName(d.organisation)} · {date.format(new Date(d.at))}
        {d.reason && <div><Typography.Text type="secondary"><UserText>{d.reason}</UserText></Typography.Text></div>}
      </div>
    ) : (
      t('manifestLaw.transfers.waiting')
    );
  const items = transfers.data?.items ?? [];

  return (
    <>
      <Typography.Title level={3}>{t('manifestLaw.transfers.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('manifestLaw.transfers.intro')}</Typography.Paragraph>
      {transfers.isError && <Alert type="error" showIcon title={t('errors.loadFailed')} style={{ marginBottom: 16 }} />}
      <Card>
        <List
          dataSource={items}
          loading={transfers.isFetching}
          locale={{ emptyText: t('manifestLaw.transfers.none') }}
          data-testid="transfers-list"
          renderItem={(a) => (
            <List.Item key={a.id} data-testid="transfer-item">
              <Space direction="vertical" size={6} style={{ width: '100%', minWidth: 0 }}>
                <Space size={4} wrap>
                  <Tag color={statusColor[a.status]} data-testid="transfer-status">{t(`manifestLaw.status.${a.status}`)}</Tag>
                  <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>{localName(a.generator)} → {localName(a.receiver)}</Typography.Text>
                </Space>
                <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} styles={{ label: { whiteSpace: 'nowrap' } }}>
                  <Descriptions.Item label={t('manifestLaw.transfers.route')}><span style={{ overflowWrap: 'anywhere' }}>{route(a)}</span></Descriptions.Item>
                  <Descriptions.Item label={t('manifestLaw.transfers.codes')}><span style={{ overflowWrap: 'anywhere' }}>{a.wasteCodes.join('、')}</span></Descriptions.Item>
                  <Descriptions.Item label={t('manifestLaw.transfers.quantity')}>{t('manifestLaw.transfers.tonnes', { quantity: a.quantity, remaining: a.remaining })}</Descriptions.Item>
                  <Descriptions.Item label={t('manifestLaw.transfers.validity')}>{t('manifestLaw.transfers.period', { from: date.format(new Date(a.validFrom)), to: date.format(new Date(a.validUntil)) })}</Descriptions.Item>
                  <Descriptions.Item label={t('manifestLaw.transfers.destination')}>{decisionText(a.destination)}</Descriptions.Item>
                  <Descriptions.Item label={t('manifestLaw.transfers.origin')}>{decisionText(a.origin)}</Descriptions.Item>
                  <Descriptions.Item label={t('manifestLaw.transfers.notices')}>{t('manifestLaw.transfers.noticeCount', { count: a.notices.length })}</Descriptions.Item>
                </Descriptions>
                {a.canDecide.length > 0 && (
                  <Space size={4} wrap>
                    {a.canDecide.map((d) => (
                      <Button key={d} size="small" type={d === 'refuse' ? 'default' : 'primary'} danger={d === 'refuse'} onClick={() => setPending({ approval: a, decision: d })} data-testid={`transfer-${d}`}>
                        {t(`manifestLaw.decide.${d}`)}
                      </Button>
                    ))}
                  </Space>
                )}
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Modal
        open={pending !== null}
        title={pending ? t(`manifestLaw.decide.${pending.decision}`) : ''}
        okText={t('manifestLaw.decide.confirm')}
        okButtonProps={{ disabled: pending?.decision === 'refuse' && reason.trim() === '', loading: decide.isPending, 'data-testid': 'transfer-confirm' }}
        onOk={() => pending && decide.mutate({ ...pending, reason: reason.trim() })}
        onCancel={() => setPending(null)}
      >
        <Typography.Paragraph type="secondary">{t(pending?.decision === 'refuse' ? 'manifestLaw.decide.reasonRequired' : 'manifestLaw.decide.reasonOptional')}</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="transfer-reason" />
      </Modal>
    </>
  );
}
