import { describe, expect, it } from 'vitest';
import {
  CAPITAL_RECOVERY_FACTOR,
  classifyStream,
  defaultPathways,
  evaluatePathway,
  type ByproductStream,
  parseStream,
  type Pathway,
} from '../../byproducts/engine';
import { chainGaps, type GapStream } from './gaps';

function stream(input: Record<string, unknown>): ByproductStream {
  const r = parseStream({ stage: 'extraction', residue: 'water-extract-residue', state: 'solid', moisture: 60, assays: { crudeFibre: 45 }, currentHandling: 'landfill', currentHandlingCostPerTonne: 150, ...input });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

function gap(id: string, park: string, lat: number, tonnesPerYear: number, outletTonnes: number, extra: Record<string, unknown> = {}): GapStream {
  const s = stream({ tonnesPerYear, ...extra });
  return { id, firm: `firm-${id}`, park, location: { lat, lon: 115.78 }, stream: s, classes: classifyStream(s).classes, outletTonnes };
}

/** The shipped mushroom-substrate pathway with an economic minimum of 3 000 t/yr for the test. */
const shippedSubstrate = defaultPathways().find((p) => p.id === 'residue-mushroom-substrate')!;
const substrate: Pathway = { ...shippedSubstrate, conditions: { ...shippedSubstrate.conditions, minTonnesPerYear: 3000 } };

// S1 2 000 t with no outlet; S2 1 500 t of which 500 t placed, 10 km north (0.09° of latitude);
// S3 800 t 100 km north in another park; S4 fully placed; S5 a liquid no pathway here takes.
const streams = [
  gap('S1', 'P', 33.84, 2000, 0),
  gap('S2', 'P', 33.93, 1500, 500),
  gap('S3', 'Q', 34.74, 800, 0),
  gap('S4', 'P', 33.85, 500, 500),
  gap('S5', 'P', 33.84, 300, 0, { state: 'liquid', assays: {} }),
];

describe('chain gaps and the attraction list, worked by hand', () => {
  it('groups S1 and S2 into one 3 000 t mushroom farm; S3 alone is below the minimum', () => {
    expect(streams[0]!.classes.map((c) => c.class)).toContain('cellulose-rich');
    const { gaps, attractions } = chainGaps(streams, [substrate]);
    expect(gaps.map((g) => [g.stream, g.gapTonnes, g.status, g.pathways])).toEqual([
      ['S1', 2000, 'no-outlet', ['residue-mushroom-substrate']],
      ['S2', 1000, 'insufficient', ['residue-mushroom-substrate']],
      ['S3', 800, 'no-outlet', ['residue-mushroom-substrate']],
      ['S5', 300, 'no-outlet', []],
    ]);
    expect(attractions).toHaveLength(2);
    const [farm, small] = attractions;
    // 3 000 t wet at 60 % moisture = 1 200 t dry; product 0.95 × 1 200 = 1 140 t × 550 元 (mid of
    // 400–700) = 627 000 元. Opex 3 000 × 150 (mid of 100–200) = 450 000; capex at the group's
    // scale: 3 000 t is the pathway's minimum, so the top of 150–300 元 per t/yr: 3 000 × 300 × CRF.
    // Landfill avoided 3 000 × 150 = 450 000 元 (the pathway leaves no residue). CO2e 0.8 × 1 200.
    const capex = 3000 * 300 * CAPITAL_RECOVERY_FACTOR;
    expect(farm).toMatchObject({
      rank: 1,
      pathway: 'residue-mushroom-substrate',
      utiliser: 'mushroom-farm',
      capacityTonnesPerYear: 3000,
      minTonnesPerYear: 3000,
      viable: true,
      park: 'P',
      centre: { lat: 33.84, lon: 115.78 },
      streams: [
        { stream: 'S1', firm: 'firm-S1', tonnes: 2000 },
        { stream: 'S2', firm: 'firm-S2', tonnes: 1000 },
      ],
      disposalAvoidedTonnes: 3000,
      disposalCostAvoidedPerYear: 450000,
    });
    expect(farm!.productTonnesPerYear).toBeCloseTo(1140, 9);
    expect(farm!.productValuePerYear).toBeCloseTo(627000, 6);
    expect(farm!.processingCostPerYear).toBeCloseTo(450000 + capex, 6);
    expect(farm!.netValuePerYear).toBeCloseTo(627000 - 450000 - capex + 450000, 6);
    expect(farm!.co2eAvoidedPerYear).toBeCloseTo(960, 9);
    // The same streams merged into one of 3 000 t give the advisor's own evaluation.
    expect(farm!.netValuePerYear).toBeCloseTo(evaluatePathway({ ...streams[0]!.stream, tonnesPerYear: 3000 }, substrate).netValuePerYear, 6);
    // S3: 800 t, 100 km away: a group of its own, below the 3 000 t minimum, ranked after.
    expect(small).toMatchObject({ rank: 2, capacityTonnesPerYear: 800, viable: false, park: 'Q', streams: [{ stream: 'S3', firm: 'firm-S3', tonnes: 800 }] });
    expect(small!.netValuePerYear).toBeCloseTo(0.38 * 800 * 550 - 800 * 150 - 800 * 300 * CAPITAL_RECOVERY_FACTOR + 800 * 150, 6);
  });

  it('a wider radius takes S3 into the same firm; without locations only the park groups', () => {
    const wide = chainGaps(streams, [substrate], { radiusKm: 120 });
    expect(wide.attractions.map((a) => [a.capacityTonnesPerYear, a.streams.map((s) => s.stream)])).toEqual([[3800, ['S1', 'S2', 'S3']]]);
    const unplaced = chainGaps(streams.map((s) => ({ ...s, location: null })), [substrate], { radiusKm: 1000 });
    expect(unplaced.attractions.map((a) => [a.park, a.capacityTonnesPerYear])).toEqual([
      ['P', 3000],
      ['Q', 800],
    ]);
  });

  it('takes the shipped knowledge base as it is and ranks viable firms by value', () => {
    const { gaps, attractions } = chainGaps(streams, defaultPathways(), { minGapTonnes: 500 });
    expect(gaps.map((g) => g.stream)).toEqual(['S1', 'S2', 'S3']);
    expect(attractions.length).toBeGreaterThan(1);
    expect(attractions.map((a) => a.rank)).toEqual(attractions.map((_, k) => k + 1));
    const viable = attractions.filter((a) => a.viable);
    for (let k = 1; k < viable.length; k++) expect(viable[k - 1]!.netValuePerYear).toBeGreaterThanOrEqual(viable[k]!.netValuePerYear);
    expect(attractions.findIndex((a) => !a.viable) === -1 || attractions.slice(attractions.findIndex((a) => !a.viable)).every((a) => !a.viable)).toBe(true);
    // Every stream appears at most once per pathway, with all of its gap.
    for (const pathway of new Set(attractions.map((a) => a.pathway))) {
      const ids = attractions.filter((a) => a.pathway === pathway).flatMap((a) => a.streams.map((s) => s.stream));
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
