#include "checker/explicit_bfs.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "checker/checkpoint.hpp"
#include "checker/checkpoint_coverage.hpp"
#include "checker/checkpoint_store.hpp"
#include "checker/coverage_count.hpp"
#include "checker/errors.hpp"
#include "checker/round_split.hpp"
#include "checker/safety_verdicts.hpp"
#include "checker/state_store.hpp"
#include "checker/successors.hpp"
#include "checker/trace.hpp"
#include "checker/vacuity.hpp"

namespace synack::checker {

namespace {

using Clock = std::chrono::steady_clock;

// The store cannot hold more than StateStore::kCapacity states; asking for more is
// asking for that many.
Limits clamped(const Model& model, Limits limits) {
  limits.max_states = std::min<std::uint64_t>(limits.max_states, StateStore::kCapacity);
  limits.round_states =
      round_states_for(limits.round_states, expansion_threads(model, limits.threads));
  return limits;
}

class Exploration {
 public:
  Exploration(const Model& model, const std::vector<PropertySpec>& specs, const Limits& limits,
              const ProgressFn& progress)
      : model_(model),
        progress_(progress),
        layout_(model.layout()),
        limits_(clamped(model, limits)),
        store_(layout_, limits.store),
        verdicts_(model, specs, limits_.max_errors, [this] { return figures(); }),
        premises_(model, specs),
        packed_(layout_.words()) {
    coverage_.reset(model.row_count(), model.group_count());
  }

  std::vector<Result> run(ExplorationStats* stats) {
    start_ = Clock::now();
    std::size_t level_end = 1;
    std::uint32_t i = 0;
    if (checkpoint_ && checkpoint_->resume) {
      resume(i, level_end);
    } else {
      std::vector<Value> initial = model_.initial_state();
      layout_.pack(initial.data(), packed_.data());
      store_.insert(packed_.data(), StateStore::kNoParent);
      verdicts_.check_new_state(store_, 0, verdicts_.triggers(initial.data()), packed_.data());
    }
    last_checkpoint_ = elapsed();

    Expander expander(model_, store_, rules(), expansion_threads(model_, limits_.threads),
                      limits_.round_states);
    PoolLoan loan(store_, expander);  // the table grows on every thread
    // A resumed store may be past a limit already (the counts below check it only every
    // 1024 parents, which a short resumed run never reached): a resume with --max-memory
    // under its store's size said holds.
    std::string limit = limit_hit();
    // A search that goes on steps into the next level at the top of parent i, then checks
    // the limits there (commit_blocks): a resume at a level's end stopped by a limit at
    // once counts that level too, or it reports one level less than a run never stopped.
    if (!limit.empty() && i == level_end && i < store_.size()) {
      ++depth_;
      level_end = store_.size();
    }
    bool stop = !limit.empty() || done();
    // Parents [i, last) are expanded and wait for their commit.
    std::uint32_t last = i;
    while (!stop && i < store_.size()) {
      if (i == last) {
        last = round_end(i);
        expander.expand(i, last);
      }
      // The commit does, parent by parent, what one thread would have done. With more
      // than one thread the next round is generated meanwhile: the parents after `last`
      // that are already stored (docs/architecture.md, "Threads"). Until enough are,
      // the round's blocks are committed here one by one (checker/round_split.hpp).
      const std::size_t blocks = expander.block_count();
      std::size_t b = 0;
      for (;
           expander.threads() > 1 && !stop && b < blocks &&
           !enough_to_generate(store_.size() - last, uncommitted(expander, b), expander.threads());
           ++b)
        stop = commit_blocks(expander, b, b + 1, i, level_end, limit);
      auto commit_the_rest = [&] {
        stop = commit_blocks(expander, b, blocks, i, level_end, limit);
        return !stop;
      };
      const std::uint32_t next_last = round_end(last);
      if (stop || b == blocks) {
        // Committed whole, or stopped: the next round, if any, is expanded afresh.
      } else if (expander.threads() > 1 && next_last > last) {
        expander.generate_alongside(last, next_last, commit_the_rest);
        if (!stop) {
          expander.look_up();
          last = next_last;
        }
      } else {
        commit_the_rest();
      }
      // Between rounds every parent before i is committed and none after: a clean point.
      if (!stop && checkpoint_due()) save_checkpoint(i, level_end);
    }
    // So is a stop at the top of a parent for time, memory or a signal: it can go on.
    if (checkpoint_ && (limit == "max-seconds" || limit == "interrupted" || limit == "max-memory"))
      save_checkpoint(i, level_end);
    // A store that filled up while expanding the last queued state ends the loop
    // without the check at its top: that is a limit too, never an exhaustive search.
    if (limit.empty() && store_full_) limit = "store-capacity";
    bool exhausted = limit.empty() && verdicts_.undecided() > 0;
    double seconds = elapsed();

    std::vector<Result> results = verdicts_.results(exhausted, limit, depth_, seconds);
    premises_.mark_over(store_, results);
    if (stats) {
      stats->states = store_.size();
      stats->transitions = transitions_;
      stats->depth = depth_;
      stats->seconds = seconds;
      stats->store_bytes = store_.bytes();
      stats->packed_bytes_per_state = layout_.words() * sizeof(std::uint64_t);
      stats->coverage = std::move(coverage_);
      Coverage& c = stats->coverage;
      c.states = store_.size();
      c.transitions = transitions_;
      c.exhaustive = limit.empty() && i >= store_.size();
      c.stopped_by = c.exhaustive ? "" : limit.empty() ? "every property decided" : limit;
    }
    return results;
  }

