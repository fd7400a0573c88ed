/**
 * The three chains of the super-circular system (seed 000 §3.2.2; domain.md §1) as layers of a
 * park's network, each with its figures. A flow is on the **resource chain** when what it
 * carries is used again (a by-product to a user, waste heat or steam to a heat user, water
 * reused), on the **value chain** when it carries a price (the value a by-product earns), and on
 * the **ecological chain** when it ends a material's life (landfill, incineration, discharge,
 * harmless treatment). Definitions in README.md "Chains".
 */

export const CHAINS = ['resource', 'value', 'ecological'] as const;
export type Chain = (typeof CHAINS)[number];

export interface ChainFlow {
  kind: 'material' | 'energy' | 'water';
  quantity: number;
  /** true when the receiving end is a node inside the park. */
  local: boolean;
  /** The disposal handling that ends the material's life; null when the flow is a use. */
  disposal: string | null;
  /** 元 per unit earned by the sender (negative: the sender pays); null without a price. */
  valuePerUnit: number | null;
  /** Recycling mode applied by the receiver, when known. */
  mode: string | null;
}

/** Handlings that render a material harmless rather than burying or burning it. */
export const HARMLESS_HANDLINGS: readonly string[] = ['harmless-treatment'];

export function flowChains(f: ChainFlow): Chain[] {
  const chains: Chain[] = [];
  if (f.disposal !== null) chains.push('ecological');
  else chains.push('resource');
  if (f.valuePerUnit !== null && f.kind === 'material') chains.push('value');
  return chains;
}

export interface ChainFigures {
  resource: {
    /** Material tonnes used again (any destination but disposal). */
    reusedT: number;
    /** Of those, tonnes used inside the park. */
    localReusedT: number;
    /** localReusedT ÷ reusedT; null at 0. */
    localShare: number | null;
    energyMWh: number;
    waterM3: number;
  };
  value: {
    /** Σ tonnes × value per tonne over priced material flows, 元. */
    value: number;
    pricedT: number;
    /** value ÷ pricedT; null at 0. */
    valuePerTonne: number | null;
    /** Per recycling mode (absent = `unspecified`), largest tonnes first. */
    byMode: { mode: string; tonnes: number; value: number }[];
  };
  ecological: {
    /** Material tonnes disposed of. */
    disposedT: number;
    /** Per handling, largest first, with shares of disposedT. */
    byHandling: { handling: string; tonnes: number; share: number }[];
    /** Tonnes rendered harmless ÷ disposedT; null at 0. */
    harmlessShare: number | null;
    /** reusedT ÷ (reusedT + disposedT): the material kept from disposal; null at 0. */
    diversionRate: number | null;
  };
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

export function chainFigures(flows: readonly ChainFlow[]): ChainFigures {
  let reusedT = 0;
  let localReusedT = 0;
  let energyMWh = 0;
  let waterM3 = 0;
  let value = 0;
  let pricedT = 0;
  let disposedT = 0;
  const byMode = new Map<string, { tonnes: number; value: number }>();
  const byHandling = new Map<string, number>();
  for (const f of flows) {
    if (!(f.quantity > 0)) continue;
    if (f.kind === 'energy') {
      if (f.disposal === null) energyMWh += f.quantity;
      continue;
    }
    if (f.kind === 'water') {
      if (f.disposal === null) waterM3 += f.quantity;
      continue;
    }
    if (f.disposal !== null) {
      disposedT += f.quantity;
      byHandling.set(f.disposal, (byHandling.get(f.disposal) ?? 0) + f.quantity);
    } else {
      reusedT += f.quantity;
      if (f.local) localReusedT += f.quantity;
    }
    if (f.valuePerUnit !== null) {
      const v = f.quantity * f.valuePerUnit;
      value += v;
      pricedT += f.quantity;
      const key = f.mode ?? 'unspecified';
      const m = byMode.get(key) ?? { tonnes: 0, value: 0 };
      m.tonnes += f.quantity;
      m.value += v;
      byMode.set(key, m);
    }
  }
  const harmless = HARMLESS_HANDLINGS.reduce((s, h) => s + (byHandling.get(h) ?? 0), 0);
  return {
    resource: { reusedT, localReusedT, localShare: ratio(localReusedT, reusedT), energyMWh, waterM3 },
    value: {
      value,
      pricedT,
      valuePerTonne: ratio(value, pricedT),
      byMode: [...byMode].map(([mode, m]) => ({ mode, ...m })).sort((a, b) => b.tonnes - a.tonnes || a.mode.localeCompare(b.mode)),
    },
    ecological: {
      disposedT,
      byHandling: [...byHandling].map(([handling, tonnes]) => ({ handling, tonnes, share: tonnes / disposedT })).sort((a, b) => b.tonnes - a.tonnes || a.handling.localeCompare(b.handling)),
      harmlessShare: ratio(harmless, disposedT),
      diversionRate: ratio(reusedT, reusedT + disposedT),
    },
  };
}
