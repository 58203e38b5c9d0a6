// The spec monitors the ARQ, SYN-flood and congestion-control scenarios build beside
// their machines (properties/arq.cpp, properties/tcp_syn_flood.cpp,
// properties/tcp_flow.cpp), declared here so that tests can feed them single steps. Each
// observes what a machine did (its variables before and after a step), never a copy of the
// guard that decided it: a machine whose guard is wrong then shows in the monitor.
#pragma once

#include "checker/monitor.hpp"
#include "machines/arq/arq.hpp"
#include "machines/tcp/flow/flow.hpp"
#include "machines/tcp/tcp.hpp"

namespace synack::properties {

// `receiver_history`: `delivered`, payloads handed to the receiver's application in order;
// `misdelivered`, one handed over out of order or twice.
checker::MonitorSpec receiver_history(const machines::arq::Params& p);

// `server_history`: `legit_dropped`, the legitimate client's SYN was delivered and the
// listener kept no entry for it (and had no connection with it).
checker::MonitorSpec listener_history(const machines::tcp::ListenerParams& lp);

// `sender_history`: `last`, `loss_flight`, `prev_ssthresh` (RFC 5681's rules' inputs).
checker::MonitorSpec sender_history(const machines::tcp::flow::CongestionParams& p);

}  // namespace synack::properties
