import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';

export interface CodedIssue {
  field: string;
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

/**
 * The server's validation messages in the UI's language: a message with a stable code (stream
 * parser, pathway schema) is translated with its params; others keep the server's English.
 */
export function useValidationText() {
  const { t, i18n } = useTranslation();
  return useCallback(
    (e: CodedIssue): string => {
      const key = e.code ? `byproducts.validation.${e.code}` : null;
      return key && i18n.exists(key) ? t(key, { ...e.params, interpolation: { escapeValue: false } }) : e.message;
    },
    [t, i18n],
  );
}

/** The same error with each field message translated (for the form handler). */
export function translatedProblem(error: unknown, text: (e: CodedIssue) => string, fieldOf: (field: string) => string = (f) => f): unknown {
  if (!(error instanceof ApiError) || !error.problem.errors) return error;
  return new ApiError({ ...error.problem, errors: error.problem.errors.map((e) => ({ ...e, field: fieldOf(e.field), message: text(e) })) });
}
