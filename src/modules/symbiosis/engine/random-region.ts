/**
 * Seeded random regions for the benchmark and the tests: `parks` parks of `firmsPerPark` firms,
 * `flows` flows of which a share runs between parks, some from and to the outside. Tonnes are
 * log-uniform between 1 and 1 000 t/yr (a few large streams, many small ones, as in the
 * demo's residue streams); handling costs 0–400 元/t; each firm has a stop threshold of 30–70 %.
 */
import { seededRandom } from '../../byproducts/engine';
import type { CascadeNetwork } from './cascade-input';
import type { Region } from './region';

export interface RandomRegionOptions {
  parks: number;
  firmsPerPark: number;
  flows: number;
  /** Share of all flows that run between two parks (default 0.05). */
  betweenParks?: number;
  /** Share of all flows from or to the outside of the region (default 0.1). */
  outside?: number;
}

const FIRM_TYPES = ['manufacturer', 'utilizer', 'utilizer', 'service-provider', 'sewage-works'] as const;
const KINDS = ['utilisation', 'utilisation', 'utilisation', 'landfill', 'incineration'] as const;

export interface RandomRegion {
  region: Region;
  cascade: CascadeNetwork;
}

export function randomRegion(seed: number, options: RandomRegionOptions): RandomRegion {
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const betweenParks = options.betweenParks ?? 0.05;
  const outside = options.outside ?? 0.1;
  const firm = (park: number, k: number) => `p${park}-f${k}`;
  const nodes = [];
  const firms = [];
  for (let p = 0; p < options.parks; p++) {
    for (let k = 0; k < options.firmsPerPark; k++) {
      nodes.push({ id: firm(p, k), type: FIRM_TYPES[int(FIRM_TYPES.length)]!, park: `park-${p}` });
      firms.push({ id: firm(p, k), threshold: 0.3 + 0.4 * random() });
    }
  }
  const regionFlows = [];
  const cascadeFlows = [];
  for (let r = 0; r < options.flows; r++) {
    const tonnes = Math.round(10 ** (3 * random()) * 100) / 100;
    const handlingCostPerTonne = int(401);
    const kind = KINDS[int(KINDS.length)]!;
    const p = int(options.parks);
    let from: string | null = firm(p, int(options.firmsPerPark));
    let to: string | null;
    const roll = random();
    if (roll < outside) {
      to = firm(p, int(options.firmsPerPark));
      if (roll < outside / 2) from = null;
      else to = null;
    } else if (roll < outside + betweenParks && options.parks > 1) {
      to = firm((p + 1 + int(options.parks - 1)) % options.parks, int(options.firmsPerPark));
    } else {
      to = firm(p, int(options.firmsPerPark));
    }
    regionFlows.push({ from, to, tonnes, kind });
    cascadeFlows.push({ from, to, tonnes, handlingCostPerTonne });
  }
  return { region: { nodes, flows: regionFlows }, cascade: { firms, flows: cascadeFlows } };
}
