/**
 * The PDF of a bulletin (pdfkit, pure JS). Chinese needs a CJK font; pdfkit embeds only the
 * glyphs used (a subset), so a bulletin stays a few tens of kB whatever the font's size.
 *
 * Font, first found wins:
 * 1. HERBLOOP_PDF_FONT (`/path/font.ttf`, or `/path/fonts.ttc#PostScriptName` for a collection);
 * 2. Noto Sans SC from the npm package @expo-google-fonts/noto-sans-sc (an optional dependency,
 *    so `npm ci` brings it on a fresh machine; TrueType outlines, which subset small and fast);
 * 3. Debian's fonts-noto-cjk (`NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular`).
 * None: the stable error `pdf_font_unavailable`.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { AppError } from '../../platform/errors';
import { cjkPdfDocument } from '../../platform/pdf-document';
import { audienceLabels, levelLabels, recommendationLabels } from './bulletins.labels';
import type { PublicBulletinView } from './bulletins.schema';

const require = createRequire(import.meta.url);
const SYSTEM_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular';
const PACKAGED_FONT = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';

export interface PdfFont {
  path: string;
  /** PostScript name of the member of a font collection (.ttc). */
  member?: string;
  source: 'HERBLOOP_PDF_FONT' | 'npm package' | 'system';
}

function parseFontSpec(spec: string): { path: string; member?: string } {
  const hash = spec.lastIndexOf('#');
  return hash > 0 ? { path: spec.slice(0, hash), member: spec.slice(hash + 1) } : { path: spec };
}

function packagedFontPath(): string | null {
  try {
    return require.resolve(PACKAGED_FONT);
  } catch {
    return null;
  }
}

/** Finds the font (see the file comment); `configured` is HERBLOOP_PDF_FONT. */
export function resolvePdfFont(configured: string | undefined, systemFont = SYSTEM_FONT): PdfFont {
  if (configured) {
    const spec = parseFontSpec(configured);
    if (!fs.existsSync(spec.path)) {
      throw new AppError('pdf_font_unavailable', `HERBLOOP_PDF_FONT names ${spec.path}, which does not exist: point it at a CJK .ttf/.otf (or .ttc#PostScriptName).`);
    }
    return { ...spec, source: 'HERBLOOP_PDF_FONT' };
  }
  const packaged = packagedFontPath();
  if (packaged) return { path: packaged, source: 'npm package' };
  const system = parseFontSpec(systemFont);
  if (fs.existsSync(system.path)) return { ...system, source: 'system' };
  throw new AppError(
    'pdf_font_unavailable',
    'No CJK font for bulletin PDFs: run `npm install` (the optional package @expo-google-fonts/noto-sans-sc), install Debian’s fonts-noto-cjk, or set HERBLOOP_PDF_FONT.',
  );
}


const levelColours: Record<PublicBulletinView['level'], string> = { blue: '#1677ff', yellow: '#d48806', orange: '#fa8c16', red: '#cf1322' };
const statusLabels: Record<PublicBulletinView['status'], string> = { draft: '草稿（未发布）', published: '已发布', withdrawn: '已撤回' };

/** The ideographic space (U+3000) between header items, as Chinese documents set them. */
const GAP = '\u3000';
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function beijingDate(isoString: string | null): string {
  if (!isoString) return '—';
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(isoString));
}

/** Renders the bulletin as an A4 PDF (Chinese). */
export async function renderBulletinPdf(b: PublicBulletinView, font: PdfFont): Promise<Buffer> {
  const { doc, finish } = cjkPdfDocument(
    {
      size: 'A4',
      margins: { top: 56, bottom: 56, left: 60, right: 60 },
      info: { Title: b.title, Author: b.publisher ?? 'herbloop', Subject: `基本药物供应预警通报 ${b.number ?? ''}`.trim(), Creator: 'herbloop' },
      lang: 'zh-CN',
      displayTitle: true,
    },
    font,
  );

  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const heading = (text: string) => {
    doc.moveDown(0.8).fillColor('#2f7d4f').fontSize(13).text(text).moveDown(0.3).fillColor('#000').fontSize(10.5);
  };

  doc.fillColor('#555').fontSize(10).text(`基本药物供应预警通报${GAP}${b.number ? `第 ${b.number} 号` : '（未编号）'}${GAP}${statusLabels[b.status]}`, { align: 'center' });
  doc.moveDown(0.5).fillColor('#000').fontSize(18).text(b.title, { align: 'center' });
  doc.moveDown(0.4).fontSize(10).fillColor(levelColours[b.level]).text(levelLabels[b.level], { align: 'center' });
  doc.fillColor('#555').text(`${b.publisher ?? ''}${GAP}${beijingDate(b.publishedAt)}`.trim(), { align: 'center' });
  doc
    .moveTo(doc.page.margins.left, doc.y + 6)
    .lineTo(doc.page.margins.left + width, doc.y + 6)
    .strokeColor(levelColours[b.level])
    .lineWidth(1.5)
    .stroke();
  doc.moveDown(1).fillColor('#000').fontSize(10.5);

  if (b.status === 'withdrawn') {
    doc.fillColor('#cf1322').text(`本通报已于 ${beijingDate(b.withdrawnAt)} 撤回。撤回原因：${b.withdrawalReason ?? ''}`).fillColor('#000');
  }

  heading('涉及品种');
  doc.text(b.products.map((p) => `${p.nameZh}（${p.code}）`).join('、'));
  doc.text(`通报对象：${b.audiences.map((a) => audienceLabels[a]).join('、')}`);

  if (b.snapshot && b.snapshot.products.length > 0) {
    heading(`成本监测数据（${b.snapshot.date}）`);
    for (const p of b.snapshot.products) {
      const shares = p.topShares.map((s) => `${s.herb} ${pct(s.share)}`).join('，');
      doc.text(
        `${p.nameZh}：原料成本 Y = ${p.cost.toFixed(2)} 元，最高零售价 P = ${p.priceCap.toFixed(2)} 元，Y/P = ${pct(p.ratio)}（合理区间 ${(p.band[0] * 100).toFixed(0)}%～${(p.band[1] * 100).toFixed(0)}%）；成本构成：${shares}。`,
      );
    }
  }

  heading('警情分析');
  for (const para of b.analysis.split(/\n\s*\n|\r?\n/).filter((s) => s.trim() !== '')) doc.text(para.trim(), { indent: 21, paragraphGap: 4, align: 'justify' });

  if (b.recommendations.length > 0) {
    heading('建议措施');
    b.recommendations.forEach((r, i) => doc.text(`${i + 1}. 【${recommendationLabels[r.code]}】${r.text}`, { paragraphGap: 4 }));
  }

  doc.moveDown(1.5).fontSize(8.5).fillColor('#888').text(`herbloop 基本药物供应预警${GAP}${b.links.page}`, { link: b.links.page });
  return finish();
}
