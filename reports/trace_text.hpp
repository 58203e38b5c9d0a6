// Traces as plain text for the terminal: one line per step, with who acted, on what,
// what it sent, and where every actor stands afterwards. A trace whose lines would run
// past `width` columns (TLS over TCP: the layers' detail and four actors' states) is
// stacked instead: each step on its own line, what passed between a host's layers on
// "+" lines below it, the state after it on a "=" line, each wrapped to the width.
#pragma once

#include <string>

#include "checker/model.hpp"
#include "checker/property.hpp"
#include "checker/result.hpp"
#include "reports/text_wrap.hpp"

namespace synack::reports {

// `property` decides which slots are shown in full after the last step. A lasso's cycle
// is marked where it begins and where it closes. With `changes`, each step is followed by
// a "~" line of the variables it changed ("client.iss 0 -> 4"), control states and
// channels aside (the step's line and its column say those).
std::string format_trace(const checker::Model& model, const checker::PropertySpec& property,
                         const checker::Trace& trace, std::size_t width = kDefaultWidth,
                         bool changes = false);

// "tcp/two-way-handshake connects: witness (4 steps, replayed through ...)" on one line
// when it fits `width`; otherwise the part in parentheses on the next, indented.
std::string trace_heading(const std::string& title, const std::string& details, std::size_t width);

// "witness" for a sometimes property, "counterexample" otherwise.
const char* trace_role(checker::PropertyKind kind);

// "5 steps", or for a lasso "lasso: 4-step prefix, 2-step cycle" / "lasso: 4-step prefix,
// then stuck".
std::string trace_shape(const checker::Trace& trace);

// "server rcv SYN seq=0 -> sends SYN-ACK seq=4 ack=1", the layers' detail after a "; "
std::string format_step(const checker::StepInfo& info);

}  // namespace synack::reports
