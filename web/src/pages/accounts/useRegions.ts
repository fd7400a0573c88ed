import { useQuery } from '@tanstack/react-query';
import { useLocalName } from '../../i18n/labels';
import { accountsApi, type RegionItem } from './api';

/** Regions with accounts, and their name in the interface language. */
export function useRegions() {
  const localName = useLocalName();
  const query = useQuery({ queryKey: ['accounts', 'regions'], queryFn: accountsApi.regions, staleTime: 5 * 60_000 });
  const items = query.data?.items ?? [];
  const nameOf = (code: string) => {
    const r = items.find((i) => i.region === code);
    return r ? localName(r) : code;
  };
  const options = items.map((r: RegionItem) => ({ value: r.region, label: localName(r) }));
  return { query, items, nameOf, options };
}

/**
 * The regions with accounts that cover the viewer's own region, most specific first
 * (a 亳州 district: the district, then 亳州市, then 安徽省).
 */
export function ownRegionCandidates(regionCode: string | null | undefined): string[] {
  if (!regionCode || !/^\d{6}$/.test(regionCode)) return [];
  return [...new Set([regionCode, `${regionCode.slice(0, 4)}00`, `${regionCode.slice(0, 2)}0000`])];
}

export function yearRange(first: number, last: number): number[] {
  const years: number[] = [];
  for (let y = first; y <= last; y++) years.push(y);
  return years;
}

/** Resource kinds of the catalogue, named in the interface language (unknown codes as given). */
export function useKindName() {
  const localName = useLocalName();
  const catalogue = useQuery({ queryKey: ['accounts', 'catalogue'], queryFn: accountsApi.catalogue, staleTime: 5 * 60_000 });
  return (code: string | null) => {
    if (!code) return '—';
    const kind = catalogue.data?.items.find((k) => k.code === code);
    return kind ? localName(kind) : code;
  };
}
