/* The start-up reference for `llmcost analyze CONFIG`: a static C program that reads the same
 * file and prints one line (bench/whole_process.sh). */
#include <stdio.h>

int main(int argc, char** argv) {
  if (argc < 2) {
    return 2;
  }
  FILE* f = fopen(argv[1], "rb");
  if (f == NULL) {
    return 1;
  }
  char buffer[1 << 16];
  size_t total = 0;
  size_t got = 0;
  while ((got = fread(buffer, 1, sizeof buffer, f)) > 0) {
    total += got;
  }
  fclose(f);
  printf("%s: %zu bytes\n", argv[1], total);
  return 0;
}
