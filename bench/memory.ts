/**
 * Peak memory of one benchmark process. The phases are long synchronous calls that block the event
 * loop, so the resident set size is sampled from a worker thread (process.memoryUsage.rss() is
 * process-wide), every few milliseconds, into shared memory; the kernel's own high-water mark
 * (getrusage maxRSS) bounds it from above. The V8 heap is per isolate and can only be read on the
 * main thread: it is sampled there at every checkpoint the pipeline offers (between phases and
 * between objects), and measured live (after a full GC, with --expose-gc) at phase boundaries.
 */
import { getHeapStatistics } from "node:v8";
import { Worker } from "node:worker_threads";

const SAMPLER = `
const { workerData } = require("node:worker_threads");
const peak = new Float64Array(workerData.buffer);
const stop = new Int32Array(workerData.stop);
const tick = () => {
  if (Atomics.load(stop, 0) !== 0) return;
  const rss = process.memoryUsage.rss();
  if (rss > peak[0]) peak[0] = rss;
  setTimeout(tick, workerData.intervalMs);
};
tick();
`;

export class MemorySampler {
  private readonly peak = new Float64Array(new SharedArrayBuffer(8));
  private readonly stopFlag = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker: Worker;
  private heapPeak = 0;

  constructor(intervalMs = 5) {
    this.worker = new Worker(SAMPLER, {
      eval: true,
      workerData: { buffer: this.peak.buffer, stop: this.stopFlag.buffer, intervalMs },
    });
    this.worker.unref();
  }

  /** Sample the V8 heap now (the main thread's only chance to see it mid-phase). */
  checkpoint(): void {
    const used = getHeapStatistics().used_heap_size;
    if (used > this.heapPeak) this.heapPeak = used;
    const rss = process.memoryUsage.rss();
    if (rss > this.peak[0]!) this.peak[0] = rss;
  }

  /** The highest RSS seen since the last reset (bytes), and reset it to the current RSS. */
  takeRssPeak(): number {
    this.checkpoint();
    const p = this.peak[0]!;
    this.peak[0] = process.memoryUsage.rss();
    return p;
  }

  /** The highest V8 heap use seen at a checkpoint since the last reset (bytes); reset. */
  takeHeapPeak(): number {
    this.checkpoint();
    const p = this.heapPeak;
    this.heapPeak = getHeapStatistics().used_heap_size;
    return p;
  }

  async stop(): Promise<void> {
    Atomics.store(this.stopFlag, 0, 1);
    await this.worker.terminate();
  }
}

/** The kernel's peak resident set size of this process so far (bytes). */
export function maxRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** The V8 heap in use after a full collection (bytes); without --expose-gc, without collecting. */
export function liveHeap(): number {
  collect();
  return getHeapStatistics().used_heap_size;
}

export function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    gc();
  }
}

export function hasGc(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === "function";
}
