import { type Kysely, sql } from 'kysely';

/**
 * Issue 13, the law manifests follow: duties per waste class as versioned data
 * (`manifest_duties`), cross-province hazardous transfer approvals with both provinces'
 * decisions and the notices sent (`manifest_transfer_approvals`, `manifest_transfer_notices`),
 * the manifest's approval (`manifests.transfer_approval_id`), and the permits transporters hold
 * for hazardous loads (`manifest_carrier_permits`).
 *
 * The seeded duties are recalled, not copied from the published texts (none of them is among the
 * project's source documents): every one is `unverified` until an editor checks it.
 */
const PERMITS = ['road-dg-licence', 'dg-vehicle', 'dg-driver'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('manifest_duties')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('waste_list', 'text', (c) => c.notNull().check(sql`waste_list in ('general', 'hazardous')`))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('edition', 'text', (c) => c.notNull())
    .addColumn('in_force_from', 'text', (c) => c.notNull())
    .addColumn('max_categories', 'integer')
    .addColumn('retention_years', 'integer', (c) => c.notNull())
    .addColumn('permits', sql`text[]`, (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('unverified', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('manifest_duties_edition_key', ['waste_list', 'category', 'in_force_from'])
    .execute();
  await db
    .insertInto('manifest_duties' as never)
    .values([
      {
        waste_list: 'general',
        category: '',
        edition: '一般工业固体废物管理台账制定指南（试行）2021',
        in_force_from: '2021-12-31',
        max_categories: null,
        retention_years: 5,
        permits: [],
        rule: '固体废物污染环境防治法（2020）第三十六条；台账指南：台账保存不少于 5 年（凭记忆录入，待与原文核对）',
        unverified: true,
      },
      {
        waste_list: 'hazardous',
        category: '',
        edition: '危险废物转移联单管理办法（国家环境保护总局令第5号）1999',
        in_force_from: '1999-10-01',
        max_categories: 1,
        retention_years: 5,
        permits: PERMITS,
        rule: '每车（船）次同类危险废物填写一份联单；联单保存五年（凭记忆录入，待与原文核对）',
        unverified: true,
      },
      {
        waste_list: 'hazardous',
        category: '',
        edition: '危险废物转移管理办法（生态环境部 公安部 交通运输部令第23号）2021',
        in_force_from: '2022-01-01',
        max_categories: null,
        retention_years: 5,
        permits: PERMITS,
        rule: '固体废物污染环境防治法（2020）第八十二条；转移管理办法：多类危险废物可填写一份联单，联单保存五年，承运人持道路危险货物运输许可（凭记忆录入，待与原文核对）',
        unverified: true,
      },
    ] as never)
    .execute();

  await db.schema
    .createTable('manifest_transfer_approvals')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('generator_id', 'uuid', (c) => c.notNull())
    .addColumn('receiver_id', 'uuid', (c) => c.notNull())
    .addColumn('waste_codes', sql`text[]`, (c) => c.notNull())
    .addColumn('quantity', 'numeric', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('origin_province', 'text', (c) => c.notNull())
    .addColumn('destination_province', 'text', (c) => c.notNull())
    .addColumn('transit_provinces', sql`text[]`, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('applied_by', 'uuid')
    .addColumn('applied_at', 'timestamptz', (c) => c.notNull())
    .addColumn('destination_organisation_id', 'uuid')
    .addColumn('destination_decision', 'text')
    .addColumn('destination_reason', 'text')
    .addColumn('destination_decided_at', 'timestamptz')
    .addColumn('origin_organisation_id', 'uuid')
    .addColumn('origin_decision', 'text')
    .addColumn('origin_reason', 'text')
    .addColumn('origin_decided_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('manifest_transfer_approvals_generator_idx').on('manifest_transfer_approvals').columns(['generator_id', 'applied_at']).execute();

  await db.schema
    .createTable('manifest_transfer_notices')
    .addColumn('approval_id', 'uuid', (c) => c.notNull().references('manifest_transfer_approvals.id'))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('province', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('manifest_transfer_notices_pk', ['approval_id', 'organisation_id'])
    .execute();

  await db.schema.alterTable('manifests').addColumn('transfer_approval_id', 'uuid', (c) => c.references('manifest_transfer_approvals.id')).execute();
  await sql`create index manifests_transfer_approval_idx on manifests (transfer_approval_id) where transfer_approval_id is not null`.execute(db);

  await db.schema
    .createTable('manifest_carrier_permits')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('road-dg-licence', 'dg-vehicle', 'dg-driver')`))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('manifest_carrier_permits_org_idx').on('manifest_carrier_permits').columns(['organisation_id', 'kind']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('manifest_carrier_permits').execute();
  await db.schema.alterTable('manifests').dropColumn('transfer_approval_id').execute();
  await db.schema.dropTable('manifest_transfer_notices').execute();
  await db.schema.dropTable('manifest_transfer_approvals').execute();
  await db.schema.dropTable('manifest_duties').execute();
}
