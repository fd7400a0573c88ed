import { type Kysely, sql } from 'kysely';

/**
 * Auctions of exchange listings and the published by-product price index (issue 12).
 *
 * - `exchange_auctions`: one auction of a listing; `ends_at` is the end as announced and
 *   `current_end_at` the end after anti-sniping extensions. The row is the lock every bid takes
 *   (`select … for update`), so bids on one auction are taken one at a time in every process.
 *   `listing_id` has no foreign key: the listing belongs to the exchange core's tables, checked
 *   when the auction is created.
 * - `exchange_auction_bids`: immutable (a trigger refuses updates and deletes, except the one
 *   update that reveals a sealed bid at the close). A sealed bid's amount is stored only as
 *   `sealed_amount`, AES-256-GCM under a key derived from a secret outside the database
 *   (docs/security.md); `amount` stays null until the close reveals it. `seq` numbers the bids of
 *   an auction in the order their lock was taken: unique, so a doubled bid cannot exist.
 * - `exchange_auction_deposits`: deposits recorded by the seller (or a platform admin) for a bidder.
 * - `exchange_index_series`: the published weekly index (composite, per category, per cell),
 *   recomputed as a whole by the `exchange-price-index` job; only disclosed cells are stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('exchange_auctions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('listing_id', 'uuid', (c) => c.notNull())
    .addColumn('seller_organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('restrict'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('sealed-first-price','sealed-second-price','ascending')`))
    /** Category (composition class) and grade of the lot, copied from the listing at creation. */
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull().check(sql`grade in ('A','B','C')`))
    .addColumn('tonnes', 'numeric', (c) => c.notNull().check(sql`tonnes > 0`))
    /** 元 per tonne. */
    .addColumn('reserve_price', 'numeric', (c) => c.notNull().check(sql`reserve_price >= 0`))
    .addColumn('min_increment', 'numeric', (c) => c.notNull().defaultTo(0).check(sql`min_increment >= 0`))
    .addColumn('anti_sniping_seconds', 'integer', (c) => c.notNull().defaultTo(0).check(sql`anti_sniping_seconds between 0 and 86400`))
    /** 元 a bidder must have deposited (recorded in exchange_auction_deposits) before bidding; 0: none. */
    .addColumn('deposit', 'numeric', (c) => c.notNull().defaultTo(0).check(sql`deposit >= 0`))
    /** The least rating a bidder needs once ratings exist; null: no threshold. */
    .addColumn('min_rating', 'numeric')
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('current_end_at', 'timestamptz', (c) => c.notNull())
    /** Which sealing key the process that created the auction held: a process with another key refuses sealed bids. */
    .addColumn('sealing_key_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open','closed')`))
    .addColumn('bid_count', 'integer', (c) => c.notNull().defaultTo(0))
    /** Ascending only (sealed auctions keep both null until the close). */
    .addColumn('high_bid', 'numeric')
    .addColumn('high_bidder_organisation_id', 'uuid', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('closed_at', 'timestamptz')
    .addColumn('winner_organisation_id', 'uuid', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('winning_bid', 'numeric')
    /** 元 per tonne the winner pays (second price: the second-highest bid or the reserve). */
    .addColumn('price', 'numeric')
    .addColumn('contract_id', 'uuid')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('exchange_auctions_window', sql`ends_at > starts_at and current_end_at >= ends_at`)
    .addCheckConstraint('exchange_auctions_closed', sql`status = 'open' or closed_at is not null`)
    .execute();
  await db.schema.createIndex('exchange_auctions_due_idx').on('exchange_auctions').columns(['status', 'current_end_at']).execute();
  await db.schema.createIndex('exchange_auctions_listing_idx').on('exchange_auctions').column('listing_id').execute();
  await db.schema.createIndex('exchange_auctions_seller_idx').on('exchange_auctions').column('seller_organisation_id').execute();

  await db.schema
    .createTable('exchange_auction_bids')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('auction_id', 'uuid', (c) => c.notNull().references('exchange_auctions.id').onDelete('restrict'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('bidder_organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('restrict'))
    .addColumn('placed_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('placed_at', 'timestamptz', (c) => c.notNull())
    /** 元 per tonne: at once for open bids, at the close for sealed ones. */
    .addColumn('amount', 'numeric', (c) => c.check(sql`amount > 0`))
    /** base64(iv ‖ tag ‖ ciphertext) of the amount; sealed bids only. */
    .addColumn('sealed_amount', 'text')
    .addCheckConstraint('exchange_auction_bids_amount', sql`amount is not null or sealed_amount is not null`)
    .addUniqueConstraint('exchange_auction_bids_seq', ['auction_id', 'seq'])
    .execute();
  await db.schema.createIndex('exchange_auction_bids_bidder_idx').on('exchange_auction_bids').column('bidder_organisation_id').execute();

  // Bids are immutable: the only change ever made to one is revealing a sealed amount once.
  await sql`
    create function exchange_auction_bids_immutable() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'exchange_auction_bids are immutable (delete refused)';
      end if;
      if old.amount is not null or new.amount is null
         or new.id <> old.id or new.auction_id <> old.auction_id or new.seq <> old.seq
         or new.bidder_organisation_id <> old.bidder_organisation_id or new.placed_at <> old.placed_at
         or new.sealed_amount is distinct from old.sealed_amount or new.placed_by is distinct from old.placed_by then
        raise exception 'exchange_auction_bids are immutable (only a sealed amount is revealed, once)';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger exchange_auction_bids_immutable before update or delete on exchange_auction_bids
    for each row execute function exchange_auction_bids_immutable()`.execute(db);

  await db.schema
    .createTable('exchange_auction_deposits')
    .addColumn('auction_id', 'uuid', (c) => c.notNull().references('exchange_auctions.id').onDelete('cascade'))
    .addColumn('bidder_organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('amount', 'numeric', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('exchange_auction_deposits_pk', ['auction_id', 'bidder_organisation_id'])
    .execute();

  await db.schema
    .createTable('exchange_index_series')
    /** `composite`, `category:<class>` or `cell:<class>|<grade>`. */
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('week_start', 'date', (c) => c.notNull())
    .addColumn('index', 'float8')
    .addColumn('link', 'float8')
    .addColumn('cells_linked', 'integer', (c) => c.notNull())
    /** Cells only: the volume-weighted price (元/t), trades, sellers and tonnes of the week. */
    .addColumn('price', 'float8')
    .addColumn('trades', 'integer')
    .addColumn('tonnes', 'float8')
    .addPrimaryKeyConstraint('exchange_index_series_pk', ['series', 'week'])
    .execute();
  await db.schema
    .createTable('exchange_index_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('computed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('base_week', 'text')
    .addColumn('trades', 'integer', (c) => c.notNull())
    /** A digest of the trades the series were computed from: the job recomputes only when it changes. */
    .addColumn('source_digest', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('exchange_index_runs').execute();
  await db.schema.dropTable('exchange_index_series').execute();
  await db.schema.dropTable('exchange_auction_deposits').execute();
  await sql`drop trigger exchange_auction_bids_immutable on exchange_auction_bids`.execute(db);
  await db.schema.dropTable('exchange_auction_bids').execute();
  await sql`drop function exchange_auction_bids_immutable()`.execute(db);
  await db.schema.dropTable('exchange_auctions').execute();
}
