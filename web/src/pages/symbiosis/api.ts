/**
 * Client of the symbiosis APIs (src/modules/symbiosis/symbiosis.contract.ts): every call goes
 * through the route's contract, so paths, queries and answers are the server's own.
 */
import { fillPath, type ResponseOf } from '../../../../src/shared/contract';
import * as routes from '../../../../src/modules/symbiosis/symbiosis.contract';
import { call } from '../../api/call';

export type ParkMap = ResponseOf<typeof routes.getMap>;
export type MapNode = ParkMap['nodes'][number];
export type MapFlow = ParkMap['flows'][number];
export type Figures = ParkMap['figures'][number];
export type Evaluation = ResponseOf<typeof routes.getEvaluation>;
export type StopResult = ResponseOf<typeof routes.stopFirms>;
export type Criticality = ResponseOf<typeof routes.getCriticality>;
export type Gaps = ResponseOf<typeof routes.getGaps>;

export const symApi = {
  map: (park: string, year: number) => call(routes.getMap, { params: { park }, query: { year } }),
  stop: (park: string, firms: string[], year: number) => call(routes.stopFirms, { params: { park }, body: { firms, year } }),
  criticality: (park: string, year: number) => call(routes.getCriticality, { params: { park }, query: { year } }),
  gaps: (park: string, year: number) => call(routes.getGaps, { params: { park }, query: { year } }),
  /** The attraction list's file (a download link, not JSON). */
  gapsExportHref: (park: string, year: number) => `${fillPath(routes.exportGaps.path, { park })}?year=${year}&format=xlsx`,
  evaluation: (park: string, from: number, to: number) => call(routes.getEvaluation, { params: { park }, query: { from, to } }),
};
