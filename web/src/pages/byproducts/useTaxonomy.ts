import { useQuery } from '@tanstack/react-query';
import { bpApi } from './api';

export function useTaxonomy() {
  return useQuery({ queryKey: ['byproducts', 'taxonomy'], queryFn: bpApi.taxonomy, staleTime: Infinity });
}
