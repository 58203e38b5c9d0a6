// A short bounded search before mining lemmas (`--lemmas mine`). Mining samples, proposes
// and runs Houdini before the engine's first question, which on a model with a shallow bug
// spent the whole budget: the two-way handshake's 4-step stale SYN (ordered, capacity 1,
// one retransmission, two incarnations) went inconclusive at 90 s under kind with lemmas,
// where kind alone finds it in about 2 s. A path to a bad state needs no lemma, so a few
// steps of bmc, within a small share of the budget, come first.
#pragma once

#include <cstddef>
#include <optional>

#include "checker/smt/deadline.hpp"
#include "checker/smt/transition_system.hpp"

namespace synack::checker::smt {

struct ShallowSearch {
  std::size_t depth = 6;        // at most this many steps (and at most limits.max_depth)
  unsigned share_divisor = 10;  // of what is left of a limited budget
  unsigned max_ms = 10000;      // and never more than this
};

// A shortest path of at most `search.depth` steps to a bad state (SmtOutcome::kReached or
// kOutOfRange), found within its share of `budget`; none if there is none that short or
// the share ran out first (the engine after mining still looks at every depth).
std::optional<SmtOutcome> shallow_violation(const TransitionSystem& ts, const SmtLimits& limits,
                                            const Deadline& budget,
                                            const ShallowSearch& search = {});

}  // namespace synack::checker::smt
