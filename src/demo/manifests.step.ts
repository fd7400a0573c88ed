/**
 * Demo step of the electronic manifests (issue 13): two years of loads following the exchange's
 * contracts (every delivery received under a manifest: the demo exchange step's deliveries), and a
 * few recent spot loads that tell the anomalies one by one.
 *
 * The history is derived from the contracts' deliveries (read through the exchange module's
 * index): each delivered load was sealed and picked up on its day by the carrier of its
 * receiver's route, weighed at both ends, received, processed the following days and closed. It
 * is written by the manifests module's bulk writer (`writeManifestHistory`: the same signed,
 * hash-chained rows as the services, one insert per table), which takes seconds where a service
 * call per event took minutes; the delivery rows get their manifest ids. GENERATED anomalies,
 * from a seeded generator, so that the ratings differ for reasons one can read:
 *
 * - about 3 % weight discrepancies (received more than 3 % below the pickup weight: seepage of wet
 *   residue), more often on Shunan's trucks than on Tongda's;
 * - partial refusals (impurities), far more often on Guohe's loads than on anyone else's;
 * - late receipts on the long haul to Junxiang in Guoyang county (Shunan), past the receipt rule;
 * - now: two loads on the road for days (overdue, not received), one received and never
 *   processed (overdue processing), a few loads of today still in transit;
 * - one load rerouted on the way (Fengmu's feed line stopped for maintenance; on to Zhaoneng's
 *   digesters), signed through the services as any reroute.
 *
 * The spot loads (signed through `createManifest`/`signEvent`) are there with or without the
 * exchange: closed ones, one weighed 8 % light on receipt, one partially refused, one refused and
 * returned, one still on the road with two transporters.
 */
import { loadConfig } from '../config';
import type { Trx } from '../db/database';
import { seededRandom } from '../modules/byproducts/engine';
import { deliveriesForManifests, type DeliveryForManifest } from '../modules/exchange';
import { createLicence, createManifest, type HistoricLoad, manifestsDeps, signEvent, type SignEventBody, writeManifestHistory } from '../modules/manifests';
import { findOrganisationByCode, listSites } from '../modules/organisations';
import { systemServiceContext } from '../platform/viewer';
import type { DemoStep } from './step';

const ctx = systemServiceContext('demo:manifests');
const SEED = 20261203;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Party {
  id: string;
  site: string;
}

async function orgAndSite(trx: Trx, code: string): Promise<Party> {
  const org = await findOrganisationByCode(trx, code);
  if (!org) throw new Error(`demo organisation ${code} missing`);
  const [site] = await listSites(trx, org.id);
  return { id: org.id, site: site!.id };
}

/** The receivers' licences and what they make of the residue (GENERATED). */
const RECEIVERS: { code: string; treatment: string; product: string }[] = [
  { code: 'BZ-UTL-LVYUAN', treatment: 'R3', product: '生物有机肥' },
  { code: 'BZ-UTL-ZHAONENG', treatment: 'R1', product: '沼气发电' },
  { code: 'BZ-UTL-FENGMU', treatment: 'R3', product: '发酵饲料原料' },
  { code: 'BZ-UTL-JUNXIANG', treatment: 'R3', product: '食用菌栽培基质' },
  { code: 'BZ-UTL-SENDA', treatment: 'R3', product: '中密度纤维板' },
  { code: 'BZ-UTL-BENYUAN', treatment: 'R3', product: '功能成分提取物' },
  { code: 'BZ-SVC-QINGYUAN', treatment: 'R3', product: '堆肥有机肥' },
];

/** The carriers' trucks and drivers (GENERATED). */
const FLEETS: Record<string, { plate: string; driver: string }[]> = {
  'BZ-TRN-TONGDA': [
    { plate: '皖S·2307', driver: '马强' },
    { plate: '皖S·2315', driver: '罗斌' },
    { plate: '皖S·2322', driver: '刘德胜' },
    { plate: '皖S·2338', driver: '孙宝华' },
  ],
  'BZ-TRN-SHUNAN': [
    { plate: '皖S·6A102', driver: '张建国' },
    { plate: '皖S·6A117', driver: '周海' },
    { plate: '皖S·6A125', driver: '王立新' },
  ],
};

/** Shunan drives to the receivers out of town and the feed mill; Tongda everything else. */
const CARRIER: Record<string, string> = { 'BZ-UTL-JUNXIANG': 'BZ-TRN-SHUNAN', 'BZ-UTL-FENGMU': 'BZ-TRN-SHUNAN', 'BZ-UTL-BENYUAN': 'BZ-TRN-SHUNAN' };

