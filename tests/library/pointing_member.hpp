// A member of a symmetric array that points at a member (`peer`, itself at first) until it
// forgets it (`peer` = the member count: nobody). Its permute hook renames `peer` with
// `p.image().at(peer)` where p(peer) was meant: a user's bug, which throws std::out_of_range
// once `peer` is nobody (p(i) leaves an index past the array alone). For
// tests/test_symmetry_hook_errors.cpp.
#pragma once

#include <memory>

#include "synack/scenario.hpp"

namespace pointing {

struct Params {
  int members = 2;
  int self = 0;
  // Forgetting sets `peer` to nobody (the member count); without, back to the member itself,
  // and `peer` never leaves the members, where the hook is right.
  bool nobody = true;
};

std::shared_ptr<const synack::Machine> make_member(const Params& p);

}  // namespace pointing
