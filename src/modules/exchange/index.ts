/**
 * Public entry point of the exchange module: what the CLI, the demo loader and the server may
 * use. Everything else in this folder is private (lint rule, docs/architecture.md); the pure
 * engine is reachable as `../exchange/engine/*`.
 */
export { matchMarket } from './engine/match';
export { marketFile } from './exchange.schema';
