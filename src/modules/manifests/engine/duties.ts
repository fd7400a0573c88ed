/**
 * The duties the law puts on a load, per waste class (and optionally per HW category), as data:
 * each row is one edition of one rule, in force from a day until a later edition of the same
 * class and category replaces it. Pure: the caller reads the rows and passes the day.
 */

export type WasteList = 'general' | 'hazardous';

/** Permits a transporter must hold for a load, checked before pickup. */
export const transporterPermits = ['road-dg-licence', 'dg-vehicle', 'dg-driver'] as const;
export type TransporterPermit = (typeof transporterPermits)[number];

export interface DutyEdition {
  id: string;
  wasteList: WasteList;
  /** `''` for the whole class, else one category of it (`HW02`). */
  category: string;
  edition: string;
  inForceFrom: string;
  /** Most waste categories one manifest may carry; null when the rule sets no limit. */
  maxCategories: number | null;
  retentionYears: number;
  permits: readonly TransporterPermit[];
  rule: string;
  unverified: boolean;
}

/** The edition in force on `day` (YYYY-MM-DD) for each class and category: the latest that started on or before it. */
export function editionsInForce(rows: readonly DutyEdition[], day: string): DutyEdition[] {
  const best = new Map<string, DutyEdition>();
  for (const r of rows) {
    if (r.inForceFrom > day) continue;
    const key = `${r.wasteList}\u0000${r.category}`;
    const held = best.get(key);
    if (!held || r.inForceFrom > held.inForceFrom) best.set(key, r);
  }
  return [...best.values()];
}

export interface LoadLine {
  wasteList: WasteList;
  category: string;
}

export interface LoadDuties {
  /** The strictest limit of the editions that apply; null when none sets one. */
  maxCategories: number | null;
  /** The longest retention of the editions that apply (0 when none applies). */
  retentionYears: number;
  permits: TransporterPermit[];
  /** The editions that apply, for the refusal's explanation. */
  editions: DutyEdition[];
}

/**
 * What a load of these lines owes on `day`: for every line the edition of its category if one is
 * in force, else its class's. Several classes or categories on one manifest add up: the lowest
 * category limit, the longest retention, every permit.
 */
export function dutiesOf(lines: readonly LoadLine[], rows: readonly DutyEdition[], day: string): LoadDuties {
  const inForce = editionsInForce(rows, day);
  const applied = new Map<string, DutyEdition>();
  for (const l of lines) {
    const e = inForce.find((r) => r.wasteList === l.wasteList && r.category === l.category) ?? inForce.find((r) => r.wasteList === l.wasteList && r.category === '');
    if (e) applied.set(e.id, e);
  }
  const editions = [...applied.values()];
  const limits = editions.map((e) => e.maxCategories).filter((n): n is number => n !== null);
  const permits = new Set(editions.flatMap((e) => e.permits));
  return {
    maxCategories: limits.length ? Math.min(...limits) : null,
    retentionYears: editions.reduce((y, e) => Math.max(y, e.retentionYears), 0),
    permits: transporterPermits.filter((p) => permits.has(p)),
    editions,
  };
}

/** The day (YYYY-MM-DD) until which a record kept from `since` must stay: `years` calendar years later. */
export function retainedUntil(since: Date, years: number): string {
  const d = new Date(since.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

/** The province (GB/T 2260 `xx0000`) of a region code. */
export function provinceOf(regionCode: string): string {
  return `${regionCode.slice(0, 2)}0000`;
}
