/**
 * Corrections of closed manifests as revision requests (engine/revision.ts): a party asks, every
 * other party the fields concern approves or refuses (with a reason), the requester may cancel.
 * The last approval writes the next version and appends a signed `revised` event to the trail,
 * signed for the organisation whose approval completed it, so verification covers corrections
 * like custody. Every version stays, and the API shows them side by side with per-field diffs.
 */
import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors, type FieldIssue } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { notify } from '../notifications';
import { findOrganisation, ownerOf } from '../organisations';
import { organisationOf, type PartyRole } from './engine/custody';
import { fromMilli } from './engine/quantity';
import { applyChanges, checkRevision, diffVersions, type FieldChange, flatten, parseField, type RevisableManifest, revisionOutcome } from './engine/revision';
import type { JsonValue } from './engine/trail';
import type { ManifestsDeps } from './manifests.keys.service';
import { regulationPolicy } from './manifests.regulation.policy';
import * as rrepo from './manifests.regulation.repository';
import type { DecideRevisionBody, RequestRevisionBody, RevisionsView, RevisionView } from './manifests.regulation.schema';
import type { ManifestRevisionRow } from './manifests.regulation.tables';
import * as repo from './manifests.repository';
import { mayRead, partiesOf, resolveSigner, signingMethod } from './manifests.service';
import type { ManifestRow } from './manifests.tables';
import { appendEvent } from './manifests.trail.service';

const invalid = (message: string, field: string, code: string): never => {
  const issue: FieldIssue = { field, message, code: `manifests.${code}` };
  throw errors.validation(message, [issue]);
};

const qty = (v: string | null) => (v === null ? null : fromMilli(Math.round(Number(v) * 1000)));

/** The manifest's correctable fields as they are now (the treatment from the latest version, else the processed event). */
async function currentFields(db: Executor, m: ManifestRow): Promise<RevisableManifest> {
  const [lines, transporters, versions] = [await repo.linesOf(db, [m.id]), await repo.transportersOf(db, [m.id]), await rrepo.versionsOf(db, m.id)];
  let treatmentCode: string | null = null;
  let product: string | null = null;
  const last = versions.at(-1);
  if (last) {
    ({ treatmentCode, product } = JSON.parse(last.snapshot) as RevisableManifest);
  } else {
    const processed = (await repo.eventsOf(db, [m.id])).filter((e) => e.kind === 'processed').at(-1);
    if (processed) {
      const data = (JSON.parse(processed.payload) as { data: { treatmentCode?: string; product?: string | null } }).data;
      treatmentCode = data.treatmentCode ?? null;
      product = data.product ?? null;
    }
  }
  return {
    lines: lines.map((l) => ({
      line: l.line_no,
      wasteCode: l.waste_code,
      description: l.description,
      packaging: l.packaging,
      packageCount: l.package_count,
      quantity: qty(l.quantity)!,
      unit: l.unit,
      measure: l.measure,
      grade: l.grade,
      pickedUp: qty(l.picked_up),
      received: qty(l.received),
      refused: qty(l.refused),
      refusalReason: l.refusal_reason,
    })),
    transporters: transporters.map((t) => ({ position: t.position, plate: t.plate, driverName: t.driver_name })),
    treatmentCode,
    product,
  };
}

async function readable(db: Executor, ctx: ServiceContext, id: string) {
  const m = await repo.findManifest(db, id);
  if (!m) throw errors.notFound('Manifest', id);
  const parties = await partiesOf(db, m);
  if (!(await mayRead(db, ctx, parties))) {
    permit(ctx.viewer, ctx.viewer.kind !== 'anonymous');
    throw errors.notFound('Manifest', id);
  }
  return { m, parties };
}

const partyOrgs = (m: ManifestRow, transporters: readonly string[]) => [...new Set([m.generator_id, m.receiver_id, ...transporters])];

