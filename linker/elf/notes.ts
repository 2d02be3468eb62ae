/**
 * The two notes Go's linker writes into the first page of a linux executable.
 *
 * Models cmd/link/internal/ld/elf.go: elfgobuildid / elfwritegobuildid (.note.go.buildid: owner
 * "Go\0\0", type ELF_NOTE_GOBUILDID_TAG 4, descriptor = the -buildid string) and elfbuildinfo /
 * elfwritebuildinfo (.note.gnu.build-id: owner "GNU\0", type NT_GNU_BUILD_ID 3, descriptor = the
 * -B bytes). asmbElf reserves the GNU note first, backwards from the end of the page, then the Go
 * one below it, so in the file the Go note comes first.
 */
import { ELF_NOTE_GNU_NAME, ELF_NOTE_GO_NAME, ELF_NOTE_GOBUILDID_TAG, NT_GNU } from "../../elf/constants.js";
import type { ElfLayout, ImageNote, LaidNote } from "./image.js";

export const GO_BUILDID_SECTION = ".note.go.buildid";
export const GNU_BUILDID_SECTION = ".note.gnu.build-id";

/** .note.go.buildid carrying `buildId` (elfwritegobuildid). */
export function goBuildIdNote(buildId: string): ImageNote {
  return {
    section: GO_BUILDID_SECTION,
    name: ELF_NOTE_GO_NAME,
    type: ELF_NOTE_GOBUILDID_TAG,
    desc: new TextEncoder().encode(buildId),
  };
}

/** .note.gnu.build-id carrying `desc` (elfwritebuildinfo). */
export function gnuBuildIdNote(desc: Uint8Array): ImageNote {
  return { section: GNU_BUILDID_SECTION, name: ELF_NOTE_GNU_NAME, type: NT_GNU.BUILD_ID, desc };
}

/**
 * The notes of a Go executable in file order: .note.go.buildid (when `-buildid` is set, that is
 * `goBuildId` non-empty), then .note.gnu.build-id (when the -B bytes are non-empty).
 */
export function goNotes(opts: { goBuildId?: string; gnuBuildId?: Uint8Array }): ImageNote[] {
  const out: ImageNote[] = [];
  if (opts.goBuildId !== undefined && opts.goBuildId !== "") out.push(goBuildIdNote(opts.goBuildId));
  if (opts.gnuBuildId !== undefined && opts.gnuBuildId.length > 0) out.push(gnuBuildIdNote(opts.gnuBuildId));
  return out;
}

/** Where the GNU build-id note landed (its descriptor is what build-id patching rewrites). */
export function gnuBuildIdNoteOf(layout: ElfLayout): LaidNote | undefined {
  return layout.notes.find((n) => n.name === ELF_NOTE_GNU_NAME && n.type === NT_GNU.BUILD_ID);
}
