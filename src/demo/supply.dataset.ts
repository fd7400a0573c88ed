/**
 * Demo data of the supply early-warning module (issue 3).
 *
 * - Formulas: essential Chinese patent medicines with ingredient amounts as published in the
 *   Chinese Pharmacopoeia (中国药典 2020 年版 一部), written down from the published monographs
 *   as best recalled — check against the monograph before any official use. Where a formula
 *   contains volatile oils or extracts (藿香正气水) only the crude herbs are listed.
 * - 复方丹参片 is exactly the seed-003 case: 丹参 450 g, 三七 141 g, 冰片 8 g per 1 000 tablets,
 *   60 tablets a bottle, price cap 7.2 元 (NDRC price notice of 2009-09-28, applied from
 *   2009-01-01 as in seed 003 Fig. 1).
 * - GENERATED: all prices (engine `generateDemoPriceHistory`) and every other price cap
 *   (calibrated so that Y/P is inside the band in mid-2016); pack sizes are typical, not a
 *   particular product's. Pill yields of honey pills are estimated from the powder weight.
 * - Herb facts (category, wild/cultivated, growth cycle, main producing areas) are general
 *   knowledge; reserves (蕴藏量) are left empty where no published figure is at hand.
 */

export interface DemoHerbFacts {
  code: string;
  nameZh: string;
  pinyin: string;
  latin: string | null;
  category: 'root' | 'rhizome' | 'fruit' | 'seed' | 'flower' | 'leaf' | 'whole-herb' | 'bark' | 'stem' | 'resin' | 'fungus' | 'animal' | 'mineral' | 'other';
  cultivation: 'wild' | 'cultivated' | 'both';
  cycleYears: number | null;
  areas: string[];
  /** Starting price of the generated random walk, 元/kg (ignored for keyframed herbs). */
  basePrice: number;
}

type H = [code: string, nameZh: string, pinyin: string, latin: string | null, category: DemoHerbFacts['category'], cultivation: DemoHerbFacts['cultivation'], cycle: number | null, areas: string, basePrice: number];

