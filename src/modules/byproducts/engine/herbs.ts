/**
 * Herb knowledge table: for common TCM herbs, the medicinal part and what their by-products
 * are rich in. Used by classifyStream when a stream has no assay for a class. Entries quoted
 * from seed 000 cite it; the others cite the Chinese Pharmacopoeia 2020 (ChP) monographs for
 * the medicinal part and the named review for the residue composition.
 */
import type { Bilingual, CompositionClassId, PartId, ResidueKindId, SourceStageId } from './taxonomy';
import { normaliseLabel } from './taxonomy';

export interface HerbClassRule {
  class: CompositionClassId;
  score: number;
  /** The rule applies to streams of these parts or residue kinds; both absent = any stream of the herb. */
  parts?: readonly PartId[];
  residues?: readonly ResidueKindId[];
  rule: Bilingual;
  source: string;
}

export interface HerbKnowledge {
  id: string;
  zh: string;
  latin: string;
  aliases?: readonly string[];
  medicinalPart: PartId;
  /** Aromatic herbs release monoterpenes/sesquiterpenes as off-gas (seed 000 §1.3.1(3)). */
  aromatic: boolean;
  keyConstituents: readonly string[];
  classRules: readonly HerbClassRule[];
  /** Where the herb's by-products typically arise (for the demo generator and the UI hints). */
  typicalStreams: readonly { part?: PartId; residue?: ResidueKindId; stage: SourceStageId }[];
}

const SEED = 'seed 000 §1.3.2';
const CHP = 'ChP 2020 vol. I monograph';
const RESIDUE_REVIEW = 'Duan J.A. et al., 中药资源循环利用 (resource recycling of TCM residues), Chin. Tradit. Herb. Drugs 2013';

const ROOT_RESIDUES: readonly ResidueKindId[] = ['water-extract-residue', 'distillation-residue', 'filter-cake'];
const AERIAL: readonly PartId[] = ['stem', 'leaf', 'whole-plant'];

/** Typed rows for the tables below, so each group's columns are checked without casts. */
function rows<Row extends readonly unknown[]>(table: readonly Row[]): readonly Row[] {
  return table;
}

const NON_MEDICINAL_CANDIDATES: readonly PartId[] = ['stem', 'leaf', 'flower', 'fruit', 'root'];

function rule(
  cls: CompositionClassId,
  score: number,
  zh: string,
  en: string,
  source: string,
  where: { parts?: readonly PartId[]; residues?: readonly ResidueKindId[] } = {},
): HerbClassRule {
  return { class: cls, score, rule: { zh, en }, source, ...where };
}

