import { type Kysely, sql } from 'kysely';

/**
 * The park symbiosis module (issue 14): city and utility nodes (seed 004 §8), flows a park
 * declares per year (energy MWh, water m³, materials to city nodes t), per-firm stop thresholds
 * and federation sharing, indicator systems as versioned data and the values offices enter.
 * Material flows between firms are not stored here: they come from stream declarations and
 * exchange contracts (and, later, manifests) when a network is built.
 *
 * The first editions of the indicator systems are seeded here. Their indicator names and
 * thresholds were written from memory of the published texts, not copied from them, so every
 * one is `verified: false` until a platform admin checks it against the text and publishes a new
 * version. The platform's own indicators are definitions of herbloop and are verified.
 */
type Def = { code: string; category: string; nameZh: string; nameEn: string; unit: string; direction: 'higher' | 'lower'; threshold: number | null; computedFrom: string | null; verified: boolean };
const recalled = (code: string, category: string, nameZh: string, nameEn: string, unit: string, direction: 'higher' | 'lower', threshold: number | null, computedFrom: string | null = null): Def => ({
  code,
  category,
  nameZh,
  nameEn,
  unit,
  direction,
  threshold,
  computedFrom,
  verified: false,
});

const HJ274: Def[] = [
  recalled('value-added-per-employee', 'economy', '人均工业增加值', 'Industrial value added per employee', '万元/人', 'higher', 15),
  recalled('value-added-growth', 'economy', '园区工业增加值三年年均增长率', 'Average annual growth of industrial value added (3 years)', '%', 'higher', 15),
  recalled('new-eco-chain-projects', 'symbiosis', '建设规划实施后新增构建的生态工业链项目数量', 'New eco-industrial chain projects since the plan', '个', 'higher', 6, 'symbiosis-links'),
  recalled('solid-waste-utilisation', 'symbiosis', '工业固体废物综合利用率', 'Comprehensive utilisation rate of industrial solid waste', '%', 'higher', 70, 'byproduct-utilisation-rate'),
  recalled('energy-per-value-added', 'resources', '单位工业增加值综合能耗', 'Energy use per unit of industrial value added', '吨标煤/万元', 'lower', 0.5),
  recalled('fresh-water-per-value-added', 'resources', '单位工业增加值新鲜水耗', 'Fresh water per unit of industrial value added', 'm³/万元', 'lower', 9),
  recalled('water-reuse-rate', 'resources', '工业用水重复利用率', 'Industrial water reuse rate', '%', 'higher', 75),
  recalled('wastewater-per-value-added', 'environment', '单位工业增加值废水排放量', 'Wastewater per unit of industrial value added', 't/万元', 'lower', 7),
  recalled('co2-reduction', 'environment', '单位工业增加值二氧化碳排放量年均削减率', 'Annual reduction of CO2 per unit of industrial value added', '%', 'higher', 3),
  recalled('hazardous-waste-treatment', 'environment', '危险废物处理处置率', 'Treatment and disposal rate of hazardous waste', '%', 'higher', 100),
];

const NDRC: Def[] = [
  recalled('resource-productivity', 'composite', '主要资源产出率', 'Productivity of main resources', '元/吨', 'higher', null, 'resource-productivity'),
  recalled('waste-recycling-rate', 'composite', '主要废弃物循环利用率', 'Recycling rate of main wastes', '%', 'higher', null),
  recalled('energy-productivity', 'special', '能源产出率', 'Energy productivity', '万元/吨标煤', 'higher', null),
  recalled('water-productivity', 'special', '水资源产出率', 'Water productivity', '元/m³', 'higher', null),
  recalled('straw-utilisation', 'special', '农作物秸秆综合利用率', 'Comprehensive utilisation rate of crop straw', '%', 'higher', null),
  recalled('industrial-solid-waste-utilisation', 'special', '一般工业固体废物综合利用率', 'Utilisation rate of general industrial solid waste', '%', 'higher', null, 'byproduct-utilisation-rate'),
  recalled('industrial-water-reuse', 'special', '规模以上工业企业重复用水率', 'Water reuse rate of industrial enterprises above designated size', '%', 'higher', null),
  recalled('reclaimed-water-use', 'special', '城市再生水利用率', 'Urban reclaimed-water utilisation rate', '%', 'higher', null),
  recalled('recycling-industry-output', 'special', '资源循环利用产业总产值', 'Output of the resource recycling industry', '亿元', 'higher', null),
  recalled('industrial-solid-waste-disposed', 'reference', '工业固体废物处置量', 'Industrial solid waste disposed', '万吨', 'lower', null),
  recalled('industrial-wastewater', 'reference', '工业废水排放量', 'Industrial wastewater discharged', '万吨', 'lower', null),
];

