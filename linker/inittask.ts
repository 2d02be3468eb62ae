/**
 * The package initialization schedule (cmd/link/internal/ld/inittask.go, Go 1.26): before
 * deadcode, the linker orders the `pkg..inittask` records the compiler wrote, following their
 * R_INITORDER relocations (one per imported package) and, among the packages ready to run, the
 * lexically first; and writes the order as a list of pointers the runtime walks at startup.
 *
 * Only inittasks with functions to run (more than the 8-byte header) go into the list. For an
 * executable the list is `go:main.inittasks` (what deadcode marks as a root); when the runtime is
 * linked, `runtime.runtime_inittasks` becomes a slice of `go:runtime.inittasks`, the runtime's own
 * schedule. Buildmodes other than exe and PIE (plugin, shared) are not modelled.
 */
import { LinkError, type Loader } from "./load.js";
import { LinkSym } from "./sym.js";

/**
 * inittask.go, (*Link).inittasks for buildmode exe: build the schedules and return
 * ctxt.mainInittasks (undefined when there is no main..inittask).
 */
export function inittasks(ld: Loader): LinkSym | undefined {
  const mainInittasks = inittaskSym(ld, ["main..inittask"], "go:main.inittasks");
  const sh = ld.lookup("runtime.runtime_inittasks", 0);
  if (sh !== undefined) {
    const t = inittaskSym(ld, ["runtime..inittask"], "go:runtime.inittasks");
    // The slice header is the runtime's variable; its contents become {&t, n, n}.
    sh.setData([]);
    sh.type = "SNOPTRDATA";
    const n = t === undefined ? 0 : t.size / 8;
    if (t !== undefined) sh.addSymRef(t, 0, "R_ADDR", 8);
    else sh.addUint(8, 0);
    sh.addUint(8, n);
    sh.addUint(8, n);
  }
  return mainInittasks;
}

/**
 * Go's string order: bytewise UTF-8, which is code point order (UTF-16 code unit order, JavaScript's,
 * differs above U+FFFF).
 */
function lexLess(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x < y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - i < b.length - j;
}

/**
 * inittask.go, inittaskSym: a symbol (SNOPTRDATA, made with MakeSymbolBuilder: file-local, not yet
 * reachable) holding the addresses of the inittasks reachable from `rootNames` through
 * R_INITORDER, in dependency order, lexically first among the ready ones (heap.go lexHeap).
 */
export function inittaskSym(ld: Loader, rootNames: readonly string[], symName: string): LinkSym | undefined {
  const roots: LinkSym[] = [];
  for (const n of rootNames) {
    const p = ld.lookup(n, 0);
    if (p !== undefined) roots.push(p);
  }
  if (roots.length === 0) return undefined;

  // Incoming edges by destination; m counts each package's imports not yet scheduled.
  const importers = new Map<LinkSym, LinkSym[]>();
  const m = new Map<LinkSym, number>();
  const ready = new LexHeap();
  const q: LinkSym[] = [];
  for (const p of roots) {
    m.set(p, 0);
    q.push(p);
  }
  while (q.length > 0) {
    const x = q.pop()!;
    let ndeps = 0;
    for (const r of x.R) {
      if (r.type !== "R_INITORDER") continue;
      ndeps++;
      const s = r.sym;
      const into = importers.get(s);
      if (into === undefined) importers.set(s, [x]);
      else into.push(x);
      if (m.has(s)) continue;
      q.push(s);
      m.set(s, 0);
    }
    m.set(x, ndeps);
    if (ndeps === 0) ready.push(x);
  }

  const sched = new LinkSym(symName, "SNOPTRDATA");
  sched.static = true;
  ld.define(sched);
  while (!ready.empty()) {
    const s = ready.pop();
    // An inittask with no functions is needed for the order only.
    if (s.size > 8) sched.addSymRef(s, 0, "R_ADDR", 8);
    for (const from of importers.get(s) ?? []) {
      const left = m.get(from)! - 1;
      m.set(from, left);
      if (left === 0) ready.push(from);
    }
  }
  for (const [s, n] of m) {
    if (n !== 0) throw new LinkError(`inittask for ${s.name} is not schedulable ${n}`);
  }
  return sched;
}

/** heap.go, lexHeap: a min-heap of symbols by name. */
class LexHeap {
  private readonly h: LinkSym[] = [];

  push(s: LinkSym): void {
    const h = this.h;
    h.push(s);
    let n = h.length - 1;
    while (n > 0) {
      const p = (n - 1) >> 1;
      if (!lexLess(h[n]!.name, h[p]!.name)) break;
      [h[n], h[p]] = [h[p]!, h[n]!];
      n = p;
    }
  }

  pop(): LinkSym {
    const h = this.h;
    const r = h[0]!;
    const last = h.pop()!;
    const n = h.length;
    if (n === 0) return r;
    h[0] = last;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && lexLess(h[c + 1]!.name, h[c]!.name)) c++;
      if (!lexLess(h[c]!.name, h[i]!.name)) break;
      [h[i], h[c]] = [h[c]!, h[i]!];
      i = c;
    }
    return r;
  }

  empty(): boolean {
    return this.h.length === 0;
  }
}
