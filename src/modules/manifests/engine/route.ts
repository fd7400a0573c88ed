/**
 * A load's route from its GPS track (issue 13 "Sensors"): deviation from the corridor between
 * the two sites and long stops on the way. Distances are great-circle (haversine, the exchange
 * engine's), in km; a track is a list of timed positions in time order.
 *
 * Corridors:
 * - `straight`: within `halfWidthKm` of the great-circle segment between the sites;
 * - `detour`: the ellipse with the sites as foci, the points P with
 *   d(A,P) + d(P,B) ≤ roadFactor · d(A,B) + slackKm: every point a route at most `roadFactor`
 *   times the straight distance could pass (1.3 is the detour factor the exchange uses for Chinese
 *   roads), plus a slack so that short trips keep a usable width;
 * - `path`: within `halfWidthKm` of a planned route (a polyline, e.g. the one the transporter filed).
 */
import { EARTH_RADIUS_KM, haversineKm } from '../../exchange/engine';
import type { Position } from './interchange';

export interface TrackPoint extends Position {
  /** ISO time of the fix. */
  at: string;
}

export type Corridor =
  | { kind: 'straight'; from: Position; to: Position; halfWidthKm: number }
  | { kind: 'detour'; from: Position; to: Position; roadFactor: number; slackKm: number }
  | { kind: 'path'; path: Position[]; halfWidthKm: number };

const RAD = Math.PI / 180;
const km = (a: Position, b: Position) => haversineKm(a.lat, a.lon, b.lat, b.lon);

function bearing(a: Position, b: Position): number {
  const φ1 = a.lat * RAD;
  const φ2 = b.lat * RAD;
  const Δλ = (b.lon - a.lon) * RAD;
  return Math.atan2(Math.sin(Δλ) * Math.cos(φ2), Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ));
}

/** Distance from P to the great-circle segment AB, in km (cross-track, or to the nearer end). */
export function distanceToSegmentKm(p: Position, a: Position, b: Position): number {
  const dAP = km(a, p);
  const dAB = km(a, b);
  if (dAB === 0 || dAP === 0) return dAP;
  const δ13 = dAP / EARTH_RADIUS_KM;
  const Δθ = bearing(a, p) - bearing(a, b);
  // Behind A: the nearest point of the segment is A.
  if (Math.cos(Δθ) < 0) return dAP;
  const δxt = Math.asin(Math.max(-1, Math.min(1, Math.sin(δ13) * Math.sin(Δθ))));
  const δat = Math.acos(Math.max(-1, Math.min(1, Math.cos(δ13) / Math.cos(δxt))));
  if (δat * EARTH_RADIUS_KM > dAB) return km(b, p);
  return Math.abs(δxt) * EARTH_RADIUS_KM;
}

/** How far outside the corridor a position is, in km (0 inside). */
export function outsideCorridorKm(p: Position, c: Corridor): number {
  switch (c.kind) {
    case 'straight':
      return Math.max(0, distanceToSegmentKm(p, c.from, c.to) - c.halfWidthKm);
    case 'detour': {
      const budget = c.roadFactor * km(c.from, c.to) + c.slackKm;
      // Half the excess of the focal sum: for a point beside the corridor's middle this is
      // about how far it stands outside the ellipse.
      return Math.max(0, (km(c.from, p) + km(p, c.to) - budget) / 2);
    }
    case 'path': {
      if (c.path.length === 0) return 0;
      if (c.path.length === 1) return Math.max(0, km(p, c.path[0]!) - c.halfWidthKm);
      let best = Infinity;
      for (let i = 1; i < c.path.length; i++) best = Math.min(best, distanceToSegmentKm(p, c.path[i - 1]!, c.path[i]!));
      return Math.max(0, best - c.halfWidthKm);
    }
  }
}

export interface Deviation {
  from: string;
  to: string;
  /** Fixes outside the corridor in this episode. */
  points: number;
  maxOutsideKm: number;
}

/**
 * Episodes of the track outside the corridor: consecutive fixes outside it lasting at least
 * `minMinutes` and counting at least `minPoints` fixes (one stray fix is GPS noise, not a
 * detour).
 */
export function corridorDeviations(track: TrackPoint[], corridor: Corridor, options: { minMinutes?: number; minPoints?: number } = {}): Deviation[] {
  const minMs = (options.minMinutes ?? 10) * 60_000;
  const minPoints = options.minPoints ?? 2;
  const out: Deviation[] = [];
  let open: { first: TrackPoint; last: TrackPoint; points: number; max: number } | null = null;
  const close = () => {
    if (open && open.points >= minPoints && Date.parse(open.last.at) - Date.parse(open.first.at) >= minMs) {
      out.push({ from: open.first.at, to: open.last.at, points: open.points, maxOutsideKm: open.max });
    }
    open = null;
  };
  for (const p of track) {
    const outside = outsideCorridorKm(p, corridor);
    if (outside > 0) {
      if (open) {
        open.last = p;
        open.points++;
        open.max = Math.max(open.max, outside);
      } else open = { first: p, last: p, points: 1, max: outside };
    } else close();
  }
  close();
  return out;
}

export interface Stop {
  from: string;
  to: string;
  minutes: number;
  at: Position;
}

/**
 * Long stops: the vehicle stayed within `radiusKm` of one fix for at least `minMinutes`, away
 * from the places where it is meant to stand (`exempt`: the sites, within `radiusKm` of them;
 * loading and unloading take time).
 */
export function longStops(track: TrackPoint[], options: { radiusKm?: number; minMinutes?: number; exempt?: Position[] } = {}): Stop[] {
  const radius = options.radiusKm ?? 0.2;
  const minMs = (options.minMinutes ?? 30) * 60_000;
  const exempt = options.exempt ?? [];
  const out: Stop[] = [];
  let i = 0;
  while (i < track.length) {
    const anchor = track[i]!;
    let j = i;
    while (j + 1 < track.length && km(anchor, track[j + 1]!) <= radius) j++;
    const ms = Date.parse(track[j]!.at) - Date.parse(anchor.at);
    const atSite = exempt.some((s) => km(s, anchor) <= radius);
    if (ms >= minMs && !atSite) {
      out.push({ from: anchor.at, to: track[j]!.at, minutes: Math.round(ms / 60_000), at: { lat: anchor.lat, lon: anchor.lon } });
    }
    i = j + 1;
  }
  return out;
}
