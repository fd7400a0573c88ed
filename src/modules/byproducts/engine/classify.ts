/**
 * Composition classes of seed 000 §1.3.2 for a stream. For each class the assay decides when
 * the stream has the assay that measures it; otherwise the herb/part/residue knowledge does.
 * A measured value below threshold therefore removes a class the knowledge would have given —
 * a lab result about this batch beats a generalisation about the herb.
 */
import { constituentClass, findConstituent } from './constituents';
import { findHerb } from './herbs';
import type { ByproductStream } from './stream';
import type { Bilingual, CompositionClassId } from './taxonomy';
import { COMPOSITION_CLASS_IDS } from './taxonomy';

/**
 * The source of herbloop's own class thresholds (CLASS_THRESHOLDS): a stable code the web
 * names in the reader's language, like the seed references (`seed 000 §1.3.2`).
 */
export const HERBLOOP_THRESHOLD = 'herbloop:class-thresholds';

export type ClassBasis = 'assay' | 'herb-knowledge' | 'part-residue-knowledge' | 'override';

export interface ClassScore {
  class: CompositionClassId;
  /** 0..1: 0.5 at the threshold, 1 at the "strong" level (assays) or the knowledge confidence. */
  score: number;
  rule: Bilingual;
  basis: ClassBasis;
  source: string;
}

export interface Classification {
  classes: ClassScore[];
  override: boolean;
  /** What the engine derived; kept next to a user override so the UI can show both. */
  derived: ClassScore[];
}

/**
 * Assay thresholds (documented in README.md). Proximate values are % of dry matter,
 * constituents mg/g dry matter (10 mg/g = 1 %).
 */
export const CLASS_THRESHOLDS = {
  /** NRC: a feed with > 18 % crude fibre (DM) is a roughage; 40 % ≈ straw / spent root residue. */
  crudeFibre: { threshold: 18, strong: 40 },
  /** Herb residues usually hold 1–4 % fat; ≥ 8 % means an oil-bearing seed/fruit residue; 30 % ≈ oilseed cake. */
  crudeFat: { threshold: 8, strong: 30 },
  /** NRC: > 20 % crude protein (DM) makes a protein supplement; 40 % ≈ soybean meal. */
  crudeProtein: { threshold: 20, strong: 40 },
  /** ≥ 10 % polysaccharide (DM) is a recoverable polysaccharide source; 30 % ≈ Astragalus/Poria grade. */
  polysaccharides: { threshold: 10, strong: 30 },
  /** ≥ 10 mg/g (1 %) of named bioactive constituents is above typical pharmacopoeia marker limits; 100 mg/g is extraction grade. */
  smallMolecules: { threshold: 10, strong: 100 },
} as const;

/** Knowledge scores below this are not reported as a class. */
export const MIN_CLASS_SCORE = 0.3;

