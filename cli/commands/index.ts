/**
 * The command modules, loaded on demand: the executable (cli/main.ts) imports only the module of
 * the command it runs, so a run does not pay for compiling every command's code (the linker, the
 * compiler model, the explorer) at start-up; tests and scripts that run the CLI in-process import
 * cli/commands/all.ts, which provides every module at once. The types are imported as types only.
 */
import type * as abbrev from "./abbrev.js";
import type * as capture from "./capture.js";
import type * as compile from "./compile.js";
import type * as conform from "./conform.js";
import type * as demo from "./demo.js";
import type * as dump from "./dump.js";
import type * as explore from "./explore.js";
import type * as goobj from "./goobj.js";
import type * as goobjs from "./goobjs.js";
import type * as link from "./link.js";
import type * as objdump from "./objdump.js";
import type * as sourceUrl from "./source-url.js";
import type * as split from "./split.js";

export interface CommandModules {
  abbrev: typeof abbrev;
  capture: typeof capture;
  compile: typeof compile;
  conform: typeof conform;
  demo: typeof demo;
  dump: typeof dump;
  explore: typeof explore;
  goobj: typeof goobj;
  goobjs: typeof goobjs;
  link: typeof link;
  objdump: typeof objdump;
  "source-url": typeof sourceUrl;
  split: typeof split;
}

export type ModuleName = keyof CommandModules;

const LOADERS: { readonly [K in ModuleName]: () => Promise<CommandModules[K]> } = {
  abbrev: () => import("./abbrev.js"),
  capture: () => import("./capture.js"),
  compile: () => import("./compile.js"),
  conform: () => import("./conform.js"),
  demo: () => import("./demo.js"),
  dump: () => import("./dump.js"),
  explore: () => import("./explore.js"),
  goobj: () => import("./goobj.js"),
  goobjs: () => import("./goobjs.js"),
  link: () => import("./link.js"),
  objdump: () => import("./objdump.js"),
  "source-url": () => import("./source-url.js"),
  split: () => import("./split.js"),
};

/** The module each command word is in (`build` is with `link`). */
export const MODULE_OF: Readonly<Record<string, ModuleName>> = {
  abbrev: "abbrev",
  build: "link",
  capture: "capture",
  compile: "compile",
  conform: "conform",
  demo: "demo",
  dump: "dump",
  explore: "explore",
  goobj: "goobj",
  goobjs: "goobjs",
  link: "link",
  objdump: "objdump",
  "source-url": "source-url",
  split: "split",
};

const loaded: Partial<CommandModules> = {};

/** A loaded command module; a command whose module was never loaded is a bug of the caller. */
export function commandModule<K extends ModuleName>(name: K): CommandModules[K] {
  const m = loaded[name];
  if (m === undefined) throw new Error(`command module ${name} was not loaded (import cli/commands/all.js)`);
  return m;
}

/** Loads the modules named (the executable's path). */
export async function loadCommandModules(names: readonly ModuleName[]): Promise<void> {
  for (const name of names) {
    if (loaded[name] === undefined) (loaded as Record<ModuleName, unknown>)[name] = await LOADERS[name]();
  }
}

/** Provides every module at once (cli/commands/all.ts). */
export function provideCommandModules(all: CommandModules): void {
  Object.assign(loaded, all);
}
