import { z } from 'zod';

/** Thousands separators and spaces people type into numbers (1,200 / 1，200 / 1 200). */
const SEPARATORS = /[,，\s]/g;

/**
 * A number cell of an import file, checked by the same schema the JSON API uses for the field
 * (`range`), so a file can never store what the API refuses: text → number (separators
 * removed; not a number, or not finite, is an error naming the text), then the range.
 */
export function numberCell<T extends z.ZodType<number, number>>(range: T) {
  // A cell left empty arrives as undefined: required unless the caller adds `.optional()`.
  return z
    .string({ error: 'is required' })
    .trim()
    .transform((text, ctx) => {
      const value = Number(text.replace(SEPARATORS, ''));
      if (text === '' || !Number.isFinite(value)) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not a finite number` });
        return z.NEVER;
      }
      return value;
    })
    .pipe(range);
}
