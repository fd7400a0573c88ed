import { type Insertable, sql, type Updateable } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { CryptoSuite } from './engine/signing';
import type {
  ManifestEventRow,
  ManifestEventTable,
  ManifestLicenceRow,
  ManifestLicenceTable,
  ManifestLineRow,
  ManifestLineTable,
  ManifestRow,
  ManifestSigningKeyRow,
  ManifestTable,
  ManifestTransporterTable,
  ManifestWasteCodeRow,
  ManifestWasteCodeTable,
} from './manifests.tables';

// ---- code lists and licences

export async function codesByCode(db: Executor, codes: readonly string[]): Promise<Map<string, ManifestWasteCodeRow>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('manifest_waste_codes').selectAll().where('code', 'in', [...new Set(codes)]).execute();
  return new Map(rows.map((r) => [r.code, r]));
}

export function listCodes(db: Executor): Promise<ManifestWasteCodeRow[]> {
  return db.selectFrom('manifest_waste_codes').selectAll().orderBy('list').orderBy('category').orderBy('code').execute();
}

export function upsertCode(trx: Trx, values: Insertable<ManifestWasteCodeTable>): Promise<ManifestWasteCodeRow> {
  const { code: _code, ...rest } = values;
  return trx
    .insertInto('manifest_waste_codes')
    .values(values)
    .onConflict((oc) => oc.column('code').doUpdateSet({ ...rest, updated_at: sql`now()` }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findCode(db: Executor, code: string): Promise<ManifestWasteCodeRow | undefined> {
  return db.selectFrom('manifest_waste_codes').selectAll().where('code', '=', code).executeTakeFirst();
}

export function insertLicence(trx: Trx, values: Insertable<ManifestLicenceTable>): Promise<ManifestLicenceRow> {
  return trx.insertInto('manifest_licences').values(values).returningAll().executeTakeFirstOrThrow();
}

export function findLicence(db: Executor, id: string): Promise<ManifestLicenceRow | undefined> {
  return db.selectFrom('manifest_licences').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listLicences(db: Executor, organisationId: string): Promise<ManifestLicenceRow[]> {
  return db.selectFrom('manifest_licences').selectAll().where('organisation_id', '=', organisationId).orderBy('valid_until', 'desc').execute();
}

// ---- manifests

/** The next serial of a region's manifest numbers in a year (the counter row is locked until commit). */
export async function nextSerial(trx: Trx, regionCode: string, year: number): Promise<number> {
  const row = await trx
    .insertInto('manifest_counters')
    .values({ region_code: regionCode, year, last: 1 })
    .onConflict((oc) => oc.columns(['region_code', 'year']).doUpdateSet({ last: sql`manifest_counters.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

/**
 * A new manifest with its transporters and lines in one statement (the id chosen by the caller,
 * so the children need not wait for it): foreign keys are checked at the statement's end.
 */
export function insertManifestWithParts(
  trx: Trx,
  manifest: Insertable<ManifestTable> & { id: string },
  transporters: readonly Insertable<ManifestTransporterTable>[],
  lines: readonly Insertable<ManifestLineTable>[],
): Promise<ManifestRow> {
  if (transporters.length === 0 || lines.length === 0) throw new Error('a manifest has at least one transporter and one line');
  return trx
    .with('t', (qc) => qc.insertInto('manifest_transporters').values([...transporters]))
    .with('l', (qc) => qc.insertInto('manifest_lines').values([...lines]))
    .insertInto('manifests')
    .values(manifest)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** What creating a manifest checks, read in one statement (manifests.service.ts `creationFacts`). */
export interface CreationFactRows {
  organisations: { id: string; region_code: string }[];
  sites: { id: string; organisation_id: string }[];
  licence: Pick<ManifestLicenceRow, 'id' | 'organisation_id' | 'categories' | 'annual_capacity' | 'valid_from' | 'valid_until'> | null;
  codes: Pick<ManifestWasteCodeRow, 'code' | 'list' | 'category' | 'active'>[];
  /** Tonnes the receiver accepted in [from, to) (as tonnesAccepted). */
  tonnes: string;
}

export async function creationFactRows(
  db: Executor,
  q: { organisationIds: readonly string[]; siteIds: readonly string[]; licenceId: string | null; codes: readonly string[]; receiverId: string; from: Date; to: Date },
): Promise<CreationFactRows> {
  const { rows } = await sql<CreationFactRows>`select
      (select coalesce(json_agg(json_build_object('id', o.id, 'region_code', o.region_code)), '[]'::json) from organisations o where o.id = any(${[...new Set(q.organisationIds)]}::uuid[])) as organisations,
      (select coalesce(json_agg(json_build_object('id', s.id, 'organisation_id', s.organisation_id)), '[]'::json) from sites s where s.id = any(${[...new Set(q.siteIds)]}::uuid[])) as sites,
      (select json_build_object('id', l.id, 'organisation_id', l.organisation_id, 'categories', l.categories, 'annual_capacity', l.annual_capacity::text, 'valid_from', l.valid_from::text, 'valid_until', l.valid_until::text)
        from manifest_licences l where l.id = ${q.licenceId}::uuid) as licence,
      (select coalesce(json_agg(json_build_object('code', c.code, 'list', c.list, 'category', c.category, 'active', c.active)), '[]'::json) from manifest_waste_codes c where c.code = any(${[...new Set(q.codes)]}::text[])) as codes,
      (select round(coalesce(sum((l.received - coalesce(l.refused, 0)) / case when l.unit = 'kg' then 1000 else 1 end), 0), 3)::text
        from manifest_lines l join manifests m on m.id = l.manifest_id
        where m.receiver_id = ${q.receiverId}::uuid and l.received is not null and m.updated_at >= ${q.from} and m.updated_at < ${q.to}) as tonnes`.execute(db);
  return rows[0]!;
}

/** Appending an event happens under this lock: the chain head is read and moved by one writer at a time. */
export function lockManifest(trx: Trx, id: string): Promise<ManifestRow | undefined> {
  return trx.selectFrom('manifests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** A party of a manifest as the signing policy sees it: the organisation and its current region. */
export interface PartyRef {
  id: string;
  region: string;
}

/**
 * One statement for what a transition reads under the manifest's row lock: the row, its
 * transporters in order, the current region of every party (the signing policy's owner) and,
 * when the event needs them, its lines.
 */
export async function lockForTransition(
  trx: Trx,
  id: string,
  withLines: boolean,
): Promise<(ManifestRow & { transporters: PartyRef[]; regions: Record<string, string>; lines: ManifestLineRow[] }) | undefined> {
  const row = await trx
    .selectFrom('manifests as m')
    .selectAll('m')
    .select([
      sql<PartyRef[]>`(select coalesce(json_agg(json_build_object('id', t.organisation_id, 'region', o.region_code) order by t.position), '[]'::json)
        from manifest_transporters t join organisations o on o.id = t.organisation_id where t.manifest_id = m.id)`.as('transporters'),
      sql<Record<string, string>>`(select json_object_agg(o.id, o.region_code) from organisations o where o.id in (m.generator_id, m.receiver_id))`.as('regions'),
      // Numerics as text: the same strings a plain select of the lines gives (linesOf).
      withLines
        ? sql<ManifestLineRow[]>`(select coalesce(json_agg(json_build_object(
            'manifest_id', l.manifest_id, 'line_no', l.line_no, 'waste_code', l.waste_code, 'category', l.category, 'description', l.description,
            'packaging', l.packaging, 'package_count', l.package_count, 'quantity', l.quantity::text, 'unit', l.unit, 'measure', l.measure, 'grade', l.grade,
            'picked_up', l.picked_up::text, 'received', l.received::text, 'refused', l.refused::text, 'outcome', l.outcome,
            'refusal_reason', l.refusal_reason, 'discrepancies', l.discrepancies) order by l.line_no), '[]'::json)
            from manifest_lines l where l.manifest_id = m.id)`.as('lines')
        : sql<ManifestLineRow[]>`'[]'::json`.as('lines'),
    ])
    .where('m.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row;
}

export function findManifest(db: Executor, id: string): Promise<ManifestRow | undefined> {
  return db.selectFrom('manifests').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateManifest(trx: Trx, id: string, set: Updateable<ManifestTable>): Promise<void> {
  await trx.updateTable('manifests').set(set).where('id', '=', id).execute();
}

export function transportersOf(db: Executor, manifestIds: readonly string[]) {
  if (manifestIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('manifest_transporters as t')
    .innerJoin('organisations as o', 'o.id', 't.organisation_id')
    .selectAll('t')
    .select(['o.name_zh', 'o.name_en'])
    .where('t.manifest_id', 'in', [...manifestIds])
    .orderBy('t.manifest_id')
    .orderBy('t.position')
    .execute();
}

export function linesOf(db: Executor, manifestIds: readonly string[]): Promise<ManifestLineRow[]> {
  if (manifestIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('manifest_lines').selectAll().where('manifest_id', 'in', [...manifestIds]).orderBy('manifest_id').orderBy('line_no').execute();
}

export interface OrganisationNames {
  id: string;
  name_zh: string;
  name_en: string;
  region_code: string;
}

export async function organisationNames(db: Executor, ids: readonly string[]): Promise<Map<string, OrganisationNames>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'name_zh', 'name_en', 'region_code']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Manifests a viewer may list: where `organisationId` is a party, or (regulators) whose
 * generator or receiver lies in `regionPrefix`; neither: every manifest (platform admins).
 */
export interface ManifestListFilter {
  organisationId: string | null;
  regionPrefix: string | null;
  status?: string;
  /** With `organisationId`: only manifests where it plays this role. */
  role?: 'generator' | 'transporter' | 'receiver';
  createdFrom?: Date;
  createdBefore?: Date;
  wasteCode?: string;
  discrepancy?: boolean;
  limit: number;
  offset: number;
}

export function listManifests(db: Executor, q: ManifestListFilter): Promise<ManifestRow[]> {
  const org = q.organisationId;
  const region = q.regionPrefix;
  return db
    .selectFrom('manifests as m')
    .selectAll('m')
    .$if(org !== null && q.role === undefined, (qb) => qb.where((eb) => eb.or([eb('m.generator_id', '=', org!), eb('m.receiver_id', '=', org!), eb.exists(eb.selectFrom('manifest_transporters as t').select(sql`1`.as('one')).whereRef('t.manifest_id', '=', 'm.id').where('t.organisation_id', '=', org!))])))
    .$if(org !== null && q.role === 'generator', (qb) => qb.where('m.generator_id', '=', org!))
    .$if(org !== null && q.role === 'receiver', (qb) => qb.where('m.receiver_id', '=', org!))
    .$if(org !== null && q.role === 'transporter', (qb) => qb.where((eb) => eb.exists(eb.selectFrom('manifest_transporters as t').select(sql`1`.as('one')).whereRef('t.manifest_id', '=', 'm.id').where('t.organisation_id', '=', org!))))
    .$if(region !== null, (qb) => qb.where((eb) => eb.or([eb('m.region_code', 'like', `${region!}%`), eb('m.receiver_region_code', 'like', `${region!}%`)])))
    .$if(q.status !== undefined, (qb) => qb.where('m.status', '=', q.status as ManifestRow['status']))
    .$if(q.createdFrom !== undefined, (qb) => qb.where('m.created_at', '>=', q.createdFrom!))
    .$if(q.createdBefore !== undefined, (qb) => qb.where('m.created_at', '<', q.createdBefore!))
    .$if(q.wasteCode !== undefined, (qb) =>
      qb.where((eb) => eb.exists(eb.selectFrom('manifest_lines as l').select(sql`1`.as('one')).whereRef('l.manifest_id', '=', 'm.id').where('l.waste_code', '=', q.wasteCode!))),
    )
    .$if(q.discrepancy !== undefined, (qb) =>
      qb.where((eb) => {
        const flagged = eb.exists(eb.selectFrom('manifest_lines as l').select(sql`1`.as('one')).whereRef('l.manifest_id', '=', 'm.id').where(sql<boolean>`cardinality(l.discrepancies) > 0`));
        return q.discrepancy ? flagged : eb.not(flagged);
      }),
    )
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
}

// ---- events

/** What a custody event changes on one line of the manifest (only the columns named). */
export interface LineChange {
  line: number;
  set: Partial<Pick<ManifestLineRow, 'picked_up' | 'received' | 'refused' | 'outcome' | 'refusal_reason' | 'discrepancies'>>;
}

/**
 * Appends an event, moves the manifest's head and applies the event's line changes in one
 * statement, only while the signing key is still active: a key cached by this process and retired
 * meanwhile (rotation by another process) inserts and changes nothing and returns undefined, so
 * the caller looks the key up again.
 */
export async function appendEventRow(
  trx: Trx,
  values: Omit<Insertable<ManifestEventTable>, 'id' | 'recorded_at'> & { key_id: string },
  suite: CryptoSuite,
  set: Updateable<ManifestTable>,
  lineChanges: readonly LineChange[] = [],
): Promise<ManifestEventRow | undefined> {
  const v = values;
  const changes = JSON.stringify(lineChanges.map((c) => ({ line: c.line, ...c.set })));
  const row = await trx
    .with('e', (qc) =>
      qc
        .insertInto('manifest_events')
        .columns(['manifest_id', 'seq', 'kind', 'at', 'signer_organisation_id', 'signer_user_id', 'signer_token_id', 'delegation_id', 'key_id', 'payload', 'prev_hash', 'hash', 'signature'])
        .expression((eb) =>
          eb
            .selectFrom('manifest_signing_keys as k')
            .select([
              sql<string>`cast(${v.manifest_id} as uuid)`.as('manifest_id'),
              sql<number>`cast(${v.seq} as integer)`.as('seq'),
              sql<string>`cast(${v.kind} as text)`.as('kind'),
              sql<Date>`cast(${v.at} as timestamptz)`.as('at'),
              sql<string>`cast(${v.signer_organisation_id} as uuid)`.as('signer_organisation_id'),
              sql<string | null>`cast(${v.signer_user_id ?? null} as uuid)`.as('signer_user_id'),
              sql<string | null>`cast(${v.signer_token_id ?? null} as uuid)`.as('signer_token_id'),
              sql<string | null>`cast(${v.delegation_id ?? null} as uuid)`.as('delegation_id'),
              'k.id as key_id',
              sql<string>`cast(${v.payload} as text)`.as('payload'),
              sql<string>`cast(${v.prev_hash} as text)`.as('prev_hash'),
              sql<string>`cast(${v.hash} as text)`.as('hash'),
              sql<string>`cast(${v.signature} as text)`.as('signature'),
            ])
            .where('k.id', '=', v.key_id)
            .where('k.organisation_id', '=', v.signer_organisation_id)
            .where('k.suite', '=', suite)
            .where('k.retired_at', 'is', null),
        )
        .returningAll(),
    )
    // A column is set only where the change names it (`?`); the rest of the line stays as it is. No changes: no rows.
    .with('l', () =>
      // Raw SQL is not parenthesised by the query builder as a CTE's body.
      sql`(update manifest_lines l set
          picked_up = case when c.v ? 'picked_up' then (c.v->>'picked_up')::numeric else l.picked_up end,
          received = case when c.v ? 'received' then (c.v->>'received')::numeric else l.received end,
          refused = case when c.v ? 'refused' then (c.v->>'refused')::numeric else l.refused end,
          outcome = case when c.v ? 'outcome' then c.v->>'outcome' else l.outcome end,
          refusal_reason = case when c.v ? 'refusal_reason' then c.v->>'refusal_reason' else l.refusal_reason end,
          discrepancies = case when c.v ? 'discrepancies' then array(select jsonb_array_elements_text(c.v->'discrepancies')) else l.discrepancies end
        from jsonb_array_elements(cast(${changes} as jsonb)) as c(v)
        where l.manifest_id = cast(${v.manifest_id} as uuid) and l.line_no = (c.v->>'line')::int and exists (select 1 from e)
        returning 1)`,
    )
    .updateTable('manifests')
    .from('e')
    .set(set)
    .where('manifests.id', '=', v.manifest_id)
    .returningAll('e')
    .executeTakeFirst();
  return row;
}

export function eventsOf(db: Executor, manifestIds: readonly string[]): Promise<ManifestEventRow[]> {
  if (manifestIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('manifest_events').selectAll().where('manifest_id', 'in', [...manifestIds]).orderBy('manifest_id').orderBy('seq').orderBy('id').execute();
}

/** What verification reads of a batch of manifests, in id order after `after` (keyset pages). */
export function manifestHeads(db: Executor, q: { after: string | null; limit: number; regionPrefix: string | null; ids?: readonly string[] }) {
  return db
    .selectFrom('manifests')
    .select(['id', 'event_count', 'head_hash'])
    .$if(q.after !== null, (qb) => qb.where('id', '>', q.after!))
    .$if(q.regionPrefix !== null, (qb) => qb.where((eb) => eb.or([eb('region_code', 'like', `${q.regionPrefix!}%`), eb('receiver_region_code', 'like', `${q.regionPrefix!}%`)])))
    .$if(q.ids !== undefined, (qb) => qb.where('id', 'in', [...q.ids!]))
    .orderBy('id')
    .limit(q.limit)
    .execute();
}

/** The latest checkpointed head of each manifest. */
export async function checkpointedHeads(db: Executor, manifestIds: readonly string[]): Promise<Map<string, { events: number; hash: string; event_id: string }>> {
  if (manifestIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('manifest_checkpoint_heads')
    .distinctOn('manifest_id')
    .select(['manifest_id', 'events', 'hash', 'event_id'])
    .where('manifest_id', 'in', [...manifestIds])
    .orderBy('manifest_id')
    .orderBy('checkpoint_seq', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.manifest_id, r]));
}

// ---- signing keys

export function activeKey(db: Executor, organisationId: string, suite: CryptoSuite): Promise<ManifestSigningKeyRow | undefined> {
  return db.selectFrom('manifest_signing_keys').selectAll().where('organisation_id', '=', organisationId).where('suite', '=', suite).where('retired_at', 'is', null).executeTakeFirst();
}

export async function insertKey(trx: Trx, values: { id: string; organisation_id: string; suite: CryptoSuite; public_key: string }): Promise<ManifestSigningKeyRow> {
  return trx.insertInto('manifest_signing_keys').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function retireKey(trx: Trx, id: string, at: Date): Promise<void> {
  await trx.updateTable('manifest_signing_keys').set({ retired_at: at }).where('id', '=', id).execute();
}

export function keysByIds(db: Executor, ids: readonly string[]): Promise<ManifestSigningKeyRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('manifest_signing_keys').selectAll().where('id', 'in', [...new Set(ids)]).execute();
}

export function listKeys(db: Executor, organisationId: string | null): Promise<ManifestSigningKeyRow[]> {
  return db
    .selectFrom('manifest_signing_keys')
    .selectAll()
    .$if(organisationId !== null, (qb) => qb.where('organisation_id', '=', organisationId!))
    .orderBy('organisation_id')
    .orderBy('created_at', 'desc')
    .limit(1000)
    .execute();
}

/** Serialises key creation per organisation (two first signatures at once must not make two keys). */
export async function lockOrganisationKeys(trx: Trx, organisationId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`manifest-key:${organisationId}`}))`.execute(trx);
}

// ---- the global checkpoint chain

/** Serialises checkpoints (one chain). */
export async function lockCheckpoints(trx: Trx): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('manifest-checkpoints'))`.execute(trx);
}

export function lastCheckpoint(db: Executor) {
  return db.selectFrom('manifest_checkpoints').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

/** Manifests whose head moved since their last checkpoint, with their last event. */
export function movedHeads(trx: Trx, limit: number) {
  return trx
    .selectFrom('manifests as m')
    .innerJoin('manifest_events as e', (j) => j.onRef('e.manifest_id', '=', 'm.id').onRef('e.seq', '=', 'm.event_count'))
    .select(['m.id as manifest', 'm.event_count as events', 'm.head_hash as hash', 'e.id as event'])
    .where(sql<boolean>`m.event_count > m.checkpointed_events`)
    .orderBy('m.id')
    .limit(limit)
    .execute();
}

export async function insertCheckpoint(trx: Trx, values: { suite: CryptoSuite; heads: { manifest: string; events: number; hash: string; event: string }[]; prev_hash: string; hash: string; at: Date }): Promise<number> {
  const row = await trx.insertInto('manifest_checkpoints').values({ suite: values.suite, heads: values.heads.length, prev_hash: values.prev_hash, hash: values.hash, at: values.at }).returning('seq').executeTakeFirstOrThrow();
  if (values.heads.length > 0) {
    await trx
      .insertInto('manifest_checkpoint_heads')
      .values(values.heads.map((h) => ({ checkpoint_seq: row.seq, manifest_id: h.manifest, events: h.events, hash: h.hash, event_id: h.event })))
      .execute();
    // The counts recorded, not the current ones: an event appended meanwhile waits for the next checkpoint.
    await sql`update manifests set checkpointed_events = h.events
      from unnest(${values.heads.map((h) => h.manifest)}::uuid[], ${values.heads.map((h) => h.events)}::int[]) as h(id, events)
      where manifests.id = h.id`.execute(trx);
  }
  return row.seq;
}

export function checkpointsFrom(db: Executor, afterSeq: number, limit: number) {
  return db.selectFrom('manifest_checkpoints').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
}

export function headsOfCheckpoints(db: Executor, seqs: readonly number[]) {
  if (seqs.length === 0) return Promise.resolve([]);
  return db.selectFrom('manifest_checkpoint_heads').selectAll().where('checkpoint_seq', 'in', [...seqs]).orderBy('checkpoint_seq').orderBy('manifest_id').execute();
}

// The demo history's bulk writer (manifests.history.ts) inserts many manifests' parts at once and counts accepted tonnes per receiver and year.
export async function tonnesAccepted(db: Executor, receiverId: string, from: Date, to: Date, except: string): Promise<string> {
  const row = await db
    .selectFrom('manifest_lines as l')
    .innerJoin('manifests as m', 'm.id', 'l.manifest_id')
    .select(sql<string>`round(coalesce(sum((l.received - coalesce(l.refused, 0)) / case when l.unit = 'kg' then 1000 else 1 end), 0), 3)::text`.as('tonnes'))
    .where('m.receiver_id', '=', receiverId)
    .where('m.id', '<>', except)
    .where('l.received', 'is not', null)
    .where('m.updated_at', '>=', from)
    .where('m.updated_at', '<', to)
    .executeTakeFirstOrThrow();
  return row.tonnes;
}
export async function insertTransporters(trx: Trx, rows: Insertable<ManifestTransporterTable>[]): Promise<void> {
  await trx.insertInto('manifest_transporters').values(rows).execute();
}
export async function insertLines(trx: Trx, rows: Insertable<ManifestLineTable>[]): Promise<void> {
  await trx.insertInto('manifest_lines').values(rows).execute();
}
