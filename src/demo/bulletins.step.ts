/**
 * Demo step of the bulletins module (after `supply`): the seed-003 case as it was published —
 * 复方丹参片's Y/P above its 30 % line from March 2010, driven by 三七, with the seed's
 * measures (price subsidy, raising the price cap) — and one draft about the products 三七 moves
 * today. The published one is dated 2010 (number 2010-001) and its figures are those of its day.
 */
import type { Trx } from '../db/database';
import { systemServiceContext } from '../platform/viewer';
import { bulletinInput, createBulletin, publishBulletin } from '../modules/bulletins';
import { loadConfig } from '../config';
import type { DemoStep } from './step';

const ctx = systemServiceContext('demo');

const DEMO_BULLETIN_PUBLISHED_AT = new Date('2010-03-22T02:00:00Z');
const DEMO_BULLETIN_SNAPSHOT_DATE = '2010-03-19';

const published = bulletinInput.parse({
  title: '关于复方丹参片原料成本突破预警上限的通报',
  // Just above the line in March 2010 (the engine's level is blue), but expected to last: yellow.
  level: 'yellow',
  products: ['复方丹参片'],
  analysis: [
    '监测显示，复方丹参片（丹参 450 g、三七 141 g、冰片 8 g 制成 1 000 片，60 片/瓶，最高零售价 7.2 元/瓶）的原料成本占最高零售价的比例（Y/P）2009 年初约为 10%，2009 年间攀升至接近 30% 的合理区间上限，2010 年 3 月起突破 30% 预警线。',
    '成本上升主要由三七价格上涨引起：三七在原料成本中的比例由约 60% 升至 90% 以上，丹参、冰片的比例下降。三七价格上涨的原因包括自然灾害、需求增加和游资炒作，其中炒作因素占相当比例；去除炒作因素后价格将有所回落，但回落幅度有限。',
    '三七种植周期为 3 年，每年投入约 1 万元/亩，正常产量 150 kg/亩。按药农每年 75 000 元/hm² 的种植利润计算，三七价格将维持在约 300 元/kg，此时复方丹参片的 Y/P 仍高于 30% 的预警上限，预计异常将持续较长时间，可能引起药品质量下降和短缺。',
  ].join('\n'),
  recommendations: [
    { code: 'price-subsidy', text: '对复方丹参片等以三七为主要原料的基本药物生产企业给予价格补贴，保障基层供应。' },
    { code: 'raise-price-cap', text: '建立长效价格调整机制，适当提高复方丹参片的最高零售价，消除成本与限价倒挂带来的质量下降和短缺隐患。' },
  ],
  audiences: ['authorities', 'media', 'enterprises'],
});

const draft = bulletinInput.parse({
  title: '关于三七价格波动对含三七基本药物成本影响的通报（草稿）',
  level: 'orange',
  products: ['复方丹参片', '复方丹参滴丸', '三七片'],
  analysis: '三七价格近期波动较大，含三七的基本药物原料成本随之变化。请专家组结合产地调查判断持续时间后定稿。',
  recommendations: [{ code: 'release-reserves', text: '视情况投放三七国家储备，平抑市场价格。' }],
  audiences: ['authorities', 'enterprises'],
});

export const bulletinsStep: DemoStep = {
  id: 'bulletins',
  name: 'bulletins: the 2010 复方丹参片 warning (published) and a draft',
  async load(trx: Trx, report) {
    const config = loadConfig();
    const publisher = await trx.selectFrom('organisations').select('id').where('code', '=', 'AH-MON-TCM').executeTakeFirstOrThrow();
    const settings = { publicUrl: config.publicUrl, webhooks: config.webhooks };
    // With the warnings demo loaded, the bulletin reports on 复方丹参片's 2010 case, which the
    // monitors decided to publish; publishing it marks the case published.
    const decided = await trx
      .selectFrom('warning_cases')
      .innerJoin('formulas', 'formulas.id', 'warning_cases.formula_id')
      .select('warning_cases.id')
      .where('formulas.name_zh', '=', '复方丹参片')
      .where('warning_cases.status', '=', 'decided-publish')
      .execute();
    const b = await createBulletin(trx, ctx, { ...published, caseIds: decided.map((c) => c.id) }, { organisationId: publisher.id });
    // The monitors set yellow over the measured blue (they expect the rise to last): confirmed.
    await publishBulletin(trx, ctx, b.id, { settings, publishedAt: DEMO_BULLETIN_PUBLISHED_AT, snapshotDate: DEMO_BULLETIN_SNAPSHOT_DATE, confirmLevel: true });
    report(1, 2);
    await createBulletin(trx, ctx, draft, { organisationId: publisher.id });
    report(2, 2);
  },
};
