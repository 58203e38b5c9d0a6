#include "checker/distributed/distributed_bfs.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "checker/distributed/owned_states.hpp"
#include "checker/distributed/path_trace.hpp"
#include "checker/distributed/round.hpp"
#include "checker/distributed/round_outcome.hpp"
#include "checker/distributed/verdicts.hpp"
#include "checker/errors.hpp"
#include "checker/step_error.hpp"
#include "checker/trace.hpp"

namespace synack::checker::distributed {

namespace {

using Clock = std::chrono::steady_clock;

// What each rank contributes to a round's gather, in this order, then the earliest
// event position of each property.
enum Stat : std::size_t {
  kSliceCount,
  kNewStates,
  kTransitions,
  kBytes,
  kLimitBits,
  kError,
  kEvents
};
enum LimitBit : std::uint64_t { kStoreFull = 1, kMemory = 2, kSeconds = 4, kInterrupted = 8 };

// The limits each rank checks for itself, in the order the one-process search names them.
std::string limit_name(std::uint64_t bits) {
  if (bits & kStoreFull) return "store-capacity";
  if (bits & kMemory) return "max-memory";
  if (bits & kSeconds) return "max-seconds";
  if (bits & kInterrupted) return "interrupted";
  return {};
}

class Search {
 public:
  Search(const Comm& comm, const Model& model, const std::vector<PropertySpec>& specs,
         const Limits& limits, const ProgressFn& progress)
      : comm_(comm),
        model_(model),
        layout_(model.layout()),
        limits_(limits),
        progress_(progress),
        owned_(layout_.words()),
        round_(model, comm, owned_),
        scratch_(layout_.size()),
        verdicts_(model, specs) {
    if (auto open = model.open_initial_slots(); !open.empty())
      throw InputError(fmt::format(
          "{} starts at a value left open for the Z3 engines; the explicit engine starts from "
          "one initial state: pin it (tcp.isn=pinned) or use --engine bmc, kind or spacer",
          layout_.slot(open.front()).name));
    if (comm.size() > 65536)
      throw InputError(
          fmt::format("--distributed: {} ranks; the search addresses at most 65536", comm.size()));
    limits_.max_states = std::min<std::uint64_t>(limits_.max_states, kMaxIndex);
    coverage_.reset(model.row_count(), model.group_count());
  }

  std::vector<Result> run(ExplorationStats* stats) {
    start_ = Clock::now();
    start_from_initial_state();
    std::string limit;
    bool stopped = verdicts_.undecided() == 0;
    if (!stopped && limits_.max_states <= 1) {
      limit = "max-states";
      stopped = true;
    }
    for (std::size_t level = 0; !stopped && level_first_ < level_last_; ++level) {
      depth_ = level;
      stopped = expand_level(limit);
      if (stopped) break;
      level_first_ = level_last_;
      level_last_ = states_;
      frontier_.swap(next_frontier_);
      next_frontier_.clear();
    }
    const bool exhausted = !stopped;  // the frontier ran out
    const double seconds = elapsed();
    Words rows(coverage_.row_fired), groups(coverage_.group_transitions);
    groups.insert(groups.end(), coverage_.group_new_states.begin(),
                  coverage_.group_new_states.end());
    comm_.sum(rows);
    comm_.sum(groups);

    std::vector<Result> results =
        verdicts_.results({states_, transitions_, bytes_, seconds}, depth_, exhausted, limit);
    if (stats) {
      stats->states = states_;
      stats->transitions = transitions_;
      stats->depth = depth_;
      stats->seconds = seconds;
      stats->store_bytes = bytes_;
      stats->packed_bytes_per_state = layout_.words() * sizeof(std::uint64_t);
      Coverage& c = stats->coverage;
      c = coverage_;
      c.row_fired = rows;
      const std::size_t n = coverage_.group_transitions.size();
      c.group_transitions.assign(groups.begin(), groups.begin() + static_cast<std::ptrdiff_t>(n));
      c.group_new_states.assign(groups.begin() + static_cast<std::ptrdiff_t>(n), groups.end());
      c.states = states_;
      c.transitions = transitions_;
      c.exhaustive = exhausted;
      c.stopped_by = exhausted ? "" : limit.empty() ? "every property decided" : limit;
    }
    return results;
  }

