/**
 * The Go functions the provenance marks name ("PutConcreteFunc DW_AT_low_pc": the first word),
 * with where each is defined in Go's source, so the explorer can link a byte to the code that
 * wrote it. Lines are those of the tag below (the reference toolchain of this project's tests);
 * explore/writers.test.ts checks them against the machine's GOROOT when it is that version.
 */

/** The Go release whose source the links point into. */
export const GO_SOURCE_TAG = "go1.26.8";

export interface GoWriter {
  /** The mark's first word: "putvar", "FnState.PutRanges". */
  mark: string;
  /** Go's full name: "cmd/internal/dwarf.putvar", "cmd/link/internal/ld.(*dwctxt).writelines". */
  goName: string;
  /** The file under $GOROOT/src. */
  file: string;
  line: number;
}

const DWARF = "cmd/internal/dwarf/dwarf.go";
const LD = "cmd/link/internal/ld/dwarf.go";
const OBJ = "cmd/internal/obj/dwarf.go";
const SSA = "cmd/compile/internal/ssa/debug.go";

const pkgOf = (file: string): string => file.slice(0, file.lastIndexOf("/"));

function w(mark: string, file: string, line: number, recv?: string): GoWriter {
  const fn = mark.includes(".") ? mark.slice(mark.lastIndexOf(".") + 1) : mark;
  const goName = `${pkgOf(file)}.${recv === undefined ? "" : `(*${recv}).`}${fn}`;
  return { mark, goName, file, line };
}

/** Every writer a mark names, by the mark's first word. */
export const GO_WRITERS: ReadonlyMap<string, GoWriter> = new Map(
  [
    w("PutAttrs", DWARF, 1004),
    w("PutIntConst", DWARF, 1026),
    w("PutGlobal", DWARF, 1034),
    w("PutBasedRanges", DWARF, 1045),
    w("PutRngListRanges", DWARF, 1059),
    w("FnState.PutRanges", DWARF, 1083, "FnState"),
    w("PutAbstractFunc", DWARF, 1204),
    w("putInlinedFunc", DWARF, 1289),
    w("PutConcreteFunc", DWARF, 1364),
    w("PutDefaultFunc", DWARF, 1409),
    w("putparamtypes", DWARF, 1458),
    w("putscope", DWARF, 1498),
    w("putAbstractVar", DWARF, 1565),
    w("putvar", DWARF, 1592),
    w("generateDebugLinesSymbol", OBJ, 36, "Link"),
    w("putpclcdelta", OBJ, 115),
    w("PutLocationListDwarf5", SSA, 1491, "FuncDebug"),
    w("PutLocationListDwarf4", SSA, 1534, "FuncDebug"),
    w("writeabbrev", LD, 226, "dwctxt"),
    w("putdie", LD, 412, "dwctxt"),
    w("assignDebugAddrSlot", LD, 1770, "dwctxt"),
    w("writeDirFileTables", LD, 1163, "dwctxt"),
    w("writelines", LD, 1283, "dwctxt"),
    w("writeframes", LD, 1442, "dwctxt"),
    w("writeUnitInfo", LD, 1596, "dwctxt"),
    w("writegdbscript", LD, 1689, "dwctxt"),
    w("writedebugaddr", LD, 2143, "dwctxt"),
    w("writeDebugMiscSecHdr", LD, 2551, "dwctxt"),
  ].map((x) => [x.mark, x]),
);

/** The writer a provenance mark names ("putvar DW_AT_name"), if the table has it. */
export function writerOf(who: string): GoWriter | undefined {
  const sp = who.indexOf(" ");
  return GO_WRITERS.get(sp < 0 ? who : who.slice(0, sp));
}

/** The writer's definition on GitHub, at {@link GO_SOURCE_TAG}. */
export function writerUrl(g: GoWriter): string {
  return `https://github.com/golang/go/blob/${GO_SOURCE_TAG}/src/${g.file}#L${g.line}`;
}