const herbTuples: H[] = [
  ['SANQI', '三七', 'sanqi', 'Notoginseng Radix et Rhizoma', 'root', 'cultivated', 3, '云南文山、广西', 51],
  ['DANSHEN', '丹参', 'danshen', 'Salviae Miltiorrhizae Radix et Rhizoma', 'root', 'cultivated', 1, '山东、河南、四川、陕西', 8],
  ['BINGPIAN', '冰片', 'bingpian', 'Borneolum Syntheticum', 'resin', 'cultivated', null, '广东、广西、江西', 150],
  ['SHUDIHUANG', '熟地黄', 'shudihuang', 'Rehmanniae Radix Praeparata', 'root', 'cultivated', 1, '河南焦作', 12],
  ['DIHUANG', '地黄', 'dihuang', 'Rehmanniae Radix', 'root', 'cultivated', 1, '河南焦作、山西', 9],
  ['SHANZHUYU', '山茱萸', 'shanzhuyu', 'Corni Fructus', 'fruit', 'cultivated', 8, '河南西峡、浙江、陕西', 45],
  ['MUDANPI', '牡丹皮', 'mudanpi', 'Moutan Cortex', 'bark', 'cultivated', 4, '安徽铜陵、亳州', 18],
  ['SHANYAO', '山药', 'shanyao', 'Dioscoreae Rhizoma', 'rhizome', 'cultivated', 1, '河南焦作', 14],
  ['FULING', '茯苓', 'fuling', 'Poria', 'fungus', 'cultivated', 1, '云南、安徽、湖北', 12],
  ['ZEXIE', '泽泻', 'zexie', 'Alismatis Rhizoma', 'rhizome', 'cultivated', 1, '福建、四川', 10],
  ['ZHIMU', '知母', 'zhimu', 'Anemarrhenae Rhizoma', 'rhizome', 'both', 2, '河北、山西', 9],
  ['HUANGBAI', '黄柏', 'huangbai', 'Phellodendri Chinensis Cortex', 'bark', 'both', 15, '四川、贵州', 20],
  ['GOUQIZI', '枸杞子', 'gouqizi', 'Lycii Fructus', 'fruit', 'cultivated', 3, '宁夏、青海、甘肃', 35],
  ['JUHUA', '菊花', 'juhua', 'Chrysanthemi Flos', 'flower', 'cultivated', 1, '安徽亳州、浙江桐乡、河南', 30],
  ['ROUGUI', '肉桂', 'rougui', 'Cinnamomi Cortex', 'bark', 'cultivated', 10, '广西、广东', 18],
  ['FUZI', '附子', 'fuzi', 'Aconiti Lateralis Radix Praeparata', 'root', 'cultivated', 1, '四川江油', 25],
  ['CHAIHU', '柴胡', 'chaihu', 'Bupleuri Radix', 'root', 'both', 2, '甘肃、山西、河北', 30],
  ['DANGGUI', '当归', 'danggui', 'Angelicae Sinensis Radix', 'root', 'cultivated', 2, '甘肃岷县', 25],
  ['BAISHAO', '白芍', 'baishao', 'Paeoniae Radix Alba', 'root', 'cultivated', 4, '安徽亳州、浙江、四川', 12],
  ['BAIZHU', '白术', 'baizhu', 'Atractylodis Macrocephalae Rhizoma', 'rhizome', 'cultivated', 2, '浙江、安徽、湖南', 15],
  ['GANCAO', '甘草', 'gancao', 'Glycyrrhizae Radix et Rhizoma', 'root', 'both', 3, '内蒙古、甘肃、新疆', 8],
  ['BOHE', '薄荷', 'bohe', 'Menthae Haplocalycis Herba', 'whole-herb', 'cultivated', 1, '江苏、安徽', 7],
  ['RENGONGNIUHUANG', '人工牛黄', 'rengong niuhuang', 'Bovis Calculus Artifactus', 'animal', 'cultivated', null, '北京、天津', 900],
  ['NIUHUANG', '牛黄', 'niuhuang', 'Bovis Calculus', 'animal', 'wild', null, '进口、西北、东北', 120000],
  ['XIONGHUANG', '雄黄', 'xionghuang', 'Realgar', 'mineral', 'wild', null, '湖南、贵州', 30],
  ['SHIGAO', '石膏', 'shigao', 'Gypsum Fibrosum', 'mineral', 'wild', null, '湖北应城', 2],
  ['DAHUANG', '大黄', 'dahuang', 'Rhei Radix et Rhizoma', 'root', 'both', 3, '甘肃、青海、四川', 10],
  ['HUANGQIN', '黄芩', 'huangqin', 'Scutellariae Radix', 'root', 'both', 2, '山西、河北、内蒙古', 12],
  ['JIEGENG', '桔梗', 'jiegeng', 'Platycodonis Radix', 'root', 'cultivated', 2, '安徽、内蒙古、山东', 15],
  ['JINYINHUA', '金银花', 'jinyinhua', 'Lonicerae Japonicae Flos', 'flower', 'cultivated', 3, '山东平邑、河南封丘、河北', 120],
  ['LIANQIAO', '连翘', 'lianqiao', 'Forsythiae Fructus', 'fruit', 'wild', null, '山西、河南、陕西', 25],
  ['JINGJIE', '荆芥', 'jingjie', 'Schizonepetae Herba', 'whole-herb', 'cultivated', 1, '河北、江苏', 6],
  ['DANDOUCHI', '淡豆豉', 'dandouchi', 'Sojae Semen Praeparatum', 'seed', 'cultivated', 1, '各地加工', 10],
  ['NIUBANGZI', '牛蒡子', 'niubangzi', 'Arctii Fructus', 'fruit', 'both', 2, '东北、浙江', 12],
  ['DANZHUYE', '淡竹叶', 'danzhuye', 'Lophatheri Herba', 'leaf', 'wild', null, '浙江、安徽', 8],
  ['BANLANGEN', '板蓝根', 'banlangen', 'Isatidis Radix', 'root', 'cultivated', 1, '安徽、河北、甘肃', 6],
  ['FANGFENG', '防风', 'fangfeng', 'Saposhnikoviae Radix', 'root', 'both', 2, '黑龙江、内蒙古、河北', 30],
  ['ZISUYE', '紫苏叶', 'zisuye', 'Perillae Folium', 'leaf', 'cultivated', 1, '湖北、江苏', 6],
  ['GEGEN', '葛根', 'gegen', 'Puerariae Lobatae Radix', 'root', 'both', 2, '湖南、河南、广东', 5],
  ['KUXINGREN', '苦杏仁', 'kuxingren', 'Armeniacae Semen Amarum', 'seed', 'both', null, '河北、山西、内蒙古', 20],
  ['BAIZHI', '白芷', 'baizhi', 'Angelicae Dahuricae Radix', 'root', 'cultivated', 1, '四川遂宁、河南禹州、安徽亳州', 8],
  ['KUDIDING', '苦地丁', 'kudiding', 'Corydalis Bungeanae Herba', 'whole-herb', 'wild', null, '河北、辽宁', 6],
  ['LUGEN', '芦根', 'lugen', 'Phragmitis Rhizoma', 'rhizome', 'wild', null, '各地', 3],
  ['BANXIA', '半夏', 'banxia', 'Pinelliae Rhizoma', 'rhizome', 'both', 1, '甘肃西和、四川、贵州', 45],
  ['DANGSHEN', '党参', 'dangshen', 'Codonopsis Radix', 'root', 'cultivated', 2, '甘肃、山西', 25],
  ['SHENGJIANG', '生姜', 'shengjiang', 'Zingiberis Rhizoma Recens', 'rhizome', 'cultivated', 1, '山东、四川', 5],
  ['GANJIANG', '干姜', 'ganjiang', 'Zingiberis Rhizoma', 'rhizome', 'cultivated', 1, '四川犍为、贵州', 12],
  ['DAZAO', '大枣', 'dazao', 'Jujubae Fructus', 'fruit', 'cultivated', 3, '新疆、河北、山东', 12],
  ['HUANGQI', '黄芪', 'huangqi', 'Astragali Radix', 'root', 'cultivated', 2, '甘肃、内蒙古、山西', 14],
  ['RENSHEN', '人参', 'renshen', 'Ginseng Radix et Rhizoma', 'root', 'cultivated', 5, '吉林、辽宁、黑龙江', 200],
  ['MAIDONG', '麦冬', 'maidong', 'Ophiopogonis Radix', 'root', 'cultivated', 2, '四川三台、浙江', 40],
  ['WUWEIZI', '五味子', 'wuweizi', 'Schisandrae Chinensis Fructus', 'fruit', 'both', 3, '辽宁、吉林、黑龙江', 40],
  ['SHUINIUJIAO', '水牛角', 'shuiniujiao', 'Bubali Cornu', 'animal', 'cultivated', null, '华南、西南', 30],
  ['SHEXIANG', '麝香', 'shexiang', 'Moschus', 'animal', 'both', null, '四川、西藏、陕西', 250000],
  ['ZHENZHU', '珍珠', 'zhenzhu', 'Margarita', 'animal', 'cultivated', 3, '浙江、江苏', 200],
  ['ZHUSHA', '朱砂', 'zhusha', 'Cinnabaris', 'mineral', 'wild', null, '贵州、湖南', 150],
  ['HUANGLIAN', '黄连', 'huanglian', 'Coptidis Rhizoma', 'rhizome', 'cultivated', 5, '重庆石柱、湖北', 60],
  ['ZHIZI', '栀子', 'zhizi', 'Gardeniae Fructus', 'fruit', 'cultivated', 3, '江西、湖南', 12],
  ['YUJIN', '郁金', 'yujin', 'Curcumae Radix', 'root', 'cultivated', 1, '四川、浙江', 15],
  ['CAOWU', '草乌', 'caowu', 'Aconiti Kusnezoffii Radix', 'root', 'wild', null, '东北、华北', 15],
  ['XUESHANGYIZHIHAO', '雪上一枝蒿', 'xueshang yizhihao', 'Aconiti Brachypodi Radix', 'root', 'wild', null, '云南、四川', 80],
  ['GUSUIBU', '骨碎补', 'gusuibu', 'Drynariae Rhizoma', 'rhizome', 'wild', null, '湖北、浙江、广西', 12],
  ['HONGHUA', '红花', 'honghua', 'Carthami Flos', 'flower', 'cultivated', 1, '新疆、河南', 40],
  ['JIEGUMU', '接骨木', 'jiegumu', 'Sambuci Williamsii Ramulus', 'stem', 'wild', null, '东北、华北', 5],
  ['CHISHAO', '赤芍', 'chishao', 'Paeoniae Radix Rubra', 'root', 'both', 4, '内蒙古、四川', 20],
  ['YANHUSUO', '延胡索', 'yanhusuo', 'Corydalis Rhizoma', 'rhizome', 'cultivated', 1, '浙江东阳、陕西汉中', 30],
  ['GUIZHI', '桂枝', 'guizhi', 'Cinnamomi Ramulus', 'stem', 'cultivated', 3, '广西、广东', 6],
  ['TAOREN', '桃仁', 'taoren', 'Persicae Semen', 'seed', 'both', null, '河北、山东、陕西', 25],
  ['SHENGMA', '升麻', 'shengma', 'Cimicifugae Rhizoma', 'rhizome', 'wild', null, '辽宁、黑龙江、四川', 30],
  ['CHENPI', '陈皮', 'chenpi', 'Citri Reticulatae Pericarpium', 'fruit', 'cultivated', 3, '广东新会、四川、浙江', 8],
  ['YUANZHI', '远志', 'yuanzhi', 'Polygalae Radix', 'root', 'both', 3, '山西、陕西', 50],
  ['SUANZAOREN', '酸枣仁', 'suanzaoren', 'Ziziphi Spinosae Semen', 'seed', 'wild', null, '河北、陕西、辽宁', 60],
  ['LONGYANROU', '龙眼肉', 'longyanrou', 'Longan Arillus', 'fruit', 'cultivated', 5, '广西、广东、福建', 30],
  ['MUXIANG', '木香', 'muxiang', 'Aucklandiae Radix', 'root', 'cultivated', 2, '云南、四川', 12],
  ['SHAREN', '砂仁', 'sharen', 'Amomi Fructus', 'fruit', 'cultivated', 3, '广东阳春、云南', 90],
  ['XIANGFU', '香附', 'xiangfu', 'Cyperi Rhizoma', 'rhizome', 'wild', null, '山东、浙江', 8],
  ['ZHISHI', '枳实', 'zhishi', 'Aurantii Fructus Immaturus', 'fruit', 'cultivated', 5, '江西、湖南、四川', 12],
  ['DOUKOU', '豆蔻', 'doukou', 'Amomi Fructus Rotundus', 'fruit', 'cultivated', 3, '进口（泰国、印尼）、海南', 50],
  ['HOUPO', '厚朴', 'houpo', 'Magnoliae Officinalis Cortex', 'bark', 'cultivated', 15, '四川、湖北', 15],
  ['GUANGHUOXIANG', '广藿香', 'guanghuoxiang', 'Pogostemonis Herba', 'whole-herb', 'cultivated', 1, '广东、海南', 8],
  ['SHANZHA', '山楂', 'shanzha', 'Crataegi Fructus', 'fruit', 'cultivated', 3, '山东、河北、河南', 6],
  ['LIUSHENQU', '六神曲', 'liushenqu', null, 'other', 'cultivated', null, '各地加工', 5],
  ['LAIFUZI', '莱菔子', 'laifuzi', 'Raphani Semen', 'seed', 'cultivated', 1, '河北、河南', 6],
  ['MAIYA', '麦芽', 'maiya', 'Hordei Fructus Germinatus', 'fruit', 'cultivated', 1, '各地加工', 4],
  ['BAIBIANDOU', '白扁豆', 'baibiandou', 'Lablab Semen Album', 'seed', 'cultivated', 1, '安徽、湖南、河南', 10],
  ['LIANZI', '莲子', 'lianzi', 'Nelumbinis Semen', 'seed', 'cultivated', 1, '湖南、福建、江西', 25],
  ['YIYIREN', '薏苡仁', 'yiyiren', 'Coicis Semen', 'seed', 'cultivated', 1, '贵州、福建、河北', 10],
  ['CHUANXIONG', '川芎', 'chuanxiong', 'Chuanxiong Rhizoma', 'rhizome', 'cultivated', 1, '四川都江堰、彭州', 14],
  ['QIANGHUO', '羌活', 'qianghuo', 'Notopterygii Rhizoma et Radix', 'rhizome', 'wild', null, '四川、青海、甘肃', 50],
  ['XIXIN', '细辛', 'xixin', 'Asari Radix et Rhizoma', 'root', 'both', 3, '辽宁、吉林', 40],
  ['CANGZHU', '苍术', 'cangzhu', 'Atractylodis Rhizoma', 'rhizome', 'both', 2, '江苏茅山、湖北、内蒙古', 15],
  ['DAFUPI', '大腹皮', 'dafupi', 'Arecae Pericarpium', 'fruit', 'cultivated', null, '海南、广东', 5],
  ['NIUXI', '牛膝', 'niuxi', 'Achyranthis Bidentatae Radix', 'root', 'cultivated', 1, '河南焦作', 12],
  ['CHEQIANZI', '车前子', 'cheqianzi', 'Plantaginis Semen', 'seed', 'both', 1, '江西、四川', 12],
  ['QIANHU', '前胡', 'qianhu', 'Peucedani Radix', 'root', 'both', 2, '浙江、江西', 15],
  ['MAHUANG', '麻黄', 'mahuang', 'Ephedrae Herba', 'stem', 'both', null, '内蒙古、山西、甘肃', 6],
  ['ZHIQIAO', '枳壳', 'zhiqiao', 'Aurantii Fructus', 'fruit', 'cultivated', 5, '江西、湖南、四川', 10],
  ['MIANMAGUANZHONG', '绵马贯众', 'mianma guanzhong', 'Dryopteridis Crassirhizomatis Rhizoma', 'rhizome', 'wild', null, '东北', 8],
  ['YUXINGCAO', '鱼腥草', 'yuxingcao', 'Houttuyniae Herba', 'whole-herb', 'both', 1, '四川、湖北、贵州', 6],
  ['HONGJINGTIAN', '红景天', 'hongjingtian', 'Rhodiolae Crenulatae Radix et Rhizoma', 'root', 'wild', null, '西藏、四川、青海', 60],
  ['LONGDAN', '龙胆', 'longdan', 'Gentianae Radix et Rhizoma', 'root', 'both', 3, '东北、云南', 35],
  ['MUTONG', '木通', 'mutong', 'Akebiae Caulis', 'stem', 'wild', null, '四川、湖北', 8],
];

