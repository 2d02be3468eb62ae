/**
 * The GC pointer mask a type descriptor's GCData points at: reflect.go's dgcsym, dgcptrmask,
 * fillptrmask and dgcptrmaskOnDemand, with cmd/compile/internal/typebits.Set, Go 1.26 (amd64).
 *
 * A mask is one bit per pointer-sized word of the pointer-bearing prefix, padded to whole words,
 * in a DUPOK local symbol named by its bytes (`runtime.gcbits.<hex>`; no pointers:
 * `runtime.gcbits.`). Types with more than MaxPtrmaskBytes*8 words of pointer data get an empty
 * `type:.gcmask.<T>` word the runtime fills on demand.
 */
import type { LSym } from "../obj/lsym.js";
import { DUPOK, LOCAL, NOPTR, RODATA } from "../obj/plist.js";
import { Global, PtrSize, Uint8, Uintptr } from "../objw/objw.js";
import { MaxPtrmaskBytes } from "../../abi/abi.js";
import { HasPointers, PtrDataSize } from "../types/size.js";
import { LinkString } from "../types/universe.js";
import type { ReflectState } from "./state.js";

/** reflect.go, dgcsym: the mask symbol, whether it is built on demand, and the pointer data size. */
export function dgcsym(
  r: ReflectState,
  name: string,
  write: boolean,
  onDemandAllowed: boolean,
): { lsym: LSym; onDemand: boolean; ptrdata: number } {
  const ptrdata = PtrDataSize(r.u, name);
  if (!onDemandAllowed || ptrdata / PtrSize <= MaxPtrmaskBytes * 8)
    return { lsym: dgcptrmask(r, name, write), onDemand: false, ptrdata };
  return { lsym: dgcptrmaskOnDemand(r, name, write), onDemand: true, ptrdata };
}

/** reflect.go, dgcptrmask: the `runtime.gcbits.<hex>` symbol of the type's mask. */
export function dgcptrmask(r: ReflectState, name: string, write: boolean): LSym {
  let n = Math.floor((PtrDataSize(r.u, name) / PtrSize + 7) / 8);
  n = Math.ceil(n / PtrSize) * PtrSize;
  const ptrmask = new Uint8Array(n);
  fillptrmask(r, name, ptrmask);
  let hex = "";
  for (const b of ptrmask) hex += b.toString(16).padStart(2, "0");
  const lsym = r.ctxt.Lookup(`runtime.gcbits.${hex}`);
  if (write && !lsym.has("OnList")) {
    for (const [i, x] of ptrmask.entries()) Uint8(lsym, i, x);
    Global(r.ctxt, lsym, ptrmask.length, DUPOK | RODATA | LOCAL);
    lsym.set("ContentAddressable", true);
  }
  return lsym;
}

/** reflect.go, fillptrmask: a 1 for each word of the pointer data that holds a pointer. */
function fillptrmask(r: ReflectState, name: string, ptrmask: Uint8Array): void {
  if (!HasPointers(r.u, name)) return;
  const words = new Set<number>();
  set(r, name, 0, words);
  const nptr = PtrDataSize(r.u, name) / PtrSize;
  for (let i = 0; i < nptr; i++) if (words.has(i)) ptrmask[i >> 3] = (ptrmask[i >> 3] ?? 0) | (1 << (i % 8));
}

/** typebits.Set: mark the words of a value of the type at `off` that hold pointers. */
function set(r: ReflectState, name: string, off: number, words: Set<number>): void {
  if (!HasPointers(r.u, name)) return;
  const t = r.u.get(name);
  switch (t.kind) {
    case "ptr":
    case "unsafepointer":
    case "func":
    case "chan":
    case "map":
    case "string":
    case "slice":
      words.add(off / PtrSize);
      return;
    case "interface":
      // The first word (itab or type) points outside the heap: only the data word counts.
      words.add(off / PtrSize + 1);
      return;
    case "array": {
      const elem = r.u.get(t.elem ?? "");
      if (elem.size === 0) return;
      for (let i = 0; i < (t.len ?? 0); i++) set(r, t.elem!, off + i * elem.size, words);
      return;
    }
    case "struct":
      for (const f of t.fields ?? []) set(r, f.type, off + f.offset, words);
      return;
    default:
      return;
  }
}

/** reflect.go, dgcptrmaskOnDemand: the `type:.gcmask.<T>` word for a large type's mask. */
function dgcptrmaskOnDemand(r: ReflectState, name: string, write: boolean): LSym {
  const lsym = r.ctxt.Lookup(`type:.gcmask.${LinkString(name)}`);
  if (write && !lsym.has("OnList")) {
    Uintptr(lsym, 0, 0);
    Global(r.ctxt, lsym, PtrSize, DUPOK | NOPTR | LOCAL);
  }
  return lsym;
}
