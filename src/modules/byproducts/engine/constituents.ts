/**
 * Named constituents that may appear in a stream's assays (mg/g dry matter). Each one says
 * which composition class it is evidence for: most are bioactive small molecules, but a few
 * (杜仲胶, pectin, starch) are polymers and must not inflate the small-molecule score.
 */
import type { CompositionClassId } from './taxonomy';
import { normaliseLabel } from './taxonomy';

export interface ConstituentEntry {
  id: string;
  zh: string;
  en: string;
  indicates: CompositionClassId;
  aliases?: readonly string[];
}

type ConstituentSeed = Omit<ConstituentEntry, 'indicates'> & { indicates?: CompositionClassId };

const CONSTITUENT_SEEDS: readonly ConstituentSeed[] = [
  { id: 'stachyose', zh: '水苏糖', en: 'stachyose', indicates: 'bioactive-small-molecule-rich', aliases: ['水苏木糖'] },
  { id: 'volatileOil', zh: '挥发油', en: 'volatile oil', indicates: 'bioactive-small-molecule-rich', aliases: ['精油', 'essentialOil', 'volatile-oil'] },
  { id: 'flavonoids', zh: '黄酮', en: 'flavonoids', indicates: 'bioactive-small-molecule-rich', aliases: ['总黄酮', '黄酮类'] },
  { id: 'linarin', zh: '蒙花苷', en: 'linarin' },
  { id: 'triptolide', zh: '雷公藤甲素', en: 'triptolide' },
  { id: 'tripterygiumAlkaloids', zh: '雷公藤总生物碱', en: 'Tripterygium alkaloids' },
  { id: 'lignans', zh: '木脂素', en: 'lignans', aliases: ['五味子木脂素', '五味子醇甲'] },
  { id: 'salvianolicAcids', zh: '丹酚酸', en: 'salvianolic acids', aliases: ['丹酚酸B'] },
  { id: 'tanshinones', zh: '丹参酮', en: 'tanshinones' },
  { id: 'ginsenosides', zh: '人参皂苷', en: 'ginsenosides' },
  { id: 'notoginsenosides', zh: '三七皂苷', en: 'notoginsenosides' },
  { id: 'berberine', zh: '小檗碱', en: 'berberine', aliases: ['黄连素'] },
  { id: 'baicalin', zh: '黄芩苷', en: 'baicalin' },
  { id: 'chlorogenicAcid', zh: '绿原酸', en: 'chlorogenic acid' },
  { id: 'glycyrrhizicAcid', zh: '甘草酸', en: 'glycyrrhizic acid' },
  { id: 'paeoniflorin', zh: '芍药苷', en: 'paeoniflorin' },
  { id: 'paeonol', zh: '丹皮酚', en: 'paeonol' },
  { id: 'artemisinin', zh: '青蒿素', en: 'artemisinin' },
  { id: 'puerarin', zh: '葛根素', en: 'puerarin' },
  { id: 'astragaloside', zh: '黄芪甲苷', en: 'astragaloside IV' },
  { id: 'anthraquinones', zh: '蒽醌', en: 'anthraquinones', aliases: ['总蒽醌'] },
  { id: 'magnolol', zh: '厚朴酚', en: 'magnolol' },
  { id: 'forsythin', zh: '连翘苷', en: 'forsythin' },
  { id: 'geniposide', zh: '栀子苷', en: 'geniposide' },
  { id: 'crocin', zh: '栀子黄色素', en: 'crocin (gardenia yellow)', aliases: ['藏红花素'] },
  { id: 'hesperidin', zh: '橙皮苷', en: 'hesperidin' },
  { id: 'synephrine', zh: '辛弗林', en: 'synephrine' },
  { id: 'amygdalin', zh: '苦杏仁苷', en: 'amygdalin' },
  { id: 'jujubosides', zh: '酸枣仁皂苷', en: 'jujubosides' },
  { id: 'ginkgoFlavonoids', zh: '银杏黄酮', en: 'ginkgo flavonol glycosides' },
  { id: 'saponins', zh: '总皂苷', en: 'total saponins', aliases: ['皂苷'] },
  { id: 'alkaloids', zh: '总生物碱', en: 'total alkaloids', aliases: ['生物碱'] },
  { id: 'polyphenols', zh: '多酚', en: 'polyphenols', aliases: ['总多酚'] },
  { id: 'eucommiaGum', zh: '杜仲胶', en: 'Eucommia gum (trans-polyisoprene)', indicates: 'lipid-rich' },
  { id: 'pectin', zh: '果胶', en: 'pectin', indicates: 'biomacromolecule-rich' },
  { id: 'starch', zh: '淀粉', en: 'starch', indicates: 'biomacromolecule-rich' },
  { id: 'inulin', zh: '菊糖', en: 'inulin', indicates: 'biomacromolecule-rich' },
  { id: 'dietaryFibre', zh: '膳食纤维', en: 'dietary fibre', indicates: 'cellulose-rich' },
];

export const CONSTITUENTS: readonly ConstituentEntry[] = CONSTITUENT_SEEDS.map((c) => ({
  ...c,
  indicates: c.indicates ?? 'bioactive-small-molecule-rich',
}));

const CONSTITUENT_INDEX: Map<string, ConstituentEntry> = (() => {
  const index = new Map<string, ConstituentEntry>();
  for (const c of CONSTITUENTS) {
    for (const label of [c.id, c.zh, c.en, ...(c.aliases ?? [])]) index.set(normaliseLabel(label), c);
  }
  return index;
})();

/** Known constituent for a user-typed name, or undefined (unknown names are kept verbatim). */
export function findConstituent(name: string): ConstituentEntry | undefined {
  return CONSTITUENT_INDEX.get(normaliseLabel(name));
}

/**
 * Unknown constituent names are treated as bioactive small molecules: assays of named
 * compounds in mg/g are, in TCM practice, assays of marker compounds.
 */
export function constituentClass(id: string): CompositionClassId {
  return findConstituent(id)?.indicates ?? 'bioactive-small-molecule-rich';
}
