import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';

type Issue = { field: string; message: string; code?: string; params?: Record<string, string | number> };

/** A field issue of the manifests API in the interface's language (by its stable code). */
export function describeIssue(t: TFunction, i18nExists: (key: string) => boolean, issue: Issue): string {
  const key = issue.code?.startsWith('manifests.') ? `manifests.msg.${issue.code.slice('manifests.'.length)}` : undefined;
  return key && i18nExists(key) ? t(key, issue.params ?? {}) : issue.message;
}

/**
 * Puts the server's field issues on the form items they name ("lines.0.refused" is the item
 * ['lines', 0, 'refused'] of a Form.List); returns whether every issue found its item.
 */
export function issuesOnForm(error: unknown, form: FormInstance, describe: (issue: Issue) => string): boolean {
  if (!(error instanceof ApiError) || !error.problem.errors?.length) return false;
  const fields = error.problem.errors.map((e) => ({
    name: (e.field.startsWith('body.') ? e.field.slice(5) : e.field).split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
    errors: [describe(e)],
  }));
  const known = fields.filter((f) => form.getFieldInstance(f.name) !== undefined || form.isFieldTouched(f.name) || form.getFieldValue(f.name) !== undefined);
  form.setFields(known);
  return known.length === fields.length;
}
