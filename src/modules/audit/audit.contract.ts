import { defineRoute } from '../../shared/contract';
import { auditPage, auditQuery } from './audit.schema';

export const listAudit = defineRoute({
  method: 'GET',
  path: '/api/v1/audit',
  summary: 'Audit log: platform admins see all, regulators their region, org admins their organisation',
  tags: ['audit'],
  query: auditQuery,
  responses: { 200: auditPage },
});
