/**
 * GNU build-id styles: Go's `-B` flag, and the content-hash styles of lld and mold.
 *
 * Go (cmd/link/internal/ld/elf.go addbuildinfo, main.go): `-B gobuildid` hashes the `-buildid`
 * string with cmd/internal/hash.Sum32 (SHA-256 with byte 0 XOR 0xff, Go 1.26) and keeps 20 bytes;
 * `-B 0xHEX` is literal (at most 32 bytes on ELF, 16 on Darwin); `-B none` (or an empty `0x`)
 * writes no note. Since Go 1.24 an empty `-B` means `gobuildid` whenever `-buildid` is set, which
 * cmd/go always does. Note that cmd/go links with the *link-time* build ID
 * `A/B/C/A` and later rewrites the last part inside .note.go.buildid only, so a `go build`
 * binary's GNU id is gobuildid(A/B/C/A) where A/B/C are the first parts of its final Go build ID.
 *
 * The content-hash styles hash the finished output with the descriptor still zero, then write the
 * result into it (lld Writer::writeBuildId, mold's build-id pass). What each style computes here:
 * - `fast`: lld's exactly: the output in 1 MiB chunks, XXH3-64 of each (little-endian), then
 *   XXH3-64 of the concatenated chunk hashes: 8 bytes.
 * - `md5` (16 bytes), `sha1` or its lld alias `tree` (20), `sha256` (32, mold's): the real MD5, SHA-1
 *   and SHA-256 of the whole file, as GNU ld's styles are named. Neither lld nor mold computes these
 *   bytes: lld's md5/sha1 are BLAKE3 truncated (over 1 MiB chunks), and every mold style is BLAKE3.
 * - `uuid`: lld, mold and GNU ld draw 16 random bytes. Ours must be reproducible, so it is the first
 *   16 bytes of the SHA-256 of the output with the RFC 4122 version-4 and variant bits set: same
 *   format, same input → same id.
 */
import { createHash } from "node:crypto";
import { xxh3_64 } from "./xxh3.js";

/** A parsed build-id style. */
export type BuildIdStyle =
  | { kind: "none" }
  /** Literal bytes (Go `-B 0x...`, lld/mold `--build-id=0x...`). */
  | { kind: "literal"; bytes: Uint8Array }
  /** Go `-B gobuildid`: derived from the Go build ID. */
  | { kind: "gobuildid" }
  /** A hash of the output file, patched in after writing. */
  | { kind: "content"; algorithm: ContentAlgorithm };

export type ContentAlgorithm = "fast" | "md5" | "sha1" | "sha256" | "uuid";

/** Descriptor size of each content style. */
export const CONTENT_ID_SIZE: Readonly<Record<ContentAlgorithm, number>> = {
  fast: 8,
  md5: 16,
  sha1: 20,
  sha256: 32,
  uuid: 16,
};

export interface ParseBuildIdOptions {
  /** The `-buildid` string; an empty `-B` means `gobuildid` when it is set (Go 1.24+). */
  goBuildId?: string;
  /** Darwin: `0x...` is at most 16 bytes (the LC_UUID). */
  darwin?: boolean;
}

/** An error in a build-id flag. */
export class BuildIdError extends Error {
  override name = "BuildIdError";
}

/**
 * Parses a `-B` / `--build-id` value: `gobuildid`, `none`, `0xHEX`, `fast`, `md5`, `sha1`, `tree`,
 * `sha256`, `uuid`, or "" (Go's default: gobuildid if there is a Go build ID, else none). Throws a
 * BuildIdError for anything else, with Go's wording for the `0x` cases.
 */
export function parseBuildIdStyle(flag: string, opts: ParseBuildIdOptions = {}): BuildIdStyle {
  if (flag === "") return opts.goBuildId ? { kind: "gobuildid" } : { kind: "none" };
  switch (flag) {
    case "none":
      return { kind: "none" };
    case "gobuildid":
      if (opts.goBuildId === "")
        throw new BuildIdError("-B gobuildid requires a Go build ID supplied via -buildid");
      return { kind: "gobuildid" };
    case "fast":
    case "md5":
    case "sha1":
    case "sha256":
    case "uuid":
      return { kind: "content", algorithm: flag };
    case "tree":
      return { kind: "content", algorithm: "sha1" };
  }
  const bytes = hexBuildId(flag, opts.darwin ? 16 : 32);
  return bytes.length === 0 ? { kind: "none" } : { kind: "literal", bytes };
}

/**
 * addbuildinfo's `0x` branch: the bytes of `0xHEX`, at most `maxLen` of them (32 on ELF, 16 on
 * Darwin). Errors name the flag as Go's do; the length error also says how long it was.
 */
