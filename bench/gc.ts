/**
 * Garbage-collection time per phase: a PerformanceObserver records every GC pause of the main
 * thread (start, duration, kind); entries arrive asynchronously, so the pipeline yields to the
 * event loop between phases (untimed) and then asks how much of a time window went to GC.
 */
import { constants, type PerformanceEntry, PerformanceObserver } from "node:perf_hooks";

export interface GcTime {
  /** Pause time of all collections that started in the window (ms). */
  ms: number;
  /** Of which mark-compact (major) collections. */
  majorMs: number;
  count: number;
  majorCount: number;
}

interface Pause {
  start: number;
  ms: number;
  major: boolean;
}

export class GcRecorder {
  private readonly pauses: Pause[] = [];
  private readonly observer: PerformanceObserver;

  constructor() {
    this.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) this.add(e);
    });
    this.observer.observe({ entryTypes: ["gc"] });
  }

  private add(e: PerformanceEntry): void {
    const kind = ((e as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind;
    this.pauses.push({
      start: e.startTime,
      ms: e.duration,
      major: kind === constants.NODE_PERFORMANCE_GC_MAJOR,
    });
  }

  /** Lets pending GC entries arrive (they are delivered from the event loop). */
  flush(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 30));
  }

  /** GC in [from, to) (performance.now() times). */
  between(from: number, to: number): GcTime {
    const t: GcTime = { ms: 0, majorMs: 0, count: 0, majorCount: 0 };
    for (const p of this.pauses) {
      if (p.start < from || p.start >= to) continue;
      t.ms += p.ms;
      t.count++;
      if (p.major) {
        t.majorMs += p.ms;
        t.majorCount++;
      }
    }
    return t;
  }

  stop(): void {
    this.observer.disconnect();
  }
}
