// MemberSymmetry::check_hook_composes: a message hook must rename as renamings compose
// (the design is in member_symmetry.hpp and docs/architecture.md, "Canonical form").
#include <algorithm>
#include <numeric>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "checker/errors.hpp"
#include "checker/symmetry/member_symmetry.hpp"

namespace synack::checker {

// A search applies any of the members! renamings, and canonical forms and signatures
// (member_signature.cpp) rest on renaming m by q and then by g being renaming it by g o q
// at once. A hook right on the generators only passed check_codec_hook and made a reduced
// search store states no renaming of a real one (and report violations the system does not
// have). Checked for every renaming q and both generators g while that takes at most
// kMaxLawCalls hook calls; past it, for renamings spread evenly over all of them.
void MemberSymmetry::check_hook_composes(const MessageCodec& codec,
                                         const std::string& sender) const {
  constexpr std::size_t kMaxLawCalls = std::size_t{1} << 24;
  const std::size_t n = members_.size();
  const auto count = static_cast<std::size_t>(codec.count());
  if (n < 2 || generators_.empty()) return;
  std::size_t renamings = 1;
  for (std::size_t k = 2; k <= n; ++k) renamings *= k;
  const std::size_t per_renaming = count * generators_.size() * 3;
  const std::size_t stride =
      std::max<std::size_t>(1, renamings * per_renaming / std::max<std::size_t>(1, kMaxLawCalls));
  auto text = [](const MemberPermutation& p) {
    return fmt::format("[{}]", fmt::join(p.image(), " "));
  };
  std::vector<int> image(n), composed(n);
  std::iota(image.begin(), image.end(), 0);
  MemberPermutation q, both;
  std::size_t index = 0;
  do {
    if (index++ % stride != 0) continue;
    q.assign(image);
    for (const MemberPermutation& g : generators_) {
      for (std::size_t i = 0; i < n; ++i) composed[i] = g(image[i]);
      both.assign(composed);
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
    }
  } while (std::next_permutation(image.begin(), image.end()));
}

}  // namespace synack::checker
