/**
 * Texts printed on a load's label, in both languages. The Chinese is what goes on the load in
 * China; English serves foreign partners' copies.
 *
 * The hazardous-waste fields follow the label of HJ 1276-2022 (危险废物识别标志设置技术规范) as
 * RECALLED, NOT VERIFIED against the published standard: name, category, code, physical form,
 * hazard characteristics, main and harmful components, precautions, digital identification
 * code, producing unit, contact person and telephone, date produced, weight, remarks. Check it
 * against the standard's text before relying on it for compliance (docs: engine/README.md).
 */
export type LabelLanguage = 'zh-CN' | 'en';

export const hazardCharacteristics = ['T', 'C', 'I', 'R', 'In'] as const;
export type HazardCharacteristic = (typeof hazardCharacteristics)[number];

/**
 * The hazardous-waste label's fields in print order: the one list that the label's content type
 * (`HazardousLabelContent` in label.ts), the texts below and the printed rows follow. Values are
 * text except `characteristics` (codes of `hazardCharacteristics`), `weight` (tonnes, a decimal
 * string), `producedOn` (YYYY-MM-DD) and `remarks` (optional: no row without it).
 */
export const hazardousLabelFields = ['wasteName', 'category', 'code', 'form', 'characteristics', 'mainComponents', 'harmfulComponents', 'precautions', 'digitalId', 'producer', 'contact', 'phone', 'producedOn', 'weight', 'remarks'] as const;
export type HazardousLabelField = (typeof hazardousLabelFields)[number];

interface LabelTexts {
  generalTitle: string;
  hazardousTitle: string;
  manifest: string;
  generator: string;
  receiver: string;
  created: string;
  lines: string;
  estimated: string;
  weighed: string;
  scan: string;
  hazardous: Record<HazardousLabelField, string>;
  hazard: Record<HazardCharacteristic, string>;
}

export const labelTexts: Record<LabelLanguage, LabelTexts> = {
  'zh-CN': {
    generalTitle: '一般工业固体废物转移标签',
    hazardousTitle: '危险废物',
    manifest: '联单编号',
    generator: '产生单位',
    receiver: '接收单位',
    created: '开单日期',
    lines: '废物明细',
    estimated: '估算',
    weighed: '过磅',
    scan: '扫码核验联单状态',
    hazardous: {
      wasteName: '废物名称',
      category: '废物类别',
      code: '废物代码',
      form: '废物形态',
      characteristics: '危险特性',
      mainComponents: '主要成分',
      harmfulComponents: '有害成分',
      precautions: '注意事项',
      digitalId: '数字识别码',
      producer: '产生/收集单位',
      contact: '联系人',
      phone: '联系方式',
      producedOn: '产生日期',
      weight: '废物重量',
      remarks: '备注',
    },
    hazard: { T: '毒性', C: '腐蚀性', I: '易燃性', R: '反应性', In: '感染性' },
  },
  en: {
    generalTitle: 'General industrial solid waste: transfer label',
    hazardousTitle: 'Hazardous waste',
    manifest: 'Manifest',
    generator: 'Generator',
    receiver: 'Receiver',
    created: 'Opened on',
    lines: 'Contents',
    estimated: 'estimated',
    weighed: 'weighed',
    scan: 'Scan to verify the manifest',
    hazardous: {
      wasteName: 'Waste name',
      category: 'Waste category',
      code: 'Waste code',
      form: 'Physical form',
      characteristics: 'Hazard characteristics',
      mainComponents: 'Main components',
      harmfulComponents: 'Harmful components',
      precautions: 'Precautions',
      digitalId: 'Digital identification code',
      producer: 'Producing/collecting unit',
      contact: 'Contact person',
      phone: 'Telephone',
      producedOn: 'Produced on',
      weight: 'Weight',
      remarks: 'Remarks',
    },
    hazard: { T: 'toxic', C: 'corrosive', I: 'ignitable', R: 'reactive', In: 'infectious' },
  },
};
