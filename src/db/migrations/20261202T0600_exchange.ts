import { type Kysely, sql } from 'kysely';

/**
 * The by-product exchange (issue 12): grading standards as versioned data, listings (供) from
 * stored streams, demands (需), their attachments (assay reports, photos), stored match runs with
 * their proposals, contracts (bilateral from an accepted proposal or a won auction, and
 * third-party service contracts with a price schedule and their client firms) and the contracts'
 * deliveries. Quantities and money are `numeric`. `delegation_id` columns name the delegation an
 * act was done under (the platform's delegation table; no foreign key, so either side can be
 * migrated first); `auction_id` likewise belongs to the auctions of the same module.
 */
const pct = (assay: string, unit: string, bound: 'max' | 'min', A: number, B: number, C: number) => ({ assay, unit, bound, limits: { A, B, C } });
const INITIAL_STANDARDS: Record<string, unknown[]> = {
  'cellulose-rich': [pct('moisture', '%', 'max', 15, 30, 60), pct('crudeFibre', '% DM', 'min', 40, 30, 20), pct('ash', '% DM', 'max', 8, 12, 20)],
  'biomacromolecule-rich': [pct('moisture', '%', 'max', 12, 25, 60), pct('crudeProtein', '% DM', 'min', 20, 12, 6), pct('ash', '% DM', 'max', 10, 15, 25)],
  'lipid-rich': [pct('moisture', '%', 'max', 10, 20, 40), pct('crudeFat', '% DM', 'min', 15, 8, 3)],
  'bioactive-small-molecule-rich': [pct('moisture', '%', 'max', 12, 25, 60), pct('ash', '% DM', 'max', 10, 15, 25)],
};

