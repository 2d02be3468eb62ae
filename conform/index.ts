/**
 * godwarf/conform: compares the DWARF sections of two binaries (ours and Go's) byte for byte and
 * decodes the first difference of each, for `godwarf conform`.
 */
export * from "./compare.js";
export * from "./diff.js";
export * from "./locate.js";
export * from "./report.js";
export * from "./sections.js";
export type { DiffSide, Step, StepKind } from "./side.js";
