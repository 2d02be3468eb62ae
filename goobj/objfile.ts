/**
 * A reader of Go object files, Go 1.20 to 1.27's format (magic `\x00go120ld`), as
 * cmd/internal/goobj's Reader reads them (objfile.go): a text header ending in "\n!\n", then a
 * binary header with 19 block offsets, then the blocks. Every integer is little-endian; strings
 * are {len, off} references into the file. Numbers (symbol kinds, relocation and aux types) are
 * kept raw here; the toolchain profile names them (compiler/profile.ts, objabi).
 *
 * Every offset is checked once when the file is opened, so the accessors can index without
 * further checks and a corrupt object is a FormatError naming the block and offset, never a
 * RangeError or an unbounded allocation.
 */
import { FormatError } from "../dwarf/errors.js";

export const Magic = "\x00go120ld";

/** goobj's Blk* block numbers, by name, in file order. */
export const Blocks = [
  "Autolib",
  "PkgIdx",
  "File",
  "Symdef",
  "Hashed64def",
  "Hasheddef",
  "Nonpkgdef",
  "Nonpkgref",
  "RefFlags",
  "Hash64",
  "Hash",
  "RelocIdx",
  "AuxIdx",
  "DataIdx",
  "Reloc",
  "Aux",
  "Data",
  "RefName",
  "End",
] as const;
const Blk = Object.fromEntries(Blocks.map((n, i) => [n, i])) as Record<(typeof Blocks)[number], number>;

/** Package indices with special meanings (goobj PkgIdx*); others index the PkgIdx block. */
export const PkgIdxNone = 0x7fffffff;
export const PkgIdxHashed64 = PkgIdxNone - 1;
export const PkgIdxHashed = PkgIdxNone - 2;
export const PkgIdxBuiltin = PkgIdxNone - 3;
export const PkgIdxSelf = PkgIdxNone - 4;

/** Sym.ABI of a file-local (static) symbol. */
export const SymABIstatic = 0xffff;

/** Object header flags (ObjFlag*). */
export const ObjFlag = { Shared: 1, FromAssembly: 4, Unlinkable: 8, Std: 16 } as const;
/** Sym.Flag bits. */
export const SymFlag = {
  Dupok: 1,
  Local: 2,
  Typelink: 4,
  Leaf: 8,
  NoSplit: 16,
  ReflectMethod: 32,
  GoType: 64,
} as const;
/** Sym.Flag2 bits. */
export const SymFlag2 = {
  UsedInIface: 1,
  Itab: 2,
  Dict: 4,
  PkgInit: 8,
  Linkname: 16,
  ABIWrapper: 32,
  WasmExport: 64,
} as const;

const SymSize = 21;
const RelocSize = 23;
const AuxSize = 9;
const RefFlagsSize = 10;
const RefNameSize = 16;
const StringRefSize = 8;
const ImportedPkgSize = StringRefSize + 8;
const HeaderSize = Magic.length + 8 + 4 + 4 * Blocks.length;

/** goobj.SymRef: a package index (or PkgIdx*) and a symbol index within it. */
export interface SymRef {
  pkg: number;
  idx: number;
}

/** goobj.Sym. */
export interface GoSym {
  name: string;
  /** 0 ABI0, 1 ABIInternal, SymABIstatic for file-local symbols. */
  abi: number;
  /** objabi.SymKind number. */
  type: number;
  flag: number;
  flag2: number;
  siz: number;
  align: number;
}

/** goobj.Reloc: `type` is the raw uint16 (bit 15 is R_WEAK). */
export interface GoReloc {
  off: number;
  siz: number;
  type: number;
  add: number;
  sym: SymRef;
}

/** goobj.Aux: `type` is the Aux* number. */
export interface GoAux {
  type: number;
  sym: SymRef;
}

/** The text header's first line: `go object GOOS GOARCH VERSION [GOAMD64=v1] X:experiments`. */
export interface TextHeader {
  raw: string;
  goos: string;
  goarch: string;
  goVersion: string;
  /** Words between the version and X: (e.g. GOAMD64=v1). */
  settings: string[];
  /** The X: list. */
  experiments: string[];
  /** `build id "..."`, when the header has one. */
  buildID: string | undefined;
}