export async function requestRevision(trx: Trx, ctx: ServiceContext, deps: ManifestsDeps, id: string, body: RequestRevisionBody, now = new Date()): Promise<RevisionsView> {
  const method = await signingMethod(trx, ctx, body.password);
  const m = await repo.lockManifest(trx, id);
  if (!m) throw errors.notFound('Manifest', id);
  const parties = await partiesOf(trx, m);
  if (!(await mayRead(trx, ctx, parties))) throw errors.notFound('Manifest', id);
  permit(ctx.viewer, regulationPolicy.requestRevision(ctx.viewer, parties), 'Only the parties of the manifest ask for corrections.');
  const actor = actorOf(ctx.viewer);
  const requester = actor?.organisationId ?? m.generator_id;
  if (m.status !== 'closed') throw errors.illegalTransition(`A manifest that is ${m.status} is corrected by its next custody event; revision requests are for closed manifests.`);
  if (await rrepo.pendingRevision(trx, id)) throw errors.conflict('The manifest has an open revision request: decide or cancel it first.');

  const current = await currentFields(trx, m);
  const checked = checkRevision(current, body.changes);
  if (!checked.ok) {
    const first = checked.issues[0]!;
    const where = first.issue === 'unknown-field' || first.issue === 'duplicate-field' ? 'field' : 'to';
    return invalid(`Change ${first.index + 1}: ${first.issue}.`, `changes.${first.index}.${where}`, `revision.${first.issue}`);
  }
  for (const [i, c] of checked.changes.entries()) {
    if (parseField(c.field)?.name !== 'wasteCode') continue;
    const code = (await repo.codesByCode(trx, [String(c.to)])).get(String(c.to));
    if (!code || !code.active) invalid(`Unknown waste code ${String(c.to)}.`, `changes.${body.changes.findIndex((r) => r.field === c.field) ?? i}.to`, 'unknownCode');
  }
  const custody = { generator: m.generator_id, transporters: parties.transporterIds, receiver: m.receiver_id };
  const approvers = [...new Set(checked.roles.map((r: PartyRole) => organisationOf(custody, r)).filter((o): o is string => o !== undefined && o !== requester))];
  const versions = await rrepo.versionsOf(trx, id);
  const revision = await rrepo.insertRevision(trx, {
    manifest_id: id,
    requester_organisation_id: requester,
    requester_user_id: actor?.userId ?? null,
    reason: body.reason,
    changes: JSON.stringify(checked.changes),
    approvers,
    status: 'pending',
    from_version: versions.at(-1)?.version ?? 1,
    created_at: now,
  });
  await recordAudit(trx, ctx, { action: 'manifest.revision.request', entityType: 'manifest_revisions', entityId: revision.id, organisationId: requester, after: { ...revision, method } });
  if (approvers.length === 0) {
    // The requester plays every party concerned (e.g. a generator carrying its own load): nobody else to ask.
    await approve(trx, ctx, deps, m, revision, requester, method, now);
  } else {
    await notify(trx, ctx, {
      event: 'manifest.revision-requested',
      subject: { type: 'manifests', id },
      recipients: { organisationIds: approvers },
      params: { number: m.number },
      link: `/manifests/${id}/revisions`,
      data: { manifestId: id, number: m.number, revisionId: revision.id },
      at: now,
    });
  }
  return listRevisions(trx, ctx, id);
}

/** Writes the next version, corrects the rows and appends the signed `revised` event. */
async function approve(trx: Trx, ctx: ServiceContext, deps: ManifestsDeps, m: ManifestRow, revision: ManifestRevisionRow, finalOrganisation: string, method: Awaited<ReturnType<typeof signingMethod>>, now: Date) {
  const current = await currentFields(trx, m);
  const changes = JSON.parse(revision.changes) as FieldChange[];
  const next = applyChanges(current, changes);
  const versions = await rrepo.versionsOf(trx, m.id);
  if (versions.length === 0) await rrepo.insertVersion(trx, { manifest_id: m.id, version: 1, snapshot: JSON.stringify(current), revision_id: null, created_at: m.updated_at });
  const version = (versions.at(-1)?.version ?? 1) + 1;
  await rrepo.insertVersion(trx, { manifest_id: m.id, version, snapshot: JSON.stringify(next), revision_id: revision.id, created_at: now });

  const codes = await repo.codesByCode(trx, next.lines.map((l) => l.wasteCode));
  for (const l of next.lines) {
    const before = current.lines.find((x) => x.line === l.line)!;
    const moved = changes.some((c) => c.field.startsWith(`lines.${l.line}.`));
    if (!moved) continue;
    await rrepo.updateLineFields(trx, m.id, l.line, {
      waste_code: l.wasteCode,
      category: codes.get(l.wasteCode)?.category ?? before.wasteCode,
      description: l.description,
      packaging: l.packaging,
      package_count: l.packageCount,
      quantity: l.quantity,
      unit: l.unit as 't' | 'kg',
      measure: l.measure as 'estimated' | 'weighed',
      grade: l.grade,
      picked_up: l.pickedUp,
      received: l.received,
      refused: l.refused,
      refusal_reason: l.refusalReason,
    });
  }
  for (const t of next.transporters) {
    if (changes.some((c) => c.field.startsWith(`transporters.${t.position}.`))) await rrepo.updateTransporterFields(trx, m.id, t.position, { plate: t.plate, driver_name: t.driverName });
  }

  const decisions = await rrepo.decisionsOf(trx, [revision.id]);
  const signer = await resolveSigner(trx, ctx, finalOrganisation, method);
  const data: { [key: string]: JsonValue } = {
    revision: revision.id,
    version,
    fromVersion: version - 1,
    reason: revision.reason,
    requestedBy: revision.requester_organisation_id,
    requestedAt: revision.created_at.toISOString(),
    changes: changes.map((c) => ({ field: c.field, from: c.from, to: c.to })),
    approvals: decisions.filter((d) => d.decision === 'approved').map((d) => ({ organisation: d.organisation_id, at: d.at.toISOString() })),
  };
  const locked = (await repo.lockManifest(trx, m.id))!;
  const event = await appendEvent(trx, deps, { manifest: locked, kind: 'revised', signer, at: now, location: null, data });
  await rrepo.updateRevision(trx, revision.id, { status: 'approved', to_version: version, event_id: event.id, decided_at: now });
  await recordAudit(trx, ctx, { action: 'manifest.revised', entityType: 'manifests', entityId: m.id, organisationId: finalOrganisation, before: { event_count: locked.event_count }, after: { event_count: event.seq, event_id: event.id, revision_id: revision.id, version } });
  await notify(trx, ctx, {
    event: 'manifest.revision-decided',
    subject: { type: 'manifests', id: m.id },
    recipients: { organisationIds: partyOrgs(m, (await partiesOf(trx, m)).transporterIds) },
    params: { number: m.number, outcomeZh: '已批准', outcomeEn: 'approved' },
    link: `/manifests/${m.id}/revisions`,
    data: { manifestId: m.id, number: m.number, revisionId: revision.id, status: 'approved', version },
    at: now,
  });
}