 private:
  // Every rank builds the initial state; its owner stores it. What it decides is decided
  // with one state and no transition, as in one process.
  void start_from_initial_state() {
    std::vector<Value> initial = model_.initial_state();
    Words packed(layout_.words());
    layout_.pack(initial.data(), packed.data());
    const std::uint64_t hash = owned_.store.hash(packed.data());
    const int owner = static_cast<int>(owner_of(hash, static_cast<std::uint32_t>(comm_.size())));
    if (comm_.rank() == owner) {
      owned_.store.insert(packed.data(), hash, StateStore::kNoParent);
      owned_.parent_local.push_back(StateStore::kNoParent);
      owned_.parent_rank.push_back(0);
      frontier_.push_back({0, 0});
    }
    states_ = 1;
    level_first_ = 0;
    level_last_ = 1;
    Words bytes{owned_.bytes()};
    comm_.sum(bytes);
    bytes_ = bytes[0];
    for (std::size_t k = 0; k < verdicts_.size(); ++k)
      if (verdicts_.decided_by_state(k, initial.data())) decide(k, 1, 0, owner, 0);
  }

  // The level's parents in rounds of consecutive global indices.
  bool expand_level(std::string& limit) {
    // Every rank expands up to round_states parents per round: larger rounds synchronise
    // less often, smaller ones hold less in the exchange buffers.
    const std::uint64_t per_round =
        std::uint64_t{std::max<std::uint32_t>(limits_.round_states, 1)} *
        static_cast<std::uint64_t>(comm_.size());
    std::size_t begin = 0;
    for (std::uint64_t first = level_first_; first < level_last_; first += per_round) {
      const std::uint64_t last = std::min(level_last_, first + per_round);
      std::size_t end = begin;
      while (end < frontier_.size() && frontier_[end].index < last) ++end;
      if (run_round(first, last, begin, end, limit)) return true;
      begin = end;
    }
    return false;
  }

