/**
 * slices.SortFunc as Go 1.26 implements it (slices/sort.go, zsortanyfunc.go): pattern-defeating
 * quicksort, unstable, with insertion sort for runs of at most 12 and a fixed xorshift pattern
 * breaker. Modelled exactly because the order of equal elements is visible: the linker sorts its
 * compilation units with a comparator under which every unit with text is equal to every other
 * (compilationUnitByStartPCCmp), so their order in .debug_info is whatever this algorithm leaves.
 * With 12 units or fewer it is a plain insertion sort, which keeps equal elements in order.
 */

type Cmp<E> = (a: E, b: E) => number;

/** sortedHint. */
const Hint = { unknown: 0, increasing: 1, decreasing: 2 } as const;
type Hint = (typeof Hint)[keyof typeof Hint];

/** bits.Len for a non-negative integer below 2^32. */
function bitsLen(n: number): number {
  return n === 0 ? 0 : 32 - Math.clz32(n);
}

function swap<E>(d: E[], i: number, j: number): void {
  const t = d[i]!;
  d[i] = d[j]!;
  d[j] = t;
}

/** slices.SortFunc. */
export function SortFunc<E>(x: E[], cmp: Cmp<E>): void {
  const n = x.length;
  pdqsortCmpFunc(x, 0, n, bitsLen(n), cmp);
}

function insertionSortCmpFunc<E>(data: E[], a: number, b: number, cmp: Cmp<E>): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && cmp(data[j]!, data[j - 1]!) < 0; j--) swap(data, j, j - 1);
  }
}

function siftDownCmpFunc<E>(data: E[], lo: number, hi: number, first: number, cmp: Cmp<E>): void {
  let root = lo;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= hi) return;
    if (child + 1 < hi && cmp(data[first + child]!, data[first + child + 1]!) < 0) child++;
    if (!(cmp(data[first + root]!, data[first + child]!) < 0)) return;
    swap(data, first + root, first + child);
    root = child;
  }
}

function heapSortCmpFunc<E>(data: E[], a: number, b: number, cmp: Cmp<E>): void {
  const first = a;
  const lo = 0;
  const hi = b - a;
  for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) siftDownCmpFunc(data, i, hi, first, cmp);
  for (let i = hi - 1; i >= 0; i--) {
    swap(data, first, first + i);
    siftDownCmpFunc(data, lo, i, first, cmp);
  }
}

function pdqsortCmpFunc<E>(data: E[], a: number, b: number, limit: number, cmp: Cmp<E>): void {
  const maxInsertion = 12;
  let wasBalanced = true;
  let wasPartitioned = true;
  for (;;) {
    const length = b - a;
    if (length <= maxInsertion) {
      insertionSortCmpFunc(data, a, b, cmp);
      return;
    }
    if (limit === 0) {
      heapSortCmpFunc(data, a, b, cmp);
      return;
    }
    if (!wasBalanced) {
      breakPatternsCmpFunc(data, a, b);
      limit--;
    }
    let [pivot, hint] = choosePivotCmpFunc(data, a, b, cmp);
    if (hint === Hint.decreasing) {
      reverseRangeCmpFunc(data, a, b);
      pivot = b - 1 - (pivot - a);
      hint = Hint.increasing;
    }
    if (wasBalanced && wasPartitioned && hint === Hint.increasing) {
      if (partialInsertionSortCmpFunc(data, a, b, cmp)) return;
    }
    if (a > 0 && !(cmp(data[a - 1]!, data[pivot]!) < 0)) {
      a = partitionEqualCmpFunc(data, a, b, pivot, cmp);
      continue;
    }
    const [mid, alreadyPartitioned] = partitionCmpFunc(data, a, b, pivot, cmp);
    wasPartitioned = alreadyPartitioned;
    const leftLen = mid - a;
    const rightLen = b - mid;
    const balanceThreshold = Math.trunc(length / 8);
    if (leftLen < rightLen) {
      wasBalanced = leftLen >= balanceThreshold;
      pdqsortCmpFunc(data, a, mid, limit, cmp);
      a = mid + 1;
    } else {
      wasBalanced = rightLen >= balanceThreshold;
      pdqsortCmpFunc(data, mid + 1, b, limit, cmp);
      b = mid;
    }
  }
}

