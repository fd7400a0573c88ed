import { z } from 'zod';
import { defineRoute } from '../../shared/contract';
import {
  aliasBody,
  aliasParams,
  aliasPatchBody,
  aliasView,
  attributionQuery,
  attributionView,
  catalogQuery,
  confirmBody,
  exposureQuery,
  exposureView,
  floorPriceQuery,
  floorPriceView,
  forecastQuery,
  forecastView,
  formulaDetailView,
  formulaImportOutcome,
  formulaParams,
  formulaSummaryView,
  herbCreateBody,
  herbForecastQuery,
  weeklyPricesQuery,
  weeklyPricesView,
  herbForecastView,
  herbParams,
  herbPatchBody,
  herbView,
  importFormulasBody,
  importOutcomeView,
  importQuery,
  indexQuery,
  indexView,
  ingredientSeriesQuery,
  ingredientSeriesView,
  marketCreateBody,
  marketParams,
  marketPatchBody,
  marketView,
  observationsQuery,
  observationView,
  postPricesBody,
  ratioQuery,
  ratioReportView,
  specBody,
  specParams,
  specView,
  whatIfBody,
  whatIfView,
} from './supply.schema';

/**
 * Route contracts of the supply module, one per route (shared with the web: no server-only
 * imports here). The routes mount them in supply.{catalog,prices,formulas,}.routes.ts.
 */
const tags = ['supply'];

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Import routes take the file itself as the body; the import pipeline reads it, not a schema. */
const rawFile = `The body is the file itself, as text/csv or ${XLSX}.`;

// ---------------------------------------------------------------- severity levels

/** The engine's severity lines relative to a formula's band (engine/levels.ts, DEFAULT_SEVERITY_THRESHOLDS). */
export const severityLevelsView = z.object({
  /** Yellow, orange, red start at R_high·(1 + x) for these x (blue right above R_high). */
  above: z.tuple([z.number(), z.number(), z.number()]),
  /** Yellow, orange, red start at R_low·(1 − x) for these x (blue right under R_low). */
  below: z.tuple([z.number(), z.number(), z.number()]),
  /** Y/P ≥ 1 (cost at or above the price cap) is red. */
  redAtCostInversion: z.boolean(),
});
export type SeverityLevelsView = z.infer<typeof severityLevelsView>;

export const getSeverityLevels = defineRoute({
  method: 'GET',
  path: '/api/v1/supply/levels',
  summary: 'The severity lines (yellow, orange, red) relative to a formula’s band, as the engine classifies Y/P',
  tags,
  responses: { 200: severityLevelsView },
});

// ---------------------------------------------------------------- catalogue

export const searchHerbs = defineRoute({
  method: 'GET',
  path: '/api/v1/supply/herbs',
  summary: 'Herbs with aliases and specifications; q searches code, names, pinyin, Latin name and aliases',
  tags,
  query: catalogQuery,
  responses: { 200: z.object({ items: z.array(herbView) }) },
});

export const getHerb = defineRoute({
  method: 'GET',
  path: '/api/v1/supply/herbs/:herb',
  summary: 'One herb (by code, Chinese name or alias)',
  tags,
  params: herbParams,
  responses: { 200: herbView },
});

export const searchMarkets = defineRoute({
  method: 'GET',
  path: '/api/v1/supply/markets',
  summary: 'Herb markets; q searches code and names',
  tags,
  query: catalogQuery.pick({ q: true }),
  responses: { 200: z.object({ items: z.array(marketView) }) },
});

export const createHerb = defineRoute({
  method: 'POST',
  path: '/api/v1/supply/herbs',
  summary: 'Create a herb (a 统货 spec comes with it)',
  tags,
  body: herbCreateBody,
  responses: { 201: herbView },
});

export const updateHerb = defineRoute({
  method: 'PATCH',
  path: '/api/v1/supply/herbs/:herb',
  summary: 'Edit a herb (by code, name or alias)',
  tags,
  params: herbParams,
  body: herbPatchBody,
  responses: { 200: herbView },
});

