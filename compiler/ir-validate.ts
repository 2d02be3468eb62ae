/**
 * Reading a program IR document (compiler/ir.ts) safely: parseIr and validateIr check it against
 * compiler/ir.schema.json by hand (no schema library) and then against the invariants that Go's
 * own compiler data keeps (ir-semantics.ts), so that the compiler model never meets a document that
 * real Go could not have produced. The first problem found is thrown as an IrError naming the file,
 * the JSON pointer of the bad value and what is wrong; the structure of the whole document is
 * checked before any meaning, so a wrongly typed value is always reported where it is.
 */
import { isFormatError } from "../dwarf/errors.js";
import { disassembleExpr } from "../dwarf/read/expr.js";
import { parseJsonWith } from "./json-syntax.js";
import { IrError, ptr, what } from "./ir-error.js";
import { checkSemantics } from "./ir-semantics.js";
import { ARCHES } from "./obj/arch.js";
import { IR_SHAPES, IR_TYPE_KINDS, type IrShapeName, KIND_REQUIRES } from "./ir-shapes.js";
import type { IrProgram } from "./ir.js";

export { IrError, isIrError } from "./ir-error.js";
export { IR_SHAPES, IR_TYPE_KINDS, type IrShapeName, KIND_REQUIRES } from "./ir-shapes.js";

/** Parses and validates the text of an IR document; JSON syntax errors name the line and column. */
export function parseIr(text: string, file: string): IrProgram {
  return validateIr(
    parseJsonWith(text, (problem) => new IrError(file, "", problem)),
    file,
  );
}

/** Validates a parsed IR document (from `file`, for messages) and returns it typed. */
export function validateIr(doc: unknown, file: string): IrProgram {
  new Structure(file).program(doc);
  const program = doc as IrProgram;
  checkSemantics(program, file);
  return program;
}

const MAX = Number.MAX_SAFE_INTEGER;
/** cmd/compile's types.MaxWidth on 64-bit targets: no type is larger. */
export const MAX_TYPE_SIZE = 2 ** 50;
/** One function's code, and a package's: the model's .text is one buffer of at most 1 GiB. */
export const MAX_TEXT_SIZE = 2 ** 30;
/** How deep types may nest (the compiler and linker walk type graphs on the JavaScript stack). */
export const MAX_TYPE_DEPTH = 512;
/** A named type's method count is a uint16 in the runtime's uncommontype (mcount). */
export const MAX_METHODS = 0xffff;
type Obj = Record<string, unknown>;

/** The structural checks: JSON types, required and unknown fields, enums, ranges and patterns. */
class Structure {
  constructor(readonly file: string) {}

  fail(path: string, problem: string): never {
    throw new IrError(this.file, path, problem);
  }

  obj(v: unknown, path: string, shape: IrShapeName): Obj {
    if (typeof v !== "object" || v === null || Array.isArray(v))
      this.fail(path, `expected an object, found ${what(v)}`);
    const o = v as Obj;
    const { required, optional } = IR_SHAPES[shape];
    for (const k of Object.keys(o)) {
      if (!(required as readonly string[]).includes(k) && !(optional as readonly string[]).includes(k))
        this.fail(ptr(path, k), `unknown field "${k}" in ${shape}`);
    }
    for (const k of required) if (!Object.hasOwn(o, k)) this.fail(path, `missing field "${k}" in ${shape}`);
    return o;
  }

  arr(v: unknown, path: string, minItems = 0): unknown[] {
    if (!Array.isArray(v)) this.fail(path, `expected an array, found ${what(v)}`);
    if (v.length < minItems) this.fail(path, `expected at least ${minItems} item(s), found none`);
    return v;
  }

  str(v: unknown, path: string, pattern?: RegExp, patternName?: string): string {
    if (typeof v !== "string") this.fail(path, `expected a string, found ${what(v)}`);
    if (v === "") this.fail(path, "expected a non-empty string");
    if (pattern !== undefined && !pattern.test(v)) this.fail(path, `${what(v)} is not ${patternName}`);
    return v;
  }

  bool(v: unknown, path: string): boolean {
    if (typeof v !== "boolean") this.fail(path, `expected true or false, found ${what(v)}`);
    return v;
  }

