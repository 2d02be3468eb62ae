/* The C program the DWARF reader is checked against (GCC's DWARF differs from Go's: .debug_str,
   .debug_line_str, DW_FORM_implicit_const, location views, .eh_frame). Built at test time; see
   README.md. */
#include <stdio.h>

struct point {
  int x, y;
};

static int dot(struct point a, struct point b) { return a.x * b.x + a.y * b.y; }

int sum_to(int n) {
  int total = 0;
  for (int i = 0; i < n; i++) {
    int sq = i * i;
    if (sq % 2 == 0) {
      int half = sq / 2;
      total += half;
    }
  }
  return total;
}

int main(int argc, char **argv) {
  struct point p = {argc, 2}, q = {3, 4};
  printf("%d %d %s\n", dot(p, q), sum_to(argc * 10), argv[0]);
  return 0;
}
