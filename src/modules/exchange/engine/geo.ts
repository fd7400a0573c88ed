/**
 * Distances of the exchange. Coordinates are degrees of CGCS2000 / WGS-84 (the two differ by
 * centimetres, far below what a road factor can express).
 */

/** Mean Earth radius (IUGG R1), in km. */
export const EARTH_RADIUS_KM = 6371.0088;

const RAD = Math.PI / 180;

/** Great-circle distance by the haversine formula, in km. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Road distance estimated from the great circle: a detour factor (about 1.3 on Chinese roads). */
export function roadDistanceKm(lat1: number, lon1: number, lat2: number, lon2: number, roadFactor: number): number {
  return haversineKm(lat1, lon1, lat2, lon2) * roadFactor;
}
