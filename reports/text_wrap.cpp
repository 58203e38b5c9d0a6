#include "reports/text_wrap.hpp"

#include <algorithm>

namespace synack::reports {

std::string wrap_text(std::string_view first, std::string_view text, std::string_view next,
                      std::size_t width) {
  std::string out(first);
  std::size_t column = first.size();
  bool line_empty = true;  // nothing but the prefix on the current line yet
  auto new_line = [&] {
    out += '\n';
    out += next;
    column = next.size();
    line_empty = true;
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] == ' ') {
      ++pos;
      continue;
    }
    std::size_t end = std::min(text.find(' ', pos), text.size());
    std::string_view word = text.substr(pos, end - pos);
    pos = end;
    std::size_t gap = line_empty ? 0 : 1;
    if (!line_empty && column + gap + word.size() > width) {
      new_line();
      gap = 0;
    }
    // A word longer than a line: as much as fits, then the rest on the next lines.
    while (column + gap + word.size() > width && line_empty) {
      std::size_t room = width > column ? width - column : 1;
      if (room >= word.size()) break;
      out += word.substr(0, room);
      word.remove_prefix(room);
      new_line();
    }
    if (gap) out += ' ';
    out += word;
    column += gap + word.size();
    line_empty = false;
  }
  out += '\n';
  return out;
}

}  // namespace synack::reports
