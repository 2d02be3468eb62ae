// Command runtimetypes is the smallest Go program: its binary's type DIEs are the runtime's own,
// which scripts/gen-runtime-types.ts lifts into linker/dwarf/runtime-types.ts.
package main

func main() {}
