import type { Executor } from '../../db/database';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import type { ActorViewer, ServiceContext } from '../../platform/viewer';
import { findOrganisation, ownerOf } from '../organisations';
import { auditPolicy } from './audit.policy';
import { type AuditQuery, type AuditRow, countAuditSince, queryAudit } from './audit.repository';
import type { AuditQueryInput } from './audit.schema';

/**
 * The audit log the viewer may read: one organisation when asked for (its admins, regulators of
 * its region, platform admins); otherwise everything for platform admins, the region for
 * regulators, and the viewer's own organisation for its admins.
 */
export async function readAuditLog(db: Executor, ctx: ServiceContext & { viewer: ActorViewer }, q: AuditQueryInput): Promise<AuditRow[]> {
  const { viewer } = ctx;
  const actor = viewer.actor;
  const scope: AuditQuery = {
    entityType: q.entityType,
    entityId: q.entityId,
    action: q.action,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    beforeId: q.beforeId,
    limit: q.limit,
  };
  if (q.organisationId) {
    const org = await findOrganisation(db, q.organisationId);
    if (!org) throw errors.notFound('Organisation', q.organisationId);
    permit(viewer, auditPolicy.readOrganisation(viewer, ownerOf(org)));
    scope.organisationId = org.id;
  } else if (auditPolicy.readAll(viewer)) {
    // whole platform
  } else if (auditPolicy.readRegion(viewer)) {
    scope.regionCode = actor.regionCode;
  } else {
    permit(viewer, auditPolicy.readOrganisation(viewer, { organisationId: actor.organisationId, regionCode: actor.regionCode }), 'Only administrators and regulators read the audit log.');
    scope.organisationId = actor.organisationId;
  }
  return queryAudit(db, scope);
}

/** The platform's audit activity since a moment (whole-platform readers only). */
export async function auditActivity(db: Executor, ctx: ServiceContext, since: Date): Promise<{ since: string; entries: number; actors: number }> {
  permit(ctx.viewer, auditPolicy.readAll(ctx.viewer));
  return { since: since.toISOString(), ...(await countAuditSince(db, since)) };
}
