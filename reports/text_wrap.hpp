// Text for a terminal of a given width: long lines broken at spaces onto indented
// continuation lines, so that nothing is lost and nothing runs past the right edge.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace synack::reports {

// Columns the text reports fit by default (`--width` changes it): a terminal's width
// varies, and output that does not depend on it can be compared and pasted as it is.
inline constexpr std::size_t kDefaultWidth = 120;

// `text` in lines of at most `width` columns, each ending in '\n': the first starts with
// `first`, the others with `next`. Lines break at spaces; a word longer than a whole
// line is cut. Never returns an empty line for an empty text: just `first`.
std::string wrap_text(std::string_view first, std::string_view text, std::string_view next,
                      std::size_t width);

}  // namespace synack::reports
