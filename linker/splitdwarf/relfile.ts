/**
 * The container of a .dwo or .dwp file: an ELF64 relocatable object (ET_REL, EM_X86_64) holding
 * only its DWARF sections and .shstrtab, as GCC and llvm-dwp write them: each SHT_PROGBITS with
 * SHF_EXCLUDE (a linker must not pull them into an executable), alignment 1, no symbols and no
 * relocations (a .dwo needs none: its addresses are indexes into the executable's .debug_addr).
 */
const EHDR = 64;
const SHDR = 64;
const SHT_PROGBITS = 1;
const SHT_STRTAB = 3;
const SHF_EXCLUDE = 0x80000000;

/** The file with `sections` (name to contents) in the order given, after the null section. */
export function writeRelFile(sections: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const enc = new TextEncoder();
  const names = [...sections.keys(), ".shstrtab"];
  const nameOff: number[] = [];
  const strtab: number[] = [0];
  for (const n of names) {
    nameOff.push(strtab.length);
    strtab.push(...enc.encode(n), 0);
  }
  const datas = [...sections.values(), new Uint8Array(strtab)];
  let at = EHDR;
  const offs = datas.map((d) => {
    const o = at;
    at += d.length;
    return o;
  });
  const shoff = (at + 7) & ~7;
  const shnum = names.length + 1;
  const out = new Uint8Array(shoff + shnum * SHDR);
  const v = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
  v.setUint16(16, 1, true); // ET_REL
  v.setUint16(18, 62, true); // EM_X86_64
  v.setUint32(20, 1, true);
  v.setBigUint64(40, BigInt(shoff), true);
  v.setUint16(52, EHDR, true);
  v.setUint16(58, SHDR, true);
  v.setUint16(60, shnum, true);
  v.setUint16(62, shnum - 1, true);
  datas.forEach((d, i) => {
    out.set(d, offs[i]!);
    const h = shoff + (i + 1) * SHDR;
    const last = i === datas.length - 1;
    v.setUint32(h, nameOff[i]!, true);
    v.setUint32(h + 4, last ? SHT_STRTAB : SHT_PROGBITS, true);
    v.setBigUint64(h + 8, last ? 0n : BigInt(SHF_EXCLUDE), true);
    v.setBigUint64(h + 24, BigInt(offs[i]!), true);
    v.setBigUint64(h + 32, BigInt(d.length), true);
    v.setBigUint64(h + 48, 1n, true);
  });
  return out;
}