const REFUSAL_REASONS = ['混有包装杂物', '含水率超出合同约定', '夹杂塑料编织袋碎片', '部分药渣已发热霉变'];

/** 08:00 China time of a date plus `hours`. */
const chinaTime = (date: string, hours: number) => new Date(Date.parse(`${date}T00:00:00Z`) + hours * HOUR);
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const tonnes = (t: number) => (Math.round(t * 1000) / 1000).toFixed(3).replace(/\.?0+$/, '');

interface Context {
  rand: () => number;
  codeOf: Map<string, string>;
  sites: Map<string, string>;
  licences: Map<string, string>;
  treatment: Map<string, { treatment: string; product: string }>;
  transporter: Map<string, Party>;
  now: Date;
}

type Ending = 'closed' | 'in-transit' | 'received';

/** A delivery as a historic load: custody steps, weights and anomalies drawn from the seeded generator. */
function loadOf(c: Context, d: DeliveryForManifest, ending: Ending, start: Date): HistoricLoad {
  const { rand } = c;
  const generator = c.codeOf.get(d.fromOrganisationId) ?? '';
  const receiver = c.codeOf.get(d.toOrganisationId) ?? '';
  const carrierCode = CARRIER[receiver] ?? 'BZ-TRN-TONGDA';
  const carrier = c.transporter.get(carrierCode)!;
  const fleet = FLEETS[carrierCode]!;
  const truck = fleet[Math.floor(rand() * fleet.length)]!;
  const at = (hours: number) => new Date(start.getTime() + hours * HOUR);
  const planned = d.plannedTonnes;
  const received = d.deliveredTonnes ?? Math.round(planned * (0.95 + 0.06 * rand()) * 100) / 100;
  // Seepage of wet residue on the way: more often on the long hauls of Shunan's older trucks.
  const light = rand() < (carrierCode === 'BZ-TRN-SHUNAN' ? 0.055 : 0.018);
  const pickedUp = light ? received / (1 - (0.04 + 0.05 * rand())) : received * (1 + 0.016 * (rand() - 0.5));
  const refusal = ending !== 'in-transit' && rand() < (generator === 'BZ-MFR-GUOHE' ? 0.09 : 0.008);
  const late = receiver === 'BZ-UTL-JUNXIANG' && rand() < 0.12;
  const pickupHour = 0.5 + rand();
  const travel = late ? 52 + 30 * rand() : 1 + 2 * rand();
  const steps: HistoricLoad['steps'] = [
    { body: { kind: 'sealed' }, at: at(0.25) },
    { body: { kind: 'picked-up', weights: [{ line: 1, quantity: tonnes(pickedUp) }] }, at: at(pickupHour) },
  ];
  if (ending !== 'in-transit') {
    const arrival = pickupHour + travel;
    const refused = refusal ? Math.max(0.1, Math.round(received * (0.05 + 0.15 * rand()) * 100) / 100) : 0;
    steps.push(
      { body: { kind: 'delivered' }, at: at(arrival) },
      {
        body: {
          kind: 'received',
          lines: [
            refusal
              ? { line: 1, outcome: 'partially-refused', received: tonnes(received), refused: tonnes(refused), reason: REFUSAL_REASONS[Math.floor(rand() * REFUSAL_REASONS.length)]! }
              : { line: 1, outcome: 'accepted', received: tonnes(received) },
          ],
        },
        at: at(arrival + 0.25),
      },
    );
    if (ending === 'closed') {
      const processedAt = Math.min(at(arrival + 24 + 48 * rand()).getTime(), c.now.getTime() - HOUR);
      const t = c.treatment.get(d.toOrganisationId)!;
      steps.push({ body: { kind: 'processed', treatmentCode: t.treatment, product: t.product }, at: new Date(processedAt) }, { body: { kind: 'closed' }, at: new Date(processedAt + 0.5 * HOUR) });
    }
  }
  return {
    generatorId: d.fromOrganisationId,
    generatorSiteId: d.fromSiteId ?? c.sites.get(d.fromOrganisationId)!,
    receiverId: d.toOrganisationId,
    receiverSiteId: d.toSiteId ?? c.sites.get(d.toOrganisationId) ?? null,
    licenceId: c.licences.get(d.toOrganisationId) ?? null,
    transporters: [{ organisationId: carrier.id, plate: truck.plate, driverName: truck.driver }],
    lines: [{ wasteCode: 'SW13', description: d.class === 'cellulose-rich' ? '中药渣（纤维类，湿）' : '中药渣（湿）', packaging: '散装（篷布覆盖）', quantity: tonnes(planned), unit: 't', measure: 'estimated', ...(d.grade ? { grade: d.grade } : {}) }],
    contractId: d.contractId,
    deliveryId: d.deliveryId,
    createdAt: start,
    steps,
  };
}

