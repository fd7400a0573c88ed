/**
 * Manifests' side engines at scale (issue 13).
 *  (a) EPCIS 2.0 export of 100 000 custody events (12 500 manifests of 8 events each, as one
 *      genealogy document) and its JSON text, then the import of that text back (parse,
 *      validate, map). Export and import are linear; the aim is that a regulator's export of a
 *      year of a region (a few hundred thousand events) stays within seconds.
 *  (b) Corridor deviation and long stops on a 10 000-fix track.
 */
import type { Benchmark } from './harness';
import { peakRssMiB, timeMs } from './harness';
import { corridorDeviations, exportGenealogyEpcis, importEpcisDocument, longStops, type CustodyEvent, type ManifestRecord, type TrackPoint } from '../src/modules/manifests/engine/index';

const MANIFESTS = 12_500;
const BASE = 'https://herbloop.example.cn';
const steps: CustodyEvent['step'][] = ['created', 'sealed', 'picked-up', 'handed-over', 'delivered', 'received', 'processed', 'closed'];

function manifests(): ManifestRecord[] {
  const t0 = Date.UTC(2025, 0, 1);
  const hex = (n: number) => n.toString(16).padStart(12, '0');
  return Array.from({ length: MANIFESTS }, (_, m) => ({
    number: `HB-341602-2025-${String(m).padStart(6, '0')}`,
    lines: [{ lineNo: 1, wasteCode: 'SW17', description: '药渣', quantity: '12.5', weighed: true }],
    events: steps.map((step, k) => ({
      id: `00000000-0000-4000-8000-${hex(m * 8 + k)}`,
      step,
      at: new Date(t0 + m * 600_000 + k * 1_800_000).toISOString(),
      signedFor: '91341600MA2TEST01X',
      siteId: 'site-1',
      position: { lat: 33.84 + k * 0.01, lon: 115.77 },
      ...(step === 'picked-up' || step === 'received' ? { quantities: [{ lineNo: 1, quantity: '12.48' }] } : {}),
    })),
  }));
}

const benchmarks: Benchmark[] = [
  {
    name: 'manifests: EPCIS export and import of 100 000 events',
    description: 'exportGenealogyEpcis over 12 500 manifests × 8 custody events, JSON.stringify, then importEpcisDocument of the text',
    async run() {
      const input = manifests();
      let text = '';
      let events = 0;
      const exportMs = await timeMs(() => {
        const doc = exportGenealogyEpcis(input, [], { base: BASE, createdAt: '2026-01-01T00:00:00Z' });
        events = doc.epcisBody.eventList.length;
        text = JSON.stringify(doc);
      });
      let imported = 0;
      // The import caps a document at 10 000 events: read the export in slices of that size.
      const parsed = JSON.parse(text) as { epcisBody: { eventList: unknown[] } };
      const importMs = await timeMs(() => {
        imported = 0;
        for (let i = 0; i < parsed.epcisBody.eventList.length; i += 10_000) {
          const slice = { ...parsed, epcisBody: { eventList: parsed.epcisBody.eventList.slice(i, i + 10_000) } };
          const r = importEpcisDocument(slice, { base: BASE, partner: '91341600MA2TEST01X' });
          if (r.ok) imported += r.custody.length;
        }
      });
      return {
        metrics: [
          { name: 'events exported', value: events, unit: 'events' },
          { name: 'export + stringify', value: exportMs, unit: 'ms', target: '< 3000 ms' },
          { name: 'export rate', value: Math.round(events / (exportMs / 1000)), unit: 'events/s' },
          { name: 'document size', value: Math.round(text.length / 1024 / 1024), unit: 'MiB' },
          { name: 'import (10 slices)', value: importMs, unit: 'ms' },
          { name: 'import rate', value: Math.round(imported / (importMs / 1000)), unit: 'events/s' },
          { name: 'peak RSS', value: Math.round(peakRssMiB()), unit: 'MiB' },
        ],
        notes: [`${imported} events imported back`],
      };
    },
  },
  {
    name: 'manifests: route checks on a 10 000-fix track',
    description: 'corridorDeviations (detour ellipse) and longStops over a track of 10 000 fixes',
    async run() {
      const t0 = Date.UTC(2026, 0, 1);
      // Northwards at 4 km/h-equivalent steps; every 1 000 fixes 100 fixes (17 min) 0.6° east
      // of the corridor; fixes 5 000–5 399 stand still (67 min): 10 deviations and one stop.
      const track: TrackPoint[] = Array.from({ length: 10_000 }, (_, i) => {
        const k = i >= 5_000 && i < 5_400 ? 5_000 : i;
        return { at: new Date(t0 + i * 10_000).toISOString(), lat: 33 + k * 1e-4, lon: 115 + (i % 1_000 >= 500 && i % 1_000 < 600 ? 0.6 : 0) };
      });
      let deviations = 0;
      let stops = 0;
      const ms = await timeMs(() => {
        deviations = corridorDeviations(track, { kind: 'detour', from: { lat: 33, lon: 115 }, to: { lat: 34, lon: 115 }, roadFactor: 1.3, slackKm: 5 }).length;
        stops = longStops(track).length;
      }, 3);
      return { metrics: [{ name: 'deviation + stops', value: ms, unit: 'ms', target: '< 50 ms' }], notes: [`${deviations} deviations, ${stops} stops`] };
    },
  },
];

export default benchmarks;
