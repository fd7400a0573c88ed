import { cjkPdfDocument } from '../../platform/pdf-document';
import type { loadBulletinPdf } from '../bulletins';
import type { EvaluationView } from './symbiosis.schema';

/**
 * The evaluation report as an A4 PDF in Chinese (pdfkit; the CJK font subset is embedded).
 * Charts are vector shapes drawn with pdfkit's paths, so they print sharp and need no browser:
 * per indicator system, horizontal bars of each indicator's latest value as a share of its
 * threshold (the 100 % line marks the standard), then a table of every value with its source.
 */

type PdfFont = ReturnType<Awaited<ReturnType<typeof loadBulletinPdf>>['resolvePdfFont']>;

const GREEN = '#2f7d4f';
const RED = '#cf1322';
const GREY = '#8c8c8c';

const fmt = (x: number | null) => (x === null ? '—' : Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2));

export async function renderEvaluationPdf(view: EvaluationView, font: PdfFont): Promise<Buffer> {
  const title = `${view.subject.nameZh} 循环经济评价报告`;
  const { doc, finish } = cjkPdfDocument({ size: 'A4', margins: { top: 56, bottom: 56, left: 56, right: 56 }, info: { Title: title, Author: 'herbloop', Creator: 'herbloop' }, lang: 'zh-CN', displayTitle: true }, font);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const ensure = (height: number) => {
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
  };

  doc.fontSize(18).fillColor('#000').text(title, { align: 'center' });
  doc.moveDown(0.3).fontSize(10).fillColor('#555').text(`评价年份 ${view.years[0]}–${view.years[view.years.length - 1]}\u3000·\u3000数据来源：平台计算与园区填报（逐项注明）`, { align: 'center' });
  doc.moveDown(0.8);

  const latest = view.years[view.years.length - 1]!;
  for (const system of view.systems) {
    ensure(120);
    doc.fontSize(13).fillColor(GREEN).text(`${system.nameZh}（${system.edition}，第 ${system.version} 版）`);
    doc.moveDown(0.3).fontSize(9).fillColor('#555').text(`条形：${latest} 年数值与标准值之比，竖线为标准值（100 %）；“越低越好”的指标取标准值与数值之比。未核对的指标或标准值标“*”。`);
    doc.moveDown(0.4);

    // The bar chart: label column, bar area with the 100 % line, value text.
    const labelW = width * 0.38;
    const barX = left + labelW + 6;
    const barW = width * 0.42;
    const rowH = 14;
    const chartRows = system.indicators.filter((d) => d.threshold !== null && d.threshold !== 0);
    ensure(chartRows.length * rowH + 20);
    const top = doc.y;
    const full = barW / 1.5; // 150 % fills the area
    chartRows.forEach((d, k) => {
      const y = top + k * rowH;
      const score = d.scores.find((s) => s.year === latest);
      const v = score?.value ?? null;
      const ratio = v === null ? null : d.direction === 'higher' ? v / d.threshold! : v === 0 ? 1.5 : d.threshold! / v;
      doc.fontSize(8).fillColor('#000').text(`${d.nameZh}${d.verified ? '' : '*'}`, left, y + 2, { width: labelW, height: rowH, ellipsis: true, lineBreak: false });
      doc.rect(barX, y + 2, barW, rowH - 4).fillColor('#f0f0f0').fill();
      if (ratio !== null) {
        const w = Math.max(0, Math.min(1.5, ratio)) * full;
        doc.rect(barX, y + 2, w, rowH - 4).fillColor(score?.meetsThreshold ? GREEN : RED).fill();
      }
      doc.fontSize(8).fillColor(v === null ? GREY : '#000').text(`${fmt(v)} ${d.unit}`.trim(), barX + barW + 6, y + 2, { width: width - labelW - barW - 12, lineBreak: false });
    });
    if (chartRows.length > 0) {
      doc.moveTo(barX + full, top).lineTo(barX + full, top + chartRows.length * rowH).strokeColor('#000').lineWidth(0.8).dash(2, { space: 2 }).stroke().undash();
      doc.y = top + chartRows.length * rowH + 8;
      doc.x = left;
    }

    // Met indicators per year: a small vector line chart.
    const counts = view.years.map((y) => system.indicators.filter((d) => d.scores.find((s) => s.year === y)?.meetsThreshold === true).length);
    const total = Math.max(1, system.indicators.length);
    const chartH = 60;
    ensure(chartH + 30);
    const cy = doc.y + 4;
    const cw = Math.min(width, 80 * view.years.length);
    doc.rect(left, cy, cw, chartH).strokeColor('#d9d9d9').lineWidth(0.5).stroke();
    const px = (k: number) => left + (view.years.length === 1 ? cw / 2 : 10 + (k * (cw - 20)) / (view.years.length - 1));
    const py = (c: number) => cy + chartH - 6 - (c / total) * (chartH - 12);
    counts.forEach((c, k) => {
      if (k === 0) doc.moveTo(px(k), py(c));
      else doc.lineTo(px(k), py(c));
    });
    if (counts.length > 1) doc.strokeColor(GREEN).lineWidth(1.5).stroke();
    counts.forEach((c, k) => {
      doc.circle(px(k), py(c), 2.5).fillColor(GREEN).fill();
      doc.fontSize(7).fillColor('#000').text(`${view.years[k]}：${c}/${system.indicators.length}`, px(k) - 25, cy + chartH + 2, { width: 50, align: 'center', lineBreak: false });
    });
    doc.y = cy + chartH + 16;
    doc.x = left;
    doc.fontSize(8).fillColor('#555').text('折线：各年达标指标数 / 指标总数', left);
    doc.moveDown(0.5);

    // The values with their sources.
    for (const d of system.indicators) {
      ensure(28);
      doc.fontSize(9).fillColor('#000').text(`${d.nameZh}${d.verified ? '' : '*'}（${d.unit || '—'}；标准 ${d.threshold === null ? '—' : `${d.direction === 'higher' ? '≥' : '≤'} ${d.threshold}`}）`, left);
      const line = d.scores.map((s) => `${s.year}：${fmt(s.value)}${s.meetsThreshold === null ? '' : s.meetsThreshold ? ' 达标' : ' 未达标'}（${s.origin === 'computed' ? '平台计算' : '填报'}：${s.source}）`).join('；');
      doc.fontSize(8).fillColor('#555').text(line, left + 10, doc.y, { width: width - 10 });
      doc.moveDown(0.2);
    }
    doc.moveDown(0.6);
  }

  if (view.comparison.length > 0) {
    ensure(60);
    doc.fontSize(13).fillColor(GREEN).text('区域内其他园区（汇总）', left);
    doc.moveDown(0.3);
    for (const c of view.comparison) doc.fontSize(9).fillColor('#000').text(`${c.park.nameZh}：${c.year} 年 ${c.met}/${c.withValue} 项达标`, left);
  }
  return finish();
}
