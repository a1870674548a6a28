/* fuzz_common.h — what every libFuzzer target here shares: the entry point's
 * prototype (libFuzzer calls it; -Wmissing-prototypes wants one) and the
 * check that stops the run on a broken invariant, so libFuzzer saves the
 * input that broke it. */
#ifndef GLYPHPAD_FUZZ_COMMON_H
#define GLYPHPAD_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond) \
  do { \
    if (!(cond)) { \
      fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      abort(); \
    } \
  } while (0)

#endif
