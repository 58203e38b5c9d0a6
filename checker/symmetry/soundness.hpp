// Why storing one state per class is sound here: every renaming of the members maps each
// run of the system to a run (the machines behave alike under it) and keeps every checked
// property's value. These checks establish both or refuse with one line (InputError).
//
// The machines are compared step by step over every local state their declarations
// allow and every input (each environment event offered, each message): for a renaming
// p, member p(i) from p(l) on input p(x) must do exactly what member i does from l on x,
// renamed (fire or not, the next local state, the messages sent to each channel, in
// order; messages to different channels commute); every other
// actor likewise from p(l) on p(x). Each actor's initial local state renamed must be the
// renamed actor's. The port of each message an actor can send (from some local state on
// some input, closed under renaming) must be the port of the renamed member's channel. It
// suffices to check the two generators of all renamings.
#pragma once

#include <cstddef>
#include <optional>

#include "checker/expr.hpp"
#include "checker/property.hpp"
#include "checker/symmetry/member_symmetry.hpp"

namespace synack::checker {

void check_machines_symmetric(const MemberSymmetry& symmetry);

// Safety properties only: the caller refuses liveness (checker/symmetry/symmetric_model).
// The expression must read no slot the renaming changes otherwise than by moving it, and
// be the same expression after renaming, up to the order of && || + * == != operands.
void check_property_symmetric(const MemberSymmetry& symmetry, const PropertySpec& property);

// Why renaming the members can change `e`'s value: a slot it reads that renaming changes
// otherwise than by moving it (`moved` false), or one it reads that renaming moves where
// the renamed expression is another (`moved` true). None when no renaming changes it.
struct RenamingFault {
  std::size_t slot;
  bool moved;
};
std::optional<RenamingFault> renaming_fault(const MemberSymmetry& symmetry, const Expr& e);

}  // namespace synack::checker
