import { z } from 'zod';
import { eventKinds, manifestStatuses } from './engine/custody';
import { discrepancyKinds } from './engine/discrepancies';
import { QUANTITY_PATTERN } from './engine/quantity';
import { breakReasons, cryptoSuites } from './engine/suites';
import { recordKinds } from './engine/revision';
import { manifestGenealogyView } from './manifests.genealogy.view';

/** A quantity as people and scales write it: a decimal string with at most three decimals (also a number). */
export const quantity = z.union([z.string(), z.number().finite().nonnegative()]).transform((v, ctx) => {
  const text = typeof v === 'number' ? String(v) : v.trim();
  if (!QUANTITY_PATTERN.test(text)) {
    ctx.addIssue({ code: 'custom', message: 'a quantity: a decimal with at most 3 decimals and 9 digits before the point' });
    return z.NEVER;
  }
  return text;
});

const text = (max: number) => z.string().trim().min(1).max(max);
const location = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).strict();

/** Re-entered password of a signing person (sessions); API tokens sign with the token itself. */
const password = z.string().min(1).max(256).optional();

export const transporterInput = z
  .object({
    organisationId: z.string().uuid(),
    plate: text(20),
    driverName: text(100),
    driverPhone: z.string().trim().regex(/^\+?[0-9 -]{5,20}$/, 'a phone number').optional(),
  })
  .strict();

export const lineInput = z
  .object({
    wasteCode: text(40),
    description: text(500),
    packaging: text(100).optional(),
    packageCount: z.number().int().min(0).max(1_000_000).optional(),
    quantity,
    unit: z.enum(['t', 'kg']),
    measure: z.enum(['estimated', 'weighed']),
    grade: text(40).optional(),
  })
  .strict();

export const createManifestBody = z
  .object({
    generatorId: z.string().uuid(),
    generatorSiteId: z.string().uuid(),
    transporters: z.array(transporterInput).min(1).max(8),
    receiverId: z.string().uuid(),
    receiverSiteId: z.string().uuid().optional(),
    licenceId: z.string().uuid().optional(),
    contractId: z.string().uuid().optional(),
    deliveryId: z.string().uuid().optional(),
    /** The approval a cross-province hazardous load runs under (required for one). */
    transferApprovalId: z.string().uuid().optional(),
    lines: z.array(lineInput).min(1).max(50),
    location: location.optional(),
    password,
  })
  .strict();
export type CreateManifestBody = z.infer<typeof createManifestBody>;

const signCommon = { location: location.optional(), password, note: text(500).optional() };

export const receiptLine = z
  .object({
    line: z.number().int().min(1).max(50),
    outcome: z.enum(['accepted', 'partially-refused', 'refused']),
    /** What the receiver's weighbridge showed for the line (refused part included). */
    received: quantity,
    refused: quantity.optional(),
    reason: text(500).optional(),
  })
  .strict();

export const signEventBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sealed'), ...signCommon }).strict(),
  z.object({ kind: z.literal('picked-up'), weights: z.array(z.object({ line: z.number().int().min(1).max(50), quantity }).strict()).max(50).optional(), ...signCommon }).strict(),
  z.object({ kind: z.literal('handed-over'), to: z.number().int().min(2).max(8), ...signCommon }).strict(),
  z.object({ kind: z.literal('delivered'), ...signCommon }).strict(),
  z.object({ kind: z.literal('received'), lines: z.array(receiptLine).min(1).max(50), ...signCommon }).strict(),
  z.object({ kind: z.literal('processed'), treatmentCode: text(40), product: text(200).optional(), ...signCommon }).strict(),
  z.object({ kind: z.literal('closed'), ...signCommon }).strict(),
  z.object({ kind: z.literal('cancelled'), reason: text(500), ...signCommon }).strict(),
  z.object({ kind: z.literal('returned'), reason: text(500), ...signCommon }).strict(),
  z
    .object({
      kind: z.literal('rerouted'),
      reason: text(500),
      receiverId: z.string().uuid(),
      receiverSiteId: z.string().uuid().optional(),
      licenceId: z.string().uuid().optional(),
      /** The transporters carrying the load on to the new receiver. */
      transporters: z.array(transporterInput).min(1).max(8),
      transferApprovalId: z.string().uuid().optional(),
      ...signCommon,
    })
    .strict(),
]);
export type SignEventBody = z.infer<typeof signEventBody>;

