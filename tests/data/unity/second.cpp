#include <string>

using namespace std;

namespace fixture {
namespace {

// helper(long) would be an overload of first.cpp's helper(int): a call here could take it.
long helper(long x) {
  return x;
}
struct Shared {};
using Clock = int;  // the same alias again: no clash
using Differs = long;
char quote = '}';
constexpr long kTwo = 3;  // the second declarator of first.cpp's line
[[nodiscard]] static long attributed(long x) {
  return x;
}
class Forward;           // declared in both, defined in neither: no clash
int shared_helper(int);  // first.cpp's using-declaration names another
const char* kRaw = u8R"x({ "not": "a scope" })x";

}  // namespace

extern "C" {
static int c_side = 1;
}
inline namespace v1 {
static int versioned = 1;
}

static int counted = 1;
constexpr int kLimit = 4;
int member(int y) {
  return y;
}  // not first.cpp's: that one is a class member
void Exported::method2() {}

}  // namespace fixture

namespace std {
template <>
struct hash<fixture::Shared> {};  // a specialization: no new name
}  // namespace std
