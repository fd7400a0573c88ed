import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { languageOf } from './UserText';

/**
 * A source as a reader cites it. The engines and the knowledge base refer to the domain
 * documents by stable codes (`seed 000 §1.3.2(1)`: document and section; `herbloop:…`: a rule of
 * herbloop's own); those become the document's title in the page's language. Any other source is
 * the title of a published work (IPCC guidelines, the Chinese Pharmacopoeia…), shown as written and
 * marked with its own language.
 */
export function Citation({ source }: { source: string }): ReactNode {
  const { t } = useTranslation();
  const seed = /^seed (\d{3})(?:[ ,:]+(.*))?$/.exec(source.trim());
  if (seed) {
    const section = seed[2]?.trim();
    const title = t(`sources.seed${seed[1]}`, { defaultValue: '' }) || t('sources.domainDocument');
    return section ? t('sources.withSection', { title, section: section.replace(/^§\s*/, '') }) : title;
  }
  if (source.startsWith('herbloop:')) return t(`sources.herbloop.${source.slice('herbloop:'.length)}`, { defaultValue: t('sources.herbloopRule') });
  if (source === 'user') return t('sources.user');
  return <cite lang={languageOf(source)} style={{ fontStyle: 'normal' }}>{source}</cite>;
}
