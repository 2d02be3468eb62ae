/** The ELF container: reading headers, sections, symbols and notes, and handing DWARF to dwarf/read. */
export * from "./compress.js";
export * from "./constants.js";
export * from "./notes.js";
export * from "./reader.js";
