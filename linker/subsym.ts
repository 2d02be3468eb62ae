/**
 * Container and interior symbols (cmd/link/internal/loader/loader.go: the loader's `outer` and
 * `sub` side tables, AddInteriorSym, SortSub, OuterSym, SubSym, AttrSubSymbol), Go 1.26. Only a
 * host object's sections have them: ldelf makes one symbol per section (the container, holding
 * the bytes) and hangs the object's symbols in that section off it, at offsets within it, in a
 * singly linked list sorted by offset.
 */
import type { LinkSym } from "./sym.js";

/** The loader's outer and sub maps. */
export class SubSyms {
  private readonly outer = new Map<LinkSym, LinkSym>();
  private readonly sub = new Map<LinkSym, LinkSym>();

  /** loader.OuterSym: the container of an interior symbol. */
  OuterSym(s: LinkSym): LinkSym | undefined {
    return this.outer.get(s);
  }

  /** loader.SubSym: the next symbol of the list (a container's first). */
  SubSym(s: LinkSym): LinkSym | undefined {
    return this.sub.get(s);
  }

  /** loader.AttrSubSymbol: interior to a container that has interior symbols. */
  AttrSubSymbol(s: LinkSym): boolean {
    const o = this.outer.get(s);
    return o !== undefined && this.sub.has(o);
  }

  /**
   * loader.AddInteriorSym: put `interior` at the head of `container`'s list. (Go also insists the
   * interior symbol has no bytes; the model's symbols keep their size as bytes, so it cannot tell.)
   */
  AddInteriorSym(container: LinkSym, interior: LinkSym): void {
    if (this.outer.has(container)) throw new Error("outer has outer itself");
    if (this.sub.has(interior)) throw new Error("sub set for subsym");
    if (this.outer.has(interior)) throw new Error("outer already set for subsym");
    const head = this.sub.get(container);
    if (head !== undefined) this.sub.set(interior, head);
    this.sub.set(container, interior);
    this.outer.set(interior, container);
  }

  /** loader.SortSub: sort `s`'s list by value, stably (equal values keep the list's order). */
  SortSub(s: LinkSym): void {
    const list = this.subs(s);
    if (list.length === 0) return;
    const sorted = list.map((x, i) => ({ x, i })).sort((a, b) => a.x.value - b.x.value || a.i - b.i);
    for (let i = 0; i < sorted.length; i++) {
      const next = sorted[i + 1]?.x;
      if (next === undefined) this.sub.delete(sorted[i]!.x);
      else this.sub.set(sorted[i]!.x, next);
    }
    this.sub.set(s, sorted[0]!.x);
  }

  /** The interior symbols of a container, in list order. */
  subs(s: LinkSym): LinkSym[] {
    const out: LinkSym[] = [];
    for (let x = this.sub.get(s); x !== undefined; x = this.sub.get(x)) out.push(x);
    return out;
  }
}