const orgRef = z.object({ id: z.string().uuid(), nameZh: z.string(), nameEn: z.string() });

export const manifestLineView = z.object({
  line: z.number().int(),
  wasteCode: z.string(),
  category: z.string(),
  description: z.string(),
  packaging: z.string().nullable(),
  packageCount: z.number().int().nullable(),
  quantity: z.string(),
  unit: z.enum(['t', 'kg']),
  measure: z.enum(['estimated', 'weighed']),
  grade: z.string().nullable(),
  pickedUp: z.string().nullable(),
  received: z.string().nullable(),
  refused: z.string().nullable(),
  outcome: z.enum(['accepted', 'partially-refused', 'refused']).nullable(),
  refusalReason: z.string().nullable(),
  discrepancies: z.array(z.enum(discrepancyKinds)),
});

export const manifestEventView = z.object({
  id: z.string().uuid(),
  seq: z.number().int(),
  kind: z.enum([...eventKinds, ...recordKinds]),
  at: z.string().datetime({ offset: true }),
  signer: orgRef,
  method: z.enum(['password', 'token', 'delegated', 'system', 'device', 'code']),
  /** The delegation the signer acted under for the signing organisation, if any. */
  delegationId: z.string().uuid().nullable(),
  location: z.object({ lat: z.string(), lon: z.string() }).nullable(),
  /** What the event records besides custody (weights, receipt per line, treatment, reasons). */
  data: z.record(z.string(), z.unknown()),
  hash: z.string(),
  keyId: z.string(),
  /** The person who signed (null: an API token or the system). */
  signedBy: z.string().nullable(),
  /** Under a delegation: the organisation that signed for the party (`signer`). */
  actingOrganisation: orgRef.nullable(),
});

export const manifestSummary = z.object({
  id: z.string().uuid(),
  number: z.string(),
  status: z.enum(manifestStatuses),
  generator: orgRef,
  receiver: orgRef,
  transporters: z.array(orgRef),
  holder: z.number().int().nullable(),
  /** The load in tonnes (kilogram lines converted), as declared. */
  tonnes: z.string(),
  discrepancies: z.number().int(),
  createdAt: z.string().datetime({ offset: true }),
  updatedAt: z.string().datetime({ offset: true }),
});
export type ManifestSummary = z.infer<typeof manifestSummary>;

export const manifestView = manifestSummary.extend({
  generatorSiteId: z.string().uuid(),
  receiverSiteId: z.string().uuid().nullable(),
  licence: z.object({ id: z.string().uuid(), number: z.string(), categories: z.array(z.string()), annualCapacity: z.string().nullable(), validFrom: z.string(), validUntil: z.string() }).nullable(),
  contractId: z.string().uuid().nullable(),
  deliveryId: z.string().uuid().nullable(),
  reroutedFrom: z.string().uuid().nullable(),
  reroutedTo: z.string().uuid().nullable(),
  transporterDetails: z.array(z.object({ position: z.number().int(), organisation: orgRef, plate: z.string(), driverName: z.string(), driverPhone: z.string().nullable() })),
  lines: z.array(manifestLineView),
  events: z.array(manifestEventView),
  /** The event kinds the viewer's organisation (or one it acts for) may sign next. */
  canSign: z.array(z.enum(eventKinds)),
  /** What the viewer may sign now, computed by the custody engine: the kind, for whom, whether under a delegation, the next transporter of a hand-over. */
  signable: z.array(z.object({ kind: z.enum(eventKinds), organisation: orgRef, delegated: z.boolean(), to: z.number().int().nullable() })),
  /** Whether the viewer may read the load's sensor data (track, weighings): parties and regulators only (PIPL). */
  sensors: z.boolean().optional(),
  /** What else the viewer may do: print the load's label (the parties), issue drivers' one-time codes (for these transporter positions, while the load is yet to be carried). */
  actions: z.object({ label: z.boolean(), driverCodes: z.array(z.number().int()) }),
  /** Transfer stations: the loads that went into this one (parents) and those it went into (children). */
  genealogy: manifestGenealogyView,
});
export type ManifestView = z.infer<typeof manifestView>;

