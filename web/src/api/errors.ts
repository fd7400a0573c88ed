import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './client';

/** "body.location.latitude" → ['location', 'latitude'], the form item's name path. */
export function formPathOf(field: string): string[] {
  const parts = field.split('.');
  return parts[0] === 'body' ? parts.slice(1) : parts;
}

/**
 * Turns a failed request into feedback: field errors from a validation problem go next to the
 * form items they concern; everything else (and field errors the form has no item for) becomes
 * one message, translated by the problem's stable code when we know it. `describe` renders a
 * field issue in the UI's language (from its code); by default the server's message is shown.
 */
type Issue = { field: string; message: string; code?: string; params?: Record<string, string | number> };

export function useApiErrorHandler(describe?: (issue: Issue) => string) {
  const { message } = App.useApp();
  const { t, i18n } = useTranslation();

  return useCallback(
    (error: unknown, form?: FormInstance) => {
      if (!(error instanceof ApiError)) {
        void message.error(t('errors.generic'));
        return;
      }
      // A lost session is handled by the redirect to /login; no toast on top.
      if (error.status === 401 && error.code !== 'invalid_credentials') return;
      // An issue whose stable code has a text (`errors.issue.<code>`) reads in the interface's language and needs no field name.
      const issueText = (e: Issue): { text: string; translated: boolean } => {
        const key = e.code ? `errors.issue.${e.code}` : undefined;
        if (key && i18n.exists(key)) return { text: t(key, e.params ?? {}), translated: true };
        return { text: describe ? describe(e) : e.message, translated: false };
      };
      const leftover: string[] = [];
      const issues = error.problem.errors ?? [];
      if (form && issues.length) {
        const known = new Set(Object.keys(form.getFieldsValue() as object));
        const onForm = issues.filter((e) => {
          const path = formPathOf(e.field);
          const onItem = path.length > 0 && known.has(path[0]!);
          if (!onItem) {
            const { text, translated } = issueText(e);
            leftover.push(translated ? text : `${e.field}: ${text}`);
          }
          return onItem;
        });
        form.setFields(onForm.map((e) => ({ name: formPathOf(e.field), errors: [issueText(e).text] })));
        if (leftover.length === 0) return;
      } else {
        for (const e of issues) {
          const { text, translated } = issueText(e);
          if (translated) leftover.push(text);
        }
      }
      const key = `errors.${error.code}`;
      const text = i18n.exists(key) ? t(key) : (error.problem.detail ?? t('errors.generic'));
      void message.error(leftover.length ? `${text} (${leftover.join('; ')})` : text);
    },
    [message, t, i18n, describe],
  );
}
