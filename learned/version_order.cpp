// Compares release names run by run: a run of digits against a run of digits by value,
// anything else as text; the shorter name first when one is a prefix of the other.
#include "learned/version_order.hpp"

#include <cctype>
#include <string_view>

namespace synack::learned {

namespace {

bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

std::string_view next_run(std::string_view s, std::size_t& i) {
  std::size_t start = i;
  bool digits = is_digit(s[i]);
  while (i < s.size() && is_digit(s[i]) == digits) ++i;
  return s.substr(start, i - start);
}

// Numbers of any length compare by value: leading zeros dropped, then length, then text.
int compare_numbers(std::string_view x, std::string_view y) {
  while (x.size() > 1 && x.front() == '0') x.remove_prefix(1);
  while (y.size() > 1 && y.front() == '0') y.remove_prefix(1);
  if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
  return x.compare(y);
}

}  // namespace

bool version_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    std::string_view x = next_run(a, i), y = next_run(b, j);
    bool x_number = is_digit(x.front()), y_number = is_digit(y.front());
    int c = x_number && y_number   ? compare_numbers(x, y)
            : x_number != y_number ? (x_number ? -1 : 1)  // "1.0.1" before "1.0.1a"
                                   : x.compare(y);
    if (c != 0) return c < 0;
  }
  return a.size() - i < b.size() - j;
}

}  // namespace synack::learned
