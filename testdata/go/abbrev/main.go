// Command abbrev is a tiny program whose .debug_abbrev is compared with godwarf's. The table Go
// writes is fixed, so any program would do; this one still touches globals, constants, closures,
// inlining, maps, channels and interfaces so its other sections are useful to later tests.
package main

import (
	"fmt"
	"os"
)

const answer = 42

type point struct {
	X, Y int
}

type shape interface {
	area() int
}

func (p point) area() int { return p.X * p.Y }

var registry = map[string]shape{}

func add(a, b int) int { return a + b }

func main() {
	ch := make(chan int, 1)
	total := 0
	bump := func(n int) { total += n }
	for i, arg := range os.Args {
		bump(add(i, len(arg)))
	}
	registry["p"] = point{X: answer, Y: total}
	ch <- registry["p"].area()
	fmt.Println(<-ch, []byte("abbrev"))
}