  bool run_round(std::uint64_t first, std::uint64_t last, std::size_t begin, std::size_t end,
                 std::string& limit) {
    const std::size_t n = verdicts_.size();
    std::vector<Position> event(n, kNowhere);
    std::vector<std::uint32_t> event_local(n, 0);
    auto dead_end = [&](const FrontierEntry& parent, const Value* state) {
      const Position at = position(parent.index, kAfterSuccessors);
      for (std::size_t k = 0; k < n; ++k)
        if (at < event[k] && verdicts_.violated_by_dead_end(k, state))
          event[k] = at, event_local[k] = parent.local;
    };
    round_.expand(frontier_.data() + begin, end - begin, model_.row_count() > 0, dead_end);
    for (std::size_t i = 0; i < round_.new_count(); ++i) {
      const auto local = static_cast<std::uint32_t>(round_.first_new() + i);
      layout_.unpack(owned_.store.state(local), scratch_.data());
      for (std::size_t k = 0; k < n; ++k)
        if (round_.new_key(i) < event[k] && verdicts_.decided_by_state(k, scratch_.data()))
          event[k] = round_.new_key(i), event_local[k] = local;
    }

    // One gather tells every rank what every rank found.
    Words mine(kEvents + n);
    mine[kSliceCount] = round_.send_keys(first, last);
    mine[kNewStates] = round_.new_count();
    mine[kTransitions] = round_.transitions();
    mine[kBytes] = bytes();
    mine[kLimitBits] = local_limits();
    mine[kError] = round_.error();
    std::copy(event.begin(), event.end(), mine.begin() + kEvents);
    const Words all = comm_.all_gather(mine);
    RoundEvents ev;
    ev.first_event.assign(n, kNowhere);
    for (std::size_t k = 0; k < n; ++k) ev.undecided.push_back(!verdicts_.decided(k));
    std::uint64_t new_total = 0, transitions_total = 0, bytes_total = 0, limit_bits = 0;
    std::vector<std::uint64_t> slice_first(static_cast<std::size_t>(comm_.size()) + 1, states_);
    for (int r = 0; r < comm_.size(); ++r) {
      const std::uint64_t* theirs = &all[static_cast<std::size_t>(r) * mine.size()];
      slice_first[r + 1] = slice_first[r] + theirs[kSliceCount];
      new_total += theirs[kNewStates];
      transitions_total += theirs[kTransitions];
      bytes_total += theirs[kBytes];
      limit_bits |= theirs[kLimitBits];
      ev.error = std::min(ev.error, theirs[kError]);
      for (std::size_t k = 0; k < n; ++k)
        ev.first_event[k] = std::min(ev.first_event[k], theirs[kEvents + k]);
    }
    round_.receive_indices(slice_first[comm_.rank()]);
    bytes_ = bytes_total;
    ev.cut = cut_position(slice_first);
    ev.other_limit = limit_name(limit_bits);
    const RoundOutcome out = settle_round(ev);
    if (out.kind == RoundOutcome::Kind::kError) throw_machine_error(ev.error);

    // The global counts at each decision, and where the search stops.
    std::vector<Position> at;
    for (std::size_t k = 0; k < n; ++k)
      if (out.decides[k]) at.push_back(ev.first_event[k]);
    at.push_back(out.kind == RoundOutcome::Kind::kStop ? out.stop : kNowhere);
    Words counts;
    for (Position p : at) {
      counts.push_back(round_.new_states_up_to(p));
      counts.push_back(round_.transitions_up_to(p));
    }
    // The whole round's counts are in the gather already.
    if (at.size() > 1 || at.back() != kNowhere)
      comm_.sum(counts);
    else
      counts = {new_total, transitions_total};
    decide_round(out, ev, event, event_local, counts);

    states_ += counts[counts.size() - 2];
    transitions_ += counts.back();
    if (out.kind == RoundOutcome::Kind::kStop) {
      round_.add_coverage(out.stop, coverage_);
      limit = out.limit;
      // The one-process search notices --max-states at the top of the next parent, and
      // counts a new level when that parent starts one.
      if (limit == "max-states" && parent_of(out.stop) + 1 == level_last_) ++depth_;
      return true;
    }
    round_.add_coverage(kNowhere, coverage_);
    const std::size_t from = next_frontier_.size();
    for (std::size_t i = 0; i < round_.new_count(); ++i)
      next_frontier_.push_back(
          {round_.new_index(i), static_cast<std::uint32_t>(round_.first_new() + i)});
    std::sort(next_frontier_.begin() + static_cast<std::ptrdiff_t>(from), next_frontier_.end(),
              [](const FrontierEntry& a, const FrontierEntry& b) { return a.index < b.index; });
    report_progress(last);
    return false;
  }

  // The insertion of the --max-states-th state, if this round makes it: its key, from
  // the rank whose slice numbered it.
  Position cut_position(const std::vector<std::uint64_t>& slice_first) const {
    const std::uint64_t cut = limits_.max_states - 1;
    if (cut < states_ || cut >= slice_first.back()) return kNowhere;
    int slice = 0;
    while (slice_first[slice + 1] <= cut) ++slice;
    Words key;
    if (comm_.rank() == slice) key.push_back(round_.slice_key(cut - slice_first[slice]));
    comm_.broadcast(key, slice);
    return key.at(0);
  }