  int(v: unknown, path: string, min = 0, max = MAX): number {
    if (typeof v !== "number" || !Number.isSafeInteger(v))
      this.fail(path, `expected an integer, found ${what(v)}`);
    if (v < min || v > max) this.fail(path, `${v} is out of range (${min} to ${max})`);
    return v;
  }

  oneOf(v: unknown, path: string, allowed: readonly (string | number)[]): void {
    if (!allowed.includes(v as string | number))
      this.fail(
        path,
        `expected one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, found ${what(v)}`,
      );
  }

  /** An optional field: `check` runs only when the field is present. */
  opt(o: Obj, key: string, path: string, check: (v: unknown, p: string) => void): void {
    if (Object.hasOwn(o, key)) check(o[key], ptr(path, key));
  }

  each(v: unknown, path: string, check: (v: unknown, p: string) => void, minItems = 0): void {
    this.arr(v, path, minItems).forEach((x, i) => {
      check(x, ptr(path, i));
    });
  }

  program(v: unknown): void {
    const o = this.obj(v, "", "IrProgram");
    this.oneOf(o.irVersion, "/irVersion", [1]);
    this.opt(o, "toolchain", "", (x, p) => this.str(x, p, /^go1\.\d+$/, 'a Go release like "go1.26"'));
    const pkg = this.obj(o.package, "/package", "IrPackage");
    this.str(pkg.path, "/package/path");
    this.str(pkg.name, "/package/name", /^[\p{L}_][\p{L}\p{Nd}_]*$/u, "a Go identifier");
    this.opt(o, "goos", "", (x, p) => this.oneOf(x, p, ["linux"]));
    this.opt(o, "goarch", "", (x, p) => this.oneOf(x, p, Object.keys(ARCHES)));
    this.opt(o, "dwarfVersion", "", (x, p) => this.oneOf(x, p, [4, 5]));
    this.opt(o, "flags", "", (x, p) => this.flags(x, p));
    this.each(o.files, "/files", (x, p) => this.str(x, p));
    this.each(o.functions, "/functions", (x, p) => this.function(x, p));
    let text = 0;
    (o.functions as { size: number }[]).forEach((f, i) => {
      text += f.size;
      if (text > MAX_TEXT_SIZE)
        this.fail(
          `/functions/${i}/size`,
          `the functions so far need ${text} bytes of code, more than the ${MAX_TEXT_SIZE} a .text section of the model holds`,
        );
    });
    this.opt(o, "imports", "", (x, p) => this.each(x, p, (y, q) => this.imported(y, q)));
    this.opt(o, "globals", "", (x, p) => this.each(x, p, (y, q) => this.global(y, q)));
    this.opt(o, "constants", "", (x, p) => this.each(x, p, (y, q) => this.constant(y, q)));
    this.opt(o, "types", "", (x, p) => {
      this.types(x, p);
      this.typeGraph(x as Record<string, Obj>);
    });
    this.opt(o, "source", "", (x, p) => this.str(x, p));
    this.opt(o, "origin", "", (x, p) => this.str(x, p));
  }

  flags(v: unknown, path: string): void {
    const o = this.obj(v, path, "IrFlags");
    for (const k of ["N", "l"]) this.opt(o, k, path, (x, p) => this.int(x, p));
    this.opt(o, "gendwarfinl", path, (x, p) => this.int(x, p, 0, 2));
    this.opt(o, "spectre", path, (x, p) => this.str(x, p));
    for (const k of IR_SHAPES.IrFlags.optional) {
      if (k !== "N" && k !== "l" && k !== "gendwarfinl" && k !== "spectre")
        this.opt(o, k, path, (x, p) => this.bool(x, p));
    }
  }

  pos(v: unknown, path: string): void {
    const o = this.obj(v, path, "IrPos");
    this.int(o.file, ptr(path, "file"));
    this.int(o.line, ptr(path, "line"));
    this.int(o.col, ptr(path, "col"));
    this.int(o.inl, ptr(path, "inl"), -1);
    this.opt(o, "absLine", path, (x, p) => this.int(x, p));
    this.opt(o, "absCol", path, (x, p) => this.int(x, p));
    if ((o.absLine === undefined) !== (o.absCol === undefined))
      this.fail(path, "absLine and absCol are given together");
  }

