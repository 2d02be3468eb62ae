/**
 * cmd/compile/internal/dwarfgen, Go 1.26: the compiler's side of DWARF generation over the IR.
 * Info is the Link.DebugInfo hook, AbstractFunc the GenAbstractFunc hook; RecordFlags and
 * RecordPackageName write the compile unit's producer and package-name records.
 */
export { AbstractFunc, assembleInlines } from "./inline.js";
export { addUseTypeRelocs, Info } from "./info.js";
export { GcMainRecordedFlags, RecordFlags, type RecordFlagsOptions, RecordPackageName } from "./flags.js";
export { assembleScopes, compactScopes, findScope, scopePCs, scopeVariables } from "./scope.js";
export { createDwarfVars, IsVarWantedForDebug, sortDeclsAndVars } from "./vars.js";