export async function decideRevision(trx: Trx, ctx: ServiceContext, deps: ManifestsDeps, id: string, revisionId: string, body: DecideRevisionBody, now = new Date()): Promise<RevisionsView> {
  const method = await signingMethod(trx, ctx, body.password);
  const m = await repo.lockManifest(trx, id);
  if (!m) throw errors.notFound('Manifest', id);
  const parties = await partiesOf(trx, m);
  if (!(await mayRead(trx, ctx, parties))) throw errors.notFound('Manifest', id);
  const revision = await rrepo.lockRevision(trx, revisionId);
  if (!revision || revision.manifest_id !== id) throw errors.notFound('Revision', revisionId);
  const actor = actorOf(ctx.viewer);
  const organisation = actor?.organisationId;
  if (!organisation || !revision.approvers.includes(organisation)) throw errors.forbidden('Your organisation is not asked to decide on this revision.');
  const org = await findOrganisation(trx, organisation);
  permit(ctx.viewer, regulationPolicy.decideRevision(ctx.viewer, ownerOf(org!)), 'Your role does not decide on revisions.');
  if (revision.status !== 'pending') throw errors.illegalTransition(`The revision request is ${revision.status}.`);
  const decisions = await rrepo.decisionsOf(trx, [revisionId]);
  if (decisions.some((d) => d.organisation_id === organisation)) throw errors.illegalTransition('Your organisation has decided on this revision already.');
  const decision = body.decision === 'approve' ? 'approved' : 'refused';
  await rrepo.insertDecision(trx, { revision_id: revisionId, organisation_id: organisation, user_id: actor?.userId ?? null, decision, reason: body.reason ?? null, at: now });
  await recordAudit(trx, ctx, { action: `manifest.revision.${decision === 'approved' ? 'approve' : 'refuse'}`, entityType: 'manifest_revisions', entityId: revisionId, organisationId: organisation, after: { decision, reason: body.reason ?? null, method } });
  const outcome = revisionOutcome(revision.approvers, [...decisions.map((d) => ({ organisation: d.organisation_id, decision: d.decision })), { organisation, decision }]);
  switch (outcome) {
    case 'approved':
      await approve(trx, ctx, deps, m, revision, organisation, method, now);
      break;
    case 'refused':
      await rrepo.updateRevision(trx, revisionId, { status: 'refused', decision_reason: body.reason ?? null, decided_at: now });
      await notify(trx, ctx, {
        event: 'manifest.revision-decided',
        subject: { type: 'manifests', id },
        recipients: { organisationIds: [revision.requester_organisation_id, ...revision.approvers.filter((o) => o !== organisation)] },
        params: { number: m.number, outcomeZh: '被拒绝', outcomeEn: 'refused' },
        link: `/manifests/${id}/revisions`,
        data: { manifestId: id, number: m.number, revisionId, status: 'refused' },
        at: now,
      });
      break;
    case 'pending':
      break;
  }
  return listRevisions(trx, ctx, id);
}

