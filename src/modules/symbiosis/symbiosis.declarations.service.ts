import type { Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { findOrganisation, findOrganisationByCode } from '../organisations';
import { resolvePark, UNITS } from './symbiosis.network.service';
import { symbiosisPolicy } from './symbiosis.policy';
import * as repo from './symbiosis.repository';
import type { z } from 'zod';
import type { cityNodeBody, declaredFlowBody, firmSettingsBody } from './symbiosis.schema';

/** What a park administration declares: city nodes, flows per year; and a firm's settings. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function organisationOrThrow(trx: Trx, text: string, field: string) {
  const org = UUID.test(text) ? await findOrganisation(trx, text) : await findOrganisationByCode(trx, text);
  if (!org) throw errors.validation(`Unknown organisation ${text}.`, [{ field, message: `unknown organisation ${text}`, code: 'symbiosis.unknownOrganisation', params: { organisation: text } }]);
  return org;
}

export async function addCityNode(trx: Trx, ctx: ServiceContext, parkText: string, body: z.infer<typeof cityNodeBody>) {
  const park = await resolvePark(trx, parkText);
  permit(ctx.viewer, symbiosisPolicy.keepPark(ctx.viewer, park.parkId), 'Only the park administration keeps its city and utility nodes.');
  const row = await repo.insertCityNode(trx, {
    park_id: body.regional ? null : park.parkId,
    region_code: park.regionCode,
    kind: body.kind,
    name_zh: body.nameZh,
    name_en: body.nameEn,
    latitude: body.lat,
    longitude: body.lon,
    created_by: actorOf(ctx.viewer)?.userId ?? null,
  });
  await recordAudit(trx, ctx, { action: 'symbiosis_node.create', entityType: 'symbiosis_nodes', entityId: row.id, organisationId: actorOf(ctx.viewer)?.organisationId ?? null, after: { ...row } });
  return { id: row.id, kind: row.kind, nameZh: row.name_zh, nameEn: row.name_en, lat: Number(row.latitude), lon: Number(row.longitude), parkId: row.park_id, regionCode: row.region_code };
}

export async function addDeclaredFlow(trx: Trx, ctx: ServiceContext, parkText: string, body: z.infer<typeof declaredFlowBody>) {
  const park = await resolvePark(trx, parkText);
  permit(ctx.viewer, symbiosisPolicy.keepPark(ctx.viewer, park.parkId), 'Only the park administration declares its energy, water and material flows.');
  const end = async (e: { organisation?: string | undefined; node?: string | undefined } | null, field: string) => {
    if (e === null || (!e.organisation && !e.node)) return { org: null, node: null };
    if (e.organisation) {
      const org = await organisationOrThrow(trx, e.organisation, `${field}.organisation`);
      if (org.park_id !== park.parkId) throw errors.validation('The firm is not in this park.', [{ field: `${field}.organisation`, message: 'is not a firm of this park', code: 'symbiosis.notInPark' }]);
      return { org: org.id, node: null };
    }
    const node = await repo.findCityNode(trx, e.node!);
    if (!node || (node.park_id !== null && node.park_id !== park.parkId) || (node.park_id === null && node.region_code !== park.regionCode)) {
      throw errors.validation('Unknown node for this park.', [{ field: `${field}.node`, message: 'is not a city node of this park or its region', code: 'symbiosis.unknownNode' }]);
    }
    return { org: null, node: node.id };
  };
  const from = await end(body.from, 'from');
  const to = await end(body.to, 'to');
  if (from.org === null && from.node === null && to.org === null && to.node === null) {
    throw errors.validation('A flow needs an end inside the park.', [{ field: 'to', message: 'one end must be a firm or a node of the park', code: 'symbiosis.bothOutside' }]);
  }
  const row = await repo.insertDeclaredFlow(trx, {
    park_id: park.parkId,
    year: body.year,
    kind: body.kind,
    basis: body.basis,
    from_organisation_id: from.org,
    from_node_id: from.node,
    to_organisation_id: to.org,
    to_node_id: to.node,
    quantity: body.quantity,
    carrier: body.carrier,
    note: body.note,
    created_by: actorOf(ctx.viewer)?.userId ?? null,
  });
  await recordAudit(trx, ctx, { action: 'symbiosis_flow.create', entityType: 'symbiosis_flows', entityId: row.id, organisationId: actorOf(ctx.viewer)?.organisationId ?? null, after: { ...row } });
  const ref = (org: string | null, node: string | null) => (org ? `org:${org}` : node ? `node:${node}` : null);
  return { id: row.id, year: row.year, kind: row.kind, basis: row.basis, from: ref(from.org, from.node), to: ref(to.org, to.node), quantity: Number(row.quantity), unit: UNITS[row.kind], carrier: row.carrier };
}

export async function setFirmSettings(trx: Trx, ctx: ServiceContext, orgText: string, body: z.infer<typeof firmSettingsBody>) {
  const org = await organisationOrThrow(trx, orgText, 'organisation');
  permit(ctx.viewer, symbiosisPolicy.setFirm(ctx.viewer, { organisationId: org.id, parkId: org.park_id }), 'Only the firm or its park administration sets its stop threshold and sharing.');
  const before = (await repo.firmSettings(trx, [org.id])).get(org.id) ?? null;
  await repo.upsertFirmSetting(trx, org.id, body, actorOf(ctx.viewer)?.userId ?? null);
  await recordAudit(trx, ctx, { action: 'symbiosis_firm_settings.update', entityType: 'symbiosis_firm_settings', entityId: org.id, organisationId: org.id, before, after: { ...body } });
  return { organisationId: org.id, ...body };
}
