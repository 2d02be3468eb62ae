package main

// Point is a struct with methods, used through the Shape interface.
type Point struct{ X, Y int }

type Shape interface{ Area() int }

// Dist2 has a value receiver and calls the inlined add.
func (p Point) Dist2() int { return add(p.X*p.X, p.Y*p.Y) }

//go:noinline
func (p Point) Area() int { return p.X * p.Y }
