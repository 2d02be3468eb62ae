/**
 * ELF notes (SHT_NOTE sections, PT_NOTE segments): the GNU build id, Go's build id and the rest.
 *
 * Models cmd/internal/buildid/note.go (readELFNote: namesz, descsz, type, then the padded name and
 * descriptor) and binutils' readelf process_notes_at for 8-byte aligned notes (GNU properties).
 */
import { Cursor, decodeUtf8 } from "../dwarf/read/cursor.js";
import { ELF_NOTE_GOBUILDID_TAG, NT_GNU } from "./constants.js";

export interface ElfNote {
  /** Owner, without trailing NULs ("GNU", "Go"). */
  name: string;
  type: number;
  /** Descriptor bytes (a view into the file). */
  desc: Uint8Array;
  /** Where the note starts within its section or segment. */
  offset: number;
  /** The section (".note.gnu.build-id") or segment ("PT_NOTE[3]") it came from. */
  section: string;
}

/**
 * Parses the notes in one section or segment. `align` is 4, or 8 for sections aligned to 8 (the
 * name and descriptor are then padded to 8 bytes, as readelf reads them).
 */
export function parseNotes(bytes: Uint8Array, section: string, littleEndian: boolean, align = 4): ElfNote[] {
  const a = align === 8 ? 8 : 4;
  const c = new Cursor(bytes, section, littleEndian);
  const notes: ElfNote[] = [];
  while (c.remaining > 0) {
    const offset = c.pos;
    const namesz = c.u32("note namesz");
    const descsz = c.u32("note descsz");
    const type = c.u32("note type");
    const nameBytes = c.bytesN(namesz, "note name");
    c.skip(pad(c.pos - offset, a), "note name padding");
    const desc = c.bytesN(descsz, "note descriptor");
    // The padding after the last descriptor may be missing; a truncated one is not an error.
    c.seek(Math.min(c.end, c.pos + pad(c.pos - offset, a)));
    let n = nameBytes.length;
    while (n > 0 && nameBytes[n - 1] === 0) n--;
    notes.push({ name: decodeUtf8(nameBytes.subarray(0, n)), type, desc, offset, section });
  }
  return notes;
}

function pad(n: number, a: number): number {
  return (a - (n % a)) % a;
}

/** Lowercase hex of a byte string. */
export function toHex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += b[i]!.toString(16).padStart(2, "0");
  return s;
}

/** The GNU build id (NT_GNU_BUILD_ID) as lowercase hex, if there is one. */
export function gnuBuildId(notes: readonly ElfNote[]): string | undefined {
  const n = notes.find((x) => x.name === "GNU" && x.type === NT_GNU.BUILD_ID);
  return n === undefined ? undefined : toHex(n.desc);
}

/** Go's build id (owner "Go", type 4, the `-buildid` string), if there is one. */
export function goBuildId(notes: readonly ElfNote[]): string | undefined {
  const n = notes.find((x) => x.name === "Go" && x.type === ELF_NOTE_GOBUILDID_TAG);
  return n === undefined ? undefined : decodeUtf8(n.desc);
}
