import type { Trx } from '../db/database';
import { checkAccountsQuality, generateDemoAccounts, PROVINCES_31 } from '../modules/accounts/engine';
import { loadCatalogue, replaceOpenFindings, upsertEconomyRows, upsertMaterialRows } from '../modules/accounts/accounts.repository';
import { regionResolver } from '../modules/accounts/accounts.service';
import { createModel } from '../modules/balance/balance.service';
import { DEMO_GRANULE_LINE } from '../modules/balance/engine';
import { findOrganisationByCode } from '../modules/organisations/organisations.repository';
import { systemContext } from '../platform/audit';
import type { DemoStep } from './load';

/**
 * Regional material-flow accounts 2010–2024 for four provinces (浙江 among them), all 14
 * resource kinds, GDP and population. Generated data, calibrated so that 浙江 2010→2013 shows
 * the change published in seed 004 (resources +10 %, GDP +27 %, productivity +15.4 %).
 */
export const DEMO_ACCOUNT_PROVINCES = ['浙江', '江苏', '山东', '河南'] as const;

export const accountsStep: DemoStep = {
  name: 'accounts: regional material-flow accounts 2010–2024 (generated)',
  async load(trx: Trx, report) {
    const data = generateDemoAccounts({ regions: DEMO_ACCOUNT_PROVINCES, from: 2010, to: 2024 });
    const resolve = await regionResolver(trx);
    const code = (name: string) => {
      const c = resolve(name);
      if (!c) throw new Error(`demo accounts: no region ${name} (${PROVINCES_31.length} provinces expected in the reference data)`);
      return c;
    };
    await upsertEconomyRows(trx, data.economy.map((e) => ({ ...e, region: code(e.region), baseYear: data.baseYear, importId: null })));
    report(1, 3);
    await upsertMaterialRows(trx, data.materials.map((m) => ({ ...m, region: code(m.region), importId: null })));
    report(2, 3);
    const coded = {
      baseYear: data.baseYear,
      materials: data.materials.map((m) => ({ ...m, region: code(m.region) })),
      economy: data.economy.map((e) => ({ ...e, region: code(e.region) })),
    };
    const quality = checkAccountsQuality(coded, { catalogue: await loadCatalogue(trx) });
    await replaceOpenFindings(
      trx,
      [...new Set(coded.economy.map((e) => e.region))],
      quality.findings.map((f) => ({ ...f, fileRow: null, importId: null })),
    );
    report(3, 3);
  },
};

/** The extraction line of 涡河配方颗粒's granule workshop, with measurements and uncertainties. */
export const balanceStep: DemoStep = {
  name: 'balance: formula-granule extraction line model',
  async load(trx, report) {
    const org = await findOrganisationByCode(trx, 'BZ-MFR-GUOHE');
    if (!org) throw new Error('demo balance: organisation BZ-MFR-GUOHE missing');
    await createModel(trx, systemContext('demo'), org.id, { name: '配方颗粒车间 提取线物料平衡（演示）', model: DEMO_GRANULE_LINE });
    report(1, 1);
  },
};
