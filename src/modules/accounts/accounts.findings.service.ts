import type { Executor, Trx } from '../../db/database';
import { regionPrefix } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { isPlatformAdmin, permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { accountsPolicy } from './accounts.policy';
import * as repo from './accounts.repository';
import { resolveRegionOrThrow } from './accounts.service';

type FindingStatus = 'open' | 'accepted' | 'resolved';

/**
 * Data-quality findings of a region (default: the viewer's own region; every region for platform
 * admins and the system).
 */
export async function listFindings(db: Executor, ctx: ServiceContext, q: { region?: string | undefined; year?: number | undefined; status?: FindingStatus | undefined; limit: number }) {
  const actor = actorOf(ctx.viewer);
  const region = q.region ? await resolveRegionOrThrow(db, q.region, 'query.region') : actor === null || isPlatformAdmin(actor) ? null : actor.regionCode;
  permit(ctx.viewer, accountsPolicy.readFindings(ctx.viewer, region));
  return repo.listFindings(db, { regionPrefix: region ? regionPrefix(region) : undefined, year: q.year, status: q.status, limit: q.limit });
}

export interface FindingCounts {
  region: string | null;
  open: { error: number; warning: number; info: number };
  accepted: number;
  resolved: number;
}

/** How many findings a region has, open ones by severity (the same scope and rule as listFindings). */
export async function findingCounts(db: Executor, ctx: ServiceContext, regionCode: string | null): Promise<FindingCounts> {
  permit(ctx.viewer, accountsPolicy.readFindings(ctx.viewer, regionCode));
  const rows = await repo.countFindings(db, regionCode === null ? undefined : regionPrefix(regionCode));
  const counts: FindingCounts = { region: regionCode, open: { error: 0, warning: 0, info: 0 }, accepted: 0, resolved: 0 };
  for (const r of rows) {
    if (r.status === 'open') counts.open[r.severity] += r.n;
    else counts[r.status] += r.n;
  }
  return counts;
}

/** Accepts or resolves a finding (the statistics office of its region; audited). */
export async function updateFinding(trx: Trx, ctx: ServiceContext, id: string, body: { status: FindingStatus; note?: string | null | undefined }) {
  const before = await repo.lockFinding(trx, id);
  if (!before) throw errors.notFound('Finding', id);
  permit(ctx.viewer, accountsPolicy.write(ctx.viewer, before.region_code), 'Only the statistics office of the region handles its findings.');
  const after = await repo.updateFinding(trx, id, body);
  await recordAudit(trx, ctx, { action: 'account_finding.update', entityType: 'account_findings', entityId: after.id, organisationId: actorOf(ctx.viewer)?.organisationId ?? null, before, after });
  return after;
}
