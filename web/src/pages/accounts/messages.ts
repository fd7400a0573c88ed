import { useTranslation } from 'react-i18next';
import { useKindName } from './useRegions';

export type MessageParams = Record<string, string | number>;

/** Parameters that are fractions (shown as %), and those that are tonnes. */
const FRACTIONS = new Set(['change']);

/**
 * Server messages come with a stable code and the values they quote; this renders them in the
 * interface language (kinds by their catalogue name, fields by their label, numbers formatted),
 * and falls back to the server's English text for a code the web has no text for.
 */
export function useCodedMessage() {
  const { t, i18n } = useTranslation();
  const kindName = useKindName();
  const number = new Intl.NumberFormat(i18n.language, { maximumSignificantDigits: 6 });
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  return (key: string | null | undefined, params: MessageParams | undefined, fallback: string): string => {
    if (!key || !i18n.exists(key)) return fallback;
    const values: Record<string, string> = {};
    for (const [name, v] of Object.entries(params ?? {})) {
      if (name === 'kind') values[name] = kindName(String(v));
      else if (name === 'field') values[name] = t(`accounts.field.${String(v)}`, { defaultValue: String(v) });
      else if (name === 'what') values[name] = t(`accounts.msg.model.what.${String(v)}`, { defaultValue: String(v) });
      else if (typeof v === 'number') values[name] = FRACTIONS.has(name) ? percent.format(v) : number.format(v);
      else values[name] = v;
    }
    return t(key, values);
  };
}

/** Key of a FieldIssue code `accounts.<name>` (import and form errors). */
export function issueKey(code: string | undefined): string | undefined {
  return code?.startsWith('accounts.') ? `accounts.msg.${code.slice('accounts.'.length)}` : undefined;
}
