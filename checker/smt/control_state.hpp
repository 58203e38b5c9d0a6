// Which variables are an actor's control state: the guards mining splits facts on
// (checker/smt/message_slot_mining, checker/smt/unmoved_actor_lemmas). One definition, so
// that the templates of the system and of the liveness product agree on it.
#pragma once

#include "checker/smt/transition_system.hpp"

namespace synack::checker::smt {

// A variable named "<actor>.state" with at most 16 values (is_discrete): not a channel
// position's field ("c2s[0].state"), not the liveness product's saved copy ("saved.x.state").
bool is_control_state(const SmtVar& v);

}  // namespace synack::checker::smt
