/**
 * Demo step of the symbiosis module (issue 14): the demo park's city nodes (a sewage works
 * taking liquid residues, a district heat network taking steam from the biomass plant's residue
 * boiler), the energy, water and material flows the park declares for the last two years, a
 * second park in the region (Guoyang, with its own administration) for federation, one firm that
 * shares its flows with other parks, and two years of evaluation values entered by the offices.
 *
 * GENERATED demo facts: quantities and indicator values are plausible for 亳州 but invented.
 */
import type { Trx } from '../db/database';
import { systemServiceContext } from '../platform/viewer';
import { createOrganisation, createSite, findOrganisationByCode, insertPark } from '../modules/organisations';
import { addCityNode, addDeclaredFlow, currentYear, enterValue, setFirmSettings } from '../modules/symbiosis';
import { addMember, findUserByUsername } from '../modules/users';
import { DEMO_PASSWORD, demoPark } from './platform.dataset';
import type { DemoStep } from './step';

const ctx = systemServiceContext('demo');

export const secondPark = { code: 'GY-BIO-PARK', nameZh: '涡阳生物医药产业园（演示）', nameEn: 'Guoyang Biomedicine Park (demo)', regionCode: '341621' };

/** HJ 274 values the offices entered per park (GENERATED), for the year before last and last year. */
const ENTERED: { park: string; indicator: string; values: [number, number]; source: string }[] = [
  { park: demoPark.code, indicator: 'value-added-per-employee', values: [16.2, 17.8], source: '园区统计年报（演示）' },
  { park: demoPark.code, indicator: 'value-added-growth', values: [12.4, 15.6], source: '园区统计年报（演示）' },
  { park: demoPark.code, indicator: 'energy-per-value-added', values: [0.56, 0.48], source: '园区能源审计报告（演示）' },
  { park: demoPark.code, indicator: 'fresh-water-per-value-added', values: [9.8, 8.6], source: '园区水平衡测试（演示）' },
  { park: demoPark.code, indicator: 'water-reuse-rate', values: [71, 78], source: '园区水平衡测试（演示）' },
  { park: demoPark.code, indicator: 'co2-reduction', values: [2.4, 3.6], source: '园区碳排放核算（演示）' },
  { park: secondPark.code, indicator: 'value-added-per-employee', values: [11.5, 12.9], source: '涡阳园区统计年报（演示）' },
  { park: secondPark.code, indicator: 'solid-waste-utilisation', values: [58, 66], source: '涡阳园区固废台账（演示）' },
  { park: secondPark.code, indicator: 'water-reuse-rate', values: [62, 69], source: '涡阳园区水平衡测试（演示）' },
];