export const demoHerbs: DemoHerbFacts[] = herbTuples.map(([code, nameZh, pinyin, latin, category, cultivation, cycleYears, areas, basePrice]) => ({
  code,
  nameZh,
  pinyin,
  latin,
  category,
  cultivation,
  cycleYears,
  areas: areas.split('、'),
  basePrice,
}));

/** Processed and decoction-piece names (饮片/炮制品) and synonyms → herb, factor = kg herb per kg. */
export const demoAliases: [alias: string, herb: string, factor: number, kind: 'decoction-piece' | 'processed' | 'synonym'][] = [
  ['酒萸肉', '山茱萸', 1, 'processed'],
  ['炒白术', '白术', 1, 'processed'],
  ['麸炒白术', '白术', 1, 'processed'],
  ['炙甘草', '甘草', 1, 'processed'],
  ['甘草片', '甘草', 1, 'decoction-piece'],
  ['炙黄芪', '黄芪', 1, 'processed'],
  ['制附子', '附子', 1, 'processed'],
  ['姜半夏', '半夏', 1, 'processed'],
  ['制半夏', '半夏', 1, 'processed'],
  ['法半夏', '半夏', 1, 'processed'],
  ['生半夏', '半夏', 1, 'decoction-piece'],
  ['醋延胡索', '延胡索', 1, 'processed'],
  ['元胡', '延胡索', 1, 'synonym'],
  ['制远志', '远志', 1, 'processed'],
  ['炒酸枣仁', '酸枣仁', 1, 'processed'],
  ['醋香附', '香附', 1, 'processed'],
  ['姜厚朴', '厚朴', 1, 'processed'],
  ['焦山楂', '山楂', 1, 'processed'],
  ['炒莱菔子', '莱菔子', 1, 'processed'],
  ['炒麦芽', '麦芽', 1, 'processed'],
  ['炒白扁豆', '白扁豆', 1, 'processed'],
  ['麸炒薏苡仁', '薏苡仁', 1, 'processed'],
  ['盐车前子', '车前子', 1, 'processed'],
  ['酒当归', '当归', 1, 'processed'],
  ['炙麻黄', '麻黄', 1, 'processed'],
  ['麸炒枳壳', '枳壳', 1, 'processed'],
  ['炒枳实', '枳实', 1, 'processed'],
  ['荆芥穗', '荆芥', 1, 'decoction-piece'],
  ['水牛角浓缩粉', '水牛角', 3, 'processed'],
  ['红参', '人参', 1.2, 'processed'],
  ['炒栀子', '栀子', 1, 'processed'],
  ['草乌(蒸)', '草乌', 1, 'processed'],
  ['酒白芍', '白芍', 1, 'processed'],
  ['萸黄连', '黄连', 1, 'processed'],
  ['炒苦杏仁', '苦杏仁', 1, 'processed'],
  ['炒牛蒡子', '牛蒡子', 1, 'processed'],
  ['田七', '三七', 1, 'synonym'],
  ['三七粉', '三七', 1, 'decoction-piece'],
  ['丹参片', '丹参', 1, 'decoction-piece'],
];

