/**
 * The compiled object as data: JSON in and out (json.ts, read.ts), a deterministic symbol table
 * with readable labels (symtab.ts), and objdump (dump.ts) over the dwarf/read decoders
 * (decode.ts).
 */
export { DecodeEnv, type DecodedSym, decodeSym, type DumpItem, placeholders } from "./decode.js";
export { type ObjdumpJson, type ObjdumpOptions, objdump, objdumpJson } from "./dump.js";
export { isObjJsonError, ObjJsonError } from "./errors.js";
export { OBJ_FORMAT_VERSION, type ObjJson, objToJson, objToJsonText, type SymbolJson } from "./json.js";
export { type JsonValue, stableJson } from "./jsontext.js";
export { objFromJson, objFromJsonText, parseJsonText } from "./read.js";
export { type SymEntry, type SymRole, type SymTable, symbolTable } from "./symtab.js";
