// Behavioural equivalence of two deterministic learned models: do they answer every
// input sequence alike? Breadth-first search over pairs of states (one per model) from
// the pair of initial states, so the first difference found is a SHORTEST distinguishing
// input sequence. The witness is replayed on both models before it is reported.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "learned/mealy.hpp"

namespace synack::learned {

// A's input name -> B's, for models whose tools named the same message differently.
// Inputs not renamed keep their name.
using InputRenaming = std::map<std::string, std::string>;

struct WitnessStep {
  std::string input;           // A's name
  std::optional<Output> a, b;  // what each model answers; none: no transition declared
};

struct Comparison {
  // Empty when equivalent; otherwise every step but the last is answered alike.
  std::vector<WitnessStep> witness;
  // Pairs of states reachable together: from the initial pair, by inputs both models
  // declare, whatever they answer.
  std::size_t product_pairs = 0;
  // Differing transitions: (pair, input) with a reachable pair where the answers differ
  // (different outputs, or only one model declares the input there).
  std::size_t differing_transitions = 0;
  // The inputs compared (both models have them, after renaming), and under
  // Alphabet::kCommon those left out because one model lacks them: A's own, by A's names,
  // and B's own, by B's names, each sorted.
  std::size_t compared_inputs = 0;
  std::vector<std::string> left_out_a, left_out_b;
  bool equivalent() const { return witness.empty(); }
};

// kSame: the models must have one alphabet (after renaming). kCommon (`diff
// --common-alphabet`): each is restricted to the inputs both have, so that a stack
// learned with an extra input (FreeBSD's server with SEND, Linux's without) is compared
// on the rest; the search never offers an input one side lacks.
enum class Alphabet { kSame, kCommon };

inline constexpr std::size_t kMaxComparedPairs = std::size_t{1} << 24;

// Throws InputError when a model is nondeterministic, when a renaming names an input A
// does not have, when the alphabets differ under kSame (naming the inputs only one side
// has) or have no input in common under kCommon, or when more than `max_pairs` pairs of
// states are reachable together (memory grows with them). Throws InternalError when the
// witness does not replay.
Comparison compare(const MealyMachine& a, const MealyMachine& b, const InputRenaming& renaming = {},
                   std::size_t max_pairs = kMaxComparedPairs, Alphabet alphabet = Alphabet::kSame);

}  // namespace synack::learned