/** Specifications/grades (规格等级) besides 统货, which every herb has. */
export const demoExtraSpecs: Record<string, string[]> = {
  三七: ['20头', '40头', '60头', '120头', '剪口'],
  丹参: ['选货'],
  当归: ['全归', '归头'],
  人参: ['园参 20支'],
};

export interface DemoMarket {
  code: string;
  nameZh: string;
  nameEn: string;
  regionCode: string;
}

export const demoMarkets: DemoMarket[] = [
  { code: 'BOZHOU', nameZh: '亳州', nameEn: 'Bozhou Herb Market', regionCode: '341600' },
  { code: 'ANGUO', nameZh: '安国', nameEn: 'Anguo Herb Market', regionCode: '130683' },
  { code: 'YULIN', nameZh: '玉林', nameEn: 'Yulin Herb Market', regionCode: '450900' },
  { code: 'HEHUACHI', nameZh: '成都荷花池', nameEn: 'Chengdu Hehuachi Herb Market', regionCode: '510100' },
  { code: 'QINGPING', nameZh: '广州清平', nameEn: 'Guangzhou Qingping Herb Market', regionCode: '440100' },
  { code: 'WENSHAN', nameZh: '文山三七市场', nameEn: 'Wenshan Sanqi Market', regionCode: '532600' },
];

