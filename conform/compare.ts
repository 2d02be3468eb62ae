/**
 * Byte-level comparison of one section: how many bytes agree at the same offset, and where the
 * first disagreement is. Offsets, not an edit distance: the linker must write every byte at the
 * place Go writes it, so a byte that moved is a byte that differs.
 */

export interface ByteComparison {
  /** Bytes equal at the same offset within the common length. */
  identical: number;
  /** The larger of the two lengths. */
  total: number;
  /** Same length and same bytes. */
  equal: boolean;
  /**
   * The first offset where the bytes differ, or the common length when one is a prefix of the
   * other; undefined when equal.
   */
  firstDiff: number | undefined;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): ByteComparison {
  const common = Math.min(a.length, b.length);
  let identical = 0;
  let firstDiff: number | undefined;
  for (let i = 0; i < common; i++) {
    if (a[i] === b[i]) identical++;
    else firstDiff ??= i;
  }
  if (firstDiff === undefined && a.length !== b.length) firstDiff = common;
  return { identical, total: Math.max(a.length, b.length), equal: firstDiff === undefined, firstDiff };
}
