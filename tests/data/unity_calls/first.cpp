// Includes widths.hpp for a purpose of its own (here none): it calls no scale().
#include "widths.hpp"
namespace fixture {
long one() {
  return 1;
}
}  // namespace fixture
