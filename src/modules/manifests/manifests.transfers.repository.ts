import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { ManifestStatus } from './engine/custody';

/**
 * Manifests as transfer records, for the statutory ledgers and the national system's export
 * (ledgers module): parties with their credit codes and site addresses, the receiver's licence,
 * transporters in order, lines with their code list and quantities, and the custody times a
 * ledger dates a transfer by (first pickup, receipt, processing, in that order of the chain).
 * No policy here: the caller decides who may see a firm's transfers before asking. Driver phone
 * numbers are left out (restricted personal data; neither the ledgers nor the export need them).
 */
export interface TransferParty {
  id: string;
  nameZh: string;
  nameEn: string;
  creditCode: string | null;
  phone: string | null;
  regionCode: string;
  siteAddress: string | null;
}

export interface TransferLine {
  line: number;
  wasteCode: string;
  /** The code list the code is on; null for a code no longer on either list. */
  list: 'general' | 'hazardous' | null;
  category: string;
  codeNameZh: string | null;
  codeNameEn: string | null;
  description: string;
  packaging: string | null;
  packageCount: number | null;
  /** Declared quantity, in the line's unit. */
  quantity: string;
  unit: 't' | 'kg';
  measure: 'estimated' | 'weighed';
  pickedUp: string | null;
  received: string | null;
  refused: string | null;
  outcome: 'accepted' | 'partially-refused' | 'refused' | null;
  refusalReason: string | null;
  discrepancies: string[];
}

export interface TransferRecord {
  id: string;
  number: string;
  status: ManifestStatus;
  createdAt: Date;
  pickedUpAt: Date | null;
  receivedAt: Date | null;
  processedAt: Date | null;
  treatmentCode: string | null;
  product: string | null;
  generator: TransferParty;
  receiver: TransferParty;
  licence: { number: string; categories: string[]; validFrom: string; validUntil: string } | null;
  transporters: { position: number; nameZh: string; nameEn: string; creditCode: string | null; plate: string; driverName: string }[];
  lines: TransferLine[];
}

export type TransferFilter = { ids: readonly string[] } | { generatorId: string; pickedUpFrom: Date; pickedUpBefore: Date };

interface Row {
  id: string;
  number: string;
  status: ManifestStatus;
  created_at: Date;
  picked_up_at: Date | string | null;
  received_at: Date | string | null;
  processed_at: Date | string | null;
  treatment_code: string | null;
  product: string | null;
  generator: TransferParty;
  receiver: TransferParty;
  licence: TransferRecord['licence'];
  transporters: TransferRecord['transporters'] | null;
  lines: TransferLine[] | null;
}

const party = (org: string, site: string) => sql<TransferParty>`(select json_build_object('id', o.id, 'nameZh', o.name_zh, 'nameEn', o.name_en, 'creditCode', o.credit_code,
  'phone', o.contact_phone, 'regionCode', o.region_code, 'siteAddress', (select s.address from sites s where s.id = ${sql.ref(site)}))
  from organisations o where o.id = ${sql.ref(org)})`;

const eventAt = (kind: string, order: 'asc' | 'desc') =>
  sql<Date | string | null>`(select e.at from manifest_events e where e.manifest_id = m.id and e.kind = ${kind} order by e.seq ${sql.raw(order)} limit 1)`;

/** Timestamps inside json_build_object come back as text; top-level ones as Date. */
const asDate = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

export async function transferRecords(db: Executor, filter: TransferFilter): Promise<TransferRecord[]> {
  if ('ids' in filter && filter.ids.length === 0) return [];
  let q = db
    .selectFrom('manifests as m')
    .select([
      'm.id',
      'm.number',
      'm.status',
      'm.created_at',
      eventAt('picked-up', 'asc').as('picked_up_at'),
      eventAt('received', 'desc').as('received_at'),
      eventAt('processed', 'desc').as('processed_at'),
      // A corrected manifest's treatment is its latest version's (as the regulators' figures count it).
      sql<string | null>`coalesce(
        (select v.snapshot::jsonb ->> 'treatmentCode' from manifest_versions v where v.manifest_id = m.id order by v.version desc limit 1),
        (select e.payload::jsonb -> 'data' ->> 'treatmentCode' from manifest_events e where e.manifest_id = m.id and e.kind = 'processed' order by e.seq desc limit 1))`.as('treatment_code'),
      sql<string | null>`(select e.payload::jsonb -> 'data' ->> 'product' from manifest_events e where e.manifest_id = m.id and e.kind = 'processed' order by e.seq desc limit 1)`.as('product'),
      party('m.generator_id', 'm.generator_site_id').as('generator'),
      party('m.receiver_id', 'm.receiver_site_id').as('receiver'),
      sql<TransferRecord['licence']>`(select json_build_object('number', l.number, 'categories', l.categories, 'validFrom', l.valid_from, 'validUntil', l.valid_until)
        from manifest_licences l where l.id = m.licence_id)`.as('licence'),
      sql<TransferRecord['transporters'] | null>`(select json_agg(json_build_object('position', t.position, 'nameZh', o.name_zh, 'nameEn', o.name_en, 'creditCode', o.credit_code,
        'plate', t.plate, 'driverName', t.driver_name) order by t.position)
        from manifest_transporters t join organisations o on o.id = t.organisation_id where t.manifest_id = m.id)`.as('transporters'),
      sql<TransferLine[] | null>`(select json_agg(json_build_object('line', l.line_no, 'wasteCode', l.waste_code, 'list', c.list, 'category', l.category,
        'codeNameZh', c.name_zh, 'codeNameEn', c.name_en, 'description', l.description, 'packaging', l.packaging, 'packageCount', l.package_count,
        'quantity', l.quantity::text, 'unit', l.unit, 'measure', l.measure, 'pickedUp', l.picked_up::text, 'received', l.received::text, 'refused', l.refused::text,
        'outcome', l.outcome, 'refusalReason', l.refusal_reason, 'discrepancies', l.discrepancies) order by l.line_no)
        from manifest_lines l left join manifest_waste_codes c on c.code = l.waste_code where l.manifest_id = m.id)`.as('lines'),
    ]);
  if ('ids' in filter) {
    q = q.where('m.id', 'in', [...filter.ids]);
  } else {
    const pickup = sql<Date>`(select min(e.at) from manifest_events e where e.manifest_id = m.id and e.kind = 'picked-up')`;
    q = q.where('m.generator_id', '=', filter.generatorId).where(pickup, '>=', filter.pickedUpFrom).where(pickup, '<', filter.pickedUpBefore);
  }
  const rows = (await q.orderBy('m.created_at').orderBy('m.number').execute()) as Row[];
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status,
    createdAt: r.created_at,
    pickedUpAt: asDate(r.picked_up_at),
    receivedAt: asDate(r.received_at),
    processedAt: asDate(r.processed_at),
    treatmentCode: r.treatment_code,
    product: r.product,
    generator: r.generator,
    receiver: r.receiver,
    licence: r.licence,
    transporters: r.transporters ?? [],
    lines: (r.lines ?? []).map((l) => ({ ...l, discrepancies: l.discrepancies ?? [] })),
  }));
}
