import fs from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { extractPdfText } from '../../../../test/helpers/pdf';
import { resolvePdfFont } from '../../bulletins/bulletins.pdf';
import { labelQrPng, labelQrSvg, labelRows, renderLabelPdf, type LoadLabel } from './label';
import { hazardousLabelFields, labelTexts } from './label.texts';

/** The font the server would use (HERBLOOP_PDF_FONT, the packaged Noto Sans SC, or Debian's). */
const resolved = resolvePdfFont(process.env.HERBLOOP_PDF_FONT);
const font = { bytes: fs.readFileSync(resolved.path), ...(resolved.member ? { member: resolved.member } : {}) };

const URL = 'https://herbloop.example.cn/public/manifests/HB-341602-2026-000123';
const general: LoadLabel = {
  manifestNumber: 'HB-341602-2026-000123',
  verifyUrl: URL,
  generator: '亳州市某中药饮片有限公司',
  receiver: '亳州市某生物有机肥有限公司',
  createdOn: '2026-11-02',
  lines: [{ wasteCode: 'SW17', description: '丹参药渣', quantity: '12.5', weighed: true }],
};
const hazardous: LoadLabel = {
  ...general,
  hazardous: {
    wasteName: '废有机溶剂',
    category: 'HW06',
    code: '900-402-06',
    form: '液态',
    characteristics: ['T', 'I'],
    mainComponents: '乙醇、水',
    harmfulComponents: '甲醇',
    precautions: '远离火源，密闭储存，防止泄漏。'.repeat(6),
    digitalId: '341602202611020001',
    producer: '亳州市某中药提取有限公司',
    contact: '张工',
    phone: '0558-0000000',
    producedOn: '2026-11-01',
    weight: '0.8',
  },
};

async function pageCountAndSize(pdf: Buffer): Promise<{ pages: number; width: number; height: number }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const [, , width, height] = (await doc.getPage(1)).view as [number, number, number, number];
  const pages = doc.numPages;
  await doc.destroy();
  return { pages, width, height };
}

describe('load label', () => {
  it('encodes the verification URL as a QR code in SVG and PNG', async () => {
    const svg = await labelQrSvg(URL);
    expect(svg).toMatch(/^<svg[^>]*viewBox="0 0 (\d+) \1"/);
    expect(svg).toContain('<path');
    const png = await labelQrPng(URL);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR: a square image, 8 px per module.
    const w = png.readUInt32BE(16);
    expect(png.readUInt32BE(20)).toBe(w);
    expect(w % 8).toBe(0);
  });

  it('prints an A6 page with the Chinese text of a general load', async () => {
    const pdf = await renderLabelPdf(general, font);
    expect(await pageCountAndSize(pdf)).toEqual({ pages: 1, width: 297.64, height: 419.53 });
    const text = (await extractPdfText(pdf)).replace(/\s+/g, '');
    expect(text).toContain('一般工业固体废物转移标签');
    expect(text).toContain('联单编号：HB-341602-2026-000123');
    expect(text).toContain('丹参药渣12.5t（过磅）');
    expect(text).toContain('扫码核验联单状态');
    expect(pdf.length).toBeLessThan(150_000);
  });

  it('carries the hazardous-waste label content on one page, long text included', async () => {
    const pdf = await renderLabelPdf(hazardous, font);
    expect((await pageCountAndSize(pdf)).pages).toBe(1);
    const text = (await extractPdfText(pdf)).replace(/\s+/g, '');
    for (const s of ['危险废物', '废物类别：HW06', '废物代码：900-402-06', '危险特性：毒性（T）、易燃性（I）', '有害成分：甲醇', '数字识别码：341602202611020001', '联系方式：0558-0000000', '废物重量：0.8t']) {
      expect(text).toContain(s);
    }
    expect(labelRows(hazardous, 'en').map(([name]) => name)).toContain('Hazard characteristics');
    const en = (await extractPdfText(await renderLabelPdf(hazardous, font, 'en'))).replace(/\s+/g, ' ');
    expect(en).toContain('Hazardous waste');
  });

  it('prints the hazardous fields from their one definition, in its order, remarks only when given', () => {
    for (const language of ['zh-CN', 'en'] as const) {
      const names = (label: LoadLabel) => labelRows(label, language).map(([name]) => name);
      const withRemarks: LoadLabel = { ...hazardous, hazardous: { ...hazardous.hazardous!, remarks: '桶装' } };
      const fields = hazardousLabelFields.map((f) => labelTexts[language].hazardous[f]);
      expect(names(withRemarks).slice(1, 1 + fields.length)).toEqual(fields);
      expect(names(hazardous)).not.toContain(labelTexts[language].hazardous.remarks);
      expect(names(general).some((n) => fields.includes(n))).toBe(false);
    }
  });
});
