import { defineRoute } from '../../shared/contract';
import {
  contractList,
  contractParams,
  contractsQuery,
  contractView,
  createServiceContractBody,
  decisionBody,
  decisionOutcomeView,
  deliveryParams,
  matchBody,
  matchRunView,
  proposalList,
  proposalParams,
  proposalsQuery,
  proposalView,
  recordDeliveryBody,
} from './exchange.deals.schema';
import {
  attachmentParams,
  attachmentView,
  createDemandBody,
  createListingBody,
  demandList,
  demandParams,
  demandsQuery,
  demandView,
  gradePreviewBody,
  gradingView,
  grantorList,
  grantorsQuery,
  listingList,
  listingParams,
  listingPreviewBody,
  listingPreviewView,
  listingsQuery,
  listingView,
  mapSettingsView,
  reviseStandardBody,
  standardHistory,
  standardList,
  standardParams,
  standardView,
  updateListingBody,
  uploadAttachmentBody,
} from './exchange.market.schema';

/** Every HTTP route of the exchange core: grading standards, listings, demands, matching, proposals, contracts. */

const tags = ['exchange'];
const v1 = '/api/v1/exchange';

// ---- grading standards ------------------------------------------------------------------------

export const listStandards = defineRoute({ method: 'GET', path: `${v1}/grading-standards`, summary: 'The current grading standard of each composition class (public)', tags, responses: { 200: standardList } });
export const standardVersions = defineRoute({
  method: 'GET',
  path: `${v1}/grading-standards/:class/versions`,
  summary: 'Every version of a class’s grading standard, newest first (public)',
  tags,
  params: standardParams,
  responses: { 200: standardHistory },
});
export const reviseStandard = defineRoute({
  method: 'POST',
  path: `${v1}/grading-standards/:class/versions`,
  summary: 'Publish a new version of a class’s grading standard (platform admins; audited)',
  tags,
  params: standardParams,
  body: reviseStandardBody,
  responses: { 201: standardView },
});
export const previewGrade = defineRoute({
  method: 'POST',
  path: `${v1}/grading-standards/preview`,
  summary: 'The grade a lot’s assays earn under the current standard, with the rule that decided it',
  tags,
  body: gradePreviewBody,
  responses: { 200: gradingView },
});

// ---- attachments ------------------------------------------------------------------------------

export const uploadAttachment = defineRoute({
  method: 'POST',
  path: `${v1}/attachments`,
  summary: 'Upload an assay report (PDF) or a photo (PNG, JPEG, WebP), base64 in JSON, at most 4 MiB; attach it to a listing by id',
  tags,
  body: uploadAttachmentBody,
  responses: { 201: attachmentView },
});
/** The file itself (its own media type), not JSON. */
export const downloadAttachment = defineRoute({
  method: 'GET',
  path: `${v1}/attachments/:id`,
  summary: 'Download an attachment (the firm, its park administration, its regulators, platform admins, and the other side of a proposal on the listing)',
  tags,
  params: attachmentParams,
  responses: {},
});

// ---- listings ---------------------------------------------------------------------------------

export const listGrantors = defineRoute({
  method: 'GET',
  path: `${v1}/grantors`,
  summary: 'Organisations you may list, post demands or trade for under a delegation in force (the forms’ “for” picker)',
  tags,
  query: grantorsQuery,
  responses: { 200: grantorList },
});

export const listListings = defineRoute({ method: 'GET', path: `${v1}/listings`, summary: 'Listings (供) of the market you may see; anonymised offers hide the firm', tags, query: listingsQuery, responses: { 200: listingList } });
export const previewListing = defineRoute({
  method: 'POST',
  path: `${v1}/listings/preview`,
  summary: 'Before saving a listing: its grade with the rule, and how much of the stream the window still has',
  tags,
  body: listingPreviewBody,
  responses: { 200: listingPreviewView },
});
export const createListing = defineRoute({
  method: 'POST',
  path: `${v1}/listings`,
  summary: 'List a by-product from a stored stream (never more than the stream generates in the window)',
  tags,
  body: createListingBody,
  responses: { 201: listingView },
});
export const getListing = defineRoute({ method: 'GET', path: `${v1}/listings/:id`, summary: 'One listing (id or code)', tags, params: listingParams, responses: { 200: listingView } });
export const updateListing = defineRoute({
  method: 'PATCH',
  path: `${v1}/listings/:id`,
  summary: 'Change, close or withdraw a listing (refused once a proposal on it is accepted)',
  tags,
  params: listingParams,
  body: updateListingBody,
  responses: { 200: listingView },
});

