// Swarm search (`check --swarm N`): many small, differently biased searches instead of
// one exhaustive one, for bug hunting in state spaces no single search can finish. The
// model is SPIN's swarm verification.
//
// Each member is an independent depth-first search (checker/swarm/member_search.hpp)
// with its own exact visited set, its own depth bound, and its own order of transition
// groups, all drawn from the swarm's seed and the member's index. Members run on up to
// `threads` threads; they share nothing while they run, and the findings are merged only
// when every member has ended, so what is reported depends on the seed and the member
// count, never on thread scheduling.
//
// What the verdicts mean:
// - always, deadlock-free: a violation found is real (its trace is replayed through the
//   real machines); none found is `inconclusive`, never `holds`: the members saw part of
//   the state space.
// - sometimes: a witness found proves the property (`holds`); none found is
//   `inconclusive`, never `violated` (that would need every reachable state).
// - liveness: refused by the caller; a swarm cannot show that no fair cycle exists.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "checker/model.hpp"
#include "checker/property.hpp"
#include "checker/result.hpp"
#include "checker/store/store_kind.hpp"
#include "checker/swarm/swarm_peers.hpp"

namespace synack::checker {

// The reason a property the swarm did not decide is inconclusive (Result::limit).
inline constexpr const char* kSwarmNotAProof = "swarm: not a proof";
// The union of the members' states is counted up to this many (8 bytes each).
inline constexpr std::size_t kMaxUnionStates = std::size_t{1} << 27;

struct SwarmOptions {
  std::size_t members = 8;
  std::uint64_t seed = 0;
  unsigned threads = 1;  // members run at once
  // The deepest member's depth bound; the others take 1/2, 1/4, ... 1/32 of it in turn
  // (checker/swarm/member_plan.hpp).
  std::size_t max_depth = 1000;
  // Per member: the states it may expand (re-expansions at a smaller depth included);
  // its visited set never holds more.
  std::uint64_t member_states = 1'000'000;
  // Per member: the bytes its visited set may take.
  std::size_t member_memory_bytes = std::size_t{1} << 30;
  double max_seconds = 0;  // the whole swarm's; 0: none
  const std::atomic<bool>* interrupted = nullptr;
  // Called after each member ends, with how many have (one call at a time), for a
  // progress line; none: no calls.
  std::function<void(std::size_t done)> member_done;
  // The ranks of an MPI job that share this swarm (each runs every size()-th member, and
  // all end with every member's findings); none: this process runs every member.
  const SwarmPeers* peers = nullptr;
  // The form of each member's visited set (`--store`): the findings do not depend on it.
  StoreKind store = StoreKind::kPlain;
};

// How one member was set up, and what it did.
struct MemberReport {
  std::size_t index = 0;
  std::uint64_t seed = 0;       // the member's own, drawn from the swarm's
  std::size_t depth_bound = 0;  // it went no deeper
  bool rotates = false;         // its group order turns by a random amount at every state
  std::uint64_t states = 0;     // distinct states in its visited set
  std::uint64_t expansions = 0;
  std::uint64_t transitions = 0;
  std::size_t max_depth = 0;  // the deepest state it reached
  // Why it ended: "" when its search finished within its depth bound; "max-states",
  // "max-memory", "max-seconds", "interrupted", or "every property decided".
  std::string stopped_by;
  bool depth_cut = false;  // some state was left unexpanded at the depth bound
  double seconds = 0;
  double first_find_seconds = -1;  // from the swarm's start to its first finding; -1: none
  // Per property: the length of the path the search found, and after shortening (0: none).
  std::vector<std::size_t> found_length;
  std::vector<std::size_t> shortened_length;
};

struct SwarmReport {
  std::vector<Result> results;  // one per property, in the order given
  // Per property: the member whose trace is reported (the shortest; the lowest index
  // among equally short ones), when one was found.
  std::vector<std::optional<std::size_t>> found_by;
  std::vector<MemberReport> members;
  std::uint64_t seed = 0;
  unsigned threads = 1;  // members run at once (in each rank)
  int ranks = 1;         // the processes the members were dealt out to
  // Distinct states over all members (by 64-bit hash: exact unless two states share one);
  // none past kMaxUnionStates, where counting them would take too much memory.
  std::optional<std::uint64_t> union_states;
  std::uint64_t sum_states = 0;
  std::size_t max_depth = 0;
  double seconds = 0;
  double first_find_seconds = -1;  // the earliest finding of any member; -1: none
  // Some member searched every state within its bound without a cut-off or a limit: it
  // saw the whole reachable space, and the exhaustive engine would finish too.
  bool some_member_complete = false;
};

// Throws InputError for a liveness property, an expression that does not parse, or a
// model that starts from values left open for the Z3 engines; a StepError when a member
// meets a step that leaves a declared range; InternalError when a trace does not replay.
SwarmReport run_swarm(const Model& model, const std::vector<PropertySpec>& properties,
                      const SwarmOptions& options);

}  // namespace synack::checker
