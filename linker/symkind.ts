/**
 * The linker's symbol kinds, sym.SymKind (cmd/link/internal/sym/symkind.go), Go 1.26, in Go's
 * order: the order is visible, since textaddress sorts ctxt.Textp by kind and dodata lays the
 * sections out kind by kind.
 */

/** sym.SymKind, index = Go's value. */
export const symKinds = [
  "Sxxx",
  "STEXT",
  "STEXTFIPSSTART",
  "STEXTFIPS",
  "STEXTFIPSEND",
  "STEXTEND",
  "SELFRXSECT",
  "SMACHOPLT",
  "STYPE",
  "SSTRING",
  "SGOSTRING",
  "SGOFUNC",
  "SGCBITS",
  "SRODATA",
  "SRODATAFIPSSTART",
  "SRODATAFIPS",
  "SRODATAFIPSEND",
  "SRODATAEND",
  "SFUNCTAB",
  "SPCLNTAB",
  "SELFROSECT",
  "STYPERELRO",
  "SSTRINGRELRO",
  "SGOSTRINGRELRO",
  "SGOFUNCRELRO",
  "SGCBITSRELRO",
  "SRODATARELRO",
  "SFUNCTABRELRO",
  "SELFRELROSECT",
  "SMACHORELROSECT",
  "STYPELINK",
  "SITABLINK",
  "SFirstWritable",
  "SBUILDINFO",
  "SFIPSINFO",
  "SELFSECT",
  "SMACHO",
  "SWINDOWS",
  "SMODULEDATA",
  "SELFGOT",
  "SMACHOGOT",
  "SNOPTRDATA",
  "SNOPTRDATAFIPSSTART",
  "SNOPTRDATAFIPS",
  "SNOPTRDATAFIPSEND",
  "SNOPTRDATAEND",
  "SINITARR",
  "SDATA",
  "SDATAFIPSSTART",
  "SDATAFIPS",
  "SDATAFIPSEND",
  "SDATAEND",
  "SXCOFFTOC",
  "SBSS",
  "SNOPTRBSS",
  "SLIBFUZZER_8BIT_COUNTER",
  "SCOVERAGE_COUNTER",
  "SCOVERAGE_AUXVAR",
  "STLSBSS",
  "SFirstUnallocated",
  "SXREF",
  "SMACHOSYMSTR",
  "SMACHOSYMTAB",
  "SMACHOINDIRECTPLT",
  "SMACHOINDIRECTGOT",
  "SDYNIMPORT",
  "SHOSTOBJ",
  "SUNDEFEXT",
  "SDWARFSECT",
  "SDWARFCUINFO",
  "SDWARFCONST",
  "SDWARFFCN",
  "SDWARFABSFCN",
  "SDWARFTYPE",
  "SDWARFVAR",
  "SDWARFRANGE",
  "SDWARFLOC",
  "SDWARFLINES",
  "SDWARFADDR",
  "SSEHUNWINDINFO",
  "SSEHSECT",
] as const;

/** A sym.SymKind name. */
export type SymKind = (typeof symKinds)[number];

const order: ReadonlyMap<string, number> = new Map(symKinds.map((k, i) => [k, i]));

/** The numeric value of a kind, for the comparisons Go makes (st <= sym.STEXTEND, ...). */
export function symKindValue(k: SymKind): number {
  return order.get(k)!;
}

/** sym.ReadOnly: the kinds that make up .rodata, in layout order. */
export const ReadOnly: readonly SymKind[] = [
  "STYPE",
  "SSTRING",
  "SGOSTRING",
  "SGOFUNC",
  "SGCBITS",
  "SRODATA",
  "SRODATAFIPSSTART",
  "SRODATAFIPS",
  "SRODATAFIPSEND",
  "SRODATAEND",
  "SFUNCTAB",
];

/** SymKind.IsText. */
export function isTextKind(k: SymKind): boolean {
  const v = symKindValue(k);
  return v >= symKindValue("STEXT") && v <= symKindValue("STEXTEND");
}
