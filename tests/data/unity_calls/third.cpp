// Calls what it declares and nothing else could be chosen: the same alone and batched.
namespace fixture {
long scale(long value);
long twice_eight() {
  return scale(8L);
}
}  // namespace fixture