const utf8 = new TextDecoder("utf-8");
const latin1 = new TextDecoder("latin1");

/** Parse the text header (the bytes before "\n!\n"). */
export function parseTextHeader(raw: string): TextHeader {
  const lines = raw.split("\n");
  const w = (lines[0] ?? "").split(" ").filter((x) => x !== "");
  const rest = w.slice(5);
  const xi = rest.findIndex((x) => x.startsWith("X:"));
  const bid = lines.find((l) => l.startsWith("build id "));
  return {
    raw,
    goos: w[2] ?? "",
    goarch: w[3] ?? "",
    goVersion: w[4] ?? "",
    settings: xi < 0 ? rest : rest.slice(0, xi),
    experiments:
      xi < 0
        ? []
        : rest[xi]!.slice(2)
            .split(",")
            .filter((x) => x !== ""),
    buildID: bid === undefined ? undefined : bid.slice("build id ".length).replace(/^"|"$/g, ""),
  };
}

/** Where the text header ends ("\n!\n" included), or -1. */
function textHeaderEnd(b: Uint8Array): number {
  for (let i = 2; i < b.length; i++) {
    if (b[i] === 0x0a && b[i - 1] === 0x21 && b[i - 2] === 0x0a) return i + 1;
  }
  return -1;
}

/** Whether `b` (an archive member) is a Go object: "go object " and the binary magic after it. */
export function isGoObject(b: Uint8Array): boolean {
  return latin1.decode(b.subarray(0, 10)) === "go object ";
}

/** One Go object file (an archive's `_go_.o` member, or a bare .o). */
export class GoObjFile {
  readonly text: TextHeader;
  /** The binary part (after the text header); every offset below is relative to it. */
  readonly b: Uint8Array;
  /** Where the binary part starts in the bytes given (for messages). */
  readonly start: number;
  readonly fingerprint: Uint8Array;
  readonly flags: number;
  private readonly off: Uint32Array;
  private readonly dv: DataView;
  readonly nsym: number;
  readonly nhashed64def: number;
  readonly nhasheddef: number;
  readonly nnonpkgdef: number;
  readonly nnonpkgref: number;

