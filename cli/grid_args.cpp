#include "grid_args.hpp"

#include <cstdint>
#include <regex>

#include "common/error.hpp"

namespace rnnbook {

namespace {

// An item a:b of integers, or false when the item has another form.
bool append_range(const std::string& item, const std::string& where, ordered_json& values) {
  static const std::regex range("(-?[0-9]+):(-?[0-9]+)");
  std::smatch m;
  if (!std::regex_match(item, m, range)) return false;
  std::int64_t a = 0, b = 0;
  try {
    a = std::stoll(m[1]);
    b = std::stoll(m[2]);
  } catch (const std::exception&) {
    throw Error(where + ": " + item + " is beyond the 64-bit integers");
  }
  if (a > b) throw Error(where + ": the range " + item + " is empty; a:b needs a <= b");
  // Refused here, before a huge range is built; expand_sweep checks the product of all axes.
  if (static_cast<std::uint64_t>(b) - static_cast<std::uint64_t>(a) >= kMaxSweepPoints)
    throw Error(where + ": the range " + item + " has more than " + std::to_string(kMaxSweepPoints) + " values");
  for (std::int64_t v = a;; ++v) {
    values.push_back(v);
    if (v == b) break;
  }
  return true;
}

}  // namespace

std::pair<std::string, ordered_json> parse_grid_arg(const std::string& arg) {
  const std::string where = "--grid " + arg;
  const auto eq = arg.find('=');
  if (eq == std::string::npos)
    throw Error(where + ": expected PATH=VALUES, e.g. seed=0:9 or model.rank=1,8,64");
  const std::string path = arg.substr(0, eq), list = arg.substr(eq + 1);
  ordered_json values = ordered_json::array();
  std::size_t start = 0;
  while (true) {
    const auto comma = list.find(',', start);
    const std::string item = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (item.empty()) throw Error(where + ": an empty value; VALUES is a:b or a comma list such as 1,8,64");
    if (!append_range(item, where, values)) {
      const ordered_json parsed = ordered_json::parse(item, nullptr, false);
      values.push_back(parsed.is_number() || parsed.is_boolean() ? parsed : ordered_json(item));
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return {path, values};
}

}  // namespace rnnbook
