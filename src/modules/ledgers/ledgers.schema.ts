import { z } from 'zod';

/**
 * Queries of the ledger and national-export routes (the web bundles these: no server imports).
 * A period is a year or an inclusive month range `from`–`to` (at most 36 months), never both.
 */
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM');
const year = z.coerce.number().int().min(2000).max(2199);
export const ledgerLangs = ['zh', 'en'] as const;
const lang = z.enum(ledgerLangs).default('zh');

const MAX_MONTHS = 36;
const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;

const periodFields = { organisationId: z.string().uuid(), year: year.optional(), from: month.optional(), to: month.optional() };

/** Exactly one of `year` or `from`+`to`; the refinements name the field at fault. */
function refinePeriod<T extends { year?: number | undefined; from?: string | undefined; to?: string | undefined }>(v: T, ctx: z.RefinementCtx): void {
  if (v.year !== undefined) {
    if (v.from !== undefined || v.to !== undefined) ctx.addIssue({ code: 'custom', path: ['year'], message: 'give either year or from and to, not both' });
    return;
  }
  if (v.from === undefined) ctx.addIssue({ code: 'custom', path: ['from'], message: 'required without year' });
  if (v.to === undefined) ctx.addIssue({ code: 'custom', path: ['to'], message: 'required without year' });
  if (v.from !== undefined && v.to !== undefined) {
    const n = monthIndex(v.to) - monthIndex(v.from) + 1;
    if (n < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (n > MAX_MONTHS) ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_MONTHS} months after from` });
  }
}

export const generalLedgerQuery = z.object({ ...periodFields, lang }).superRefine(refinePeriod);
export type GeneralLedgerQuery = z.infer<typeof generalLedgerQuery>;

/** The plan and the declaration are per calendar year. */
export const hazardousLedgerQuery = z.object({ organisationId: z.string().uuid(), year, lang });
export type HazardousLedgerQuery = z.infer<typeof hazardousLedgerQuery>;

export const nationalFormats = ['json', 'xlsx'] as const;
const format = z.enum(nationalFormats).default('json');

export const nationalManifestParams = z.object({ id: z.string().uuid() });
export const nationalManifestQuery = z.object({ format, lang });

/** A firm's manifests (as generator) picked up in the period; by default only those with hazardous lines. */
export const nationalPeriodQuery = z.object({ ...periodFields, format, lang, wasteList: z.enum(['hazardous', 'all']).default('hazardous') }).superRefine(refinePeriod);
export type NationalPeriodQuery = z.infer<typeof nationalPeriodQuery>;

const value = z.union([z.string(), z.number(), z.null()]);
export const nationalFieldView = z.object({
  key: z.string(),
  section: z.enum(['manifest', 'generator', 'waste', 'carrier', 'receiver']),
  nameZh: z.string(),
  nameEn: z.string(),
  verified: z.boolean(),
  held: z.boolean(),
});
export const nationalExportView = z.object({
  /** What the layout is: the national system's hazardous-waste transfer manifest, as mapped in docs/national-manifest-mapping.md. */
  layout: z.literal('cn-national-hw-transfer-manifest'),
  mappingVersion: z.string(),
  fields: z.array(nationalFieldView),
  /** One row per manifest line, keyed by the fields' keys. */
  rows: z.array(z.record(z.string(), value)),
});
export type NationalExportView = z.infer<typeof nationalExportView>;

/** The firms whose ledgers the viewer may download (its own, its grantors', its region's). */
export const ledgerFirmsView = z.object({ items: z.array(z.object({ id: z.string().uuid(), code: z.string(), nameZh: z.string(), nameEn: z.string() })) });
