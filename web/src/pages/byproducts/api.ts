/**
 * Client of the issue-4 by-product APIs (streams, classification, advice, cascade, figures,
 * pathway knowledge base). Types come from the server's Zod schemas (type-only imports).
 */
import type { z } from 'zod';
import type {
  adviceView,
  cascadeView,
  classificationView,
  figuresView,
  firmInputsBody,
  firmInputsView,
  importOutcomeView,
  kbVersionView,
  recordImportOutcomeView,
  streamView,
  taxonomyView,
} from '../../../../src/modules/byproducts/byproducts.schema';
import { api, uploadFile } from '../../api/client';

const v1 = '/api/v1/byproducts';
const seg = encodeURIComponent;

export type Stream = z.infer<typeof streamView>;
export type Taxonomy = z.infer<typeof taxonomyView>;
export type TaxonEntry = Taxonomy['parts'][number];
export type Classification = z.infer<typeof classificationView>;
export type Advice = z.infer<typeof adviceView>;
export type AdviceOption = Advice['options'][number];
export type Cascade = z.infer<typeof cascadeView>;
export type Figures = z.infer<typeof figuresView>;
export type Bilingual = { zh: string; en: string };
export type FirmInputs = z.infer<typeof firmInputsView>;
export type FirmInputsInput = z.input<typeof firmInputsBody>;
export type Mci = NonNullable<Figures['mci']>;
export type KbVersion = z.infer<typeof kbVersionView>;
export type StreamImportOutcome = z.infer<typeof importOutcomeView>;
export type RecordImportOutcome = z.infer<typeof recordImportOutcomeView>;

/** A pathway of the knowledge base (the API serves it as a loose object; these are its fields). */
export interface Pathway {
  id: string;
  name: Bilingual;
  description?: Bilingual;
  mode: string;
  process: string;
  utiliser: string;
  trl: number;
  product: Bilingual;
  productUse?: string;
  yield: { value: number; basis: string; note?: string };
  capexPerTonne: { min: number; max: number };
  opexPerTonne: { min: number; max: number };
  productValuePerTonne: { min: number; max: number } | number;
  emissionsAvoided: { value: number; basis?: string; note?: string };
  conditions: Record<string, unknown>;
  figures?: { label: Bilingual; value: string }[];
  source: { kind: string; ref: string };
}

export type StreamInput = Record<string, unknown>;

export const bpApi = {
  taxonomy: () => api.get<Taxonomy>(`${v1}/taxonomy`),
  streams: (query: { organisation?: string; park?: string } = {}) => api.get<{ items: Stream[]; total: number }>(`${v1}/streams`, { ...query, limit: 1000 }),
  stream: (id: string) => api.get<Stream>(`${v1}/streams/${seg(id)}`),
  create: (body: StreamInput) => api.post<Stream>(`${v1}/streams`, body),
  update: (id: string, body: StreamInput) => api.patch<Stream>(`${v1}/streams/${seg(id)}`, body),
  remove: (id: string) => api.delete(`${v1}/streams/${seg(id)}`),
  classification: (id: string) => api.get<Classification>(`${v1}/streams/${seg(id)}/classification`),
  advice: (id: string, weights?: string) => api.get<Advice>(`${v1}/streams/${seg(id)}/advice`, { weights }),
  cascade: (id: string, weights?: string) => api.get<Cascade>(`${v1}/streams/${seg(id)}/cascade`, { weights }),
  figures: (scope: 'firm' | 'park' | 'region' | 'site' | 'stream', id: string, period: string) => api.get<Figures>(`${v1}/figures`, { scope, id, period }),
  pathways: (version?: string) => api.get<{ version: string; updated: string; revision: number; items: Pathway[] }>('/api/v1/pathways', { version }),
  kbVersions: () => api.get<{ items: KbVersion[] }>('/api/v1/pathways/versions'),
  addPathway: (body: Pathway, note?: string) => api.post<{ version: string; revision: number; pathway: Pathway }>(`/api/v1/pathways`, body, { query: { note } }),
  editPathway: (id: string, body: Pathway, note?: string) => api.put<{ version: string; revision: number; pathway: Pathway }>(`/api/v1/pathways/${seg(id)}${note ? `?note=${seg(note)}` : ''}`, body),
  firmInputs: (organisation: string) => api.get<{ items: FirmInputs[] }>(`${v1}/firms/${seg(organisation)}/inputs`),
  putFirmInputs: (organisation: string, period: string, body: FirmInputsInput) => api.put<FirmInputs>(`${v1}/firms/${seg(organisation)}/inputs/${seg(period)}`, body),
  importStreams: (file: File) => uploadFile<StreamImportOutcome>(`${v1}/streams/import`, file, { fileName: file.name }),
  importRecords: (file: File) => uploadFile<RecordImportOutcome>(`${v1}/records/import`, file, { fileName: file.name }),
  /** A download link (GET with the session cookie). */
  exportUrl: (format: 'csv' | 'xlsx') => `${v1}/streams/export?format=${format}`,
};

/** Bilingual text in the current language. */
export const bi = (text: Bilingual | undefined, en: boolean) => (text ? (en ? text.en : text.zh) : '');

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

export const CRITERIA_ORDER = ['utilisation', 'technical', 'valueAdded', 'cost', 'economic', 'social', 'ecological'] as const;
export const MODE_COLORS: Record<string, string> = { 'value-added': '#389e0d', 'reduce-efficiency': '#1677ff', 'low-value-conversion': '#d48806', unspecified: '#8c8c8c' };
