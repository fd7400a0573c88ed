import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { expectProblem } from '../../../test/helpers/fixtures';
import type { HomeSection, HomeView } from './home.schema';

type Section<K extends HomeSection['kind']> = Extract<HomeSection, { kind: K }>;
interface CaseItem { level: string | null; kind: string; episodeEnd: string | null; latestDate: string; peakDate: string }
interface Formula { code: string; ratio: number | null; level: string; band: [number, number]; ownerOrganisationId: string | null }
interface Figures { streams: number; name: string; figures: { generatedT: number; utilisedT: number; utilisationRate: number | null; valueCreatedYuan: number; co2eAvoidedT: number } }

const WORKING = 'open,analysing,decided-publish';

async function json<T>(client: TestClient, url: string): Promise<T> {
  const res = await client.get(url);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json<T>();
}

async function home(client: TestClient): Promise<HomeView> {
  return json<HomeView>(client, '/api/v1/home');
}

function section<K extends HomeSection['kind']>(view: HomeView, kind: K): Section<K> {
  const found = view.sections.find((s): s is Section<K> => s.kind === kind);
  if (!found) throw new Error(`no ${kind} section in ${view.sections.map((s) => s.kind).join(', ')}`);
  return found;
}

/** The home's case counts against the inbox the same viewer gets from the warnings API. */
async function expectCasesAsInbox(client: TestClient, s: Section<'warningCases'>): Promise<void> {
  const { items } = await json<{ items: CaseItem[] }>(client, `/api/v1/warnings/cases?status=${WORKING}`);
  expect(s.open).toBe(items.length);
  for (const row of s.byLevel) {
    const of = items.filter((c) => (c.level ?? 'pre-warning') === row.level);
    expect(row.open, row.level).toBe(of.length);
    expect(row.escalating, row.level).toBe(of.filter((c) => c.episodeEnd === null && c.latestDate === c.peakDate).length);
  }
  expect(s.escalating).toBe(s.byLevel.reduce((sum, r) => sum + r.escalating, 0));
}

/** Every product on the card has the Y/P and level of the product list. */
async function expectProductsAsList(client: TestClient, s: Section<'products'>): Promise<Formula[]> {
  const { items } = await json<{ items: Formula[] }>(client, '/api/v1/supply/formulas');
  for (const p of s.items) {
    const f = items.find((x) => x.code === p.code)!;
    expect(p.ratio).toBeCloseTo(f.ratio!, 9);
    expect(p.level).toBe(f.level);
    expect(p.band).toEqual(f.band);
    expect(p.margin).toBeCloseTo(Math.min(f.ratio! - f.band[0], f.band[1] - f.ratio!), 9);
  }
  return items;
}

function expectFigures(s: { generatedT: number; utilisedT: number; utilisationRate: number | null }, f: Figures['figures']): void {
  expect(s.generatedT).toBeCloseTo(f.generatedT, 6);
  expect(s.utilisedT).toBeCloseTo(f.utilisedT, 6);
  if (f.utilisationRate === null) expect(s.utilisationRate).toBeNull();
  else expect(s.utilisationRate).toBeCloseTo(f.utilisationRate, 9);
}

const thisMonth = () => new Date().toISOString().slice(0, 7);
const lastMonth = () => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
};
const thisYear = () => String(new Date().getUTCFullYear());
const lastYear = () => String(new Date().getUTCFullYear() - 1);

/**
 * GET /api/v1/home for every organisation type of the demo, on both databases: the sections each
 * gets, and every figure checked against the owning module's own API for the same viewer.
 */