  /** Opens `bytes`; `section` names it in errors (e.g. "_go_.o"). */
  constructor(
    bytes: Uint8Array,
    readonly section = "goobj",
  ) {
    const end = textHeaderEnd(bytes.subarray(0, Math.min(bytes.length, 1 << 20)));
    if (!isGoObject(bytes) || end < 0)
      throw new FormatError(section, 0, 'not a Go object file (no "go object" header)');
    this.text = parseTextHeader(latin1.decode(bytes.subarray(0, end - 3)));
    this.start = end;
    this.b = bytes.subarray(end);
    const b = this.b;
    const magic = latin1.decode(b.subarray(0, 8));
    if (magic !== Magic) {
      const other = b[0] === 0 ? /^.(go1\d+ld)$/s.exec(magic) : null;
      throw new FormatError(
        section,
        end,
        other !== null
          ? `object format ${other[1]} (${this.text.goVersion || "unknown Go version"}); godwarf reads go120ld objects (Go 1.26)`
          : "wrong magic, not a Go object file",
      );
    }
    if (b.length < HeaderSize) throw new FormatError(section, end, `truncated header (${b.length} bytes)`);
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    this.fingerprint = b.slice(8, 16);
    this.flags = this.dv.getUint32(16, true);
    this.off = new Uint32Array(Blocks.length);
    for (let i = 0; i < Blocks.length; i++) this.off[i] = this.dv.getUint32(20 + 4 * i, true);
    for (let i = 0; i < Blocks.length; i++) {
      const o = this.off[i]!;
      if (o < HeaderSize || o > b.length || (i > 0 && o < this.off[i - 1]!))
        this.fail(
          20 + 4 * i,
          `block ${Blocks[i]} at 0x${o.toString(16)} is out of order or past the end (${b.length} bytes)`,
        );
    }
    const count = (blk: number, size: number): number => {
      const n = this.off[blk + 1]! - this.off[blk]!;
      if (n % size !== 0)
        this.fail(this.off[blk]!, `block ${Blocks[blk]} is ${n} bytes, not a multiple of ${size}`);
      return n / size;
    };
    count(Blk.Autolib, ImportedPkgSize);
    count(Blk.PkgIdx, StringRefSize);
    count(Blk.File, StringRefSize);
    this.nsym = count(Blk.Symdef, SymSize);
    this.nhashed64def = count(Blk.Hashed64def, SymSize);
    this.nhasheddef = count(Blk.Hasheddef, SymSize);
    this.nnonpkgdef = count(Blk.Nonpkgdef, SymSize);
    this.nnonpkgref = count(Blk.Nonpkgref, SymSize);
    count(Blk.RefFlags, RefFlagsSize);
    if (count(Blk.Hash64, 8) !== this.nhashed64def)
      this.fail(this.off[Blk.Hash64]!, "Hash64 block does not match Hashed64def");
    if (count(Blk.Hash, 16) !== this.nhasheddef)
      this.fail(this.off[Blk.Hash]!, "Hash block does not match Hasheddef");
    const ndef = this.ndef;
    const nreloc = count(Blk.Reloc, RelocSize);
    const naux = count(Blk.Aux, AuxSize);
    const ndata = this.off[Blk.Data + 1]! - this.off[Blk.Data]!;
    count(Blk.RefName, RefNameSize);
    for (const [blk, limit] of [
      [Blk.RelocIdx, nreloc],
      [Blk.AuxIdx, naux],
      [Blk.DataIdx, ndata],
    ] as const) {
      if (count(blk, 4) !== ndef + 1)
        this.fail(this.off[blk]!, `${Blocks[blk]} has ${count(blk, 4)} entries, want ${ndef + 1}`);
      let prev = 0;
      for (let i = 0; i <= ndef; i++) {
        const at = this.off[blk]! + 4 * i;
        const v = this.dv.getUint32(at, true);
        if (v < prev || v > limit)
          this.fail(at, `${Blocks[blk]}[${i}] = ${v} is out of order or past ${limit}`);
        prev = v;
      }
    }
  }

  private fail(at: number, problem: string): never {
    throw new FormatError(this.section, this.start + at, problem);
  }

  /** Symbols defined here: Symdef, Hashed64def, Hasheddef and Nonpkgdef, in that order. */
  get ndef(): number {
    return this.nsym + this.nhashed64def + this.nhasheddef + this.nnonpkgdef;
  }

  get fromAssembly(): boolean {
    return (this.flags & ObjFlag.FromAssembly) !== 0;
  }

  /** A {len, off} string reference at `at`. */
  private stringRef(at: number): string {
    const len = this.dv.getUint32(at, true);
    const off = this.dv.getUint32(at + 4, true);
    if (off + len > this.b.length)
      this.fail(at, `string of ${len} bytes at 0x${off.toString(16)} runs past the end`);
    return utf8.decode(this.b.subarray(off, off + len));
  }

  private symRef(at: number): SymRef {
    return { pkg: this.dv.getUint32(at, true), idx: this.dv.getUint32(at + 4, true) };
  }

  /** Autolib: the packages this one imports, with their fingerprints. */
  autolib(): { pkg: string; fingerprint: Uint8Array }[] {
    const out = [];
    for (let at = this.off[Blk.Autolib]!; at < this.off[Blk.Autolib + 1]!; at += ImportedPkgSize)
      out.push({ pkg: this.stringRef(at), fingerprint: this.b.slice(at + 8, at + 16) });
    return out;
  }

  /** Pkglist: referenced packages; index 0 is the invalid index (""). */
  pkglist(): string[] {
    const out = [];
    for (let at = this.off[Blk.PkgIdx]!; at < this.off[Blk.PkgIdx + 1]!; at += StringRefSize)
      out.push(this.stringRef(at));
    return out;
  }

