// Error messages are one line on a terminal: what the user typed is quoted in them, and
// a newline or an escape sequence in it (a pasted name, `$'...'` in a script) would break
// the line or drive the terminal.
#pragma once

#include <string>
#include <string_view>

namespace synack::cli {

// `text` with every control character written as an escape: \n, \r, \t, else \xNN
// (0x7f included). Other bytes, UTF-8 included, are kept.
std::string printable_line(std::string_view text);

}  // namespace synack::cli
