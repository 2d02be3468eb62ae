// Command cgo calls C and is called back from C, so its link has host objects, cgo directives
// (dynamic imports, static and dynamic exports) and a C global. It prints with println to keep
// the link small (no fmt).
package main

/*
#include <stdlib.h>

extern int counter;
int twice(int x);
int sum_with_callback(int n);
void say(const char *s);
*/
import "C"

import "unsafe"

//export goSquare
func goSquare(x C.int) C.int { return x * x }

func main() {
	s := C.CString("hello from C")
	defer C.free(unsafe.Pointer(s))
	C.say(s)
	println(C.twice(21), C.sum_with_callback(4), C.counter)
}
