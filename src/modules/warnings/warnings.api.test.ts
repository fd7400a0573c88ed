import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorViewer, systemServiceContext } from '../../platform/viewer';
import { AppError } from '../../platform/errors';
import { actorForUser, addNote, markCasesPublished } from './warnings.service';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { auditRowsFor, countRows, expectProblem, makeToken, orgId } from '../../../test/helpers/fixtures';

interface CaseSummary {
  id: string;
  kind: 'signal' | 'pre-warning';
  formula: { code: string; nameZh: string };
  direction: string;
  episodeStart: string;
  episodeEnd: string | null;
  level: string | null;
  peakRatio: number;
  latestDate: string;
  peakDate: string;
  status: string;
  assignee: { username: string } | null;
  decision: string | null;
  bulletinId: string | null;
  bulletinNumber: string | null;
  current: { ratio: number | null; level: string; levelRule: unknown } | null;
}
interface CaseDetail extends CaseSummary {
  decisionReason: string | null;
  notes: { cause: string; expectedWeeks: number | null; text: string; author: { username: string } | null }[];
  analysis: {
    composition: Record<'start' | 'peak' | 'latest', { cost: number; shares: Record<string, number>; costs: Record<string, number> }>;
    drivers: { from: string; to: string; costFrom: number; costTo: number; contributions: Record<string, number> };
    dominantHerb: string;
    similar: { sameFormula: { count: number }; sameHerb: { herb: string; count: number; medianDays: number; maxDays: number } };
    series: { date: string; ratio: number }[];
  };
  can: { work: boolean; note: boolean; decide: boolean };
}

/**
 * Warning cases over HTTP on the supply demo: the scan (idempotent, one case per episode), the
 * analysis snapshot, the workflow with its illegal steps, who sees and does what, audit rows in
 * the same transaction, and markCasesPublished as the bulletins module will call it.
 */
/** Scans that close no untouched case (a century), for the tests that work on old episodes. */
const KEEP = { closeUntouchedAfterDays: 36_500 };

