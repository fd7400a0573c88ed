/**
 * Public entry point of the by-product module: what the CLI, the demo loader and other modules
 * may use. Everything else in this folder is private (lint rule, docs/architecture.md). Pure
 * engine code is imported from `./engine`.
 */
export { byproductsRoutes } from './byproducts.routes';

// Streams and their files.
export { getStream, listStreams } from './byproducts.streams.service';
export { importStreams, streamImport, type StreamImportOutcome } from './byproducts.streams-import';
export { importRecords, recordImport, type RecordImportOutcome } from './byproducts.records-import';
export { toEngineStream, streamRowColumns, recordColumns } from './byproducts.mapping';
export { presentStreamFor } from './byproducts.presenter';
export { parseStreamOrThrow, weightsOrThrow } from './byproducts.parse';

// Classes, advice, cascades.
export { classify, advise, cascade } from './byproducts.advice.service';

// The pathway knowledge base.
export { currentKnowledgeBase, currentPathways, importKnowledgeBase, insertKnowledgeBaseVersion, type CurrentKnowledgeBase } from './byproducts.pathways.service';

// Monthly records (the demo loader writes many months at once).
export { storeRecords } from './byproducts.records.service';

// Overviews (the home page).
export { parkReporting, regionStreamOffer, type ParkReporting, type RegionStreamOffer } from './byproducts.overview.service';

// Circularity figures.
export { figures, type FiguresResult } from './byproducts.figures.service';
export { figuresQuery, type FiguresQuery } from './byproducts.schema';
export { byproductsPolicy } from './byproducts.policy';

// A firm's streams and stored records for its statutory ledgers (ledgers module decides who may read).
export { ledgerStreamFacts, type LedgerStreamFacts } from './byproducts.ledger.repository';
