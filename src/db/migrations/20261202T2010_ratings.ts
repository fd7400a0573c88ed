import { type Kysely, sql } from 'kysely';

/**
 * Credit ratings of participants (issue 13, seed 004 §3 §6): the stored ratings (one row per
 * organisation and rating day, so the history is the table), regulator findings and dispute
 * outcomes (the record's deductions: the exchange keeps no disputes and the manifests' regulator
 * queue closes items without a severity), appeals a regulator decides, and suspensions from
 * exchange auctions (one open suspension per organisation at most).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per call: prepared statements take one command.
  for (const statement of [
    `create table ratings (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id) on delete cascade,
        rated_on date not null,
        grade text not null check (grade in ('AAA','AA','A','BBB','BB','B','CCC','CC','C')),
        score numeric(4,1) not null check (score between 0 and 100),
        suspended boolean not null,
        records integer not null,
        dimensions jsonb not null,
        reasons jsonb not null,
        policy_edition text not null,
        computed_at timestamptz not null,
        unique (organisation_id, rated_on)
      )`,
    `create index ratings_latest on ratings (organisation_id, rated_on desc)`,
    `create table rating_findings (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id) on delete cascade,
        severity text not null check (severity in ('minor','major','serious')),
        found_on date not null,
        summary text not null,
        recorded_by uuid,
        recorded_by_organisation_id uuid,
        created_at timestamptz not null default now()
      )`,
    `create index rating_findings_org on rating_findings (organisation_id, found_on)`,
    `create table rating_disputes (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id) on delete cascade,
        contract_id uuid,
        outcome text not null check (outcome in ('lost','won','settled','open')),
        decided_on date not null,
        summary text not null,
        recorded_by uuid,
        recorded_by_organisation_id uuid,
        created_at timestamptz not null default now()
      )`,
    `create index rating_disputes_org on rating_disputes (organisation_id, decided_on)`,
    `create table rating_appeals (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id) on delete cascade,
        rating_id uuid not null references ratings(id) on delete cascade,
        grade text not null,
        suspended boolean not null,
        statement text not null,
        status text not null default 'open' check (status in ('open','upheld','rejected')),
        created_by uuid,
        created_at timestamptz not null default now(),
        decided_by uuid,
        decided_by_organisation_id uuid,
        decision_reason text,
        decided_at timestamptz
      )`,
    `create unique index rating_appeals_one_open on rating_appeals (organisation_id) where status = 'open'`,
    `create table rating_suspensions (
        id uuid primary key default gen_random_uuid(),
        organisation_id uuid not null references organisations(id) on delete cascade,
        rating_id uuid not null references ratings(id) on delete cascade,
        grade text not null,
        started_at timestamptz not null,
        lifted_at timestamptz,
        lifted_because text check (lifted_because in ('appeal-upheld','recovered')),
        appeal_id uuid references rating_appeals(id)
      )`,
    `create unique index rating_suspensions_one_open on rating_suspensions (organisation_id) where lifted_at is null`,
    `create index rating_suspensions_org on rating_suspensions (organisation_id, started_at desc)`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['rating_suspensions', 'rating_appeals', 'rating_disputes', 'rating_findings', 'ratings']) await sql.raw(`drop table ${table}`).execute(db);
}
