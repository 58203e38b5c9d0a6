// Rendering DOT text through Graphviz's libraries (cgraph parses, gvc lays out and
// renders), not by running the `dot` program.
#pragma once

#include <string>

namespace synack::reports {

// format: "dot" (laid out, with coordinates), "svg" or "png". Throws InputError for
// another format, InternalError when Graphviz fails on synack's own DOT.
std::string render_dot(const std::string& dot, const std::string& format);

// Quotes a string for DOT.
std::string dot_quote(const std::string& s);

}  // namespace synack::reports
