import type { Trx } from '../../db/database';
import type { RequestContext } from '../../platform/actor';
import type { SystemContext } from '../../platform/audit';

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
export type BulletinPublishedHook = (trx: Trx, ctx: RequestContext | SystemContext, event: BulletinPublishedEvent) => Promise<void>;

/**
 * What other modules do when a bulletin is published. publishBulletin calls each in order. The
 * warnings module's "mark the bulletin's cases published" goes here when the modules are merged.
 */
export const bulletinPublishedHooks: readonly BulletinPublishedHook[] = [];
