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
// exactly the q o p^-1 with q(i) = 0, and a hook renames messages as a group acts (checked:
// MemberSymmetry::check_hook_composes). The table is made once per channel family, about
// members + 2 hook calls a message; a family whose table would cost more is left out of
// the signature, which makes the ties larger (more orders tried) and the form another,
// still one per class.
#include <algorithm>
#include <numeric>

#include "checker/symmetry/member_symmetry.hpp"

namespace synack::checker {

namespace {

// Hook calls one family's table may take: (members + 2) per message.
constexpr std::size_t kMaxRelativeCalls = std::size_t{1} << 24;

}  // namespace

// relative(i, m) = relative(0, permute(m, (0 i))), since the renamings taking i to 0 are
// those taking it there by (0 i) and then fixing 0. relative(0, .) is the smallest message
// of each orbit under the renamings fixing member 0, found by closing each message under
// two renamings that generate them: (1 2) and the cycle 1 -> 2 -> ... -> n-1 -> 1.
void MemberSymmetry::build_relative_forms() {
  const std::size_t n = members_.size();
  std::vector<MemberPermutation> fixing_first;
  std::vector<int> image(n);
  if (n >= 3) {
    std::iota(image.begin(), image.end(), 0);
    std::swap(image[1], image[2]);
    fixing_first.emplace_back(image);
  }
  if (n >= 4) {
    std::iota(image.begin(), image.end(), 0);
    for (std::size_t i = 1; i < n; ++i) image[i] = static_cast<int>(i + 1 < n ? i + 1 : 1);
    fixing_first.emplace_back(image);
  }
  for (Family& f : families_) {
    if (f.in_signature) continue;  // no hook: messages are taken as they are
    const auto count = static_cast<std::size_t>(f.codec->count());
    if (count == 0 || count > kMaxRelativeCalls / (n + fixing_first.size())) continue;
    // check_hook_composes made sure renamed codes are in range; clamped all the same.
    auto renamed = [&](std::size_t m, const MemberPermutation& q) {
      const Value r = f.codec->permute(static_cast<Value>(m), q).value_or(static_cast<Value>(m));
      return r >= 0 && static_cast<std::size_t>(r) < count ? static_cast<std::size_t>(r) : m;
    };
    std::vector<Value> first(count, -1);
    std::vector<std::size_t> orbit;
    for (std::size_t m = 0; m < count; ++m) {
      if (first[m] >= 0) continue;
      orbit.assign(1, m);
      first[m] = 0;
      std::size_t smallest = m;
      for (std::size_t k = 0; k < orbit.size(); ++k)
        for (const MemberPermutation& g : fixing_first) {
          const std::size_t r = renamed(orbit[k], g);
          if (first[r] >= 0) continue;
          first[r] = 0;
          orbit.push_back(r);
          smallest = std::min(smallest, r);
        }
      for (std::size_t x : orbit) first[x] = static_cast<Value>(smallest);
    }
    f.relative.assign(n * count, 0);
    for (std::size_t i = 0; i < n; ++i) {
      std::iota(image.begin(), image.end(), 0);
      std::swap(image[0], image[i]);
      const MemberPermutation to_first(image);
      for (std::size_t m = 0; m < count; ++m)
        f.relative[i * count + m] = first[renamed(m, to_first)];
    }
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