  function(v: unknown, path: string): void {
    const o = this.obj(v, path, "IrFunction");
    const at = (k: string): string => ptr(path, k);
    this.str(o.name, at("name"));
    this.oneOf(o.abi, at("abi"), ["ABIInternal", "ABI0"]);
    for (const k of ["wrapper", "static", "wasInlined"]) this.opt(o, k, path, (x, p) => this.bool(x, p));
    this.int(o.startLine, at("startLine"), 1);
    this.opt(o, "dwTextCount", path, (x, p) => this.int(x, p, 1));
    this.pos(o.pos, at("pos"));
    this.int(o.size, at("size"), 0, MAX_TEXT_SIZE);
    this.each(o.dcl, at("dcl"), (x, p) => this.decl(x, p));
    this.opt(o, "inlDcl", path, (x, p) => this.each(x, p, (y, q) => this.decl(y, q)));
    this.opt(o, "closureVars", path, (x, p) =>
      this.each(x, p, (y, q) => {
        const c = this.obj(y, q, "IrClosureVar");
        this.int(c.decl, ptr(q, "decl"));
        this.int(c.offset, ptr(q, "offset"), 1);
      }),
    );
    this.opt(o, "parents", path, (x, p) => this.each(x, p, (y, q) => this.int(y, q)));
    this.opt(o, "marks", path, (x, p) =>
      this.each(x, p, (y, q) => {
        const m = this.obj(y, q, "IrMark");
        this.pos(m.pos, ptr(q, "pos"));
        this.int(m.scope, ptr(q, "scope"));
      }),
    );
    this.opt(o, "inlTree", path, (x, p) =>
      this.each(x, p, (y, q) => {
        const c = this.obj(y, q, "IrInlinedCall");
        this.int(c.parent, ptr(q, "parent"), -1);
        this.pos(c.pos, ptr(q, "pos"));
        this.str(c.func, ptr(q, "func"));
      }),
    );
    this.each(o.progs, at("progs"), (x, p) => this.prog(x, p), 1);
    this.opt(o, "debug", path, (x, p) => this.debug(x, p));
    this.opt(o, "autoTypes", path, (x, p) => this.each(x, p, (y, q) => this.str(y, q)));
    this.opt(o, "autot", path, (x, p) => this.each(x, p, (y, q) => this.str(y, q)));
    this.opt(o, "pcsp", path, (x, p) =>
      this.each(x, p, (y, q) => {
        const e = this.obj(y, q, "IrPcspEntry");
        this.int(e.pc, ptr(q, "pc"));
        this.int(e.spdelta, ptr(q, "spdelta"), -MAX);
      }),
    );
  }

  prog(v: unknown, path: string): void {
    const o = this.obj(v, path, "IrProg");
    this.int(o.pc, ptr(path, "pc"));
    this.pos(o.pos, ptr(path, "pos"));
    this.oneOf(o.stmt, ptr(path, "stmt"), ["default", "is", "not"]);
    this.opt(o, "prologueEnd", path, (x, p) => this.bool(x, p));
  }

  decl(v: unknown, path: string): void {
    const o = this.obj(v, path, "IrDecl");
    this.str(o.name, ptr(path, "name"));
    this.oneOf(o.class, ptr(path, "class"), ["auto", "param", "result", "autoheap", "extern", "func"]);
    this.str(o.type, ptr(path, "type"));
    this.pos(o.pos, ptr(path, "pos"));
    this.int(o.frameOffset, ptr(path, "frameOffset"), -MAX);
    for (const k of [
      "used",
      "autoTmp",
      "wantedForDebug",
      "canSSA",
      "outputParamInRegisters",
      "inlFormal",
      "inlLocal",
      "untyped",
      "ssaType",
    ])
      this.opt(o, k, path, (x, p) => this.bool(x, p));
    this.opt(o, "heapAddrFrameOffset", path, (x, p) => this.int(x, p, -MAX));
    this.opt(o, "dictIndex", path, (x, p) => this.int(x, p, 0, 0xffff));
    this.opt(o, "paramOrder", path, (x, p) => this.int(x, p, 1));
    this.opt(o, "scopePos", path, (x, p) => this.pos(x, p));
    this.opt(o, "size", path, (x, p) => this.int(x, p, -1));
  }

