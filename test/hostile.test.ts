/**
 * Hostile inputs built to exceed each documented limit (issue #9), generated here (no committed
 * blobs): decompression bombs spread over many sections, call-frame programs that remember state
 * without end or multiply rows by registers, huge, sparse and endless files, and JSON that is not
 * JSON. Each case runs the CLI in-process and must end within 10 seconds and 1 GiB with exit 0, or
 * exit 1 and one line `godwarf: FILE: where: problem`.
 */
import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/runcli.test-util.js";
import { SHF, SHT } from "../elf/constants.js";
import { buildElf, ByteWriter, chdrSection, type TestSection } from "../elf/testimage.test-util.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "godwarf-hostile-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLE_IR = join(import.meta.dirname, "..", "testdata", "ir", "sample.json");

/** Runs the CLI and checks the promised outcome; returns the run. */
function hostile(args: string[], file: string, want: "error" | "either" = "either") {
  const t0 = performance.now();
  const r = cli(...args);
  const ms = performance.now() - t0;
  expect(ms, `${args.join(" ")} took ${ms} ms`).toBeLessThan(10_000);
  expect(process.memoryUsage().rss).toBeLessThan(2 ** 30);
  if (want === "error" || r.status !== 0) {
    expect(r.status, r.err).toBe(1);
    const esc = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    expect(r.err).toMatch(new RegExp(`^godwarf: ${esc}: [^\\n:]+: [^\\n]+\\n$`));
    expect(r.err).not.toMatch(/internal error|\bE[A-Z]{3,}\b/);
  }
  return r;
}

function file(name: string, bytes: Uint8Array | string): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

/** An ELF64 file with `sections` (a .debug_info is added when missing, so it is DWARF). */
function elfWith(sections: TestSection[]): Uint8Array {
  return buildElf({ cls: 2, le: true, type: 2, machine: 62, sections });
}

// ---- .debug_frame programs ----

function uleb(w: ByteWriter, v: number): void {
  do {
    let b = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) b |= 0x80;
    w.u8(b);
  } while (v !== 0);
}

/** A .debug_frame with one CIE (`cieOps`) and `fdes` FDEs, each with `fdeOps`. */
function debugFrame(cieOps: Uint8Array, fdeOps: Uint8Array, fdes: number): Uint8Array {
  const w = new ByteWriter(true);
  const cie = new ByteWriter(true);
  cie.u32(0xffffffff).u8(1).u8(0); // CIE id, version 1, augmentation ""
  uleb(cie, 1); // code alignment
  cie.u8(0x78); // data alignment -8 (sleb)
  cie.u8(16); // return address register
  cie.bytes(cieOps);
  const cieBytes = cie.done();
  const pad = (n: number) => (4 - (n % 4)) % 4;
  w.u32(cieBytes.length + pad(cieBytes.length))
    .bytes(cieBytes)
    .bytes(new Uint8Array(pad(cieBytes.length)));
  for (let i = 0; i < fdes; i++) {
    const body = 4 + 16 + fdeOps.length;
    const p = pad(body);
    w.u32(body + p)
      .u32(0)
      .u64(0x401000 + i * 0x100)
      .u64(0x100)
      .bytes(fdeOps)
      .bytes(new Uint8Array(p).fill(0));
  }
  return w.done();
}

/** `n` copies of `op`. */
function repeat(op: number[], n: number): Uint8Array {
  const out = new Uint8Array(op.length * n);
  for (let i = 0; i < n; i++) out.set(op, i * op.length);
  return out;
}