  void decide_round(const RoundOutcome& out, const RoundEvents& ev,
                    const std::vector<Position>& event, const std::vector<std::uint32_t>& local,
                    const Words& counts) {
    // Who holds each deciding state: the rank whose earliest event is the global one.
    Words owner;
    for (std::size_t k = 0; k < verdicts_.size(); ++k)
      if (out.decides[k])
        owner.push_back(event[k] == ev.first_event[k] ? static_cast<std::uint64_t>(comm_.rank())
                                                      : static_cast<std::uint64_t>(comm_.size()));
    if (owner.empty()) return;
    comm_.min(owner);
    for (std::size_t k = 0, j = 0; k < verdicts_.size(); ++k) {
      if (!out.decides[k]) continue;
      decide(k, states_ + counts[2 * j], transitions_ + counts[2 * j + 1],
             static_cast<int>(owner[j]), local[k]);
      ++j;
    }
  }

  // Every rank rebuilds the trace to the deciding state and replays it.
  void decide(std::size_t k, std::uint64_t states, std::uint64_t transitions, int owner,
              std::uint32_t local) {
    Trace trace = rebuild_trace(comm_, model_, owned_, owner, local);
    verify_by_replay(model_, trace);
    verdicts_.decide(k, {states, transitions, bytes_, elapsed()}, std::move(trace));
  }

  // A machine threw on a parent before anything else stopped the search: the run to that
  // parent, as the one-process search reports it.
  [[noreturn]] void throw_machine_error(Position at) {
    Words owner{round_.error() == at ? static_cast<std::uint64_t>(comm_.rank())
                                     : static_cast<std::uint64_t>(comm_.size())};
    comm_.min(owner);
    const int root = static_cast<int>(owner[0]);
    Words info;
    if (comm_.rank() == root) {
      info = words_of(round_.error_message());
      info.push_back(round_.error_group());
    }
    comm_.broadcast(info, root);
    const std::string message = text_of(info.data(), info.size() - 1);
    Trace before = rebuild_trace(comm_, model_, owned_, root, round_.error_local());
    throw_step_error(model_, before, static_cast<std::size_t>(info.back()), InputError(message),
                     "explicit");
  }

  std::size_t bytes() const {
    return owned_.bytes() + round_.bytes() +
           (frontier_.capacity() + next_frontier_.capacity()) * sizeof(FrontierEntry);
  }

  std::uint64_t local_limits() const {
    std::uint64_t bits = 0;
    if (round_.store_full()) bits |= kStoreFull;
    if (bytes() >= limits_.max_memory_bytes) bits |= kMemory;
    if (limits_.max_seconds > 0 && elapsed() >= limits_.max_seconds) bits |= kSeconds;
    if (limits_.interrupt_requested()) bits |= kInterrupted;
    return bits;
  }

  void report_progress(std::uint64_t expanded) {
    if (!progress_ || comm_.rank() != 0) return;
    const double now = elapsed();
    if (now < next_progress_) return;
    next_progress_ = now + 1.0;
    progress_({states_, states_ - expanded, depth_, bytes_, now});
  }

  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  const Comm& comm_;
  const Model& model_;
  const Layout& layout_;
  Limits limits_;
  const ProgressFn& progress_;
  OwnedStates owned_;
  Round round_;
  std::vector<Value> scratch_;
  Verdicts verdicts_;
  Coverage coverage_;                                    // this rank's share until the end
  std::vector<FrontierEntry> frontier_, next_frontier_;  // this rank's, by global index
  std::uint64_t level_first_ = 0, level_last_ = 0;       // the level's global indices
  std::uint64_t states_ = 0, transitions_ = 0;           // global, as one process counts
  std::uint64_t bytes_ = 0;                              // every rank's, summed
  std::size_t depth_ = 0;
  double next_progress_ = 1.0;
  Clock::time_point start_;
};

}  // namespace

std::vector<Result> check_distributed(const Comm& comm, const Model& model,
                                      const std::vector<PropertySpec>& properties,
                                      const Limits& limits, ExplorationStats* stats,
                                      const ProgressFn& progress) {
  Search search(comm, model, properties, limits, progress);
  return search.run(stats);
}

}  // namespace synack::checker::distributed
