import { loadConfig } from '../config';
import type { Trx } from '../db/database';
import { createLicence, createManifest, manifestsDeps, signEvent, type SignEventBody } from '../modules/manifests';
import { findOrganisationByCode, listSites } from '../modules/organisations';
import { systemServiceContext } from '../platform/viewer';
import type { DemoStep } from './step';

const ctx = systemServiceContext('demo:manifests');

async function orgAndSite(trx: Trx, code: string): Promise<{ id: string; site: string }> {
  const org = await findOrganisationByCode(trx, code);
  if (!org) throw new Error(`demo organisation ${code} missing`);
  const [site] = await listSites(trx, org.id);
  return { id: org.id, site: site!.id };
}

interface DemoLoad {
  generator: string;
  receiver: string;
  transporters: string[];
  tonnes: string;
  /** The custody steps after creation; the receipt's weight and outcome make the anomalies. */
  until: 'in-transit' | 'closed' | 'refused-returned';
  received?: string;
  refused?: string;
  daysAgo: number;
}

/**
 * A few manifests of herb residue between the demo firms (a small set; the full two years of
 * issue 13 come with the rest of its demo): closed ones, one weighed 8 % light on receipt (a
 * weight discrepancy), one partially refused, one refused and returned, one still on the road
 * with two transporters. Signed by the system for each party, with keys made on first use.
 */
const loads: DemoLoad[] = [
  { generator: 'BZ-MFR-HUATUO', receiver: 'BZ-UTL-LVYUAN', transporters: ['BZ-TRN-TONGDA'], tonnes: '12.4', until: 'closed', received: '12.38', daysAgo: 20 },
  { generator: 'BZ-MFR-SHAODU', receiver: 'BZ-UTL-LVYUAN', transporters: ['BZ-TRN-TONGDA'], tonnes: '8', until: 'closed', received: '7.36', daysAgo: 14 },
  { generator: 'BZ-MFR-YAODU', receiver: 'BZ-UTL-ZHAONENG', transporters: ['BZ-TRN-SHUNAN'], tonnes: '20', until: 'closed', received: '19.9', refused: '1.5', daysAgo: 9 },
  { generator: 'BZ-MFR-GUOHE', receiver: 'BZ-UTL-FENGMU', transporters: ['BZ-TRN-TONGDA'], tonnes: '5.5', until: 'refused-returned', received: '5.5', daysAgo: 5 },
  { generator: 'BZ-MFR-JIUZHOU', receiver: 'BZ-UTL-LVYUAN', transporters: ['BZ-TRN-TONGDA', 'BZ-TRN-SHUNAN'], tonnes: '15', until: 'in-transit', daysAgo: 1 },
];

export const manifestsStep: DemoStep = {
  id: 'manifests',
  name: 'Electronic manifests',
  async load(trx, report) {
    const deps = manifestsDeps(loadConfig().dataDir);
    const now = Date.now();
    for (const receiverCode of ['BZ-UTL-LVYUAN', 'BZ-UTL-ZHAONENG', 'BZ-UTL-FENGMU']) {
      const r = await orgAndSite(trx, receiverCode);
      await createLicence(trx, ctx, { organisationId: r.id, siteId: r.site, number: `皖亳固利〔2026〕${receiverCode.slice(-3)}号`, categories: ['SW13', 'SW59'], annualCapacity: '30000', validFrom: '2026-01-01', validUntil: '2028-12-31' });
    }
    for (const [i, load] of loads.entries()) {
      const g = await orgAndSite(trx, load.generator);
      const r = await orgAndSite(trx, load.receiver);
      const transporters = await Promise.all(load.transporters.map((c) => orgAndSite(trx, c)));
      const licence = await trx.selectFrom('manifest_licences').select('id').where('organisation_id', '=', r.id).executeTakeFirstOrThrow();
      const at = (hours: number) => new Date(now - load.daysAgo * 86_400_000 + hours * 3_600_000);
      const m = await createManifest(
        trx,
        ctx,
        deps,
        {
          generatorId: g.id,
          generatorSiteId: g.site,
          receiverId: r.id,
          receiverSiteId: r.site,
          licenceId: licence.id,
          transporters: transporters.map((t, k) => ({ organisationId: t.id, plate: `皖S·${String(2300 + i * 7 + k)}`, driverName: k === 0 ? '马强' : '罗斌' })),
          lines: [{ wasteCode: 'SW13', description: '中药渣（湿）', packaging: '吨袋', quantity: load.tonnes, unit: 't', measure: 'estimated' }],
        },
        at(0),
      );
      const steps: SignEventBody[] = [{ kind: 'sealed' }, { kind: 'picked-up', weights: [{ line: 1, quantity: load.tonnes }] }];
      if (load.transporters.length > 1) steps.push({ kind: 'handed-over', to: 2 });
      if (load.until !== 'in-transit') {
        steps.push({ kind: 'delivered' });
        if (load.until === 'refused-returned') {
          steps.push({ kind: 'received', lines: [{ line: 1, outcome: 'refused', received: load.received!, reason: '霉变，不符合合同质量要求' }] }, { kind: 'returned', reason: '拒收退回' }, { kind: 'closed' });
        } else {
          const line = load.refused
            ? { line: 1, outcome: 'partially-refused' as const, received: load.received!, refused: load.refused, reason: '混有包装杂物' }
            : { line: 1, outcome: 'accepted' as const, received: load.received! };
          steps.push({ kind: 'received', lines: [line] }, { kind: 'processed', treatmentCode: 'R3', product: '生物有机肥' }, { kind: 'closed' });
        }
      }
      for (const [k, body] of steps.entries()) await signEvent(trx, ctx, deps, m.id, body, at(2 + k * 3));
      report(i + 1, loads.length);
    }
  },
};
