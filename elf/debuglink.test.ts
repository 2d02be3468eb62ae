/**
 * Finding a separate debug file (elf/debuglink.ts) on synthetic files in an in-memory tree: the
 * .gnu_debuglink layout, gdb's order of candidates, and which candidates are skipped (missing, CRC
 * or build-id mismatch, no DWARF). The same search on files made by objcopy and eu-strip is in
 * test/debugfile.test.ts.
 */
import { describe, expect, it } from "vitest";
import { FormatError } from "../dwarf/errors.js";
import { NT_GNU, SHT } from "./constants.js";
import {
  debugFileCandidates,
  debuglinkCrc,
  findDebugFile,
  hasDwarf,
  parseDebuglink,
  readDebuglink,
} from "./debuglink.js";
import { readElf } from "./reader.js";
import { ByteWriter, buildElf, cstr, note, type TestSection } from "./testimage.test-util.js";

/** .gnu_debuglink contents: name, NUL, padding to 4, CRC. */
function debuglinkSection(name: string, crc: number, le = true): Uint8Array {
  return new ByteWriter(le).bytes(cstr(name)).align(4).u32(crc).done();
}

const buildIdNote = (id: number[]) => note(true, "GNU", NT_GNU.BUILD_ID, Uint8Array.from(id));

function elf(sections: TestSection[]): Uint8Array {
  return buildElf({ cls: 2, le: true, type: 2, sections });
}

const ID = [0xab, 0xcd, 0xef, 0x01, 0x23];
const ID_HEX = "abcdef0123";
const OTHER_ID = [0xab, 0xcd, 0xef, 0x01, 0x24];
const notes = (id: number[]): TestSection => ({
  name: ".note.gnu.build-id",
  type: SHT.NOTE,
  data: buildIdNote(id),
});
const debugInfo: TestSection = {
  name: ".debug_info",
  type: SHT.PROGBITS,
  data: Uint8Array.from([1, 2, 3, 4]),
};

/** A debug file with the build id and DWARF, and a stripped executable linking to it by `name`. */
function pair(name = "prog.debug", id = ID): { exe: Uint8Array; debug: Uint8Array } {
  const debug = elf([notes(id), debugInfo]);
  const exe = elf([
    notes(id),
    { name: ".gnu_debuglink", type: SHT.PROGBITS, data: debuglinkSection(name, debuglinkCrc(debug)) },
  ]);
  return { exe, debug };
}

const search = (exe: Uint8Array, tree: Record<string, Uint8Array>, dirs = ["/usr/lib/debug"]) =>
  findDebugFile(readElf(exe, "/bin/prog"), "/bin/prog", dirs, (p) => tree[p]);

