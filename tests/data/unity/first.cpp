#include <string>

#define SYNACK_FIXTURE_KEPT 1
#define SYNACK_FIXTURE_UNDONE 2

namespace fixture {
namespace alias = std;

namespace {

const char* kBraces = R"({ "not": "a scope" })";
int helper(int x) {
  return x;
}
struct Shared {
  int member(int y) { return y; }
};
using Clock = int;
using Differs = int;
constexpr int kOne = 1, kTwo = 2;
[[nodiscard]] static int attributed(int x) {
  return x;
}
class Forward;
using outer::shared_helper;

}  // namespace

extern "C" {
static int c_side = 0;
}
inline namespace v1 {
static int versioned = 0;
}

static int counted = 0;
constexpr int kLimit = 3;
void Exported::method() {}

}  // namespace fixture

namespace std {
template <>
struct hash<fixture::Shared> {};
}  // namespace std

#undef SYNACK_FIXTURE_UNDONE
