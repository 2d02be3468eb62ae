/**
 * Location lists: the compiler's intermediate encoding and the DWARF 4 (.debug_loc) and DWARF 5
 * (.debug_loclists) writers that turn it into a function's SDWARFLOC symbol. Models
 * cmd/compile/internal/ssa/debug.go (FuncDebug.PutLocationList, PutLocationListDwarf5,
 * PutLocationListDwarf4, encodeValue, decodeValue, appendPtr, writePtr, readPtr, SetupLocList, and
 * the entry layout of debugState.writePendingEntry), Go 1.26. (Go 1.27 changed this representation; see
 * shared notes/go-dwarf-internals.md, section 12.)
 *
 * The intermediate list is a DWARF 4 list whose bounds are not PCs but (block ID, value ID) pairs
 * packed into a pointer-size word, each entry being: start word, end word, 2-byte length (target
 * byte order), location expression. FuncDebug.GetPC maps a pair to a PC offset at write time.
 * IDs are int32, so a word is handled as two 32-bit halves, never as a bigint.
 */
import { DW_LLE } from "./constants.js";
import type { Context, Sym } from "./context.js";
import { Uleb128put } from "./putattr.js";

/** The part of ssa.FuncDebug the writers use: GetPC(block, value) gives a PC offset. */
export interface FuncDebug {
  getPC(block: number, value: number): number;
}

/** The fields of obj.Link the writers read besides the Context: UseBASEntries and the byte order. */
export interface ObjLink {
  /** DWARF 4 lists start with a base address selection entry (every GOOS but darwin). */
  useBASEntries: boolean;
  /** Arch.ByteOrder is big-endian (s390x, ppc64, mips*); default little. */
  bigEndian?: boolean;
}

function readU32(list: ArrayLike<number>, i: number, bigEndian: boolean): number {
  return bigEndian
    ? ((list[i]! << 24) | (list[i + 1]! << 16) | (list[i + 2]! << 8) | list[i + 3]!) >>> 0
    : (list[i]! | (list[i + 1]! << 8) | (list[i + 2]! << 16) | (list[i + 3]! << 24)) >>> 0;
}

function readU16(list: ArrayLike<number>, i: number, bigEndian: boolean): number {
  return bigEndian ? (list[i]! << 8) | list[i + 1]! : list[i]! | (list[i + 1]! << 8);
}

function pushU32(buf: number[], word: number, bigEndian: boolean): void {
  if (bigEndian) buf.push(word >>> 24, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff);
  else buf.push(word & 0xff, (word >>> 8) & 0xff, (word >>> 16) & 0xff, word >>> 24);
}

/** Go panics on a short intermediate list; it is the compiler's own data, so this is a bug. */
function checkEntry(list: Uint8Array, i: number, need: number): void {
  if (i + need > list.length) throw new Error(`malformed intermediate location list at ${i}`);
}

/** Reused result of decodeValue; callers copy the two fields out at once. */
const decoded = { block: 0, value: 0 };

/**
 * debug.go, readPtr + decodeValue: the (block, value) pair of the word at list[i]. With 8-byte
 * pointers the word is block<<32 | uint32(value); with 4-byte ones block<<16 | uint16(value), and
 * Go reads the block back unsigned and the value sign-extended from 16 bits.
 */
export function decodeValue(
  list: ArrayLike<number>,
  i: number,
  ptrSize: number,
  bigEndian = false,
): { block: number; value: number } {
  if (ptrSize === 8) {
    const first = readU32(list, i, bigEndian);
    const second = readU32(list, i + 4, bigEndian);
    decoded.block = (bigEndian ? first : second) | 0;
    decoded.value = (bigEndian ? second : first) | 0;
  } else if (ptrSize === 4) {
    const word = readU32(list, i, bigEndian);
    decoded.block = word >>> 16;
    decoded.value = ((word & 0xffff) << 16) >> 16;
  } else {
    throw new Error("unexpected pointer size");
  }
  return decoded;
}

