// Overflow-checked 64-bit integer arithmetic for exact counts (parameters, bytes).
//
// Counts multiply user-supplied widths; a hostile config can overflow int64_t.
// These helpers turn overflow into a kOutOfRange Status instead of UB.
#ifndef LLMCOST_CHECKED_ARITHMETIC_H_
#define LLMCOST_CHECKED_ARITHMETIC_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "llmcost/status.h"

namespace llmcost {

// Returns a * b, or kOutOfRange naming `what` (e.g. "vocab_size x hidden_size") on overflow.
inline Result<int64_t> CheckedMul(int64_t a, int64_t b, std::string_view what) {
  int64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out)) {
    return OutOfRangeError(std::string(what) + ": product overflows 64-bit counts (" +
                           std::to_string(a) + " x " + std::to_string(b) + ")");
  }
  return out;
}

// Returns a + b, or kOutOfRange naming `what` on overflow.
inline Result<int64_t> CheckedAdd(int64_t a, int64_t b, std::string_view what) {
  int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) {
    return OutOfRangeError(std::string(what) + ": sum overflows 64-bit counts (" +
                           std::to_string(a) + " + " + std::to_string(b) + ")");
  }
  return out;
}

// Returns the product of all factors, or kOutOfRange naming `what` on overflow.
inline Result<int64_t> CheckedProduct(std::initializer_list<int64_t> factors,
                                      std::string_view what) {
  int64_t out = 1;
  for (int64_t f : factors) {
    if (__builtin_mul_overflow(out, f, &out)) {
      std::string product;
      for (int64_t g : factors) {
        product += (product.empty() ? "" : " x ") + std::to_string(g);
      }
      return OutOfRangeError(std::string(what) + ": product overflows 64-bit counts (" + product +
                             ")");
    }
  }
  return out;
}

// Returns the sum of all terms, or kOutOfRange naming `what` on overflow.
inline Result<int64_t> CheckedSum(std::initializer_list<int64_t> terms, std::string_view what) {
  int64_t out = 0;
  for (int64_t t : terms) {
    if (__builtin_add_overflow(out, t, &out)) {
      return OutOfRangeError(std::string(what) + ": sum overflows 64-bit counts");
    }
  }
  return out;
}

}  // namespace llmcost

#endif  // LLMCOST_CHECKED_ARITHMETIC_H_
