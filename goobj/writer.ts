/**
 * A writer of Go object files in the format goobj/objfile.ts reads (magic `\x00go120ld`), as
 * cmd/internal/goobj's Writer and the block order of cmd/internal/obj's WriteObjFile lay them out
 * (objfile.go), Go 1.26: the text header ending in "\n!\n", the binary header with 19 block
 * offsets, the string table, then the blocks. Numbers only: which symbol goes in which block, and
 * what its kind, relocation and aux numbers are, is the caller's (compiler/obj/objfile.ts).
 */
import { Blocks, type GoAux, type GoReloc, type GoSym, Magic, type SymRef } from "./objfile.js";

/** A definition: its Sym record, relocations, aux symbols and data. */
export interface GoDef extends GoSym {
  relocs: readonly GoReloc[];
  auxs: readonly GoAux[];
  data: Uint8Array;
}

/** A content-addressed definition (Hashed64def, Hasheddef) with its hash (8 or 16 bytes). */
export interface GoHashedDef extends GoDef {
  hash: Uint8Array;
}

/** Everything one object file holds, block by block. */
export interface GoObjContents {
  /** The text header, "\n!\n" excluded (objTextHeader). */
  textHeader: string;
  /** 8 bytes (the export data's fingerprint). */
  fingerprint: Uint8Array;
  /** ObjFlag bits. */
  flags: number;
  autolib: readonly { pkg: string; fingerprint: Uint8Array }[];
  /** Referenced packages; index 0 is "" (the invalid index). */
  pkglist: readonly string[];
  files: readonly string[];
  symdefs: readonly GoDef[];
  hashed64defs: readonly GoHashedDef[];
  hasheddefs: readonly GoHashedDef[];
  nonpkgdefs: readonly GoDef[];
  nonpkgrefs: readonly GoSym[];
  refFlags: readonly { sym: SymRef; flag: number; flag2: number }[];
  refNames: readonly { sym: SymRef; name: string }[];
  /** The string table in the order the object writer adds to it (writer.StringTable); others follow. */
  strings?: readonly string[];
}

/** objabi.HeaderString and gc's printObjHeader: the text header without the closing "\n!\n". */
export function objTextHeader(h: {
  goos: string;
  goarch: string;
  version: string;
  /** archExtra: ["GOAMD64=v1"]. */
  settings: readonly string[];
  experiments: readonly string[];
  buildID?: string;
  /** The package is named main. */
  main: boolean;
}): string {
  const extra = h.settings.map((s) => ` ${s}`).join("");
  let s = `go object ${h.goos} ${h.goarch} ${h.version}${extra} X:${h.experiments.join(",")}\n`;
  if (h.buildID !== undefined && h.buildID !== "") s += `build id ${JSON.stringify(h.buildID)}\n`;
  if (h.main) s += "main\n";
  return `${s}\n`;
}

const utf8 = new TextEncoder();

/** goobj.Writer: appends little-endian integers and bytes, remembers where each string went. */
class Writer {
  private buf: Uint8Array;
  private dv: DataView;
  off = 0;
  private readonly stringMap = new Map<string, [number, number]>();

  /** `size`: what the object will take, about (the buffer grows if it takes more). */
  constructor(size: number) {
    this.buf = new Uint8Array(Math.max(size, 64));
    this.dv = new DataView(this.buf.buffer);
  }

  private room(n: number): void {
    if (this.off + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.off + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.off));
    this.buf = b;
    this.dv = new DataView(b.buffer);
  }

  bytes(b: ArrayLike<number>): void {
    this.room(b.length);
    this.buf.set(b, this.off);
    this.off += b.length;
  }

  uint8(x: number): void {
    this.room(1);
    this.buf[this.off++] = x;
  }

  uint16(x: number): void {
    this.room(2);
    this.dv.setUint16(this.off, x, true);
    this.off += 2;
  }

  uint32(x: number): void {
    this.room(4);
    this.dv.setUint32(this.off, x >>> 0, true);
    this.off += 4;
  }

  /** A signed 64-bit value (relocation addends; safe integers). */
  int64(x: number): void {
    this.room(8);
    const hi = Math.floor(x / 0x1_0000_0000);
    this.dv.setUint32(this.off, x - hi * 0x1_0000_0000, true);
    this.dv.setInt32(this.off + 4, hi, true);
    this.off += 8;
  }

  /** Writer.AddString: the string's bytes, once. */
  addString(s: string): void {
    if (this.stringMap.has(s)) return;
    this.room(3 * s.length);
    const n = utf8.encodeInto(s, this.buf.subarray(this.off)).written;
    this.stringMap.set(s, [this.off, n]);
    this.off += n;
  }

  /** Writer.StringRef: {len, off}. */
  stringRef(s: string): void {
    const at = this.stringMap.get(s);
    if (at === undefined) throw new Error(`goobj writer: string not added: ${JSON.stringify(s)}`);
    this.uint32(at[1]);
    this.uint32(at[0]);
  }

  symRef(r: SymRef): void {
    this.uint32(r.pkg);
    this.uint32(r.idx);
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.off);
  }
}

