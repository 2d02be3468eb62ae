import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{dwarf,elf,macho,pe,goobj,compiler,linker,cli,conform,explore,test}/**/*.test.ts"],
    // Oracle tests build Go programs and run external tools; they need room.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
  },
});
