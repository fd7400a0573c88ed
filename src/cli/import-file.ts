import fs from 'node:fs';
import { fileChunks, formatFromName, type ImportedTable, importLimits, type ImportSpec, readImport } from '../platform/import/index';
import { CliError } from './context';

/**
 * A local CSV/.xlsx file read through a module's import definition, exactly as the HTTP
 * route reads an upload: streamed under the same caps, rows validated, errors naming row and
 * column. Read before the database is opened, so a bad file never holds it.
 */
export async function readImportFile<T>(file: string, spec: ImportSpec<T> | ((columns: string[]) => ImportSpec<T>)): Promise<ImportedTable<T>> {
  if (!fs.existsSync(file)) throw new CliError(`${file}: no such file`);
  const format = formatFromName(file);
  const limits = importLimits();
  return readImport({ source: fileChunks(file, limits.maxBytes), format }, spec, { limits });
}
