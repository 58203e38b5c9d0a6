// One process's part in a distributed check (mpirun -np N synack check ... --distributed).
//
// Constructing a Session starts MPI (MPI_Init_thread) and destroying it ends it, so a
// process takes part in exactly one distributed run. Every rank runs the same command
// line; the search is partitioned across them (checker/distributed/distributed_bfs.hpp)
// and every rank ends up with the same results, which rank 0 alone prints and writes.
//
// Two collective calls keep the ranks in step when something fails on some of them (a
// bad output path is only rank 0's business, a file named by --learned may be missing on
// one node): each rank calls agree() exactly once, before its first search or in its
// error path, and finish() exactly once, at the very end. Without them a rank that
// failed would leave the others waiting in a collective for ever.
//
// A build without MPI has a Session whose constructor refuses (InputError), so
// `--distributed` says in one line that this synack has no MPI.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checker/explicit_bfs.hpp"
#include "checker/swarm/swarm.hpp"

namespace synack::checker::distributed {

class Session {
 public:
  Session();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  int rank() const;
  int size() const;

  // Every rank says whether it got to its first search (`failure` empty) or why not.
  // Returns, on every rank, the message of the lowest failing rank ("rank 2: ..."), or
  // nothing when every rank got there.
  std::optional<std::string> agree(const std::string& failure);
  bool agreed() const { return agreed_; }
  // Rank 0's exit code, on every rank: mpirun then exits with what rank 0 decided. Also
  // gathers what summary() reports.
  int finish(int code);
  // After finish(), on rank 0: the ranks, the states searched, the bytes the ranks sent
  // one another (in all, per state and per transition) and the peak memory of a rank
  // ("distributed: 4 ranks, ..."); empty when no search ran.
  std::string summary() const { return summary_; }

  // The breadth-first search of check_explicit, partitioned across the ranks: the same
  // results (verdicts, counts, depths, traces) as one process. Collective; agrees first
  // if nobody has yet (and throws InputError when another rank failed).
  std::vector<Result> check(const Model& model, const std::vector<PropertySpec>& properties,
                            const Limits& limits, ExplorationStats* stats,
                            const ProgressFn& progress);

  // A swarm (check --swarm N) whose members are dealt out over the ranks, rank r running
  // members r, r + size(), ...: the same findings, counts and traces on every rank as one
  // process gives with the same seed, which is rank 0's. Collective; agrees first.
  SwarmReport swarm(const Model& model, const std::vector<PropertySpec>& properties,
                    SwarmOptions options);

 private:
  // Runs `search` once every rank got to it; a failure only this rank knows of (out of
  // memory, an internal error) ends the whole job, since the others wait in a collective.
  template <class Search>
  auto collectively(Search&& search) -> decltype(search());

  struct Impl;
  std::unique_ptr<Impl> impl_;
  bool agreed_ = false;
  std::uint64_t states_ = 0, transitions_ = 0;  // over every search of the run
  std::string summary_;
};

}  // namespace synack::checker::distributed
