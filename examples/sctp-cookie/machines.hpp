// The three machines, each compiled in its own file (client.cpp, server.cpp, attacker.cpp).
#pragma once

#include <memory>

#include "messages.hpp"
#include "synack/scenario.hpp"

namespace sctp {

std::shared_ptr<const synack::Machine> make_client(const Params& p);
std::shared_ptr<const synack::Machine> make_server(const Params& p);
std::shared_ptr<const synack::Machine> make_attacker(const Params& p);

}  // namespace sctp
