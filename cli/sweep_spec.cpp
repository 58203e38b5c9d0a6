#include "cli/sweep_spec.hpp"

#include <charconv>

#include <fmt/format.h>

#include "checker/errors.hpp"

namespace synack::cli {

Sweep parse_sweep(const std::string& text) {
  // The messages below quote the text: a control character would break the one line.
  for (std::size_t i = 0; i < text.size(); ++i)
    if (auto byte = static_cast<unsigned char>(text[i]); byte < 0x20 || byte == 0x7f)
      throw InputError(
          fmt::format("--sweep: control character 0x{:02x} at column {}; expected KEY=A..B, e.g. "
                      "tcp.time_wait=0..6",
                      byte, i + 1));
  auto eq = text.find('=');
  auto dots = text.find("..", eq == std::string::npos ? 0 : eq);
  auto bad = [&] {
    return InputError(
        fmt::format("--sweep '{}': expected KEY=A..B with integers A <= B, e.g. "
                    "tcp.time_wait=0..6",
                    text));
  };
  if (eq == std::string::npos || eq == 0 || dots == std::string::npos) throw bad();
  Sweep s;
  s.key = text.substr(0, eq);
  std::string a = text.substr(eq + 1, dots - eq - 1), b = text.substr(dots + 2);
  auto num = [&](const std::string& t, int& v) {
    auto [end, err] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (t.empty() || err != std::errc() || end != t.data() + t.size()) throw bad();
  };
  num(a, s.from);
  num(b, s.to);
  if (s.from > s.to) throw bad();
  // In 64 bits: INT_MIN..INT_MAX is a valid (if too long) range, not an overflow.
  if (static_cast<long long>(s.to) - s.from > 64)
    throw InputError(fmt::format("--sweep '{}': at most 65 values", text));
  return s;
}

}  // namespace synack::cli
