#include <stdio.h>
#include "_cgo_export.h"

int counter = 7;

int twice(int x) { return 2 * x; }

int sum_with_callback(int n) {
	int total = 0;
	for (int i = 1; i <= n; i++) total += goSquare(i);
	counter += total;
	return total;
}

void say(const char *s) {
	puts(s);
	fflush(stdout);
}