// ---- demands ----------------------------------------------------------------------------------

export const listDemands = defineRoute({ method: 'GET', path: `${v1}/demands`, summary: 'Demands (需) of the market', tags, query: demandsQuery, responses: { 200: demandList } });
export const createDemand = defineRoute({ method: 'POST', path: `${v1}/demands`, summary: 'Post a demand (standing until closed when it has no end)', tags, body: createDemandBody, responses: { 201: demandView } });
export const getDemand = defineRoute({ method: 'GET', path: `${v1}/demands/:id`, summary: 'One demand (id or code)', tags, params: demandParams, responses: { 200: demandView } });
export const closeDemand = defineRoute({ method: 'POST', path: `${v1}/demands/:id/close`, summary: 'Close a demand (its pending proposals lapse)', tags, params: demandParams, responses: { 200: demandView } });

// ---- matching and proposals -------------------------------------------------------------------

export const runMatch = defineRoute({
  method: 'POST',
  path: `${v1}/match`,
  summary: 'Match the open listings and demands (optionally of one park or region) by delivered value and store the proposals',
  tags,
  body: matchBody,
  responses: { 201: matchRunView },
});
export const listProposals = defineRoute({ method: 'GET', path: `${v1}/proposals`, summary: 'Proposals to your organisation (or one you oversee), with their explanations', tags, query: proposalsQuery, responses: { 200: proposalList } });
export const getProposal = defineRoute({ method: 'GET', path: `${v1}/proposals/:id`, summary: 'One proposal with its explanation', tags, params: proposalParams, responses: { 200: proposalView } });
export const acceptProposal = defineRoute({
  method: 'POST',
  path: `${v1}/proposals/:id/accept`,
  summary: 'Accept a proposal for your side; when both sides have accepted it becomes a contract',
  tags,
  params: proposalParams,
  body: decisionBody,
  responses: { 200: decisionOutcomeView },
});
export const declineProposal = defineRoute({
  method: 'POST',
  path: `${v1}/proposals/:id/decline`,
  summary: 'Decline a proposal: the pair is excluded and the pending proposals are re-optimised (accepted ones stay)',
  tags,
  params: proposalParams,
  body: decisionBody,
  responses: { 200: decisionOutcomeView },
});

// ---- contracts --------------------------------------------------------------------------------

export const listContracts = defineRoute({ method: 'GET', path: `${v1}/contracts`, summary: 'Contracts your organisation is party to (or that you oversee)', tags, query: contractsQuery, responses: { 200: contractList } });
export const getContract = defineRoute({ method: 'GET', path: `${v1}/contracts/:id`, summary: 'One contract (id or number) with its deliveries', tags, params: contractParams, responses: { 200: contractView } });
export const createServiceContract = defineRoute({
  method: 'POST',
  path: `${v1}/contracts/service`,
  summary: 'A third-party service contract: the provider collects from many firms under one price schedule',
  tags,
  body: createServiceContractBody,
  responses: { 201: contractView },
});
export const recordDelivery = defineRoute({
  method: 'POST',
  path: `${v1}/contracts/:id/deliveries/:seq/delivered`,
  summary: 'Record a planned delivery as delivered (tonnes received, date): the receiving side',
  tags,
  params: deliveryParams,
  body: recordDeliveryBody,
  responses: { 200: contractView },
});

// ---- map settings -------------------------------------------------------------------------------

export const mapSettings = defineRoute({ method: 'GET', path: `${v1}/map-settings`, summary: 'The market map’s tile server and its attribution, when one is configured', tags, responses: { 200: mapSettingsView } });
