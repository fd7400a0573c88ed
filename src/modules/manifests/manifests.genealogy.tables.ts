import type { Selectable } from 'kysely';
import type { Numeric, Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';
import type { GenealogyKind } from './engine/interchange';

/** A transfer station's operation: loads grouped, split or blended into other loads. */
export interface ManifestGenealogyOperationTable {
  id: string;
  kind: GenealogyKind;
  /** The station's operator (it received the inputs and generates the outputs). */
  operator_id: string;
  site_id: string;
  at: Timestamp;
  recorded_at: Timestamp;
  /** The partner's EPCIS eventID of an imported operation (null: recorded on the platform). */
  source_event_id: string | null;
}

/** Tonnes of one line of one load that went in (`input`) or came out (`output`). */
export interface ManifestGenealogyLineTable {
  operation_id: string;
  side: 'input' | 'output';
  manifest_id: string;
  line_no: number;
  quantity: Numeric;
}

/** Custody events that came from a partner's EPCIS document, by the partner's eventID. */
export interface ManifestImportedEventTable {
  /** The organisation the event was signed for. */
  partner_id: string;
  source_event_id: string;
  manifest_id: string;
  event_id: string;
  imported_at: Timestamp;
}

export type GenealogyOperationRow = Selectable<ManifestGenealogyOperationTable>;
export type GenealogyLineRow = Selectable<ManifestGenealogyLineTable>;

export interface ManifestGenealogyTables {
  manifest_genealogy_operations: ManifestGenealogyOperationTable;
  manifest_genealogy_lines: ManifestGenealogyLineTable;
  manifest_imported_events: ManifestImportedEventTable;
}

export const manifestGenealogyClassification: TableClassification<ManifestGenealogyTables> = {
  manifest_genealogy_operations: { id: 'internal', kind: 'internal', operator_id: 'confidential', site_id: 'confidential', at: 'internal', recorded_at: 'internal', source_event_id: 'internal' },
  manifest_genealogy_lines: { operation_id: 'internal', side: 'internal', manifest_id: 'internal', line_no: 'confidential', quantity: 'confidential' },
  manifest_imported_events: { partner_id: 'confidential', source_event_id: 'internal', manifest_id: 'internal', event_id: 'internal', imported_at: 'internal' },
};