  /** The file table (CUFileIndex counts from it). */
  files(): string[] {
    const out = [];
    for (let at = this.off[Blk.File]!; at < this.off[Blk.File + 1]!; at += StringRefSize)
      out.push(this.stringRef(at));
    return out;
  }

  /** Symbol `i`: a definition (i < ndef) or a non-package reference (ndef <= i < ndef + nnonpkgref). */
  sym(i: number): GoSym {
    if (!(i >= 0 && i < this.ndef + this.nnonpkgref)) throw new RangeError(`symbol index ${i} out of range`);
    const at = this.off[Blk.Symdef]! + i * SymSize;
    const dv = this.dv;
    return {
      name: this.stringRef(at),
      abi: dv.getUint16(at + 8, true),
      type: this.b[at + 10]!,
      flag: this.b[at + 11]!,
      flag2: this.b[at + 12]!,
      siz: dv.getUint32(at + 13, true),
      align: dv.getUint32(at + 17, true),
    };
  }

  /*
   * Symbol `i`'s fields one at a time, and its relocations' fields by index: what cmd/link's
   * loader reads straight from the mapped file (goobj.Sym's accessors), without making a GoSym
   * or a GoReloc per symbol. `i` must be a valid symbol index (sym's range), `j` a relocation
   * index from relocStart/relocEnd.
   */

  symName(i: number): string {
    return this.stringRef(this.off[Blk.Symdef]! + i * SymSize);
  }

  symABI(i: number): number {
    return this.dv.getUint16(this.off[Blk.Symdef]! + i * SymSize + 8, true);
  }

  symType(i: number): number {
    return this.b[this.off[Blk.Symdef]! + i * SymSize + 10]!;
  }

  symFlag(i: number): number {
    return this.b[this.off[Blk.Symdef]! + i * SymSize + 11]!;
  }

  symFlag2(i: number): number {
    return this.b[this.off[Blk.Symdef]! + i * SymSize + 12]!;
  }

  symSiz(i: number): number {
    return this.dv.getUint32(this.off[Blk.Symdef]! + i * SymSize + 13, true);
  }

  symAlign(i: number): number {
    return this.dv.getUint32(this.off[Blk.Symdef]! + i * SymSize + 17, true);
  }

  /** The index of definition `i`'s first relocation (its last is relocEnd(i) - 1). */
  relocStart(i: number): number {
    return this.index(Blk.RelocIdx, i);
  }

  relocEnd(i: number): number {
    return this.index(Blk.RelocIdx, i + 1);
  }

  relocOff(j: number): number {
    return this.dv.getInt32(this.off[Blk.Reloc]! + j * RelocSize, true);
  }

  relocSiz(j: number): number {
    return this.b[this.off[Blk.Reloc]! + j * RelocSize + 4]!;
  }

  /** The raw type (bit 15 is R_WEAK). */
  relocType(j: number): number {
    return this.dv.getUint16(this.off[Blk.Reloc]! + j * RelocSize + 5, true);
  }

  relocAdd(j: number): number {
    const at = this.off[Blk.Reloc]! + j * RelocSize;
    return this.dv.getInt32(at + 11, true) * 0x1_0000_0000 + this.dv.getUint32(at + 7, true);
  }

  relocSymPkg(j: number): number {
    return this.dv.getUint32(this.off[Blk.Reloc]! + j * RelocSize + 15, true);
  }

  relocSymIdx(j: number): number {
    return this.dv.getUint32(this.off[Blk.Reloc]! + j * RelocSize + 19, true);
  }

  /** The index of definition `i`'s first aux symbol (its last is auxEnd(i) - 1). */
  auxStart(i: number): number {
    return this.index(Blk.AuxIdx, i);
  }

  auxEnd(i: number): number {
    return this.index(Blk.AuxIdx, i + 1);
  }

  auxType(j: number): number {
    return this.b[this.off[Blk.Aux]! + j * AuxSize]!;
  }

  auxSymPkg(j: number): number {
    return this.dv.getUint32(this.off[Blk.Aux]! + j * AuxSize + 1, true);
  }