/**
 * The history of the contracts' deliveries of the last two years, and what is on the road now.
 * Returns the delivery chosen for the reroute (signed through the services afterwards).
 */
function historyOf(c: Context, deliveries: readonly DeliveryForManifest[], today: string): { loads: HistoricLoad[]; reroute: DeliveryForManifest | undefined } {
  const loads: HistoricLoad[] = [];
  const delivered = deliveries.filter((d) => d.status === 'delivered' && d.deliveredOn !== null);
  // The reroute: a load to Fengmu two to three months ago; the unprocessed one: a load to Zhaoneng five to seven weeks ago.
  const reroute = delivered.find((d) => c.codeOf.get(d.toOrganisationId) === 'BZ-UTL-FENGMU' && d.deliveredOn! >= addDays(today, -90) && d.deliveredOn! <= addDays(today, -60));
  const unprocessed = delivered.find((d) => c.codeOf.get(d.toOrganisationId) === 'BZ-UTL-ZHAONENG' && d.deliveredOn! >= addDays(today, -49) && d.deliveredOn! <= addDays(today, -35));
  for (const d of delivered) {
    if (d === reroute) continue;
    loads.push(loadOf(c, d, d === unprocessed ? 'received' : 'closed', chinaTime(d.deliveredOn!, -0.5)));
  }
  // Planned deliveries of the last days: the two oldest picked up days ago and never received (overdue), today's on the road.
  const recent = deliveries.filter((d) => d.status === 'planned' && d.plannedOn >= addDays(today, -6) && d.plannedOn <= today);
  const stuck = recent.filter((d) => d.plannedOn <= addDays(today, -3)).slice(0, 2);
  const rolling = recent.filter((d) => d.plannedOn === today).slice(0, 4);
  for (const d of stuck) loads.push(loadOf(c, d, 'in-transit', chinaTime(d.plannedOn, -0.5)));
  for (const d of rolling) {
    const start = chinaTime(today, -0.5);
    if (start.getTime() + 2 * HOUR < c.now.getTime()) loads.push(loadOf(c, d, 'in-transit', start));
  }
  return { loads, reroute };
}

