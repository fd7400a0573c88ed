import type { ColumnType } from 'kysely';
import type { membershipRoles, organisationTypes } from '../shared/limits';

/**
 * Column types shared by every module's tables. Timestamps are `timestamptz` and come back as
 * `Date`; money is stored as integer fen or `numeric` (returned as string by both drivers),
 * never as binary floats.
 */
/** A timestamptz with a default: optional on insert. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** Reported quantities and factors are `numeric`: strings in JavaScript, exact in storage. */
export type Numeric = ColumnType<string, string | number, string | number>;
export type NullableNumeric = ColumnType<string | null, string | number | null | undefined, string | number | null>;
export type NumericWithDefault = ColumnType<string, string | number | undefined, string | number>;

export type OrganisationType = (typeof organisationTypes)[number];
export type MembershipRole = (typeof membershipRoles)[number];
