/**
 * Unix `ar` archives as the Go toolchain writes them (cmd/internal/archive, parseArchive): the
 * `!<arch>\n` magic, then members with a 60-byte text header (name, date, uid, gid, mode, decimal
 * size, "`\n"), data padded to an even length. Go's package archives hold `__.PKGDEF` (export
 * data) and `_go_.o` (the object), plus one member per assembly or cgo object.
 */
import { FormatError } from "../dwarf/errors.js";

export const ArchiveMagic = "!<arch>\n";

export interface ArMember {
  /** The member name, right-padding removed ("__.PKGDEF", "_go_.o"). */
  name: string;
  /** Offset of the member's data in the archive. */
  offset: number;
  data: Uint8Array;
}

const latin1 = new TextDecoder("latin1");

/** Whether `b` starts like an ar archive. */
export function isArchive(b: Uint8Array): boolean {
  return b.length >= 8 && latin1.decode(b.subarray(0, 8)) === ArchiveMagic;
}

/** The members of an archive, in order. Malformed headers or sizes are FormatErrors ("archive"). */
export function readArchive(b: Uint8Array): ArMember[] {
  if (!isArchive(b)) throw new FormatError("archive", 0, "not an ar archive (no !<arch> magic)");
  const out: ArMember[] = [];
  let off = 8;
  while (off < b.length) {
    if (off + 60 > b.length) throw new FormatError("archive", off, "truncated member header");
    const hdr = latin1.decode(b.subarray(off, off + 60));
    if (hdr.slice(58, 60) !== "`\n") throw new FormatError("archive", off, "corrupt member header (no `\\n)");
    const name = hdr.slice(0, 16).trimEnd();
    const sizeText = hdr.slice(48, 58).trim();
    if (!/^\d+$/.test(sizeText))
      throw new FormatError("archive", off + 48, `bad member size ${JSON.stringify(sizeText)}`);
    const size = Number(sizeText);
    const start = off + 60;
    if (start + size > b.length)
      throw new FormatError(
        "archive",
        off + 48,
        `member ${name} of ${size} bytes runs past the end (${b.length - start} left)`,
      );
    out.push({ name, offset: start, data: b.subarray(start, start + size) });
    off = start + size + (size & 1);
  }
  return out;
}

/**
 * An archive of `members`, as the compiler writes a package archive (gc's finishArchiveEntry,
 * archive.FormatHeader): each header `%-16s%-12d%-6d%-6d%-8o%-10d` then "`\n", data padded to an
 * even length.
 */
export function writeArchive(members: readonly { name: string; data: Uint8Array }[]): Uint8Array {
  const enc = new TextEncoder();
  const pad = (s: string | number, n: number): string => String(s).padEnd(n, " ");
  let n = ArchiveMagic.length;
  for (const m of members) n += 60 + m.data.length + (m.data.length & 1);
  const out = new Uint8Array(n);
  out.set(enc.encode(ArchiveMagic));
  let off = ArchiveMagic.length;
  for (const m of members) {
    if (m.name.length > 16) throw new Error(`archive member name ${m.name} is longer than 16 bytes`);
    const hdr = `${pad(m.name, 16)}${pad(0, 12)}${pad(0, 6)}${pad(0, 6)}${pad("644", 8)}${pad(m.data.length, 10)}\`\n`;
    out.set(enc.encode(hdr), off);
    out.set(m.data, off + 60);
    off += 60 + m.data.length + (m.data.length & 1);
  }
  return out;
}