interface SpotLoad {
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

/** Recent spot loads outside the contracts, one anomaly each (GENERATED). */
const spotLoads: SpotLoad[] = [
  { generator: 'BZ-MFR-HUATUO', receiver: 'BZ-UTL-LVYUAN', transporters: ['BZ-TRN-TONGDA'], tonnes: '12.4', until: 'closed', received: '12.38', daysAgo: 20 },
  { generator: 'BZ-MFR-SHAODU', receiver: 'BZ-UTL-LVYUAN', transporters: ['BZ-TRN-TONGDA'], tonnes: '8', until: 'closed', received: '7.36', daysAgo: 14 },
  { generator: 'BZ-MFR-YAODU', receiver: 'BZ-UTL-ZHAONENG', transporters: ['BZ-TRN-SHUNAN'], tonnes: '20', until: 'closed', received: '19.9', refused: '1.5', daysAgo: 9 },
  { generator: 'BZ-MFR-GUOHE', receiver: 'BZ-UTL-FENGMU', transporters: ['BZ-TRN-TONGDA'], tonnes: '5.5', until: 'refused-returned', received: '5.5', daysAgo: 5 },
  { generator: 'BZ-MFR-JIUZHOU', receiver: 'BZ-UTL-LVYUAN', transporters: ['BZ-TRN-TONGDA', 'BZ-TRN-SHUNAN'], tonnes: '15', until: 'in-transit', daysAgo: 1 },
];

async function signSpotLoads(trx: Trx, deps: ReturnType<typeof manifestsDeps>, licences: Map<string, string>, now: number, report: () => void): Promise<void> {
  for (const [i, load] of spotLoads.entries()) {
    const g = await orgAndSite(trx, load.generator);
    const r = await orgAndSite(trx, load.receiver);
    const transporters = await Promise.all(load.transporters.map((code) => orgAndSite(trx, code)));
    const at = (hours: number) => new Date(now - load.daysAgo * DAY + hours * HOUR);
    const m = await createManifest(
      trx,
      ctx,
      deps,
      {
        generatorId: g.id,
        generatorSiteId: g.site,
        receiverId: r.id,
        receiverSiteId: r.site,
        licenceId: licences.get(r.id),
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
    report();
  }
}

/** The reroute, through the services: Fengmu's feed line stopped, the load goes on to Zhaoneng's digesters. */
async function signReroute(trx: Trx, deps: ReturnType<typeof manifestsDeps>, c: Context, d: DeliveryForManifest): Promise<void> {
  const planned = loadOf(c, d, 'in-transit', chinaTime(d.deliveredOn!, -0.5));
  const zhaoneng = await orgAndSite(trx, 'BZ-UTL-ZHAONENG');
  const at = (hours: number) => new Date(planned.createdAt.getTime() + hours * HOUR);
  const m = await createManifest(
    trx,
    ctx,
    deps,
    {
      generatorId: planned.generatorId,
      generatorSiteId: planned.generatorSiteId,
      receiverId: planned.receiverId,
      receiverSiteId: planned.receiverSiteId ?? undefined,
      licenceId: planned.licenceId ?? undefined,
      transporters: planned.transporters,
      lines: planned.lines,
      contractId: d.contractId,
      deliveryId: d.deliveryId,
    },
    planned.createdAt,
  );
  for (const s of planned.steps) await signEvent(trx, ctx, deps, m.id, s.body, s.at);
  const rerouted = await signEvent(
    trx,
    ctx,
    deps,
    m.id,
    { kind: 'rerouted', reason: '丰牧饲料发酵线停机检修，经双方同意改运沼能生物质能源厌氧发酵', receiverId: zhaoneng.id, receiverSiteId: zhaoneng.site, licenceId: c.licences.get(zhaoneng.id), transporters: planned.transporters },
    at(2),
  );
  const next = rerouted.reroutedTo!;
  const weight = d.deliveredTonnes ?? d.plannedTonnes;
  const steps: SignEventBody[] = [
    { kind: 'sealed' },
    { kind: 'picked-up', weights: [{ line: 1, quantity: tonnes(weight) }] },
    { kind: 'delivered' },
    { kind: 'received', lines: [{ line: 1, outcome: 'accepted', received: tonnes(weight) }] },
    { kind: 'processed', treatmentCode: 'R1', product: '沼气发电' },
    { kind: 'closed' },
  ];
  for (const [k, body] of steps.entries()) await signEvent(trx, ctx, deps, next, body, at(2.25 + (k < 3 ? k * 0.25 : 24 + k)));
}

export const manifestsStep: DemoStep = {
  id: 'manifests',
  name: 'Electronic manifests',
  async load(trx, report) {
    const deps = manifestsDeps(loadConfig().dataDir);
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    const year = now.getUTCFullYear();
    const c: Context = { rand: seededRandom(SEED), codeOf: new Map(), sites: new Map(), licences: new Map(), treatment: new Map(), transporter: new Map(), now };
    for (const r of RECEIVERS) {
      const p = await orgAndSite(trx, r.code);
      c.codeOf.set(p.id, r.code);
      c.sites.set(p.id, p.site);
      c.treatment.set(p.id, r);
      const licence = await createLicence(trx, ctx, { organisationId: p.id, siteId: p.site, number: `皖亳固利〔${year - 3}〕${r.code.slice(-3)}号`, categories: ['SW13', 'SW59'], annualCapacity: '30000', validFrom: `${year - 3}-01-01`, validUntil: `${year + 2}-12-31` });
      c.licences.set(p.id, licence.id);
    }
    for (const code of ['BZ-MFR-HUATUO', 'BZ-MFR-SHAODU', 'BZ-MFR-GUOHE', 'BZ-MFR-YAODU', 'BZ-MFR-JIUZHOU', 'BZ-MFR-BAISHAO', 'BZ-MFR-DANSHEN', 'BZ-MFR-KANGYANG']) {
      const p = await orgAndSite(trx, code);
      c.codeOf.set(p.id, code);
      c.sites.set(p.id, p.site);
    }
    for (const code of Object.keys(FLEETS)) c.transporter.set(code, await orgAndSite(trx, code));
    const total = spotLoads.length + 2;
    const deliveries = await deliveriesForManifests(trx, { from: addDays(today, -731), to: today });
    const { loads, reroute } = historyOf(c, deliveries, today);
    await writeManifestHistory(trx, ctx, deps, loads);
    report(1, total);
    if (reroute) await signReroute(trx, deps, c, reroute);
    report(2, total);
    let done = 2;
    await signSpotLoads(trx, deps, c.licences, now.getTime(), () => report(++done, total));
  },
};
