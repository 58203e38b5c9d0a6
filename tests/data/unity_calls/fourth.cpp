// Both overloads of scale(), in a source of their own.
#include "widths.hpp"
namespace fixture {
long scale(int value) { return value * 3; }
long scale(long value) { return value * 2; }
}  // namespace fixture
