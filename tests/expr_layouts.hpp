// Layouts the expression tests share: a client and a server, and two-phase commit's
// resource managers as an array of actors (tests/test_expr.cpp, tests/test_expr_quantifiers.cpp).
#pragma once

#include <initializer_list>
#include <string>

#include "checker/layout.hpp"

namespace expr_test {

using synack::checker::Layout;
using synack::checker::Value;

// A client and a server: a named control state and two numbers.
inline Layout sample_layout() {
  Layout layout;
  layout.add({"client.state", 2, {"CLOSED", "SYN-SENT", "ESTABLISHED"}, nullptr});
  layout.add({"client.iss", 15, {}, nullptr});
  layout.add({"server.irs", 15, {}, nullptr});
  return layout;
}

// Two-phase commit's resource managers rm[0..2] and their transaction manager, added out of
// index order to show that members are taken by index, not by position in the layout.
inline Layout commit_layout() {
  Layout layout;
  for (int i : {2, 0, 1}) {
    std::string rm = "rm[" + std::to_string(i) + "]";
    layout.add({rm + ".state", 3, {"WORKING", "PREPARED", "COMMITTED", "ABORTED"}, nullptr});
    layout.add({rm + ".prepared", 1, {}, nullptr});
  }
  layout.add({"tm.state", 2, {"INIT", "COMMIT", "ABORT"}, nullptr});
  return layout;
}

// A state of commit_layout() from each rm's state and prepared flag, in index order.
struct CommitState {
  Value slots[7];
  CommitState(std::initializer_list<Value> states, std::initializer_list<Value> prepared,
              Value tm) {
    const int position[] = {1, 2, 0};  // rm[i]'s place in the layout
    for (int i = 0; i < 3; ++i) {
      slots[2 * position[i]] = states.begin()[i];
      slots[2 * position[i] + 1] = prepared.begin()[i];
    }
    slots[6] = tm;
  }
};

enum : Value { kWorking, kPrepared, kCommitted, kAborted };
enum : Value { kInit, kCommit, kAbort };

}  // namespace expr_test
