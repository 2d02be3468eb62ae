// Package geom is the sub-package of the features program: its small functions are inlined into
// package main (cross-package inlining, so main's object carries their abstract DIEs), and its
// method values and interface make wrappers.
package geom

// Vec is a 2-D vector with value-receiver methods.
type Vec struct{ X, Y int }

// Origin is a global of the sub-package.
var Origin = Vec{}

// Scale is small enough to be inlined into its callers in other packages.
func Scale(v Vec, k int) Vec {
	w := Vec{v.X * k, v.Y * k}
	return w
}

// Dot is inlined too, and calls the inlined Scale (nested inlining).
func Dot(a, b Vec) int {
	c := Scale(a, 1)
	return c.X*b.X + c.Y*b.Y
}

// Len2 is a method; through the Shape interface it also gets a (*Vec).Len2 wrapper.
//
//go:noinline
func (v Vec) Len2() int { return Dot(v, v) }

// Shape is satisfied by Vec.
type Shape interface{ Len2() int }
