/**
 * The LC_UUID of an executable Go links internally for darwin, and of its dSYM (the same UUID is
 * what pairs them).
 */
import { BuildIdError, hashSum32 } from "../buildid.js";

/**
 * cmd/link/internal/ld/macho_update_uuid.go uuidFromGoBuildId: the first 16 bytes of
 * hash.Sum32(buildID), marked as an RFC 4122 version 3 (name-based) UUID; zeros for "".
 */
export function uuidFromGoBuildId(buildID: string): Uint8Array {
  if (buildID === "") return new Uint8Array(16);
  const rv = hashSum32(new TextEncoder().encode(buildID)).slice(0, 16);
  rv[6] = (rv[6]! & 0x0f) | 0x30;
  rv[8] = (rv[8]! & 0x3f) | 0xc0;
  return rv;
}

/**
 * The LC_UUID payload for -B: gobuildid (the default with a Go build ID) as above; 0xHEX padded
 * with zeros to 16 bytes (asmbMacho appends zeros and keeps the first 16, so longer ids are cut);
 * none: no LC_UUID. Content-hash styles are ELF notes' and are refused here.
 */
export function machoUuid(flag: string, goBuildId: string): Uint8Array | undefined {
  if (flag === "none" || (flag === "" && goBuildId === "")) return undefined;
  if (flag === "" || flag === "gobuildid") {
    if (goBuildId === "") throw new BuildIdError("-B gobuildid requires a Go build ID supplied via -buildid");
    return uuidFromGoBuildId(goBuildId);
  }
  if (/^0x[0-9a-f]*$/i.test(flag) && flag.length > 2 && flag.length % 2 === 0) {
    const out = new Uint8Array(16);
    out.set(Buffer.from(flag.slice(2), "hex").subarray(0, 16));
    return out;
  }
  throw new BuildIdError(
    `--build-id ${flag}: a Mach-O UUID is gobuildid (the default), 0xHEX (up to 16 bytes) or none`,
  );
}

/** "1F2E...": the UUID as llvm-dwarfdump --uuid and lldb print it (8-4-4-4-12, upper case). */
export function formatUuid(u: Uint8Array): string {
  const h = Buffer.from(u).toString("hex").toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
