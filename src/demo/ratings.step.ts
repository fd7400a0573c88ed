/**
 * Demo step of the credit ratings (issue 13): a few regulator findings and dispute outcomes
 * (GENERATED, plausible for 亳州 but invented), then every participant rated from its record:
 * the exchange's two years of deliveries, the manifests, these findings and disputes. The history
 * is rated at each month's end from the record as it stands (entries dated up to that day), so
 * the chart shows how each grade came about. One transporter carries a serious finding and is
 * suspended from auctions, with an appeal waiting for the regulator.
 */
import type { Trx } from '../db/database';
import { findOrganisationByCode } from '../modules/organisations';
import { appealRating, computeRatings, recordDispute, recordFinding } from '../modules/ratings';
import { systemServiceContext } from '../platform/viewer';
import type { DemoStep } from './step';

const ctx = systemServiceContext('demo:ratings');
const DAY_MS = 86_400_000;

async function idOf(trx: Trx, code: string): Promise<string> {
  const org = await findOrganisationByCode(trx, code);
  if (!org) throw new Error(`demo organisation ${code} missing`);
  return org.id;
}

const findings: { org: string; severity: 'minor' | 'major' | 'serious'; daysAgo: number; summary: string }[] = [
  { org: 'BZ-TRN-TONGDA', severity: 'serious', daysAgo: 40, summary: '运输药渣途中未覆盖篷布，沿途抛洒，被群众举报（演示）' },
  { org: 'BZ-TRN-TONGDA', severity: 'minor', daysAgo: 300, summary: '车辆未随车携带联单纸质备份（演示）' },
  { org: 'BZ-MFR-GUOHE', severity: 'major', daysAgo: 120, summary: '药渣暂存场所未设置防渗措施（演示）' },
  { org: 'BZ-UTL-SENDA', severity: 'minor', daysAgo: 500, summary: '台账记录不完整（演示）' },
];

const disputes: { org: string; outcome: 'lost' | 'won' | 'settled'; daysAgo: number; summary: string }[] = [
  { org: 'BZ-UTL-FENGMU', outcome: 'lost', daysAgo: 150, summary: '拒收后未按合同约定支付已卸货部分货款，平台调解认定违约（演示）' },
  { org: 'BZ-MFR-GUOHE', outcome: 'won', daysAgo: 150, summary: '与丰牧饲料的货款争议，认定供方无责（演示）' },
  { org: 'BZ-MFR-YAODU', outcome: 'lost', daysAgo: 420, summary: '药渣含水率超出合同约定，平台调解认定违约（演示）' },
];

export const ratingsStep: DemoStep = {
  id: 'ratings',
  name: 'Credit ratings',
  async load(trx, report) {
    const now = new Date();
    const day = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY_MS).toISOString().slice(0, 10);
    for (const f of findings) await recordFinding(trx, ctx, await idOf(trx, f.org), { severity: f.severity, foundOn: day(f.daysAgo), summary: f.summary });
    for (const d of disputes) await recordDispute(trx, ctx, await idOf(trx, d.org), { outcome: d.outcome, decidedOn: day(d.daysAgo), summary: d.summary });
    report(1, 3);
    // Month ends of the last two years.
    const backfill: string[] = [];
    for (let m = 24; m >= 1; m--) backfill.push(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - m + 1, 0)).toISOString().slice(0, 10));
    await computeRatings(trx, ctx, { asOf: now, backfill });
    report(2, 3);
    await appealRating(trx, ctx, await idOf(trx, 'BZ-TRN-TONGDA'), {
      statement: '抛洒事件系篷布绑带断裂所致，已当日清理并更换全部车辆篷布，整改报告已报送生态环境局，请求恢复竞拍资格。',
    });
    report(3, 3);
  },
};
