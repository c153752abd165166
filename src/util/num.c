#include "util/num.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* %g drops trailing zeros, so 15 digits already give the shortest text
 * for every value that 15 digits can hold; only the others need 16 or
 * 17. The reference is this loop; the rest of the file gets the same text
 * without up to three printf and three strtod calls per value, since
 * features print millions of values. */
static const char *slow_format(char buf[NUM_BUF], double x) {
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(buf, NUM_BUF, "%.*g", prec, x);
    if (strtod(buf, NULL) == x) break;
  }
  return buf;
}

/* Decimal digits of |x|: d[0] is the leading one, exp the power of ten of
 * d[0]. The 19 digits the others are rounded from come either cut off
 * from the exact value, with `sticky` telling whether anything nonzero
 * was cut, or rounded by printf. */
enum { ALL_DIGITS = 19 };

typedef struct digits {
  char d[ALL_DIGITS];
  int n;
  int exp;
  bool negative;
  bool cut, sticky;
} digits;

/* a * b as the 128-bit hi:lo, in portable C. */
static void mul64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo) {
  uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
  uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
  *lo = mid << 32 | (p00 & 0xffffffffu);
  *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/* floor(f * 10^s * 2^e), exact, when it fits in 64 bits (else false);
 * *sticky: the floor dropped something. 10^s = 5^s * 2^s, and f * 5^s
 * takes at most 116 bits for s <= 27. */
static bool scaled(uint64_t f, int e, int s, uint64_t *out, bool *sticky) {
  static const uint64_t pow5[28] = {
    1ull, 5ull, 25ull, 125ull, 625ull, 3125ull, 15625ull, 78125ull, 390625ull,
    1953125ull, 9765625ull, 48828125ull, 244140625ull, 1220703125ull, 6103515625ull,
    30517578125ull, 152587890625ull, 762939453125ull, 3814697265625ull,
    19073486328125ull, 95367431640625ull, 476837158203125ull, 2384185791015625ull,
    11920928955078125ull, 59604644775390625ull, 298023223876953125ull,
    1490116119384765625ull, 7450580596923828125ull};
  if (s < 0 || s > 27) return false;
  uint64_t hi, lo;
  mul64(f, pow5[s], &hi, &lo);
  int shift = s + e;
  if (shift >= 0) {
    if (shift >= 64 || hi || (shift && lo >> (64 - shift))) return false;
    *out = lo << shift;
    *sticky = false;
    return true;
  }
  int k = -shift;
  if (k >= 128) return false;
  if (k >= 64) {
    *sticky = lo || (k > 64 && (hi << (128 - k)));
    *out = k == 64 ? hi : hi >> (k - 64);
    return true;
  }
  *sticky = (lo << (64 - k)) != 0;
  if (hi >> k) return false;
  *out = lo >> k | hi << (64 - k);
  return true;
}

/* The first 19 digits of |x| cut off exactly, by integer arithmetic; false
 * outside the range it covers (values printed are mostly near 1). */
static bool cut_digits(double x, digits *all) {
  double ax = fabs(x);
  if (!(ax >= 1e-7 && ax < 1e15)) return false;
  int e2;
  uint64_t f = (uint64_t)ldexp(frexp(ax, &e2), 53);   /* ax = f * 2^(e2 - 53) */
  int d = (int)floor((e2 - 1) * 0.30102999566398120);  /* log10(ax), or one less */
  uint64_t n = 0;
  bool sticky = false, found = false;
  for (int tries = 0; tries < 3 && !found; tries++) {
    if (!scaled(f, e2 - 53, 18 - d, &n, &sticky)) return false;
    if (n >= 10000000000000000000ull) d++;
    else if (n < 1000000000000000000ull) d--;
    else found = true;
  }
  if (!found) return false;
  for (int i = ALL_DIGITS - 1; i >= 0; i--, n /= 10) all->d[i] = (char)('0' + n % 10);
  all->exp = d;
  all->cut = true;
  all->sticky = sticky;
  return true;
}

/* The 19 digits as printf rounds them: "-d.dddddddddddddddddde+XX". */
static void printed_digits(double x, digits *all) {
  char e19[NUM_BUF];
  snprintf(e19, sizeof e19, "%.*e", ALL_DIGITS - 1, x);
  const char *s = e19 + (e19[0] == '-');
  all->d[0] = s[0];
  memcpy(all->d + 1, s + 2, ALL_DIGITS - 1);
  all->exp = atoi(s + ALL_DIGITS + 2);
  all->cut = all->sticky = false;
}

/* Rounds `all` to n <= 17 digits, as printf would round the exact value.
 * False where that needs more than the 19 digits tell: a half exactly,
 * which printf rounds to even for cut digits, and which for printed
 * digits may lie on either side of the exact value. */
static bool round_to(const digits *all, int n, digits *out) {
  *out = *all;
  out->n = n;
  char next = all->d[n];
  bool rest_zero = !all->sticky;
  for (int i = n + 1; i < ALL_DIGITS; i++) rest_zero &= all->d[i] == '0';
  if (next == '5' && rest_zero) return false;
  if (next < '5') return true;
  int i = n - 1;
  for (; i >= 0 && out->d[i] == '9'; i--) out->d[i] = '0';
  if (i >= 0) {
    out->d[i]++;
  } else {           /* 99...9 became 100...0 */
    out->d[0] = '1';
    out->exp++;
  }
  return true;
}

/* Whether the digits read back as exactly x. A mantissa of at most 2^53
 * times a power of ten of at most 22 is one correctly rounded IEEE
 * operation on exact operands, as strtod would round it; anything else
 * goes through strtod. */
static bool reads_back(const digits *g, double x) {
  uint64_t m = 0;
  for (int i = 0; i < g->n; i++) m = m * 10 + (uint64_t)(g->d[i] - '0');
  int e = g->exp - (g->n - 1);
#if FLT_EVAL_METHOD == 0
  static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  if (m <= (uint64_t)1 << 53 && e >= -22 && e <= 22) {
    double v = e < 0 ? (double)m / pow10[-e] : (double)m * pow10[e];
    return (g->negative ? -v : v) == x;
  }
#endif
  char text[40];
  snprintf(text, sizeof text, "%s%.*se%d", g->negative ? "-" : "", g->n, g->d, e);
  return strtod(text, NULL) == x;
}

/* The digits as %.{n}g prints them: plain when -4 <= exp < n, else with
 * an exponent of at least two digits; trailing zeros of the fraction and
 * a bare decimal point dropped. */
static const char *write_g(char buf[NUM_BUF], const digits *g) {
  int last = g->n;   /* digits shown: up to the last nonzero one */
  while (last > 1 && g->d[last - 1] == '0') last--;
  char *p = buf;
  if (g->negative) *p++ = '-';
  if (g->exp < -4 || g->exp >= g->n) {
    *p++ = g->d[0];
    if (last > 1) {
      *p++ = '.';
      memcpy(p, g->d + 1, (size_t)last - 1);
      p += last - 1;
    }
    snprintf(p, (size_t)(buf + NUM_BUF - p), "e%c%02d", g->exp < 0 ? '-' : '+', abs(g->exp));
    return buf;
  }
  if (g->exp < 0) {
    *p++ = '0';
    *p++ = '.';
    for (int i = -1; i > g->exp; i--) *p++ = '0';
    memcpy(p, g->d, (size_t)last);
    p += last;
  } else {
    memcpy(p, g->d, (size_t)g->exp + 1);
    p += g->exp + 1;
    if (last > g->exp + 1) {
      *p++ = '.';
      memcpy(p, g->d + g->exp + 1, (size_t)(last - g->exp - 1));
      p += last - g->exp - 1;
    }
  }
  *p = '\0';
  return buf;
}

const char *num_format(char buf[NUM_BUF], double x) {
  if (isnan(x)) return snprintf(buf, NUM_BUF, "nan"), buf;
  if (isinf(x)) return snprintf(buf, NUM_BUF, x < 0 ? "-inf" : "inf"), buf;
  digits all = {.n = ALL_DIGITS, .negative = signbit(x) != 0};
  if (!cut_digits(x, &all)) printed_digits(x, &all);
  /* Three candidates rounded from the 19 digits; 17 always read back. */
  digits g;
  for (int n = 15; n < 17; n++) {
    if (!round_to(&all, n, &g)) return slow_format(buf, x);
    if (reads_back(&g, x)) return write_g(buf, &g);
  }
  if (!round_to(&all, 17, &g)) return slow_format(buf, x);
  return write_g(buf, &g);
}
