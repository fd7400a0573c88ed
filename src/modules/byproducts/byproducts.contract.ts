import { z } from 'zod';
import { defineRoute } from '../../shared/contract';
import {
  adviceQuery,
  adviceView,
  cascadeView,
  classificationView,
  createStreamBody,
  exportQuery,
  figuresQuery,
  figuresView,
  firmInputsBody,
  firmInputsParams,
  firmInputsView,
  firmParams,
  importOutcomeView,
  importQuery,
  kbVersionQuery,
  kbVersionView,
  listStreamsQuery,
  looseObject,
  pathwayListView,
  pathwayParams,
  pathwayView,
  pathwayWriteQuery,
  pathwayWriteView,
  recordBody,
  recordImportOutcomeView,
  recordParams,
  recordView,
  streamList,
  streamParams,
  streamView,
  taxonomyView,
  updateStreamBody,
  whatIfBody,
} from './byproducts.schema';

/** Every HTTP route of the by-product module: streams, advice, records, figures, firm inputs, pathways. */

const tags = ['byproducts'];
const pathwayTags = ['pathways'];
const v1 = '/api/v1/byproducts';

// ---- streams ----------------------------------------------------------------------------------

export const getTaxonomy = defineRoute({
  method: 'GET',
  path: `${v1}/taxonomy`,
  summary: 'Ids and labels of parts, residue kinds, stages, states, contamination, handling, classes, modes, processes, utilisers, criteria and weight presets (public)',
  tags,
  responses: { 200: taxonomyView },
});

export const listStreams = defineRoute({
  method: 'GET',
  path: `${v1}/streams`,
  summary: 'By-product streams (default: your own, your park’s or your region’s); confidential fields by clearance',
  tags,
  query: listStreamsQuery,
  responses: { 200: streamList },
});

export const createStream = defineRoute({
  method: 'POST',
  path: `${v1}/streams`,
  summary: 'Declare a by-product stream (the firm, or its park administration on its behalf)',
  tags,
  body: createStreamBody,
  responses: { 201: streamView },
});

/** The body is the file itself (CSV or .xlsx), sent with `uploadFile`. */
export const importStreams = defineRoute({
  method: 'POST',
  path: `${v1}/streams/import`,
  summary: 'Import streams from CSV or .xlsx (the body); all or nothing, errors name row and column',
  tags,
  query: importQuery,
  responses: { 201: importOutcomeView },
});

/** A file download (CSV or .xlsx), not JSON. */
export const exportStreams = defineRoute({
  method: 'GET',
  path: `${v1}/streams/export`,
  summary: 'Export streams as CSV or .xlsx in the import format; cells you are not cleared for are empty',
  tags,
  query: exportQuery,
  responses: {},
});

export const getStream = defineRoute({
  method: 'GET',
  path: `${v1}/streams/:id`,
  summary: 'One stream (by id or code)',
  tags,
  params: streamParams,
  responses: { 200: streamView },
});

export const updateStream = defineRoute({
  method: 'PATCH',
  path: `${v1}/streams/:id`,
  summary: 'Change a stream (classOverride: [...] sets the override, null clears it)',
  tags,
  params: streamParams,
  body: updateStreamBody,
  responses: { 200: streamView },
});

export const deleteStream = defineRoute({
  method: 'DELETE',
  path: `${v1}/streams/:id`,
  summary: 'Remove a stream and its records',
  tags,
  params: streamParams,
  responses: { 204: z.null() },
});

// ---- classes, advice, cascade (stored streams and "what if") -----------------------------------

export const getClassification = defineRoute({
  method: 'GET',
  path: `${v1}/streams/:id/classification`,
  summary: 'Composition classes with the rule that fired (override kept next to the derived classes)',
  tags,
  params: streamParams,
  responses: { 200: classificationView },
});

export const getAdvice = defineRoute({
  method: 'GET',
  path: `${v1}/streams/:id/advice`,
  summary: 'Ranked utilisation options (TOPSIS over the seven criteria) with reasons, excluded pathways and sensitivity',
  tags,
  params: streamParams,
  query: adviceQuery,
  responses: { 200: adviceView },
});

export const getCascade = defineRoute({
  method: 'GET',
  path: `${v1}/streams/:id/cascade`,
  summary: 'Cascade plan (梯度化综合利用) with a closing mass balance {in, out, residue, losses} and a Sankey diagram',
  tags,
  params: streamParams,
  query: adviceQuery,
  responses: { 200: cascadeView },
});

export const whatIfClassification = defineRoute({
  method: 'POST',
  path: `${v1}/what-if/classification`,
  summary: 'Classify a stream described in JSON without storing it',
  tags,
  body: whatIfBody,
  responses: { 200: classificationView },
});

export const whatIfAdvice = defineRoute({
  method: 'POST',
  path: `${v1}/what-if/advice`,
  summary: 'Advise a stream described in JSON without storing it ("what if")',
  tags,
  body: whatIfBody,
  query: adviceQuery,
  responses: { 200: adviceView },
});

