import { type Kysely, sql } from 'kysely';

/**
 * Regional material-flow accounts (seed 004, mechanism 9) and firm/park balance models
 * (seed 001, 物料平衡). The resource catalogue is reference data, frozen here as of this
 * migration; statistics offices edit it through the API afterwards.
 */
const catalogue: [code: string, nameZh: string, nameEn: string, category: string, unit: string, toTonnes: string, primaryEquivalent: string, basis: string][] = [
  ['coal', '煤炭', 'Coal', 'fossilEnergy', 't', '1', '1', 'raw coal as mined'],
  ['oil', '石油', 'Crude oil', 'fossilEnergy', 't', '1', '1', 'crude oil'],
  ['naturalGas', '天然气', 'Natural gas', 'fossilEnergy', '万m3', '7.17', '1', 'density 0.717 kg/m³ at standard conditions'],
  ['ironOre', '铁矿石', 'Iron ore', 'metalOres', 't', '1', '2.2', 'finished ore (≈64 % Fe) to crude ore (≈29 % Fe)'],
  ['copper', '铜', 'Copper', 'metalOres', 't', '1', '160', 'metal content to crude ore at 0.625 % Cu'],
  ['bauxite', '铝土矿', 'Bauxite', 'metalOres', 't', '1', '1', 'bauxite as mined'],
  ['lead', '铅', 'Lead', 'metalOres', 't', '1', '40', 'metal content to crude ore at 2.5 % Pb'],
  ['zinc', '锌', 'Zinc', 'metalOres', 't', '1', '25', 'metal content to crude ore at 4 % Zn'],
  ['nickel', '镍', 'Nickel', 'metalOres', 't', '1', '100', 'metal content to crude ore at 1 % Ni'],
  ['limestone', '石灰石', 'Limestone', 'nonMetallicMinerals', 't', '1', '1', 'as quarried'],
  ['phosphateRock', '磷矿石', 'Phosphate rock', 'nonMetallicMinerals', 't', '1', '1', 'standard ore (30 % P₂O₅)'],
  ['pyrite', '硫铁矿', 'Pyrite', 'nonMetallicMinerals', 't', '1', '1', 'standard ore (35 % S)'],
  ['timber', '木材', 'Timber', 'biomass', 'm3', '0.6', '1', 'air-dry density 0.6 t/m³'],
  ['industrialGrain', '工业用粮', 'Industrial grain', 'biomass', 't', '1', '1', 'grain as harvested'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('resource_kinds')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) =>
      c.notNull().check(sql`category in ('biomass','metalOres','nonMetallicMinerals','fossilEnergy')`),
    )
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('to_tonnes', 'numeric', (c) => c.notNull().check(sql`to_tonnes > 0`))
    .addColumn('primary_equivalent', 'numeric', (c) => c.notNull().check(sql`primary_equivalent > 0`))
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  for (const [code, nameZh, nameEn, category, unit, toTonnes, primary, basis] of catalogue) {
    await sql`insert into resource_kinds (code, name_zh, name_en, category, unit, to_tonnes, primary_equivalent, basis)
      values (${code}, ${nameZh}, ${nameEn}, ${category}, ${unit}, ${toTonnes}, ${primary}, ${basis})`.execute(db);
  }

  await db.schema
    .createTable('account_imports')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('materials','economy')`))
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('material_accounts')
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 1949 and 2200`))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('domestic_extraction', 'numeric', (c) => c.notNull().defaultTo(0))
    .addColumn('imports', 'numeric', (c) => c.notNull().defaultTo(0))
    .addColumn('exports', 'numeric', (c) => c.notNull().defaultTo(0))
    .addColumn('from_other_regions', 'numeric', (c) => c.notNull().defaultTo(0))
    .addColumn('to_other_regions', 'numeric', (c) => c.notNull().defaultTo(0))
    .addColumn('recycled', 'numeric', (c) => c.notNull().defaultTo(0))
    .addColumn('import_id', 'uuid', (c) => c.references('account_imports.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('material_accounts_pk', ['region_code', 'year', 'kind'])
    .execute();

  await db.schema
    .createTable('economic_accounts')
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 1949 and 2200`))
    .addColumn('base_year', 'integer', (c) => c.notNull())
    .addColumn('gdp_current', 'numeric', (c) => c.notNull().check(sql`gdp_current > 0`))
    .addColumn('gdp_constant', 'numeric', (c) => c.check(sql`gdp_constant > 0`))
    .addColumn('deflator', 'numeric', (c) => c.check(sql`deflator > 0`))
    .addColumn('population', 'bigint', (c) => c.notNull().check(sql`population > 0`))
    .addColumn('import_id', 'uuid', (c) => c.references('account_imports.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('economic_accounts_pk', ['region_code', 'year'])
    .addCheckConstraint('economic_accounts_gdp_basis', sql`gdp_constant is not null or deflator is not null`)
    .execute();

  await db.schema
    .createTable('account_findings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text')
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull().check(sql`severity in ('error','warning','info')`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open','accepted','resolved')`))
    .addColumn('message', 'text', (c) => c.notNull())
    /** Row of the import file the finding is about, when there is one. */
    .addColumn('file_row', 'integer')
    .addColumn('import_id', 'uuid', (c) => c.references('account_imports.id').onDelete('set null'))
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('account_findings_region_idx').on('account_findings').columns(['region_code', 'year']).execute();

  await db.schema
    .createTable('balance_models')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('model', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('balance_models_org_idx').on('balance_models').column('organisation_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['balance_models', 'account_findings', 'economic_accounts', 'material_accounts', 'account_imports', 'resource_kinds']) {
    await db.schema.dropTable(t).execute();
  }
}
