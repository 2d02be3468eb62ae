/**
 * godwarf/dwarf: the DWARF format as Go 1.26 writes it (cmd/internal/dwarf and the location-list
 * writers of cmd/compile/internal/ssa/debug.go), and a reader for what Go, GCC and Clang emit.
 */
export * from "./abbrev.js";
export * from "./bytebuf.js";
export * from "./constants.js";
export * from "./context.js";
export * from "./errors.js";
export * from "./funcs.js";
export * from "./leb128.js";
export * from "./loclist.js";
export * from "./memctxt.js";
export * from "./putattr.js";
export * from "./putvar.js";
export * from "./ranges.js";
export * from "./read/abbrev.js";
export * from "./read/cursor.js";
export * from "./read/dwarfdata.js";
export * from "./read/expr.js";
export * from "./read/forms.js";
export * from "./read/frame.js";
export * from "./read/info.js";
export * from "./read/line.js";
export * from "./read/lists.js";
export * from "./read/model.js";
export * from "./read/sections.js";
