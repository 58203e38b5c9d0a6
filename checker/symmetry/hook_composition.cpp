// MemberSymmetry::check_hook_composes and check_local_hook_composes: a machine's hooks must
// rename as renamings compose (the design is in member_symmetry.hpp and
// docs/architecture.md, "Canonical form").
#include <algorithm>
#include <numeric>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "checker/errors.hpp"
#include "checker/symmetry/local_states.hpp"
#include "checker/symmetry/member_symmetry.hpp"

namespace synack::checker {

namespace {

constexpr std::size_t kMaxLawCalls = std::size_t{1} << 24;

std::string text(const MemberPermutation& p) {
  return fmt::format("[{}]", fmt::join(p.image(), " "));
}

// Calls f(q, g, g o q) for every renaming q of n members (in next_permutation order) and
// each generator g.
template <class F>
void for_each_composition(std::size_t n, const std::vector<MemberPermutation>& generators, F&& f) {
  std::vector<int> image(n), composed(n);
  std::iota(image.begin(), image.end(), 0);
  MemberPermutation q, both;
  do {
    q.assign(image);
    for (const MemberPermutation& g : generators) {
      for (std::size_t i = 0; i < n; ++i) composed[i] = g(image[i]);
      both.assign(composed);
      f(q, g, both);
    }
  } while (std::next_permutation(image.begin(), image.end()));
}

// n! renamings times `per_renaming` hook calls, or kMaxLawCalls + 1 once past it (20! is
// the largest factorial a 64-bit count holds).
std::size_t law_calls(std::size_t n, std::size_t per_renaming) {
  std::size_t calls = per_renaming;
  for (std::size_t k = 2; k <= n && calls <= kMaxLawCalls; ++k)
    calls = calls > kMaxLawCalls / k ? kMaxLawCalls + 1 : calls * k;
  return calls;
}

// A law checked on some renamings only would be an assumption behind a reduced search's
// verdicts (a hook wrong on the others passes every other check: see below), so past the
// budget the model is refused, not sampled.
void require_checkable(std::size_t calls, const std::string& what, std::size_t n,
                       const std::string& of) {
  if (calls <= kMaxLawCalls) return;
  throw InputError(fmt::format(
      "{}: checking that its permute hook renames as renamings compose takes {}! renamings of "
      "{}, more than {} hook calls in all; give the array fewer members, or run without "
      "--symmetry",
      what, n, of, kMaxLawCalls));
}

}  // namespace

// A search applies any of the members! renamings, and canonical forms and signatures
// (member_signature.cpp) rest on renaming m by q and then by g being renaming it by g o q
// at once. A hook right on the generators only passed check_codec_hook and made a reduced
// search store states no renaming of a real one (and report violations the system does not
// have). Checked for every renaming q and both generators g while that takes at most
// kMaxLawCalls hook calls; past it, refused.
void MemberSymmetry::check_hook_composes(const MessageCodec& codec,
                                         const std::string& sender) const {
  const std::size_t n = members_.size();
  const auto count = static_cast<std::size_t>(codec.count());
  if (n < 2 || generators_.empty()) return;
  require_checkable(law_calls(n, count * generators_.size() * 3),
                    fmt::format("symmetry over {}: {}'s codec", array_, sender), n,
                    fmt::format("{} messages", count));
  for_each_composition(
      n, generators_,
      [&](const MemberPermutation& q, const MemberPermutation& g, const MemberPermutation& both) {
        for (Value m = 0; m < codec.count(); ++m) {
          const Value once = codec.permute(m, q).value_or(m);
          if (once < 0 || once >= codec.count())
            throw InputError(fmt::format(
                "symmetry over {}: {}'s permute hook renames {} by {} to code {}, outside its "
                "codec's 0..{}",
                array_, sender, codec.print(m), text(q), once, codec.count() - 1));
          const Value twice = codec.permute(once, g).value_or(once);
          const Value at_once = codec.permute(m, both).value_or(m);
          if (twice != at_once)
            throw InputError(fmt::format(
                "symmetry over {}: {}'s permute hook does not rename as renamings compose: {} "
                "renamed by {} then by {} is {}, by the two at once {} is {} (a hook must rename "
                "each member it names through the renaming it is given, p(i) or p.bits(set))",
                array_, sender, codec.print(m), text(q), text(g), codec.print(twice), text(both),
                at_once >= 0 && at_once < codec.count() ? codec.print(at_once)
                                                        : std::to_string(at_once)));
        }
      });
}

// The same law for a machine's local-state hook (a member's own index kept in a variable, a
// coordinator's set of members), over every local state its declarations allow when there
// are not too many (the other checks' limit); past kMaxLawCalls hook calls, refused.
void MemberSymmetry::check_local_hook_composes(const ActorInfo& actor) const {
  const MachineType& m = *actor.machine;
  const std::size_t n = members_.size();
  if (n < 2 || generators_.empty() || local_state_count(m) > kMaxEnumeratedLocals) return;
  const auto locals = static_cast<std::size_t>(local_state_count(m));
  require_checkable(law_calls(n, locals * generators_.size() * 3),
                    fmt::format("symmetry over {}: {}'s variables", array_, actor.name), n,
                    fmt::format("{} local states", locals));
  std::vector<Value> once(m.local_size()), twice(m.local_size()), at_once(m.local_size());
  auto show = [&](const std::vector<Value>& l) { return fmt::format("({})", fmt::join(l, " ")); };
  for_each_composition(
      n, generators_,
      [&](const MemberPermutation& q, const MemberPermutation& g, const MemberPermutation& both) {
        for_each_local(m, [&](const std::vector<Value>& local) {
          m.permute_local(local.data(), once.data(), q);
          m.permute_local(once.data(), twice.data(), g);
          m.permute_local(local.data(), at_once.data(), both);
          if (twice != at_once)
            throw InputError(fmt::format(
                "symmetry over {}: {}'s permute hook for its variables does not rename as "
                "renamings "
                "compose: local state {} renamed by {} then by {} is {}, by the two at once {} is "
                "{} "
                "(a hook must rename each member it names through the renaming it is given, p(i) "
                "or p.bits(set))",
                array_, actor.name, show(local), text(q), text(g), show(twice), text(both),
                show(at_once)));
        });
      });
}

}  // namespace synack::checker
