package main

// linedirective's body is attributed, by a //line directive, to another file and line.
//
//go:noinline
func linedirective(n int) int {
//line generated.tmpl:100
	r := n * 3
	if r > 5 {
		q := r - 1
		r = q
	}
	return r
}