const verified = (code: string, nameZh: string, nameEn: string, unit: string, computedFrom: string): Def => ({ code, category: 'platform', nameZh, nameEn, unit, direction: 'higher', threshold: null, computedFrom, verified: true });
const PLATFORM: Def[] = [
  verified('byproduct-utilisation-rate', '药渣等副产物利用率', 'By-product utilisation rate', '%', 'byproduct-utilisation-rate'),
  verified('byproduct-value', '副产物利用创造价值', 'Value created from by-products', '元', 'byproduct-value'),
  verified('harmless-disposal-share', '处置量中无害化处理占比', 'Harmless treatment share of disposal', '%', 'harmless-disposal-share'),
  verified('co2e-avoided', '避免的二氧化碳当量排放', 'CO2e avoided', 't', 'co2e-avoided'),
  verified('water-reuse', '园区内回用水量', 'Water reused within the park', 'm³', 'water-reuse'),
  verified('energy-cascade-share', '能源梯级利用占比', 'Energy cascade share', '%', 'energy-cascade-share'),
  verified('symbiosis-links', '共生链接数', 'Symbiosis links', '个', 'symbiosis-links'),
  verified('data-completeness', '数据完整度', 'Data completeness', '%', 'data-completeness'),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const now = sql`now()`;
  await db.schema
    .createTable('symbiosis_nodes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('park_id', 'uuid', (c) => c.references('parks.id').onDelete('cascade'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('district-heating','sewage-works','kiln-co-processing','landfill','incinerator')`))
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('latitude', 'numeric', (c) => c.notNull().check(sql`latitude between -90 and 90`))
    .addColumn('longitude', 'numeric', (c) => c.notNull().check(sql`longitude between -180 and 180`))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('symbiosis_nodes_park_idx').on('symbiosis_nodes').column('park_id').execute();

  await db.schema
    .createTable('symbiosis_flows')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('park_id', 'uuid', (c) => c.notNull().references('parks.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 2000 and 2100`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('material','energy','water')`))
    .addColumn('basis', 'text', (c) => c.notNull().check(sql`basis in ('planned','actual')`))
    .addColumn('from_organisation_id', 'uuid', (c) => c.references('organisations.id').onDelete('cascade'))
    .addColumn('from_node_id', 'uuid', (c) => c.references('symbiosis_nodes.id').onDelete('cascade'))
    .addColumn('to_organisation_id', 'uuid', (c) => c.references('organisations.id').onDelete('cascade'))
    .addColumn('to_node_id', 'uuid', (c) => c.references('symbiosis_nodes.id').onDelete('cascade'))
    /** t (material), MWh (energy) or m³ (water). */
    .addColumn('quantity', 'numeric', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('carrier', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addCheckConstraint('symbiosis_flows_one_from', sql`from_organisation_id is null or from_node_id is null`)
    .addCheckConstraint('symbiosis_flows_one_to', sql`to_organisation_id is null or to_node_id is null`)
    .execute();
  await db.schema.createIndex('symbiosis_flows_park_year_idx').on('symbiosis_flows').columns(['park_id', 'year']).execute();

  await db.schema
    .createTable('symbiosis_firm_settings')
    .addColumn('organisation_id', 'uuid', (c) => c.primaryKey().references('organisations.id').onDelete('cascade'))
    .addColumn('stop_threshold', 'numeric', (c) => c.notNull().defaultTo(0.5).check(sql`stop_threshold > 0 and stop_threshold <= 1`))
    .addColumn('share_with_other_parks', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('symbiosis_indicator_systems')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('park','region')`))
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('edition', 'text', (c) => c.notNull())
    .addColumn('indicators', 'jsonb', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('symbiosis_indicator_systems_pk', ['code', 'version'])
    .execute();

  await db.schema
    .createTable('symbiosis_indicator_values')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('system_code', 'text', (c) => c.notNull())
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull().check(sql`subject_type in ('park','region')`))
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 2000 and 2100`))
    .addColumn('value', 'numeric', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('entered_by_organisation_id', 'uuid', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('entered_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('entered_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('symbiosis_indicator_values_one', ['system_code', 'indicator', 'subject_type', 'subject_id', 'year'])
    .execute();

  const systems = [
    { code: 'HJ274', scope: 'park', name_zh: '国家生态工业示范园区标准', name_en: 'National eco-industrial demonstration park standard', edition: 'HJ 274-2015', indicators: HJ274 },
    { code: 'NDRC-CE', scope: 'region', name_zh: '循环经济发展评价指标体系', name_en: 'Circular economy development evaluation indicator system', edition: '2017 年版（发改环资〔2016〕2749 号）', indicators: NDRC },
    { code: 'HERBLOOP-PARK', scope: 'park', name_zh: 'herbloop 园区共生指标', name_en: 'herbloop park symbiosis indicators', edition: 'herbloop 2026', indicators: PLATFORM },
  ];
  for (const s of systems) {
    await sql`insert into symbiosis_indicator_systems (code, version, scope, name_zh, name_en, edition, indicators, note)
      values (${s.code}, 1, ${s.scope}, ${s.name_zh}, ${s.name_en}, ${s.edition}, ${JSON.stringify(s.indicators)}::jsonb, ${'initial edition'})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['symbiosis_indicator_values', 'symbiosis_indicator_systems', 'symbiosis_firm_settings', 'symbiosis_flows', 'symbiosis_nodes']) {
    await db.schema.dropTable(t).execute();
  }
}
