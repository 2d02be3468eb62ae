/**
 * godwarf/compiler: cmd/compile's DWARF generation, Go 1.26. `compile` turns a program IR (ir.ts,
 * validated by ir-validate.ts) into the package's object: text symbols with their anonymous
 * SDWARF* aux symbols and the named DWARF records, as obj (obj/) and dwarfgen (dwarfgen/) write
 * them. obj/objfile.ts writes it as the Go object file cmd/compile would; objfile/ reads, writes
 * and explains it as JSON.
 */
export * from "./dwarfgen/index.js";
export type { CurFunc } from "./gc/curfn.js";
export { type CompileOptions, compile, type ObjFile } from "./gc/compile.js";
export type * from "./ir.js";
export * from "./ir-validate.js";
export { DwarfAbstractFunc, DwarfGlobal, DwarfIntConst, dwarfSym, populateDWARF } from "./obj/dwarf.js";
export { dwCtxt, FuncCountToDwTxtAddrFlavor } from "./obj/dwctxt.js";
export { DwarfFixupTable } from "./obj/fixups.js";
export { generateDebugLinesSymbol, putpclcdelta } from "./obj/lines.js";
export { CompileError, Link, type LinkOptions } from "./obj/link.js";
export { Attr, attrNames, type FuncInfo, LSym, type Prog, type Reloc } from "./obj/lsym.js";
export { WriteObjFile, type WrittenObj } from "./obj/objfile.js";
export * from "./objfile/index.js";
export * from "./profile.js";
