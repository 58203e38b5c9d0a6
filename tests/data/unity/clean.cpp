namespace fixture {
namespace {

int helper_of_clean(int x) {
  return x;
}
using Clock = int;

}  // namespace

void Exported::method() {}
inline constexpr int kShared = 1;

}  // namespace fixture
