/**
 * The per-architecture facts the DWARF model reads: sys.Arch's FixedFrameSize
 * (cmd/internal/sys/arch.go: 0 on amd64, 8 on arm64, where the link register's slot sits below the
 * arguments) and buildcfg.FramePointerEnabled (internal/buildcfg/cfg.go: true on amd64 and arm64).
 * They decide the frame offsets dwarfgen gives stack-homed variables.
 */
export interface Arch {
  readonly name: Goarch;
  readonly FixedFrameSize: number;
  readonly FramePointerEnabled: boolean;
}

/** The GOARCH values the compiler model knows. */
export type Goarch = "amd64" | "arm64";

export const ARCHES: Readonly<Record<Goarch, Arch>> = {
  amd64: { name: "amd64", FixedFrameSize: 0, FramePointerEnabled: true },
  arm64: { name: "arm64", FixedFrameSize: 8, FramePointerEnabled: true },
};