/** DW_CFA_offset_extended r, 1 for registers 0..n-1. */
function registerRules(n: number): Uint8Array {
  const w = new ByteWriter(true);
  for (let r = 0; r < n; r++) {
    w.u8(0x05);
    uleb(w, r);
    uleb(w, 1);
  }
  return w.done();
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const frameCases: [string, () => Uint8Array][] = [
  ["remember_state 100,000 deep", () => debugFrame(new Uint8Array(0), repeat([0x0a], 100_000), 1)],
  [
    "remember_state with 1,000 registers, 120 KB",
    () => debugFrame(new Uint8Array(0), concat(registerRules(1000), repeat([0x0a, 0x0b], 60_000)), 1),
  ],
  ["2,000 registers with rules", () => debugFrame(new Uint8Array(0), registerRules(2000), 1)],
  [
    "rows times registers: 500 rules, then 40,000 advances each changing one",
    () => debugFrame(new Uint8Array(0), concat(registerRules(500), repeat([0x41, 0x07, 0x03], 40_000)), 1),
  ],
  [
    "rows that change nothing: 120,000 advances",
    () => debugFrame(new Uint8Array(0), repeat([0x41], 120_000), 1),
  ],
  [
    "a CIE of 1,000 rules shared by 6,000 FDEs advancing 4 times",
    () => debugFrame(registerRules(1000), repeat([0x41, 0x07, 0x01], 4), 6_000),
  ],
  [
    "a CIE that remembers 100,000 times, shared by 3,000 FDEs",
    () => debugFrame(repeat([0x0a], 100_000), repeat([0x41], 2), 3_000),
  ],
  ["advance_loc in a CIE", () => debugFrame(repeat([0x41], 10), repeat([0x41], 2), 2)],
];

describe("call-frame programs built to exceed the limits", () => {
  it.each(frameCases)("%s", (name, make) => {
    const frame = make();
    const f = file(
      `frame-${name.replace(/\W+/g, "-")}`,
      elfWith([{ name: ".debug_frame", type: SHT.PROGBITS, data: frame }]),
    );
    hostile(["dump", "--frame", f], f);
    hostile(["dump", "--frame", "--json", f], f);
  });
});

// ---- decompression ----

describe("decompression: one budget for the whole file", () => {
  const zeros = new Uint8Array(8 << 20);
  const names = [
    ".debug_info",
    ".debug_abbrev",
    ".debug_line",
    ".debug_str",
    ".debug_ranges",
    ".debug_loc",
    ".debug_frame",
  ];
  const compressed = (n: number, declared?: number) =>
    names.slice(0, n).map((name) => ({
      name,
      type: SHT.PROGBITS,
      flags: SHF.COMPRESSED,
      data: chdrSection(2, true, zeros, declared === undefined ? {} : { declaredSize: declared }),
    }));

  it("seven sections of 8 MiB each from a 60 KB file: over the budget, a clean error", () => {
    const f = file("bomb7", elfWith(compressed(7)));
    const r = hostile(["dump", "--line", f], f, "error");
    expect(r.err).toMatch(/decompression budget/);
  });

  it("seven sections each declaring just under 1 GiB: refused before inflating", () => {
    const f = file("bomb7g", elfWith(compressed(7, 2 ** 30 - 1)));
    hostile(["dump", f], f, "error");
  });

  it("--max-decompressed raises the budget, and lowers it", () => {
    const f = file("bomb2", elfWith(compressed(2)));
    expect(hostile(["dump", "--info", f], f, "error").err).toMatch(/decompression budget/);
    // Inflated, the zeros are no DWARF unit: an error, but not the budget's.
    expect(hostile(["dump", "--info", "--max-decompressed", "64M", f], f).err).not.toMatch(/budget/);
    const low = hostile(["dump", "--info", "--max-decompressed", "1K", f], f, "error");
    expect(low.err).toMatch(/budget 0x400/);
    expect(cli("dump", "--max-decompressed", "lots", f).status).toBe(2);
  });
});

// ---- huge, sparse and endless files ----

describe("huge, sparse and endless files", () => {
  /** A sparse file of `size` bytes beginning with `head`. */
  function sparse(name: string, size: number, head: Uint8Array): string {
    const p = join(dir, name);
    const fd = openSync(p, "w");
    writeSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    execFileSync("truncate", ["-s", String(size), p]);
    return p;
  }

  const small = elfWith([
    { name: ".debug_frame", type: SHT.PROGBITS, data: debugFrame(new Uint8Array(0), repeat([0x41], 4), 1) },
  ]);

  it.each([
    ["dump", ["dump"]],
    ["dump --line", ["dump", "--line"]],
    ["source-url", ["source-url"]],
    ["goobj", ["goobj"]],
    ["compile", ["compile", "-o", "OUT"]],
    ["objdump", ["objdump"]],
    ["build", ["build", "-o", "OUT"]],
    ["link", ["link", "-o", "OUT"]],
  ])("/dev/zero to %s: an error at once", (_name, args) => {
    const a = args.map((x) => (x === "OUT" ? join(dir, "zero-out") : x));
    const r = hostile([...a.slice(0, 1), "/dev/zero", ...a.slice(1)], "/dev/zero", "error");
    expect(r.err).toMatch(/magic|not a JSON document|not a Go object/);
  });

  it("a 1 GiB file that is not ELF fails after reading its first bytes", () => {
    const f = sparse("notelf-1g", 2 ** 30, new TextEncoder().encode("hello, world"));
    hostile(["dump", f], f, "error");
    hostile(["goobj", f], f, "error");
    hostile(["compile", f, "-o", join(dir, "x")], f, "error");
  });

  it("a 3 GiB file whose headers describe a small ELF is read as far as they reach", () => {
    const f = sparse("elf-3g", 3 * 2 ** 30, small);
    const r = hostile(["dump", "--frame", f], f);
    expect(r.status, r.err).toBe(0);
  });

  it("a 3 GiB file whose section header lies 2.9 GiB in: a clean error, not an internal one", () => {
    const img = small.slice();
    const v = new DataView(img.buffer);
    v.setBigUint64(40, BigInt(Math.floor(2.9 * 2 ** 30)), true); // e_shoff
    const f = sparse("elf-3g-far", 3 * 2 ** 30, img);
    hostile(["dump", f], f, "error");
  });

  it("a JSON input over 512 MiB is refused before it is read", () => {
    const f = sparse("big-json", 600 * 2 ** 20, new TextEncoder().encode('{"irVersion": 1, "x": "'));
    hostile(["compile", f, "-o", join(dir, "x")], f, "error");
    hostile(["objdump", f], f, "error");
  });
});

// ---- JSON syntax ----

describe("JSON syntax errors give the line and column", () => {
  const text = new TextDecoder().decode(execFileSync("cat", [SAMPLE_IR]));
  const cuts = [1, 17, 200, 1000, 5000, Math.floor(text.length / 2), text.length - 3];
  it.each(cuts)("the sample IR broken at offset %i", (at) => {
    // A stray comma where a value or key must come, and the text cut short there.
    for (const [kind, broken] of [
      ["stray", `${text.slice(0, at)},,${text.slice(at)}`],
      ["cut", text.slice(0, at)],
    ] as const) {
      const f = file(`broken-${kind}-${at}.json`, broken);
      for (const args of [
        ["compile", f, "-o", join(dir, "x")],
        ["objdump", f],
        ["build", f, "-o", join(dir, "y")],
      ]) {
        const r = cli(...args);
        if (r.status === 0) continue; // a comma inside a string is still JSON
        expect(r.status, r.err).toBe(1);
        expect(r.err).toMatch(
          new RegExp(`^godwarf: ${f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: [^\\n]+\\n$`),
        );
        // A syntax error with its line and column, or (a comma inside a string) a bad field at its pointer.
        expect(r.err).toMatch(/: invalid JSON: .* \(line \d+, column \d+\)\n$|: \/\S*: /);
      }
    }
  });
});

// ---- JSON inputs beyond what the compiler, linker and objdump handle ----

describe("program IRs and objects beyond the limits", () => {
  const sample = () =>
    JSON.parse(new TextDecoder().decode(execFileSync("cat", [SAMPLE_IR]))) as {
      types?: Record<string, unknown>;
      globals?: { name: string; type: string }[];
      functions: { size: number; debug?: { vars: { list: { expr: string }[] }[] } }[];
    };

  /** A chain of `n` named types T0 -> T1 -> ... of `kind`, and a global of type T0. */
  function chain(kind: "ptr" | "array", n: number) {
    const doc = sample();
    doc.types ??= {};
    for (let i = 0; i < n; i++)
      doc.types[`main.T${i}`] = {
        kind,
        size: 8,
        named: true,
        elem: i + 1 < n ? `main.T${i + 1}` : "int",
        ...(kind === "array" && { len: 1 }),
      };
    doc.types.int ??= { kind: "int", size: 8 };
    doc.globals = [...(doc.globals ?? []), { name: "main.g", type: "main.T0" }];
    return doc;
  }

  it.each([
    ["2,000 nested named pointer types", () => chain("ptr", 2000), /types nest more than 512 deep/],
    ["2,000 nested named array types", () => chain("array", 2000), /types nest more than 512 deep/],
    [
      "a struct containing itself",
      () => {
        const doc = sample();
        doc.types = {
          ...doc.types,
          "main.S": {
            kind: "struct",
            size: 8,
            named: true,
            fields: [{ name: "s", type: "main.S", offset: 0 }],
          },
        };
        return doc;
      },
      /contains itself by value/,
    ],
    [
      "a function of 2^40 bytes",
      () => {
        const doc = sample();
        doc.functions[0]!.size = 2 ** 40;
        return doc;
      },
      /\/functions\/0\/size: .*out of range/,
    ],
    [
      "2^31 methods",
      () => {
        const doc = sample();
        doc.types = { ...doc.types, "main.M": { kind: "int", size: 8, named: true, methods: 2 ** 31 } };
        return doc;
      },
      /\/types\/main\.M\/methods: .*out of range/,
    ],
    [
      "a location expression that does not decode",
      () => {
        const doc = sample();
        const f = doc.functions.find((x) => (x.debug?.vars.length ?? 0) > 0)!;
        f.debug!.vars[0]!.list[0]!.expr = "ff";
        return doc;
      },
      /\/expr: does not decode as a DWARF expression/,
    ],
  ])("%s: a clean error with its JSON pointer", (name, make, re) => {
    const f = file(`ir-${name.replace(/\W+/g, "-")}.json`, JSON.stringify(make()));
    for (const args of [
      ["compile", f, "-o", join(dir, "x.obj.json")],
      ["build", f, "-o", join(dir, "x")],
      ["objdump", f],
    ]) {
      const r = hostile(args, f, "error");
      expect(r.err).toMatch(re);
    }
  });

  it("a 500-deep chain of named types still compiles and links", () => {
    const f = file("ir-chain-500.json", JSON.stringify(chain("ptr", 500)));
    expect(hostile(["build", f, "-o", join(dir, "chain")], f).status).toBe(0);
  });

  it("link a b: the error names b, the object at fault, with its JSON pointer", () => {
    const a = join(dir, "a.obj.json");
    const b = join(dir, "b.obj.json");
    expect(cli("compile", SAMPLE_IR, "-o", a).status).toBe(0);
    const doc = JSON.parse(new TextDecoder().decode(execFileSync("cat", [a]))) as {
      symbols: { size: number }[];
    };
    doc.symbols[1]!.size = 2 ** 40;
    writeFileSync(b, JSON.stringify(doc));
    const r = hostile(["link", a, b, "-o", join(dir, "ab")], b, "error");
    expect(r.err).toMatch(/\/symbols\/1\/size: /);
  });

  it("objdump of a 10 MB object with a 5 MiB symbol: bounded output, the rest announced", () => {
    const o = join(dir, "giant.obj.json");
    expect(cli("compile", SAMPLE_IR, "-o", o).status).toBe(0);
    const doc = JSON.parse(new TextDecoder().decode(execFileSync("cat", [o]))) as {
      symbols: { label: string; size: number; data: string }[];
    };
    const n = 5 << 20;
    for (const s of doc.symbols) {
      if (s.label.startsWith("go:cuinfo.producer")) {
        s.size = n;
        s.data = "41".repeat(n);
      }
    }
    writeFileSync(o, JSON.stringify(doc));
    for (const args of [
      ["objdump", o],
      ["objdump", "--explain", o],
    ]) {
      const r = hostile(args, o);
      expect(r.status, r.err).toBe(0);
      expect(r.out.length).toBeLessThan(1 << 20);
      expect(r.out).toMatch(/more bytes not decoded: objdump shows at most/);
    }
  });
});
