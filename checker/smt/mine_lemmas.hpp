// Strengthening lemmas for kind and spacer (`--lemmas mine`): reachable states from the
// explicit interpreter (checker/smt/reachable_sample), candidate invariants proposed over
// them (checker/smt/invariant_mining), the inductive subset kept by Houdini
// (checker/smt/houdini). Only Houdini's Z3 check makes a lemma: the samples propose.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "checker/smt/houdini.hpp"
#include "checker/smt/smt_check.hpp"
#include "checker/smt/system_encoding.hpp"
#include "checker/smt/unrolling.hpp"

namespace synack::checker::smt {

struct MiningLimits {
  std::size_t initial_states = 8;
  std::size_t max_states = 20000;
  std::size_t max_candidates = 1500;
  // Proposing costs variables^2 x samples per control state, so it reads an evenly spread
  // subset of this many samples; every candidate is then checked against all of them.
  std::size_t propose_states = 2000;
  // Where initial values are open, a second sample from other starts (twice as many, spread
  // by another seed) and up to this many states prunes what the first one only happened to
  // show (candidates x states, no Z3 call).
  std::size_t prune_states = 300000;
  // Houdini drops what the explicit interpreter finds false around each counterexample to
  // induction (houdini.hpp, CtiExpansion): this many steps from it, at most this many
  // states each time. Depth 0: Z3's models alone.
  std::size_t cti_depth = 3;
  std::size_t cti_states = 400;
  // Facts under a message kind and a control state (checker/smt/message_slot_mining), at
  // most this many proposed (before pruning; the cap above still applies to all).
  bool message_slots = true;
  std::size_t max_two_guard_proposals = 6000;
  // Facts under an equality between a message's number and its receiver's, or two actors'
  // (checker/smt/equality_guard_mining), at most this many proposed; after pruning they
  // keep up to a quarter of max_candidates. Off unless asked for (`--lemmas
  // mine+equalities`): on issue 22's grown-together handshake and on tcp/tfo-invalid-cookie
  // they move the counterexample to induction but do not close the proof, at about twice
  // the CPU of mining without them (docs/z3-proofs.md).
  bool equality_guards = false;
  std::size_t max_equality_guard_proposals = 1000;
  // Facts over three numbers of one actor (checker/smt/three_variable_mining), at most this
  // many proposed.
  bool three_variables = true;
  std::size_t max_three_variable_proposals = 300;
  // Facts about the order of an ordered channel (checker/smt/channel_order_mining), at most
  // this many proposed.
  bool channel_order = true;
  std::size_t max_channel_order_proposals = 1000;
  // Skeleton lemmas (checker/smt/skeleton_mining), a second Houdini run over both samples
  // that assumes the first one's lemmas, only where those leave a bad state within the
  // fixed ranges (k-induction would not close at k = 0). Off unless asked for
  // (`--lemmas mine+skeletons`): on issue 22's grown-together handshake they take about
  // 10 times the CPU of the rest of mining and still do not close the proof. The counters
  // stay out of the skeleton unless `skeleton_counters` (there: 1,083 skeletons against
  // 225, and Houdini did not finish within 7 minutes of CPU).
  bool skeletons = false;
  // Shape lemmas (checker/smt/shape_mining), a Houdini run before the skeleton one under
  // the same condition (the lemmas so far leave a bad state), with `skeletons` or alone.
  // Off by default: on issue 22's grown-together handshake the one shape set (2,002
  // shapes) needs more than Houdini's usual work limit per call, and it does not close the
  // proof at k = 0 there (docs/z3-proofs.md). Counters are found on the steps of this many
  // samples; with `shape_counters` the skeleton part of a shape has the small counters too.
  bool shapes = false;
  bool shape_counters = true;
  std::size_t shape_step_samples = 500;
  bool skeleton_counters = false;
  std::size_t max_skeleton_candidates = 20000;
};

struct MinedLemmas {
  std::optional<Lemmas> lemmas;  // none: Houdini gave up (reason)
  std::string reason;
};

// What mining does for `source` (kMine and its variants; the defaults for kNone).
MiningLimits mining_limits(LemmaSource source);

// `stated`: the user's invariants (checker/smt/user_invariants), given to Houdini with the
// mined candidates, beyond the cap and not pruned by the samples (a sample that refutes one
// is a state Houdini's answer about it should name).
MinedLemmas mine_lemmas(const SystemEncoding& enc, const MiningLimits& limits,
                        const Deadline& deadline, std::vector<Candidate> stated = {});

// One lemma per line, each value as `value(variable, value)` prints it.
std::string facts_text(const Lemmas& lemmas, const std::vector<SmtVar>& vars,
                       const std::function<std::string(std::size_t, std::int64_t)>& value);
// A value of the variable `name` as its slot prints it (a control state by name); a number
// for a variable that is no slot (a channel field).
std::string printed_value(const Layout& layout, const std::string& name, std::int64_t x);

// One lemma per line, in slot names with values as the slots print them
// ("client.state = SYN-SENT -> client.snd_nxt - client.iss = 1 (mod 4294967296)").
std::string lemmas_text(const SystemEncoding& enc, const Lemmas& lemmas);

}  // namespace synack::checker::smt
