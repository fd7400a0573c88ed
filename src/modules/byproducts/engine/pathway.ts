/**
 * The recycling-pathway knowledge base: its types and its validator. The data lives in
 * pathways.json (versioned, reviewable, editable by admins); this file only says what a valid
 * pathway is, so the same check guards the shipped file, admin edits and imports.
 */
import { z } from 'zod';
import pathwaysFile from './pathways.json' with { type: 'json' };
import { findHerb } from './herbs';
import type { FieldError, ParseResult } from './stream';
import {
  COMPOSITION_CLASS_IDS,
  CONTAMINATION_IDS,
  MODE_IDS,
  PART_IDS,
  PHYSICAL_STATE_IDS,
  PROCESS_IDS,
  PRODUCT_USE_IDS,
  RESIDUE_KIND_IDS,
  SOURCE_STAGE_IDS,
  UTILISER_TYPE_IDS,
} from './taxonomy';

const bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();

const range = z
  .object({ min: z.number().nonnegative(), max: z.number().nonnegative() })
  .strict()
  .refine((r) => r.min <= r.max, { message: 'min must be ≤ max', path: ['max'] });

const assayName = z.string().min(1);

export const pathwayConditionsSchema = z
  .object({
    /** Stream must have at least one of these composition classes. */
    classes: z.array(z.enum(COMPOSITION_CLASS_IDS)).min(1).optional(),
    /** Stream's herb must be one of these (herb ids or Chinese names; stored as ids). */
    herbs: z.array(z.string().min(1)).min(1).optional(),
    /** Part and residue lists: when both are given, matching either is enough. */
    parts: z.array(z.enum(PART_IDS)).min(1).optional(),
    residues: z.array(z.enum(RESIDUE_KIND_IDS)).min(1).optional(),
    states: z.array(z.enum(PHYSICAL_STATE_IDS)).min(1).optional(),
    stages: z.array(z.enum(SOURCE_STAGE_IDS)).min(1).optional(),
    /** Minimum assay: proximate names in % DM, `cod` in mg/L, constituents in mg/g DM. */
    minAssays: z.array(z.object({ assay: assayName, min: z.number().nonnegative() }).strict()).optional(),
    maxMoisture: z.number().min(0).max(100).optional(),
    minTonnesPerYear: z.number().nonnegative().optional(),
    /** Stream must carry none of these contamination flags. */
    noContamination: z.array(z.enum(CONTAMINATION_IDS)).optional(),
    /** Hazardous streams are excluded unless the pathway is licensed for them. */
    allowHazardous: z.boolean().optional(),
  })
  .strict();

export const pathwaySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case: lower-case letters, digits and hyphens'),
    name: bilingual,
    conditions: pathwayConditionsSchema,
    process: z.enum(PROCESS_IDS),
    description: bilingual.optional(),
    product: bilingual,
    productUse: z.enum(PRODUCT_USE_IDS),
    mode: z.enum(MODE_IDS),
    trl: z.number().int().min(1).max(9),
    /** t product per t input, on the stated basis (dry matter or wet as generated). */
    yield: z.object({ value: z.number().positive(), basis: z.enum(['dry', 'wet']), note: z.string().optional() }).strict(),
    /**
     * What leaves the process besides the product: `share` of the non-product mass leaves as a
     * usable residue (the rest is lost: water evaporated, CO2, effluent), at `moisture` % and
     * of `kind`. Drives the cascade. Absent = nothing usable is left.
     */
    residueOut: z
      .object({ share: z.number().min(0).max(1), moisture: z.number().min(0).max(100), kind: z.enum(RESIDUE_KIND_IDS) })
      .strict()
      .optional(),
    /** 元 per t/yr of wet input capacity. */
    capexPerTonne: range,
    /** 元 per t of wet input processed. */
    opexPerTonne: range,
    /** 元 per t of product. */
    productValuePerTonne: range,
    utiliser: z.enum(UTILISER_TYPE_IDS),
    /** t CO2e avoided per t of input on the stated basis, versus landfill/untreated discharge of that input. */
    emissionsAvoided: z.object({ value: z.number(), basis: z.enum(['dry', 'wet']), note: z.string().optional() }).strict(),
    /** Figures quoted from the source (shown verbatim to the user). */
    figures: z.array(z.object({ label: bilingual, value: z.string().min(1) }).strict()).optional(),
    source: z.object({ kind: z.enum(['seed', 'literature', 'estimate']), ref: z.string().min(1) }).strict(),
  })
  .strict();

export type Pathway = z.infer<typeof pathwaySchema>;
export type PathwayConditions = z.infer<typeof pathwayConditionsSchema>;

export const pathwayKnowledgeBaseSchema = z
  .object({
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version such as 1.0.0'),
    updated: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
    pathways: z.array(pathwaySchema).min(1),
  })
  .strict()
  .superRefine((kb, ctx) => {
    const seen = new Map<string, number>();
    kb.pathways.forEach((p, i) => {
      const first = seen.get(p.id);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['pathways', i, 'id'], message: `duplicate id "${p.id}" (also pathways[${first}])` });
      else seen.set(p.id, i);
    });
  });

export interface PathwayKnowledgeBase {
  version: string;
  updated: string;
  pathways: Pathway[];
}

function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Zod's issue code and its bounds travel with the English message, so the editor can translate. */
function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const params: Record<string, string | number> = {};
    if (issue.code === 'too_small') params.min = Number(issue.minimum);
    if (issue.code === 'too_big') params.max = Number(issue.maximum);
    if (issue.code === 'invalid_type') params.expected = issue.expected;
    if (issue.code === 'invalid_value') params.values = issue.values.map(String).join(', ');
    if (issue.code === 'unrecognized_keys') params.keys = issue.keys.join(', ');
    return { field: fieldPath(issue.path), message: issue.message, code: `zod.${issue.code}` as const, ...(Object.keys(params).length ? { params } : {}) };
  });
}

/** Herb names in conditions are stored as knowledge-table ids so matching is exact. */
function canonicalHerbs(p: Pathway): Pathway {
  if (p.conditions.herbs === undefined) return p;
  return { ...p, conditions: { ...p.conditions, herbs: p.conditions.herbs.map((h) => findHerb(h)?.id ?? h) } };
}

/** Validate one pathway (admin add/edit). Errors name the field, e.g. `capexPerTonne.max`. */
export function validatePathway(input: unknown): ParseResult<Pathway> {
  const result = pathwaySchema.safeParse(input);
  if (!result.success) return { ok: false, errors: toFieldErrors(result.error) };
  return { ok: true, value: canonicalHerbs(result.data) };
}

/** Validate a whole knowledge-base document (import, or the shipped file). */
export function validatePathwayKnowledgeBase(input: unknown): ParseResult<PathwayKnowledgeBase> {
  const result = pathwayKnowledgeBaseSchema.safeParse(input);
  if (!result.success) return { ok: false, errors: toFieldErrors(result.error) };
  return { ok: true, value: { ...result.data, pathways: result.data.pathways.map(canonicalHerbs) } };
}

let shipped: PathwayKnowledgeBase | undefined;

/** The knowledge base shipped with herbloop (validated once; a broken file fails loudly). */
export function defaultPathwayKnowledgeBase(): PathwayKnowledgeBase {
  if (shipped === undefined) {
    const result = validatePathwayKnowledgeBase(pathwaysFile);
    if (!result.ok) throw new Error(`pathways.json is invalid: ${result.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
    shipped = result.value;
  }
  return shipped;
}

/** Shortcut for the shipped pathways. */
export function defaultPathways(): Pathway[] {
  return defaultPathwayKnowledgeBase().pathways;
}
