/**
 * Zod schemas of the stored market: grading standards, listings (供), demands (需) and their
 * attachments. Money in 元 per tonne, quantities in tonnes, distances in km, dates `YYYY-MM-DD`.
 */
import { z } from 'zod';
import { boundedNumber } from '../../shared/fields';
import { COMPOSITION_CLASS_IDS } from '../byproducts/engine';
import { GRADES, LOAD_TYPES } from './engine/match';

export const MAX_TONNES = 10_000_000;
export const MAX_PRICE = 100_000_000;
export const MAX_DISTANCE_KM = 5_000;
/** An attachment's decoded size: an assay report or a photo, not an archive. */
export const MAX_ATTACHMENT_BYTES = 4 * 1024 * 1024;
/** A listing's or demand's window: at most three years. */
export const MAX_WINDOW_DAYS = 3 * 366;
export const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'] as const;

export const grade = z.enum(GRADES);
export const loadType = z.enum(LOAD_TYPES);
export const compositionClass = z.enum(COMPOSITION_CLASS_IDS);
export const deliveryTerms = z.enum(['ex-works', 'delivered']);
export const visibility = z.enum(['public', 'park', 'anonymised']);
export const quantityKind = z.enum(['one-off', 'monthly']);

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a calendar date');

const tonnes = boundedNumber({ above: 0, max: MAX_TONNES });
const price = boundedNumber({ min: 0, max: MAX_PRICE });
const text = (max: number) => z.string().trim().min(1).max(max);
const ref = z.string().trim().min(1).max(100);

