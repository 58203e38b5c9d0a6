// The actor arrays a layout has, for the expression language's quantifiers
// (`forall r in rm: ...`): an array NAME exists because slots NAME[i].state do.
#pragma once

#include <string>
#include <vector>

#include "checker/layout.hpp"

namespace synack::checker {

// A quantifiable array: the actors NAME[i], one for each slot NAME[i].state.
struct ActorArray {
  std::string name;                  // "rm"
  std::vector<std::string> members;  // "rm[0]", "rm[1]", ... by ascending index
};

// Every array the layout has, in the order of their first slots. An array exists only
// because a member's slot does, so none is empty.
std::vector<ActorArray> find_arrays(const Layout& layout);

}  // namespace synack::checker
