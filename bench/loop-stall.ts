/**
 * Event-loop stalls measured in CPU time as well as wall time. On a loaded machine a stall's
 * wall time includes the time the OS gave other processes, so `monitorEventLoopDelay` grows with
 * the load average; the process CPU time spent during a stall does not (it bounds the main
 * thread's own synchronous work from above: other threads, such as V8's concurrent GC, count too).
 * A 1 ms timer chain: each turn records min(wall lateness, process CPU used meanwhile).
 */
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';

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
    const used = process.cpuUsage(cpu);
    // Lateness beyond the 1 ms asked for; the CPU the process used over the same interval.
    const lateMs = Math.max(0, nowWall - wall - 1);
    const cpuMs = (used.user + used.system) / 1000;
    const stallMs = Math.min(lateMs, cpuMs);
    histogram.record(Math.max(1, Math.round(stallMs * 1000)));
    if (stallMs >= 20) over20++;
    wall = nowWall;
    cpu = process.cpuUsage();
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