/**
 * debug.go, encodeValue + appendPtr: append the word for (b, v) to `buf`. Returns false, writing
 * nothing, when 4-byte pointers cannot hold the IDs (Go then drops the entry: functions with more
 * than 32K values lose debug info on 32-bit targets).
 */
export function appendEncodedValue(
  buf: number[],
  ptrSize: number,
  b: number,
  v: number,
  bigEndian = false,
): boolean {
  if (ptrSize === 8) {
    pushU32(buf, bigEndian ? b >>> 0 : v >>> 0, bigEndian);
    pushU32(buf, bigEndian ? v >>> 0 : b >>> 0, bigEndian);
    return true;
  }
  if (ptrSize !== 4) throw new Error("unexpected pointer size");
  if ((b << 16) >> 16 !== b || (v << 16) >> 16 !== v) return false;
  pushU32(buf, ((b << 16) | (v & 0xffff)) >>> 0, bigEndian);
  return true;
}

/**
 * debug.go, SetupLocList: start an entry for block `entryID` from value `st` to value `en`: two
 * words and a 2-byte length placeholder. Returns the index of the placeholder, or -1 when the IDs
 * do not fit (Go returns a nil list then).
 */
export function SetupLocList(
  list: number[],
  ptrSize: number,
  entryID: number,
  st: number,
  en: number,
  bigEndian = false,
): number {
  const mark = list.length;
  if (
    !appendEncodedValue(list, ptrSize, entryID, st, bigEndian) ||
    !appendEncodedValue(list, ptrSize, entryID, en, bigEndian)
  ) {
    list.length = mark;
    return -1;
  }
  const sizeIdx = list.length;
  list.push(0, 0);
  return sizeIdx;
}

/** Fill in the 2-byte length at sizeIdx once the expression after it is complete. */
export function patchLocListLength(list: number[], sizeIdx: number, bigEndian = false): void {
  const n = (list.length - sizeIdx - 2) & 0xffff;
  list[sizeIdx + (bigEndian ? 1 : 0)] = n & 0xff;
  list[sizeIdx + (bigEndian ? 0 : 1)] = n >>> 8;
}

/**
 * The layout debugState.writePendingEntry appends: start word, end word, length, expression.
 * Like Go it writes nothing when the encoded start and end are equal or do not fit.
 */
export function appendLocListEntry(
  list: number[],
  ptrSize: number,
  start: { block: number; value: number },
  end: { block: number; value: number },
  expr: ArrayLike<number>,
  bigEndian = false,
): void {
  const mark = list.length;
  if (
    !appendEncodedValue(list, ptrSize, start.block, start.value, bigEndian) ||
    !appendEncodedValue(list, ptrSize, end.block, end.value, bigEndian)
  ) {
    list.length = mark;
    return;
  }
  let same = true;
  for (let k = 0; k < ptrSize; k++) if (list[mark + k] !== list[mark + ptrSize + k]) same = false;
  if (same) {
    list.length = mark;
    return;
  }
  const sizeIdx = list.length;
  list.push(0, 0);
  for (let k = 0; k < expr.length; k++) list.push(expr[k]!);
  patchLocListLength(list, sizeIdx, bigEndian);
}

/** debug.go, FuncDebug.PutLocationList: write `list` to listSym in the mode's format. */
export function PutLocationList(
  debugInfo: FuncDebug,
  list: Uint8Array,
  ctxt: Context,
  link: ObjLink,
  listSym: Sym,
  startPC: Sym,
): void {
  if (ctxt.buildcfg.dwarf5) PutLocationListDwarf5(debugInfo, list, ctxt, link, listSym, startPC);
  else PutLocationListDwarf4(debugInfo, list, ctxt, link, listSym, startPC);
}

