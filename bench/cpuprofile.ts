/**
 * CPU profiles of the bench's server for finding long synchronous stretches (what every request,
 * /api/health included, waits behind). `profileWhile` records a V8 CPU profile of this process
 * with node:inspector while a load runs; `stretches` reads a profile as runs of consecutive busy
 * samples (anything but "(idle)") and says, per run, which functions took its time.
 *
 * `node --import tsx bench/cpuprofile.ts <file.cpuprofile> [top]` prints the longest stretches.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Runs `load` while this process is profiled (sampling every `intervalUs` µs) and writes the profile to `file`. */
export async function profileWhile<T>(file: string, load: () => Promise<T>, intervalUs = 200): Promise<T> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
    await session.post('Profiler.start');
    const result = await load();
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    return result;
  } finally {
    session.disconnect();
  }
}

export interface Stretch {
  /** Start, ms after the profile's start. */
  at: number;
  ms: number;
  /** Self time per function in the stretch, longest first. */
  top: { fn: string; ms: number }[];
  /** Time per outermost application frame (the caller under the event loop), longest first. */
  roots: { fn: string; ms: number }[];
}

const label = (f: CallFrame) => `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(src|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;

/** Runs of busy samples, longest first (a gap of one idle sample ends a run). */
export function stretches(p: CpuProfile, keep = 10): { stretches: Stretch[]; busyMs: number; spanMs: number } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const idle = new Set(p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  // The outermost frame of a sample that is the project's code or a library's (not node's internals).
  const rootOf = (id: number): string => {
    let outer: string | null = null;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      if (f.url.includes('/src/') || f.url.includes('/node_modules/')) outer = label(f);
    }
    return outer ?? label(byId.get(id)!.callFrame);
  };
  const runs: { at: number; ms: number; samples: { id: number; ms: number }[] }[] = [];
  let t = 0;
  let busyMs = 0;
  let run: (typeof runs)[number] | null = null;
  // A sample's time is the delta to the next one (the time it stood for).
  for (let k = 0; k < p.samples.length; k++) {
    const ms = (p.timeDeltas[k + 1] ?? 0) / 1000;
    const id = p.samples[k]!;
    if (idle.has(id)) {
      run = null;
    } else {
      busyMs += ms;
      if (run === null) runs.push((run = { at: t, ms: 0, samples: [] }));
      run.ms += ms;
      run.samples.push({ id, ms });
    }
    t += ms;
  }
  runs.sort((a, b) => b.ms - a.ms);
  const tally = (pairs: { key: string; ms: number }[]) => {
    const m = new Map<string, number>();
    for (const { key, ms } of pairs) m.set(key, (m.get(key) ?? 0) + ms);
    return [...m].map(([fn, ms]) => ({ fn, ms })).sort((a, b) => b.ms - a.ms).slice(0, 8);
  };
  return {
    busyMs,
    spanMs: (p.endTime - p.startTime) / 1000,
    stretches: runs.slice(0, keep).map((r) => ({
      at: r.at,
      ms: r.ms,
      top: tally(r.samples.map((s) => ({ key: label(byId.get(s.id)!.callFrame), ms: s.ms }))),
      roots: tally(r.samples.map((s) => ({ key: rootOf(s.id), ms: s.ms }))),
    })),
  };
}

/** Busy time per (self) function over the whole profile, longest first. */
export function selfTimes(p: CpuProfile, keep = 25): { fn: string; ms: number }[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const m = new Map<string, number>();
  for (let k = 0; k < p.samples.length; k++) {
    const f = byId.get(p.samples[k]!)!.callFrame;
    if (f.functionName === '(idle)') continue;
    const key = label(f);
    m.set(key, (m.get(key) ?? 0) + (p.timeDeltas[k + 1] ?? 0) / 1000);
  }
  return [...m].map(([fn, ms]) => ({ fn, ms })).sort((a, b) => b.ms - a.ms).slice(0, keep);
}

if (process.argv[1]?.endsWith('cpuprofile.ts')) {
  const [file, topArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: bench/cpuprofile.ts <file.cpuprofile> [top]');
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const { stretches: list, busyMs, spanMs } = stretches(p, Number(topArg ?? 10));
  const sizes = stretches(p, Number.MAX_SAFE_INTEGER).stretches.map((s) => s.ms);
  const over = (ms: number) => sizes.filter((s) => s >= ms).length;
  process.stdout.write(`profile ${spanMs.toFixed(0)} ms, busy ${busyMs.toFixed(0)} ms; stretches ≥ 10 ms: ${over(10)}, ≥ 20 ms: ${over(20)}, ≥ 50 ms: ${over(50)}\n`);
  for (const s of list) {
    process.stdout.write(`\n${s.ms.toFixed(1)} ms at ${s.at.toFixed(0)} ms\n`);
    for (const r of s.roots) process.stdout.write(`  root ${r.ms.toFixed(1).padStart(6)} ${r.fn}\n`);
    for (const r of s.top) process.stdout.write(`  self ${r.ms.toFixed(1).padStart(6)} ${r.fn}\n`);
  }
  process.stdout.write('\nself time over the profile:\n');
  for (const r of selfTimes(p)) process.stdout.write(`  ${r.ms.toFixed(1).padStart(8)} ${r.fn}\n`);
}