export interface DemoFormula {
  code: string;
  nameZh: string;
  nameEn: string;
  dosageForm: string;
  batchYield: number;
  batchUnit: string;
  packSize: number;
  /** "herb:grams, …" in the monograph's order, names as written (aliases allowed). */
  recipe: string;
  /** Real cap (元 per pack) with its source; otherwise a generated cap is calibrated. */
  cap?: { priceCap: number; from: string; source: string };
}

const CHP = '中国药典 2020 年版 一部 (as recalled; verify against the monograph)';

/** Honey pills: the yield (g) is estimated as the powder weight × factor (honey added). */
function honey(recipe: string, factor: number): number {
  const grams = recipe.split(',').reduce((s, part) => s + Number(part.split(':')[1]), 0);
  return Math.round(grams * factor);
}

const LWDH = '熟地黄:160,酒萸肉:80,牡丹皮:60,山药:80,茯苓:60,泽泻:60';

export const demoFormulas: DemoFormula[] = [
  { code: 'FFDSP', nameZh: '复方丹参片', nameEn: 'Compound Danshen Tablets', dosageForm: 'tablet', batchYield: 1000, batchUnit: '片', packSize: 60, recipe: '丹参:450,三七:141,冰片:8',
    cap: { priceCap: 7.2, from: '2009-01-01', source: 'NDRC price notice 2009-09-28 (seed 003 §6.1); applied from 2009-01-01 as in seed 003 Fig. 1' } },
  { code: 'FFDSDW', nameZh: '复方丹参滴丸', nameEn: 'Compound Danshen Dripping Pills', dosageForm: 'dripping-pill', batchYield: 1000, batchUnit: '丸', packSize: 180, recipe: '丹参:90,三七:17.6,冰片:1' },
  { code: 'SQP', nameZh: '三七片', nameEn: 'Sanqi Tablets', dosageForm: 'tablet', batchYield: 1000, batchUnit: '片', packSize: 36, recipe: '三七:250' },
  { code: 'SQSYP', nameZh: '三七伤药片', nameEn: 'Sanqi Shangyao Tablets', dosageForm: 'tablet', batchYield: 1000, batchUnit: '片', packSize: 36, recipe: '三七:52.5,草乌(蒸):52.5,雪上一枝蒿:23,冰片:1.05,骨碎补:492,红花:157.5,接骨木:787.5,赤芍:87.5' },
  { code: 'LWDHW', nameZh: '六味地黄丸', nameEn: 'Liuwei Dihuang Pills (water-honey)', dosageForm: 'pill', batchYield: honey(LWDH, 1.4), batchUnit: 'g', packSize: 60, recipe: LWDH },
  { code: 'ZBDHW', nameZh: '知柏地黄丸', nameEn: 'Zhibai Dihuang Pills', dosageForm: 'pill', batchYield: honey(`知母:40,黄柏:40,${LWDH}`, 1.4), batchUnit: 'g', packSize: 60, recipe: `知母:40,黄柏:40,${LWDH}` },
  { code: 'QJDHW', nameZh: '杞菊地黄丸', nameEn: 'Qiju Dihuang Pills', dosageForm: 'pill', batchYield: honey(`枸杞子:40,菊花:40,${LWDH}`, 1.4), batchUnit: 'g', packSize: 60, recipe: `枸杞子:40,菊花:40,${LWDH}` },
  { code: 'GFDHW', nameZh: '桂附地黄丸', nameEn: 'Guifu Dihuang Pills', dosageForm: 'pill', batchYield: honey(`肉桂:20,制附子:20,${LWDH}`, 1.4), batchUnit: 'g', packSize: 60, recipe: `肉桂:20,制附子:20,${LWDH}` },
  { code: 'JKSQW', nameZh: '金匮肾气丸', nameEn: 'Jingui Shenqi Pills', dosageForm: 'pill', batchYield: honey('地黄:108,山药:27,酒萸肉:27,茯苓:78,牡丹皮:27,泽泻:27,桂枝:27,制附子:4.5,牛膝:27,盐车前子:27', 1.4), batchUnit: 'g', packSize: 60,
    recipe: '地黄:108,山药:27,酒萸肉:27,茯苓:78,牡丹皮:27,泽泻:27,桂枝:27,制附子:4.5,牛膝:27,盐车前子:27' },
  { code: 'XYW', nameZh: '逍遥丸', nameEn: 'Xiaoyao Pills', dosageForm: 'pill', batchYield: 600, batchUnit: 'g', packSize: 60, recipe: '柴胡:100,当归:100,白芍:100,炒白术:100,茯苓:100,炙甘草:80,薄荷:20' },
  { code: 'NHJDP', nameZh: '牛黄解毒片', nameEn: 'Niuhuang Jiedu Tablets', dosageForm: 'tablet', batchYield: 1000, batchUnit: '片', packSize: 48, recipe: '人工牛黄:5,雄黄:50,石膏:200,大黄:200,黄芩:150,桔梗:100,冰片:25,甘草:50' },
  { code: 'YQJDP', nameZh: '银翘解毒片', nameEn: 'Yinqiao Jiedu Tablets', dosageForm: 'tablet', batchYield: 1000, batchUnit: '片', packSize: 48, recipe: '金银花:200,连翘:200,薄荷:120,荆芥:80,淡豆豉:100,炒牛蒡子:120,桔梗:120,淡竹叶:80,甘草:100' },
  { code: 'BLGKL', nameZh: '板蓝根颗粒', nameEn: 'Banlangen Granules', dosageForm: 'granule', batchYield: 1000, batchUnit: 'g', packSize: 200, recipe: '板蓝根:1400' },
  { code: 'GMQRKL', nameZh: '感冒清热颗粒', nameEn: 'Ganmao Qingre Granules', dosageForm: 'granule', batchYield: 1600, batchUnit: 'g', packSize: 120,
    recipe: '荆芥穗:200,薄荷:60,防风:100,柴胡:100,紫苏叶:60,葛根:100,桔梗:60,苦杏仁:80,白芷:60,苦地丁:200,芦根:160' },
  { code: 'XCHKL', nameZh: '小柴胡颗粒', nameEn: 'Xiaochaihu Granules', dosageForm: 'granule', batchYield: 1000, batchUnit: 'g', packSize: 100, recipe: '柴胡:150,黄芩:56,姜半夏:56,党参:56,生姜:56,甘草:56,大枣:56' },
  { code: 'SHLKFY', nameZh: '双黄连口服液', nameEn: 'Shuanghuanglian Oral Liquid', dosageForm: 'oral-liquid', batchYield: 1000, batchUnit: 'ml', packSize: 100, recipe: '金银花:375,黄芩:375,连翘:750' },
  { code: 'YPFKL', nameZh: '玉屏风颗粒', nameEn: 'Yupingfeng Granules', dosageForm: 'granule', batchYield: 1000, batchUnit: 'g', packSize: 60, recipe: '黄芪:600,炒白术:200,防风:200' },
  { code: 'SMY', nameZh: '生脉饮', nameEn: 'Shengmai Oral Liquid', dosageForm: 'oral-liquid', batchYield: 1000, batchUnit: 'ml', packSize: 100, recipe: '红参:100,麦冬:200,五味子:100' },
  { code: 'AGNHW', nameZh: '安宫牛黄丸', nameEn: 'Angong Niuhuang Pills', dosageForm: 'pill', batchYield: 600, batchUnit: '丸', packSize: 1,
    recipe: '牛黄:100,水牛角浓缩粉:200,麝香:25,珍珠:50,朱砂:100,雄黄:100,黄连:100,黄芩:100,栀子:100,郁金:100,冰片:25' },
  { code: 'YHZTP', nameZh: '元胡止痛片', nameEn: 'Yuanhu Zhitong Tablets', dosageForm: 'tablet', batchYield: 1000, batchUnit: '片', packSize: 36, recipe: '醋延胡索:445,白芷:223' },
  { code: 'GZFLJN', nameZh: '桂枝茯苓胶囊', nameEn: 'Guizhi Fuling Capsules', dosageForm: 'capsule', batchYield: 1000, batchUnit: '粒', packSize: 60, recipe: '桂枝:240,茯苓:240,牡丹皮:240,白芍:240,桃仁:240' },
  { code: 'BZYQW', nameZh: '补中益气丸', nameEn: 'Buzhong Yiqi Pills', dosageForm: 'pill', batchYield: 660, batchUnit: 'g', packSize: 60, recipe: '炙黄芪:200,党参:60,炙甘草:100,炒白术:60,当归:60,升麻:60,柴胡:60,陈皮:60' },
  { code: 'GPW', nameZh: '归脾丸', nameEn: 'Guipi Pills', dosageForm: 'pill', batchYield: honey('党参:80,炒白术:160,炙黄芪:80,炙甘草:40,茯苓:160,制远志:160,炒酸枣仁:80,龙眼肉:160,当归:160,木香:40,大枣:40', 2), batchUnit: 'g', packSize: 90,
    recipe: '党参:80,炒白术:160,炙黄芪:80,炙甘草:40,茯苓:160,制远志:160,炒酸枣仁:80,龙眼肉:160,当归:160,木香:40,大枣:40' },
  { code: 'FZLZW', nameZh: '附子理中丸', nameEn: 'Fuzi Lizhong Pills', dosageForm: 'pill', batchYield: honey('制附子:100,党参:200,炒白术:150,干姜:100,甘草:100', 2), batchUnit: 'g', packSize: 90, recipe: '制附子:100,党参:200,炒白术:150,干姜:100,甘草:100' },
  { code: 'XSYWW', nameZh: '香砂养胃丸', nameEn: 'Xiangsha Yangwei Pills', dosageForm: 'pill', batchYield: 3000, batchUnit: 'g', packSize: 72,
    recipe: '木香:210,砂仁:210,白术:300,陈皮:300,茯苓:300,姜半夏:300,醋香附:210,炒枳实:210,豆蔻:210,姜厚朴:210,广藿香:210,甘草:90,生姜:90,大枣:150' },
  { code: 'BHW', nameZh: '保和丸', nameEn: 'Baohe Pills', dosageForm: 'pill', batchYield: 800, batchUnit: 'g', packSize: 60, recipe: '焦山楂:300,六神曲:100,制半夏:100,茯苓:100,陈皮:50,连翘:50,炒莱菔子:50,炒麦芽:50' },
  { code: 'SLBZS', nameZh: '参苓白术散', nameEn: 'Shenling Baizhu Powder', dosageForm: 'powder', batchYield: 800, batchUnit: 'g', packSize: 60,
    recipe: '人参:100,茯苓:100,炒白术:100,山药:100,炒白扁豆:75,莲子:75,麸炒薏苡仁:50,砂仁:50,桔梗:50,甘草:100' },
  { code: 'CXCTW', nameZh: '川芎茶调丸', nameEn: 'Chuanxiong Chatiao Pills', dosageForm: 'pill', batchYield: 735, batchUnit: 'g', packSize: 60, recipe: '川芎:120,白芷:60,羌活:60,细辛:30,防风:45,荆芥:120,薄荷:240,甘草:60' },
  { code: 'HXZQS', nameZh: '藿香正气水', nameEn: 'Huoxiang Zhengqi Tincture', dosageForm: 'tincture', batchYield: 2050, batchUnit: 'ml', packSize: 100, recipe: '苍术:160,陈皮:160,姜厚朴:160,白芷:240,茯苓:240,大腹皮:240,生半夏:160' },
  { code: 'TXLFW', nameZh: '通宣理肺丸', nameEn: 'Tongxuan Lifei Pills', dosageForm: 'pill', batchYield: honey('紫苏叶:144,前胡:96,桔梗:96,苦杏仁:72,麻黄:96,甘草:72,陈皮:96,制半夏:72,茯苓:96,麸炒枳壳:96,黄芩:96', 2), batchUnit: 'g', packSize: 90,
    recipe: '紫苏叶:144,前胡:96,桔梗:96,苦杏仁:72,麻黄:96,甘草:72,陈皮:96,制半夏:72,茯苓:96,麸炒枳壳:96,黄芩:96' },
  { code: 'XLW', nameZh: '香连丸', nameEn: 'Xianglian Pills', dosageForm: 'pill', batchYield: 1000, batchUnit: 'g', packSize: 60, recipe: '萸黄连:800,木香:200' },
  { code: 'LHQWJN', nameZh: '连花清瘟胶囊', nameEn: 'Lianhua Qingwen Capsules', dosageForm: 'capsule', batchYield: 1000, batchUnit: '粒', packSize: 36,
    recipe: '连翘:255,金银花:255,炙麻黄:85,炒苦杏仁:85,石膏:255,板蓝根:255,绵马贯众:255,鱼腥草:255,广藿香:85,大黄:51,红景天:85,甘草:85' },
  { code: 'ECW', nameZh: '二陈丸', nameEn: 'Erchen Pills', dosageForm: 'pill', batchYield: 725, batchUnit: 'g', packSize: 60, recipe: '陈皮:250,制半夏:250,茯苓:150,甘草:75' },
  { code: 'SJZW', nameZh: '四君子丸', nameEn: 'Sijunzi Pills', dosageForm: 'pill', batchYield: 700, batchUnit: 'g', packSize: 60, recipe: '党参:200,炒白术:200,茯苓:200,炙甘草:100' },
  { code: 'BZW', nameZh: '八珍丸', nameEn: 'Bazhen Pills', dosageForm: 'pill', batchYield: honey('党参:100,炒白术:100,茯苓:100,甘草:50,当归:150,白芍:100,川芎:75,熟地黄:150', 2), batchUnit: 'g', packSize: 90,
    recipe: '党参:100,炒白术:100,茯苓:100,甘草:50,当归:150,白芍:100,川芎:75,熟地黄:150' },
  { code: 'SQDBW', nameZh: '十全大补丸', nameEn: 'Shiquan Dabu Pills', dosageForm: 'pill', batchYield: honey('党参:80,炒白术:80,茯苓:80,炙甘草:40,当归:120,川芎:40,酒白芍:80,熟地黄:120,炙黄芪:80,肉桂:20', 2), batchUnit: 'g', packSize: 90,
    recipe: '党参:80,炒白术:80,茯苓:80,炙甘草:40,当归:120,川芎:40,酒白芍:80,熟地黄:120,炙黄芪:80,肉桂:20' },
  { code: 'LDXGW', nameZh: '龙胆泻肝丸', nameEn: 'Longdan Xiegan Pills', dosageForm: 'pill', batchYield: 840, batchUnit: 'g', packSize: 60,
    recipe: '龙胆:120,柴胡:120,黄芩:60,炒栀子:60,泽泻:120,木通:60,盐车前子:60,酒当归:60,地黄:120,炙甘草:60' },
];

