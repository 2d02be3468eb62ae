// Command types puts one Go type of each shape into a real binary's DWARF, for
// linker/dwarf/types-vs-go.test.ts: every type of a global here gets the type DIEs cmd/link's
// defgotype, newtype and synthesizers make, which the test compares with what linker/dwarf/types.ts
// makes from the same types' records.
package main

import (
	"os"
	"unsafe"
)

// Named basic types: base types under their own names, no typedef.
type (
	Celsius float64
	Flag    bool
	Wide    complex128
	Narrow  complex64
	Small   int8
	Code    uint16
)

// Point is a plain struct.
type Point struct {
	X, Y int
}

// Big is larger than a map's 128-byte slot limit, so a map keyed by it stores *Big.
type Big struct {
	A [200]byte
}

// Inner embeds a pointer and a value, and has an unexported field and a blank one.
type Inner struct {
	*Point
	Big
	n int8
	_ int32
	S string
}

// List is recursive.
type List struct {
	Next *List
	Val  any
}

// Shape is an interface with methods; Stringer another.
type Shape interface {
	Area() float64
	Perimeter() float64
}

// Handler is a named func type; Op a named func type with results.
type (
	Handler func(string, ...int)
	Op      func(a, b int) (int, error)
)

// Named composite types.
type (
	Grid    [3][4]int16
	Ints    []int
	Table   map[string][]Point
	Pipe    chan *Point
	PtrT    *Point
	Empty   struct{}
	Ptrs    [2]unsafe.Pointer
	NoElems [0]Point
)

var (
	GCelsius  Celsius = 21.5
	GFlag     Flag
	GWide     Wide
	GNarrow   Narrow
	GSmall    Small = -3
	GCode     Code  = 7
	GPoint    Point
	GInner    Inner
	GList     = &List{Val: 1}
	GShape    Shape
	GAny      any
	GErr      error
	GHandler  Handler
	GOp       Op
	GFunc     func(int, float32) bool
	GVariadic func(...string)
	GGrid     Grid
	GInts     Ints
	GTable    Table
	GPipe     Pipe
	GPtrT     PtrT
	GEmpty    Empty
	GPtrs     Ptrs
	GNo       NoElems
	GUnsafe   unsafe.Pointer
	GMap      map[string]int
	GMapBig   map[Big]*Point
	GMapE     map[int32]struct{}
	GChan     chan Point
	GSend     chan<- int
	GRecv     <-chan string
	GChanE    chan struct{}
	GSlice    []Point
	GStrs     []string
	GBytes    []byte
	GArr      [5]uint32
	GStruct   struct {
		A int
		B []byte
	}
	GPP    **Point
	GStr   string
	GC64   complex64
	GU8    uint8
	GRunes []rune
)

func main() {
	GMap = map[string]int{"a": 1}
	GMapBig = map[Big]*Point{}
	GMapE = map[int32]struct{}{}
	GTable = Table{}
	GChan = make(chan Point, 1)
	GPipe = make(Pipe)
	GChanE = make(chan struct{})
	GUnsafe = unsafe.Pointer(&GPoint)
	GInts = Ints{1}
	GSlice = []Point{{1, 2}}
	GStrs = os.Args
	GBytes = []byte("x")
	GRunes = []rune("y")
	GPP = (**Point)(&GPtrT)
	GPtrT = &GPoint
	GErr = os.ErrNotExist
	if len(os.Args) > 5 {
		// Keep everything reachable without printing it.
		println(GCelsius, GFlag, GSmall, GCode, GInner.n, GList.Next, GShape, GAny, GHandler, GOp, GFunc, GVariadic,
			GGrid[0][0], len(GTable), GPipe, GEmpty == Empty{}, GPtrs[0], len(GNo), GSend, GRecv, GArr[0], GStruct.A,
			GStr, GC64, GU8, real(GWide), real(GNarrow))
	}
	n := len(GMap) + len(GMapBig) + len(GMapE) + len(GChan) + len(GSlice) + len(GStrs) + len(GBytes) +
		len(GRunes) + len(GInts) + (**GPP).X + int(uintptr(GUnsafe)&0)
	if n < 0 {
		println(n)
	}
}
