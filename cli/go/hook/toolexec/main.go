// godwarf capture's -toolexec wrapper: runs every tool go build asks for as asked, except the
// compiler, which is replaced by the instrumented one ($GODWARF_COMPILE). For each package it
// compiles, the capture hook writes the program IR to DIR/NAME.ir.json and the wrapper copies the
// object the compiler wrote (-o) to DIR/NAME.a, NAME being the -p import path with
// every byte outside [A-Za-z0-9._~+-] percent-encoded ("/" as %2F), as godwarf goobjs names archives.
package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "godwarf-toolexec: no tool to run")
		os.Exit(2)
	}
	tool, args := os.Args[1], os.Args[2:]
	dir := os.Getenv("GODWARF_CAPTURE_DIR")
	compile := os.Getenv("GODWARF_COMPILE")
	isCompile := strings.TrimSuffix(filepath.Base(tool), ".exe") == "compile"
	var pkg, out string
	if isCompile && compile != "" {
		tool = compile
		for i := 0; i+1 < len(args); i++ {
			switch args[i] {
			case "-p":
				pkg = args[i+1]
			case "-o":
				out = args[i+1]
			}
		}
	}
	cmd := exec.Command(tool, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = os.Environ()
	name := ""
	if pkg != "" && out != "" && dir != "" {
		name = filepath.Join(dir, fileName(pkg))
		cmd.Env = append(cmd.Env, "GODWARF_CAPTURE_OUT="+name+".ir.json")
		fmt.Fprintf(os.Stderr, "godwarf: compiling %s\n", pkg)
	}
	if err := cmd.Run(); err != nil {
		if e, ok := err.(*exec.ExitError); ok {
			os.Exit(e.ExitCode())
		}
		fmt.Fprintf(os.Stderr, "godwarf-toolexec: %v\n", err)
		os.Exit(1)
	}
	if name != "" {
		if err := copyFile(out, name+".a"); err != nil {
			fmt.Fprintf(os.Stderr, "godwarf-toolexec: %v\n", err)
			os.Exit(1)
		}
	}
}

func copyFile(from, to string) error {
	r, err := os.Open(from)
	if err != nil {
		return err
	}
	defer r.Close()
	w, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, r); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

func fileName(importPath string) string {
	var b strings.Builder
	for i := 0; i < len(importPath); i++ {
		c := importPath[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("._~+-", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
