/** Client of the law routes of manifests (src/modules/manifests/manifests.law.contract.ts). */
import type { z } from 'zod';
import type { ResponseOf } from '../../../../src/shared/contract';
import * as c from '../../../../src/modules/manifests/manifests.law.contract';
import type { dutyBody } from '../../../../src/modules/manifests/manifests.law.schema';
import { call } from '../../api/call';

export type Approval = ResponseOf<typeof c.listTransfers>['items'][number];
export type Duty = ResponseOf<typeof c.listDuties>['items'][number];
export type DutyInput = z.input<typeof dutyBody>;
export type Decision = 'agree' | 'refuse' | 'approve';

export const lawApi = {
  transfers: () => call(c.listTransfers, { query: {} }),
  decide: (approval: string, body: { decision: Decision; reason?: string }) => call(c.decideTransfer, { params: { approval }, body }),
  duties: () => call(c.listDuties, { query: {} }),
  addDuty: (body: DutyInput) => call(c.addDuty, { body }),
};
