/**
 * Go's linker spells its flags with one dash; golang/go#51692 names `-external-debuginfo PATH`
 * (and `-external-dwarf`). yargs would read `-external-debuginfo` as a bundle of one-letter flags,
 * so those two spellings (alone or with `=PATH`) are given their second dash before parsing.
 */
export function goStyleFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (const [i, a] of argv.entries()) {
    if (a === "--") return [...out, ...argv.slice(i)];
    out.push(/^-external-(?:debuginfo|dwarf)(?:=|$)/.test(a) ? `-${a}` : a);
  }
  return out;
}