export const addAlias = defineRoute({
  method: 'POST',
  path: '/api/v1/supply/herbs/:herb/aliases',
  summary: 'Add an alias (processed or decoction-piece name) with its conversion factor',
  tags,
  params: herbParams,
  body: aliasBody,
  responses: { 201: aliasView },
});

export const updateAlias = defineRoute({
  method: 'PATCH',
  path: '/api/v1/supply/aliases/:alias',
  summary: 'Edit an alias: factor, kind, or the herb it stands for',
  tags,
  params: aliasParams,
  body: aliasPatchBody,
  responses: { 200: aliasView },
});

export const deleteAlias = defineRoute({
  method: 'DELETE',
  path: '/api/v1/supply/aliases/:alias',
  summary: 'Remove an alias (formulas keep the herb and factor they were imported with)',
  tags,
  params: aliasParams,
  responses: { 204: z.null() },
});

export const listSpecs = defineRoute({
  method: 'GET',
  path: '/api/v1/supply/herbs/:herb/specs',
  summary: 'Specifications (规格等级) of a herb with their ids',
  tags,
  params: herbParams,
  responses: { 200: z.object({ items: z.array(specView) }) },
});

export const addSpec = defineRoute({
  method: 'POST',
  path: '/api/v1/supply/herbs/:herb/specs',
  summary: 'Add a specification to a herb',
  tags,
  params: herbParams,
  body: specBody,
  responses: { 201: specView },
});

export const renameSpec = defineRoute({
  method: 'PATCH',
  path: '/api/v1/supply/specs/:id',
  summary: 'Rename a specification',
  tags,
  params: specParams,
  body: specBody,
  responses: { 200: specView },
});

export const createMarket = defineRoute({
  method: 'POST',
  path: '/api/v1/supply/markets',
  summary: 'Create a herb market',
  tags,
  body: marketCreateBody,
  responses: { 201: marketView },
});

export const updateMarket = defineRoute({
  method: 'PATCH',
  path: '/api/v1/supply/markets/:market',
  summary: 'Edit a herb market',
  tags,
  params: marketParams,
  body: marketPatchBody,
  responses: { 200: marketView },
});

// ---------------------------------------------------------------- prices

export const listPrices = defineRoute({
  method: 'GET',
  path: '/api/v1/supply/prices',
  summary: 'Price observations (newest first)',
  tags,
  query: observationsQuery,
  responses: { 200: z.object({ items: z.array(observationView), total: z.number().int() }) },
});

export const postPrices = defineRoute({
  method: 'POST',
  path: '/api/v1/supply/prices',
  summary: 'Post a batch of prices (monitoring stations, API token of a supply-monitor organisation); all-or-nothing',
  tags,
  body: postPricesBody,
  responses: { 200: importOutcomeView },
});

export const importPrices = defineRoute({
  method: 'POST',
  path: '/api/v1/supply/prices/import',
  summary: 'Import a price file (CSV or .xlsx as the raw body); all-or-nothing with row-numbered errors',
  description: rawFile,
  tags,
  query: importQuery,
  responses: { 200: importOutcomeView },
});

export const confirmPrices = defineRoute({
  method: 'POST',
  path: '/api/v1/supply/prices/confirm',
  summary: 'Confirm held ticks (supply-monitor admins)',
  tags,
  body: confirmBody,
  responses: { 200: z.object({ confirmed: z.number().int(), notHeld: z.number().int() }) },
});

// ---------------------------------------------------------------- formulas

export const listFormulas = defineRoute({
  method: 'GET',
  path: '/api/v1/supply/formulas',
  summary: 'Formulas with current Y/P, level and a 12-week trend',
  tags,
  responses: { 200: z.object({ items: z.array(formulaSummaryView) }) },
});

export const saveFormulas = defineRoute({
  method: 'POST',
  path: '/api/v1/supply/formulas',
  summary: 'Create or replace formulas by code (JSON); a manufacturer’s formulas are its own',
  tags,
  body: importFormulasBody,
  responses: { 200: formulaImportOutcome },
});

