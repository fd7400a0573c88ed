import type { TFunction } from 'i18next';
import { call } from '../../api/call';
import type { ResponseOf } from '../../../../src/shared/contract';
import * as contract from '../../../../src/modules/ratings/ratings.contract';

export type RatingList = ResponseOf<typeof contract.listRatings>;
export type RatingDetail = ResponseOf<typeof contract.showRating>;
export type Reason = NonNullable<RatingList['items'][number]['reasons']>[number];

export const ratingsApi = {
  list: (grade?: string) => call(contract.listRatings, { query: grade ? { grade: grade as RatingList['suspendBelow'] } : {} }),
  show: (organisationId: string) => call(contract.showRating, { params: { organisationId } }),
  appeal: (organisationId: string, statement: string) => call(contract.appealRating, { params: { organisationId }, body: { statement } }),
  decide: (id: string, outcome: 'upheld' | 'rejected', reason: string) => call(contract.decideAppeal, { params: { id }, body: { outcome, reason } }),
};

/** A reason in words: rates as percentages, the rest as the engine gave them. */
export function reasonText(t: TFunction, r: Reason): string {
  const params: Record<string, string | number> = { ...r.params };
  if (typeof params.rate === 'number') params.rate = `${(params.rate * 100).toFixed(1)} %`;
  return t(r.code, params);
}

export const gradeColor = (grade: string): string => (grade.startsWith('AA') || grade === 'A' ? 'green' : grade.startsWith('B') ? 'gold' : 'red');

export const orgName = (language: string, o: { nameZh: string; nameEn: string }) => (language.startsWith('en') ? o.nameEn : o.nameZh);