  debug(v: unknown, path: string): void {
    const o = this.obj(v, path, "IrFuncDebug");
    this.each(o.vars, ptr(path, "vars"), (x, p) => {
      const d = this.obj(x, p, "IrDebugVar");
      this.int(d.decl, ptr(p, "decl"));
      this.int(d.stackOffset, ptr(p, "stackOffset"), -MAX);
      this.opt(d, "slots", p, (x, q) => this.each(x, q, (y, r) => this.int(y, r)));
      this.each(d.list, ptr(p, "list"), (y, q) => {
        const e = this.obj(y, q, "IrLocEntry");
        this.int(e.start, ptr(q, "start"));
        this.int(e.end, ptr(q, "end"));
        this.str(e.expr, ptr(q, "expr"), /^(?:[0-9a-f]{2})+$/, "lowercase hex bytes");
        this.expr(e.expr as string, ptr(q, "expr"));
      });
    });
    for (const k of ["regOutputParams", "optDcl"])
      this.opt(o, k, path, (x, p) => this.each(x, p, (y, q) => this.int(y, q)));
    this.opt(o, "debugDcl", path, (x, p) => this.each(x, p, (y, q) => this.decl(y, q)));
  }

  /** A location expression must decode (linux/amd64: 8-byte addresses, 32-bit DWARF). */
  expr(hex: string, path: string): void {
    const bytes = Uint8Array.from(hex.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
    try {
      disassembleExpr(bytes, { addressSize: 8, offsetSize: 4, littleEndian: true });
    } catch (e) {
      if (!isFormatError(e)) throw e;
      this.fail(path, `does not decode as a DWARF expression: byte ${e.offset}: ${e.problem}`);
    }
  }

  imported(v: unknown, path: string): void {
    const o = this.obj(v, path, "IrImportedFunc");
    this.str(o.name, ptr(path, "name"));
    this.pos(o.pos, ptr(path, "pos"));
    this.each(o.inlDcl, ptr(path, "inlDcl"), (x, p) => this.decl(x, p));
    this.opt(o, "static", path, (x, p) => this.bool(x, p));
  }

  global(v: unknown, path: string): void {
    const o = this.obj(v, path, "IrGlobal");
    this.str(o.name, ptr(path, "name"));
    this.str(o.type, ptr(path, "type"));
    this.opt(o, "local", path, (x, p) => this.bool(x, p));
  }

  constant(v: unknown, path: string): void {
    const o = this.obj(v, path, "IrConst");
    this.str(o.name, ptr(path, "name"), /^[\p{L}_][\p{L}\p{Nd}_]*$/u, "a Go identifier");
    this.str(o.type, ptr(path, "type"));
    const p = ptr(path, "value");
    if (typeof o.value === "string") this.str(o.value, p, /^-?(?:0|[1-9][0-9]*)$/, "a decimal integer");
    else this.int(o.value, p, -MAX);
  }

  /**
   * The type graph, walked without recursion: no type may contain itself by value (through struct
   * fields and array elements: its size would be infinite), and no chain of types may nest deeper
   * than {@link MAX_TYPE_DEPTH}, which the compiler and linker walk on the JavaScript stack.
   */
  typeGraph(types: Record<string, Obj>): void {
    const edges = (name: string): [string, string][] => {
      const t = types[name];
      if (t === undefined) return [];
      const at = ptr("/types", name);
      const out: [string, string][] = [];
      for (const k of ["elem", "key"]) if (typeof t[k] === "string") out.push([t[k] as string, ptr(at, k)]);
      (t.fields as Obj[] | undefined)?.forEach((f, i) => {
        out.push([f.type as string, ptr(ptr(ptr(at, "fields"), i), "type")]);
      });
      for (const k of ["params", "results"])
        (t[k] as string[] | undefined)?.forEach((x, i) => {
          out.push([x, ptr(ptr(at, k), i)]);
        });
      (t.imethods as Obj[] | undefined)?.forEach((m, i) => {
        out.push([m.type as string, ptr(ptr(ptr(at, "imethods"), i), "type")]);
      });
      return out;
    };
    const byValue = (name: string): [string, string][] => {
      const t = types[name];
      if (t?.kind === "array") return edges(name).filter(([, p]) => p.endsWith("/elem"));
      if (t?.kind === "struct") return edges(name).filter(([, p]) => /\/fields\/\d+\/type$/.test(p));
      return [];
    };
    // Containment by value: an iterative DFS with colours finds a cycle.
    const colour = new Map<string, 1 | 2>();
    for (const root of Object.keys(types).sort()) {
      if (colour.has(root)) continue;
      const stack: { name: string; next: [string, string][]; i: number }[] = [
        { name: root, next: byValue(root), i: 0 },
      ];
      colour.set(root, 1);
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const e = top.next[top.i++];
        if (e === undefined) {
          colour.set(top.name, 2);
          stack.pop();
          continue;
        }
        const [to, p] = e;
        const c = colour.get(to);
        if (c === 1) {
          const cycle = [...stack.slice(stack.findIndex((f) => f.name === to)).map((f) => f.name), to];
          this.fail(
            p,
            `type ${to} contains itself by value (${cycle.join(" → ")}): its size would be infinite`,
          );
        }
        if (c === undefined && types[to] !== undefined) {
          colour.set(to, 1);
          stack.push({ name: to, next: byValue(to), i: 0 });
        }
      }
    }
    // Nesting: the depth of a walk that visits each type once, as the compiler's and linker's do.
    const seen = new Set<string>();
    for (const root of Object.keys(types).sort()) {
      if (seen.has(root)) continue;
      seen.add(root);
      const stack: { next: [string, string][]; i: number }[] = [{ next: edges(root), i: 0 }];
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const e = top.next[top.i++];
        if (e === undefined) {
          stack.pop();
          continue;
        }
        const [to, p] = e;
        if (seen.has(to) || types[to] === undefined) continue;
        seen.add(to);
        if (stack.length >= MAX_TYPE_DEPTH)
          this.fail(p, `types nest more than ${MAX_TYPE_DEPTH} deep here (from ${root})`);
        stack.push({ next: edges(to), i: 0 });
      }
    }
  }

  types(v: unknown, path: string): void {
    if (typeof v !== "object" || v === null || Array.isArray(v))
      this.fail(path, `expected an object, found ${what(v)}`);
    for (const [name, t] of Object.entries(v)) {
      const p = ptr(path, name);
      if (name === "") this.fail(p, "a type name must not be empty");
      this.type(t, p);
    }
  }

  type(v: unknown, path: string): void {
    const o = this.obj(v, path, "IrType");
    const at = (k: string): string => ptr(path, k);
    this.oneOf(o.kind, at("kind"), IR_TYPE_KINDS);
    this.int(o.size, at("size"), 0, MAX_TYPE_SIZE);
    for (const k of ["named", "variadic"]) this.opt(o, k, path, (x, p) => this.bool(x, p));
    for (const k of ["elem", "key"]) this.opt(o, k, path, (x, p) => this.str(x, p));
    this.opt(o, "len", path, (x, p) => this.int(x, p, 0, MAX_TYPE_SIZE));
    this.opt(o, "methods", path, (x, p) => this.int(x, p, 0, MAX_METHODS));
    this.opt(o, "dir", path, (x, p) => this.oneOf(x, p, ["both", "send", "recv"]));
    this.opt(o, "fields", path, (x, p) =>
      this.each(x, p, (y, q) => {
        const f = this.obj(y, q, "IrStructField");
        this.str(f.name, ptr(q, "name"));
        this.str(f.type, ptr(q, "type"));
        this.int(f.offset, ptr(q, "offset"));
        this.opt(f, "embedded", q, (z, r) => this.bool(z, r));
      }),
    );
    for (const k of ["params", "results"])
      this.opt(o, k, path, (x, p) => this.each(x, p, (y, q) => this.str(y, q)));
    this.opt(o, "imethods", path, (x, p) =>
      this.each(x, p, (y, q) => {
        const m = this.obj(y, q, "IrImethod");
        this.str(m.name, ptr(q, "name"), /^[\p{L}_][\p{L}\p{Nd}_]*$/u, "a Go identifier");
        this.str(m.type, ptr(q, "type"));
        this.opt(m, "pkg", q, (z, r) => this.str(z, r));
      }),
    );
    for (const k of KIND_REQUIRES[o.kind as (typeof IR_TYPE_KINDS)[number]] ?? [])
      if (!Object.hasOwn(o, k)) this.fail(path, `missing field "${k}", which kind ${o.kind} requires`);
  }
}
