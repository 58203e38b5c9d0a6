// A distinguishing input sequence of two learned models (learned/equivalence) as people
// read it (a table: step, input, what each model answers) and as scripts read it (JSON).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "learned/equivalence.hpp"

namespace synack::cli {

// One row per step, the last marked as where the models part; `indent` starts each line.
std::string witness_table(const learned::Comparison& comparison, const std::string& name_a,
                          const std::string& name_b, const std::string& indent);

// "ClientHello, ChangeCipherSpec"
std::string witness_inputs(const learned::Comparison& comparison);

// {"equivalent", "product_pairs", "differing_transitions", "witness": [{input, a, b}]},
// an answer being null where the model declares no transition.
nlohmann::json comparison_json(const learned::Comparison& comparison);

}  // namespace synack::cli
