import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type Herb, supplyApi } from './api';

/** "rengong niuhuang" → "Rengong Niuhuang": pinyin written as a name. */
export const pinyinName = (pinyin: string) => pinyin.replace(/(^|\s)(\p{L})/gu, (_, space: string, c: string) => space + c.toUpperCase());

/**
 * How a herb is named in the interface language: 丹参 in Chinese; in English its pinyin and
 * English name, "Danshen (Salvia miltiorrhiza root)", or the pinyin alone when it has none.
 */
export function herbLabel(herb: Pick<Herb, 'nameZh' | 'pinyin' | 'nameEn'>, en: boolean): string {
  if (!en) return herb.nameZh;
  const pinyin = pinyinName(herb.pinyin);
  return herb.nameEn ? `${pinyin} (${herb.nameEn})` : pinyin;
}

/** A spec (grade) in the interface language; as written when it has no English name. */
export function specLabel(herb: Pick<Herb, 'specNames'> | undefined, spec: string, en: boolean): string {
  if (!en) return spec;
  return herb?.specNames.find((s) => s.name === spec)?.nameEn ?? spec;
}

/**
 * Herb names from other answers (ingredients, attributions, cases carry the Chinese name or the
 * code) in the interface language, through the public catalogue, loaded once in English only.
 */
export function useHerbNames() {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  const herbs = useQuery({ queryKey: ['supply', 'herbs'], queryFn: supplyApi.herbs, staleTime: 10 * 60_000, enabled: en });
  const byName = useMemo(() => {
    const map = new Map<string, Herb>();
    for (const h of herbs.data?.items ?? []) {
      map.set(h.nameZh, h);
      map.set(h.code, h);
    }
    return map;
  }, [herbs.data]);
  const herb = useCallback(
    (nameOrCode: string, short = false) => {
      const h = en ? byName.get(nameOrCode) : undefined;
      if (!h) return nameOrCode;
      return short ? pinyinName(h.pinyin) : herbLabel(h, true);
    },
    [byName, en],
  );
  const spec = useCallback((nameOrCode: string, name: string) => specLabel(byName.get(nameOrCode), name, en), [byName, en]);
  return { herb, spec, en };
}

/**
 * An exponential-smoothing model in words: the engine's code (error, trend, season: "AAdN")
 * becomes "damped trend, no seasonality, additive errors" in the interface language.
 */
export function etsModelLabel(t: (key: string, options?: Record<string, string>) => string, code: string): string {
  const m = /^([AM])(Ad|Md|A|M|N)([AMN])$/.exec(code);
  if (!m) return t('supply.ets.unknown');
  return t('supply.ets.model', { error: t(`supply.ets.error.${m[1]}`), trend: t(`supply.ets.trend.${m[2]}`), season: t(`supply.ets.season.${m[3]}`) });
}