/**
 * debug.go, PutLocationListDwarf5: DW_LLE_base_addressx naming startPC through .debug_addr, then
 * per entry DW_LLE_offset_pair, ULEB begin, ULEB end, ULEB length and the expression (the 2-byte
 * length of the intermediate list re-encoded), then DW_LLE_end_of_list. No begin==end fudge here:
 * an offset pair cannot be mistaken for the end of the list.
 */
export function PutLocationListDwarf5(
  debugInfo: FuncDebug,
  list: Uint8Array,
  ctxt: Context,
  link: ObjLink,
  listSym: Sym,
  startPC: Sym,
): void {
  const ps = ctxt.ptrSize();
  const be = link.bigEndian === true;

  ctxt.mark?.(listSym, "PutLocationListDwarf5 DW_LLE_base_addressx");
  ctxt.addInt(listSym, 1, DW_LLE.base_addressx);
  ctxt.addIndirectTextRef(listSym, startPC);

  for (let i = 0; i < list.length; ) {
    checkEntry(list, i, 2 * ps + 2);
    let d = decodeValue(list, i, ps, be);
    const begin = debugInfo.getPC(d.block, d.value);
    d = decodeValue(list, i + ps, ps, be);
    const end = debugInfo.getPC(d.block, d.value);

    ctxt.mark?.(listSym, "PutLocationListDwarf5 DW_LLE_offset_pair");
    ctxt.addInt(listSym, 1, DW_LLE.offset_pair);
    Uleb128put(ctxt, listSym, begin);
    Uleb128put(ctxt, listSym, end);

    i += 2 * ps;
    const datalen = readU16(list, i, be);
    i += 2;
    checkEntry(list, i, datalen);
    Uleb128put(ctxt, listSym, datalen);
    ctxt.addBytes(listSym, list.subarray(i, i + datalen));
    i += datalen;
  }

  ctxt.mark?.(listSym, "PutLocationListDwarf5 DW_LLE_end_of_list");
  ctxt.addInt(listSym, 1, DW_LLE.end_of_list);
}

/**
 * debug.go, PutLocationListDwarf4: with base address entries, -1 and addr(startPC), then
 * pointer-size begin/end offsets; without, CU-relative relocated bounds. Each entry keeps its
 * 2-byte length and expression as they are. An entry [0, 0) at the function start would read as
 * the end of the list, so Go widens it to [0, 1). Ends with 0, 0.
 */
export function PutLocationListDwarf4(
  debugInfo: FuncDebug,
  list: Uint8Array,
  ctxt: Context,
  link: ObjLink,
  listSym: Sym,
  startPC: Sym,
): void {
  const ps = ctxt.ptrSize();
  const be = link.bigEndian === true;

  if (link.useBASEntries) {
    ctxt.mark?.(listSym, "PutLocationListDwarf4 base address selection");
    ctxt.addInt(listSym, ps, -1);
    ctxt.addAddress(listSym, startPC, 0);
  }

  for (let i = 0; i < list.length; ) {
    checkEntry(list, i, 2 * ps + 2);
    let d = decodeValue(list, i, ps, be);
    const begin = debugInfo.getPC(d.block, d.value);
    d = decodeValue(list, i + ps, ps, be);
    let end = debugInfo.getPC(d.block, d.value);

    if (begin === 0 && end === 0) end = 1;

    ctxt.mark?.(listSym, "PutLocationListDwarf4 entry");
    if (link.useBASEntries) {
      ctxt.addInt(listSym, ps, begin);
      ctxt.addInt(listSym, ps, end);
    } else {
      ctxt.addCURelativeAddress(listSym, startPC, begin);
      ctxt.addCURelativeAddress(listSym, startPC, end);
    }

    i += 2 * ps;
    const datalen = 2 + readU16(list, i, be);
    checkEntry(list, i, datalen);
    ctxt.addBytes(listSym, list.subarray(i, i + datalen));
    i += datalen;
  }

  ctxt.mark?.(listSym, "PutLocationListDwarf4 end of list");
  ctxt.addInt(listSym, ps, 0);
  ctxt.addInt(listSym, ps, 0);
}
