/**
 * Event-loop stalls measured in CPU time as well as wall time. On a loaded machine a stall's
 * wall time includes the time the OS gave other processes, so `monitorEventLoopDelay` grows with
 * the load average; the process CPU time spent during a stall does not (it bounds the main
 * thread's own synchronous work from above: other threads, such as V8's concurrent GC, count too).
 * A 1 ms timer chain: each turn records min(wall lateness, process CPU used meanwhile).
 */
import { constants, createHistogram, PerformanceObserver, type RecordableHistogram } from 'node:perf_hooks';

export interface StallMonitor {
  /** Stops the timer; percentiles and max in ms of CPU. */
  stop(): { p99: number; max: number; over20: number };
}

export function monitorStallsInCpuTime(): StallMonitor {
  const histogram: RecordableHistogram = createHistogram();
  let stopped = false;
  let over20 = 0;
  let wall = performance.now();
  let cpu = process.cpuUsage();
  let timer: NodeJS.Timeout;
  const tick = () => {
    const nowWall = performance.now();
    // One getrusage per turn (a thousand turns a second): the reading ends this interval and starts the next.
    const nowCpu = process.cpuUsage();
    // Lateness beyond the 1 ms asked for; the CPU the process used over the same interval.
    const lateMs = Math.max(0, nowWall - wall - 1);
    const cpuMs = (nowCpu.user - cpu.user + nowCpu.system - cpu.system) / 1000;
    const stallMs = Math.min(lateMs, cpuMs);
    histogram.record(Math.max(1, Math.round(stallMs * 1000)));
    if (stallMs >= 20) over20++;
    wall = nowWall;
    cpu = nowCpu;
    if (!stopped) timer = setTimeout(tick, 1);
  };
  timer = setTimeout(tick, 1);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      return { p99: histogram.percentile(99) / 1000, max: histogram.max / 1000, over20 };
    },
  };
}

export interface GcPauses {
  /** Stops observing; pauses of the main thread by garbage collection, in ms. */
  stop(): { count: number; totalMs: number; maxMs: number; maxMajorMs: number; majors: number };
}

/** Garbage-collection pauses while a load runs (perf_hooks "gc" entries: each a pause of the main thread). */
export function observeGcPauses(): GcPauses {
  let count = 0;
  let totalMs = 0;
  let maxMs = 0;
  let maxMajorMs = 0;
  let majors = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      count++;
      totalMs += e.duration;
      maxMs = Math.max(maxMs, e.duration);
      if (((e as { detail?: { kind?: number } }).detail)?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        majors++;
        maxMajorMs = Math.max(maxMajorMs, e.duration);
      }
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      observer.disconnect();
      return { count, totalMs, maxMs, maxMajorMs, majors };
    },
  };
}
