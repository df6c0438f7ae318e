#include "rnn/activation.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "common/error.hpp"
#include "common/portable_math.hpp"
#include "common/simd.hpp"
#include "common/simd_float.hpp"

namespace rnnbook {

// tanh without libm, on a vector of doubles at a time (common/simd.hpp: two, or eight with AVX-512 in a
// -march=native build, where every lane computes the same bits), so that it is cheap in wasm (musl's exp
// made it a quarter of a training step) and the same bits natively and in wasm. With v = -2|x|,
//   tanh|x| = -m / (2 + m),  m = e^v - 1 = 2^n (1 + q) - 1,  n = round(v / ln 2),
// where q = e^r - 1 for r = v - n ln 2 (|r| <= ln2 / 2) is its Taylor series to r^14 (tail < 1e-18 q).
// m has no cancellation at small |x|, so the result is within a few ulp of tanh at every scale.
namespace tanh_kernel {

using namespace simd;

constexpr double inverse_factorial(int k) { return k <= 1 ? 1.0 : inverse_factorial(k - 1) / k; }
template <int... K> constexpr std::array<double, sizeof...(K)> inverse_factorials() { return {inverse_factorial(K)...}; }
constexpr auto kTaylor = inverse_factorials<0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14>();  // 1/k!, folded

// The kernel's constants as vectors, filled by a call the optimiser cannot see through: held in
// registers across a loop, not rebuilt at every use (V8 rebuilt each v128.const, half the time).
struct TanhConstants {
  Wide sign, minus_two, floor, shifter, log2e, ln2_hi, ln2_lo, one, two, exponent_bias;
  Wide taylor[15];
};
[[gnu::noinline]] void fill_tanh_constants(TanhConstants& c) {
  c.sign = splat_wide(-0.0), c.minus_two = splat_wide(-2.0), c.floor = splat_wide(-40.0);
  c.shifter = splat_wide(6755399441055744.0), c.log2e = splat_wide(1.4426950408889634);
  c.ln2_hi = splat_wide(6.93147180369123816490e-01), c.ln2_lo = splat_wide(1.90821492927058770002e-10);
  c.one = splat_wide(1.0), c.two = splat_wide(2.0), c.exponent_bias = splat_int64_wide(1023);
  for (int k = 0; k < 15; ++k) c.taylor[k] = splat_wide(kTaylor[k]);
}

inline Wide tanh_lanes(Wide x, const TanhConstants& c) {
  Wide v = mul(bit_and_not(x, c.sign), c.minus_two);
  v = max_or_nan(v, c.floor);  // e^-40 < 2^-57: tanh is 1.0 beyond; NaN stays
  const Wide t = add(mul(v, c.log2e), c.shifter);  // adding 1.5 * 2^52 rounds to an integer
  const Wide n = sub(t, c.shifter);
  const Wide r = sub(sub(v, mul(n, c.ln2_hi)), mul(n, c.ln2_lo));
  // p = sum_{k=2..14} r^(k-2) / k! by Estrin's scheme: four dependent steps instead of Horner's twelve
  // (Horner left the kernel waiting on latency, 2.5x slower).
  const Wide r2 = mul(r, r), r4 = mul(r2, r2), r8 = mul(r4, r4);
  const auto term_pair = [&](int k) { return add(c.taylor[k], mul(c.taylor[k + 1], r)); };
  const Wide q0 = add(term_pair(2), mul(term_pair(4), r2)), q1 = add(term_pair(6), mul(term_pair(8), r2));
  const Wide q2 = add(term_pair(10), mul(term_pair(12), r2));
  const Wide p = add(add(q0, mul(q1, r4)), mul(add(q2, mul(c.taylor[14], r4)), r8));
  const Wide q = add(r, mul(r2, p));
  const Wide scale = shift_left_52(add_int64(t, c.exponent_bias));  // 2^n from the low bits of t
  const Wide m = add(mul(scale, q), sub(scale, c.one));
  const Wide y = div(sub(zero_wide(), m), add(c.two, m));
  return bit_or(bit_and_not(y, c.sign), bit_and(x, c.sign));
}

// Calls f on rows [i, rows) of column x (fewer than kWideLanes entries), padded with the last entry.
template <class F>
auto on_last_rows(const double* x, Eigen::Index i, Eigen::Index rows, F f) {
  double lanes[kWideLanes];
  for (int l = 0; l < kWideLanes; ++l) lanes[l] = x[std::min<Eigen::Index>(i + l, rows - 1)];
  return f(load_wide(lanes));
}

// out[m] = f(in)[m] entrywise for each output m, f on kWideLanes doubles at a time, returning one
// vector per output (std::array<Wide, M>): phi alone, or phi and phi' from one tanh.
template <class F, class... Out>
void map_lanes(const Eigen::Ref<const Eigen::MatrixXd>& in, F f, Out... out) {
  constexpr std::size_t M = sizeof...(Out);
  const Eigen::Index rows = in.rows();
  for (Eigen::Index j = 0; j < in.cols(); ++j) {
    const double* x = in.data() + j * in.outerStride();
    const std::array<double*, M> y{(out.data() + j * out.outerStride())...};
    Eigen::Index i = 0;
    for (; i + kWideLanes <= rows; i += kWideLanes) {
      const auto fx = f(load_wide(x + i));  // std::array of M vectors
      for (std::size_t m = 0; m < M; ++m) store(y[m] + i, fx[m]);
    }
    if (i < rows) {
      const auto fx = on_last_rows(x, i, rows, f);
      for (std::size_t m = 0; m < M; ++m) {
        double lanes[kWideLanes];
        store(lanes, fx[m]);
        std::copy(lanes, lanes + (rows - i), y[m] + i);
      }
    }
  }
}

// The same kernel in float32, four floats at a time (common/simd_float.hpp): v = -2|x| >= -20 (tanh is
// 1.0f beyond), n = round(v / ln 2) by adding 1.5 * 2^23, r = v - n ln 2 with ln 2 split so that n ln2_hi
// is exact, q = e^r - 1 by Taylor to r^8 (tail < 2e-10 q, below float's 6e-8), 2^n from the low bits of
// t. Within a few float ulp of tanh (tests/unit/activation_float_test.cpp measures it).
constexpr auto kTaylorFloat = inverse_factorials<0, 1, 2, 3, 4, 5, 6, 7, 8>();

struct TanhFloatConstants {
  Floats sign, minus_two, floor, shifter, log2e, ln2_hi, ln2_lo, one, two, exponent_bias;
  Floats taylor[9];
};
[[gnu::noinline]] void fill_tanh_float_constants(TanhFloatConstants& c) {
  c.sign = splat_floats(-0.0f), c.minus_two = splat_floats(-2.0f), c.floor = splat_floats(-20.0f);
  c.shifter = splat_floats(12582912.0f), c.log2e = splat_floats(1.44269502f);
  c.ln2_hi = splat_floats(0.693145751953125f), c.ln2_lo = splat_floats(1.42860677e-06f);
  c.one = splat_floats(1.0f), c.two = splat_floats(2.0f), c.exponent_bias = splat_int32_floats(127);
  for (int k = 0; k < 9; ++k) c.taylor[k] = splat_floats(float(kTaylorFloat[k]));
}

inline Floats tanh_lanes(Floats x, const TanhFloatConstants& c) {
  Floats v = mul_floats(bit_and_not_floats(x, c.sign), c.minus_two);
  v = max_or_nan_floats(v, c.floor);  // NaN stays
  const Floats t = add_floats(mul_floats(v, c.log2e), c.shifter);
  const Floats n = sub_floats(t, c.shifter);
  const Floats r = sub_floats(sub_floats(v, mul_floats(n, c.ln2_hi)), mul_floats(n, c.ln2_lo));
  // p = sum_{k=2..8} r^(k-2) / k! by Estrin's scheme, as in the double kernel.
  const Floats r2 = mul_floats(r, r), r4 = mul_floats(r2, r2);
  const auto term_pair = [&](int k) { return add_floats(c.taylor[k], mul_floats(c.taylor[k + 1], r)); };
  const Floats p = add_floats(add_floats(term_pair(2), mul_floats(term_pair(4), r2)),
                              mul_floats(add_floats(term_pair(6), mul_floats(c.taylor[8], r2)), r4));
  const Floats q = add_floats(r, mul_floats(r2, p));
  const Floats scale = shift_left_23_floats(add_int32_floats(t, c.exponent_bias));  // 2^n
  const Floats m = add_floats(mul_floats(scale, q), sub_floats(scale, c.one));
  const Floats y = div_floats(sub_floats(zero_floats(), m), add_floats(c.two, m));
  return bit_or_floats(bit_and_not_floats(y, c.sign), bit_and_floats(x, c.sign));
}

// map_lanes for float32 matrices: f on four floats at a time, the last rows padded with the last entry.
template <class F, class... Out>
void map_float_lanes(const Eigen::Ref<const Eigen::MatrixXf>& in, F f, Out... out) {
  constexpr std::size_t M = sizeof...(Out);
  const Eigen::Index rows = in.rows();
  for (Eigen::Index j = 0; j < in.cols(); ++j) {
    const float* x = in.data() + j * in.outerStride();
    const std::array<float*, M> y{(out.data() + j * out.outerStride())...};
    Eigen::Index i = 0;
    for (; i + kFloatLanes <= rows; i += kFloatLanes) {
      const auto fx = f(load(x + i));
      for (std::size_t m = 0; m < M; ++m) store(y[m] + i, fx[m]);
    }
    if (i < rows) {
      float lanes[kFloatLanes];
      for (int l = 0; l < kFloatLanes; ++l) lanes[l] = x[std::min<Eigen::Index>(i + l, rows - 1)];
      const auto fx = f(load(lanes));
      for (std::size_t m = 0; m < M; ++m) {
        store(lanes, fx[m]);
        std::copy(lanes, lanes + (rows - i), y[m] + i);
      }
    }
  }
}

// What a map computes from t = tanh(x): phi = t, phi' = 1 - t^2, or both from one tanh.
enum Outputs { kPhi, kDphi, kBoth };

inline Wide one_minus_square(Wide t, const TanhConstants& c) { return sub(c.one, mul(t, t)); }
inline Floats one_minus_square(Floats t, const TanhFloatConstants& c) {
  return sub_floats(c.one, mul_floats(t, t));
}

template <Outputs O, class Lanes, class Constants>
auto tanh_outputs(Lanes x, const Constants& c) {
  const Lanes t = tanh_lanes(x, c);
  if constexpr (O == kPhi) return std::array{t};
  else if constexpr (O == kDphi) return std::array{one_minus_square(t, c)};
  else return std::array{t, one_minus_square(t, c)};
}

template <Outputs O, class... Out>
void map_tanh(const Eigen::Ref<const Eigen::MatrixXd>& in, Out... out) {
  TanhConstants c;
  fill_tanh_constants(c);
  map_lanes(in, [&c](Wide x) { return tanh_outputs<O>(x, c); }, out...);
}
template <Outputs O, class... Out>
void map_tanh(const Eigen::Ref<const Eigen::MatrixXf>& in, Out... out) {
  TanhFloatConstants c;
  fill_tanh_float_constants(c);
  map_float_lanes(in, [&c](Floats x) { return tanh_outputs<O>(x, c); }, out...);
}

}  // namespace tanh_kernel

double tanh_fast(double x) {
  double lanes[simd::kWideLanes];
  std::fill(lanes, lanes + simd::kWideLanes, x);
  tanh_kernel::TanhConstants c;
  tanh_kernel::fill_tanh_constants(c);
  simd::store(lanes, tanh_kernel::tanh_lanes(simd::load_wide(lanes), c));
  return lanes[0];
}

Activation activation_from_name(const std::string& name) {
  if (name == "tanh") return Activation::tanh;
  if (name == "relu") return Activation::relu;
  if (name == "softplus") return Activation::softplus;
  if (name == "identity") return Activation::identity;
  throw Error("activation: must be one of \"tanh\", \"relu\", \"softplus\", \"identity\", got \"" + name + "\"");
}

const char* activation_name(Activation f) {
  switch (f) {
    case Activation::tanh: return "tanh";
    case Activation::relu: return "relu";
    case Activation::softplus: return "softplus";
    case Activation::identity: return "identity";
  }
  return "?";
}

namespace {

template <class Scalar>
void phi_of(Activation f, const Eigen::Ref<const Eigen::Matrix<Scalar, -1, -1>>& in,
            Eigen::Ref<Eigen::Matrix<Scalar, -1, -1>> out) {
  switch (f) {
    case Activation::tanh: tanh_kernel::map_tanh<tanh_kernel::kPhi>(in, out); break;
    case Activation::relu: out = in.array().max(Scalar(0)).matrix(); break;
    // log(1 + e^x) = max(x, 0) + log1p(e^-|x|): no overflow for large |x|; in double, rounded to Scalar.
    case Activation::softplus:
      out = in.unaryExpr([](Scalar xs) {
        const double x = xs;
        return Scalar(std::max(x, 0.0) + portable::log1p(portable::exp(-std::abs(x))));
      });
      break;
    case Activation::identity: out = in; break;
  }
}

template <class Scalar>
void dphi_of(Activation f, const Eigen::Ref<const Eigen::Matrix<Scalar, -1, -1>>& in,
             Eigen::Ref<Eigen::Matrix<Scalar, -1, -1>> out) {
  switch (f) {
    case Activation::tanh: tanh_kernel::map_tanh<tanh_kernel::kDphi>(in, out); break;
    case Activation::relu: out = (in.array() > Scalar(0)).template cast<Scalar>().matrix(); break;  // phi'(0) = 0
    case Activation::softplus:
      out = in.unaryExpr([](Scalar x) { return Scalar(1.0 / (1.0 + portable::exp(-double(x)))); });
      break;
    case Activation::identity: out.setOnes(); break;
  }
}

template <class Scalar>
void phi_and_dphi_of(Activation f, const Eigen::Ref<const Eigen::Matrix<Scalar, -1, -1>>& in,
                     Eigen::Ref<Eigen::Matrix<Scalar, -1, -1>> phi, Eigen::Ref<Eigen::Matrix<Scalar, -1, -1>> dphi) {
  if (f != Activation::tanh) {
    phi_of<Scalar>(f, in, phi);
    dphi_of<Scalar>(f, in, dphi);
    return;
  }
  tanh_kernel::map_tanh<tanh_kernel::kBoth>(in, phi, dphi);
}

}  // namespace

void apply_phi(Activation f, const Eigen::Ref<const Eigen::MatrixXd>& in, Eigen::Ref<Eigen::MatrixXd> out) {
  phi_of<double>(f, in, out);
}
void apply_phi(Activation f, const Eigen::Ref<const Eigen::MatrixXf>& in, Eigen::Ref<Eigen::MatrixXf> out) {
  phi_of<float>(f, in, out);
}
void apply_dphi(Activation f, const Eigen::Ref<const Eigen::MatrixXd>& in, Eigen::Ref<Eigen::MatrixXd> out) {
  dphi_of<double>(f, in, out);
}
void apply_dphi(Activation f, const Eigen::Ref<const Eigen::MatrixXf>& in, Eigen::Ref<Eigen::MatrixXf> out) {
  dphi_of<float>(f, in, out);
}
void apply_phi_and_dphi(Activation f, const Eigen::Ref<const Eigen::MatrixXd>& in, Eigen::Ref<Eigen::MatrixXd> phi,
                        Eigen::Ref<Eigen::MatrixXd> dphi) {
  phi_and_dphi_of<double>(f, in, phi, dphi);
}
void apply_phi_and_dphi(Activation f, const Eigen::Ref<const Eigen::MatrixXf>& in, Eigen::Ref<Eigen::MatrixXf> phi,
                        Eigen::Ref<Eigen::MatrixXf> dphi) {
  phi_and_dphi_of<float>(f, in, phi, dphi);
}

void apply_d2phi(Activation f, const Eigen::Ref<const Eigen::MatrixXd>& in, Eigen::Ref<Eigen::MatrixXd> out) {
  switch (f) {
    case Activation::tanh: {  // -2 tanh (1 - tanh^2)
      tanh_kernel::TanhConstants c;
      tanh_kernel::fill_tanh_constants(c);
      tanh_kernel::map_lanes(in, [&c](simd::Wide x) {
        const simd::Wide t = tanh_kernel::tanh_lanes(x, c);
        return std::array{simd::mul(simd::mul(c.minus_two, t), simd::sub(c.one, simd::mul(t, t)))};
      }, out);
      break;
    }
    case Activation::softplus:  // sigma (1 - sigma)
      out = in.unaryExpr([](double x) { const double s = 1.0 / (1.0 + portable::exp(-x)); return s * (1.0 - s); });
      break;
    case Activation::relu:
    case Activation::identity: out.setZero(); break;
  }
}

}  // namespace rnnbook
