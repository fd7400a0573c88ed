/**
 * Client of the issue-4 by-product APIs (streams, classification, advice, cascade, figures,
 * pathway knowledge base). Every call goes through the route's contract
 * (src/modules/byproducts/byproducts.contract.ts): paths, queries, bodies and answers are the
 * server's own.
 */
import type { z } from 'zod';
import { fillPath, type ResponseOf } from '../../../../src/shared/contract';
import * as routes from '../../../../src/modules/byproducts/byproducts.contract';
import type { createStreamBody, firmInputsBody } from '../../../../src/modules/byproducts/byproducts.schema';
import { HERBS } from '../../../../src/modules/byproducts/engine/herbs';
import { call } from '../../api/call';
import { uploadFile } from '../../api/client';

export type Stream = ResponseOf<typeof routes.getStream>;
export type Taxonomy = ResponseOf<typeof routes.getTaxonomy>;
export type TaxonEntry = Taxonomy['parts'][number];
export type Classification = ResponseOf<typeof routes.getClassification>;
export type Advice = ResponseOf<typeof routes.getAdvice>;
export type AdviceOption = Advice['options'][number];
export type Cascade = ResponseOf<typeof routes.getCascade>;
export type Figures = ResponseOf<typeof routes.getFigures>;
export type Bilingual = { zh: string; en: string };
export type FirmInputs = ResponseOf<typeof routes.putFirmInputs>;
export type FirmInputsInput = z.input<typeof firmInputsBody>;
export type Mci = NonNullable<Figures['mci']>;
export type KbVersion = ResponseOf<typeof routes.listKbVersions>['items'][number];
export type StreamImportOutcome = ResponseOf<typeof routes.importStreams>;
export type RecordImportOutcome = ResponseOf<typeof routes.importRecords>;
/** A pathway of the knowledge base (the engine's type: the server validates every write with its schema). */
export type Pathway = ResponseOf<typeof routes.getPathway>;
/** A stream as the forms send it: the create body (an edit leaves out organisation and code). */
export type StreamInput = z.input<typeof createStreamBody>;
export type FiguresScope = z.input<NonNullable<typeof routes.getFigures.query>>['scope'];

export const bpApi = {
  taxonomy: () => call(routes.getTaxonomy),
  streams: (query: { organisation?: string; park?: string } = {}) => call(routes.listStreams, { query: { ...query, limit: 1000 } }),
  stream: (id: string) => call(routes.getStream, { params: { id } }),
  create: (body: StreamInput) => call(routes.createStream, { body }),
  update: (id: string, { organisation: _organisation, code: _code, ...body }: StreamInput) => call(routes.updateStream, { params: { id }, body }),
  remove: (id: string) => call(routes.deleteStream, { params: { id } }),
  classification: (id: string) => call(routes.getClassification, { params: { id } }),
  advice: (id: string, weights?: string) => call(routes.getAdvice, { params: { id }, query: { weights } }),
  cascade: (id: string, weights?: string) => call(routes.getCascade, { params: { id }, query: { weights } }),
  figures: (scope: FiguresScope, id: string, period: string) => call(routes.getFigures, { query: { scope, id, period } }),
  pathways: (version?: string) => call(routes.listPathways, { query: { version } }),
  kbVersions: () => call(routes.listKbVersions),
  addPathway: (body: Pathway, note?: string) => call(routes.addPathway, { body, query: { note } }),
  editPathway: (id: string, body: Pathway, note?: string) => call(routes.editPathway, { params: { id }, body, query: { note } }),
  firmInputs: (organisation: string) => call(routes.listFirmInputs, { params: { organisation } }),
  putFirmInputs: (organisation: string, period: string, body: FirmInputsInput) => call(routes.putFirmInputs, { params: { organisation, period }, body }),
  importStreams: (file: File) => uploadFile<StreamImportOutcome>(fillPath(routes.importStreams.path, {}), file, { fileName: file.name }),
  importRecords: (file: File) => uploadFile<RecordImportOutcome>(fillPath(routes.importRecords.path, {}), file, { fileName: file.name }),
  /** A download link (GET with the session cookie). */
  exportUrl: (format: 'csv' | 'xlsx') => `${fillPath(routes.exportStreams.path, {})}?format=${format}`,
};

/** Bilingual text in the current language. */
export const bi = (text: Bilingual | undefined, en: boolean) => (text ? (en ? text.en : text.zh) : '');

/**
 * A herb of the knowledge base (streams store its Chinese name, older ones its id) in the current
 * language: 枸杞子 in Chinese, "Gouqizi (Lycium barbarum)" in English; null when the base does not know it.
 */
export function herbName(idOrName: string, en: boolean): string | null {
  const herb = HERBS.find((h) => h.id === idOrName || h.zh === idOrName || h.aliases?.includes(idOrName));
  if (!herb) return null;
  return en ? `${herb.id.charAt(0).toUpperCase()}${herb.id.slice(1)} (${herb.latin})` : herb.zh;
}

/** A taxonomy id as its label in the current language (the id itself when unknown). */
export function labelOf(entries: readonly TaxonEntry[] | undefined, id: string | null | undefined, en: boolean): string {
  if (!id) return '—';
  const entry = entries?.find((e) => e.id === id);
  return entry ? (en ? entry.en : entry.zh) : id;
}

export const num = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toLocaleString('zh-CN', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

/** 元 with 万 for large amounts (the way Chinese firms read money). */
export function money(x: number | null | undefined, en: boolean): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (Math.abs(x) >= 10_000) return en ? `CNY ${num(x / 1000, 0)} k` : `${num(x / 10_000, 1)} 万元`;
  return en ? `CNY ${num(x, 0)}` : `${num(x, 0)} 元`;
}

/**
 * Money in one unit for a whole column (a column never mixes 元 and 万元): 万元 in Chinese,
 * thousand CNY in English; the unit is written once, in the column's title (`moneyUnit`).
 */
export function moneyInColumn(x: number | null | undefined, en: boolean): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return en ? num(x / 1000, 1) : num(x / 10_000, 1);
}

export const CRITERIA_ORDER = ['utilisation', 'technical', 'valueAdded', 'cost', 'economic', 'social', 'ecological'] as const;
export const MODE_COLORS: Record<string, string> = { 'value-added': '#389e0d', 'reduce-efficiency': '#1677ff', 'low-value-conversion': '#d48806', unspecified: '#8c8c8c' };
