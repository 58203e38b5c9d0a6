// Error messages are one line on a terminal: what the user typed is quoted in them, and
// a newline or an escape sequence in it (a pasted name, `$'...'` in a script) would break
// the line or drive the terminal; a 120 KB expression or value echoed in full would bury
// the line that says what is wrong.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace synack::reports {

// An echo longer than kLongestEcho characters is cut to its first kEchoHead and last
// kEchoTail, then " (N characters)": the tail is kept because that is where a path names
// its file (and a file its line), and where a long name differs from its neighbours.
inline constexpr std::size_t kLongestEcho = 120;
inline constexpr std::size_t kEchoHead = 48;
inline constexpr std::size_t kEchoTail = 32;
// A line still longer than this (an echo with spaces in it, unquoted) keeps its first
// kLineHead and last kLineTail characters. The longest of synack's own lines (a list of
// valid names, cut at 12 with "(N more)") is under 800.
inline constexpr std::size_t kLongestLine = 1000;
inline constexpr std::size_t kLineHead = 600;
inline constexpr std::size_t kLineTail = 300;

// `text` with every control character written as an escape: \n, \r, \t, else \xNN
// (0x7f included), and every byte that is not part of well-formed UTF-8 as \xNN too;
// UTF-8 is kept. Every error line goes through it, so the echoes of what a user gave are
// cut here, not where each message is made: a quoted span ('...', the quote not inside a
// word) or a run without spaces longer than kLongestEcho characters (counted by character,
// a stray byte counting as one), then the line as a whole.
std::string printable_line(std::string_view text);

}  // namespace synack::reports
