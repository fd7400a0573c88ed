import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { referenceApi } from './endpoints';

/** Region codes (GB/T 2260) to names in the interface language; the code itself when unknown. */
export function useRegionName() {
  const { i18n } = useTranslation();
  const regions = useQuery({
    queryKey: ['reference', 'regions'],
    queryFn: referenceApi.regions,
    staleTime: Infinity,
  });
  const english = i18n.language === 'en';
  return useCallback(
    (code: string) => {
      const region = regions.data?.items.find((r) => r.code === code);
      if (!region) return code;
      return english ? region.nameEn : region.nameZh;
    },
    [regions.data, english],
  );
}
