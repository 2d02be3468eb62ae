// Command sample is the Go program whose real DWARF the reader is checked against. It is small
// enough to read in a minute but uses what shapes Go's debug info: closures, generics, inlining,
// nested scopes, methods, globals and constants, several files.
package main

import (
	"fmt"
	"os"
)

// Typed and untyped integer constants (Go records these in go:constinfo.*).
const (
	Answer        = 42
	Limit  uint16 = 1000
)

// Globals (each becomes a DW_TAG_variable in the package's compile unit).
var (
	greeting = "hello"
	counts   = map[string]int{}
	events   = make(chan int, 4)
)

// add is small, so the compiler inlines it at every call site.
func add(a, b int) int { return a + b }

// Sum is generic: its shape instantiation carries a dictionary parameter.
func Sum[T int | float64](xs []T) T {
	var total T
	for _, x := range xs {
		total += x
	}
	return total
}

//go:noinline
func scopes(n int) (result int) {
	for i := 0; i < n; i++ {
		if j := i * i; j%2 == 0 {
			k := add(j, i)
			result += k
		} else {
			m := j - i
			result -= m
		}
	}
	return result
}

// counter returns a closure that captures and updates x.
func counter() func() int {
	x := 0
	return func() int {
		x = add(x, 1)
		return x
	}
}

func main() {
	c := counter()
	c()
	p := Point{X: 3, Y: 4}
	events <- p.Dist2()
	counts[greeting] = scopes(Answer) + Sum([]int{1, 2, 3})
	var s Shape = p
	fmt.Fprintln(os.Stdout, greeting, c(), <-events, counts, Sum([]float64{1.5}), s.Area(), int(Limit))
}