export async function cancelRevision(trx: Trx, ctx: ServiceContext, id: string, revisionId: string, reason: string, now = new Date()): Promise<RevisionsView> {
  const { m } = await readable(trx, ctx, id);
  const revision = await rrepo.lockRevision(trx, revisionId);
  if (!revision || revision.manifest_id !== id) throw errors.notFound('Revision', revisionId);
  const actor = actorOf(ctx.viewer);
  const org = actor ? await findOrganisation(trx, actor.organisationId) : undefined;
  if (!org || org.id !== revision.requester_organisation_id) throw errors.forbidden('Only the organisation that asked cancels a revision request.');
  permit(ctx.viewer, regulationPolicy.decideRevision(ctx.viewer, ownerOf(org)), 'Your role does not cancel revisions.');
  if (revision.status !== 'pending') throw errors.illegalTransition(`The revision request is ${revision.status}.`);
  await rrepo.updateRevision(trx, revisionId, { status: 'cancelled', decision_reason: reason, decided_at: now });
  await recordAudit(trx, ctx, { action: 'manifest.revision.cancel', entityType: 'manifest_revisions', entityId: revisionId, organisationId: org.id, after: { status: 'cancelled', decision_reason: reason } });
  await notify(trx, ctx, {
    event: 'manifest.revision-decided',
    subject: { type: 'manifests', id },
    recipients: { organisationIds: revision.approvers },
    params: { number: m.number, outcomeZh: '已撤回', outcomeEn: 'cancelled' },
    link: `/manifests/${id}/revisions`,
    data: { manifestId: id, number: m.number, revisionId, status: 'cancelled' },
    at: now,
  });
  return listRevisions(trx, ctx, id);
}

export async function listRevisions(db: Executor, ctx: ServiceContext, id: string): Promise<RevisionsView> {
  const { m, parties } = await readable(db, ctx, id);
  const [revisions, versions] = [await rrepo.revisionsOf(db, id), await rrepo.versionsOf(db, id)];
  const decisions = await rrepo.decisionsOf(db, revisions.map((r) => r.id));
  const names = await repo.organisationNames(db, [...revisions.flatMap((r) => [r.requester_organisation_id, ...r.approvers])]);
  const ref = (o: string) => ({ id: o, nameZh: names.get(o)?.name_zh ?? '', nameEn: names.get(o)?.name_en ?? '' });
  const own = actorOf(ctx.viewer)?.organisationId ?? null;
  const snapshots = versions.length > 0 ? versions.map((v) => ({ version: v.version, createdAt: v.created_at.toISOString(), revisionId: v.revision_id, fields: JSON.parse(v.snapshot) as RevisableManifest })) : [{ version: 1, createdAt: null, revisionId: null, fields: await currentFields(db, m) }];
  const revisionView = (r: ManifestRevisionRow): RevisionView => {
    const mine = decisions.filter((d) => d.revision_id === r.id);
    return {
      id: r.id,
      status: r.status,
      reason: r.reason,
      requester: ref(r.requester_organisation_id),
      createdAt: r.created_at.toISOString(),
      decidedAt: r.decided_at?.toISOString() ?? null,
      decisionReason: r.decision_reason,
      fromVersion: r.from_version,
      toVersion: r.to_version,
      eventId: r.event_id,
      changes: JSON.parse(r.changes) as FieldChange[],
      approvals: r.approvers.map((o) => {
        const d = mine.find((x) => x.organisation_id === o);
        return { organisation: ref(o), decision: d?.decision ?? null, reason: d?.reason ?? null, at: d?.at.toISOString() ?? null };
      }),
      mayDecide: r.status === 'pending' && own !== null && r.approvers.includes(own) && !mine.some((d) => d.organisation_id === own),
      mayCancel: r.status === 'pending' && own === r.requester_organisation_id,
    };
  };
  return {
    manifestId: m.id,
    number: m.number,
    status: m.status,
    versions: snapshots.map((s, i) => ({ version: s.version, createdAt: s.createdAt, revisionId: s.revisionId, fields: flatten(s.fields), diff: i === 0 ? [] : diffVersions(snapshots[i - 1]!.fields, s.fields) })),
    revisions: revisions.map(revisionView).reverse(),
    mayRequest: m.status === 'closed' && !revisions.some((r) => r.status === 'pending') && regulationPolicy.requestRevision(ctx.viewer, parties) && ctx.viewer.kind === 'actor',
  };
}
