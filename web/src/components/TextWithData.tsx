import type { ReactNode } from 'react';
import { Trans } from 'react-i18next';
import { languageOf } from './UserText';

// A file of its own: Trans and its markup parser stay out of the first load (the shell imports UserText).
/**
 * A translated sentence that quotes user data: the text writes each quoted value as
 * `<name>{{name}}</name>` (e.g. "合同 <number>{{number}}</number>"), and each is marked with its own
 * language as UserText marks it; `values` are the sentence's other, interface, values.
 */
export function TextWithData({ i18nKey, data, values }: { i18nKey: string; data: Record<string, string>; values?: Record<string, string | number> }): ReactNode {
  const components = Object.fromEntries(Object.entries(data).map(([name, text]) => [name, <span lang={languageOf(text)} />]));
  return <Trans i18nKey={i18nKey} values={{ ...values, ...data }} components={components} />;
}
