// The scenarios and machines synack ships (TCP, TCP Fast Open, SYN flood, flow and
// congestion control, stop-and-wait ARQ, TLS 1.2 and 1.3), in the optional library
// synack::bundled: synack::synack alone does not define catalog(), so link both,
//
//   target_link_libraries(mytool PRIVATE synack::synack synack::bundled)
//
// and add them to your tool's catalog on request:
//
//   synack::Catalog catalog{{my_scenario()}};
//   catalog.add(synack::bundled::catalog());
#pragma once

#include "synack/cli.hpp"

namespace synack::bundled {

// The bundled scenarios, machines by name, and the `rtt` command (seed 000's round trips).
Catalog catalog();

}  // namespace synack::bundled
