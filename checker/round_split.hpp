// Where the breadth-first engine starts generating the next round beside its commit
// (docs/architecture.md, "Threads", "A round's commit split").
//
// With two threads or more, the commit of a round runs on one thread while the others
// generate the next round: the stored parents beyond it. When few are stored beyond it
// (the first levels, where a round is everything stored; a level that ends just past the
// round), the others finish at once and wait for the whole commit. So the engine commits
// the round's blocks one at a time on its own thread, each storing new parents, until
// what is stored beyond the round is enough to keep the other threads busy through what
// is left of the commit, and only then generates alongside. Committing a block alone
// costs no time in that case (the others would have waited through it anyway) and gives
// them its new states to generate. A commit too short to be worth the two batches more
// that generating alongside takes is done whole, and the next round expanded afresh. The
// order of the commit is unchanged, so the results are those of one thread.
#pragma once

#include <cstddef>

namespace synack::checker {

// Generating a parent (apply every group, pack, hash) takes about three times as long as
// committing one (count, insert the new successors): CPU seconds per phase, tcp/congestion
// at capacity 3 with two threads, 0.51 s generating, 0.16 s committing, 1.28 M parents.
inline constexpr std::size_t kGenerateToCommit = 3;

// Generating alongside takes two batches more than committing alone and expanding the
// next round afresh (copy the parents, generate, look up: three, against one expansion),
// each a wake-up of the other threads and a wait for them: worth it only beside a commit
// of at least this many parents (about 0.1 ms of commit, at 0.12 us a parent).
inline constexpr std::size_t kMinCommitAlongside = 1024;

// Whether `queued` parents stored beyond the round keep the `threads` - 1 other threads
// generating for as long as the commit of its `uncommitted` parents takes.
constexpr bool enough_to_generate(std::size_t queued, std::size_t uncommitted, unsigned threads) {
  if (queued == 0 || uncommitted < kMinCommitAlongside) return false;
  const std::size_t others = threads > 1 ? threads - 1 : 1;
  return queued * kGenerateToCommit >= uncommitted * others;
}

}  // namespace synack::checker
