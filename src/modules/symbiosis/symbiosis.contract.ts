import { defineRoute } from '../../shared/contract';
import * as s from './symbiosis.schema';

const v1 = '/api/v1/symbiosis';
const tags = ['symbiosis'];

export const getMap = defineRoute({
  method: 'GET',
  path: `${v1}/parks/:park/map`,
  summary: "A park's symbiosis network for a year: nodes on site coordinates, flows by kind (planned and actual apart), figures",
  tags,
  params: s.parkParams,
  query: s.mapQuery,
  responses: { 200: s.mapView },
});

export const getGaps = defineRoute({
  method: 'GET',
  path: `${v1}/parks/:park/gaps`,
  summary: 'Streams without a local outlet, ranked as an attraction list (kind and size of firm, value, disposal avoided)',
  tags,
  params: s.parkParams,
  query: s.yearQuery,
  responses: { 200: s.gapsView },
});

/** A file download (.xlsx or CSV), not JSON. */
export const exportGaps = defineRoute({
  method: 'GET',
  path: `${v1}/parks/:park/gaps/export`,
  summary: 'The attraction list as .xlsx or CSV for the investment-promotion team',
  tags,
  params: s.parkParams,
  query: s.exportQuery,
  responses: {},
});

export const stopFirms = defineRoute({
  method: 'POST',
  path: `${v1}/parks/:park/stop`,
  summary: '"Firm stops": the cascade through the park when firms stop, with alternative outlets from the exchange (nothing is stored)',
  tags,
  params: s.parkParams,
  body: s.stopBody,
  responses: { 200: s.stopView },
});

export const getCriticality = defineRoute({
  method: 'GET',
  path: `${v1}/parks/:park/criticality`,
  summary: 'Every firm of the park ranked by the tonnes displaced and the cost if it stopped',
  tags,
  params: s.parkParams,
  query: s.yearQuery,
  responses: { 200: s.criticalityView },
});

export const getEvaluation = defineRoute({
  method: 'GET',
  path: `${v1}/parks/:park/evaluation`,
  summary: "The park's scores on the indicator systems over the years (computed from the platform where it can, else entered)",
  tags,
  params: s.parkParams,
  query: s.evaluationQuery,
  responses: { 200: s.evaluationView },
});

/** A file download (PDF or .xlsx), not JSON. */
export const getEvaluationReport = defineRoute({
  method: 'GET',
  path: `${v1}/parks/:park/evaluation/report`,
  summary: 'The evaluation report as a PDF in Chinese with charts, or as .xlsx: every indicator, year, value and source',
  tags,
  params: s.parkParams,
  query: s.reportQuery,
  responses: {},
});

export const putValue = defineRoute({
  method: 'PUT',
  path: `${v1}/values`,
  summary: 'Enter an indicator value for a park or region and year, with its source',
  tags,
  body: s.valueBody,
  responses: { 200: s.valueView },
});

export const listSystems = defineRoute({
  method: 'GET',
  path: `${v1}/indicator-systems`,
  summary: 'The current edition of every indicator system (HJ 274, NDRC, herbloop)',
  tags,
  responses: { 200: s.indicatorSystemList },
});

export const listSystemVersions = defineRoute({
  method: 'GET',
  path: `${v1}/indicator-systems/:code/versions`,
  summary: 'Every published version of one indicator system, newest first (its editions over time)',
  tags,
  params: s.systemParams,
  responses: { 200: s.indicatorSystemList },
});

export const reviseSystem = defineRoute({
  method: 'POST',
  path: `${v1}/indicator-systems/:code`,
  summary: 'Publish a new version of an indicator system (platform admins)',
  tags,
  params: s.systemParams,
  body: s.reviseSystemBody,
  responses: { 201: s.indicatorSystemView },
});

export const addCityNode = defineRoute({
  method: 'POST',
  path: `${v1}/parks/:park/nodes`,
  summary: 'Add a city or utility node (district heating, sewage works, kiln, landfill, incinerator)',
  tags,
  params: s.parkParams,
  body: s.cityNodeBody,
  responses: { 201: s.cityNodeView },
});

export const addFlow = defineRoute({
  method: 'POST',
  path: `${v1}/parks/:park/flows`,
  summary: 'Declare an energy, water or material flow of the park for a year',
  tags,
  params: s.parkParams,
  body: s.declaredFlowBody,
  responses: { 201: s.declaredFlowView },
});

export const putFirmSettings = defineRoute({
  method: 'PUT',
  path: `${v1}/firms/:organisation/settings`,
  summary: "A firm's stop threshold (share of lost inputs) and whether it shares its flows with other parks",
  tags,
  params: s.firmParams,
  body: s.firmSettingsBody,
  responses: { 200: s.firmSettingsView },
});
