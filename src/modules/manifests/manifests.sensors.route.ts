/**
 * The route checks of a load from its stored track, shared by the ingest (which records the
 * findings) and the view (which draws them): the corridor between the two sites, long stops
 * away from them, the trip's overtime. One definition of the rule, stated on the page.
 */
import type { Executor } from '../../db/database';
import { findSite, listSites } from '../organisations';
import { corridorDeviations, type Deviation, longStops, type Stop, type TrackPoint } from './engine/route';
import { DEFAULT_OVERTIME_RULE, overtime, type Overtime } from './engine/sensors';
import type { ManifestRow } from './manifests.tables';
import * as srepo from './manifests.sensors.repository';

/**
 * The corridor is the ellipse of routes at most 1.3 times the straight distance (the exchange's
 * road factor) plus 5 km of slack; a deviation lasts 10 minutes and 2 fixes at least (one stray
 * fix is GPS noise); a stop is 30 minutes within 200 m, away from the two sites (loading and
 * unloading take time).
 */
export const ROUTE_RULE = { roadFactor: 1.3, slackKm: 5, deviationMinutes: 10, deviationPoints: 2, stopMinutes: 30, stopRadiusKm: 0.2 } as const;

export interface SiteFix {
  name: string;
  lat: number;
  lon: number;
}

/** The generator's site and the receiver's (its named site, else its first). */
export async function tripSites(db: Executor, m: ManifestRow): Promise<{ origin: SiteFix | null; destination: SiteFix | null }> {
  const fix = (s: { name: string; latitude: string | number; longitude: string | number } | undefined): SiteFix | null =>
    s ? { name: s.name, lat: Number(s.latitude), lon: Number(s.longitude) } : null;
  const origin = fix(await findSite(db, m.generator_site_id));
  const destination = fix(m.receiver_site_id ? await findSite(db, m.receiver_site_id) : (await listSites(db, m.receiver_id))[0]);
  return { origin, destination };
}

export interface RouteFindings {
  track: srepo.TrackRow[];
  deviations: Deviation[];
  stops: Stop[];
  overtime: Overtime | null;
}

export async function routeFindings(db: Executor, m: ManifestRow, sites: { origin: SiteFix | null; destination: SiteFix | null }, now: Date): Promise<RouteFindings> {
  const track = await srepo.trackOf(db, m.id);
  const points: TrackPoint[] = track.map((p) => ({ at: p.at.toISOString(), lat: p.lat, lon: p.lon }));
  const { origin, destination } = sites;
  if (!origin || !destination) return { track, deviations: [], stops: longStops(points, { radiusKm: ROUTE_RULE.stopRadiusKm, minMinutes: ROUTE_RULE.stopMinutes }), overtime: null };
  const deviations = corridorDeviations(points, { kind: 'detour', from: origin, to: destination, roadFactor: ROUTE_RULE.roadFactor, slackKm: ROUTE_RULE.slackKm }, { minMinutes: ROUTE_RULE.deviationMinutes, minPoints: ROUTE_RULE.deviationPoints });
  const stops = longStops(points, { radiusKm: ROUTE_RULE.stopRadiusKm, minMinutes: ROUTE_RULE.stopMinutes, exempt: [origin, destination] });
  const times = await srepo.tripTimes(db, m.id);
  const trip = times.pickedUpAt
    ? overtime({ from: origin, to: destination, pickedUpAt: times.pickedUpAt.toISOString(), deliveredAt: times.deliveredAt?.toISOString() ?? null }, now.toISOString(), DEFAULT_OVERTIME_RULE)
    : null;
  return { track, deviations, stops, overtime: trip };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The findings as flag rows (keyed by when each began, so a re-post finds the same key). */
export function routeFlagRows(manifestId: string, f: Pick<RouteFindings, 'deviations' | 'stops'>, now: Date) {
  return [
    ...f.deviations.map((d) => ({
      manifest_id: manifestId,
      kind: 'route-deviation' as const,
      key: d.from,
      detail: JSON.stringify({ from: d.from, to: d.to, points: d.points, maxOutsideKm: round(d.maxOutsideKm, 2) }),
      found_at: now,
    })),
    ...f.stops.map((s) => ({
      manifest_id: manifestId,
      kind: 'long-stop' as const,
      key: s.from,
      detail: JSON.stringify({ from: s.from, to: s.to, minutes: s.minutes, lat: round(s.at.lat, 5), lon: round(s.at.lon, 5) }),
      found_at: now,
    })),
  ];
}
