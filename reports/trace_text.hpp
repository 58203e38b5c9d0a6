// Traces as plain text for the terminal: one line per step, with who acted, on what,
// what it sent, and where every actor stands afterwards.
#pragma once

#include <string>

#include "checker/model.hpp"
#include "checker/property.hpp"
#include "checker/result.hpp"

namespace synack::reports {

// `property` decides which slots are shown in full after the last step. A lasso's cycle
// is marked where it begins and where it closes.
std::string format_trace(const checker::Model& model, const checker::PropertySpec& property,
                         const checker::Trace& trace);

// "witness" for a sometimes property, "counterexample" otherwise.
const char* trace_role(checker::PropertyKind kind);

// "5 steps", or for a lasso "lasso: 4-step prefix, 2-step cycle" / "lasso: 4-step prefix,
// then stuck".
std::string trace_shape(const checker::Trace& trace);

// "server rcv SYN seq=0 -> sends SYN-ACK seq=4 ack=1"
std::string format_step(const checker::StepInfo& info);

}  // namespace synack::reports
