// "Did you mean" for names a user typed: slots, values, arrays in a property, and (in the
// CLI) scenarios, properties and parameters. Kept free of any of those types so every
// caller passes its own list of valid names.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace synack::checker {

// The candidates closest to `wanted` by edit distance (ignoring case; '-' and '_' are the
// same character, as in value names), closest first and, among equally close ones, in the
// order given; at most `max` of them. A candidate more than max(2, wanted.size() / 3) edits
// away is dropped, so a wild guess gets no suggestion rather than a misleading one. A name
// typed as some of a candidate's words in their order, each close to its word or the start
// of it (`tcp/tree-way` for tcp/three-way-handshake), is close too, however long the
// candidate: its distance is one more than the words' edits.
std::vector<std::string> nearest_names(std::string_view wanted,
                                       const std::vector<std::string>& candidates,
                                       std::size_t max = 3);

// "a, b, c, ... (7 more)": at most `max_shown` names, so an error message stays one
// readable line for a model with hundreds of slots.
std::string list_names(const std::vector<std::string>& names, std::size_t max_shown);

// "a", "a or b", "a, b or c": how a message offers the result of nearest_names.
std::string one_of(const std::vector<std::string>& names);

// The tail of an unknown-name message: "did you mean X? (WHAT: a, b, ...)", or
// "WHAT: a, b, ..." when nothing is close.
std::string valid_names(std::string_view what, std::string_view wanted,
                        const std::vector<std::string>& names, std::size_t shown);

// The same for names typed otherwise than they are named: `written[i]` is how a user types
// names[i] (a value SYN-SENT as SYN_SENT, since '-' is a minus in a property). The nearest
// are found among `names` and offered, and listed, as written, so that what a message
// offers is what parses.
std::string valid_names(std::string_view what, std::string_view wanted,
                        const std::vector<std::string>& names,
                        const std::vector<std::string>& written, std::size_t shown);

}  // namespace synack::checker
