// A member's signature: what canonicalize() sorts tied members by after their local states,
// so that fewer orders of them are tried.
//
// Why it may: canonical forms stay the same for a whole class as long as the sort key is
// carried along by every renaming p, i.e. the key of member p(i) in p(state) is the key of
// member i in state. A member's channels are (MemberSymmetry::apply moves member i's channel
// to member p(i)'s and renames each message by p), but their raw contents are not a key:
// a message that names its sender (a participant's index) differs from member to member.
// So each message m is taken as member i sees it: the smallest renaming of m by a q that
// takes i to member 0 (relative(i, m) = min over q with q(i) = 0 of permute(m, q)). Then
// relative(p(i), permute(m, p)) = relative(i, m): the renamings q' with q'(p(i)) = 0 are
// exactly the q o p^-1 with q(i) = 0, and a hook renames messages as a group acts. The
// table is made once per channel family by trying every renaming (members! of them); a
// family whose table would cost too much is left out of the signature, which only makes
// the ties larger (more orders tried), never the form different.
#include <algorithm>
#include <limits>
#include <numeric>

#include "checker/symmetry/member_symmetry.hpp"

namespace synack::checker {

namespace {

// Hook calls one family's table may take (members! times the codec's messages).
constexpr std::size_t kMaxRelativeCalls = std::size_t{1} << 22;

}  // namespace

void MemberSymmetry::build_relative_forms() {
  const std::size_t n = members_.size();
  std::size_t renamings = 1;
  for (std::size_t k = 2; k <= n; ++k) renamings *= k;
  for (Family& f : families_) {
    if (f.in_signature) continue;  // no hook: messages are taken as they are
    const auto count = static_cast<std::size_t>(f.codec->count());
    if (count == 0 || count > kMaxRelativeCalls / renamings) continue;
    f.relative.assign(n * count, std::numeric_limits<Value>::max());
    std::vector<int> image(n);
    std::iota(image.begin(), image.end(), 0);
    MemberPermutation q;
    do {
      q.assign(image);
      const std::size_t to_first =
          static_cast<std::size_t>(std::find(image.begin(), image.end(), 0) - image.begin());
      Value* row = &f.relative[to_first * count];
      for (std::size_t m = 0; m < count; ++m) {
        const auto message = static_cast<Value>(m);
        row[m] = std::min(row[m], f.codec->permute(message, q).value_or(message));
      }
    } while (std::next_permutation(image.begin(), image.end()));
    f.in_signature = true;
  }
  signature_size_ = 0;
  for (const Family& f : families_)
    if (f.in_signature) signature_size_ += system_.links_[f.links[0]].channel.slot_count();
}

void MemberSymmetry::signature(const Value* state, std::size_t member, Value* scratch,
                               Value* out) const {
  for (const Family& f : families_) {
    if (!f.in_signature) continue;
    const Channel& ch = system_.links_[f.links[member]].channel;
    const std::size_t base = ch.base(), slots = ch.slot_count();
    std::copy_n(state + base, slots, scratch + base);
    if (!f.relative.empty()) {
      const std::size_t count = f.relative.size() / members_.size();
      const Value* row = &f.relative[member * count];
      for (int k = 0; k < ch.policy().capacity; ++k) {
        Value& v = scratch[base + k];
        if (v == 0) break;  // messages occupy a prefix
        if (static_cast<std::size_t>(v - 1) < count) v = row[v - 1] + 1;
      }
      ch.canonicalize(scratch);  // the new values may sort otherwise
    }
    out = std::copy_n(scratch + base, slots, out);
  }
}

}  // namespace synack::checker