describe.each(backends)('home page per organisation type (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ kind, demo: true });
  }, 600_000);
  afterAll(async () => t.close());

  it('refuses anonymous callers', async () => {
    expectProblem(await t.anonymous().get('/api/v1/home'), 401, 'unauthenticated');
  });

  it('supply monitor: working cases by level as in the inbox, products nearest their band as in the product list', async () => {
    const monitor = await t.login('bz-price');
    const view = await home(monitor);
    expect(view.organisationType).toBe('supply-monitor');
    expect(view.sections.map((s) => s.kind)).toEqual(['warningCases', 'products']);
    const cases = section(view, 'warningCases');
    expect(cases.open).toBeGreaterThan(0);
    await expectCasesAsInbox(monitor, cases);
    const products = section(view, 'products');
    expect(products.scope).toBe('nearest');
    const list = await expectProductsAsList(monitor, products);
    expect(products.total).toBe(list.length);
    expect(products.outsideBand).toBe(list.filter((f) => f.ratio !== null && (f.ratio < f.band[0] || f.ratio > f.band[1])).length);
    // Inside the band only, the nearest edge first.
    expect(products.items.length).toBeGreaterThan(0);
    const margins = products.items.map((p) => p.margin!);
    expect(margins.every((m) => m >= 0)).toBe(true);
    expect([...margins].sort((a, b) => a - b)).toEqual(margins);
  });

  it('manufacturer: its streams this month as the figures API, reference Y/P, its cases and its report', async () => {
    const huatuo = await t.login('huatuo');
    const view = await home(huatuo);
    expect(view.organisationType).toBe('manufacturer');
    expect(view.organisation.nameZh).toBe('亳州华佗本草制药有限公司');
    const streams = section(view, 'streams');
    expect(streams.period).toBe(thisMonth());
    const own = await json<{ items: { id: string; code: string }[]; total: number }>(huatuo, '/api/v1/byproducts/streams');
    expect(streams.items.map((s) => s.code)).toEqual(own.items.map((s) => s.code));
    expect(streams.items.length).toBeGreaterThan(0);
    for (const s of streams.items) {
      const f = await json<Figures>(huatuo, `/api/v1/byproducts/figures?scope=stream&id=${s.code}&period=${thisMonth()}`);
      expectFigures(s, f.figures);
    }
    const firm = await json<Figures>(huatuo, `/api/v1/byproducts/figures?scope=firm&id=${view.organisation.id}&period=${thisMonth()}`);
    expectFigures(streams.firm, firm.figures);
    // The demo gives manufacturers no formulas of their own: the reference products stand in.
    const products = section(view, 'products');
    expect(products.scope).toBe('reference');
    const list = await expectProductsAsList(huatuo, products);
    expect(products.total).toBe(list.filter((f) => f.ownerOrganisationId === null).length);
    await expectCasesAsInbox(huatuo, section(view, 'warningCases'));
    const report = section(view, 'ownReport');
    const reports = await json<{ items: { period: string; status: string }[] }>(huatuo, `/api/v1/reports?period=${lastYear()}`);
    expect(report.status).toBe(reports.items[0]?.status ?? 'missing');
    expect(report.status).toBe('accepted');
  });

  it('park administration: the park’s circularity as the figures API, firms that have not reported last month', async () => {
    const park = await t.login('park');
    const view = await home(park);
    expect(view.park?.code).toBe('BZ-TCM-PARK');
    const c = section(view, 'circularity');
    expect(c.scope).toBe('park');
    const f = await json<Figures>(park, `/api/v1/byproducts/figures?scope=park&id=BZ-TCM-PARK&period=${thisYear()}`);
    expect(c.streams).toBe(f.streams);
    expectFigures(c, f.figures);
    expect(c.valueCreatedYuan).toBeCloseTo(f.figures.valueCreatedYuan, 6);
    const gaps = section(view, 'unreportedFirms');
    expect(gaps.period).toBe(lastMonth());
    const streams = await json<{ items: { code: string; organisationCode: string }[]; total: number }>(park, '/api/v1/byproducts/streams?limit=1000');
    const firms = new Map<string, { streams: number; reported: number }>();
    for (const s of streams.items) {
      const records = await json<{ items: { period: string }[] }>(park, `/api/v1/byproducts/streams/${s.code}/records`);
      const entry = firms.get(s.organisationCode) ?? { streams: 0, reported: 0 };
      entry.streams++;
      if (records.items.some((r) => r.period === lastMonth())) entry.reported++;
      firms.set(s.organisationCode, entry);
    }
    expect(gaps.firmsWithStreams).toBe(firms.size);
    const missing = [...firms].filter(([, v]) => v.reported < v.streams).map(([code, v]) => ({ code, ...v }));
    expect(gaps.firms.map(({ code, streams: n, reported }) => ({ code, streams: n, reported }))).toEqual(missing.sort((a, b) => a.code.localeCompare(b.code)));
  });

  it('regulator: its region’s figures, cases, balance models and findings as their APIs, and that its region has no accounts', async () => {
    const eeb = await t.login('bz-eeb');
    const view = await home(eeb);
    expect(view.region.code).toBe('341600');
    const c = section(view, 'circularity');
    expect(c.scope).toBe('region');
    expectFigures(c, (await json<Figures>(eeb, `/api/v1/byproducts/figures?scope=region&id=341600&period=${thisYear()}`)).figures);
    await expectCasesAsInbox(eeb, section(view, 'warningCases'));
    const models = await json<{ items: { organisationId: string }[] }>(eeb, '/api/v1/balance/region-models?region=341600');
    expect(section(view, 'balanceModels').models).toBe(models.items.length);
    expect(section(view, 'balanceModels').models).toBeGreaterThan(0);
    const findings = await json<{ items: { status: string; severity: string }[] }>(eeb, '/api/v1/accounts/findings?region=341600&limit=500');
    const fs = section(view, 'findings');
    expect(fs.open.error + fs.open.warning + fs.open.info).toBe(findings.items.filter((x) => x.status === 'open').length);
    const accounts = section(view, 'regionAccounts');
    expect(accounts.latest).toBeNull();
    const regions = await json<{ items: { region: string }[] }>(eeb, '/api/v1/accounts/regions');
    expect(accounts.regionsWithAccounts.map((r) => r.code)).toEqual(regions.items.map((r) => r.region));
  });

  it('statistics office: its reporting board and findings as their APIs; a region with accounts shows its latest productivity', async () => {
    const stat = await t.login('bz-stat');
    const view = await home(stat);
    const board = section(view, 'reportingBoard');
    const api = await json<{ counts: Record<string, number>; firms: unknown[] }>(stat, `/api/v1/reports/board?period=${lastYear()}`);
    expect(board.period).toBe(lastYear());
    expect(board.counts).toEqual(api.counts);
    expect(board.firms).toBe(api.firms.length);
    expect(board.counts.accepted).toBeGreaterThan(0);
    section(view, 'findings');

    const zj = await json<HomeView>(await t.login('zj-drc'), '/api/v1/home');
    const accounts = section(zj, 'regionAccounts');
    expect(accounts.region.code).toBe('330000');
    const indicators = await json<{ indicators: { year: number; productivityDmc: number }[]; yearOnYear: { year: number; productivityChange: number }[] }>(await t.login('zj-drc'), '/api/v1/accounts/indicators?region=330000');
    const last = indicators.indicators[indicators.indicators.length - 1]!;
    expect(accounts.latest?.year).toBe(last.year);
    expect(accounts.latest?.productivityDmc).toBeCloseTo(last.productivityDmc, 6);
    expect(accounts.latest?.productivityChange).toBeCloseTo(indicators.yearOnYear.find((y) => y.year === last.year)!.productivityChange, 9);
  });

  it('utilizer and transporter: the by-product streams of their city as the streams API, and their own report', async () => {
    for (const username of ['lvyuan', 'junxiang', 'tongda']) {
      const client = await t.login(username);
      const view = await home(client);
      const offer = section(view, 'streamOffer');
      expect(offer.region.code).toBe('341600');
      const streams = await json<{ items: { organisationCode: string; state: string }[]; total: number }>(client, '/api/v1/byproducts/streams?region=341600&limit=1000');
      expect(offer.streams).toBe(streams.total);
      expect(offer.streams).toBeGreaterThan(0);
      expect(offer.firms).toBe(new Set(streams.items.map((s) => s.organisationCode)).size);
      for (const s of offer.byState) expect(s.streams, s.state).toBe(streams.items.filter((x) => x.state === s.state).length);
      const reports = await json<{ items: { status: string }[] }>(client, `/api/v1/reports?period=${lastYear()}`);
      expect(section(view, 'ownReport').status).toBe(reports.items[0]?.status ?? 'missing');
    }
  });

  it('platform admin: the platform’s counts, webhook failures and audit as their APIs', async () => {
    const admin = await t.login('admin');
    const view = await home(admin);
    const p = section(view, 'platform');
    const summary = await json<{ organisations: number; users: number; sites: number; parks: number }>(admin, '/api/v1/dashboard/summary');
    expect({ organisations: p.organisations, users: p.users, sites: p.sites, parks: p.parks }).toEqual({ organisations: summary.organisations, users: summary.users, sites: summary.sites, parks: summary.parks });
    const failed = await json<{ items: unknown[] }>(admin, '/api/v1/bulletins/deliveries?status=failed');
    expect(p.deliveries.failed).toBe(failed.items.length);
    // The week's entries through the audit API, page by page (the demo's exchange writes more than a page).
    let seen = 0;
    let beforeId: number | undefined;
    for (;;) {
      const page = await json<{ items: { id: number }[] }>(admin, `/api/v1/audit?from=${encodeURIComponent(p.audit.since)}&limit=500${beforeId === undefined ? '' : `&beforeId=${beforeId}`}`);
      seen += page.items.length;
      if (page.items.length < 500) break;
      beforeId = page.items[page.items.length - 1]!.id;
    }
    // The logins of this test write audit rows too: the API, asked after, sees at least as many.
    expect(seen).toBeGreaterThanOrEqual(p.audit.entries);
    expect(p.audit.entries).toBeGreaterThan(0);
    await expectCasesAsInbox(admin, section(view, 'warningCases'));
  });
});
