#include "reports/svg_ids.hpp"

#include <cctype>
#include <set>

namespace synack::reports {

namespace {

constexpr std::string_view kIdAttribute = "id=\"";

// An id attribute, not the end of another attribute's name (data-id=, a_id=).
bool is_id_attribute(std::string_view svg, std::size_t at) {
  return svg.substr(at).starts_with(kIdAttribute) && at > 0 &&
         std::isspace(static_cast<unsigned char>(svg[at - 1]));
}

std::set<std::string, std::less<>> defined_ids(std::string_view svg) {
  std::set<std::string, std::less<>> ids;
  for (std::size_t at = svg.find(kIdAttribute); at != std::string_view::npos;
       at = svg.find(kIdAttribute, at + 1)) {
    if (!is_id_attribute(svg, at)) continue;
    const std::size_t begin = at + kIdAttribute.size();
    const std::size_t end = svg.find('"', begin);
    if (end == std::string_view::npos) break;
    ids.emplace(svg.substr(begin, end - begin));
  }
  return ids;
}

}  // namespace

std::string scoped_svg_ids(std::string_view svg, std::string_view scope) {
  const std::set<std::string, std::less<>> ids = defined_ids(svg);
  // Where a name follows: the definition and the two forms of reference, each with the
  // character that ends the name.
  struct Site {
    std::string_view opening;
    char closing;
  };
  static constexpr Site kSites[] = {{kIdAttribute, '"'}, {"url(#", ')'}, {"href=\"#", '"'}};
  std::string out;
  out.reserve(svg.size() + ids.size() * (scope.size() + 1) * 2);
  std::size_t at = 0;
  while (at < svg.size()) {
    const Site* site = nullptr;
    for (const Site& s : kSites)
      if (svg.substr(at).starts_with(s.opening) &&
          (s.opening != kIdAttribute || is_id_attribute(svg, at)))
        site = &s;
    if (!site) {
      out += svg[at++];
      continue;
    }
    const std::size_t begin = at + site->opening.size();
    const std::size_t end = svg.find(site->closing, begin);
    if (end == std::string_view::npos) {
      out += svg.substr(at);
      break;
    }
    const std::string_view name = svg.substr(begin, end - begin);
    out += site->opening;
    if (ids.contains(name)) out.append(scope).append("_");
    out += name;
    at = end;
  }
  return out;
}

}  // namespace synack::reports