describe.each(backends)('warnings API (%s)', (kind) => {
  let t: TestApp;
  let monitor: TestClient;
  let station: TestClient;
  let maker: TestClient;
  let ffdsp2010: string;

  const cases = async (c: TestClient, query = '') => (await c.get(`/api/v1/warnings/cases${query}`)).json<{ items: CaseSummary[] }>().items;
  const detail = async (c: TestClient, id: string) => (await c.get(`/api/v1/warnings/cases/${id}`)).json<CaseDetail>();
  const auditCount = async (action: string) =>
    Number((await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['supply'] });
    monitor = await t.login('ah-tcm');
    station = await t.login('bz-price');
    maker = await t.login('huatuo');
  }, 300_000);
  afterAll(async () => {
    await t?.close();
  });

  it('a scan opens one case per signal episode (and per firing pre-warning); a second scan changes nothing', { timeout: 120_000 }, async () => {
    expect(await cases(monitor)).toEqual([]);
    // The workflow tests below work on cases of old episodes: these scans keep them open (the
    // default rule that closes untouched cases of long-ended episodes has its own test at the end).
    const first = await monitor.post('/api/v1/warnings/scan', KEEP);
    expect(first.statusCode).toBe(200);
    const s1 = first.json<{ formulas: number; episodes: number; opened: number; updated: number; preWarnings: { firing: number; evaluated: number }; openedIds: string[]; durationMs: number }>();
    expect(s1.formulas).toBeGreaterThanOrEqual(30);
    expect(s1.episodes).toBeGreaterThan(30);
    expect(s1.opened).toBe(s1.episodes + s1.preWarnings.firing);
    expect(s1.openedIds).toHaveLength(s1.opened);
    expect(await countRows(t.db, 'warning_cases')).toBe(s1.opened);
    expect(await auditCount('warning.case.open')).toBe(s1.opened);

    // The cases of 复方丹参片 are exactly its signal episodes.
    const full = (await monitor.get('/api/v1/supply/formulas/FFDSP/ratio')).json<{ episodes: { start: string; end: string | null; peakRatio: number; level: string }[] }>();
    const own = (await cases(monitor, '?formula=FFDSP&kind=signal')).sort((a, b) => a.episodeStart.localeCompare(b.episodeStart));
    expect(own.map((c) => [c.episodeStart, c.episodeEnd, c.level])).toEqual(full.episodes.map((e) => [e.start, e.end, e.level]));
    expect(own[0]!.episodeStart).toBe('2010-03-05');
    ffdsp2010 = own[0]!.id;

    const second = (await monitor.post('/api/v1/warnings/scan', KEEP)).json<{ opened: number; updated: number; unchanged: number; closed: number }>();
    expect(second).toMatchObject({ opened: 0, updated: 0, closed: 0, unchanged: s1.opened });
    expect(await countRows(t.db, 'warning_cases')).toBe(s1.opened);
    expect(await auditCount('warning.scan')).toBe(2);
  });

  it('a new day of prices updates the open episodes’ cases in place', { timeout: 120_000 }, async () => {
    const before = (await cases(monitor, '?formula=FFDSP&kind=signal')).find((c) => c.episodeEnd === null)!;
    const next = new Date(Date.parse(`${before.latestDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    // The last quote of each herb at each market, again for the next day (no outlier is held).
    const prices = [];
    for (const herb of ['三七', '丹参', '冰片']) {
      const last = (await station.get(`/api/v1/supply/prices?herb=${encodeURIComponent(herb)}&from=${before.latestDate}`)).json<{ items: { market: string; pricePerKg: number }[] }>().items;
      for (const q of last) prices.push({ herb, market: q.market, date: next, price: q.pricePerKg * 1.01 });
    }
    expect(prices.length).toBeGreaterThanOrEqual(9);
    expect((await station.post('/api/v1/supply/prices', { observations: prices })).statusCode).toBe(200);
    const count = await countRows(t.db, 'warning_cases');
    const s = (await monitor.post('/api/v1/warnings/scan', KEEP)).json<{ opened: number; updated: number }>();
    expect(s.updated).toBeGreaterThan(0);
    expect((await detail(monitor, before.id)).latestDate).toBe(next);
    expect(await countRows(t.db, 'warning_cases')).toBe(count + s.opened);
  });

  it('the analysis snapshot: composition, drivers summing to the change of Y, similar episodes, series around the episode', async () => {
    const d = await detail(monitor, ffdsp2010);
    expect(d.formula.nameZh).toBe('复方丹参片');
    expect(d.level).toBe('red');
    const a = d.analysis;
    for (const p of Object.values(a.composition)) expect(Object.values(p.shares).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    expect(a.composition.peak.shares['三七']).toBeGreaterThan(0.9);
    expect(a.dominantHerb).toBe('三七');
    const sum = Object.values(a.drivers.contributions).reduce((s, x) => s + x, 0);
    expect(sum).toBeCloseTo(a.drivers.costTo - a.drivers.costFrom, 12);
    expect(a.drivers.from < d.episodeStart).toBe(true);
    expect(a.similar.sameHerb.herb).toBe('三七');
    expect(a.similar.sameHerb.count).toBeGreaterThanOrEqual(2);
    expect(a.similar.sameHerb.maxDays).toBeGreaterThanOrEqual(a.similar.sameHerb.medianDays);
    expect(a.series.some((p) => p.date === d.episodeStart)).toBe(true);
    expect(a.series.length).toBeLessThanOrEqual(610);
  });

  it('workflow: illegal steps are refused with stable codes; note → analysing; claim; decide publish with a reason', async () => {
    expectProblem(await monitor.post(`/api/v1/warnings/cases/${ffdsp2010}/decision`, { decision: 'dismiss', reason: 'no analysis yet' }), 409, 'illegal_transition');
    expectProblem(await monitor.post(`/api/v1/warnings/cases/${ffdsp2010}/notes`, { cause: 'weather', text: 'x' }), 400, 'validation');
    expectProblem(await monitor.post(`/api/v1/warnings/cases/${ffdsp2010}/notes`, { cause: 'speculation', expectedWeeks: 9999, text: 'x' }), 400, 'validation');

    const noted = await monitor.post(`/api/v1/warnings/cases/${ffdsp2010}/notes`, { cause: 'speculation', expectedWeeks: 156, text: '游资炒作占据了不小的比例' });
    expect(noted.statusCode).toBe(201);
    const n = noted.json<CaseDetail>();
    expect(n.status).toBe('analysing');
    expect(n.notes).toHaveLength(1);
    expect(n.notes[0]).toMatchObject({ cause: 'speculation', expectedWeeks: 156, author: { username: 'ah-tcm' } });
    // The note and its audit row were written by the same request (same transaction).
    const audit = await auditRowsFor(t.db, noted.headers['x-request-id'] as string);
    expect(audit.map((r) => r.action)).toEqual(['warning.case.note']);
    expect(audit[0]).toMatchObject({ entity_id: ffdsp2010, entity_type: 'warning_cases' });

    const claimed = (await station.post(`/api/v1/warnings/cases/${ffdsp2010}/assign`, {})).json<CaseDetail>();
    expect(claimed.assignee?.username).toBe('bz-price');
    const assigned = (await station.post(`/api/v1/warnings/cases/${ffdsp2010}/assign`, { assignee: 'ah-tcm' })).json<CaseDetail>();
    expect(assigned.assignee?.username).toBe('ah-tcm');
    expectProblem(await station.post(`/api/v1/warnings/cases/${ffdsp2010}/assign`, { assignee: 'huatuo' }), 400, 'validation');

    expectProblem(await monitor.post(`/api/v1/warnings/cases/${ffdsp2010}/decision`, { decision: 'publish' }), 400, 'validation');
    expectProblem(await monitor.post(`/api/v1/warnings/cases/${ffdsp2010}/decision`, { decision: 'publish', reason: '' }), 400, 'validation');
    const decided = await monitor.post(`/api/v1/warnings/cases/${ffdsp2010}/decision`, { decision: 'publish', reason: 'Y/P 超过 100%，建议价格补贴' });
    expect(decided.statusCode).toBe(200);
    expect(decided.json<CaseDetail>()).toMatchObject({ status: 'decided-publish', decision: 'publish', decisionReason: 'Y/P 超过 100%，建议价格补贴' });
    expect((await auditRowsFor(t.db, decided.headers['x-request-id'] as string)).map((r) => r.action)).toEqual(['warning.case.publish']);
    expectProblem(await monitor.post(`/api/v1/warnings/cases/${ffdsp2010}/decision`, { decision: 'dismiss', reason: 'changed my mind' }), 409, 'illegal_transition');
    expect((await cases(monitor, '?status=decided-publish')).map((c) => c.id)).toEqual([ffdsp2010]);
  });

  it('publishing needs a note; dismissing an ended episode closes the case; filters by status and level', async () => {
    const ended = (await cases(monitor, '?status=open&level=yellow,orange,red')).find((c) => c.episodeEnd !== null && c.kind === 'signal')!;
    expect(ended).toBeDefined();
    expect(['yellow', 'orange', 'red']).toContain(ended.level);
    await monitor.post(`/api/v1/warnings/cases/${ended.id}/assign`, {});
    expectProblem(await monitor.post(`/api/v1/warnings/cases/${ended.id}/decision`, { decision: 'publish', reason: 'no note' }), 409, 'illegal_transition');
    const dismissed = await monitor.post(`/api/v1/warnings/cases/${ended.id}/decision`, { decision: 'dismiss', reason: '历史波动，已回落' });
    expect(dismissed.json<CaseDetail>().status).toBe('closed');
    expect((await auditRowsFor(t.db, dismissed.headers['x-request-id'] as string)).map((r) => r.action)).toEqual(['warning.case.dismiss', 'warning.case.close']);
    expectProblem(await monitor.post(`/api/v1/warnings/cases/${ended.id}/notes`, { cause: 'other', text: 'late' }), 409, 'illegal_transition');
    expect((await cases(monitor, '?status=closed')).map((c) => c.id)).toEqual([ended.id]);
    expectProblem(await monitor.get('/api/v1/warnings/cases?status=nonsense'), 400, 'validation');
  });

  it('who sees and does what: monitors work, manufacturers read their own formulas’ cases, others are refused', { timeout: 120_000 }, async () => {
    expectProblem(await t.anonymous().get('/api/v1/warnings/cases'), 401, 'unauthenticated');
    expectProblem(await (await t.login('lvyuan')).get('/api/v1/warnings/cases'), 403, 'forbidden');
    expectProblem(await (await t.login('bz-stat')).get(`/api/v1/warnings/cases/${ffdsp2010}`), 403, 'forbidden');
    // A manufacturer has no reference-formula cases: 404 for them, not "forbidden" (nothing revealed).
    expect(await cases(maker)).toEqual([]);
    expectProblem(await maker.get(`/api/v1/warnings/cases/${ffdsp2010}`), 404, 'not_found');
    expectProblem(await maker.post(`/api/v1/warnings/cases/${ffdsp2010}/notes`, { cause: 'demand', text: 'x' }), 404, 'not_found');
    expectProblem(await maker.post('/api/v1/warnings/scan', {}), 403, 'forbidden');

    // Huatuo's own product with a cap that puts it far above its band: its case is Huatuo's to read.
    const own = { formulas: [{ code: 'HT-SQ', nameZh: '华佗三七片', dosageForm: 'tablet', batchYield: 1000, batchUnit: '片', packSize: 60, ingredients: [{ herb: '三七', amount: 300, unit: 'g' }], priceCaps: [{ from: '2009-01-01', priceCap: 3 }] }] };
    expect((await maker.post('/api/v1/supply/formulas', own)).statusCode).toBe(200);
    const token = (await makeToken(t.db, await orgId(t.db, 'BZ-MON-PRICE'), 'member')).token;
    const bearer = t.anonymous({ authorization: `Bearer ${token}` });
    expect((await bearer.post('/api/v1/warnings/scan', KEEP)).statusCode).toBe(200);
    const mine = await cases(maker);
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((c) => c.formula.code))).toEqual(new Set(['HT-SQ']));
    const d = await detail(maker, mine[0]!.id);
    expect(d.can).toMatchObject({ work: false, note: false, decide: false });
    expectProblem(await maker.post(`/api/v1/warnings/cases/${mine[0]!.id}/notes`, { cause: 'demand', text: '需求增加' }), 403, 'forbidden');
    expectProblem(await maker.post(`/api/v1/warnings/cases/${mine[0]!.id}/decision`, { decision: 'dismiss', reason: 'not us' }), 403, 'forbidden');
    // The regulator of Huatuo's region reads it too; another manufacturer does not see it.
    expect((await (await t.login('bz-eeb')).get(`/api/v1/warnings/cases/${mine[0]!.id}`)).statusCode).toBe(200);
    expectProblem(await (await t.login('shaodu')).get(`/api/v1/warnings/cases/${mine[0]!.id}`), 404, 'not_found');
    // Machines scan but do not take expert steps; platform admins read everything.
    expectProblem(await bearer.post(`/api/v1/warnings/cases/${mine[0]!.id}/notes`, { cause: 'demand', text: 'x' }), 403, 'forbidden');
    const admin = await t.login('admin');
    expect((await cases(admin)).length).toBe(await countRows(t.db, 'warning_cases'));
    expectProblem(await admin.post(`/api/v1/warnings/cases/${mine[0]!.id}/notes`, { cause: 'demand', text: 'x' }), 403, 'forbidden');
  });

  it('audit and write share the transaction: a rolled-back note leaves neither note nor audit row', async () => {
    const actor = await actorForUser(t.db, 'ah-tcm');
    const target = (await cases(monitor, '?status=open'))[0]!;
    const notesBefore = await countRows(t.db, 'warning_case_notes');
    const ctx = { viewer: actorViewer(actor), requestId: 'test:rollback-note' };
    await expect(
      t.db.transaction().execute(async (trx) => {
        await addNote(trx, ctx, target.id, { cause: 'demand', expectedWeeks: 4, text: 'rolled back' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await countRows(t.db, 'warning_case_notes')).toBe(notesBefore);
    expect(await auditRowsFor(t.db, 'test:rollback-note')).toEqual([]);
    expect((await detail(monitor, target.id)).status).toBe('open');
  });

  it('markCasesPublished (for the bulletins module): stores the bulletin id, audits, is idempotent and all-or-nothing', async () => {
    const actor = await actorForUser(t.db, 'ah-tcm');
    const bulletinId = '00000000-0000-4000-8000-000000000b01';
    const open = (await cases(monitor, '?status=open'))[0]!;
    // One case not decided for publication refuses the whole call: nothing changes.
    const refused = await t.db
      .transaction()
      .execute((trx) => markCasesPublished(trx, { viewer: actorViewer(actor), requestId: 'test:publish-refused' }, [ffdsp2010, open.id], bulletinId))
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('illegal_transition');
    expect((await detail(monitor, ffdsp2010)).status).toBe('decided-publish');

    const r = await t.db.transaction().execute((trx) => markCasesPublished(trx, { viewer: actorViewer(actor), requestId: 'test:publish' }, [ffdsp2010], bulletinId));
    expect(r).toEqual({ published: [ffdsp2010], unchanged: [] });
    const d = await detail(monitor, ffdsp2010);
    // The 2010 episode has ended, so the published case closes at once.
    expect(d).toMatchObject({ status: 'closed', bulletinId, decision: 'publish' });
    expect((await auditRowsFor(t.db, 'test:publish')).map((a) => [a.action, a.entity_id])).toEqual([
      ['warning.case.published', ffdsp2010],
      ['warning.case.close', ffdsp2010],
    ]);
    const again = await t.db.transaction().execute((trx) => markCasesPublished(trx, systemServiceContext('test'), [ffdsp2010], bulletinId));
    expect(again).toEqual({ published: [], unchanged: [ffdsp2010] });
    const maker = await actorForUser(t.db, 'huatuo');
    await expect(t.db.transaction().execute((trx) => markCasesPublished(trx, { viewer: actorViewer(maker), requestId: 'test:maker' }, [ffdsp2010], bulletinId))).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('triage: the inbox lists waiting, running, escalating cases first by level and recency, each with the formula’s current level; the default scan closes untouched cases of long-ended episodes', { timeout: 120_000 }, async () => {
    const listed = (await monitor.get('/api/v1/warnings/cases')).json<{ items: CaseSummary[]; closeRule: { untouchedAfterDays: number } }>();
    expect(listed.closeRule).toEqual({ untouchedAfterDays: 90 });
    const rank = (c: CaseSummary) => [
      ['open', 'analysing', 'decided-publish'].includes(c.status) ? 1 : 0,
      c.episodeEnd === null ? 1 : 0,
      c.episodeEnd === null && c.latestDate === c.peakDate ? 1 : 0,
      { red: 4, orange: 3, yellow: 2, blue: 1 }[c.level ?? ''] ?? 0,
    ];
    const keys = listed.items.map((c) => [...rank(c), Date.parse(c.latestDate)]);
    for (let i = 1; i < keys.length; i++) {
      const a = keys[i - 1]!;
      const b = keys[i]!;
      const k = a.findIndex((x, j) => x !== b[j]);
      if (k >= 0) expect(a[k]! > b[k]!, `case ${i} is out of triage order`).toBe(true);
    }
    // Every case carries the one current level of its formula: the list's.
    const formulas = (await monitor.get('/api/v1/supply/formulas')).json<{ items: { code: string; ratio: number; level: string; levelRule: unknown }[] }>().items;
    const byCode = new Map(formulas.map((f) => [f.code, f]));
    for (const c of listed.items.filter((x) => byCode.has(x.formula.code))) {
      const f = byCode.get(c.formula.code)!;
      expect(c.current).toMatchObject({ ratio: f.ratio, level: f.level, levelRule: f.levelRule });
    }

    const asOf = listed.items.reduce((m, c) => (c.latestDate > m ? c.latestDate : m), '');
    const old = (c: CaseSummary) => c.episodeEnd !== null && Date.parse(asOf) - Date.parse(c.episodeEnd) >= 90 * 86_400_000;
    const untouched = listed.items.filter((c) => c.status === 'open' && old(c));
    const worked = listed.items.filter((c) => c.status === 'analysing' && old(c));
    expect(untouched.length).toBeGreaterThan(10);
    const scan = (await monitor.post('/api/v1/warnings/scan', {})).json<{ closed: number }>();
    expect(scan.closed).toBe(untouched.length);
    const after = await cases(monitor);
    const status = new Map(after.map((c) => [c.id, c.status]));
    for (const c of untouched) expect(status.get(c.id)).toBe('closed');
    for (const c of worked) expect(status.get(c.id)).toBe('analysing');
    expect(after.filter((c) => c.status === 'open' && old(c))).toEqual([]);
    const rules = await t.db.selectFrom('audit_log').select('after').where('action', '=', 'warning.case.close').where('entity_id', '=', untouched[0]!.id).execute();
    expect(rules.map((r) => (r.after as { rule: string }).rule)).toEqual(['untouched-after-episode-end']);
  });
});