export const whatIfCascade = defineRoute({
  method: 'POST',
  path: `${v1}/what-if/cascade`,
  summary: 'Cascade plan for a stream described in JSON without storing it',
  tags,
  body: whatIfBody,
  query: adviceQuery,
  responses: { 200: cascadeView },
});

// ---- monthly records --------------------------------------------------------------------------

export const listRecords = defineRoute({
  method: 'GET',
  path: `${v1}/streams/:id/records`,
  summary: 'Monthly records of a stream',
  tags,
  params: streamParams,
  responses: { 200: z.object({ items: z.array(recordView) }) },
});

export const putRecord = defineRoute({
  method: 'PUT',
  path: `${v1}/streams/:id/records/:period`,
  summary: 'Report one month of a stream: generated, utilised by mode, disposed by route, value created',
  tags,
  params: recordParams,
  body: recordBody,
  responses: { 200: recordView },
});

/** The body is the file itself (CSV or .xlsx), sent with `uploadFile`. */
export const importRecords = defineRoute({
  method: 'POST',
  path: `${v1}/records/import`,
  summary: 'Import monthly records from CSV or .xlsx (the body); all or nothing, errors name row and column; a month already reported is replaced',
  tags,
  query: importQuery,
  responses: { 201: recordImportOutcomeView },
});

// ---- circularity figures and a firm's declared inputs ------------------------------------------

export const getFigures = defineRoute({
  method: 'GET',
  path: `${v1}/figures`,
  summary: 'Circularity figures per stream, site, firm, park or region and period (park and region: public aggregates)',
  tags,
  query: figuresQuery,
  responses: { 200: figuresView },
});

export const listFirmInputs = defineRoute({
  method: 'GET',
  path: `${v1}/firms/:organisation/inputs`,
  summary: 'A firm’s declared inputs per period (virgin and recycled feedstock, product recycling shares, efficiencies, utility) for its MCI',
  tags,
  params: firmParams,
  responses: { 200: z.object({ items: z.array(firmInputsView) }) },
});

export const putFirmInputs = defineRoute({
  method: 'PUT',
  path: `${v1}/firms/:organisation/inputs/:period`,
  summary: 'Declare (or correct) a firm’s inputs for a year or month; the firm figures then carry its MCI',
  tags,
  params: firmInputsParams,
  body: firmInputsBody,
  responses: { 200: firmInputsView },
});

export const deleteFirmInputs = defineRoute({
  method: 'DELETE',
  path: `${v1}/firms/:organisation/inputs/:period`,
  summary: 'Withdraw a firm’s declared inputs for a period',
  tags,
  params: firmInputsParams,
  responses: { 204: z.null() },
});

// ---- pathway knowledge base -------------------------------------------------------------------

export const listPathways = defineRoute({
  method: 'GET',
  path: '/api/v1/pathways',
  summary: 'The current pathway knowledge base (public)',
  tags: pathwayTags,
  query: kbVersionQuery,
  responses: { 200: pathwayListView },
});

export const listKbVersions = defineRoute({
  method: 'GET',
  path: '/api/v1/pathways/versions',
  summary: 'Versions of the knowledge base, newest first (public; who made each version only for platform admins)',
  tags: pathwayTags,
  responses: { 200: z.object({ items: z.array(kbVersionView) }) },
});

export const exportPathways = defineRoute({
  method: 'GET',
  path: '/api/v1/pathways/export',
  summary: 'The knowledge base as a JSON document {version, updated, pathways} (public)',
  tags: pathwayTags,
  query: kbVersionQuery,
  responses: { 200: looseObject },
});

export const importPathways = defineRoute({
  method: 'POST',
  path: '/api/v1/pathways/import',
  summary: 'Store a whole knowledge base as a new version (platform admins); errors name the field',
  tags: pathwayTags,
  body: looseObject,
  query: pathwayWriteQuery,
  responses: { 201: kbVersionView },
});

export const addPathway = defineRoute({
  method: 'POST',
  path: '/api/v1/pathways',
  summary: 'Add a pathway: a new version of the knowledge base (platform admins)',
  tags: pathwayTags,
  body: looseObject,
  query: pathwayWriteQuery,
  responses: { 201: pathwayWriteView },
});

export const getPathway = defineRoute({
  method: 'GET',
  path: '/api/v1/pathways/:id',
  summary: 'One pathway of the current knowledge base (public)',
  tags: pathwayTags,
  params: pathwayParams,
  responses: { 200: pathwayView },
});

export const editPathway = defineRoute({
  method: 'PUT',
  path: '/api/v1/pathways/:id',
  summary: 'Edit a pathway: a new version of the knowledge base (platform admins)',
  tags: pathwayTags,
  params: pathwayParams,
  body: looseObject,
  query: pathwayWriteQuery,
  responses: { 200: pathwayWriteView },
});