export const chainBreak = z.object({ manifest: z.string().uuid(), event: z.string().uuid().nullable(), seq: z.number().int(), reason: z.enum(breakReasons) });
export const verifyView = z.object({ checked: z.number().int(), events: z.number().int(), broken: z.array(chainBreak) });
export type VerifyView = z.infer<typeof verifyView>;

export const manifestRoles = ['generator', 'transporter', 'receiver'] as const;
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'a date YYYY-MM-DD');
export const listManifestsQuery = z.object({
  status: z.enum(manifestStatuses).optional(),
  /** The viewer's role in the manifest (parties only; regulators and platform admins see every role). */
  role: z.enum(manifestRoles).optional(),
  /** Created on or after this day (UTC). */
  from: isoDay.optional(),
  /** Created on or before this day (UTC). */
  to: isoDay.optional(),
  wasteCode: z.string().trim().min(1).max(40).optional(),
  /** Only manifests with a discrepancy flagged on a line. */
  discrepancy: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListManifestsQuery = z.infer<typeof listManifestsQuery>;

export const verifyAllQuery = z.object({ signatures: z.enum(['true', 'false']).default('true').transform((v) => v === 'true') });

export const manifestIdParams = z.object({ id: z.string().uuid() });

export const wasteCodeView = z.object({ code: z.string(), list: z.enum(['general', 'hazardous']), category: z.string(), nameZh: z.string(), nameEn: z.string(), verified: z.boolean(), source: z.string(), active: z.boolean() });

export const putWasteCodeBody = z
  .object({ list: z.enum(['general', 'hazardous']), category: text(20), nameZh: text(300), nameEn: text(300), verified: z.boolean(), source: text(300), active: z.boolean().default(true) })
  .strict();
export const wasteCodeParams = z.object({ code: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9.-]+$/, 'letters, digits, dots and dashes') });

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && v >= '2000-01-01' && v <= '2199-12-31', 'a date between 2000 and 2199');
export const createLicenceBody = z
  .object({
    organisationId: z.string().uuid(),
    siteId: z.string().uuid().optional(),
    number: text(60),
    categories: z.array(z.string().trim().min(1).max(40)).min(1).max(100),
    annualCapacity: quantity.optional(),
    validFrom: day,
    validUntil: day,
  })
  .strict();
export type CreateLicenceBody = z.infer<typeof createLicenceBody>;
export const licenceView = z.object({ id: z.string().uuid(), organisationId: z.string().uuid(), siteId: z.string().uuid().nullable(), number: z.string(), categories: z.array(z.string()), annualCapacity: z.string().nullable(), validFrom: z.string(), validUntil: z.string() });
export const licencesQuery = z.object({ organisationId: z.string().uuid() });

export const signingKeyView = z.object({ id: z.string(), organisationId: z.string().uuid(), suite: z.enum(cryptoSuites), publicKey: z.string(), createdAt: z.string().datetime({ offset: true }), retiredAt: z.string().datetime({ offset: true }).nullable() });
export const keysQuery = z.object({ organisationId: z.string().uuid().optional() });
export const rotateKeyBody = z.object({ organisationId: z.string().uuid() }).strict();
