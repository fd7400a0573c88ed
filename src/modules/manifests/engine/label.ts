/**
 * The label of a load (issue 13): a QR code of the manifest's public verification URL, as SVG
 * and PNG, and a printable A6 PDF (105 × 148 mm) with Chinese text. A hazardous load's label
 * carries the content of the hazardous-waste label (HJ 1276; the field list is recalled and
 * marked unverified in `label.texts.ts`).
 *
 * No I/O: the caller passes the CJK font's bytes (the bulletins module resolves the same font:
 * HERBLOOP_PDF_FONT, the packaged Noto Sans SC, or Debian's fonts-noto-cjk); pdfkit embeds only
 * the glyphs used. The QR in the PDF is drawn as vector squares, sharp on any printer; error
 * correction M (15 %) survives a scuffed label.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { type HazardCharacteristic, type HazardousLabelField, hazardousLabelFields, type LabelLanguage, labelTexts } from './label.texts';

export interface LabelFont {
  bytes: Uint8Array;
  /** PostScript name of the member of a font collection (.ttc). */
  member?: string;
}

/** The hazardous-waste label's content: one value per field of `hazardousLabelFields` (label.texts.ts). */
export type HazardousLabelContent = Record<Exclude<HazardousLabelField, 'characteristics' | 'remarks'>, string> & {
  characteristics: HazardCharacteristic[];
  remarks?: string;
};

export interface LoadLabel {
  manifestNumber: string;
  /** Public page that shows the manifest's status and verification result. */
  verifyUrl: string;
  generator: string;
  receiver: string;
  /** YYYY-MM-DD */
  createdOn: string;
  lines: { wasteCode: string; description: string; quantity: string; weighed: boolean }[];
  hazardous?: HazardousLabelContent | null;
}

const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 2 } as const;

/** The QR code of the verification URL as an SVG document. */
export function labelQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { ...QR_OPTIONS, type: 'svg' });
}

/** The QR code as PNG, `scale` pixels per module (8: about 300 px for a typical URL). */
export function labelQrPng(url: string, scale = 8): Promise<Buffer> {
  return QRCode.toBuffer(url, { ...QR_OPTIONS, type: 'png', scale });
}

const MM = 72 / 25.4;
const HAZARD_ORANGE = '#ff9600';

function drawQr(doc: PDFKit.PDFDocument, url: string, x: number, y: number, size: number): void {
  const modules = QRCode.create(url, { errorCorrectionLevel: QR_OPTIONS.errorCorrectionLevel }).modules;
  const n = modules.size + 2 * QR_OPTIONS.margin;
  const cell = size / n;
  doc.save().rect(x, y, size, size).fill('#ffffff').fillColor('#000000');
  for (let r = 0; r < modules.size; r++) {
    for (let c = 0; c < modules.size; c++) {
      if (modules.get(r, c)) doc.rect(x + (c + QR_OPTIONS.margin) * cell, y + (r + QR_OPTIONS.margin) * cell, cell, cell);
    }
  }
  doc.fill('#000000').restore();
}

/** One field's printed value; null leaves the row off (no remarks). */
function hazardousValue(hz: HazardousLabelContent, field: HazardousLabelField, names: Record<HazardCharacteristic, string>): string | null {
  if (field === 'characteristics') return hz.characteristics.map((c) => `${names[c]}（${c}）`).join('、');
  if (field === 'weight') return hz.weight ? `${hz.weight} t` : '';
  if (field === 'remarks') return hz.remarks ? hz.remarks : null;
  return hz[field];
}

/** The label's rows (name, value), in print order. */
export function labelRows(label: LoadLabel, language: LabelLanguage = 'zh-CN'): [string, string][] {
  const t = labelTexts[language];
  const hz = label.hazardous;
  const rows: [string, string][] = [[t.manifest, label.manifestNumber]];
  if (hz) {
    for (const field of hazardousLabelFields) {
      const value = hazardousValue(hz, field, t.hazard);
      if (value !== null) rows.push([t.hazardous[field], value]);
    }
  }
  rows.push([t.generator, label.generator], [t.receiver, label.receiver], [t.created, label.createdOn]);
  label.lines.forEach((line, i) => rows.push([`${t.lines} ${i + 1}`, `${line.wasteCode} ${line.description} ${line.quantity} t（${line.weighed ? t.weighed : t.estimated}）`]));
  return rows;
}

/** Renders the A6 label (one page; rows that cannot fit even at 5 pt are left off the end: the caller bounds the fields’ lengths). */
export async function renderLabelPdf(label: LoadLabel, font: LabelFont, language: LabelLanguage = 'zh-CN'): Promise<Buffer> {
  const t = labelTexts[language];
  const margin = 6 * MM;
  const doc = new PDFDocument({ size: 'A6', margins: { top: margin, bottom: 0, left: margin, right: margin }, info: { Title: `${t.manifest} ${label.manifestNumber}`, Creator: 'herbloop' }, lang: language });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const bytes = Buffer.from(font.bytes.buffer, font.bytes.byteOffset, font.bytes.byteLength);
  if (font.member) doc.registerFont('cjk', bytes, font.member);
  else doc.registerFont('cjk', bytes);
  doc.font('cjk');
  const width = doc.page.width - 2 * margin;
  // Everything is placed against this page's bottom margin by hand (pdfkit's own bottom margin
  // is 0, so that the last line under the QR never starts a second page).
  // The QR sits at the bottom, centred, 36 mm square (readable by a phone at arm's length).
  const qr = 36 * MM;
  const qrY = doc.page.height - margin - qr - 7 * MM;

  const hz = label.hazardous;
  let top: number;
  if (hz) {
    doc.rect(0, 0, doc.page.width, 16 * MM).fill(HAZARD_ORANGE);
    doc.fillColor('#000000').fontSize(20).text(t.hazardousTitle, margin, 4 * MM, { width, align: 'center' });
    top = 18 * MM;
  } else {
    doc.fillColor('#2f7d4f').fontSize(12).text(t.generalTitle, margin, margin, { width, align: 'center' });
    top = doc.y + 2 * MM;
  }
  const rows = labelRows(label, language);
  // The largest type (10 pt down to 5 pt) whose rows fit above the QR: the label is one page.
  const room = qrY - 2 * MM - top;
  const rowText = ([name, value]: [string, string]) => `${name}：${value || '—'}`;
  let size = 10;
  while (size > 5 && rows.reduce((h, r) => h + doc.fontSize(size).heightOfString(rowText(r), { width }), 0) > room) size -= 0.25;
  doc.y = top;
  for (const [name, value] of rows) {
    if (doc.y + doc.fontSize(size).heightOfString(rowText([name, value]), { width }) > qrY - 2 * MM) break;
    doc.fontSize(size).fillColor('#555555').text(`${name}：`, margin, doc.y, { width, continued: true }).fillColor('#000000').text(value || '—');
  }

  drawQr(doc, label.verifyUrl, (doc.page.width - qr) / 2, qrY, qr);
  doc.fontSize(7).fillColor('#000000').text(t.scan, margin, qrY + qr + 1 * MM, { width, align: 'center' });
  doc.fontSize(6).fillColor('#555555').text(label.verifyUrl, margin, doc.y, { width, align: 'center', link: label.verifyUrl, lineBreak: false, ellipsis: true });
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