 private:
  // A round is at most limits_.round_states parents, all of them stored.
  std::uint32_t round_end(std::uint32_t first) const {
    return static_cast<std::uint32_t>(
        std::min<std::size_t>(store_.size(), std::size_t{first} + limits_.round_states));
  }

  // Parents of the round's blocks from `first` on.
  static std::size_t uncommitted(const Expander& expander, std::size_t first) {
    std::size_t parents = 0;
    for (std::size_t b = first; b < expander.block_count(); ++b)
      parents += expander.blocks()[b].parents;
    return parents;
  }

  // Commits blocks [first, end) of the round the expander holds, from parent i on; true
  // when the search stops (a limit, with its name in `limit`, or every property decided).
  bool commit_blocks(const Expander& expander, std::size_t first, std::size_t end, std::uint32_t& i,
                     std::size_t& level_end, std::string& limit) {
    for (std::size_t b = first; b < end; ++b) {
      const ExpandedBlock& block = expander.blocks()[b];
      prefetch_inserts(store_, block);
      committed_ = 0;
      for (std::uint32_t p = 0; p < block.parents || block.error; ++p, ++i) {
        if (i == level_end) {
          ++depth_;
          level_end = store_.size();
        }
        // Time and memory are cheap to check but not free: every 1024 states is enough.
        if (store_full_ || store_.size() >= limits_.max_states || (i & 1023) == 0) {
          limit = limit_hit();
          if (!limit.empty()) break;
          report_progress(i);
        }
        if (p == block.parents) rethrow_expansion_error(model_, store_, block);
        // A limit met among a parent's successors leaves the parent at i, unfinished: a
        // checkpoint written after it had counted the parent done, and a resume from
        // there skipped the successors it had not taken (said holds on a violation).
        if (!commit(block, p)) {
          limit = limit_hit();
          // The depth as a run that stepped past the parent counted it (a new level when
          // the parent was its level's last): the distributed search's, and before.
          if (i + 1 == level_end) ++depth_;
          break;
        }
        if (done()) break;
      }
      add_block_rows(model_, store_, block, committed_, coverage_);
      if (!limit.empty() || done()) return true;
    }
    return false;
  }

  ExpansionRules rules() const {
    ExpansionRules r;
    r.new_state_bits = [this](const Value* s) { return verdicts_.triggers(s); };
    r.dead_end_bits = [this](const Value* s) { return verdicts_.dead_end_triggers(s); };
    r.count_rows = model_.row_count() > 0;
    return r;
  }

  // Parent `p` of the block, as the one-thread search took its successors: count each
  // transition, insert what is new, check it, stop at a limit. False when a limit stopped
  // it before its last successor.
  bool commit(const ExpandedBlock& block, std::uint32_t p) {
    const std::uint32_t parent = block.first_parent + p;
    const std::uint32_t begin = p == 0 ? 0 : block.end[p - 1];
    const std::size_t words = layout_.words();
    for (std::uint32_t k = begin; k < block.end[p]; ++k) {
      ++transitions_;
      committed_ = k + 1;
      const Successor& s = block.successors[k];
      ++coverage_.group_transitions[s.group];
      if (s.known) continue;
      const std::uint64_t* packed = &block.packed[s.index * words];
      // From where the worker's lookup left off: the slots before it hold other states.
      auto inserted =
          store_.insert(packed, block.hashes[s.index], parent, block.probe_ends[s.index]);
      if (!inserted) {
        store_full_ = true;
        return false;
      }
      if (inserted.added()) {
        ++coverage_.group_new_states[s.group];
        verdicts_.check_new_state(store_, inserted.index(), block.new_bits[s.index], packed);
      }
      if (store_.size() >= limits_.max_states) return k + 1 == block.end[p];
    }
    if (block.end[p] == begin) verdicts_.check_dead_end(store_, parent, block.dead_end_bits[p]);
    return true;
  }

  bool done() const { return verdicts_.all_decided() && !limits_.explore_all; }

