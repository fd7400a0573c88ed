import { describe, expect, it } from 'vitest';
import { type Contributions, difference, DISCLOSURE_RULE, type HierarchyNode, primaryReason, protectHierarchy, protectTable } from '.';

const cell = (entries: Record<string, number | number[]>): Contributions => new Map(Object.entries(entries).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));

describe('the cell rule', () => {
  it('publishes an empty cell, refuses one or two firms, and a cell two firms dominate', () => {
    expect(primaryReason(cell({}))).toBeNull();
    expect(primaryReason(cell({ a: 0, b: 0 }))).toBeNull();
    expect(primaryReason(cell({ a: 5 }))).toBe('threshold');
    expect(primaryReason(cell({ a: 5, b: 7 }))).toBe('threshold');
    expect(primaryReason(cell({ a: 5, b: 7, c: 6 }))).toBeNull();
    // 90 + 5 of 100 > 85 %.
    expect(primaryReason(cell({ a: 90, b: 5, c: 5 }))).toBe('dominance');
    // 42 + 42 of 100 = 84 % ≤ 85 %.
    expect(primaryReason(cell({ a: 42, b: 42, c: 16 }))).toBeNull();
    // Any measure may be dominated: the second measure (say disposal cost) is one firm's.
    expect(primaryReason(cell({ a: [10, 1000], b: [10, 1], c: [10, 1] }))).toBe('dominance');
    expect(DISCLOSURE_RULE).toEqual({ minContributors: 3, dominance: { top: 2, share: 0.85 } });
  });

  it('treats the float noise of a difference as zero', () => {
    // a's 0.1 + 0.2 − 0.3 is not a fourth firm: three firms with 4, 4 and 3, no dominance.
    const d = difference(cell({ a: 0.1 + 0.2, b: 4, c: 4, d: 3 }), [cell({ a: 0.3 })]);
    expect(d.get('a')![0]).not.toBe(0);
    expect(primaryReason(d)).toBeNull();
    expect(primaryReason(difference(cell({ a: 0.1 + 0.2, b: 4, c: 4 }), [cell({ a: 0.3 })]))).toBe('threshold');
  });
});

// A region (R) with a district (D) holding a park (P); the district also holds firms outside the park.
const nodes: HierarchyNode[] = [
  { id: 'R', parent: null },
  { id: 'D', parent: 'R' },
  { id: 'P', parent: 'D' },
];
const parkFirms = { p1: 30, p2: 25, p3: 20, p4: 18, p5: 15 };

describe('complementary suppression', () => {
  it('the attack: district − park leaves two firms, so one of the two cells is withheld', () => {
    const cells = new Map([
      ['R', cell({ ...parkFirms, x: 12, y: 9 })],
      ['D', cell({ ...parkFirms, x: 12, y: 9 })],
      ['P', cell(parkFirms)],
    ]);
    const d = protectHierarchy(nodes, cells);
    expect(d.get('P')).toBe('complementary');
    expect(d.get('D')).toBeNull();
    expect(d.get('R')).toBeNull();
    // No published difference isolates fewer than three firms.
    const published = [...d].filter(([, r]) => r === null).map(([id]) => id);
    for (const a of published) for (const b of published) if (a !== b) expect(primaryReason(difference(cells.get(a)!, [cells.get(b)!])), `${a} − ${b}`).not.toBe('threshold');
  });

  it('keeps every cell when every residual has three firms', () => {
    const cells = new Map([
      ['R', cell({ ...parkFirms, x: 12, y: 9, z: 11, w: 10 })],
      ['D', cell({ ...parkFirms, x: 12, y: 9, z: 11 })],
      ['P', cell(parkFirms)],
    ]);
    // R − D is one firm (w): D (the smaller of R's published cells) is withheld, then R − P has four.
    const d = protectHierarchy(nodes, cells);
    expect([...d]).toEqual([
      ['R', null],
      ['D', 'complementary'],
      ['P', null],
    ]);
  });

  it('withholds siblings together: a region with a suppressed district and one published one', () => {
    const sib: HierarchyNode[] = [
      { id: 'R', parent: null },
      { id: 'A', parent: 'R' },
      { id: 'B', parent: 'R' },
      { id: 'C', parent: 'R' },
    ];
    const cells = new Map([
      ['R', cell({ a1: 5, a2: 5, a3: 5, b1: 6, c1: 5, c2: 5, c3: 5, c4: 5 })],
      ['A', cell({ a1: 5, a2: 5, a3: 5 })],
      ['B', cell({ b1: 6 })],
      ['C', cell({ c1: 5, c2: 5, c3: 5, c4: 5 })],
    ]);
    const d = protectHierarchy(sib, cells);
    expect(d.get('B')).toBe('threshold');
    // R − A − C would be B: the smaller of A and C goes too.
    expect(d.get('A')).toBe('complementary');
    expect(d.get('C')).toBeNull();
    expect(d.get('R')).toBeNull();
  });

  it('publishes a breakdown whole or not at all, and only with its total', () => {
    const months = (m1: Record<string, number>, m2: Record<string, number>) => new Map([['m1', new Map([['P', cell(m1)], ['R', cell(m1)]])], ['m2', new Map([['P', cell(m2)], ['R', cell(m2)]])]]);
    const flat: HierarchyNode[] = [
      { id: 'R', parent: null },
      { id: 'P', parent: 'R' },
    ];
    const total = new Map([
      ['R', cell({ a: 10, b: 10, c: 10 })],
      ['P', cell({ a: 10, b: 10, c: 10 })],
    ]);
    // In m2 only one firm reported: a month of one firm would be disclosed by the series.
    const t = protectTable({ nodes: flat, total, breakdowns: new Map([['series', months({ a: 5, b: 5, c: 5 }, { a: 5, b: 5 })]]) });
    expect(t.total.get('R')).toBeNull();
    expect(t.breakdowns.get('series')!.get('R')).toBe('threshold');
    expect(t.breakdowns.get('series')!.get('P')).toBe('threshold');
    const forced = protectTable({ nodes: flat, total, forcedTotal: new Map([['P', 'complementary']]), breakdowns: new Map([['series', months({ a: 5, b: 5, c: 5 }, { a: 5, b: 5, c: 5 })]]) });
    expect(forced.total.get('P')).toBe('complementary');
    expect(forced.breakdowns.get('series')!.get('P')).toBe('complementary');
    expect(forced.breakdowns.get('series')!.get('R')).toBeNull();
  });
});
