import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/** Organisations carry both names; show the one of the interface language. */
export function useLocalName() {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  return useCallback((named: { nameZh: string; nameEn: string }) => (english ? named.nameEn : named.nameZh), [english]);
}
