import type { ReactNode } from 'react';

const han = /\p{Script=Han}/u;

/**
 * The language of a text people or catalogues wrote (not the interface's): Chinese when it has
 * Han characters, English when it reads as words, else no language at all (codes such as
 * BZ-MFR-HUATUO or FFDSP: `zxx`, "no linguistic content").
 */
export function languageOf(text: string): 'zh-CN' | 'en' | 'zxx' {
  if (han.test(text)) return 'zh-CN';
  return /[A-Za-z]{3,}\s+[A-Za-z]{2,}/.test(text) ? 'en' : 'zxx';
}

/**
 * User data in the page (organisation, person and stream names, codes, notes, bulletin texts):
 * marked with its own language so screen readers and translators leave it as written, and the
 * page walk (test/pages) checks only the interface's own texts.
 */
export function UserText({ children, lang, as: Tag = 'span' }: { children: string | null | undefined; lang?: string; as?: 'span' | 'div' | 'cite' }): ReactNode {
  if (children === null || children === undefined || children === '') return null;
  return <Tag lang={lang ?? languageOf(children)}>{children}</Tag>;
}
