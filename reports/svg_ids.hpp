// SVG drawings inline in one HTML page share the page's one id space: every sequence
// chart named its arrowhead id="arrow" and every Graphviz drawing its groups graph0,
// node1, edge1, ..., so a page of several had duplicate ids, and a url(#arrow) may resolve
// to another chart's marker. Each drawing's ids are put under a scope of its own.
#pragma once

#include <string>
#include <string_view>

namespace synack::reports {

// `svg` with every id="X" it defines renamed SCOPE_X, and the references to them
// (url(#X), href="#X", xlink:href="#X") with it; references to ids it does not define
// are left as they are.
std::string scoped_svg_ids(std::string_view svg, std::string_view scope);

}  // namespace synack::reports
