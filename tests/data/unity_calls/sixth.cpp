// Declares only halve(long): alone, halve(9) converts 9 to long; after fifth.cpp in a batch,
// the template's halve<int>(int) matches exactly and is chosen instead.
namespace fixture {
long halve(long value);
long half_nine() {
  return halve(9);
}
}  // namespace fixture