  auxSymIdx(j: number): number {
    return this.dv.getUint32(this.off[Blk.Aux]! + j * AuxSize + 5, true);
  }

  /** The length of definition `i`'s data. */
  dataLen(i: number): number {
    return this.index(Blk.DataIdx, i + 1) - this.index(Blk.DataIdx, i);
  }

  /** Entry `i` (0 to ndef) of an index block (RelocIdx, AuxIdx, DataIdx). */
  private index(blk: number, i: number): number {
    if (!(i >= 0 && i <= this.ndef)) throw new RangeError(`definition index ${i} out of range`);
    return this.dv.getUint32(this.off[blk]! + 4 * i, true);
  }

  /**
   * The content hash of the i-th short-hashed definition as a map key: its 8 bytes as 4 UTF-16
   * code units (cheaper to make and to hash than hash64's hex).
   */
  hash64Key(i: number): string {
    const at = this.off[Blk.Hash64]! + 8 * i;
    const dv = this.dv;
    return String.fromCharCode(
      dv.getUint16(at, true),
      dv.getUint16(at + 2, true),
      dv.getUint16(at + 4, true),
      dv.getUint16(at + 6, true),
    );
  }

  /** hash's 16 bytes as a map key, as hash64Key. */
  hashKey(i: number): string {
    const at = this.off[Blk.Hash]! + 16 * i;
    const dv = this.dv;
    return String.fromCharCode(
      dv.getUint16(at, true),
      dv.getUint16(at + 2, true),
      dv.getUint16(at + 4, true),
      dv.getUint16(at + 6, true),
      dv.getUint16(at + 8, true),
      dv.getUint16(at + 10, true),
      dv.getUint16(at + 12, true),
      dv.getUint16(at + 14, true),
    );
  }

  private range(blk: number, i: number): [number, number] {
    if (!(i >= 0 && i < this.ndef)) throw new RangeError(`definition index ${i} out of range`);
    const at = this.off[blk]! + 4 * i;
    return [this.dv.getUint32(at, true), this.dv.getUint32(at + 4, true)];
  }

  /** The relocations of definition `i`. */
  relocs(i: number): GoReloc[] {
    const [a, z] = this.range(Blk.RelocIdx, i);
    const out: GoReloc[] = new Array(z - a);
    const dv = this.dv;
    for (let j = a; j < z; j++) {
      const at = this.off[Blk.Reloc]! + j * RelocSize;
      const lo = dv.getUint32(at + 7, true);
      const hi = dv.getInt32(at + 11, true);
      out[j - a] = {
        off: dv.getInt32(at, true),
        siz: this.b[at + 4]!,
        type: dv.getUint16(at + 5, true),
        add: hi * 0x1_0000_0000 + lo,
        sym: this.symRef(at + 15),
      };
    }
    return out;
  }

  /** How many relocations definition `i` has. */
  nreloc(i: number): number {
    const [a, z] = this.range(Blk.RelocIdx, i);
    return z - a;
  }

  /** The aux symbols of definition `i`. */
  auxs(i: number): GoAux[] {
    const [a, z] = this.range(Blk.AuxIdx, i);
    const out: GoAux[] = [];
    for (let j = a; j < z; j++) {
      const at = this.off[Blk.Aux]! + j * AuxSize;
      out.push({ type: this.b[at]!, sym: this.symRef(at + 1) });
    }
    return out;
  }

  /** The data of definition `i` (a view into the file). */
  data(i: number): Uint8Array {
    const [a, z] = this.range(Blk.DataIdx, i);
    const base = this.off[Blk.Data]!;
    return this.b.subarray(base + a, base + z);
  }

  /** The content hash of the i-th short-hashed definition (as 16 hex digits). */
  hash64(i: number): string {
    const at = this.off[Blk.Hash64]! + 8 * i;
    return hex(this.b.subarray(at, at + 8));
  }

  /** The content hash of the i-th hashed definition (as 32 hex digits). */
  hash(i: number): string {
    const at = this.off[Blk.Hash]! + 16 * i;
    return hex(this.b.subarray(at, at + 16));
  }

