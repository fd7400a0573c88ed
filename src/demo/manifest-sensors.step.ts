import { demoSensorTrips, postGps, postWeighings, scanQueue, sensorFindings } from '../modules/manifests';
import { systemServiceContext } from '../platform/viewer';
import type { DemoStep } from './step';

/** Recent trips only: older tracks would fall to the retention job (180 days by default) at its first run. */
const SAMPLE = 12;
const WITHIN_DAYS = 120;
const FIX_MINUTES = 2;
const SPEED_KMH = 32;

const KM_PER_DEG_LAT = 111.2;
const kmBetween = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) => {
  const dx = (b.lon - a.lon) * KM_PER_DEG_LAT * Math.cos((a.lat * Math.PI) / 180);
  const dy = (b.lat - a.lat) * KM_PER_DEG_LAT;
  return Math.hypot(dx, dy);
};

interface Fix {
  readingId: string;
  at: string;
  lat: number;
  lon: number;
  speedKmh: number;
}

/**
 * A drive from origin to destination along a gently curving road, one fix every two minutes,
 * then standing at the destination until delivery. `detour`: 20 minutes some 6 km to the side
 * a third of the way; `stop`: 45 minutes standing half-way (both flagged by the route checks).
 */
function drive(id: string, from: { lat: number; lon: number }, to: { lat: number; lon: number }, start: number, end: number, variant: 'plain' | 'detour' | 'stop'): Fix[] {
  const fixes: Fix[] = [];
  let t = start;
  const push = (p: { lat: number; lon: number }, speedKmh: number) => {
    if (t > end) return;
    fixes.push({ readingId: `demo-${id.slice(0, 8)}-${fixes.length}`, at: new Date(t).toISOString(), lat: Math.round(p.lat * 1e6) / 1e6, lon: Math.round(p.lon * 1e6) / 1e6, speedKmh });
    t += FIX_MINUTES * 60_000;
  };
  const km = Math.max(1, kmBetween(from, to) * 1.2);
  const steps = Math.max(4, Math.ceil((km / SPEED_KMH) * (60 / FIX_MINUTES)));
  // The road bends: a sideways offset of up to 4 % of the distance, zero at both ends.
  const along = (f: number) => {
    const bend = Math.sin(Math.PI * f) * 0.04;
    return { lat: from.lat + (to.lat - from.lat) * f - (to.lon - from.lon) * bend, lon: from.lon + (to.lon - from.lon) * f + (to.lat - from.lat) * bend };
  };
  for (let k = 0; k <= steps; k++) {
    const f = k / steps;
    if (variant === 'detour' && k === Math.floor(steps / 3)) {
      const here = along(f);
      // Out to about 8 km north-east and back along a curve: well outside a short trip's corridor.
      for (let j = 1; j < 15; j++) {
        const out = Math.sin((Math.PI * j) / 15);
        push({ lat: here.lat + 0.07 * out, lon: here.lon + 0.03 * out + 0.002 * j }, 35);
      }
    }
    if (variant === 'stop' && k === Math.floor(steps / 2)) {
      const here = along(f);
      for (let j = 0; j < 45 / FIX_MINUTES; j++) push({ lat: here.lat + (j % 2) * 0.0001, lon: here.lon }, 0);
    }
    push(along(f), k === steps ? 0 : SPEED_KMH);
  }
  // Waiting at the destination until the receiver signs delivery: every ten minutes.
  while (t <= end && fixes.length < 400) {
    push(to, 0);
    t += 8 * 60_000;
  }
  return fixes;
}

/**
 * GPS tracks and weighbridge readings for a sample of the recent demo manifests (issue 13
 * "Sensors"): posted through the same service as terminals' batches, one trip with a detour and
 * one with a long stop; the destination's weighbridge shows what the receiver recorded, so the
 * demo's weight discrepancies appear at the weighbridges too. The findings go into the queue.
 */
export const manifestSensorsStep: DemoStep = {
  id: 'manifest-sensors',
  name: 'Manifests: GPS tracks and weighbridge readings of recent loads',
  async load(trx, report) {
    const ctx = systemServiceContext('demo:manifest-sensors');
    const now = new Date();
    const trips = await demoSensorTrips(trx, new Date(now.getTime() - WITHIN_DAYS * 86_400_000), SAMPLE);
    let done = 0;
    for (const [i, trip] of trips.entries()) {
      const variant = i === 0 ? 'detour' : i === 1 ? 'stop' : 'plain';
      const readings = drive(trip.id, trip.origin, trip.destination, trip.pickedUpAt.getTime(), trip.deliveredAt.getTime(), variant);
      if (readings.length > 0) await postGps(trx, ctx, trip.id, { readings }, now);
      const tare = 12_000 + (i % 4) * 850;
      const originNet = Math.round(trip.pickedUpTonnes * 1000);
      const weighings: { readingId: string; at: string; end: 'origin' | 'destination'; grossKg: number; tareKg: number; ticket: string }[] = [{ readingId: `demo-wb-o-${trip.id.slice(0, 8)}`, at: new Date(trip.pickedUpAt.getTime() - 15 * 60_000).toISOString(), end: 'origin', grossKg: tare + originNet, tareKg: tare, ticket: `GB-${String(1001 + i)}` }];
      if (trip.receivedTonnes !== null) {
        const destinationNet = Math.round(trip.receivedTonnes * 1000);
        weighings.push({ readingId: `demo-wb-d-${trip.id.slice(0, 8)}`, at: new Date(Math.min(now.getTime(), trip.deliveredAt.getTime() + 10 * 60_000)).toISOString(), end: 'destination', grossKg: tare + destinationNet, tareKg: tare, ticket: `SD-${String(2001 + i)}` });
      }
      await postWeighings(trx, ctx, trip.id, { readings: weighings }, now);
      report(++done, trips.length + 1);
    }
    // Only the sensor findings: the trails were verified by the manifest-regulation step's scan.
    await scanQueue(trx, ctx, { routes: sensorFindings, verifyBatch: 1 });
    report(trips.length + 1, trips.length + 1);
  },
};
