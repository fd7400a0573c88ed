import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../platform/errors';
import { auditPolicy, authorize } from '../../platform/policies';
import { requireActor } from '../../server/context';
import { findOrganisation } from '../organisations/organisations.repository';
import { type AuditQuery, queryAudit } from './audit.repository';

const auditQuery = z.object({
  organisationId: z.uuid().optional(),
  entityType: z.string().max(60).optional(),
  entityId: z.string().max(120).optional(),
  action: z.string().max(60).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  beforeId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const auditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  actorTokenId: z.string().nullable(),
  organisationId: z.string().nullable(),
  organisationCode: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
});

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log: platform admins see all, regulators their region, org admins their organisation',
        querystring: auditQuery,
        response: { 200: z.object({ items: z.array(auditEntry), nextBeforeId: z.number().int().nullable() }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const q = request.query;
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
        const org = await findOrganisation(app.db, q.organisationId);
        if (!org) throw errors.notFound('Organisation', q.organisationId);
        authorize(auditPolicy.readOrganisation(actor, { organisationId: org.id, regionCode: org.region_code }));
        scope.organisationId = org.id;
      } else if (auditPolicy.readAll(actor)) {
        // whole platform
      } else if (auditPolicy.readRegion(actor)) {
        scope.regionCode = actor.regionCode;
      } else {
        authorize(auditPolicy.readOrganisation(actor, { organisationId: actor.organisationId, regionCode: actor.regionCode }), 'Only administrators and regulators read the audit log.');
        scope.organisationId = actor.organisationId;
      }
      const rows = await queryAudit(app.db, scope);
      const items = rows.map((r) => ({
        id: Number(r.id),
        at: r.at.toISOString(),
        actorUserId: r.actor_user_id,
        actorUsername: r.actor_username,
        actorTokenId: r.actor_token_id,
        organisationId: r.organisation_id,
        organisationCode: r.organisation_code,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        before: r.before,
        after: r.after,
        requestId: r.request_id,
      }));
      return { items, nextBeforeId: items.length === q.limit ? (items.at(-1)?.id ?? null) : null };
    },
  );
};