export const DEMO_FORMULA_SOURCE = CHP;
/** Herbs priced daily in the demo (the herbs of the Compound Danshen case); the others weekly. */
export const DAILY_DEMO_HERBS = new Set(['三七', '丹参', '冰片']);
export const DEMO_PRICE_FROM = '2009-01-01';
export const DEMO_PRICE_TO = '2026-11-20';
/** Mid-2016: generated caps put Y/P here inside the band. */
export const DEMO_CAP_CALIBRATION_DAY = '2016-06-30';

/** English names of the demo herbs (the English interface shows them with the pinyin). */
export const demoHerbNamesEn: Readonly<Record<string, string>> = {
  SANQI: 'notoginseng root', DANSHEN: 'Salvia miltiorrhiza root', BINGPIAN: 'synthetic borneol', SHUDIHUANG: 'prepared rehmannia root',
  DIHUANG: 'rehmannia root', SHANZHUYU: 'Asiatic cornelian cherry fruit', MUDANPI: 'tree peony root bark', SHANYAO: 'Chinese yam rhizome',
  FULING: 'poria', ZEXIE: 'water plantain rhizome', ZHIMU: 'anemarrhena rhizome', HUANGBAI: 'Chinese cork-tree bark',
  GOUQIZI: 'goji berry', JUHUA: 'chrysanthemum flower', ROUGUI: 'cassia bark', FUZI: 'prepared aconite lateral root',
  CHAIHU: 'bupleurum root', DANGGUI: 'Chinese angelica root', BAISHAO: 'white peony root', BAIZHU: 'largehead atractylodes rhizome',
  GANCAO: 'licorice root', BOHE: 'field mint', RENGONGNIUHUANG: 'artificial bezoar', NIUHUANG: 'cattle bezoar',
  XIONGHUANG: 'realgar', SHIGAO: 'gypsum', DAHUANG: 'rhubarb root and rhizome', HUANGQIN: 'baikal skullcap root',
  JIEGENG: 'platycodon root', JINYINHUA: 'honeysuckle flower', LIANQIAO: 'forsythia fruit', JINGJIE: 'schizonepeta',
  DANDOUCHI: 'fermented soybean', NIUBANGZI: 'great burdock fruit', DANZHUYE: 'lophatherum', BANLANGEN: 'isatis root',
  FANGFENG: 'saposhnikovia root', ZISUYE: 'perilla leaf', GEGEN: 'kudzu root', KUXINGREN: 'bitter apricot kernel',
  BAIZHI: 'Dahurian angelica root', KUDIDING: 'Bunge corydalis', LUGEN: 'reed rhizome', BANXIA: 'pinellia rhizome',
  DANGSHEN: 'codonopsis root', SHENGJIANG: 'fresh ginger', GANJIANG: 'dried ginger', DAZAO: 'jujube',
  HUANGQI: 'astragalus root', RENSHEN: 'ginseng', MAIDONG: 'dwarf lilyturf tuber', WUWEIZI: 'Chinese magnolia vine fruit',
  SHUINIUJIAO: 'water buffalo horn', SHEXIANG: 'musk', ZHENZHU: 'pearl', ZHUSHA: 'cinnabar',
  HUANGLIAN: 'coptis rhizome', ZHIZI: 'cape jasmine fruit', YUJIN: 'turmeric root tuber', CAOWU: 'Kusnezoff monkshood root',
  XUESHANGYIZHIHAO: 'short-stalk monkshood root', GUSUIBU: 'drynaria rhizome', HONGHUA: 'safflower', JIEGUMU: 'Williams elder twig',
  CHISHAO: 'red peony root', YANHUSUO: 'corydalis rhizome', GUIZHI: 'cassia twig', TAOREN: 'peach kernel',
  SHENGMA: 'cimicifuga rhizome', CHENPI: 'dried tangerine peel', YUANZHI: 'thinleaf milkwort root', SUANZAOREN: 'spiny jujube seed',
  LONGYANROU: 'longan aril', MUXIANG: 'costus root', SHAREN: 'villous amomum fruit', XIANGFU: 'nutgrass rhizome',
  ZHISHI: 'immature bitter orange', DOUKOU: 'round cardamom fruit', HOUPO: 'magnolia bark', GUANGHUOXIANG: 'patchouli',
  SHANZHA: 'hawthorn fruit', LIUSHENQU: 'medicated leaven', LAIFUZI: 'radish seed', MAIYA: 'germinated barley',
  BAIBIANDOU: 'white hyacinth bean', LIANZI: 'lotus seed', YIYIREN: 'coix seed', CHUANXIONG: 'Sichuan lovage rhizome',
  QIANGHUO: 'notopterygium rhizome and root', XIXIN: 'asarum root and rhizome', CANGZHU: 'atractylodes rhizome', DAFUPI: 'areca peel',
  NIUXI: 'achyranthes root', CHEQIANZI: 'plantain seed', QIANHU: 'hogfennel root', MAHUANG: 'ephedra',
  ZHIQIAO: 'bitter orange', MIANMAGUANZHONG: 'male fern rhizome', YUXINGCAO: 'houttuynia', HONGJINGTIAN: 'rhodiola root and rhizome',
  LONGDAN: 'Chinese gentian root', MUTONG: 'akebia stem',
};

/** English names of the demo's specs (grades as the market names them). */
export const demoSpecNamesEn: Readonly<Record<string, string>> = {
  统货: 'ungraded',
  '20头': '20 roots per 500 g',
  '40头': '40 roots per 500 g',
  '60头': '60 roots per 500 g',
  '120头': '120 roots per 500 g',
  剪口: 'rhizome heads (jiankou)',
  选货: 'selected grade',
  全归: 'whole root',
  归头: 'root heads',
  '园参 20支': 'garden ginseng, 20 roots per 500 g',
};
