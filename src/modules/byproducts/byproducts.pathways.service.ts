import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import { fieldErrors } from './byproducts.parse';
import { byproductsPolicy } from './byproducts.policy';
import * as repo from './byproducts.repository';
import { defaultPathwayKnowledgeBase, type Pathway, type PathwayKnowledgeBase, validatePathway, validatePathwayKnowledgeBase } from './engine';

/** The pathway knowledge base: versioned, read by everyone, edited by platform administrators. */

export interface CurrentKnowledgeBase extends PathwayKnowledgeBase {
  /** Row id of the version; 0 = the knowledge base shipped with herbloop (none stored yet). */
  revision: number;
}

export async function currentKnowledgeBase(db: Executor, version?: string): Promise<CurrentKnowledgeBase> {
  const row = version ? await repo.findKbVersion(db, version) : await repo.latestKbVersion(db);
  if (!row) {
    if (version && version !== defaultPathwayKnowledgeBase().version) throw errors.notFound('Knowledge-base version', version);
    return { ...defaultPathwayKnowledgeBase(), revision: 0 };
  }
  return { ...(row.data as PathwayKnowledgeBase), revision: row.id };
}

export async function currentPathways(db: Executor): Promise<Pathway[]> {
  return (await currentKnowledgeBase(db)).pathways;
}

/** The pathways of a version (default: the current one) with the version's identity. */
export async function pathwayList(db: Executor, version?: string) {
  const kb = await currentKnowledgeBase(db, version);
  return { version: kb.version, updated: kb.updated, revision: kb.revision, items: kb.pathways };
}

/** A version as the JSON document an import takes: {version, updated, pathways}. */
export async function exportKnowledgeBase(db: Executor, version?: string) {
  const { revision: _revision, ...kb } = await currentKnowledgeBase(db, version);
  return kb;
}

/** One pathway of the current knowledge base. */
export async function currentPathway(db: Executor, id: string): Promise<Pathway> {
  const p = (await currentPathways(db)).find((x) => x.id === id);
  if (!p) throw errors.notFound('Pathway', id);
  return p;
}

/** The stored versions, newest first; who made each only for those who edit the knowledge base. */
export async function knowledgeBaseVersions(db: Executor, ctx: ServiceContext) {
  // Who edited is confidential (pathway_kb_versions.created_by): the editors see it, the public does not.
  const editor = byproductsPolicy.editPathways(ctx.viewer);
  return (await repo.listKbVersions(db)).map((v) => ({
    revision: v.id,
    version: v.version,
    note: v.note,
    createdAt: v.created_at.toISOString(),
    pathways: Number(v.pathways),
    createdBy: editor ? (v.created_by_name ?? (v.created_by === null ? 'herbloop' : null)) : null,
  }));
}

