/**
 * The import pipeline every module uses: bytes (request body or file) → CSV/.xlsx records under
 * byte, row and column caps (.xlsx in a worker under a memory ceiling) → Zod per row, errors
 * named `row N: field` → all or nothing → the caller writes in batches and audits in its own
 * transaction.
 */
export { type ColumnMap } from './columns';
export { writeInBatches, DEFAULT_BATCH_ROWS } from './batches';
export { MAX_LISTED_ISSUES, RowIssues } from './issues';
export { type ImportLimits, DEFAULT_IMPORT_LIMITS, importLimits } from './limits';
export { defineImport, type ImportedRow, type ImportedTable, type ImportSpec, readImport, type ReadOptions, type Upload } from './pipeline';
export { importProblems } from './problems';
export { formatFromName, type TableFormat } from './records';
export { numberCell } from './cells';
export { type ByteSource, bufferChunks, cappedChunks, fileChunks } from './source';
