// The functions the other sources call, in a source of their own (in no batch).
#include "halves.hpp"
#include "widths.hpp"
namespace fixture {
long scale(int value) {
  return value * 3;
}
long scale(long value) {
  return value * 2;
}
template <class T>
long halve(T value) {
  return static_cast<long>(value) / 2;
}
template long halve<int>(int);
long halve(long value) {
  return value / 2;
}
}  // namespace fixture
