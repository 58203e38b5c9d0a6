// Error messages are one line on a terminal: what the user typed is quoted in them, and
// a newline or an escape sequence in it (a pasted name, `$'...'` in a script) would break
// the line or drive the terminal; a 120 KB expression or value echoed in full would bury
// the line that says what is wrong.
#pragma once

#include <string>
#include <string_view>

namespace synack::cli {

// An echo longer than this many characters is cut to its first kEchoShown, then
// "... (N characters)".
inline constexpr std::size_t kLongestEcho = 120;
inline constexpr std::size_t kEchoShown = 80;

// `text` with every control character written as an escape: \n, \r, \t, else \xNN
// (0x7f included). Other bytes, UTF-8 included, are kept. Every error line goes through
// it, so the echoes of what a user gave are cut here, not where each message is made: a
// quoted span ('...', the quote not inside a word) or a run without spaces longer than
// kLongestEcho characters (UTF-8 counted by character).
std::string printable_line(std::string_view text);

}  // namespace synack::cli