function semver(v: string): number[] {
  return v.split('.').map(Number);
}
function semverGreater(a: string, b: string): boolean {
  const x = semver(a);
  const y = semver(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! > y[i]!;
  return false;
}
function bumpPatch(v: string): string {
  const [a, b, c] = semver(v);
  return `${a}.${b}.${(c ?? 0) + 1}`;
}
/** The knowledge base's `updated` field: a calendar day. */
const dayOf = (now: Date) => now.toISOString().slice(0, 10);

const EDIT_REFUSED = 'Only platform administrators edit the pathway knowledge base.';

/** Stores a whole knowledge base as a new version (import). Its version must be above the current one. */
export async function importKnowledgeBase(trx: Trx, ctx: ServiceContext, input: unknown, note?: string): Promise<CurrentKnowledgeBase> {
  permit(ctx.viewer, byproductsPolicy.editPathways(ctx.viewer), EDIT_REFUSED);
  const result = validatePathwayKnowledgeBase(input);
  if (!result.ok) throw errors.validation(`The knowledge base is invalid: ${result.errors.length} error(s).`, fieldErrors(result.errors));
  await repo.lockKnowledgeBase(trx);
  const latest = await repo.latestKbVersion(trx);
  if (latest && !semverGreater(result.value.version, latest.version)) {
    throw errors.conflict(`Version ${result.value.version} is not above the current ${latest.version}.`, [{ field: 'version', message: `must be above ${latest.version}` }]);
  }
  const actor = actorOf(ctx.viewer);
  const row = await repo.insertKbVersion(trx, { version: result.value.version, data: result.value, created_by: actor?.userId ?? null, note: note ?? null });
  await recordAudit(trx, ctx, {
    action: 'pathways.import',
    entityType: 'pathway_kb_versions',
    entityId: String(row.id),
    organisationId: actor?.organisationId ?? null,
    before: latest ? { version: latest.version } : null,
    after: { version: row.version, note: row.note, pathways: result.value.pathways.length },
  });
  return { ...result.value, revision: row.id };
}

/** The answer of an import over HTTP: the version as the versions list shows it. */
export async function importKnowledgeBaseVersion(trx: Trx, ctx: ServiceContext, input: unknown, note: string | undefined, now: Date) {
  const kb = await importKnowledgeBase(trx, ctx, input, note);
  return { revision: kb.revision, version: kb.version, note: note ?? null, createdAt: now.toISOString(), pathways: kb.pathways.length, createdBy: null };
}

/**
 * Adds (id not yet present) or replaces one pathway: a new patch version of the knowledge base,
 * dated `now`.
 */
export async function savePathway(trx: Trx, ctx: ServiceContext, input: unknown, options: { id?: string; note?: string }, now: Date): Promise<{ knowledgeBase: CurrentKnowledgeBase; pathway: Pathway; created: boolean }> {
  permit(ctx.viewer, byproductsPolicy.editPathways(ctx.viewer), EDIT_REFUSED);
  const result = validatePathway(input);
  if (!result.ok) throw errors.validation(`The pathway is invalid: ${result.errors.length} error(s).`, fieldErrors(result.errors));
  const pathway = result.value;
  if (options.id !== undefined && options.id !== pathway.id) {
    throw errors.validation('The pathway id cannot change.', [{ field: 'id', message: `must be ${options.id} (the path names it)` }]);
  }
  await repo.lockKnowledgeBase(trx);
  const current = await currentKnowledgeBase(trx);
  const index = current.pathways.findIndex((p) => p.id === pathway.id);
  if (options.id !== undefined && index < 0) throw errors.notFound('Pathway', options.id);
  if (options.id === undefined && index >= 0) throw errors.conflict(`Pathway ${pathway.id} exists already.`, [{ field: 'id', message: 'already taken; edit it instead' }]);
  const before = index >= 0 ? current.pathways[index]! : null;
  const pathways = index >= 0 ? current.pathways.map((p, i) => (i === index ? pathway : p)) : [...current.pathways, pathway];
  let version = bumpPatch(current.version);
  while (await repo.findKbVersion(trx, version)) version = bumpPatch(version);
  const kb: PathwayKnowledgeBase = { version, updated: dayOf(now), pathways };
  const actor = actorOf(ctx.viewer);
  const row = await repo.insertKbVersion(trx, { version, data: kb, created_by: actor?.userId ?? null, note: options.note ?? `${before ? 'edit' : 'add'} ${pathway.id}` });
  await recordAudit(trx, ctx, {
    action: before ? 'pathway.update' : 'pathway.create',
    entityType: 'pathway_kb_versions',
    entityId: String(row.id),
    organisationId: actor?.organisationId ?? null,
    before: before ? { version: current.version, pathway: before } : null,
    after: { version, note: row.note, pathway },
  });
  return { knowledgeBase: { ...kb, revision: row.id }, pathway, created: before === null };
}

/** Writes of the demo loader: the shipped knowledge base as the first stored version. */
export const insertKnowledgeBaseVersion = repo.insertKbVersion;