export const importFormulas = defineRoute({
  method: 'POST',
  path: '/api/v1/supply/formulas/import',
  summary: 'Import formulas from a CSV or .xlsx file (one row per ingredient)',
  description: rawFile,
  tags,
  query: importQuery,
  responses: { 200: formulaImportOutcome },
});

export const getFormula = defineRoute({
  method: 'GET',
  path: '/api/v1/supply/formulas/:formula',
  summary: 'One formula with ingredients, caps and current Y/P',
  tags,
  params: formulaParams,
  responses: { 200: formulaDetailView },
});

export const formulaRatio = defineRoute({
  method: 'GET',
  path: '/api/v1/supply/formulas/:formula/ratio',
  summary: 'Cost Y, price cap P, Y/P and level, weekly (or daily) over a range, and the signal episodes',
  tags,
  params: formulaParams,
  query: ratioQuery,
  responses: { 200: ratioReportView },
});

export const formulaIngredients = defineRoute({
  method: 'GET',
  path: '/api/v1/supply/formulas/:formula/ingredients',
  summary: 'Each ingredient’s reference price series (stale flags, spec used) and its cost per pack, as parallel arrays',
  tags,
  params: formulaParams,
  query: ingredientSeriesQuery,
  responses: { 200: ingredientSeriesView },
});

export const formulaAttribution = defineRoute({
  method: 'GET',
  path: '/api/v1/supply/formulas/:formula/attribution',
  summary: 'Each herb’s contribution (元) to the change of Y between two dates',
  tags,
  params: formulaParams,
  query: attributionQuery,
  responses: { 200: attributionView },
});

export const formulaWhatIf = defineRoute({
  method: 'POST',
  path: '/api/v1/supply/formulas/:formula/whatif',
  summary: 'What-if: override herb prices (元/kg) and/or the cap → Y, Y/P, level, shares',
  tags,
  params: formulaParams,
  body: whatIfBody,
  responses: { 200: whatIfView },
});

export const formulaForecast = defineRoute({
  method: 'GET',
  path: '/api/v1/supply/formulas/:formula/forecast',
  summary: 'Y/P forecast (ETS per herb by AICc, Monte-Carlo) and pre-warning',
  tags,
  params: formulaParams,
  query: forecastQuery,
  responses: { 200: forecastView },
});

// ---------------------------------------------------------------- herb analyses

export const floorPrice = defineRoute({
  method: 'GET',
  path: '/api/v1/supply/floor-price',
  summary: 'Cost-floor price of a cultivated herb (元/kg), and a formula’s Y/P at it',
  tags,
  query: floorPriceQuery,
  responses: { 200: floorPriceView },
});

export const herbExposure = defineRoute({
  method: 'GET',
  path: '/api/v1/supply/herbs/:herb/exposure',
  summary: 'Formulas using a herb and how +1 % of its price moves their Y/P',
  tags,
  params: herbParams,
  query: exposureQuery,
  responses: { 200: exposureView },
});

export const herbForecast = defineRoute({
  method: 'GET',
  path: '/api/v1/supply/herbs/:herb/forecast',
  summary: 'Price forecast of a herb (ETS on weekly log prices chosen by AICc) with 80 % and 95 % intervals',
  tags,
  params: herbParams,
  query: herbForecastQuery,
  responses: { 200: herbForecastView },
});

export const weeklyHerbPrices = defineRoute({
  method: 'GET',
  path: '/api/v1/supply/herbs/:herb/weekly',
  summary: 'A herb’s whole price history: weekly mean price per kg per market and spec (accepted prices)',
  tags,
  params: herbParams,
  query: weeklyPricesQuery,
  responses: { 200: weeklyPricesView },
});

export const priceIndex = defineRoute({
  method: 'GET',
  path: '/api/v1/supply/index',
  summary: 'Herb composite price index and category sub-indices (monthly, base = 100)',
  tags,
  query: indexQuery,
  responses: { 200: indexView },
});
