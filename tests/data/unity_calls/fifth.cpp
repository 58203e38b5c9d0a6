// Includes halves.hpp for a purpose of its own (here none): it calls no halve().
#include "halves.hpp"
namespace fixture {
long two() {
  return 2;
}
}  // namespace fixture
