// A user machine that breaks synack's rule that a machine is a function of its declared
// state (docs/library.md, "Writing a machine") only deep in its state space, where the
// steps computed first and checked all (FiringCache::kDeterminismChecks) never reach: a
// sampled check of the later ones must catch it (tests/test_machine_mistakes.cpp).
#pragma once

#include <memory>

#include "synack/scenario.hpp"

namespace deep_global {

// How far from the start (x + y + z) `poke` starts reading the global.
constexpr int kDeep = 16;

// WALKER on a 32x32x32 grid: step_x, step_y, step_z move one step up an axis (to 31);
// `poke` is refused nearer than kDeep and, from there on, taken when the poke this
// thread ran just before was from the same place: a memo in a global, so the same step
// run twice gives two results. Below kDeep lie 816 places, 3,264 steps to compute.
std::shared_ptr<const synack::Machine> make_walker();

}  // namespace deep_global
