import type { Trx } from '../../db/database';
import type { ServiceContext } from '../../platform/viewer';
import { markCasesPublished } from '../warnings';

export interface BulletinPublishedEvent {
  bulletinId: string;
  number: string;
  /** The warning cases (warnings module) the bulletin reports on; stored without a foreign key. */
  caseIds: string[];
  publishedAt: Date;
}

/**
 * Runs inside the publication's transaction (after the bulletin is published, its webhook
 * deliveries queued and its audit record written); throwing undoes the whole publication.
 */
export type BulletinPublishedHook = (trx: Trx, ctx: ServiceContext, event: BulletinPublishedEvent) => Promise<void>;

/**
 * The warning cases a bulletin reports on become `published` with it; a case not decided for
 * publication (or not visible to the publisher) refuses, and so the bulletin stays a draft.
 */
const markWarningCasesPublished: BulletinPublishedHook = async (trx, ctx, event) => {
  if (event.caseIds.length > 0) await markCasesPublished(trx, ctx, event.caseIds, event.bulletinId);
};

/** What other modules do when a bulletin is published. publishBulletin calls each in order. */
export const bulletinPublishedHooks: readonly BulletinPublishedHook[] = [markWarningCasesPublished];
