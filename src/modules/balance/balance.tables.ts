import type { Generated } from 'kysely';
import type { Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';

export interface BalanceModelTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  model: unknown;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The tables this module owns (combined into `Database` in src/db/database.ts). */
export interface BalanceTables {
  balance_models: BalanceModelTable;
}

/** Every column's classification level (see src/platform/classification.ts). */
export const balanceClassification: TableClassification<BalanceTables> = {
  // A firm's plant balance reveals its process yields: confidential to it (and its regulators).
  balance_models: {
    id: 'confidential',
    organisation_id: 'confidential',
    name: 'confidential',
    model: 'confidential',
    created_at: 'confidential',
    updated_at: 'confidential',
  },
};