export async function up(db: Kysely<unknown>): Promise<void> {
  const now = sql`now()`;

  await db.schema
    .createTable('exchange_grading_standards')
    /** A by-product composition class id (byproducts engine). */
    .addColumn('class', 'text', (c) => c.primaryKey())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createTable('exchange_grading_standard_versions')
    .addColumn('class', 'text', (c) => c.notNull().references('exchange_grading_standards.class').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
    /** [{assay, unit, bound: max|min, limits: {A, B, C}}] (engine/grading.ts). */
    .addColumn('criteria', 'jsonb', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('exchange_grading_standard_versions_pk', ['class', 'version'])
    .execute();

  // The standards a new platform starts with (engine/grading.ts INITIAL_GRADING_STANDARDS, frozen
  // here as they were at this migration): administrators revise them as new versions.
  for (const [cls, criteria] of Object.entries(INITIAL_STANDARDS)) {
    await sql`insert into exchange_grading_standards (class, current_version) values (${cls}, 1)`.execute(db);
    await sql`insert into exchange_grading_standard_versions (class, version, criteria, note) values (${cls}, 1, ${JSON.stringify(criteria)}::jsonb, 'initial')`.execute(db);
  }

  await db.schema
    .createTable('exchange_listings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    /** `GL-2026-00001`, shown to people instead of the uuid. */
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('site_id', 'uuid', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('stream_id', 'uuid', (c) => c.notNull().references('byproduct_streams.id').onDelete('cascade'))
    .addColumn('class', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    /** one-off: `tonnes` in total over the window; monthly: `tonnes` per month of the window. */
    .addColumn('quantity_kind', 'text', (c) => c.notNull().check(sql`quantity_kind in ('one-off','monthly')`))
    .addColumn('tonnes', 'numeric', (c) => c.notNull().check(sql`tonnes > 0`))
    .addColumn('window_start', 'date', (c) => c.notNull())
    .addColumn('window_end', 'date', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.check(sql`grade in ('A','B','C')`))
    /** computed: from `assays` by the stored standard; override: stated, backed by an assay attachment. */
    .addColumn('grade_source', 'text', (c) => c.notNull().check(sql`grade_source in ('computed','override')`))
    .addColumn('assays', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('grading_version', 'integer')
    /** The engine's grading (grade, the rule that decided it) as computed at the last save. */
    .addColumn('grading', 'jsonb')
    /** 元 per tonne; null = negotiable (0 in matching). */
    .addColumn('reserve_price', 'numeric', (c) => c.check(sql`reserve_price >= 0`))
    .addColumn('delivery_terms', 'text', (c) => c.notNull().check(sql`delivery_terms in ('ex-works','delivered')`))
    .addColumn('load_type', 'text', (c) => c.notNull().check(sql`load_type in ('bulk','liquid','hazardous')`))
    .addColumn('visibility', 'text', (c) => c.notNull().check(sql`visibility in ('public','park','anonymised')`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open','closed','withdrawn')`))
    .addColumn('note', 'text')
    .addColumn('delegation_id', 'uuid')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addCheckConstraint('exchange_listings_window', sql`window_end >= window_start`)
    .addCheckConstraint('exchange_listings_override_grade', sql`grade_source = 'computed' or grade is not null`)
    .execute();
  await db.schema.createIndex('exchange_listings_org_idx').on('exchange_listings').column('organisation_id').execute();
  await db.schema.createIndex('exchange_listings_stream_idx').on('exchange_listings').columns(['stream_id', 'window_start']).execute();
  await db.schema.createIndex('exchange_listings_status_idx').on('exchange_listings').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('exchange_demands')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('site_id', 'uuid', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    /** Composition class ids accepted (at least one). */
    .addColumn('accepts', sql`text[]`, (c) => c.notNull())
    /** Narrowing by herb, part or residue kind; empty = any. */
    .addColumn('herbs', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('parts', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('residues', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('min_grade', 'text', (c) => c.notNull().check(sql`min_grade in ('A','B','C')`))
    /** 元 per tonne offered by grade; null = that grade is not bought. */
    .addColumn('price_a', 'numeric', (c) => c.check(sql`price_a >= 0`))
    .addColumn('price_b', 'numeric', (c) => c.check(sql`price_b >= 0`))
    .addColumn('price_c', 'numeric', (c) => c.check(sql`price_c >= 0`))
    .addColumn('capacity_per_month', 'numeric', (c) => c.notNull().check(sql`capacity_per_month > 0`))
    .addColumn('max_distance_km', 'numeric', (c) => c.notNull().check(sql`max_distance_km > 0`))
    .addColumn('window_start', 'date', (c) => c.notNull())
    /** null: a standing demand, open until closed. */
    .addColumn('window_end', 'date')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open','closed')`))
    .addColumn('note', 'text')
    .addColumn('delegation_id', 'uuid')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('closed_at', 'timestamptz')
    .addCheckConstraint('exchange_demands_window', sql`window_end is null or window_end >= window_start`)
    .addCheckConstraint('exchange_demands_priced', sql`price_a is not null or price_b is not null or price_c is not null`)
    .execute();
  await db.schema.createIndex('exchange_demands_org_idx').on('exchange_demands').column('organisation_id').execute();
  await db.schema.createIndex('exchange_demands_status_idx').on('exchange_demands').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('exchange_attachments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('listing_id', 'uuid', (c) => c.references('exchange_listings.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('assay','photo')`))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull().check(sql`size_bytes > 0`))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('exchange_attachments_listing_idx').on('exchange_attachments').column('listing_id').execute();
  await db.schema
    .alterTable('exchange_listings')
    .addColumn('override_attachment_id', 'uuid', (c) => c.references('exchange_attachments.id').onDelete('set null'))
    .execute();

  await db.schema
    .createTable('exchange_match_runs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    /** match: a new allocation of the open market; reoptimise: after a decline, accepted proposals fixed. */
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('match','reoptimise')`))
    .addColumn('park_id', 'uuid', (c) => c.references('parks.id').onDelete('set null'))
    .addColumn('region_code', 'text')
    /** {costPerTonneKm: {bulk, liquid, hazardous}, roadFactor} used by the run. */
    .addColumn('transport', 'jsonb', (c) => c.notNull())
    .addColumn('objective', 'numeric', (c) => c.notNull())
    .addColumn('listings', 'integer', (c) => c.notNull())
    .addColumn('demands', 'integer', (c) => c.notNull())
    .addColumn('eligible_pairs', 'integer', (c) => c.notNull())
    .addColumn('proposals', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('organisation_id', 'uuid', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  const decision = (name: string) => sql.raw(`${name} is null or ${name} in ('accepted','declined')`);
  await db.schema
    .createTable('exchange_proposals')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('run_id', 'uuid', (c) => c.notNull().references('exchange_match_runs.id').onDelete('cascade'))
    .addColumn('listing_id', 'uuid', (c) => c.notNull().references('exchange_listings.id').onDelete('cascade'))
    .addColumn('demand_id', 'uuid', (c) => c.notNull().references('exchange_demands.id').onDelete('cascade'))
    /** Denormalised from the listing and the demand: who may act on the proposal. */
    .addColumn('seller_organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('buyer_organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    /** Per month for a monthly listing, in total for a one-off lot (the listing's unit). */
    .addColumn('tonnes', 'numeric', (c) => c.notNull().check(sql`tonnes > 0`))
    .addColumn('grade', 'text', (c) => c.notNull().check(sql`grade in ('A','B','C')`))
    .addColumn('price_offered', 'numeric', (c) => c.notNull())
    .addColumn('reserve_price', 'numeric')
    .addColumn('distance_km', 'numeric', (c) => c.notNull())
    .addColumn('transport_cost_per_tonne', 'numeric', (c) => c.notNull())
    .addColumn('value_per_tonne', 'numeric', (c) => c.notNull())
    .addColumn('suggested_price', 'numeric', (c) => c.notNull())
    /** {objective, valueLost, listingPartners, demandPartners} of the allocation without this pair. */
    .addColumn('alternative', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status in ('pending','accepted','declined','superseded','contracted')`),
    )
    .addColumn('seller_decision', 'text', (c) => c.check(decision('seller_decision')))
    .addColumn('seller_decided_at', 'timestamptz')
    .addColumn('seller_decided_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('seller_delegation_id', 'uuid')
    .addColumn('buyer_decision', 'text', (c) => c.check(decision('buyer_decision')))
    .addColumn('buyer_decided_at', 'timestamptz')
    .addColumn('buyer_decided_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('buyer_delegation_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('exchange_proposals_pair_idx').on('exchange_proposals').columns(['listing_id', 'demand_id']).execute();
  await db.schema.createIndex('exchange_proposals_seller_idx').on('exchange_proposals').columns(['seller_organisation_id', 'status']).execute();
  await db.schema.createIndex('exchange_proposals_buyer_idx').on('exchange_proposals').columns(['buyer_organisation_id', 'status']).execute();
  await db.schema.createIndex('exchange_proposals_run_idx').on('exchange_proposals').column('run_id').execute();

  await db.schema
    .createTable('exchange_contracts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    /** `HT-2026-00001`. */
    .addColumn('number', 'text', (c) => c.notNull().unique())
    /** bilateral: one seller, one buyer; service: a provider collecting from many client firms. */
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('bilateral','service')`))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('proposal','auction','direct')`))
    .addColumn('proposal_id', 'uuid', (c) => c.unique().references('exchange_proposals.id').onDelete('set null'))
    .addColumn('auction_id', 'uuid')
    .addColumn('listing_id', 'uuid', (c) => c.references('exchange_listings.id').onDelete('set null'))
    .addColumn('demand_id', 'uuid', (c) => c.references('exchange_demands.id').onDelete('set null'))
    /** bilateral: the seller; service: null (the clients are in exchange_contract_parties). */
    .addColumn('seller_organisation_id', 'uuid', (c) => c.references('organisations.id').onDelete('cascade'))
    /** bilateral: the buyer; service: the service provider. */
    .addColumn('buyer_organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('class', 'text')
    .addColumn('grade', 'text', (c) => c.check(sql`grade in ('A','B','C')`))
    .addColumn('tonnes', 'numeric', (c) => c.notNull().check(sql`tonnes > 0`))
    /** 元 per tonne paid by the buyer (bilateral); null for a service contract's schedule. */
    .addColumn('price_per_tonne', 'numeric')
    /** Service: [{upToTonnesPerMonth: number | null, pricePerTonne}], tiers in order; who pays in `price_payer`. */
    .addColumn('price_schedule', 'jsonb')
    .addColumn('price_payer', 'text', (c) => c.notNull().defaultTo('buyer').check(sql`price_payer in ('buyer','seller')`))
    .addColumn('delivery_terms', 'text', (c) => c.notNull().check(sql`delivery_terms in ('ex-works','delivered')`))
    .addColumn('load_type', 'text', (c) => c.notNull().check(sql`load_type in ('bulk','liquid','hazardous')`))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('terms', 'text')
    /** The recycled product returns to the generating firm (e.g. its residue becomes its own fertiliser). */
    .addColumn('loop_back', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('loop_product', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active','completed','cancelled')`))
    .addColumn('delegation_id', 'uuid')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addCheckConstraint('exchange_contracts_window', sql`ends_on >= starts_on`)
    .addCheckConstraint('exchange_contracts_priced', sql`price_per_tonne is not null or price_schedule is not null`)
    .addCheckConstraint('exchange_contracts_bilateral_seller', sql`kind = 'service' or seller_organisation_id is not null`)
    .addCheckConstraint('exchange_contracts_loop_product', sql`not loop_back or loop_product is not null`)
    .execute();
  await db.schema.createIndex('exchange_contracts_seller_idx').on('exchange_contracts').column('seller_organisation_id').execute();
  await db.schema.createIndex('exchange_contracts_buyer_idx').on('exchange_contracts').column('buyer_organisation_id').execute();
  await db.schema.createIndex('exchange_contracts_auction_idx').on('exchange_contracts').column('auction_id').execute();

  await db.schema
    .createTable('exchange_contract_parties')
    .addColumn('contract_id', 'uuid', (c) => c.notNull().references('exchange_contracts.id').onDelete('cascade'))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('site_id', 'uuid', (c) => c.references('sites.id').onDelete('set null'))
    .addColumn('stream_id', 'uuid', (c) => c.references('byproduct_streams.id').onDelete('set null'))
    .addColumn('tonnes_per_month', 'numeric', (c) => c.notNull().check(sql`tonnes_per_month > 0`))
    .addColumn('loop_back', 'boolean', (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('exchange_contract_parties_pk', ['contract_id', 'organisation_id'])
    .execute();
  await db.schema.createIndex('exchange_contract_parties_org_idx').on('exchange_contract_parties').column('organisation_id').execute();

  await db.schema
    .createTable('exchange_contract_deliveries')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('contract_id', 'uuid', (c) => c.notNull().references('exchange_contracts.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull().check(sql`seq > 0`))
    /** The firm the lot comes from (the seller, or one client of a service contract). */
    .addColumn('from_organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('planned_on', 'date', (c) => c.notNull())
    .addColumn('planned_tonnes', 'numeric', (c) => c.notNull().check(sql`planned_tonnes > 0`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('planned').check(sql`status in ('planned','delivered','cancelled')`))
    .addColumn('delivered_on', 'date')
    .addColumn('delivered_tonnes', 'numeric', (c) => c.check(sql`delivered_tonnes >= 0`))
    /** The manifest the delivery travelled under (manifests issue). */
    .addColumn('manifest_id', 'uuid')
    .addColumn('recorded_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('recorded_at', 'timestamptz')
    .addColumn('delegation_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('exchange_contract_deliveries_seq', ['contract_id', 'seq'])
    .addCheckConstraint('exchange_contract_deliveries_delivered', sql`status <> 'delivered' or (delivered_on is not null and delivered_tonnes is not null)`)
    .execute();
  await db.schema.createIndex('exchange_contract_deliveries_planned_idx').on('exchange_contract_deliveries').columns(['status', 'planned_on']).execute();

  /** Per-year counters of the listing, demand and contract codes. */
  await db.schema
    .createTable('exchange_counters')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('listing','demand','contract')`))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('exchange_counters_pk', ['kind', 'year'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'exchange_counters',
    'exchange_contract_deliveries',
    'exchange_contract_parties',
    'exchange_contracts',
    'exchange_proposals',
    'exchange_match_runs',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('exchange_listings').dropColumn('override_attachment_id').execute();
  for (const table of ['exchange_attachments', 'exchange_demands', 'exchange_listings', 'exchange_grading_standard_versions', 'exchange_grading_standards']) {
    await db.schema.dropTable(table).execute();
  }
}
