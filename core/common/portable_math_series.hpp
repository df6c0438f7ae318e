#pragma once
// The reduction constants and series of portable exp and log, shared by the scalar functions
// (portable_math.cpp) and their two-lane forms (portable_math_lanes.cpp), which must round alike.
namespace rnnbook::portable::series {

constexpr double kInvLn2 = 1.4426950408889634;
constexpr double kLn2Hi = 0.6931471803691238;  // ln 2 to 32 bits: n * kLn2Hi is exact for |n| < 2^21
constexpr double kLn2Lo = 1.9082149292705877e-10;
constexpr double kSqrtHalf = 0.7071067811865476;
// 1/n! for n = 2..14: expm1(r) = r + r^2 (c[0] + r (c[1] + ...)), |r| <= ln2 / 2.
constexpr double kExpm1[] = {0.5, 0.16666666666666666, 0.041666666666666664, 0.008333333333333333,
                             0.001388888888888889, 0.0001984126984126984, 2.48015873015873e-05,
                             2.7557319223985893e-06, 2.755731922398589e-07, 2.505210838544172e-08,
                             2.08767569878681e-09, 1.6059043836821613e-10, 1.1470745597729725e-11};
// 2 / (2j+1) for j = 1..11: log(1+f) = 2 atanh(s), s = f / (2+f), |s| <= 0.172.
constexpr double kLog[] = {0.6666666666666666, 0.4, 0.2857142857142857, 0.2222222222222222,
                           0.18181818181818182, 0.15384615384615385, 0.13333333333333333,
                           0.11764705882352941, 0.10526315789473684, 0.09523809523809523,
                           0.08695652173913043};

}  // namespace rnnbook::portable::series