/** Sym.Write: name, ABI, kind, flags, size, alignment (21 bytes). */
function writeSym(w: Writer, s: GoSym): void {
  w.stringRef(s.name);
  w.uint16(s.abi);
  w.uint8(s.type);
  w.uint8(s.flag);
  w.uint8(s.flag2);
  w.uint32(s.siz);
  w.uint32(s.align);
}

/** The object file's bytes: text header, "\n!\n", then the binary part. */
export function writeGoObj(o: GoObjContents): Uint8Array {
  const lists: readonly (readonly GoDef[])[] = [o.symdefs, o.hashed64defs, o.hasheddefs, o.nonpkgdefs];
  let size = 1024 + 16 * o.files.length + 32 * o.nonpkgrefs.length;
  for (const list of lists) {
    for (const d of list)
      size += 64 + d.name.length + d.data.length + 23 * d.relocs.length + 9 * d.auxs.length;
  }
  const w = new Writer(size);
  // The header, its block offsets filled in at the end.
  const offsets = new Array<number>(Blocks.length).fill(0);
  for (let i = 0; i < Magic.length; i++) w.uint8(Magic.charCodeAt(i));
  if (o.fingerprint.length !== 8) throw new Error("goobj writer: the fingerprint is 8 bytes");
  w.bytes(o.fingerprint);
  w.uint32(o.flags);
  for (const x of offsets) w.uint32(x);

  // The string table: the writer's order first, then whatever else a block names.
  for (const s of o.strings ?? []) w.addString(s);
  w.addString("");
  for (const p of o.autolib) w.addString(p.pkg);
  for (const p of o.pkglist) w.addString(p);
  for (const list of [...lists, o.nonpkgrefs]) for (const s of list) w.addString(s.name);
  for (const f of o.files) w.addString(f);
  for (const r of o.refNames) w.addString(r.name);

  const blk = (name: (typeof Blocks)[number]): void => {
    offsets[Blocks.indexOf(name)] = w.off;
  };
  blk("Autolib");
  for (const p of o.autolib) {
    w.stringRef(p.pkg);
    if (p.fingerprint.length !== 8) throw new Error("goobj writer: an import's fingerprint is 8 bytes");
    w.bytes(p.fingerprint);
  }
  blk("PkgIdx");
  for (const p of o.pkglist) w.stringRef(p);
  blk("File");
  for (const f of o.files) w.stringRef(f);
  blk("Symdef");
  for (const s of o.symdefs) writeSym(w, s);
  blk("Hashed64def");
  for (const s of o.hashed64defs) writeSym(w, s);
  blk("Hasheddef");
  for (const s of o.hasheddefs) writeSym(w, s);
  blk("Nonpkgdef");
  for (const s of o.nonpkgdefs) writeSym(w, s);
  blk("Nonpkgref");
  for (const s of o.nonpkgrefs) writeSym(w, s);
  blk("RefFlags");
  for (const f of o.refFlags) {
    w.symRef(f.sym);
    w.uint8(f.flag);
    w.uint8(f.flag2);
  }
  blk("Hash64");
  for (const s of o.hashed64defs) {
    if (s.hash.length !== 8) throw new Error("goobj writer: a short hash is 8 bytes");
    w.bytes(s.hash);
  }
  blk("Hash");
  for (const s of o.hasheddefs) {
    if (s.hash.length !== 16) throw new Error("goobj writer: a hash is 16 bytes");
    w.bytes(s.hash);
  }
  const index = (count: (d: GoDef) => number): void => {
    let n = 0;
    for (const list of lists) {
      for (const d of list) {
        w.uint32(n);
        n += count(d);
      }
    }
    w.uint32(n);
  };
  blk("RelocIdx");
  index((d) => d.relocs.length);
  blk("AuxIdx");
  index((d) => d.auxs.length);
  blk("DataIdx");
  index((d) => d.data.length);
  blk("Reloc");
  for (const list of lists) {
    for (const d of list) {
      for (const r of d.relocs) {
        w.uint32(r.off);
        w.uint8(r.siz);
        w.uint16(r.type);
        w.int64(r.add);
        w.symRef(r.sym);
      }
    }
  }
  blk("Aux");
  for (const list of lists) {
    for (const d of list) {
      for (const a of d.auxs) {
        w.uint8(a.type);
        w.symRef(a.sym);
      }
    }
  }
  blk("Data");
  for (const list of lists) for (const d of list) w.bytes(d.data);
  blk("RefName");
  for (const r of o.refNames) {
    w.symRef(r.sym);
    w.stringRef(r.name);
  }
  blk("End");

  // Fix up the block offsets in the header.
  const bin = w.done();
  const dv = new DataView(bin.buffer);
  offsets.forEach((x, i) => {
    dv.setUint32(Magic.length + 8 + 4 + 4 * i, x, true);
  });
  const head = utf8.encode(`${o.textHeader}\n!\n`);
  const out = new Uint8Array(head.length + bin.length);
  out.set(head);
  out.set(bin, head.length);
  return out;
}
