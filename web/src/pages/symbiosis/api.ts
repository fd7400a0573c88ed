/**
 * Client of the symbiosis APIs (src/modules/symbiosis/symbiosis.contract.ts): every call goes
 * through the route's contract, so paths, queries and answers are the server's own.
 */
import { type BodyIn, fillPath, type ResponseOf } from '../../../../src/shared/contract';
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
export type ChainFigures = ParkMap['chains'][number];
export type IndicatorSystem = ResponseOf<typeof routes.listSystems>['items'][number];
export type IndicatorDefinition = IndicatorSystem['indicators'][number];
export type ReviseSystemBody = BodyIn<typeof routes.reviseSystem>;
export type ValueBody = BodyIn<typeof routes.putValue>;
export { COMPUTED_FIGURES } from '../../../../src/modules/symbiosis/symbiosis.tables';
export interface MapFilters {
  herb?: string | undefined;
  class?: string | undefined;
  mode?: ParkMap['filters']['modes'][number] | undefined;
  chain?: 'resource' | 'value' | 'ecological' | undefined;
}

export const symApi = {
  map: (park: string, year: number, filters: MapFilters = {}) => call(routes.getMap, { params: { park }, query: { year, ...filters } }),
  stop: (park: string, firms: string[], year: number, herb?: string, priceFall?: { product: string; fall: number }) =>
    call(routes.stopFirms, { params: { park }, body: { firms, year, ...(herb ? { herbShortage: { herb } } : {}), ...(priceFall ? { priceFall } : {}) } }),
  /** The evaluation report's file (PDF or .xlsx; a download link, not JSON). */
  reportHref: (park: string, from: number, to: number, format: 'pdf' | 'xlsx') => `${fillPath(routes.getEvaluationReport.path, { park })}?from=${from}&to=${to}&format=${format}`,
  criticality: (park: string, year: number) => call(routes.getCriticality, { params: { park }, query: { year } }),
  gaps: (park: string, year: number) => call(routes.getGaps, { params: { park }, query: { year } }),
  /** The attraction list's file (a download link, not JSON). */
  gapsExportHref: (park: string, year: number) => `${fillPath(routes.exportGaps.path, { park })}?year=${year}&format=xlsx`,
  evaluation: (park: string, from: number, to: number) => call(routes.getEvaluation, { params: { park }, query: { from, to } }),
  /** Indicator systems (current editions), one system's versions, a new version (platform admins). */
  systems: () => call(routes.listSystems),
  systemVersions: (code: string) => call(routes.listSystemVersions, { params: { code } }),
  reviseSystem: (code: string, body: ReviseSystemBody) => call(routes.reviseSystem, { params: { code }, body }),
  /** An office's value for a park or region and year, with its source. */
  putValue: (body: ValueBody) => call(routes.putValue, { body }),
};
