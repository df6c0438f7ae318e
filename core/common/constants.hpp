#pragma once
// Mathematical constants shared by the core (C++17 has no std::numbers).

namespace rnnbook {

inline constexpr double kPi = 3.14159265358979323846;

}  // namespace rnnbook