function rampScore(value: number, band: { threshold: number; strong: number }): number {
  if (value < band.threshold) return 0;
  return Math.min(1, 0.5 + (0.5 * (value - band.threshold)) / (band.strong - band.threshold));
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Constituent mg/g summed per class they indicate. */
function constituentTotals(stream: ByproductStream): Record<CompositionClassId, number> {
  const totals: Record<CompositionClassId, number> = {
    'cellulose-rich': 0,
    'lipid-rich': 0,
    'biomacromolecule-rich': 0,
    'bioactive-small-molecule-rich': 0,
  };
  for (const [name, mgPerG] of Object.entries(stream.assays.constituents)) totals[constituentClass(name)] += mgPerG;
  return totals;
}

/** Class from assays, or undefined when the stream has no assay measuring that class. */
function classFromAssays(stream: ByproductStream, cls: CompositionClassId): ClassScore | null | undefined {
  const a = stream.assays;
  const extra = constituentTotals(stream);
  const hasConstituentsOf = (c: CompositionClassId): boolean =>
    Object.keys(a.constituents).some((name) => constituentClass(name) === c);
  const fmt = (x: number): string => (Math.round(x * 10) / 10).toString();
  switch (cls) {
    case 'cellulose-rich': {
      if (a.crudeFibre === undefined && !hasConstituentsOf(cls)) return undefined;
      const fibre = (a.crudeFibre ?? 0) + extra[cls] / 10;
      const t = CLASS_THRESHOLDS.crudeFibre;
      const score = rampScore(fibre, t);
      return score === 0
        ? null
        : {
            class: cls, score: round2(score), basis: 'assay', source: 'NRC Nutrient Requirements (roughage > 18 % CF)',
            rule: { zh: `粗纤维 ${fmt(fibre)}% ≥ ${t.threshold}%（干基）`, en: `crude fibre ${fmt(fibre)} % ≥ ${t.threshold} % of dry matter` },
          };
    }
    case 'lipid-rich': {
      if (a.crudeFat === undefined && !hasConstituentsOf(cls)) return undefined;
      const fat = (a.crudeFat ?? 0) + extra[cls] / 10;
      const t = CLASS_THRESHOLDS.crudeFat;
      const score = rampScore(fat, t);
      return score === 0
        ? null
        : {
            class: cls, score: round2(score), basis: 'assay', source: HERBLOOP_THRESHOLD,
            rule: { zh: `粗脂肪（含烃类）${fmt(fat)}% ≥ ${t.threshold}%（干基）`, en: `crude fat incl. hydrocarbons ${fmt(fat)} % ≥ ${t.threshold} % of dry matter` },
          };
    }
    case 'biomacromolecule-rich': {
      if (a.crudeProtein === undefined && a.polysaccharides === undefined && !hasConstituentsOf(cls)) return undefined;
      const protein = a.crudeProtein ?? 0;
      const poly = (a.polysaccharides ?? 0) + extra[cls] / 10;
      const sProtein = rampScore(protein, CLASS_THRESHOLDS.crudeProtein);
      const sPoly = rampScore(poly, CLASS_THRESHOLDS.polysaccharides);
      if (sProtein === 0 && sPoly === 0) return null;
      const byProtein = sProtein >= sPoly;
      return {
        class: cls, score: round2(Math.max(sProtein, sPoly)), basis: 'assay',
        source: byProtein ? 'NRC Nutrient Requirements (protein supplement > 20 % CP)' : HERBLOOP_THRESHOLD,
        rule: byProtein
          ? { zh: `粗蛋白 ${fmt(protein)}% ≥ ${CLASS_THRESHOLDS.crudeProtein.threshold}%（干基）`, en: `crude protein ${fmt(protein)} % ≥ ${CLASS_THRESHOLDS.crudeProtein.threshold} % of dry matter` }
          : { zh: `多糖 ${fmt(poly)}% ≥ ${CLASS_THRESHOLDS.polysaccharides.threshold}%（干基）`, en: `polysaccharides ${fmt(poly)} % ≥ ${CLASS_THRESHOLDS.polysaccharides.threshold} % of dry matter` },
      };
    }
    case 'bioactive-small-molecule-rich': {
      if (!hasConstituentsOf(cls)) return undefined;
      const total = extra[cls];
      const t = CLASS_THRESHOLDS.smallMolecules;
      const score = rampScore(total, t);
      const named = Object.keys(a.constituents)
        .filter((n) => constituentClass(n) === cls)
        .map((n) => findConstituent(n) ?? { zh: n, en: n });
      return score === 0
        ? null
        : {
            class: cls, score: round2(score), basis: 'assay', source: HERBLOOP_THRESHOLD,
            rule: {
              zh: `活性成分（${named.map((c) => c.zh).join('、')}）合计 ${fmt(total)} mg/g ≥ ${t.threshold} mg/g`,
              en: `bioactive constituents (${named.map((c) => c.en).join(', ')}) total ${fmt(total)} mg/g ≥ ${t.threshold} mg/g`,
            },
          };
    }
  }
}

const SEED_1_3_2 = 'seed 000 §1.3.2';


/** Generic part/residue knowledge of seed 000 §1.2–1.3 (applies to any herb). */
function genericKnowledge(stream: ByproductStream): ClassScore[] {
  const out: ClassScore[] = [];
  const add = (cls: CompositionClassId, score: number, zh: string, en: string, source: string): void => {
    out.push({ class: cls, score, rule: { zh, en }, basis: 'part-residue-knowledge', source });
  };
  const { part, residue } = stream;
  if (part === 'stem' || part === 'leaf' || part === 'peel-bark' || part === 'whole-plant') {
    add('cellulose-rich', 0.6, '植株、茎、叶、枝、栓皮等非药用部位富含纤维素', 'plants, stems, leaves, branches and bark are fibre-rich', `${SEED_1_3_2}(1)`);
  }
  if (
    (residue === 'water-extract-residue' || residue === 'distillation-residue' || residue === 'filter-cake') &&
    (part === null || part === 'root' || part === 'rhizome' || part === 'whole-plant' || part === 'stem')
  ) {
    add('cellulose-rich', 0.55, '根、根茎、全草、茎木类药材的提取残渣富含纤维类物质', 'extraction residues of roots, rhizomes, whole herbs and stems are fibre-rich', `${SEED_1_3_2}(1)`);
  }
  if (part === 'seed' && residue !== 'off-gas') {
    add('lipid-rich', 0.4, '种子类副产品一般含油脂', 'seed by-products generally carry oil', `${SEED_1_3_2}(2)`);
  }
  if (part === 'pulp') add('biomacromolecule-rich', 0.5, '果肉富含糖类与果胶', 'fruit pulp is rich in sugars and pectin', `${SEED_1_3_2}(3)`);
  if (residue === 'dust-offcuts' && (part === 'root' || part === 'rhizome' || part === 'seed')) {
    add('biomacromolecule-rich', 0.45, '根茎、种子类粉屑富含淀粉、蛋白质', 'root, rhizome and seed powders carry starch and protein', `${SEED_1_3_2}(3)`);
  } else if (residue === 'dust-offcuts') {
    add('cellulose-rich', 0.5, '碎屑、下脚料以植物组织纤维为主', 'dust and offcuts are mostly plant-tissue fibre', `${SEED_1_3_2}(1)`);
  }
  if (residue === 'alcohol-precipitate') {
    add('biomacromolecule-rich', 0.55, '醇沉物以多糖、蛋白质等大分子为主', 'alcohol precipitates are mostly polysaccharides and proteins', 'ChP 2020 general notices on alcohol precipitation');
  }
  if (residue === 'resin-elution-wastewater' || residue === 'membrane-concentrate') {
    add('bioactive-small-molecule-rich', 0.5, '提取精制废液中仍含未提尽的有效成分', 'extraction/refining waste liquids still carry unrecovered active constituents', 'seed 000 §1.2(3)');
  }
  if (residue === 'membrane-concentrate') {
    add('biomacromolecule-rich', 0.45, '膜浓缩液截留多糖、蛋白等大分子', 'membrane concentrates retain polysaccharides and proteins', 'seed 000 §1.3.1(2)');
  }
  if (residue === 'off-gas') {
    add('bioactive-small-molecule-rich', 0.6, '芳香类药材加工挥发单萜、倍半萜等小分子', 'processing aromatic herbs releases mono- and sesquiterpenes', 'seed 000 §1.3.1(3)');
  }
  return out;
}

/** Herb-specific knowledge rules that match the stream's part or residue. */
function herbKnowledge(stream: ByproductStream): ClassScore[] {
  const herb = stream.herb === null ? undefined : findHerb(stream.herb);
  if (!herb) return [];
  return herb.classRules
    .filter((r) => {
      if (r.parts === undefined && r.residues === undefined) return true;
      return (
        (r.parts !== undefined && stream.part !== null && r.parts.includes(stream.part)) ||
        (r.residues !== undefined && stream.residue !== null && r.residues.includes(stream.residue))
      );
    })
    .map((r) => ({ class: r.class, score: r.score, rule: r.rule, basis: 'herb-knowledge' as const, source: r.source }));
}

/** Classes derived by the engine (ignores any user override). */
export function deriveClasses(stream: ByproductStream): ClassScore[] {
  const knowledge = [...herbKnowledge(stream), ...genericKnowledge(stream)];
  const out: ClassScore[] = [];
  for (const cls of COMPOSITION_CLASS_IDS) {
    const fromAssay = classFromAssays(stream, cls);
    if (fromAssay !== undefined) {
      if (fromAssay !== null) out.push(fromAssay);
      continue;
    }
    // Herb rules come first in `knowledge`, so on equal scores the more specific rule is shown.
    let best: ClassScore | undefined;
    for (const k of knowledge) if (k.class === cls && (best === undefined || k.score > best.score)) best = k;
    if (best !== undefined && best.score >= MIN_CLASS_SCORE) out.push(best);
  }
  return out.sort((a, b) => b.score - a.score);
}

/** Composition classes of a stream; a user override replaces the derived classes and is flagged. */
export function classifyStream(stream: ByproductStream): Classification {
  const derived = deriveClasses(stream);
  if (stream.classOverride !== null && stream.classOverride.length > 0) {
    return {
      override: true,
      derived,
      classes: stream.classOverride.map((cls) => ({
        class: cls,
        score: 1,
        basis: 'override',
        source: 'user',
        rule: { zh: '用户指定（覆盖自动分类）', en: 'set by the user (overrides the derived classes)' },
      })),
    };
  }
  return { override: false, derived, classes: derived };
}