export const HERBS: readonly HerbKnowledge[] = [
  {
    id: 'danshen', zh: '丹参', latin: 'Salvia miltiorrhiza', medicinalPart: 'root', aromatic: false,
    keyConstituents: ['stachyose', 'salvianolicAcids', 'tanshinones'],
    classRules: [
      rule('bioactive-small-molecule-rich', 0.9, '丹参水提醇沉物富含水苏糖（生物活性小分子）', 'Danshen water-extract alcohol precipitate is rich in stachyose (bioactive small molecule)', `${SEED}(4)`, { residues: ['alcohol-precipitate'] }),
      rule('cellulose-rich', 0.7, '丹参根提取药渣富含纤维素', 'Danshen root extraction residue is fibre-rich', `${SEED}(1)`, { residues: ['water-extract-residue', 'filter-cake'] }),
      rule('bioactive-small-molecule-rich', 0.5, '丹参茎叶含丹酚酸类', 'Danshen stems and leaves contain salvianolic acids', RESIDUE_REVIEW, { parts: ['stem', 'leaf'] }),
    ],
    typicalStreams: [{ residue: 'alcohol-precipitate', stage: 'extraction' }, { residue: 'water-extract-residue', stage: 'extraction' }, { part: 'stem', stage: 'cultivation-harvest' }],
  },
  {
    id: 'qingpi', zh: '青皮', latin: 'Citrus reticulata (immature pericarp)', medicinalPart: 'peel-bark', aromatic: true,
    keyConstituents: ['volatileOil', 'hesperidin', 'synephrine'],
    classRules: [
      rule('bioactive-small-molecule-rich', 0.85, '青皮制药废水含挥发油', 'Qingpi pharmaceutical waste water carries volatile oil', 'seed 000 §3.1', { residues: ['resin-elution-wastewater', 'membrane-concentrate'] }),
      rule('biomacromolecule-rich', 0.5, '青皮药渣含果胶', 'Qingpi residue contains pectin', RESIDUE_REVIEW, { residues: ['water-extract-residue', 'distillation-residue'] }),
    ],
    typicalStreams: [{ residue: 'resin-elution-wastewater', stage: 'extraction' }, { residue: 'water-extract-residue', stage: 'formula-granules' }],
  },
  {
    id: 'chenpi', zh: '陈皮', latin: 'Citrus reticulata (pericarp)', medicinalPart: 'peel-bark', aromatic: true,
    keyConstituents: ['volatileOil', 'hesperidin', 'pectin'],
    classRules: [
      rule('bioactive-small-molecule-rich', 0.7, '陈皮废水与残渣含挥发油、橙皮苷', 'Chenpi waste water and residue contain volatile oil and hesperidin', RESIDUE_REVIEW, { residues: ['resin-elution-wastewater', 'membrane-concentrate', 'distillation-residue'] }),
      rule('biomacromolecule-rich', 0.6, '陈皮药渣富含果胶', 'Chenpi residue is rich in pectin', RESIDUE_REVIEW, { residues: ['water-extract-residue', 'distillation-residue'] }),
    ],
    typicalStreams: [{ residue: 'water-extract-residue', stage: 'formula-granules' }],
  },
  {
    id: 'gancao', zh: '甘草', latin: 'Glycyrrhiza uralensis', medicinalPart: 'root', aromatic: false,
    keyConstituents: ['flavonoids', 'glycyrrhizicAcid'],
    classRules: [
      rule('cellulose-rich', 0.75, '甘草根提取药渣富含纤维素', 'Licorice root extraction residue is fibre-rich', `${SEED}(1)`, { residues: ROOT_RESIDUES }),
      rule('bioactive-small-molecule-rich', 0.6, '甘草药渣残留黄酮类，可酶解发酵再提取', 'Licorice residue retains flavonoids recoverable by enzyme-fermentation', 'seed 000 §3.2.1(2)', { residues: ['water-extract-residue'] }),
      rule('cellulose-rich', 0.7, '甘草茎叶富含纤维素', 'Licorice stems and leaves are fibre-rich', `${SEED}(1)`, { parts: AERIAL }),
    ],
    typicalStreams: [{ residue: 'water-extract-residue', stage: 'extraction' }, { part: 'stem', stage: 'cultivation-harvest' }],
  },
  {
    id: 'wuweizi', zh: '五味子', latin: 'Schisandra chinensis', medicinalPart: 'fruit', aromatic: false,
    keyConstituents: ['lignans', 'volatileOil'],
    classRules: [
      rule('biomacromolecule-rich', 0.7, '五味子果肉富含糖类、多糖与有机酸', 'Schisandra pulp is rich in sugars, polysaccharides and organic acids', 'seed 000 §3.2.1(2)', { parts: ['pulp'] }),
      rule('lipid-rich', 0.8, '五味子水提药渣富含油脂', 'Schisandra water-extract residue is rich in oil', `${SEED}(2)`, { residues: ['water-extract-residue'], parts: ['seed', 'fruit'] }),
    ],
    typicalStreams: [{ part: 'pulp', stage: 'primary-processing' }, { residue: 'water-extract-residue', stage: 'formula-granules' }],
  },
  {
    id: 'suanzaoren', zh: '酸枣仁', latin: 'Ziziphus jujuba var. spinosa (seed)', medicinalPart: 'seed', aromatic: false,
    keyConstituents: ['jujubosides'],
    classRules: [
      rule('biomacromolecule-rich', 0.75, '酸枣仁药渣含大量蛋白质', 'Suanzaoren residue contains much protein', 'seed 000 §3.2.1(1)', { residues: ['water-extract-residue', 'filter-cake'] }),
      rule('lipid-rich', 0.7, '酸枣仁药渣含脂肪类物质', 'Suanzaoren residue contains fats', 'seed 000 §3.2.1(1)', { residues: ['water-extract-residue', 'filter-cake'] }),
    ],
    typicalStreams: [{ residue: 'water-extract-residue', stage: 'extraction' }],
  },
  {
    id: 'bohe', zh: '薄荷', latin: 'Mentha haplocalyx', medicinalPart: 'whole-plant', aromatic: true,
    keyConstituents: ['volatileOil', 'linarin'],
    classRules: [
      rule('bioactive-small-molecule-rich', 0.8, '薄荷提油后残渣含蒙花苷', 'Mint post-distillation residue contains linarin', 'seed 000 §3.1', { residues: ['distillation-residue'] }),
      rule('cellulose-rich', 0.7, '薄荷残草富含纤维素', 'Mint leftover herb is fibre-rich', `${SEED}(1)`, { residues: ['distillation-residue', 'water-extract-residue', 'dust-offcuts'], parts: ['stem', 'whole-plant'] }),
      rule('bioactive-small-molecule-rich', 0.8, '薄荷加工挥发单萜类气体', 'Mint processing releases volatile monoterpenes', 'seed 000 §1.3.1(3)', { residues: ['off-gas'] }),
    ],
    typicalStreams: [{ residue: 'distillation-residue', stage: 'extraction' }, { part: 'stem', stage: 'primary-processing' }, { residue: 'off-gas', stage: 'primary-processing' }],
  },
  {
    id: 'leigongteng', zh: '雷公藤', latin: 'Tripterygium wilfordii', medicinalPart: 'root', aromatic: false,
    keyConstituents: ['triptolide', 'tripterygiumAlkaloids'],
    classRules: [
      rule('bioactive-small-molecule-rich', 0.8, '雷公藤茎、叶与根化学成分和药理活性基本相同', 'Tripterygium stems and leaves have basically the same constituents and activity as the root', 'seed 000 §1.2(1)', { parts: ['stem', 'leaf', 'flower', 'fruit', 'peel-bark'] }),
      rule('cellulose-rich', 0.6, '雷公藤茎枝富含纤维素', 'Tripterygium stems are fibre-rich', `${SEED}(1)`, { parts: ['stem', 'peel-bark'] }),
    ],
    typicalStreams: [{ part: 'stem', stage: 'cultivation-harvest' }, { part: 'leaf', stage: 'cultivation-harvest' }, { part: 'peel-bark', stage: 'primary-processing' }],
  },
  ...rows<[id: string, zh: string, latin: string, aliases: readonly string[]]>([
    ['kuxingren', '苦杏仁', 'Prunus armeniaca (seed)', ['杏仁']],
    ['taoren', '桃仁', 'Prunus persica (seed)', []],
    ['zisuzi', '紫苏子', 'Perilla frutescens (fruit)', []],
    ['honghuazi', '红花子', 'Carthamus tinctorius (seed)', ['红花籽']],
  ]).map(([id, zh, latin, aliases]): HerbKnowledge => ({
    id: id, zh: zh, latin: latin, aliases: aliases, medicinalPart: 'seed', aromatic: false,
    keyConstituents: id === 'kuxingren' ? ['amygdalin'] : [],
    classRules: [
      rule('lipid-rich', 0.85, `${zh}水提或深加工副产品富含油脂、烃类`, `${zh} by-products of water extraction are rich in oils and hydrocarbons`, `${SEED}(2)`, { residues: ['water-extract-residue', 'filter-cake', 'dust-offcuts'], parts: ['seed'] }),
      rule('biomacromolecule-rich', 0.5, `${zh}饼粕含蛋白质`, `${zh} meal contains protein`, RESIDUE_REVIEW, { residues: ['water-extract-residue', 'filter-cake'] }),
    ],
    typicalStreams: [{ residue: 'water-extract-residue', stage: 'formula-granules' }],
  })),
  {
    id: 'honghua', zh: '红花', latin: 'Carthamus tinctorius (flower)', medicinalPart: 'flower', aromatic: false,
    keyConstituents: ['flavonoids'],
    classRules: [
      rule('lipid-rich', 0.85, '红花子富含油脂', 'Safflower seed is rich in oil', `${SEED}(2)`, { parts: ['seed'] }),
      rule('cellulose-rich', 0.6, '红花秸秆富含纤维素', 'Safflower straw is fibre-rich', `${SEED}(1)`, { parts: AERIAL }),
    ],
    typicalStreams: [{ part: 'seed', stage: 'primary-processing' }, { part: 'stem', stage: 'cultivation-harvest' }],
  },
  ...rows<[id: string, zh: string, latin: string, part: PartId, key: readonly string[]]>([
    ['baishao', '白芍', 'Paeonia lactiflora', 'root', ['paeoniflorin']],
    ['shanyao', '山药', 'Dioscorea opposita', 'rhizome', ['starch']],
    ['ou', '藕', 'Nelumbo nucifera (rhizome)', 'rhizome', ['starch']],
    ['maidong', '麦冬', 'Ophiopogon japonicus', 'root', ['saponins']],
    ['baiguo', '白果', 'Ginkgo biloba (seed)', 'seed', ['ginkgoFlavonoids']],
    ['ezhu', '莪术', 'Curcuma phaeocaulis', 'rhizome', ['volatileOil']],
  ]).map(([id, zh, latin, part, key]): HerbKnowledge => ({
    id: id, zh: zh, latin: latin, medicinalPart: part, aromatic: id === 'ezhu',
    aliases: id === 'ou' ? ['莲藕', '藕节'] : [],
    keyConstituents: key,
    classRules: [
      rule('biomacromolecule-rich', 0.85, `${zh}栓皮、外皮层及粉屑富含多糖、蛋白质`, `${zh} peel, outer layers and powder are rich in polysaccharides and proteins`, `${SEED}(3)`, { parts: ['peel-bark'], residues: ['dust-offcuts'] }),
      rule('cellulose-rich', 0.6, `${zh}提取药渣富含纤维素`, `${zh} extraction residue is fibre-rich`, `${SEED}(1)`, { residues: ROOT_RESIDUES }),
    ],
    typicalStreams: [{ part: 'peel-bark', stage: 'primary-processing' }, { residue: 'dust-offcuts', stage: 'decoction-piece-processing' }],
  })),
  ...rows<[id: string, zh: string, latin: string, part: PartId]>([
    ['jingjie', '荆芥', 'Schizonepeta tenuisfolia', 'whole-plant'],
    ['peilan', '佩兰', 'Eupatorium fortunei', 'whole-plant'],
    ['qinghao', '青蒿', 'Artemisia annua', 'whole-plant'],
    ['huoxiang', '广藿香', 'Pogostemon cablin', 'whole-plant'],
    ['aiye', '艾叶', 'Artemisia argyi', 'leaf'],
    ['yuxingcao', '鱼腥草', 'Houttuynia cordata', 'whole-plant'],
    ['zisuye', '紫苏叶', 'Perilla frutescens (leaf)', 'leaf'],
  ]).map(([id, zh, latin, part]): HerbKnowledge => ({
    id: id, zh: zh, latin: latin, medicinalPart: part, aromatic: true,
    keyConstituents: id === 'qinghao' ? ['artemisinin', 'volatileOil'] : ['volatileOil'],
    classRules: [
      rule('bioactive-small-molecule-rich', 0.8, `${zh}为芳香类药材，加工中挥发单萜、倍半萜`, `${zh} is aromatic; processing releases mono- and sesquiterpenes`, 'seed 000 §1.3.1(3)', { residues: ['off-gas'] }),
      rule('cellulose-rich', 0.7, `${zh}全草提取或提油后残渣富含纤维素`, `${zh} herb residue after extraction or distillation is fibre-rich`, `${SEED}(1)`, { residues: ['water-extract-residue', 'distillation-residue', 'dust-offcuts'], parts: ['stem', 'whole-plant', 'leaf'] }),
    ],
    typicalStreams: [{ residue: 'distillation-residue', stage: 'extraction' }, { residue: 'off-gas', stage: 'primary-processing' }],
  })),
  ...rows<[id: string, zh: string, latin: string, part: PartId]>([
    ['dahuang', '大黄', 'Rheum palmatum', 'rhizome'],
    ['yangti', '羊蹄', 'Rumex japonicus', 'root'],
  ]).map(([id, zh, latin, part]): HerbKnowledge => ({
    id: id, zh: zh, latin: latin, medicinalPart: part, aromatic: false,
    keyConstituents: ['anthraquinones'],
    classRules: [
      rule('bioactive-small-molecule-rich', 0.75, `${zh}干燥中蒽醌类升华形成气态副产品`, `${zh} drying sublimes anthraquinones into an off-gas`, 'seed 000 §1.3.1(3)', { residues: ['off-gas'] }),
      rule('cellulose-rich', 0.7, `${zh}根及根茎药渣富含纤维素`, `${zh} root residue is fibre-rich`, `${SEED}(1)`, { residues: ROOT_RESIDUES }),
      rule('cellulose-rich', 0.6, `${zh}茎叶富含纤维素`, `${zh} stems and leaves are fibre-rich`, `${SEED}(1)`, { parts: AERIAL }),
    ],
    typicalStreams: [{ residue: 'off-gas', stage: 'primary-processing' }, { residue: 'water-extract-residue', stage: 'extraction' }],
  })),
  // Root and rhizome herbs whose aerial parts carry the same marker compounds as the root.
  ...rows<[id: string, zh: string, latin: string, part: PartId, marker: string]>([
    ['renshen', '人参', 'Panax ginseng', 'root', 'ginsenosides'],
    ['sanqi', '三七', 'Panax notoginseng', 'root', 'notoginsenosides'],
    ['huanglian', '黄连', 'Coptis chinensis', 'rhizome', 'berberine'],
    ['huangqin', '黄芩', 'Scutellaria baicalensis', 'root', 'baicalin'],
    ['gegen', '葛根', 'Pueraria lobata', 'root', 'puerarin'],
    ['mudanpi', '牡丹皮', 'Paeonia suffruticosa (root bark)', 'peel-bark', 'paeonol'],
  ]).map(([id, zh, latin, part, marker]): HerbKnowledge => ({
    id: id, zh: zh, latin: latin, medicinalPart: part, aromatic: false,
    keyConstituents: [marker],
    classRules: [
      rule('bioactive-small-molecule-rich', 0.6, `${zh}非药用部位含与药用部位相同的指标成分`, `${zh} non-medicinal parts carry the same marker compounds as the medicinal part`, RESIDUE_REVIEW, { parts: id === 'mudanpi' ? ['stem', 'leaf', 'root'] : NON_MEDICINAL_CANDIDATES.filter((p) => p !== part) }),
      rule('cellulose-rich', 0.75, `${zh}根类提取药渣富含纤维素`, `${zh} root extraction residue is fibre-rich`, `${SEED}(1)`, { residues: ROOT_RESIDUES }),
      ...(id === 'gegen' ? [rule('biomacromolecule-rich', 0.6, '葛根药渣含淀粉', 'Pueraria residue contains starch', RESIDUE_REVIEW, { residues: ['water-extract-residue'] })] : []),
    ],
    typicalStreams: [{ part: 'stem', stage: 'cultivation-harvest' }, { residue: 'water-extract-residue', stage: 'extraction' }],
  })),
  // Root/rhizome herbs whose residue keeps polysaccharides as well as fibre.
  ...rows<[id: string, zh: string, latin: string, part: PartId]>([
    ['huangqi', '黄芪', 'Astragalus membranaceus', 'root'],
    ['dangshen', '党参', 'Codonopsis pilosula', 'root'],
    ['huangjing', '黄精', 'Polygonatum sibiricum', 'rhizome'],
    ['yuzhu', '玉竹', 'Polygonatum odoratum', 'rhizome'],
    ['jiegeng', '桔梗', 'Platycodon grandiflorus', 'root'],
    ['dihuang', '地黄', 'Rehmannia glutinosa', 'root'],
  ]).map(([id, zh, latin, part]): HerbKnowledge => ({
    id: id, zh: zh, latin: latin, medicinalPart: part, aromatic: false,
    keyConstituents: id === 'huangqi' ? ['astragaloside'] : ['saponins'],
    classRules: [
      rule('cellulose-rich', 0.7, `${zh}根类提取药渣富含纤维素`, `${zh} root extraction residue is fibre-rich`, `${SEED}(1)`, { residues: ROOT_RESIDUES }),
      rule('biomacromolecule-rich', 0.6, `${zh}药渣残留多糖`, `${zh} residue retains polysaccharides`, RESIDUE_REVIEW, { residues: ['water-extract-residue'], parts: ['peel-bark'] }),
      rule('cellulose-rich', 0.7, `${zh}茎叶富含纤维素`, `${zh} stems and leaves are fibre-rich`, `${SEED}(1)`, { parts: AERIAL }),
    ],
    typicalStreams: [{ residue: 'water-extract-residue', stage: 'extraction' }, { part: 'stem', stage: 'cultivation-harvest' }],
  })),
  // Root/rhizome herbs with a plain fibre residue.
  ...rows<[id: string, zh: string, latin: string, part: PartId, aromatic: boolean]>([
    ['danggui', '当归', 'Angelica sinensis', 'root', true],
    ['chuanxiong', '川芎', 'Ligusticum chuanxiong', 'rhizome', true],
    ['banlangen', '板蓝根', 'Isatis indigotica', 'root', false],
    ['chaihu', '柴胡', 'Bupleurum chinense', 'root', false],
    ['baizhu', '白术', 'Atractylodes macrocephala', 'rhizome', true],
    ['niuxi', '牛膝', 'Achyranthes bidentata', 'root', false],
    ['fangfeng', '防风', 'Saposhnikovia divaricata', 'root', false],
  ]).map(([id, zh, latin, part, aromatic]): HerbKnowledge => ({
    id: id, zh: zh, latin: latin, medicinalPart: part, aromatic: aromatic,
    keyConstituents: aromatic ? ['volatileOil'] : [],
    classRules: [
      rule('cellulose-rich', 0.75, `${zh}根及根茎类药渣富含纤维素`, `${zh} root/rhizome residue is fibre-rich`, `${SEED}(1)`, { residues: ROOT_RESIDUES }),
      rule('cellulose-rich', 0.7, `${zh}茎叶等非药用部位富含纤维素`, `${zh} stems and leaves are fibre-rich`, `${SEED}(1)`, { parts: AERIAL }),
    ],
    typicalStreams: [{ residue: 'water-extract-residue', stage: 'extraction' }, { part: 'stem', stage: 'cultivation-harvest' }],
  })),
  {
    id: 'jinyinhua', zh: '金银花', latin: 'Lonicera japonica', medicinalPart: 'flower', aromatic: false,
    keyConstituents: ['chlorogenicAcid'],
    classRules: [
      rule('bioactive-small-molecule-rich', 0.65, '金银花茎叶（忍冬藤、叶）含绿原酸', 'Honeysuckle stems and leaves contain chlorogenic acid', RESIDUE_REVIEW, { parts: ['stem', 'leaf'] }),
      rule('cellulose-rich', 0.6, '金银花药渣富含纤维素', 'Honeysuckle extraction residue is fibre-rich', `${SEED}(1)`, { residues: ROOT_RESIDUES }),
    ],
    typicalStreams: [{ part: 'leaf', stage: 'cultivation-harvest' }, { residue: 'water-extract-residue', stage: 'formula-granules' }],
  },
  {
    id: 'duzhong', zh: '杜仲', latin: 'Eucommia ulmoides', medicinalPart: 'peel-bark', aromatic: false,
    keyConstituents: ['chlorogenicAcid', 'eucommiaGum'],
    classRules: [
      rule('lipid-rich', 0.6, '杜仲叶及果皮含杜仲胶（反式聚异戊二烯，烃类）', 'Eucommia leaves and pericarp contain Eucommia gum (trans-polyisoprene, a hydrocarbon)', 'Zhang X. et al., Eucommia rubber review, Ind. Crops Prod. 2021', { parts: ['leaf', 'fruit', 'seed'] }),
      rule('bioactive-small-molecule-rich', 0.6, '杜仲叶含绿原酸', 'Eucommia leaves contain chlorogenic acid', CHP, { parts: ['leaf'] }),
      rule('cellulose-rich', 0.7, '杜仲枝、木心及药渣富含纤维素', 'Eucommia branches, wood core and residue are fibre-rich', `${SEED}(1)`, { parts: ['stem'], residues: ROOT_RESIDUES }),
    ],
    typicalStreams: [{ part: 'leaf', stage: 'cultivation-harvest' }, { residue: 'water-extract-residue', stage: 'extraction' }],
  },
  {
    id: 'houpo', zh: '厚朴', latin: 'Magnolia officinalis', medicinalPart: 'peel-bark', aromatic: true,
    keyConstituents: ['magnolol'],
    classRules: [
      rule('bioactive-small-molecule-rich', 0.55, '厚朴叶、花含厚朴酚', 'Magnolia leaves and flowers contain magnolol', RESIDUE_REVIEW, { parts: ['leaf', 'flower'] }),
      rule('cellulose-rich', 0.75, '厚朴木心及药渣富含纤维素', 'Magnolia wood core and residue are fibre-rich', `${SEED}(1)`, { parts: ['stem'], residues: ROOT_RESIDUES }),
    ],
    typicalStreams: [{ part: 'stem', stage: 'primary-processing' }, { residue: 'water-extract-residue', stage: 'extraction' }],
  },
  {
    id: 'rougui', zh: '肉桂', latin: 'Cinnamomum cassia', medicinalPart: 'peel-bark', aromatic: true,
    keyConstituents: ['volatileOil'],
    classRules: [
      rule('bioactive-small-molecule-rich', 0.6, '肉桂枝叶可蒸馏桂油', 'Cassia twigs and leaves yield cassia oil by distillation', CHP, { parts: ['leaf', 'stem'] }),
      rule('cellulose-rich', 0.75, '肉桂提油后残渣富含纤维素', 'Cassia post-distillation residue is fibre-rich', `${SEED}(1)`, { residues: ['distillation-residue', 'water-extract-residue'] }),
    ],
    typicalStreams: [{ residue: 'distillation-residue', stage: 'extraction' }],
  },
  {
    id: 'gouqizi', zh: '枸杞子', latin: 'Lycium barbarum', medicinalPart: 'fruit', aromatic: false,
    keyConstituents: [],
    classRules: [
      rule('biomacromolecule-rich', 0.75, '枸杞药渣与果渣富含多糖', 'Goji residue and pomace are rich in polysaccharides', RESIDUE_REVIEW, { residues: ['water-extract-residue', 'dust-offcuts', 'filter-cake'], parts: ['pulp', 'fruit'] }),
      rule('lipid-rich', 0.5, '枸杞籽含油脂', 'Goji seed contains oil', RESIDUE_REVIEW, { parts: ['seed'] }),
    ],
    typicalStreams: [{ residue: 'water-extract-residue', stage: 'health-product-manufacturing' }],
  },
  {
    id: 'fuling', zh: '茯苓', latin: 'Poria cocos (sclerotium)', medicinalPart: 'whole-plant', aromatic: false,
    keyConstituents: [],
    classRules: [
      rule('biomacromolecule-rich', 0.8, '茯苓皮及碎屑富含茯苓多糖', 'Poria peel and offcuts are rich in pachyman polysaccharide', CHP, { parts: ['peel-bark'], residues: ['dust-offcuts', 'water-extract-residue'] }),
    ],
    typicalStreams: [{ part: 'peel-bark', stage: 'primary-processing' }, { residue: 'dust-offcuts', stage: 'decoction-piece-processing' }],
  },
  {
    id: 'lingzhi', zh: '灵芝', latin: 'Ganoderma lucidum', medicinalPart: 'whole-plant', aromatic: false,
    keyConstituents: [],
    classRules: [
      rule('biomacromolecule-rich', 0.75, '灵芝提取药渣残留β-葡聚糖', 'Ganoderma residue retains β-glucan', RESIDUE_REVIEW, { residues: ['water-extract-residue', 'dust-offcuts'] }),
    ],
    typicalStreams: [{ residue: 'water-extract-residue', stage: 'health-product-manufacturing' }],
  },
  {
    id: 'zhizi', zh: '栀子', latin: 'Gardenia jasminoides', medicinalPart: 'fruit', aromatic: false,
    keyConstituents: ['geniposide', 'crocin'],
    classRules: [
      rule('bioactive-small-molecule-rich', 0.65, '栀子提取废液与药渣含栀子黄色素', 'Gardenia extraction waste and residue contain gardenia yellow pigment', RESIDUE_REVIEW, { residues: ['resin-elution-wastewater', 'water-extract-residue', 'membrane-concentrate'] }),
      rule('lipid-rich', 0.55, '栀子籽含油脂', 'Gardenia seed contains oil', RESIDUE_REVIEW, { parts: ['seed'] }),
    ],
    typicalStreams: [{ residue: 'resin-elution-wastewater', stage: 'extraction' }],
  },
  {
    id: 'lianqiao', zh: '连翘', latin: 'Forsythia suspensa', medicinalPart: 'fruit', aromatic: false,
    keyConstituents: ['forsythin'],
    classRules: [
      rule('bioactive-small-molecule-rich', 0.65, '连翘叶含连翘苷', 'Forsythia leaves contain forsythin', RESIDUE_REVIEW, { parts: ['leaf'] }),
      rule('cellulose-rich', 0.65, '连翘药渣富含纤维素', 'Forsythia residue is fibre-rich', `${SEED}(1)`, { residues: ROOT_RESIDUES }),
    ],
    typicalStreams: [{ part: 'leaf', stage: 'cultivation-harvest' }, { residue: 'water-extract-residue', stage: 'formula-granules' }],
  },
  {
    id: 'chuanxinlian', zh: '穿心莲', latin: 'Andrographis paniculata', medicinalPart: 'whole-plant', aromatic: false,
    keyConstituents: [],
    classRules: [rule('cellulose-rich', 0.75, '穿心莲全草药渣富含纤维素', 'Andrographis herb residue is fibre-rich', `${SEED}(1)`, { residues: ROOT_RESIDUES })],
    typicalStreams: [{ residue: 'water-extract-residue', stage: 'extraction' }],
  },
  {
    id: 'yinxingye', zh: '银杏叶', latin: 'Ginkgo biloba (leaf)', medicinalPart: 'leaf', aromatic: false,
    keyConstituents: ['ginkgoFlavonoids'],
    classRules: [rule('cellulose-rich', 0.7, '银杏叶提取后残渣富含纤维素', 'Ginkgo leaf residue after extraction is fibre-rich', `${SEED}(1)`, { residues: ROOT_RESIDUES })],
    typicalStreams: [{ residue: 'water-extract-residue', stage: 'extraction' }],
  },
  {
    id: 'shanzha', zh: '山楂', latin: 'Crataegus pinnatifida', medicinalPart: 'fruit', aromatic: false,
    keyConstituents: ['flavonoids', 'pectin'],
    classRules: [
      rule('biomacromolecule-rich', 0.6, '山楂果渣富含果胶', 'Hawthorn pomace is rich in pectin', RESIDUE_REVIEW, { parts: ['pulp'], residues: ['water-extract-residue'] }),
      rule('cellulose-rich', 0.6, '山楂核富含木质纤维', 'Hawthorn stones are lignocellulosic', RESIDUE_REVIEW, { parts: ['seed'] }),
    ],
    typicalStreams: [{ part: 'seed', stage: 'primary-processing' }],
  },
  {
    id: 'yiyiren', zh: '薏苡仁', latin: 'Coix lacryma-jobi', medicinalPart: 'seed', aromatic: false,
    keyConstituents: ['starch'],
    classRules: [
      rule('biomacromolecule-rich', 0.7, '薏苡仁碎屑富含淀粉、蛋白质', 'Coix offcuts are rich in starch and protein', RESIDUE_REVIEW, { residues: ['dust-offcuts'], parts: ['seed'] }),
      rule('cellulose-rich', 0.7, '薏苡壳富含纤维素', 'Coix husks are fibre-rich', `${SEED}(1)`, { parts: ['peel-bark', 'stem', 'leaf'] }),
    ],
    typicalStreams: [{ residue: 'dust-offcuts', stage: 'primary-processing' }],
  },
  {
    id: 'shaji', zh: '沙棘', latin: 'Hippophae rhamnoides', medicinalPart: 'fruit', aromatic: false,
    keyConstituents: ['flavonoids'],
    classRules: [
      rule('lipid-rich', 0.75, '沙棘果渣与籽富含油脂', 'Sea-buckthorn pomace and seed are rich in oil', RESIDUE_REVIEW, { parts: ['seed', 'pulp'], residues: ['filter-cake'] }),
      rule('bioactive-small-molecule-rich', 0.55, '沙棘叶含黄酮', 'Sea-buckthorn leaves contain flavonoids', RESIDUE_REVIEW, { parts: ['leaf'] }),
    ],
    typicalStreams: [{ part: 'pulp', stage: 'health-product-manufacturing' }],
  },
  {
    id: 'juemingzi', zh: '决明子', latin: 'Cassia obtusifolia', medicinalPart: 'seed', aromatic: false,
    keyConstituents: ['anthraquinones'],
    classRules: [rule('biomacromolecule-rich', 0.6, '决明子药渣含半乳甘露聚糖与蛋白质', 'Cassia seed residue contains galactomannan and protein', RESIDUE_REVIEW, { residues: ['water-extract-residue'] })],
    typicalStreams: [{ residue: 'water-extract-residue', stage: 'formula-granules' }],
  },
];

const HERB_INDEX: Map<string, HerbKnowledge> = (() => {
  const index = new Map<string, HerbKnowledge>();
  for (const h of HERBS) {
    for (const label of [h.id, h.zh, h.latin, ...(h.aliases ?? [])]) index.set(normaliseLabel(label), h);
  }
  return index;
})();

/** Known herb for a name (pinyin id, Chinese name, Latin name or alias). */
export function findHerb(name: string): HerbKnowledge | undefined {
  return HERB_INDEX.get(normaliseLabel(name));
}
