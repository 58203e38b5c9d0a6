// Declares only scale(long): alone, scale(7) converts 7 to long; after first.cpp in a
// batch, scale(int) is visible and chosen instead.
namespace fixture {
long scale(long value);
long twice_seven() {
  return scale(7);
}
}  // namespace fixture
