import type { z } from 'zod';
import { errors, type FieldIssue } from '../errors';

/** At most this many row errors are listed; the count of all of them is always given. */
export const MAX_LISTED_ISSUES = 200;

/**
 * The row errors of one file: every one is counted, the first `MAX_LISTED_ISSUES` are kept, so
 * a file of a million bad rows costs a counter, not a million messages.
 */
export class RowIssues {
  readonly listed: FieldIssue[] = [];
  count = 0;

  add(issue: FieldIssue): void {
    this.count++;
    if (this.listed.length < MAX_LISTED_ISSUES) this.listed.push(issue);
  }

  addZod(row: number, error: z.ZodError): void {
    for (const issue of error.issues) this.add({ field: `row ${row}: ${issue.path.join('.') || 'row'}`, message: issue.message });
  }

  /** All or nothing: one error refuses the whole file. */
  throwIfAny(): void {
    if (this.count === 0) return;
    const more = this.count > this.listed.length ? ` (first ${this.listed.length} listed)` : '';
    throw errors.validation(`${this.count} error(s) in the file; nothing was imported${more}.`, this.listed);
  }
}
