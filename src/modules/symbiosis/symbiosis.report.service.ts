import type { Executor } from '../../db/database';
import { writeTable } from '../../platform/table-writer';
import type { ServiceContext } from '../../platform/viewer';
import { loadBulletinPdf } from '../bulletins';
import { parkEvaluation } from './symbiosis.evaluation.service';
import type { EvaluationView } from './symbiosis.schema';

/**
 * The evaluation report (issue 14) of a park over a span of years: as .xlsx (one row per
 * indicator and year, through the table writer) or as a PDF in Chinese with vector charts (one
 * bar chart per indicator system: each indicator's latest value against its threshold, and a
 * line of met indicators per year). The PDF uses the bulletins' CJK font (HERBLOOP_PDF_FONT or the
 * packaged one); its policy and data are the evaluation API's.
 */

export type ReportFormat = 'xlsx' | 'pdf';

const num = (x: number | null) => (x === null ? '' : Math.round(x * 100) / 100);
const met = (x: boolean | null) => (x === null ? '—' : x ? '达标 met' : '未达标 not met');

export async function evaluationReport(db: Executor, ctx: ServiceContext, parkText: string, span: { from?: number | undefined; to?: number | undefined }, format: ReportFormat, fontSetting: string | undefined): Promise<{ data: Buffer; name: string }> {
  const view = await parkEvaluation(db, ctx, parkText, span);
  const name = `evaluation-${view.years[0]}-${view.years[view.years.length - 1]}.${format}`;
  if (format === 'xlsx') return { data: await evaluationXlsx(view), name };
  const { resolvePdfFont } = await loadBulletinPdf();
  const { renderEvaluationPdf } = await import('./symbiosis.report.pdf');
  return { data: await renderEvaluationPdf(view, resolvePdfFont(fontSetting)), name };
}

function evaluationXlsx(view: EvaluationView): Promise<Buffer> {
  const rows = view.systems.flatMap((s) =>
    s.indicators.flatMap((d) =>
      d.scores.map((sc) => ({
        system: `${s.nameZh} (${s.edition}, v${s.version})`,
        category: d.category,
        indicator: `${d.nameZh} / ${d.nameEn}`,
        unit: d.unit,
        threshold: d.threshold === null ? '' : `${d.direction === 'higher' ? '≥' : '≤'} ${d.threshold}`,
        verified: d.verified ? '已核对 verified' : '未核对 unverified',
        year: sc.year,
        value: num(sc.value),
        meets: met(sc.meetsThreshold),
        origin: sc.origin === 'computed' ? '平台计算 computed' : '填报 entered',
        source: sc.source,
      })),
    ),
  );
  return writeTable(
    [
      { key: 'system', header: '指标体系 system' },
      { key: 'category', header: '类别 category' },
      { key: 'indicator', header: '指标 indicator' },
      { key: 'unit', header: '单位 unit' },
      { key: 'threshold', header: '标准值 threshold' },
      { key: 'verified', header: '核对 checked' },
      { key: 'year', header: '年份 year' },
      { key: 'value', header: '数值 value' },
      { key: 'meets', header: '达标 meets' },
      { key: 'origin', header: '来源类型 origin' },
      { key: 'source', header: '数据来源 source' },
    ],
    rows,
    'xlsx',
  );
}