export function hexBuildId(flag: string, maxLen = 32): Uint8Array {
  if (!flag.startsWith("0x")) {
    throw new BuildIdError(
      `-B argument must start with 0x, or be one of gobuildid, none, fast, md5, sha1, tree, sha256, uuid: ${flag}`,
    );
  }
  const hex = flag.slice(2);
  const n = Math.floor(hex.length / 2);
  if (n > maxLen) {
    throw new BuildIdError(
      `-B option too long: ${n} bytes (${hex.length} hex digits), at most ${maxLen} bytes (${2 * maxLen} digits) are allowed: ${flag}`,
    );
  }
  if (hex.length % 2 !== 0) throw new BuildIdError(`-B argument must have even number of digits: ${flag}`);
  const bad = /[^0-9a-fA-F]/.exec(hex);
  if (bad !== null) throw new BuildIdError(`-B argument contains invalid hex digit ${bad[0]}: ${flag}`);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** cmd/internal/hash.Sum32 (Go 1.26): SHA-256 with byte 0 XOR 0xff. */
export function hashSum32(data: Uint8Array): Uint8Array {
  const sum = new Uint8Array(createHash("sha256").update(data).digest());
  sum[0] = sum[0]! ^ 0xff;
  return sum;
}

/** addbuildinfo `-B gobuildid` on ELF: Sum32(buildID)[:20]. */
export function gobuildid(goBuildId: string): Uint8Array {
  if (goBuildId === "") throw new BuildIdError("-B gobuildid requires a Go build ID supplied via -buildid");
  return hashSum32(new TextEncoder().encode(goBuildId)).slice(0, 20);
}

/**
 * The link-time Go build ID of a `go build` binary from its final one: cmd/go links with
 * `actionID(bin)/actionID(main.a)/contentID(main.a)/actionID(bin)` and then replaces the last part
 * with the binary's content ID (cmd/go/internal/work/buildid.go).
 */
export function linkTimeGoBuildId(finalGoBuildId: string): string {
  const parts = finalGoBuildId.split("/");
  if (parts.length !== 4)
    throw new BuildIdError(`not an executable's Go build ID (want 4 parts): ${finalGoBuildId}`);
  return `${parts[0]}/${parts[1]}/${parts[2]}/${parts[0]}`;
}

/**
 * The descriptor to put in .note.gnu.build-id before writing: the final bytes for literal and
 * gobuildid styles, zeros of the right size for content styles (patched by {@link patchBuildId}),
 * undefined for none (no note).
 */
export function initialBuildId(style: BuildIdStyle, goBuildId?: string): Uint8Array | undefined {
  switch (style.kind) {
    case "none":
      return undefined;
    case "literal":
      return style.bytes.slice();
    case "gobuildid":
      return gobuildid(goBuildId ?? "");
    case "content":
      return new Uint8Array(CONTENT_ID_SIZE[style.algorithm]);
  }
}

const CHUNK = 1 << 20;

/** The content build id of `image` (hashed as given: the descriptor should be zero). */
export function contentBuildId(algorithm: ContentAlgorithm, image: Uint8Array): Uint8Array {
  switch (algorithm) {
    case "fast": {
      // lld computeHash: 1 MiB chunks, each hashed into 8 little-endian bytes, then the hashes hashed.
      const chunks = Math.max(1, Math.ceil(image.length / CHUNK));
      const hashes = new Uint8Array(chunks * 8);
      const hv = new DataView(hashes.buffer);
      for (let i = 0; i < chunks; i++) {
        hv.setBigUint64(
          i * 8,
          xxh3_64(image.subarray(i * CHUNK, Math.min(image.length, (i + 1) * CHUNK))),
          true,
        );
      }
      const out = new Uint8Array(8);
      new DataView(out.buffer).setBigUint64(0, xxh3_64(hashes), true);
      return out;
    }
    case "md5":
    case "sha1":
    case "sha256":
      return new Uint8Array(createHash(algorithm).update(image).digest());
    case "uuid": {
      const u = new Uint8Array(createHash("sha256").update(image).digest()).slice(0, 16);
      u[6] = (u[6]! & 0x0f) | 0x40; // version 4
      u[8] = (u[8]! & 0x3f) | 0x80; // RFC 4122 variant
      return u;
    }
  }
}

/**
 * Computes a content build id over the written `image` and writes it at the descriptor
 * (`desc.offset`, `desc.size` bytes, which are zeroed first so the hash never depends on what was
 * there). Patches `image` in place and returns the id.
 */
export function patchBuildId(
  image: Uint8Array,
  desc: { descOffset: number; desc: { length: number } },
  algorithm: ContentAlgorithm,
): Uint8Array {
  const size = desc.desc.length;
  if (size !== CONTENT_ID_SIZE[algorithm]) {
    throw new BuildIdError(
      `build-id descriptor is ${size} bytes, ${algorithm} needs ${CONTENT_ID_SIZE[algorithm]}`,
    );
  }
  if (desc.descOffset < 0 || desc.descOffset + size > image.length) {
    throw new BuildIdError(`build-id descriptor at 0x${desc.descOffset.toString(16)} is outside the image`);
  }
  image.fill(0, desc.descOffset, desc.descOffset + size);
  const id = contentBuildId(algorithm, image);
  image.set(id, desc.descOffset);
  return id;
}

/**
 * Where a build id puts a file in a `.build-id` tree, relative to the tree's root (gdb's
 * build_id_to_debug_bfd, /usr/lib/debug, debuginfod -F): `.build-id/` + the first byte in hex +
 * `/` + the rest in hex, with `.debug` for the debug file and nothing for the executable. Needs at
 * least two bytes (gdb looks up no shorter id); undefined otherwise.
 */
export function buildIdTreePaths(
  id: Uint8Array,
): { dir: string; executable: string; debugFile: string } | undefined {
  if (id.length < 2) return undefined;
  const hex = Buffer.from(id).toString("hex");
  const dir = `.build-id/${hex.slice(0, 2)}`;
  const executable = `${dir}/${hex.slice(2)}`;
  return { dir, executable, debugFile: `${executable}.debug` };
}