  /** RefFlags: flags for referenced (not defined) symbols. */
  refFlags(): { sym: SymRef; flag: number; flag2: number }[] {
    const out = [];
    for (let at = this.off[Blk.RefFlags]!; at < this.off[Blk.RefFlags + 1]!; at += RefFlagsSize)
      out.push({ sym: this.symRef(at), flag: this.b[at + 8]!, flag2: this.b[at + 9]! });
    return out;
  }

  /** RefName: names of symbols referenced in other packages (for the linker's -dumpdep and errors). */
  refNames(): { sym: SymRef; name: string }[] {
    const out = [];
    for (let at = this.off[Blk.RefName]!; at < this.off[Blk.RefName + 1]!; at += RefNameSize)
      out.push({ sym: this.symRef(at), name: this.stringRef(at + 8) });
    return out;
  }
}

function hex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

/** goobj.FuncInfo, decoded (funcinfo.go). */
export interface FuncInfo {
  args: number;
  locals: number;
  funcID: number;
  funcFlag: number;
  startLine: number;
  /** CUFileIndex per file the function's pcfile table numbers. */
  file: number[];
  inlTree: InlTreeNode[];
}

/** goobj.InlTreeNode. */
export interface InlTreeNode {
  parent: number;
  file: number;
  line: number;
  func: SymRef;
  parentPC: number;
}

/** Decode a FuncInfo aux symbol's data; `where` names it in errors. */
export function decodeFuncInfo(b: Uint8Array, where: string): FuncInfo {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const need = (at: number, n: number): void => {
    if (at + n > b.length) throw new FormatError(where, at, `FuncInfo truncated (${b.length} bytes)`);
  };
  need(0, 20);
  const nfile = dv.getUint32(16, true);
  need(20, 4 * nfile + 4);
  const file: number[] = [];
  for (let k = 0; k < nfile; k++) file.push(dv.getUint32(20 + 4 * k, true));
  const inlAt = 20 + 4 * nfile;
  const ninl = dv.getUint32(inlAt, true);
  need(inlAt + 4, 24 * ninl);
  const inlTree: InlTreeNode[] = [];
  for (let k = 0; k < ninl; k++) {
    const at = inlAt + 4 + 24 * k;
    inlTree.push({
      parent: dv.getInt32(at, true),
      file: dv.getUint32(at + 4, true),
      line: dv.getInt32(at + 8, true),
      func: { pkg: dv.getUint32(at + 12, true), idx: dv.getUint32(at + 16, true) },
      parentPC: dv.getInt32(at + 20, true),
    });
  }
  return {
    args: dv.getUint32(0, true),
    locals: dv.getUint32(4, true),
    funcID: b[8]!,
    funcFlag: b[9]!,
    startLine: dv.getInt32(12, true),
    file,
    inlTree,
  };
}

/** FuncInfo.Write (funcinfo.go): the FuncInfo aux symbol's data, as decodeFuncInfo reads it. */
export function encodeFuncInfo(fi: FuncInfo): Uint8Array {
  const b = new Uint8Array(20 + 4 * fi.file.length + 4 + 24 * fi.inlTree.length);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, fi.args, true);
  dv.setUint32(4, fi.locals, true);
  b[8] = fi.funcID;
  b[9] = fi.funcFlag;
  // Two bytes of padding to the uint32 boundary.
  dv.setInt32(12, fi.startLine, true);
  dv.setUint32(16, fi.file.length, true);
  fi.file.forEach((f, k) => {
    dv.setUint32(20 + 4 * k, f, true);
  });
  const inlAt = 20 + 4 * fi.file.length;
  dv.setUint32(inlAt, fi.inlTree.length, true);
  fi.inlTree.forEach((n, k) => {
    const at = inlAt + 4 + 24 * k;
    dv.setInt32(at, n.parent, true);
    dv.setUint32(at + 4, n.file, true);
    dv.setInt32(at + 8, n.line, true);
    dv.setUint32(at + 12, n.func.pkg, true);
    dv.setUint32(at + 16, n.func.idx, true);
    dv.setInt32(at + 20, n.parentPC, true);
  });
  return b;
}
