import type { Executor } from '../../db/database';
import type { ServiceContext } from '../../platform/viewer';
import { permit } from '../../platform/policy-rules';
import { toEngineStream } from './byproducts.mapping';
import { parseStreamOrThrow, weightsOrThrow } from './byproducts.parse';
import { currentPathways } from './byproducts.pathways.service';
import { byproductsPolicy } from './byproducts.policy';
import { getStream } from './byproducts.streams.service';
import {
  adviceOutput,
  adviseStream,
  type ByproductStream,
  cascadeSankey,
  classifyStream,
  COMPOSITION_CLASSES,
  CONTAMINATIONS,
  CRITERIA,
  type CriterionWeights,
  HANDLINGS,
  MODES,
  PARTS,
  type Pathway,
  PHYSICAL_STATES,
  planCascade,
  PROCESSES,
  RESIDUE_KINDS,
  SOURCE_STAGES,
  UTILISER_TYPES,
  WEIGHT_PRESETS,
} from './engine';

/** Classes, ranked utilisation options and cascade plans of a stream, stored or described ("what if"). */

const taxon = (entries: readonly { id: string; zh: string; en: string }[]) => entries.map((e) => ({ id: e.id, zh: e.zh, en: e.en }));

/** Ids and labels of the taxonomy (public: the vocabulary of the forms and imports). */
export function taxonomy() {
  return {
    parts: taxon(PARTS),
    residues: taxon(RESIDUE_KINDS),
    stages: taxon(SOURCE_STAGES),
    states: taxon(PHYSICAL_STATES),
    contamination: taxon(CONTAMINATIONS),
    handlings: taxon(HANDLINGS),
    classes: taxon(COMPOSITION_CLASSES),
    modes: taxon(MODES),
    processes: taxon(PROCESSES),
    utilisers: taxon(UTILISER_TYPES),
    criteria: Object.entries(CRITERIA).map(([id, c]) => ({ id, zh: c.zh, en: c.en, direction: c.direction, unit: c.unit })),
    weightPresets: WEIGHT_PRESETS,
  };
}

export function classify(stream: ByproductStream) {
  return classifyStream(stream);
}

export function advise(stream: ByproductStream, pathways: readonly Pathway[], weights?: CriterionWeights) {
  const advice = adviseStream(stream, pathways, weights);
  const short = adviceOutput(advice);
  return {
    classes: advice.classes,
    options: advice.options.map((o, i) => ({ ...short.options[i]!, ...o, evaluation: { ...o.evaluation } })),
    excluded: advice.excluded,
    weights: advice.weights,
    sensitivity: advice.sensitivity,
  };
}

export function cascade(stream: ByproductStream, pathways: readonly Pathway[], weights?: CriterionWeights) {
  const plan = planCascade(stream, pathways, weights ? { weights } : {});
  return { ...plan, sankey: cascadeSankey(plan, stream.name ? { zh: stream.name, en: stream.name } : undefined) };
}

const WEIGHTS_FIELD = 'query.weights';

export async function streamClassification(db: Executor, ctx: ServiceContext, idOrCode: string) {
  return classify(toEngineStream(await getStream(db, ctx, idOrCode)));
}

export async function streamAdvice(db: Executor, ctx: ServiceContext, idOrCode: string, weightsSpec: string | undefined) {
  const row = await getStream(db, ctx, idOrCode);
  const weights = weightsOrThrow(weightsSpec, WEIGHTS_FIELD);
  return advise(toEngineStream(row), await currentPathways(db), weights);
}

export async function streamCascade(db: Executor, ctx: ServiceContext, idOrCode: string, weightsSpec: string | undefined) {
  const row = await getStream(db, ctx, idOrCode);
  const weights = weightsOrThrow(weightsSpec, WEIGHTS_FIELD);
  return cascade(toEngineStream(row), await currentPathways(db), weights);
}

/** "What if": a stream described in JSON, not stored; errors name the body's fields. */
function whatIfStream(ctx: ServiceContext, body: unknown): ByproductStream {
  permit(ctx.viewer, byproductsPolicy.browse(ctx.viewer));
  return parseStreamOrThrow(body, 'body.');
}

export async function whatIfClassification(ctx: ServiceContext, body: unknown) {
  return classify(whatIfStream(ctx, body));
}

export async function whatIfAdvice(db: Executor, ctx: ServiceContext, body: unknown, weightsSpec: string | undefined) {
  const weights = weightsOrThrow(weightsSpec, WEIGHTS_FIELD);
  return advise(whatIfStream(ctx, body), await currentPathways(db), weights);
}

export async function whatIfCascade(db: Executor, ctx: ServiceContext, body: unknown, weightsSpec: string | undefined) {
  const weights = weightsOrThrow(weightsSpec, WEIGHTS_FIELD);
  return cascade(whatIfStream(ctx, body), await currentPathways(db), weights);
}
