import { type Viewer } from '../../platform/viewer';
import type { EventKind } from './engine/custody';
import type { DiscrepancyKind } from './engine/discrepancies';
import { fromMilli, toMilli } from './engine/quantity';
import type { EventPayload } from './engine/trail';
import type { OrganisationNames } from './manifests.repository';
import type { ManifestSummary, ManifestView } from './manifests.schema';
import type { EventPeople, Signable } from './manifests.signable';
import type { ManifestEventRow, ManifestLicenceRow, ManifestLineRow, ManifestRow, ManifestTransporterRow } from './manifests.tables';

type TransporterWithName = ManifestTransporterRow & { name_zh: string; name_en: string };

function orgRef(names: ReadonlyMap<string, OrganisationNames>, id: string) {
  const n = names.get(id);
  return { id, nameZh: n?.name_zh ?? '', nameEn: n?.name_en ?? '' };
}

/** The load in tonnes (kilogram lines converted, rounded to the kilogram). */
export function tonnesOf(lines: readonly Pick<ManifestLineRow, 'quantity' | 'unit'>[]): string {
  const milli = lines.reduce((s, l) => s + (l.unit === 'kg' ? Math.round(toMilli(l.quantity) / 1000) : toMilli(l.quantity)), 0);
  return fromMilli(milli);
}

/** Stored numerics come back as "12.500": shown as the canonical quantity text. */
const qty = (v: string | null) => (v === null ? null : fromMilli(Math.round(Number(v) * 1000)));

export function presentSummary(m: ManifestRow, transporters: readonly TransporterWithName[], lines: readonly ManifestLineRow[], names: ReadonlyMap<string, OrganisationNames>): ManifestSummary {
  return {
    id: m.id,
    number: m.number,
    status: m.status,
    generator: orgRef(names, m.generator_id),
    receiver: orgRef(names, m.receiver_id),
    transporters: transporters.map((t) => ({ id: t.organisation_id, nameZh: t.name_zh, nameEn: t.name_en })),
    holder: m.holder,
    tonnes: tonnesOf(lines),
    discrepancies: lines.reduce((s, l) => s + l.discrepancies.length, 0),
    createdAt: m.created_at.toISOString(),
    updatedAt: m.updated_at.toISOString(),
  };
}

export interface ManifestParts {
  manifest: ManifestRow;
  transporters: readonly TransporterWithName[];
  lines: readonly ManifestLineRow[];
  events: readonly ManifestEventRow[];
  licence: ManifestLicenceRow | undefined;
  names: ReadonlyMap<string, OrganisationNames>;
  /** Whether the viewer sees personal data of drivers (parties and regulators do; see the policy). */
  personal: boolean;
  canSign: EventKind[];
  signable: readonly Signable[];
  people: EventPeople;
  actions: ManifestView['actions'];
  genealogy: ManifestView['genealogy'];
}

export function presentManifest(_viewer: Viewer, p: ManifestParts): ManifestView {
  const m = p.manifest;
  return {
    ...presentSummary(m, p.transporters, p.lines, p.names),
    generatorSiteId: m.generator_site_id,
    receiverSiteId: m.receiver_site_id,
    licence: p.licence
      ? { id: p.licence.id, number: p.licence.number, categories: p.licence.categories, annualCapacity: qty(p.licence.annual_capacity), validFrom: p.licence.valid_from, validUntil: p.licence.valid_until }
      : null,
    contractId: m.contract_id,
    deliveryId: m.delivery_id,
    reroutedFrom: m.rerouted_from,
    reroutedTo: m.rerouted_to,
    transporterDetails: p.transporters.map((t) => ({
      position: t.position,
      organisation: { id: t.organisation_id, nameZh: t.name_zh, nameEn: t.name_en },
      plate: t.plate,
      driverName: t.driver_name,
      driverPhone: p.personal ? t.driver_phone : null,
    })),
    lines: p.lines.map((l) => ({
      line: l.line_no,
      wasteCode: l.waste_code,
      category: l.category,
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
      outcome: l.outcome,
      refusalReason: l.refusal_reason,
      discrepancies: l.discrepancies as DiscrepancyKind[],
    })),
    events: p.events.map((e) => {
      // The stored payload is what was signed; the view shows it as recorded.
      const payload = JSON.parse(e.payload) as EventPayload;
      return {
        id: e.id,
        seq: e.seq,
        kind: e.kind,
        at: e.at.toISOString(),
        signer: orgRef(p.names, e.signer_organisation_id),
        method: payload.signer.method,
        delegationId: e.delegation_id,
        location: payload.location,
        data: payload.data,
        hash: e.hash,
        keyId: e.key_id,
        signedBy: payload.signer.user ? (p.people.persons.get(payload.signer.user) ?? null) : null,
        actingOrganisation: e.delegation_id ? (p.people.acting.get(e.delegation_id) ?? null) : null,
      };
    }),
    canSign: p.canSign,
    actions: p.actions,
    signable: p.signable.map((x) => ({ kind: x.kind, organisation: orgRef(p.names, x.organisationId), delegated: x.delegated, to: x.to })),
    genealogy: p.genealogy,
  };
}
