// The two machines, each compiled in its own file (tm.cpp, rm.cpp).
#pragma once

#include <memory>

#include "messages.hpp"
#include "synack/scenario.hpp"

namespace two_phase {

std::shared_ptr<const synack::Machine> make_tm(const Params& p);
std::shared_ptr<const synack::Machine> make_rm(const Params& p);
// TwoPhase.tla, literally: one machine, the specification's variables (twophase_tla.cpp).
std::shared_ptr<const synack::Machine> make_twophase_tla(const Params& p);

}  // namespace two_phase
