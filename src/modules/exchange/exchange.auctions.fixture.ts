/**
 * Test fixtures of auctions: a graded listing from a demo stream, standing demands, and many
 * bidder organisations with API tokens (the 50-bidder test and the bench). Rows are written
 * directly: these fixtures set the scene, the tests exercise the auction routes.
 */
import { randomBytes } from 'node:crypto';
import type { DB } from '../../db/database';
import { API_TOKEN_PREFIX, sha256 } from '../../platform/tokens';

const rand = () => randomBytes(4).toString('hex');

export async function orgId(db: DB, code: string): Promise<string> {
  return (await db.selectFrom('organisations').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}

/** A graded, open listing of the seller's first stream. */
export async function seedListing(db: DB, sellerCode: string, opts: { grade?: 'A' | 'B' | 'C'; tonnes?: number; cls?: string } = {}): Promise<string> {
  const seller = await orgId(db, sellerCode);
  const stream = await db.selectFrom('byproduct_streams').select(['id', 'site_id']).where('organisation_id', '=', seller).orderBy('code').executeTakeFirstOrThrow();
  const row = await db
    .insertInto('exchange_listings')
    .values({
      code: `GL-T-${rand()}`,
      organisation_id: seller,
      site_id: stream.site_id,
      stream_id: stream.id,
      class: opts.cls ?? 'cellulose-rich',
      title: '药渣（测试批次）',
      quantity_kind: 'one-off',
      tonnes: opts.tonnes ?? 100,
      window_start: '2026-12-01',
      window_end: '2027-03-31',
      grade: opts.grade ?? 'B',
      grade_source: 'computed',
      delivery_terms: 'ex-works',
      load_type: 'bulk',
      visibility: 'public',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A standing demand of the organisation accepting the class down to `minGrade`. */
export async function seedDemand(db: DB, organisationId: string, opts: { cls?: string; minGrade?: 'A' | 'B' | 'C' } = {}): Promise<void> {
  const site = await db.selectFrom('sites').select('id').where('organisation_id', '=', organisationId).executeTakeFirstOrThrow();
  await db
    .insertInto('exchange_demands')
    .values({
      code: `XQ-T-${rand()}`,
      organisation_id: organisationId,
      site_id: site.id,
      title: '收购药渣',
      accepts: [opts.cls ?? 'cellulose-rich'],
      min_grade: opts.minGrade ?? 'C',
      price_a: 400,
      price_b: 300,
      price_c: 200,
      capacity_per_month: 500,
      max_distance_km: 300,
      window_start: '2026-01-01',
    })
    .execute();
}

/** `n` utilizers, each with a site, a standing demand and an API token (member); returns their tokens. */
export async function seedBidders(db: DB, n: number, regionCode = '341602'): Promise<{ organisationId: string; token: string }[]> {
  const out: { organisationId: string; token: string }[] = [];
  for (let k = 0; k < n; k++) {
    const tag = rand();
    const org = await db
      .insertInto('organisations')
      .values({ code: `T-BID-${tag}`, name_zh: `测试竞买人 ${k + 1}`, name_en: `Test bidder ${k + 1}`, type: 'utilizer', region_code: regionCode })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('sites').values({ organisation_id: org.id, name: '厂区', address: '亳州市', latitude: 33.8, longitude: 115.8 }).execute();
    await seedDemand(db, org.id);
    const prefix = randomBytes(4).toString('hex');
    const token = `${API_TOKEN_PREFIX}${prefix}_${randomBytes(32).toString('base64url')}`;
    await db.insertInto('api_tokens').values({ organisation_id: org.id, name: 'bench', prefix, token_hash: sha256(token), role: 'member', created_by: null, expires_at: null }).execute();
    out.push({ organisationId: org.id, token });
  }
  return out;
}
