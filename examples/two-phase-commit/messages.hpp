// Two-phase commit's messages (Gray; Lamport's TwoPhase.tla): a participant's Prepared,
// and the coordinator's decision, Commit or Abort. `rm` names the participant: the
// sender of a Prepared, the addressee of a decision (which is also the coordinator's
// port: its channel to rm[i] is its port i).
#pragma once

#include <string>

#include <boost/describe.hpp>

namespace two_phase {

enum Kind { kPrepared = 0, kCommit = 1, kAbort = 2 };

// Generic over the value type V (int, or the symbolic value the Z3 engines run the rows
// with), so that every engine can check the machines.
template <class V>
struct MsgT {
  V kind = kPrepared;
  V rm = 0;
  BOOST_DESCRIBE_CLASS(MsgT, (), (kind, rm), (), ())
};
using Msg = MsgT<int>;

inline Msg message_bounds(int rms) {
  return {kAbort, rms - 1};
}

inline std::string print(const Msg& m) {
  static const char* const kNames[] = {"Prepared", "Commit", "Abort"};
  return std::string(kNames[m.kind]) + " rm=" + std::to_string(m.rm);
}

struct Params {
  int rms = 3;               // participants
  int self = 0;              // a participant's own index
  bool wait_for_all = true;  // false: the broken coordinator commits on the first Prepared
  bool retransmit = false;   // participants resend Prepared, the coordinator its decision
};

}  // namespace two_phase
