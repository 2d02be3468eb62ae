// Command features exercises what shapes a function's DWARF in Go 1.26; see README.md.
package main

import (
	"fmt"
	"os"
	"strings"

	"example.com/features/geom"
)

// Typed and untyped integer constants.
const (
	Base       = 7
	Mask uint8 = 0xf0
	Big  int64 = -1 << 40
	Name       = "features" // not an integer: no constant DIE
)

// Globals.
var (
	total  int
	labels = []string{"a", "b", "c"}
	sink   *int
	// op holds double as a func value, so double is compiled on its own as well as inlined: its
	// DIE is concrete (abstract_origin) rather than a default one.
	op = double
)

// double is inlined within the package.
func double(x int) int { return x * 2 }

// nested has nested lexical scopes with variables in each.
//
//go:noinline
func nested(n int) (sum int) {
	for i := 0; i < n; i++ {
		sq := i * i
		if sq%3 == 0 {
			d := double(sq)
			for j := 0; j < 2; j++ {
				k := d + j
				sum += k
			}
		} else {
			neg := -sq
			sum += neg
		}
	}
	return sum
}

// many has many register parameters and several results.
//
//go:noinline
func many(a, b, c, d int, e, f float64, g string, h bool, i []byte) (int, float64, string, error) {
	s := a + b*c - d
	if h {
		s += len(i)
	}
	return s, e * f, g + "!", nil
}

// Pair is generic with two type parameters: its shape instantiations take a dictionary.
//
//go:noinline
func Pair[K comparable, V any](k K, v V) (K, V, string) {
	var keep V = v
	return k, keep, fmt.Sprint(k, "=", keep)
}

// counter returns closures: one modifies the captured n (so n escapes), one reads it.
func counter(start int) (func() int, func() int) {
	n := start
	step := 2
	inc := func() int {
		n += step
		return n
	}
	get := func() int { return n }
	return inc, get
}

// escape makes a local escape to the heap.
//
//go:noinline
func escape(v int) *int {
	x := v + 1
	sink = &x
	return &x
}

// upper calls strings.HasPrefix, inlined from the standard library, and strings.TrimSpace and
// strings.ToUpper, which are not.
//
//go:noinline
func upper(s string) string {
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "he") {
		t = strings.ToUpper(t)
	}
	return t + strings.Repeat("-", 2)
}

// useGeom calls geom.Dot (inlined from the sub-package, with Scale inlined in it), an interface
// method through the (*Vec).Len2 wrapper, and a method value (the Vec.Len2-fm wrapper).
//
//go:noinline
func useGeom(a, b geom.Vec) int {
	return geom.Dot(a, b) + area(a) + call(b.Len2)
}

//go:noinline
func area(sh geom.Shape) int { return sh.Len2() }

//go:noinline
func call(f func() int) int { return f() }

func main() {
	s, p, q, err := many(1, 2, 3, 4, 1.5, 2, "x", true, []byte("yz"))
	k1, v1, s1 := Pair("k", 3)
	k2, v2, s2 := Pair(4, 2.5)
	inc, get := counter(Base)
	inc()
	inc()
	total = nested(6) + int(Mask) + int(Big>>40)
	fmt.Fprintln(os.Stdout, s, p, q, err, k1, v1, s1, k2, v2, s2, get(), total, *escape(Base))
	fmt.Fprintln(os.Stdout, upper("  hello "), useGeom(geom.Vec{X: 1, Y: 2}, geom.Vec{X: 3, Y: 4}), labels, Name)
	fmt.Fprintln(os.Stdout, report(geom.Origin), linedirective(3), op(21))
}