export const symbiosisStep: DemoStep = {
  id: 'symbiosis',
  name: 'symbiosis: city nodes, declared energy/water flows, a second park, evaluation values',
  async load(trx: Trx, report) {
    const year = currentYear();
    const years = [year - 1, year];

    const park2 = await insertPark(trx, { code: secondPark.code, name_zh: secondPark.nameZh, name_en: secondPark.nameEn, region_code: secondPark.regionCode });
    const admin2 = await createOrganisation(trx, ctx, {
      code: 'GY-PARK-ADMIN',
      nameZh: '涡阳生物医药产业园管理委员会',
      nameEn: 'Guoyang Biomedicine Park Administration',
      type: 'park-admin',
      regionCode: secondPark.regionCode,
      parkId: park2.id,
      creditCode: '11341621MB2N004B42',
      contactPhone: '0558-7210001',
    });
    await createSite(trx, ctx, admin2.id, { name: '管委会', address: '涡阳县经济开发区星园路 1 号', latitude: 33.5112, longitude: 116.2071 });
    // Every demo user has DEMO_PASSWORD: reuse the demo park administrator's hash rather than
    // spend a second or more of key stretching on the same password (the step aims at < 2 s).
    const passwordHash = (await findUserByUsername(trx, 'park'))!.password_hash;
    await addMember(trx, ctx, admin2.id, { username: 'park2', displayName: '周航（涡阳园区管委会）', password: DEMO_PASSWORD, role: 'admin' }, { passwordHash });
    report(1, 4);

    const sewage = await addCityNode(trx, ctx, demoPark.code, { kind: 'sewage-works', nameZh: '亳州市第二污水处理厂', nameEn: 'Bozhou No. 2 Sewage Works', lat: 33.8219, lon: 115.8034, regional: true });
    const heat = await addCityNode(trx, ctx, demoPark.code, { kind: 'district-heating', nameZh: '亳州城南集中供热管网', nameEn: 'Bozhou South District Heat Network', lat: 33.8301, lon: 115.7712, regional: false });
    report(2, 4);

    const org = async (code: string) => (await findOrganisationByCode(trx, code))!.id;
    const [zhaoneng, yaodu, guohe, senda] = await Promise.all(['BZ-UTL-ZHAONENG', 'BZ-MFR-YAODU', 'BZ-MFR-GUOHE', 'BZ-UTL-SENDA'].map(org));
    for (const [k, y] of years.entries()) {
      const grow = 1 + 0.12 * k;
      // The biomass plant burns residue fuel; its boiler's surplus steam heats the south of the city.
      await addDeclaredFlow(trx, ctx, demoPark.code, { year: y, kind: 'energy', basis: 'actual', from: { organisation: zhaoneng }, to: { node: heat.id }, quantity: Math.round(8400 * grow), carrier: 'steam', note: '生物质锅炉余汽并入城南供热管网' });
      await addDeclaredFlow(trx, ctx, demoPark.code, { year: y, kind: 'energy', basis: 'actual', from: { organisation: zhaoneng }, to: { organisation: guohe }, quantity: Math.round(2600 * grow), carrier: 'steam', note: '蒸汽供配方颗粒浓缩干燥' });
      // Extraction liquors go to the sewage works under a discharge permit; its reclaimed water cools the fibreboard presses.
      await addDeclaredFlow(trx, ctx, demoPark.code, { year: y, kind: 'material', basis: 'actual', from: { organisation: yaodu }, to: { node: sewage.id }, quantity: Math.round(1850 * grow), carrier: 'liquid-residue', note: '提取废液经预处理后纳管' });
      await addDeclaredFlow(trx, ctx, demoPark.code, { year: y, kind: 'water', basis: 'actual', from: { node: sewage.id }, to: { organisation: senda }, quantity: Math.round(42000 * grow), carrier: 'reuse-water', note: '再生水用于纤维板热压冷却' });
      await addDeclaredFlow(trx, ctx, demoPark.code, { year: y, kind: 'water', basis: 'actual', from: null, to: { organisation: yaodu }, quantity: Math.round(65000 / grow), carrier: 'fresh-water', note: null });
    }
    // The fertiliser maker shows its flows to other parks (federation).
    await setFirmSettings(trx, ctx, 'BZ-UTL-LVYUAN', { stopThreshold: 0.5, shareWithOtherParks: true });
    await setFirmSettings(trx, ctx, 'BZ-UTL-SENDA', { stopThreshold: 0.3, shareWithOtherParks: false });
    report(3, 4);

    for (const e of ENTERED) {
      for (const [k, y] of [year - 2, year - 1].entries()) {
        await enterValue(trx, ctx, { system: 'HJ274', indicator: e.indicator, subjectType: 'park', subject: e.park, year: y, value: e.values[k]!, source: e.source });
      }
    }
    for (const [k, y] of [year - 2, year - 1].entries()) {
      await enterValue(trx, ctx, { system: 'NDRC-CE', indicator: 'waste-recycling-rate', subjectType: 'region', subject: demoPark.regionCode, year: y, value: [61, 67][k]!, source: '谯城区循环经济统计（演示）' });
    }
    report(4, 4);
  },
};
