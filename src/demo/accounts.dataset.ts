import type { Trx } from '../db/database';
import { generateDemoAccounts, PROVINCES_31 } from '../modules/accounts/engine';
import { loadGeneratedAccounts, regionResolver } from '../modules/accounts';
import { createModel } from '../modules/balance';
import { loadGeneratedReport } from '../modules/reporting';
import { DEMO_GRANULE_LINE } from '../modules/balance/engine';
import { findOrganisationByCode } from '../modules/organisations';
import { systemServiceContext } from '../platform/viewer';
import type { DemoStep } from './step';

/**
 * Regional material-flow accounts 2010–2024 for four provinces (浙江 among them), all 14
 * resource kinds, GDP and population. Generated data, calibrated so that 浙江 2010→2013 shows
 * the change published in seed 004 (resources +10 %, GDP +27 %, productivity +15.4 %).
 */
const DEMO_ACCOUNT_PROVINCES = ['浙江', '江苏', '山东', '河南'] as const;

export const accountsStep: DemoStep = {
  id: 'accounts',
  name: 'accounts: regional material-flow accounts 2010–2024 (generated)',
  async load(trx: Trx, report) {
    const data = generateDemoAccounts({ regions: DEMO_ACCOUNT_PROVINCES, from: 2010, to: 2024 });
    const resolve = await regionResolver(trx);
    const code = (name: string) => {
      const c = resolve(name);
      if (!c) throw new Error(`demo accounts: no region ${name} (${PROVINCES_31.length} provinces expected in the reference data)`);
      return c;
    };
    const coded = {
      baseYear: data.baseYear,
      materials: data.materials.map((m) => ({ ...m, region: code(m.region) })),
      economy: data.economy.map((e) => ({ ...e, region: code(e.region) })),
    };
    await loadGeneratedAccounts(trx, systemServiceContext('demo'), coded, report);
  },
};

/** The extraction line of 涡河配方颗粒's granule workshop, with measurements and uncertainties. */
export const balanceStep: DemoStep = {
  id: 'balance',
  name: 'balance: formula-granule extraction line model',
  async load(trx, report) {
    const org = await findOrganisationByCode(trx, 'BZ-MFR-GUOHE');
    if (!org) throw new Error('demo balance: organisation BZ-MFR-GUOHE missing');
    await createModel(trx, systemServiceContext('demo'), org.id, { name: '配方颗粒车间 提取线物料平衡（演示）', model: DEMO_GRANULE_LINE });
    report(1, 1);
  },
};

/**
 * Direct reporting in the demo park for 2025: most manufacturers and utilisers have reported
 * and been accepted (so the public aggregate has enough firms per cell), one report waits for
 * review, one was returned with a comment, and the rest are missing.
 */
export const reportingStep: DemoStep = {
  id: 'reporting',
  name: 'reporting: 2025 direct reports of the park’s firms (generated)',
  async load(trx, report) {
    const plan: [code: string, status: 'accepted' | 'submitted' | 'returned' | 'draft', coal: number, timber: number, grain: number, output: number][] = [
      ['BZ-MFR-HUATUO', 'accepted', 5200, 0, 0, 68000],
      ['BZ-MFR-GUOHE', 'accepted', 3100, 0, 0, 41000],
      ['BZ-MFR-YAODU', 'accepted', 2800, 0, 120, 23000],
      ['BZ-MFR-JIUZHOU', 'accepted', 4100, 0, 0, 52000],
      ['BZ-UTL-SENDA', 'accepted', 1900, 8600, 0, 15000],
      ['BZ-UTL-FENGMU', 'submitted', 900, 0, 2400, 9800],
      ['BZ-MFR-SHAODU', 'returned', 700, 0, 0, 12500],
      ['BZ-MFR-KANGYANG', 'draft', 400, 0, 300, 7600],
    ];
    const ctx = systemServiceContext('demo');
    let done = 0;
    for (const [code, status, coal, timber, grain, output] of plan) {
      const org = await findOrganisationByCode(trx, code);
      if (!org) throw new Error(`demo reporting: organisation ${code} missing`);
      const lines = [
        { kind: 'coal', unit: 't', consumed: coal, recycled: 0 },
        ...(timber ? [{ kind: 'timber', unit: 'm3', consumed: timber, recycled: Math.round(timber * 0.35) }] : []),
        ...(grain ? [{ kind: 'industrialGrain', unit: 't', consumed: grain, recycled: 0 }] : []),
      ];
      await loadGeneratedReport(trx, ctx, {
        organisationId: org.id,
        period: '2025',
        outputValue: output,
        lines,
        status,
        comment: status === 'returned' ? '燃煤消耗量与上年相比下降 60%，请核实计量数据并补充说明。' : null,
      });
      report(++done, plan.length);
    }
  },
};
