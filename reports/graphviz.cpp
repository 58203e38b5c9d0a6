#include "reports/graphviz.hpp"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <graphviz/types.h>

#include <memory>

#include "checker/errors.hpp"

namespace synack::reports {

std::string dot_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

namespace {

// Works around a Graphviz 2.42 bug (Debian 12's): when the dot layout makes room for the
// label of an edge between two nodes of one rank (a `constraint=false` edge, in a learned
// model's drawing), it grows that rank's node list with realloc and keeps the old address
// as the list's allocation, which gvFreeLayout then frees a second time: glibc aborts
// (exit 134) after the drawing was made. Later Graphviz releases point the allocation at
// the grown list; this does the same after the layout. After dot's layout each rank of the
// root graph starts at its allocation (mincross ends by resetting every list to it), so the
// list is the address to free.
void repair_rank_lists(Agraph_t* graph) {
  if (!GD_rank(graph)) return;
  for (int r = GD_minrank(graph); r <= GD_maxrank(graph); ++r)
    GD_rank(graph)[r].av = GD_rank(graph)[r].v;
}

}  // namespace

std::string render_dot(const std::string& dot, const std::string& format) {
  if (format != "dot" && format != "svg" && format != "png")
    throw InputError("--format " + format + ": unknown; valid: dot, svg, png");
  // Each resource released on every path, in reverse order of acquisition.
  std::unique_ptr<GVC_t, int (*)(GVC_t*)> gvc(gvContext(), gvFreeContext);
  if (!gvc) throw InternalError("graphviz: cannot create a context");
  std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> graph(agmemread(dot.c_str()), agclose);
  if (!graph) throw InternalError("graphviz rejected synack's DOT:\n" + dot);
  if (gvLayout(gvc.get(), graph.get(), "dot") != 0) throw InternalError("graphviz: layout failed");
  repair_rank_lists(graph.get());
  char* data = nullptr;
  unsigned int length = 0;
  int rc = gvRenderData(gvc.get(), graph.get(), format.c_str(), &data, &length);
  std::string out = rc == 0 && data ? std::string(data, length) : std::string();
  if (data) gvFreeRenderData(data);
  gvFreeLayout(gvc.get(), graph.get());
  if (rc != 0)
    throw InternalError("graphviz: cannot render " + format + " (is the plugin installed?)");
  return out;
}

}  // namespace synack::reports
