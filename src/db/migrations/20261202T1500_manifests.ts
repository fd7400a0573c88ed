import { type Kysely, sql } from 'kysely';

/**
 * Issue 13, core: electronic manifests (联单) with their parties and lines, custody events in a
 * hash chain per manifest, signing keys' public halves, the global checkpoint chain of heads,
 * number counters, receivers' licences, and the two editable code lists.
 *
 * The seeded codes are a small start, every one recalled rather than copied from the published
 * texts (the 2021 National Hazardous Waste List, and the general industrial solid-waste ledger
 * guideline's categories), so each is `verified = false` until an editor checks it.
 */
const source = { hw: '国家危险废物名录（2021年版）— recalled, to be checked', sw: '一般工业固体废物管理台账制定指南（试行）— recalled, to be checked' };

const seedCodes: readonly { code: string; list: 'general' | 'hazardous'; category: string; name_zh: string; name_en: string; source: string }[] = [
  { code: 'SW03', list: 'general', category: 'SW03', name_zh: '炉渣', name_en: 'Furnace slag', source: source.sw },
  { code: 'SW07', list: 'general', category: 'SW07', name_zh: '污泥', name_en: 'Sludge', source: source.sw },
  { code: 'SW13', list: 'general', category: 'SW13', name_zh: '食品残渣（含中药渣）', name_en: 'Food and herb processing residues', source: source.sw },
  { code: 'SW17', list: 'general', category: 'SW17', name_zh: '可再生类废物', name_en: 'Recyclable waste', source: source.sw },
  { code: 'SW59', list: 'general', category: 'SW59', name_zh: '其他工业固体废物', name_en: 'Other industrial solid waste', source: source.sw },
  { code: '271-001-02', list: 'hazardous', category: 'HW02', name_zh: '化学合成原料药生产过程中产生的蒸馏及反应残余物', name_en: 'Distillation and reaction residues of synthetic APIs', source: source.hw },
  { code: '271-002-02', list: 'hazardous', category: 'HW02', name_zh: '化学合成原料药生产过程中产生的废母液及反应基废物', name_en: 'Spent mother liquor of synthetic APIs', source: source.hw },
  { code: '900-002-03', list: 'hazardous', category: 'HW03', name_zh: '失效、变质、不合格、淘汰、伪劣的药物和药品', name_en: 'Expired, spoilt or counterfeit medicines', source: source.hw },
  { code: '900-249-08', list: 'hazardous', category: 'HW08', name_zh: '废矿物油', name_en: 'Waste mineral oil', source: source.hw },
  { code: '900-402-06', list: 'hazardous', category: 'HW06', name_zh: '废有机溶剂', name_en: 'Waste organic solvents', source: source.hw },
  { code: '900-041-49', list: 'hazardous', category: 'HW49', name_zh: '含有或沾染危险废物的废弃包装物、容器、过滤吸附介质', name_en: 'Packaging, containers and filter media contaminated with hazardous waste', source: source.hw },
  { code: '900-047-49', list: 'hazardous', category: 'HW49', name_zh: '实验室废物', name_en: 'Laboratory waste', source: source.hw },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('manifest_waste_codes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('list', 'text', (c) => c.notNull().check(sql`list in ('general', 'hazardous')`))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('verified', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  for (const c of seedCodes) {
    await sql`insert into manifest_waste_codes (code, list, category, name_zh, name_en, verified, source)
      values (${c.code}, ${c.list}, ${c.category}, ${c.name_zh}, ${c.name_en}, false, ${c.source})`.execute(db);
  }

  await db.schema
    .createTable('manifest_licences')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('site_id', 'uuid', (c) => c.references('sites.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('categories', sql`text[]`, (c) => c.notNull())
    .addColumn('annual_capacity', 'numeric')
    .addColumn('valid_from', 'date', (c) => c.notNull())
    .addColumn('valid_until', 'date', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('manifest_licences_window', sql`valid_until >= valid_from`)
    .execute();
  await db.schema.createIndex('manifest_licences_org_idx').on('manifest_licences').column('organisation_id').execute();

  await db.schema
    .createTable('manifests')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('generator_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('generator_site_id', 'uuid', (c) => c.notNull().references('sites.id'))
    .addColumn('receiver_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('receiver_site_id', 'uuid', (c) => c.references('sites.id'))
    .addColumn('receiver_region_code', 'text', (c) => c.notNull())
    .addColumn('licence_id', 'uuid', (c) => c.references('manifest_licences.id'))
    // Exchange contracts and deliveries are linked by id: the exchange module does not expose them for foreign keys.
    .addColumn('contract_id', 'uuid')
    .addColumn('delivery_id', 'uuid')
    .addColumn('rerouted_from', 'uuid', (c) => c.references('manifests.id'))
    .addColumn('rerouted_to', 'uuid', (c) => c.references('manifests.id'))
    .addColumn('holder', 'smallint')
    .addColumn('all_refused', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('event_count', 'integer', (c) => c.notNull())
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .addColumn('checkpointed_events', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('manifests_generator_idx').on('manifests').columns(['generator_id', 'created_at desc']).execute();
  await db.schema.createIndex('manifests_receiver_idx').on('manifests').columns(['receiver_id', 'created_at desc']).execute();
  await db.schema.createIndex('manifests_region_idx').on('manifests').columns(['region_code', 'created_at desc']).execute();
  await db.schema.createIndex('manifests_delivery_idx').on('manifests').column('delivery_id').execute();
  // The checkpoint job reads the manifests whose head moved since the last checkpoint.
  await db.schema.createIndex('manifests_unchecked_idx').on('manifests').column('id').where(sql.ref('event_count'), '>', sql.ref('checkpointed_events')).execute();

  await db.schema
    .createTable('manifest_transporters')
    .addColumn('manifest_id', 'uuid', (c) => c.notNull().references('manifests.id').onDelete('cascade'))
    .addColumn('position', 'smallint', (c) => c.notNull())
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('plate', 'text', (c) => c.notNull())
    .addColumn('driver_name', 'text', (c) => c.notNull())
    .addColumn('driver_phone', 'text')
    .addPrimaryKeyConstraint('manifest_transporters_pk', ['manifest_id', 'position'])
    .execute();
  await db.schema.createIndex('manifest_transporters_org_idx').on('manifest_transporters').column('organisation_id').execute();

  await db.schema
    .createTable('manifest_lines')
    .addColumn('manifest_id', 'uuid', (c) => c.notNull().references('manifests.id').onDelete('cascade'))
    .addColumn('line_no', 'smallint', (c) => c.notNull())
    .addColumn('waste_code', 'text', (c) => c.notNull().references('manifest_waste_codes.code'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('packaging', 'text')
    .addColumn('package_count', 'integer')
    .addColumn('quantity', 'numeric', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull().check(sql`unit in ('t', 'kg')`))
    .addColumn('measure', 'text', (c) => c.notNull().check(sql`measure in ('estimated', 'weighed')`))
    .addColumn('grade', 'text')
    .addColumn('picked_up', 'numeric')
    .addColumn('received', 'numeric')
    .addColumn('refused', 'numeric')
    .addColumn('outcome', 'text')
    .addColumn('refusal_reason', 'text')
    .addColumn('discrepancies', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addPrimaryKeyConstraint('manifest_lines_pk', ['manifest_id', 'line_no'])
    .execute();

  await db.schema
    .createTable('manifest_events')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // No foreign key to manifests: the trail must outlive any edit of the manifest row, and verification reports what is missing.
    .addColumn('manifest_id', 'uuid', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('signer_organisation_id', 'uuid', (c) => c.notNull())
    .addColumn('signer_user_id', 'uuid')
    .addColumn('signer_token_id', 'uuid')
    .addColumn('delegation_id', 'uuid', (c) => c.references('delegations.id'))
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Not unique: a duplicated sequence number written behind the application's back must be reportable, not unstorable.
  await db.schema.createIndex('manifest_events_chain_idx').on('manifest_events').columns(['manifest_id', 'seq']).execute();

  await db.schema
    .createTable('manifest_signing_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('suite', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('retired_at', 'timestamptz')
    .execute();
  // One active key per organisation and suite; rotation retires the old one in the same transaction.
  await db.schema.createIndex('manifest_signing_keys_active_idx').on('manifest_signing_keys').columns(['organisation_id', 'suite']).unique().where(sql.ref('retired_at'), 'is', null).execute();

  await db.schema
    .createTable('manifest_checkpoints')
    .addColumn('seq', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('suite', 'text', (c) => c.notNull())
    .addColumn('heads', 'integer', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('manifest_checkpoint_heads')
    .addColumn('checkpoint_seq', 'integer', (c) => c.notNull())
    .addColumn('manifest_id', 'uuid', (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('event_id', 'uuid', (c) => c.notNull())
    .addPrimaryKeyConstraint('manifest_checkpoint_heads_pk', ['checkpoint_seq', 'manifest_id'])
    .execute();
  await db.schema.createIndex('manifest_checkpoint_heads_manifest_idx').on('manifest_checkpoint_heads').columns(['manifest_id', 'checkpoint_seq desc']).execute();

  await db.schema
    .createTable('manifest_counters')
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('manifest_counters_pk', ['region_code', 'year'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['manifest_counters', 'manifest_checkpoint_heads', 'manifest_checkpoints', 'manifest_signing_keys', 'manifest_events', 'manifest_lines', 'manifest_transporters', 'manifests', 'manifest_licences', 'manifest_waste_codes']) {
    await db.schema.dropTable(table).execute();
  }
}
