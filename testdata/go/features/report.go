package main

import (
	"strconv"

	"example.com/features/geom"
)

// report calls code inlined from this package's main.go (double) and from geom, so its line
// program switches files and back.
//
//go:noinline
func report(v geom.Vec) string {
	a := double(v.X)
	b := geom.Scale(v, 3)
	return strconv.Itoa(a) + "," + strconv.Itoa(b.Y)
}
