// Traces as plain text for the terminal: one line per step, with who acted, on what,
// what it sent, and where every actor stands afterwards.
#pragma once

#include <string>

#include "checker/model.hpp"
#include "checker/property.hpp"
#include "checker/result.hpp"

namespace synack::reports {

// `property` decides which slots are shown in full after the last step.
std::string format_trace(const checker::Model& model, const checker::PropertySpec& property,
                         const checker::Trace& trace);

// "server rcv SYN seq=0 -> sends SYN-ACK seq=4 ack=1"
std::string format_step(const checker::StepInfo& info);

}  // namespace synack::reports
