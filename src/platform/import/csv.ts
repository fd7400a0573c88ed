import { pipeline, Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { AppError, errors } from '../errors';
import type { ImportLimits } from './limits';
import { importProblems } from './problems';
import type { SheetRecord } from './records';
import type { ByteSource } from './source';
import { decodeCsvText } from './text';

/**
 * CSV records as they arrive, header first. The parser holds one record at a time; stopping the
 * iteration stops the reading of the source.
 */
export async function* csvRecords(source: ByteSource, limits: Pick<ImportLimits, 'maxRowChars'>): AsyncGenerator<SheetRecord> {
  const parser = parse({ relax_column_count: true, skip_empty_lines: false, trim: true, max_record_size: limits.maxRowChars });
  // The callback only settles the pipeline; its error surfaces in the iteration below.
  pipeline(Readable.from(decodeCsvText(source)), parser, () => undefined);
  let index = 0;
  try {
    for await (const record of parser) {
      index++;
      yield { row: index, values: record as string[] };
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof CsvError && error.code === 'CSV_MAX_RECORD_SIZE') throw importProblems.rowTooLarge(limits.maxRowChars);
    throw errors.validation('The CSV file cannot be parsed.', [{ field: 'file', message: error instanceof Error ? error.message : String(error) }]);
  } finally {
    parser.destroy();
  }
}
