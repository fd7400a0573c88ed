import { fillPath, type ResponseOf } from '../../../../src/shared/contract';
import * as c from '../../../../src/modules/manifests/manifests.regulation.contract';
import { call } from '../../api/call';

export type QueueItem = ResponseOf<typeof c.listQueue>['items'][number];
export type Figures = ResponseOf<typeof c.monthlyFigures>;
export type Revisions = ResponseOf<typeof c.listRevisions>;
export type Revision = Revisions['revisions'][number];
export type FieldValue = string | number | null;

export const queueKinds = ['overdue', 'discrepancy', 'refusal', 'unlicensed', 'route-deviation', 'broken-verification'] as const;
export type QueueKind = (typeof queueKinds)[number];

export interface QueueFilter {
  kind?: QueueKind | undefined;
  status?: 'open' | 'closed' | undefined;
  from?: string | undefined;
  to?: string | undefined;
  firm?: string | undefined;
}

const defined = (f: QueueFilter) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as QueueFilter;

export const regulationApi = {
  queue: (f: QueueFilter) => call(c.listQueue, { query: { ...defined(f), limit: 500 } }),
  exportUrl: (f: QueueFilter) => `${fillPath(c.exportQueue.path, {})}?${new URLSearchParams({ ...(defined(f) as Record<string, string>), format: 'xlsx' }).toString()}`,
  annotate: (item: string, text: string) => call(c.annotateQueueItem, { params: { item }, body: { text } }),
  close: (item: string, reason: string) => call(c.closeQueueItem, { params: { item }, body: { reason } }),
  figures: (month: string) => call(c.monthlyFigures, { query: { month } }),
  revisions: (id: string) => call(c.listRevisions, { params: { id } }),
  request: (id: string, body: { reason: string; changes: { field: string; to: FieldValue }[]; password: string }) => call(c.requestRevision, { params: { id }, body }),
  decide: (id: string, revision: string, body: { decision: 'approve' | 'refuse'; reason?: string; password: string }) => call(c.decideRevision, { params: { id, revision }, body }),
  cancel: (id: string, revision: string, reason: string) => call(c.cancelRevision, { params: { id, revision }, body: { reason } }),
};
