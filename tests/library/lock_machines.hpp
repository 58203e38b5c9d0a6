// A lock server and an array of identical clients, as an independent reviewer wrote them to
// try `check --symmetry` (tests/test_symmetry_lock.cpp): a client asks for the lock with
// Acquire{who = self}, holds it once Granted and gives it back with Release{who = self};
// the server grants it to one client at a time and remembers which in `holder`.
#pragma once

#include <memory>
#include <string>

#include <boost/describe.hpp>

#include "synack/scenario.hpp"

namespace lock {

enum Kind { kAcquire = 0, kRelease = 1, kGrant = 2 };

struct Msg {
  int kind = kAcquire;
  int who = 0;  // the client that sends it, or that a Grant is for
  BOOST_DESCRIBE_CLASS(Msg, (), (kind, who), (), ())
};

inline Msg message_bounds(int clients) {
  return {kGrant, clients - 1};
}

inline std::string print(const Msg& m) {
  static const char* const kNames[] = {"Acquire", "Release", "Grant"};
  return std::string(kNames[m.kind]) + " who=" + std::to_string(m.who);
}

struct Params {
  int clients = 2;
  int self = 0;  // a client's own index
  // The server's `holder` while no client holds the lock: 0 (the reviewer's model: the
  // variables' default, which reads "client 0 holds it" and ties the model to client[0])
  // or `clients`, past the last member, which no renaming moves.
  bool nobody_past_last = false;
};

std::shared_ptr<const synack::Machine> make_server(const Params& p);
std::shared_ptr<const synack::Machine> make_client(const Params& p);

}  // namespace lock
