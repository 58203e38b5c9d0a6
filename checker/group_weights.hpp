// `simulate --weight GROUP=W`: how likely a random walk is to take each transition group,
// so that a user can make loss rare, or turn a channel's duplication off, and still walk
// the rest of the model at random.
//
// GROUP is a transition group as coverage names it (`s2r.lose[0]`, `sender.timeout`), or
// such a name without its position (`s2r.lose`): every position of that channel's group.
// A name with its position wins over the same name without it. Groups not named weigh 1.
// W is a decimal number from 0 to 1000000 with at most six decimals; it is kept in
// millionths, an integer, so that a seed takes the same walks on every platform (no
// floating point, no library distribution). A group of weight 0 is never taken.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checker/model.hpp"

namespace synack::checker {

inline constexpr std::uint64_t kWeightUnit = 1'000'000;  // weight 1, in millionths

struct GivenWeight {
  std::string group;                // as given: a group, or a group without its position
  std::string weight;               // as given: "0.1"
  std::uint64_t millionths = 0;     // the weight, in millionths
  std::vector<std::size_t> groups;  // the groups it weighs (those not named more exactly)
};

struct GroupWeights {
  std::vector<GivenWeight> given;  // in the order given
  // One per group, in millionths; empty when nothing was given (uniform).
  std::vector<std::uint64_t> per_group;
};

// Resolves "GROUP=W" texts against the model's groups. Throws InputError, one line naming
// what is wrong and what is valid, for a malformed text, a weight out of range, a group the
// model does not have (the valid groups listed), a group given twice, or weights that
// leave no group a walk could take.
GroupWeights resolve_group_weights(const Model& model, const std::vector<std::string>& texts);

// The model's groups for a listing, positions folded: "client.connect, c2s.deliver[0..1]".
std::string group_names_text(const Model& model);

}  // namespace synack::checker
