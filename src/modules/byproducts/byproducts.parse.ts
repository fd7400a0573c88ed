import { errors, type FieldIssue } from '../../platform/errors';
import { type ByproductStream, type CriterionWeights, type FieldError, findHerb, parseStream, parseWeights } from './engine';

/** The engine's parsers with their errors as problem+json field issues. */

export function fieldErrors(errs: FieldError[], prefix = ''): FieldIssue[] {
  return errs.map((e) => ({ field: `${prefix}${e.field}`, message: e.message, ...(e.code ? { code: e.code } : {}), ...(e.params ? { params: e.params } : {}) }));
}

/** Parses a stream described in JSON (what-if, --file); errors name the field. */
export function parseStreamOrThrow(input: unknown, prefix = ''): ByproductStream {
  const result = parseStream(input);
  if (!result.ok) throw errors.validation(`The stream is invalid: ${result.errors.length} error(s).`, fieldErrors(result.errors, prefix));
  return result.value;
}

export function weightsOrThrow(spec: string | undefined, field = 'weights'): CriterionWeights | undefined {
  if (spec === undefined || spec === '') return undefined;
  const result = parseWeights(spec);
  if (!result.ok) throw errors.validation(`Invalid weights "${spec}".`, result.errors.map((e) => ({ field: e.field === '(root)' || e.field === '' ? field : `${field}.${e.field}`, message: e.message })));
  return result.value;
}

/** The name of a stream declared without one: its herb and residue (or part). */
export function defaultName(s: ByproductStream): string {
  const herb = s.herb === null ? '' : (findHerb(s.herb)?.zh ?? s.herb);
  return `${herb}${s.residue ?? s.part ?? ''}`.trim() || 'stream';
}
