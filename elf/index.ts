/**
 * The ELF container: reading headers, sections, symbols and notes, handing DWARF to dwarf/read, and
 * finding a stripped file's separate debug file.
 */
export * from "./compress.js";
export * from "./constants.js";
export * from "./crc32.js";
export * from "./debuglink.js";
export * from "./notes.js";
export * from "./reader.js";
