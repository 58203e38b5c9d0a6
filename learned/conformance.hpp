// Conformance of a learned implementation to a specification machine: is every answer the
// implementation gives, to every input sequence, one the spec gives too (through the
// symbol map of learned/symbol_map.hpp)?
//
// Breadth-first search over the product (learned state, spec local state) from the pair
// of initial states; each input of the model is offered in every product state, the model
// answering through MealyMachine::step and the spec through MachineType::fire_env or
// fire_message (what it sends is its answer; a spec row that does not fire answers
// nothing and stays). Both sides are deterministic (the spec's timers are never fired: the
// learner's TIMEOUT is silence, not a timer), so the spec allows exactly one answer per
// input sequence and the first difference found is a SHORTEST non-conforming input
// sequence. The product is finite, so exploring all of it proves inclusion for every
// input sequence of any length.
//
// A witness is replayed before it is reported: through the spec's real machine (its
// MachineRunner, the Boost.MSM one for a bundled spec) and through MealyMachine::step.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "checker/machine.hpp"
#include "learned/mealy.hpp"
#include "learned/symbol_map.hpp"

namespace synack::learned {

struct ConformStep {
  std::string input;                      // the model's input symbol
  std::string impl_output;                // what the model answers ("ACK+RST(ZERO,NEXT,0)")
  std::vector<std::string> impl_as_spec;  // that answer as spec message kinds
  std::vector<std::string> spec_sent;     // what the spec sends, printed ("RST seq=0")
  std::vector<std::string> spec_kinds;    // the same as kinds, compared with impl_as_spec
  std::string spec_state;                 // the spec's control state after the step
};

// Every step but the last agrees; the last is where implementation and spec part.
using ConformWitness = std::vector<ConformStep>;

struct Conformance {
  // Distinct differences (by the spec's control state before the last step, its input and
  // both answers), in the order breadth-first search meets them, each with its shortest
  // witness; empty when none.
  std::vector<ConformWitness> findings;
  std::size_t product_states = 0;  // product states explored
  std::size_t steps_checked = 0;   // (product state, input) pairs compared
  // (product state, input) pairs the model declares no transition for: not explored (the
  // learner never observed them), so inclusion holds only for the declared ones.
  std::size_t undeclared = 0;
  // (product state, input) pairs where the two answer differently, among those explored.
  std::size_t differing_steps = 0;
  // False when the search stopped at `max_states`: with no finding, no verdict; with
  // findings, other differences may lie past the limit.
  bool complete = true;
  // True when the search, having listed `max_findings` differences, met another distinct
  // one: the list is partial. (It looks for one more so that it can say so.)
  bool more_findings = false;
  // Spec environment events no input maps to (timers, abort): never offered.
  std::vector<std::string> events_never_offered;
  bool included() const { return findings.empty() && complete; }
};

// The search goes on past a difference (never through one: after it, the two sides no
// longer run the same exchange) until `max_findings` distinct differences are listed and
// one more is met (`more_findings`), the product is explored, or `max_states` is reached.
// Throws InputError when the model is nondeterministic, or when a mapped message does not
// exist in some spec state (message_for); InternalError when the witness does not replay.
Conformance check_conformance(const MealyMachine& model, const checker::MachineType& spec,
                              const SymbolMap& map, std::size_t max_states = 1u << 20,
                              std::size_t max_findings = 1);

}  // namespace synack::learned
