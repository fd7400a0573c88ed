import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type TestApp, type TestClient } from '../../../test/helpers/app';
import { startByproductsApp } from './byproducts.api-fixture';

/**
 * Statistical disclosure control of the public park and region figures (issue 10). In the demo,
 * district 341602 is the park plus two processors outside it (白芍 and 丹参): the district's
 * figures minus the park's were the two of them, and 白芍 subtracting its own had 丹参's exact
 * tonnes, disposal cost and value created, which it is refused directly.
 */

interface Figures {
  generatedT: number;
  utilisedT: number;
  disposedT: number;
  valueCreatedYuan: number;
  disposalCostYuan: number;
}
interface FiguresAnswer {
  figures: Figures | null;
  series: Figures[];
  byStage: Record<string, number> | null;
  disclosure: { exact: boolean; suppressed: Record<string, string | null>; rule: { minContributors: number } };
}

const MEASURES = ['generatedT', 'utilisedT', 'disposedT', 'valueCreatedYuan', 'disposalCostYuan'] as const;
const PUBLIC_SCOPES = [
  ['region', '340000'],
  ['region', '341600'],
  ['region', '341602'],
  ['park', 'BZ-TCM-PARK'],
] as const;

describe.each(backends)('disclosure control of public figures on %s', (kind) => {
  let t: TestApp;
  let baishao: TestClient;
  let park: TestClient;
  let regulator: TestClient;
  let admin: TestClient;
  const year = String(new Date().getUTCFullYear() - 1);
  beforeAll(async () => {
    const s = await startByproductsApp(kind);
    ({ t, park, regulator, admin } = s);
    baishao = await t.login('baishao');
  });
  afterAll(async () => {
    await t.close();
  });

  const get = async (c: TestClient | null, scope: string, id: string, period: string) => {
    const res = await (c ?? t.anonymous()).get(`/api/v1/byproducts/figures?scope=${scope}&id=${id}&period=${period}`);
    expect(res.statusCode, `${scope} ${id} ${period}: ${res.body}`).toBe(200);
    return res.json<FiguresAnswer>();
  };

  /** Every difference of two published figures, less the attacker's own, compared with the victim's. */
  function recovered(published: (Figures | null)[], own: Figures, victim: Figures): boolean {
    const cells = published.filter((f): f is Figures => f !== null);
    return cells.some((a) => cells.some((b) => a !== b && MEASURES.every((m) => Math.abs(a[m] - b[m] - own[m] - victim[m]) <= 1e-6 * Math.max(1, victim[m]))));
  }

  it('the attack: 白芍 no longer recovers 丹参’s figures from the region and park figures, by year or by month', async () => {
    // 丹参's own figures are refused to 白芍; the platform admin reads them for the check.
    expect((await baishao.get(`/api/v1/byproducts/figures?scope=firm&id=BZ-MFR-DANSHEN&period=${year}`)).statusCode).toBe(403);
    const victim = (await get(admin, 'firm', 'BZ-MFR-DANSHEN', year)).figures!;
    const own = (await get(baishao, 'firm', 'BZ-MFR-BAISHAO', year)).figures!;
    expect(victim.generatedT).toBeGreaterThan(0);

    // What an exact view of the same cells gives: the attack works on exact figures.
    const exact = await Promise.all(PUBLIC_SCOPES.map(([s, id]) => get(admin, s, id, year)));
    expect(exact.every((f) => f.disclosure.exact && f.figures !== null)).toBe(true);
    expect(recovered(exact.map((f) => f.figures), own, victim)).toBe(true);

    for (const viewer of [baishao, null]) {
      const seen = await Promise.all(PUBLIC_SCOPES.map(([s, id]) => get(viewer, s, id, year)));
      expect(seen.every((f) => !f.disclosure.exact)).toBe(true);
      expect(recovered(seen.map((f) => f.figures), own, victim)).toBe(false);
      // Months of the series, and a month asked for alone.
      for (let m = 0; m < 12; m++) {
        const month = `${year}-${String(m + 1).padStart(2, '0')}`;
        const ownMonth = (await get(baishao, 'firm', 'BZ-MFR-BAISHAO', month)).figures!;
        const victimMonth = (await get(admin, 'firm', 'BZ-MFR-DANSHEN', month)).figures!;
        expect(recovered(seen.map((f) => f.series[m] ?? null), ownMonth, victimMonth), month).toBe(false);
        if (m === 5) {
          const alone = await Promise.all(PUBLIC_SCOPES.map(([s, id]) => get(viewer, s, id, month)));
          expect(recovered(alone.map((f) => f.figures), ownMonth, victimMonth), month).toBe(false);
        }
      }
      // Generation by stage: its cells are protected the same way.
      const ownStages = (await get(baishao, 'firm', 'BZ-MFR-BAISHAO', year)).byStage!;
      const victimStages = (await get(admin, 'firm', 'BZ-MFR-DANSHEN', year)).byStage!;
      const stages = seen.filter((f) => f.byStage !== null).map((f) => f.byStage!);
      const keys = Object.keys(victimStages);
      const stageLeak = stages.some((a) => stages.some((b) => a !== b && keys.every((k) => Math.abs((a[k] ?? 0) - (b[k] ?? 0) - (ownStages[k] ?? 0) - victimStages[k]!) <= 1e-6)));
      expect(stageLeak).toBe(false);
    }
  });

  it('withholds the park’s cell with a reason, publishes the district, and gives entitled viewers exact figures', async () => {
    const anon = await get(null, 'park', 'BZ-TCM-PARK', year);
    expect(anon.figures).toBeNull();
    expect(anon.series).toEqual([]);
    expect(anon.byStage).toBeNull();
    expect(anon.disclosure.suppressed.figures).toBe('complementary');
    expect(anon.disclosure.rule.minContributors).toBe(3);
    const district = await get(null, 'region', '341602', year);
    expect(district.figures!.generatedT).toBeGreaterThan(0);
    expect(district.disclosure.suppressed.figures).toBeNull();

    // The park administration reads every firm of its park, the city's regulator every firm of the city.
    for (const c of [park, regulator, admin]) {
      const f = await get(c, 'park', 'BZ-TCM-PARK', year);
      expect(f.disclosure.exact).toBe(true);
      expect(f.figures!.generatedT).toBeGreaterThan(0);
      expect(f.series).toHaveLength(12);
    }
    // The park administration is not entitled to the district's firms outside the park.
    expect((await get(park, 'region', '341602', year)).disclosure.exact).toBe(false);
    expect((await get(regulator, 'region', '341602', year)).disclosure.exact).toBe(true);
  });
});
