/**
 * The overdue job's work (engine/overdue.ts): manifests past their receipt or processing
 * deadline are flagged once per rule (the flag's primary key makes a second run a no-op), each
 * flag opens a queue item and notifies the parties, with its audit record, in the job's
 * transaction (so under its slot claim).
 */
import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { permit } from '../../platform/policy-rules';
import type { ServiceContext } from '../../platform/viewer';
import { notify } from '../notifications';
import { type Deadlines, type OverdueFinding, overdueFindings, type OverdueRule, shortestHours, type WasteList } from './engine/overdue';
import { DEFAULT_DEADLINE_SOURCE, type RegulationConfig } from './manifests.regulation.config';
import * as rrepo from './manifests.regulation.repository';

const HOUR = 3_600_000;
const BATCH = 2_000;

const ruleNames: Record<OverdueRule, [zh: string, en: string]> = {
  'not-received': ['提运后超时未接收', 'not received in time after pickup'],
  'not-processed': ['接收后超时未处置', 'not processed in time after receipt'],
};

export async function deadlines(db: Executor, config: RegulationConfig): Promise<Deadlines> {
  const rules = await rrepo.deadlineRules(db);
  return {
    rules: rules.map((r) => ({ wasteList: r.waste_list, deadline: r.deadline, hours: r.hours, source: `${r.source} (${r.edition})${r.verified ? '' : ' [unverified]'}`, verified: r.verified })),
    defaults: { receipt: config.receiptHours, processing: config.processingHours },
    defaultSource: DEFAULT_DEADLINE_SOURCE,
  };
}

export async function flagOverdue(trx: Trx, ctx: ServiceContext, config: RegulationConfig, now = new Date()): Promise<{ manifestId: string; rule: OverdueRule }[]> {
  permit(ctx.viewer, ctx.viewer.kind === 'system', 'Overdue manifests are flagged by the system.');
  const d = await deadlines(trx, config);
  const candidates = await rrepo.overdueCandidates(trx, {
    receiptBefore: new Date(now.getTime() - shortestHours('receipt', d) * HOUR),
    processingBefore: new Date(now.getTime() - shortestHours('processing', d) * HOUR),
    limit: BATCH,
  });
  const found: { c: (typeof candidates)[number]; f: OverdueFinding }[] = [];
  for (const c of candidates) {
    const facts = { status: c.status as Parameters<typeof overdueFindings>[0]['status'], allRefused: c.all_refused, lists: c.lists as WasteList[], pickedUpAt: c.picked_up_at, receivedAt: c.received_at };
    for (const f of overdueFindings(facts, d, now)) found.push({ c, f });
  }
  const inserted = await rrepo.insertOverdue(
    trx,
    found.map(({ c, f }) => ({ manifest_id: c.id, rule: f.rule, due_at: f.dueAt, hours: f.hours, source: f.source, flagged_at: now })),
  );
  const flagged: { manifestId: string; rule: OverdueRule }[] = [];
  for (const row of inserted) {
    const hit = found.find(({ c, f }) => c.id === row.manifest_id && f.rule === row.rule)!;
    const { c, f } = hit;
    await rrepo.insertQueueItems(trx, [
      { manifest_id: c.id, kind: 'overdue', key: f.rule, detail: JSON.stringify({ rule: f.rule, dueAt: f.dueAt.toISOString(), hours: f.hours, source: f.source }), status: 'open', opened_at: now },
    ]);
    await recordAudit(trx, ctx, { action: 'manifest.overdue', entityType: 'manifest_overdue', entityId: c.id, organisationId: c.generator_id, after: { manifest_id: c.id, rule: f.rule, due_at: f.dueAt, hours: f.hours, source: f.source } });
    const [zh, en] = ruleNames[f.rule];
    await notify(trx, ctx, {
      event: 'manifest.overdue',
      subject: { type: 'manifests', id: c.id },
      recipients: { organisationIds: [...new Set([c.generator_id, c.receiver_id, ...c.transporters])] },
      params: { number: c.number, ruleZh: zh, ruleEn: en },
      link: `/manifests/${c.id}`,
      data: { manifestId: c.id, number: c.number, rule: f.rule, dueAt: f.dueAt.toISOString() },
      at: now,
    });
    flagged.push({ manifestId: c.id, rule: f.rule });
  }
  return flagged;
}
