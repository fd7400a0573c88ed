/** Rows per write: large enough to amortise a round trip, small enough for PostgreSQL's 65 535 bound parameters at a dozen columns. */
export const DEFAULT_BATCH_ROWS = 500;

/**
 * Hands `rows` to `write` in consecutive slices of at most `size`, one after another, inside
 * whatever transaction the caller's `write` uses. Slices are views built once per batch, so
 * the whole is linear in the rows.
 */
export async function writeInBatches<T>(rows: readonly T[], write: (batch: readonly T[], firstIndex: number) => Promise<void>, size = DEFAULT_BATCH_ROWS): Promise<void> {
  for (let start = 0; start < rows.length; start += size) await write(rows.slice(start, start + size), start);
}
