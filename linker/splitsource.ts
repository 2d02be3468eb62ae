/**
 * What `godwarf split` reads its input through, and what it writes: split copies most of an
 * executable unchanged, so it never needs most of its bytes in memory. A source is the input as a
 * Uint8Array of its full size in which only the ranges split asks for (`need`) hold the input's
 * bytes (a file-backed source allocates it zero-filled: untouched pages cost the process nothing),
 * and a way to stream any range. A plan is an output file as pieces in file order: bytes made here,
 * or ranges of the input; the gaps between them are zeros.
 */

export interface SplitSource {
  /** The input's size and bytes: complete, or only the ranges `need` has filled. */
  readonly bytes: Uint8Array;
  /** Makes bytes[off, off + len) the input's (nothing to do when `bytes` is complete). */
  need(off: number, len: number): void;
  /** Calls `fn` with the input's bytes [off, off + len), in order, in chunks of a reused buffer. */
  chunks(off: number, len: number, fn: (chunk: Uint8Array) => void): void;
}

/** A source over bytes already in memory. */
export function memorySource(bytes: Uint8Array): SplitSource {
  return {
    bytes,
    need() {},
    chunks(off, len, fn) {
      fn(bytes.subarray(off, off + len));
    },
  };
}

/** A piece of an output: bytes made by split, or a range of the input. */
export type Piece = { at: number; bytes: Uint8Array } | { at: number; from: number; length: number };

/** An output file: its size, and its pieces in increasing, non-overlapping file order. */
export interface Plan {
  size: number;
  pieces: Piece[];
}

const ZEROS = new Uint8Array(1 << 16);

/** Streams `plan` as the bytes of its file, in order (gaps as zeros), to `sink`. */
export function streamPlan(plan: Plan, src: SplitSource, sink: (chunk: Uint8Array) => void): void {
  let pos = 0;
  const gap = (to: number): void => {
    while (pos < to) {
      const n = Math.min(to - pos, ZEROS.length);
      sink(ZEROS.subarray(0, n));
      pos += n;
    }
  };
  for (const p of plan.pieces) {
    if (p.at < pos) throw new Error(`split plan: a piece at 0x${p.at.toString(16)} overlaps the one before`);
    gap(p.at);
    if ("bytes" in p) {
      if (p.bytes.length > 0) sink(p.bytes);
      pos += p.bytes.length;
    } else {
      src.chunks(p.from, p.length, sink);
      pos += p.length;
    }
  }
  gap(plan.size);
}

/** The plan's file as one array (tests, and callers that want bytes). */
export function materialize(plan: Plan, src: SplitSource): Uint8Array {
  const out = new Uint8Array(plan.size);
  let pos = 0;
  streamPlan(plan, src, (c) => {
    out.set(c, pos);
    pos += c.length;
  });
  return out;
}
