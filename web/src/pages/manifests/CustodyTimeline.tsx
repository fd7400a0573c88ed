import { Space, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { UserText } from '../../components/UserText';
import { type ManifestEvent, type ManifestLine, qty } from './api';

const KIND_COLOR: Partial<Record<ManifestEvent['kind'], string>> = { cancelled: 'gray', returned: 'orange', rerouted: 'orange', received: 'blue', closed: 'green', processed: 'green' };

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
const records = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : []);

/** What an event records besides custody, in words (the signed data as recorded). */
function EventFacts({ e, lines }: { e: ManifestEvent; lines: readonly ManifestLine[] }) {
  const { t } = useTranslation();
  const d = e.data;
  // Weights are recorded in the line's unit.
  const amount = (line: unknown, v: unknown) => `${qty(text(v))} ${lines.find((l) => String(l.line) === text(line))?.unit ?? ''}`.trim();
  const facts: ReactNode[] = [];
  switch (e.kind) {
    case 'picked-up':
      for (const w of records(d.weights)) facts.push(t('manifests.timeline.weighed', { line: text(w.line), quantity: amount(w.line, w.quantity) }));
      break;
    case 'handed-over':
      facts.push(t('manifests.timeline.handover', { from: text(d.from), to: text(d.to) }));
      break;
    case 'received':
      for (const r of records(d.lines)) {
        const outcome = text(r.outcome) ?? 'accepted';
        facts.push(
          <span key={`r${text(r.line)}`}>
            {t('manifests.timeline.receipt', { line: text(r.line), quantity: amount(r.line, r.received), outcome: t(`manifests.outcome.${outcome}`) })}
            {outcome !== 'accepted' && <>{t('manifests.timeline.separator')}{t('manifests.line.refused', { quantity: amount(r.line, r.refused) })}</>}
            {text(r.reason) && (
              <>
                {t('manifests.timeline.separator')}
                {t('manifests.line.reason')}
                <UserText>{text(r.reason)}</UserText>
              </>
            )}
          </span>,
        );
      }
      break;
    case 'processed':
      facts.push(
        <span key="p">
          {t('manifests.timeline.treatment')}
          <UserText>{text(d.treatmentCode)}</UserText>
          {text(d.product) && (
            <>
              {' · '}
              {t('manifests.timeline.product')}
              <UserText>{text(d.product)}</UserText>
            </>
          )}
        </span>,
      );
      break;
    case 'revised':
      facts.push(
        <span key="rev">
          {t('manifests.timeline.revised', { from: text(d.fromVersion), to: text(d.version), count: records(d.changes).length })}
          {t('manifests.timeline.separator')}
          {t('manifests.line.reason')}
          <UserText>{text(d.reason)}</UserText>
        </span>,
      );
      break;
    case 'genealogy': {
      const kind = text(d.kind);
      const role = text(d.role);
      facts.push(
        t('manifests.timeline.genealogy', {
          kind: kind === 'group' || kind === 'split' || kind === 'blend' ? t(`manifests.genealogy.kind.${kind}`) : '—',
          inputs: records(d.inputs).length,
          outputs: records(d.outputs).length,
          role: role === 'input' || role === 'output' ? t(`manifests.genealogy.role.${role}`) : '—',
        }),
      );
      break;
    }
    case 'cancelled':
    case 'returned':
    case 'rerouted':
      facts.push(
        <span key="why">
          {t('manifests.line.reason')}
          <UserText>{text(d.reason)}</UserText>
          {text(d.toNumber) && (
            <>
              {' → '}
              <UserText>{text(d.toNumber)}</UserText>
            </>
          )}
        </span>,
      );
      break;
    case 'created':
    case 'sealed':
    case 'delivered':
    case 'closed':
      break;
  }
  if (text(d.note)) {
    facts.push(
      <span key="note">
        {t('manifests.timeline.note')}
        <UserText>{text(d.note)}</UserText>
      </span>,
    );
  }
  return facts.map((f, i) => <div key={i}>{f}</div>);
}

/**
 * The custody timeline: each event with its step, who signed for which organisation (a person
 * with their password, an API token, under a delegation), when, where and its hash in the chain.
 */
export function CustodyTimeline({ events, lines, brokenSeq }: { events: readonly ManifestEvent[]; lines: readonly ManifestLine[]; brokenSeq: number | null }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const name = (o: { nameZh: string; nameEn: string }) => <UserText>{en ? o.nameEn : o.nameZh}</UserText>;
  return (
    <Timeline
      data-testid="custody-timeline"
      items={events.map((e) => ({
        key: e.id,
        color: brokenSeq !== null && e.seq >= brokenSeq ? 'red' : (KIND_COLOR[e.kind] ?? 'blue'),
        children: (
          <div data-testid={`event-${e.kind}`} style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
            <Space wrap size={4}>
              <Typography.Text strong>{t(`manifests.event.${e.kind}`)}</Typography.Text>
              <Typography.Text type="secondary">{dayjs(e.at).format('YYYY-MM-DD HH:mm:ss')}</Typography.Text>
              <Tag>{t(`manifests.method.${e.method}`)}</Tag>
              {brokenSeq === e.seq && <Tag color="red">{t('manifests.verify.brokenHere')}</Tag>}
            </Space>
            <div>
              {e.signedBy ? (
                <>
                  <UserText>{e.signedBy}</UserText>
                  {t('manifests.timeline.signedFor')}
                </>
              ) : (
                t('manifests.timeline.signedForOrg')
              )}
              {name(e.signer)}
              {e.actingOrganisation && (
                <Typography.Text type="secondary">
                  {' '}
                  {t('manifests.timeline.under')}
                  {name(e.actingOrganisation)}
                </Typography.Text>
              )}
            </div>
            <EventFacts e={e} lines={lines} />
            {e.location && (
              <div>
                <Typography.Text type="secondary">
                  {t('manifests.timeline.where', { lat: Number(e.location.lat).toFixed(5), lon: Number(e.location.lon).toFixed(5) })}
                </Typography.Text>
              </div>
            )}
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('manifests.timeline.hash')}
                <Typography.Text code copyable={{ text: e.hash }} style={{ fontSize: 12 }}>
                  <UserText>{`${e.hash.slice(0, 16)}…`}</UserText>
                </Typography.Text>
              </Typography.Text>
            </div>
          </div>
        ),
      }))}
    />
  );
}
