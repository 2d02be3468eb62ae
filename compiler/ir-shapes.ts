/**
 * The shape of every object of the program IR format (compiler/ir.ts): its required and optional
 * fields, by the name of its definition in ir.schema.json ($defs), and the type kinds. The
 * structural checks of ir-validate.ts read these tables, and ir-validate.test.ts holds them against
 * the schema, so the two cannot drift apart.
 */
/** Required and optional fields of each object, by schema definition name. */
export const IR_SHAPES = {
  IrProgram: {
    required: ["irVersion", "package", "files", "functions"],
    optional: [
      "toolchain",
      "goos",
      "goarch",
      "dwarfVersion",
      "flags",
      "imports",
      "globals",
      "constants",
      "types",
      "source",
    ],
  },
  IrPackage: { required: ["path", "name"], optional: [] },
  IrFlags: {
    required: [],
    optional: [
      "N",
      "l",
      "dwarf",
      "dwarflocationlists",
      "dwarfbasentries",
      "gendwarfinl",
      "B",
      "msan",
      "race",
      "asan",
      "shared",
      "dynlink",
      "smallframes",
      "spectre",
    ],
  },
  IrPos: { required: ["file", "line", "col", "inl"], optional: [] },
  IrProg: { required: ["pc", "pos", "stmt"], optional: ["prologueEnd"] },
  IrInlinedCall: { required: ["parent", "pos", "func"], optional: [] },
  IrMark: { required: ["pos", "scope"], optional: [] },
  IrLocEntry: { required: ["start", "end", "expr"], optional: [] },
  IrDecl: {
    required: ["name", "class", "type", "pos", "frameOffset"],
    optional: [
      "used",
      "autoTmp",
      "wantedForDebug",
      "canSSA",
      "outputParamInRegisters",
      "inlFormal",
      "inlLocal",
      "heapAddrFrameOffset",
      "untyped",
      "dictIndex",
      "paramOrder",
    ],
  },
  IrDebugVar: { required: ["decl", "stackOffset", "list"], optional: [] },
  IrFuncDebug: { required: ["vars"], optional: ["regOutputParams", "optDcl", "debugDcl"] },
  IrClosureVar: { required: ["decl", "offset"], optional: [] },
  IrPcspEntry: { required: ["pc", "spdelta"], optional: [] },
  IrFunction: {
    required: ["name", "abi", "startLine", "pos", "size", "dcl", "progs"],
    optional: [
      "wrapper",
      "static",
      "wasInlined",
      "inlDcl",
      "closureVars",
      "parents",
      "marks",
      "inlTree",
      "debug",
      "autoTypes",
      "pcsp",
    ],
  },
  IrImportedFunc: { required: ["name", "pos", "inlDcl"], optional: ["static"] },
  IrGlobal: { required: ["name", "type"], optional: ["local"] },
  IrConst: { required: ["name", "type", "value"], optional: [] },
  IrType: {
    required: ["kind", "size"],
    optional: ["named", "elem", "key", "len", "dir", "fields", "params", "results", "variadic", "methods"],
  },
  IrStructField: { required: ["name", "type", "offset"], optional: ["embedded"] },
} as const satisfies Record<string, { required: readonly string[]; optional: readonly string[] }>;

export type IrShapeName = keyof typeof IR_SHAPES;

export const IR_TYPE_KINDS = [
  "bool",
  "int",
  "int8",
  "int16",
  "int32",
  "int64",
  "uint",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "uintptr",
  "float32",
  "float64",
  "complex64",
  "complex128",
  "array",
  "chan",
  "func",
  "interface",
  "map",
  "ptr",
  "slice",
  "string",
  "struct",
  "unsafepointer",
] as const;

/** The fields each kind requires (the schema's if/then rules); other kinds' fields are semantic. */
export const KIND_REQUIRES: Readonly<Partial<Record<(typeof IR_TYPE_KINDS)[number], readonly string[]>>> = {
  array: ["elem", "len"],
  chan: ["elem"],
  map: ["key", "elem"],
  ptr: ["elem"],
  slice: ["elem"],
  struct: ["fields"],
  func: ["params", "results"],
};