/** Credit grades of the ratings module (issue 13, its engine's `grades`), written out here as the web bundles this file. */
export const creditGrade = z.enum(['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'CCC', 'CC', 'C']);
/** An organisation of the market; `creditGrade`: its current credit rating for signed-in viewers (null when unrated or anonymous). */
export const orgRef = z.object({ id: z.uuid(), code: z.string(), nameZh: z.string(), nameEn: z.string(), creditGrade: creditGrade.nullable() });
export type OrgRefView = z.infer<typeof orgRef>;

export const placeView = z.object({
  lat: z.number(),
  lon: z.number(),
  regionCode: z.string(),
  regionZh: z.string().nullable(),
  regionEn: z.string().nullable(),
  /** site: the site's coordinates; county: rounded to 0.1° (about 10 km) for an anonymised offer. */
  precision: z.enum(['site', 'county']),
});

/** Assay values by key (engine/grading.ts), e.g. `{moisture: 22, crudeFibre: 35, ash: 9}`. */
export const assays = z.record(z.string().trim().min(1).max(80), z.number().finite().min(-1e6).max(1e9)).refine((a) => Object.keys(a).length <= 40, 'at most 40 assays');

// ---- grading standards ------------------------------------------------------------------------

export const criterionBody = z
  .object({
    assay: z.string().trim().min(1).max(80),
    unit: z.string().trim().min(1).max(20),
    bound: z.enum(['max', 'min']),
    limits: z.object({ A: z.number().finite(), B: z.number().finite(), C: z.number().finite() }).strict(),
  })
  .strict();

export const standardView = z.object({
  class: compositionClass,
  version: z.number().int(),
  criteria: z.array(criterionBody),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export const standardList = z.object({ items: z.array(standardView) });
export const standardParams = z.object({ class: compositionClass });
export const standardHistory = z.object({ items: z.array(standardView) });
export const reviseStandardBody = z.object({ criteria: z.array(criterionBody).min(1).max(20), note: z.string().trim().max(500).optional() }).strict();

export const gradingView = z.union([
  z.object({
    grade,
    limitedBy: z.object({ assay: z.string(), value: z.number(), bound: z.enum(['max', 'min']), limit: z.number(), grade }).nullable(),
    standardVersion: z.number().int(),
  }),
  z.object({ grade: z.null(), reason: z.literal('missing-assays'), missing: z.array(z.string()), standardVersion: z.number().int() }),
  z.object({
    grade: z.null(),
    reason: z.literal('below-grade-c'),
    failed: z.array(z.object({ assay: z.string(), value: z.number(), bound: z.enum(['max', 'min']), limit: z.number() })),
    standardVersion: z.number().int(),
  }),
]);
export const gradePreviewBody = z.object({ class: compositionClass, assays }).strict();

// ---- attachments ------------------------------------------------------------------------------

export const attachmentKind = z.enum(['assay', 'photo']);
export const uploadAttachmentBody = z
  .object({
    /** Whose file it is (default: your organisation; a delegation lets you upload for another). */
    organisation: ref.optional(),
    kind: attachmentKind,
    fileName: text(200),
    mediaType: z.enum(ATTACHMENT_TYPES),
    /** The file, base64-encoded; at most 4 MiB decoded. */
    contentBase64: z.string().min(4).max(Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 4),
  })
  .strict();
export const attachmentView = z.object({ id: z.uuid(), kind: attachmentKind, fileName: z.string(), mediaType: z.string(), sizeBytes: z.number().int(), sha256: z.string(), createdAt: z.string() });
export const attachmentParams = z.object({ id: z.uuid() });

// ---- listings ---------------------------------------------------------------------------------

export const listingParams = z.object({ id: ref });

const listingFields = {
  title: text(200).optional(),
  /** One of the stream's composition classes (default: its first). */
  class: compositionClass.optional(),
  quantityKind,
  tonnes,
  windowStart: isoDate,
  windowEnd: isoDate,
  assays: assays.optional(),
  /** A stated grade instead of the computed one: needs an attached assay report of this organisation. */
  gradeOverride: z.object({ grade, attachmentId: z.uuid() }).strict().nullable().optional(),
  /** 元 per tonne; null = negotiable (counts as 0 in matching). */
  reservePrice: price.nullable(),
  deliveryTerms,
  loadType: loadType.optional(),
  visibility,
  attachmentIds: z.array(z.uuid()).max(20).optional(),
  note: z.string().trim().max(2000).optional(),
};

export const createListingBody = z.object({ stream: ref, ...listingFields }).strict();
export type CreateListingBody = z.infer<typeof createListingBody>;

export const updateListingBody = z
  .object({
    title: listingFields.title,
    quantityKind: quantityKind.optional(),
    tonnes: tonnes.optional(),
    windowStart: isoDate.optional(),
    windowEnd: isoDate.optional(),
    assays: listingFields.assays,
    gradeOverride: listingFields.gradeOverride,
    reservePrice: price.nullable().optional(),
    deliveryTerms: deliveryTerms.optional(),
    loadType: loadType.optional(),
    visibility: visibility.optional(),
    attachmentIds: listingFields.attachmentIds,
    note: listingFields.note,
    status: z.enum(['open', 'closed', 'withdrawn']).optional(),
  })
  .strict();
export type UpdateListingBody = z.infer<typeof updateListingBody>;

export const listingsQuery = z.object({
  status: z.enum(['open', 'closed', 'withdrawn', 'all']).default('open'),
  class: compositionClass.optional(),
  grade: grade.optional(),
  /** Organisation id or code (`mine` = the viewer's own). */
  organisation: ref.optional(),
  park: ref.optional(),
  region: z.string().regex(/^\d{6}$/, 'a 6-digit region code').optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListingsQuery = z.infer<typeof listingsQuery>;

export const listingView = z.object({
  id: z.uuid(),
  code: z.string(),
  title: z.string(),
  class: compositionClass,
  herb: z.string().nullable(),
  part: z.string().nullable(),
  residue: z.string().nullable(),
  quantityKind,
  tonnes: z.number(),
  /** What accepted proposals and contracts already take (the listing's unit). */
  committedTonnes: z.number(),
  windowStart: z.string(),
  windowEnd: z.string(),
  grade: grade.nullable(),
  gradeSource: z.enum(['computed', 'override']),
  grading: gradingView.nullable(),
  reservePrice: z.number().nullable(),
  deliveryTerms,
  loadType,
  visibility,
  status: z.enum(['open', 'closed', 'withdrawn']),
  note: z.string().nullable(),
  /** null while the offer is anonymised to the viewer. */
  organisation: orgRef.nullable(),
  siteName: z.string().nullable(),
  place: placeView,
  anonymised: z.boolean(),
  mine: z.boolean(),
  /** The confidential part: the stream, the assays and the files (the firm and those who oversee it). */
  stream: z.object({ id: z.uuid(), code: z.string(), name: z.string() }).nullable(),
  assays: z.record(z.string(), z.number()).nullable(),
  attachments: z.array(attachmentView).nullable(),
  delegationId: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ListingView = z.infer<typeof listingView>;
export const listingList = z.object({ items: z.array(listingView), total: z.number().int() });

/** What the form shows before saving: the grade, the rule, and how much the stream has left. */
export const listingPreviewBody = z
  .object({ stream: ref, class: compositionClass.optional(), quantityKind, windowStart: isoDate, windowEnd: isoDate, assays: assays.optional(), excludeListing: z.uuid().optional() })
  .strict();
export const listingPreviewView = z.object({
  class: compositionClass,
  classes: z.array(compositionClass),
  grading: gradingView.nullable(),
  standard: standardView.nullable(),
  available: z.object({ tonnes: z.number(), generated: z.number(), listed: z.number() }),
});

// ---- demands ----------------------------------------------------------------------------------

export const demandParams = z.object({ id: ref });

const priceByGrade = z.object({ A: price.nullable().optional(), B: price.nullable().optional(), C: price.nullable().optional() }).strict();

export const createDemandBody = z
  .object({
    /** Whose demand (default: your organisation). */
    organisation: ref.optional(),
    /** A site of that organisation (default: its first). */
    site: z.uuid().optional(),
    title: text(200),
    accepts: z.array(compositionClass).min(1).max(COMPOSITION_CLASS_IDS.length),
    herbs: z.array(text(50)).max(50).optional(),
    parts: z.array(text(50)).max(50).optional(),
    residues: z.array(text(50)).max(50).optional(),
    minGrade: grade,
    prices: priceByGrade,
    capacityPerMonth: tonnes,
    maxDistanceKm: boundedNumber({ above: 0, max: MAX_DISTANCE_KM }),
    windowStart: isoDate,
    /** Omitted or null: a standing demand, open until closed. */
    windowEnd: isoDate.nullable().optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .strict();
export type CreateDemandBody = z.infer<typeof createDemandBody>;

export const demandsQuery = listingsQuery.omit({ grade: true, status: true }).extend({ status: z.enum(['open', 'closed', 'all']).default('open') });
export type DemandsQuery = z.infer<typeof demandsQuery>;

export const demandView = z.object({
  id: z.uuid(),
  code: z.string(),
  title: z.string(),
  accepts: z.array(compositionClass),
  herbs: z.array(z.string()),
  parts: z.array(z.string()),
  residues: z.array(z.string()),
  minGrade: grade,
  prices: z.object({ A: z.number().nullable(), B: z.number().nullable(), C: z.number().nullable() }),
  capacityPerMonth: z.number(),
  committedPerMonth: z.number(),
  maxDistanceKm: z.number(),
  windowStart: z.string(),
  windowEnd: z.string().nullable(),
  status: z.enum(['open', 'closed']),
  note: z.string().nullable(),
  organisation: orgRef,
  siteName: z.string(),
  place: placeView,
  mine: z.boolean(),
  delegationId: z.uuid().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export type DemandView = z.infer<typeof demandView>;
export const demandList = z.object({ items: z.array(demandView), total: z.number().int() });

/** The organisations the caller may act for in the exchange under a delegation in force (form pickers). */
export const grantorsQuery = z.object({ scope: z.enum(['exchange.list', 'exchange.trade']).default('exchange.list').describe('exchange.list: listings and demands; exchange.trade: proposals and contracts') });
export const grantorList = z.object({
  items: z.array(z.object({ delegationId: z.string().uuid(), organisation: z.object({ id: z.string().uuid(), nameZh: z.string(), nameEn: z.string() }) })),
});

// ---- map settings -------------------------------------------------------------------------------

/** The market map's base tiles as the server is configured (HERBLOOP_MAP_TILE_*), or null: plain canvas. */
export const mapSettingsView = z.object({
  tiles: z
    .object({
      urlTemplate: z.string().describe('Web Mercator XYZ template with {z}, {x}, {y} and optionally {s}'),
      subdomains: z.array(z.string()).describe('Values of {s}, spread over the tiles'),
      attribution: z.string().describe('Provider and approval number (审图号) shown under the map'),
    })
    .nullable(),
});