function partitionCmpFunc<E>(data: E[], a: number, b: number, pivot: number, cmp: Cmp<E>): [number, boolean] {
  swap(data, a, pivot);
  let i = a + 1;
  let j = b - 1;
  while (i <= j && cmp(data[i]!, data[a]!) < 0) i++;
  while (i <= j && !(cmp(data[j]!, data[a]!) < 0)) j--;
  if (i > j) {
    swap(data, j, a);
    return [j, true];
  }
  swap(data, i, j);
  i++;
  j--;
  for (;;) {
    while (i <= j && cmp(data[i]!, data[a]!) < 0) i++;
    while (i <= j && !(cmp(data[j]!, data[a]!) < 0)) j--;
    if (i > j) break;
    swap(data, i, j);
    i++;
    j--;
  }
  swap(data, j, a);
  return [j, false];
}

function partitionEqualCmpFunc<E>(data: E[], a: number, b: number, pivot: number, cmp: Cmp<E>): number {
  swap(data, a, pivot);
  let i = a + 1;
  let j = b - 1;
  for (;;) {
    while (i <= j && !(cmp(data[a]!, data[i]!) < 0)) i++;
    while (i <= j && cmp(data[a]!, data[j]!) < 0) j--;
    if (i > j) break;
    swap(data, i, j);
    i++;
    j--;
  }
  return i;
}

function partialInsertionSortCmpFunc<E>(data: E[], a: number, b: number, cmp: Cmp<E>): boolean {
  const maxSteps = 5;
  const shortestShifting = 50;
  let i = a + 1;
  for (let step = 0; step < maxSteps; step++) {
    while (i < b && !(cmp(data[i]!, data[i - 1]!) < 0)) i++;
    if (i === b) return true;
    if (b - a < shortestShifting) return false;
    swap(data, i, i - 1);
    if (i - a >= 2) {
      for (let j = i - 1; j >= 1; j--) {
        if (!(cmp(data[j]!, data[j - 1]!) < 0)) break;
        swap(data, j, j - 1);
      }
    }
    if (b - i >= 2) {
      for (let j = i + 1; j < b; j++) {
        if (!(cmp(data[j]!, data[j - 1]!) < 0)) break;
        swap(data, j, j - 1);
      }
    }
  }
  return false;
}

const MASK64 = (1n << 64n) - 1n;

function breakPatternsCmpFunc<E>(data: E[], a: number, b: number): void {
  const length = b - a;
  if (length < 8) return;
  let random = BigInt(length);
  const modulus = 2 ** bitsLen(length);
  const idx0 = a + Math.trunc(length / 4) * 2 - 1;
  for (let idx = idx0; idx <= idx0 + 2; idx++) {
    random ^= (random << 13n) & MASK64;
    random ^= random >> 7n;
    random ^= (random << 17n) & MASK64;
    let other = Number(random & BigInt(modulus - 1));
    if (other >= length) other -= length;
    swap(data, idx, a + other);
  }
}

function choosePivotCmpFunc<E>(data: E[], a: number, b: number, cmp: Cmp<E>): [number, Hint] {
  const shortestNinther = 50;
  const maxSwaps = 4 * 3;
  const l = b - a;
  const swaps = { n: 0 };
  const q = Math.trunc(l / 4);
  let i = a + q * 1;
  let j = a + q * 2;
  let k = a + q * 3;
  if (l >= 8) {
    if (l >= shortestNinther) {
      i = medianAdjacentCmpFunc(data, i, swaps, cmp);
      j = medianAdjacentCmpFunc(data, j, swaps, cmp);
      k = medianAdjacentCmpFunc(data, k, swaps, cmp);
    }
    j = medianCmpFunc(data, i, j, k, swaps, cmp);
  }
  if (swaps.n === 0) return [j, Hint.increasing];
  if (swaps.n === maxSwaps) return [j, Hint.decreasing];
  return [j, Hint.unknown];
}

function order2CmpFunc<E>(
  data: E[],
  a: number,
  b: number,
  swaps: { n: number },
  cmp: Cmp<E>,
): [number, number] {
  if (cmp(data[b]!, data[a]!) < 0) {
    swaps.n++;
    return [b, a];
  }
  return [a, b];
}

function medianCmpFunc<E>(
  data: E[],
  a: number,
  b: number,
  c: number,
  swaps: { n: number },
  cmp: Cmp<E>,
): number {
  [a, b] = order2CmpFunc(data, a, b, swaps, cmp);
  [b, c] = order2CmpFunc(data, b, c, swaps, cmp);
  [a, b] = order2CmpFunc(data, a, b, swaps, cmp);
  return b;
}

function medianAdjacentCmpFunc<E>(data: E[], a: number, swaps: { n: number }, cmp: Cmp<E>): number {
  return medianCmpFunc(data, a - 1, a, a + 1, swaps, cmp);
}

function reverseRangeCmpFunc<E>(data: E[], a: number, b: number): void {
  let i = a;
  let j = b - 1;
  while (i < j) {
    swap(data, i, j);
    i++;
    j--;
  }
}
