/**
 * godwarf/linker: cmd/link's side, Go 1.26. `link` lays compiled objects' DWARF out as
 * dwarfGenerateDebugInfo / dwarfGenerateDebugSyms do and relocates it; `linkElf` turns that into a
 * linux/amd64 executable laid out as Go's linker lays it out, with compression and build IDs.
 */
export * from "./buildid.js";
export * from "./compress.js";
export { newGoTypes, goTypes } from "./dwarf/types.js";
export type { DwarfTypeGen } from "./dwarf/typeseam.js";
export * from "./elf/debugfile.js";
export * from "./elf/debuglink.js";
export * from "./elf/describe.js";
export * from "./elf/image.js";
export * from "./elf/notes.js";
export * from "./elf/write.js";
export * from "./external.js";
export * from "./link.js";
export { LinkError, type LinkObject } from "./load.js";
export * from "./output.js";
export * from "./sourcelink.js";