describe(".gnu_debuglink", () => {
  it.each([1, 2, 3, 4, 5, 8])("reads a %i-character name padded to 4 and the CRC after it", (n) => {
    const name = "x".repeat(n);
    for (const le of [true, false]) {
      const data = debuglinkSection(name, 0x89abcdef, le);
      expect(data.length % 4).toBe(0);
      expect(parseDebuglink(data, le)).toEqual({ name, crc: 0x89abcdef });
    }
  });

  it.each([
    [cstr("abc").subarray(0, 3), /not NUL-terminated/],
    [Uint8Array.from([0, 0, 0, 0, 1, 2, 3, 4]), /empty file name/],
    [Uint8Array.from([0x61, 0, 0, 0, 1, 2]), /no CRC after the file name/],
  ])("refuses a malformed section (%#)", (data, problem) => {
    const e = (() => {
      try {
        parseDebuglink(data, true);
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(FormatError);
    expect((e as FormatError).section).toBe(".gnu_debuglink");
    expect((e as FormatError).problem).toMatch(problem);
  });

  it("is CRC-32 as zlib computes it, and absent from a file without the section", () => {
    expect(debuglinkCrc(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(readDebuglink(readElf(elf([debugInfo])))).toBeUndefined();
    expect(readDebuglink(readElf(pair().exe))?.name).toBe("prog.debug");
  });

  it("a SHT_NOBITS .gnu_debuglink (mold#1656) is an error, not an empty link", () => {
    const f = readElf(elf([{ name: ".gnu_debuglink", type: SHT.NOBITS, size: 16 }]), "f");
    expect(() => readDebuglink(f)).toThrow(/SHT_NOBITS/);
  });
});

describe("candidates, in gdb's order", () => {
  it("build id under each directory, then the debuglink next to the file, in .debug/, under each directory", () => {
    const c = debugFileCandidates("/opt/app/bin/prog", ID_HEX, { name: "prog.debug", crc: 0 }, [
      "/d1",
      "/d2",
    ]);
    expect(c).toEqual([
      { path: "/d1/.build-id/ab/cdef0123.debug", how: "build-id" },
      { path: "/d2/.build-id/ab/cdef0123.debug", how: "build-id" },
      { path: "/opt/app/bin/prog.debug", how: "debuglink" },
      { path: "/opt/app/bin/.debug/prog.debug", how: "debuglink" },
      { path: "/d1/opt/app/bin/prog.debug", how: "debuglink" },
      { path: "/d2/opt/app/bin/prog.debug", how: "debuglink" },
    ]);
  });

  it("tries a path once, and nothing without a build id or a debuglink", () => {
    const c = debugFileCandidates("/bin/prog", undefined, { name: "p.debug", crc: 0 }, ["/"]);
    expect(c.map((x) => x.path)).toEqual(["/bin/p.debug", "/bin/.debug/p.debug"]);
    expect(debugFileCandidates("/bin/prog", undefined, undefined, ["/d"])).toEqual([]);
  });
});

describe("findDebugFile", () => {
  it("finds the debug file by build id first", () => {
    const { exe, debug } = pair();
    const s = search(exe, { "/usr/lib/debug/.build-id/ab/cdef0123.debug": debug, "/bin/prog.debug": debug });
    expect(s.found?.path).toBe("/usr/lib/debug/.build-id/ab/cdef0123.debug");
    expect(s.found?.how).toBe("build-id");
    expect(hasDwarf(s.found!.elf)).toBe(true);
    expect(s.buildId).toBe(ID_HEX);
    expect(s.missed).toEqual([]);
  });

  it("then by debuglink: next to the file, in .debug/, under the directory", () => {
    const { exe, debug } = pair();
    for (const path of ["/bin/prog.debug", "/bin/.debug/prog.debug", "/usr/lib/debug/bin/prog.debug"]) {
      const s = search(exe, { [path]: debug });
      expect(s.found?.path).toBe(path);
      expect(s.found?.how).toBe("debuglink");
      expect(s.missed.every((m) => !m.present && m.problem === "no such file")).toBe(true);
    }
  });

  it("skips a debuglink candidate whose CRC differs, and says so", () => {
    const { exe, debug } = pair();
    const changed = debug.slice();
    changed[changed.length - 1]! ^= 1;
    const s = search(exe, { "/bin/prog.debug": changed, "/bin/.debug/prog.debug": debug });
    expect(s.found?.path).toBe("/bin/.debug/prog.debug");
    const miss = s.missed.find((m) => m.present)!;
    expect(miss.path).toBe("/bin/prog.debug");
    expect(miss.problem).toBe(
      `CRC mismatch: .gnu_debuglink says 0x${debuglinkCrc(debug).toString(16).padStart(8, "0")}, the file's CRC is 0x${debuglinkCrc(changed).toString(16).padStart(8, "0")}`,
    );
  });

  it("skips a build-id candidate with another build id, or none, or no DWARF", () => {
    const { exe } = pair();
    const at = "/usr/lib/debug/.build-id/ab/cdef0123.debug";
    const cases: [Uint8Array, RegExp][] = [
      [pair("x", OTHER_ID).debug, /^build id mismatch: it has abcdef0124$/],
      [elf([debugInfo]), /^it has no build id$/],
      [elf([notes(ID)]), /^it has no DWARF either$/],
      [
        new TextEncoder().encode(
          "not an ELF file, longer than its header would be: 64 bytes at least ........",
        ),
        /^not a readable ELF file \(bad magic number/,
      ],
    ];
    for (const [bytes, problem] of cases) {
      const s = search(exe, { [at]: bytes });
      expect(s.found).toBeUndefined();
      expect(s.missed[0]).toMatchObject({ path: at, present: true });
      expect(s.missed[0]!.problem).toMatch(problem);
    }
  });

  it("reports a candidate it cannot read, and finds nothing where nothing is", () => {
    const { exe } = pair();
    const s = findDebugFile(readElf(exe), "/bin/prog", [], (p) => {
      if (p === "/bin/prog.debug") throw new Error("permission denied");
      return undefined;
    });
    expect(s.found).toBeUndefined();
    expect(s.missed.map((m) => [m.path, m.problem, m.present])).toEqual([
      ["/bin/prog.debug", "cannot read: permission denied", true],
      ["/bin/.debug/prog.debug", "no such file", false],
    ]);
  });
});
