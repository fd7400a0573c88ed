/**
 * Our manifest in the field layout of the hazardous-waste transfer manifest (危险废物转移联单) of
 * the national solid-waste management information system. Every field's official name here was
 * recalled, not copied from the published form (`verified: false`); docs/national-manifest-mapping.md
 * explains each mapping. One row per manifest line: the national form lists each waste of a
 * transfer with the parties repeated. Pure: the caller reads the transfer records.
 */
import { chinaDay, kg } from './ledger';

export type NationalSection = 'manifest' | 'generator' | 'waste' | 'carrier' | 'receiver';

export interface NationalField {
  key: string;
  section: NationalSection;
  nameZh: string;
  nameEn: string;
  /** False: the official name was recalled, not copied from a published source. */
  verified: boolean;
  /** False: the platform holds no such datum and the cell stays empty (to be filled in the national system). */
  held: boolean;
}

const f = (key: string, section: NationalSection, nameZh: string, nameEn: string, held = true): NationalField => ({ key, section, nameZh, nameEn, verified: false, held });

export const nationalFields: readonly NationalField[] = [
  f('manifestNumber', 'manifest', '联单编号', 'Manifest number'),
  f('generatorName', 'generator', '移出人名称', 'Consignor name'),
  f('generatorCreditCode', 'generator', '移出人统一社会信用代码', 'Consignor unified social credit code'),
  f('generatorAddress', 'generator', '移出人地址', 'Consignor address'),
  f('generatorPhone', 'generator', '移出人联系电话', 'Consignor telephone'),
  f('wasteName', 'waste', '危险废物名称', 'Waste name'),
  f('wasteCode', 'waste', '废物代码', 'Waste code'),
  f('wasteCategory', 'waste', '废物类别', 'Waste category'),
  f('hazardProperties', 'waste', '危险特性', 'Hazardous properties', false),
  f('physicalForm', 'waste', '形态', 'Physical form', false),
  f('packaging', 'waste', '包装方式', 'Packaging'),
  f('packageCount', 'waste', '包装数量', 'Number of packages'),
  f('quantityT', 'waste', '转移量（吨）', 'Quantity transferred (t)'),
  f('pickupDate', 'waste', '移出日期', 'Date of removal'),
  f('carrierName', 'carrier', '承运人名称', 'Carrier name'),
  f('carrierCreditCode', 'carrier', '承运人统一社会信用代码', 'Carrier unified social credit code'),
  f('carrierPermit', 'carrier', '道路危险货物运输经营许可证编号', 'Road dangerous-goods transport permit number', false),
  f('vehiclePlate', 'carrier', '运输工具牌号', 'Vehicle plate'),
  f('driverName', 'carrier', '驾驶员', 'Driver'),
  f('origin', 'carrier', '运输起点', 'Origin'),
  f('destination', 'carrier', '运输终点', 'Destination'),
  f('receiverName', 'receiver', '接受人名称', 'Consignee name'),
  f('receiverCreditCode', 'receiver', '接受人统一社会信用代码', 'Consignee unified social credit code'),
  f('receiverLicence', 'receiver', '危险废物经营许可证编号', 'Hazardous-waste operating licence number'),
  f('receiverAddress', 'receiver', '接受人地址', 'Consignee address'),
  f('receiverPhone', 'receiver', '接受人联系电话', 'Consignee telephone'),
  f('receivedT', 'receiver', '接受量（吨）', 'Quantity accepted (t)'),
  f('receiptDate', 'receiver', '接受日期', 'Date of receipt'),
  f('treatmentCode', 'receiver', '利用处置方式', 'Utilisation or disposal method'),
  f('discrepancy', 'receiver', '差异情况', 'Discrepancies'),
];

export type NationalValue = string | number | null;
export type NationalRow = Record<string, NationalValue>;

/** What the export reads of a manifest (the manifests module's transfer record has this shape). */
export interface NationalSource {
  number: string;
  pickedUpAt: Date | null;
  receivedAt: Date | null;
  treatmentCode: string | null;
  generator: { nameZh: string; creditCode: string | null; phone: string | null; siteAddress: string | null };
  receiver: { nameZh: string; creditCode: string | null; phone: string | null; siteAddress: string | null };
  licence: { number: string } | null;
  transporters: { nameZh: string; creditCode: string | null; plate: string; driverName: string }[];
  lines: {
    wasteCode: string;
    category: string;
    codeNameZh: string | null;
    description: string;
    packaging: string | null;
    packageCount: number | null;
    quantity: string;
    unit: 't' | 'kg';
    pickedUp: string | null;
    received: string | null;
    refused: string | null;
    refusalReason: string | null;
    discrepancies: string[];
  }[];
}

/** The manifests engine's discrepancy kinds as the form's remark says them. */
const discrepancyText: Record<string, string> = {
  'weight-mismatch': '称重差异超出允许范围',
  'missing-line': '缺少废物明细',
  'unlicensed-code': '接受人许可证未含该废物',
  'licence-lapsed': '接受人许可证不在有效期',
  'over-capacity': '超出接受人年许可能力',
};

const tonnes = (q: string | null, unit: 't' | 'kg'): number | null => (q === null ? null : unit === 'kg' ? Math.round(Number(q)) / 1000 : kg(q) / 1000);

/** Several transporters in order: the national form has one carrier block, so they are joined with arrows. */
const chain = (values: readonly string[]) => (values.length === 0 ? null : values.join(' → '));

export function nationalRows(m: NationalSource): NationalRow[] {
  return m.lines.map((l) => {
    const refused = tonnes(l.refused, l.unit);
    const received = tonnes(l.received, l.unit);
    const notes = [...(refused !== null && refused > 0 ? [`拒收 ${refused} 吨${l.refusalReason ? `：${l.refusalReason}` : ''}`] : []), ...l.discrepancies.map((d) => discrepancyText[d] ?? d)];
    return {
      manifestNumber: m.number,
      generatorName: m.generator.nameZh,
      generatorCreditCode: m.generator.creditCode,
      generatorAddress: m.generator.siteAddress,
      generatorPhone: m.generator.phone,
      wasteName: l.codeNameZh ? `${l.codeNameZh}（${l.description}）` : l.description,
      wasteCode: l.wasteCode,
      wasteCategory: l.category,
      hazardProperties: null,
      physicalForm: null,
      packaging: l.packaging,
      packageCount: l.packageCount,
      quantityT: tonnes(l.pickedUp ?? l.quantity, l.unit),
      pickupDate: m.pickedUpAt ? chinaDay(m.pickedUpAt) : null,
      carrierName: chain(m.transporters.map((t) => t.nameZh)),
      carrierCreditCode: chain(m.transporters.map((t) => t.creditCode ?? '')),
      carrierPermit: null,
      vehiclePlate: chain(m.transporters.map((t) => t.plate)),
      driverName: chain(m.transporters.map((t) => t.driverName)),
      origin: m.generator.siteAddress,
      destination: m.receiver.siteAddress,
      receiverName: m.receiver.nameZh,
      receiverCreditCode: m.receiver.creditCode,
      receiverLicence: m.licence?.number ?? null,
      receiverAddress: m.receiver.siteAddress,
      receiverPhone: m.receiver.phone,
      receivedT: received === null ? null : Math.round((received - (refused ?? 0)) * 1000) / 1000,
      receiptDate: m.receivedAt ? chinaDay(m.receivedAt) : null,
      treatmentCode: m.treatmentCode,
      discrepancy: notes.length > 0 ? notes.join('；') : null,
    };
  });
}
