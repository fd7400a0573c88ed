/**
 * Public entry point of the exchange engine for other modules' engines (lint rule: a module uses
 * another's engine only through its `engine/index.ts`). Today the manifests engine reuses the
 * distances.
 */
export { EARTH_RADIUS_KM, haversineKm, roadDistanceKm } from './geo';