  SearchFigures figures() const {
    return {store_.size(), transitions_, elapsed(), store_.bytes(), store_.kind()};
  }
  void report_progress(std::uint32_t expanded) {
    if (!progress_) return;
    double now = elapsed();
    if (now < next_progress_) return;
    next_progress_ = now + 1.0;
    progress_({store_.size(), store_.size() - expanded, depth_, store_.bytes(), now});
  }

  std::string limit_hit() const {
    if (store_full_) return "store-capacity";
    if (store_.size() >= limits_.max_states) return "max-states";
    if (store_.bytes() >= limits_.max_memory_bytes) return "max-memory";
    if (limits_.max_seconds > 0 && elapsed() >= limits_.max_seconds) return "max-seconds";
    if (limits_.interrupt_requested()) return "interrupted";
    return {};
  }

  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  std::string identity() const {
    return checkpoint_identity(checkpoint_->identity, model_, verdicts_.specs());
  }

  bool checkpoint_due() const {
    return checkpoint_ && elapsed() - last_checkpoint_ >= checkpoint_->every_seconds;
  }

  void save_checkpoint(std::uint32_t next_parent, std::size_t level_end) {
    CheckpointData d;
    d.identity = identity();
    d.words = layout_.words();
    d.next_parent = next_parent;
    d.depth = depth_;
    d.level_end = level_end;
    d.transitions = transitions_;
    d.decisions = verdicts_.decisions();
    d.row_fired = coverage_.row_fired;
    d.group_transitions = coverage_.group_transitions;
    d.group_new_states = coverage_.group_new_states;
    save_store(store_, d);
    write_checkpoint(checkpoint_->dir, d);
    last_checkpoint_ = elapsed();
  }

  // The states go back in index order, so the store, its table and every count are
  // those of the run that wrote the checkpoint; so are the coverage counts, read back;
  // decided properties get their traces again from the parents, and replay them.
  void resume(std::uint32_t& next_parent, std::size_t& level_end) {
    CheckpointData d = read_checkpoint(checkpoint_->dir, identity());
    const std::string where = (checkpoint_->dir / "checkpoint.synack").string();
    if (d.words != layout_.words() || d.decisions.size() != verdicts_.specs().size())
      throw InputError(where + " does not fit this model; start afresh without --resume");
    // Checked before the states go back: a file refused for its counts costs no inserts.
    coverage_.row_fired = std::move(d.row_fired);
    coverage_.group_transitions = std::move(d.group_transitions);
    coverage_.group_new_states = std::move(d.group_new_states);
    std::string why = coverage_shape_fault(coverage_, model_.row_count(), model_.group_count());
    if (why.empty())
      why = coverage_totals_fault(coverage_, model_, d.transitions, d.parents.size());
    if (!why.empty())
      throw InputError(fmt::format(
          "{} is not a usable checkpoint: its {} (a file made or edited by hand?); start afresh "
          "without --resume",
          where, why));
    // Every trace starts there: a file made by hand with another first state would have
    // them all fail their replay (exit 4) instead of being refused.
    std::vector<Value> initial = model_.initial_state();
    layout_.pack(initial.data(), packed_.data());
    if (!std::equal(packed_.begin(), packed_.end(), d.states.begin()))
      throw InputError(where +
                       " is not a usable checkpoint: its first state is not the initial state; "
                       "start afresh without --resume");
    restore_store(d, layout_, store_, where);
    check_restored_successors(model_, store_, static_cast<std::uint32_t>(d.next_parent), where);
    next_parent = static_cast<std::uint32_t>(d.next_parent);
    level_end = d.level_end;
    depth_ = d.depth;
    transitions_ = d.transitions;
    verdicts_.restore(store_, d.decisions, d.transitions, where);
  }

  const Model& model_;
  const ProgressFn& progress_;
  double next_progress_ = 1.0;
  const Layout& layout_;
  Limits limits_;
  StateStore store_;
  SafetyVerdicts verdicts_;
  PremiseScan premises_;
  std::vector<std::uint64_t> packed_;
  std::size_t committed_ = 0;  // successors of the current block committed so far
  Coverage coverage_;
  const CheckpointOptions* checkpoint_ = limits_.checkpoint;
  double last_checkpoint_ = 0;
  bool store_full_ = false;
  std::uint64_t transitions_ = 0;
  std::size_t depth_ = 0;
  Clock::time_point start_;
};

}  // namespace

std::vector<Result> check_explicit(const Model& model, const std::vector<PropertySpec>& properties,
                                   const Limits& limits, ExplorationStats* stats,
                                   const ProgressFn& progress) {
  Exploration exploration(model, properties, limits, progress);
  return exploration.run(stats);
}

}  // namespace synack::checker
