#include "checker/successors.hpp"

#include <algorithm>

#include "checker/errors.hpp"
#include "checker/step_error.hpp"
#include "checker/trace.hpp"

namespace synack::checker {

Expander::Expander(const Model& model, const StateStore& store, ExpansionRules rules,
                   unsigned threads, std::uint32_t round_states)
    : model_(model),
      layout_(model.layout()),
      packer_(layout_),
      groups_(model.group_count()),
      store_(store),
      rules_(std::move(rules)),
      block_parents_(
          std::clamp<std::uint32_t>(round_states / (16 * std::max(1u, threads)), 1, 128)),
      pool_(std::max(1u, threads)) {
  scratch_.resize(pool_.size());
  for (Scratch& s : scratch_) {
    s.parent.resize(layout_.words());
    s.current.resize(layout_.size());
    s.unpacked.resize(layout_.size());
    s.next.resize(kStages * layout_.size() * model.group_count());
  }
  rules_.message_slot.resize(model.group_count(), -1);
  for (std::size_t g = 0; g < groups_; ++g)
    if (!model.never_enabled(g)) tried_.push_back(static_cast<std::uint32_t>(g));
  messages_ = std::any_of(rules_.message_slot.begin(), rules_.message_slot.end(),
                          [](std::int64_t slot) { return slot >= 0; });
}

PoolLoan::PoolLoan(StateStore& store, Expander& expander) : store_(store) {
  if (expander.threads() > 1)
    store_.set_parallel(
        [&expander](std::size_t tasks, const std::function<void(std::size_t)>& task) {
          expander.help(tasks, task);
        });
}

unsigned expansion_threads(const Model& model, unsigned requested) {
  return model.numbers_messages_on_first_use() ? 1 : std::max(1u, requested);
}

void rethrow_expansion_error(const Model& model, const StateStore& store,
                             const ExpandedBlock& block) {
  const std::uint32_t parent = block.first_parent + block.parents;
  try {
    std::rethrow_exception(block.error);
  } catch (const StepError&) {
    throw;
  } catch (const InputError& e) {
    throw_step_error(model, reconstruct_trace(model, store, parent), block.error_group, e,
                     "explicit");
  }
}

void Expander::start_round(std::vector<ExpandedBlock>& blocks, std::size_t& used,
                           std::uint32_t first, std::uint32_t last) const {
  used = (last - first + block_parents_ - 1) / block_parents_;
  if (blocks.size() < used) blocks.resize(used);
  for (std::size_t b = 0; b < used; ++b) {
    ExpandedBlock& block = blocks[b];
    block.first_parent = first + static_cast<std::uint32_t>(b) * block_parents_;
    block.parents = std::min<std::uint32_t>(block_parents_, last - block.first_parent);
  }
}

void Expander::expand(std::uint32_t first, std::uint32_t last) {
  std::vector<ExpandedBlock>& blocks = rounds_[current_];
  start_round(blocks, used_[current_], first, last);
  pool_.run(used_[current_],
            [&](std::size_t b, unsigned worker) { expand_block(blocks[b], scratch_[worker]); });
}

void Expander::generate_alongside(std::uint32_t first, std::uint32_t last,
                                  const std::function<bool()>& commit) {
  const unsigned next = 1 - current_;
  std::vector<ExpandedBlock>& blocks = rounds_[next];
  start_round(blocks, used_[next], first, last);
  const std::size_t words = layout_.words();
  parents_first_ = first;
  parents_.resize((last - first) * words);
  // Copied on every thread: the tree store decodes each parent, which is not free.
  pool_.run(used_[next], [&](std::size_t b, unsigned) {
    const ExpandedBlock& block = blocks[b];
    for (std::uint32_t p = block.first_parent; p < block.first_parent + block.parents; ++p)
      store_.state(p, &parents_[(p - first) * words]);
  });
  pool_.run_alongside(
      used_[next],
      [&](std::size_t b, unsigned worker) { generate_block(blocks[b], scratch_[worker]); }, commit);
}

void Expander::look_up() {
  current_ = 1 - current_;
  std::vector<ExpandedBlock>& blocks = rounds_[current_];
  pool_.run(used_[current_],
            [&](std::size_t b, unsigned worker) { look_up_block(blocks[b], scratch_[worker]); });
}

void Expander::clear(ExpandedBlock& block) const {
  block.end.clear();
  block.dead_end_bits.clear();
  block.successors.clear();
  block.packed.clear();
  block.hashes.clear();
  block.new_bits.clear();
  block.messages.clear();
  block.probe_ends.clear();
  if (rules_.count_rows) block.row_counts.assign(model_.row_count(), 0);
  block.error = nullptr;
}

void Expander::expand_block(ExpandedBlock& block, Scratch& scratch) const {
  const std::uint32_t asked = block.parents;
  clear(block);
  const std::size_t per_parent = layout_.size() * groups_;
  auto next_of = [&](std::uint32_t p) { return &scratch.next[(p % kStages) * per_parent]; };
  std::uint32_t generated = 0;
  std::size_t kept = 0;  // successors new to the store so far, compacted in packed/hashes
  // Step t generates parent t, prefetches for parent t - 1 and resolves parent t - 2. A
  // parent that throws ends the generating; the parents before it are still resolved.
  for (std::uint32_t t = 0; t < asked + kStages - 1; ++t) {
    if (t < asked && !block.error) {
      try {
        store_.state(block.first_parent + t, scratch.parent.data());
        packer_.unpack(scratch.parent.data(), scratch.current.data());
        generate(block, scratch.stages[t % kStages], next_of(t), scratch, false);
        ++generated;
      } catch (...) {
        block.error = std::current_exception();
      }
    }
    if (t >= 1 && t - 1 < generated) prefetch_candidates(block, scratch.stages[(t - 1) % kStages]);
    if (t >= 2 && t - 2 < generated) {
      const Stage& stage = scratch.stages[(t - 2) % kStages];
      resolve(block, stage, next_of(t - 2), kept);
      block.end.push_back(static_cast<std::uint32_t>(stage.first + stage.count));
      block.dead_end_bits.push_back(stage.dead_end_bits);
    }
  }
  if (block.error) block.parents = generated;
  block.packed.resize(kept * layout_.words());
  block.hashes.resize(kept);
}

void Expander::generate_block(ExpandedBlock& block, Scratch& scratch) const {
  const std::uint32_t asked = block.parents;
  const std::size_t words = layout_.words();
  clear(block);
  for (std::uint32_t p = 0; p < asked; ++p) {
    Stage stage;
    try {
      packer_.unpack(&parents_[(block.first_parent + p - parents_first_) * words],
                     scratch.current.data());
      generate(block, stage, scratch.next.data(), scratch, true);
    } catch (...) {
      block.error = std::current_exception();
      block.parents = p;
      return;
    }
    block.end.push_back(static_cast<std::uint32_t>(block.successors.size()));
  }
}

void Expander::look_up_block(ExpandedBlock& block, Scratch& scratch) const {
  // Each successor's packed form is at its own index until resolve compacts them.
  auto stage_of = [&](std::uint32_t p) {
    Stage stage;
    stage.first = p == 0 ? 0 : block.end[p - 1];
    stage.first_packed = stage.first;
    stage.count = block.end[p] - stage.first;
    return stage;
  };
  std::size_t kept = 0;
  block.dead_end_bits.assign(block.parents, 0);
  block.probe_ends.clear();
  block.new_bits.clear();
  for (std::uint32_t t = 0; t < block.parents + kStages - 1; ++t) {
    if (t < block.parents) {
      const Stage stage = stage_of(t);
      for (std::size_t k = 0; k < stage.count; ++k)
        store_.prefetch_slot(block.hashes[stage.first + k]);
    }
    if (t >= 1 && t - 1 < block.parents) prefetch_candidates(block, stage_of(t - 1));
    if (t >= 2 && t - 2 < block.parents) {
      const Stage stage = stage_of(t - 2);
      resolve(block, stage, nullptr, kept);
      if (stage.count == 0 && rules_.dead_end_bits) {
        store_.unpack(block.first_parent + t - 2, layout_, scratch.current.data());
        block.dead_end_bits[t - 2] = rules_.dead_end_bits(scratch.current.data());
      }
    }
  }
  block.packed.resize(kept * layout_.words());
  block.hashes.resize(kept);
  // The new successors' predicates in a pass of their own, after the lookups. Each reads
  // its packed form, generated a while ago and often on the other core: read inside
  // resolve, between two lookups, that miss stalled the lookups behind it. Here the
  // forms are read in order (most just moved by the compaction above), so the misses
  // overlap: 6 to 8% less wall time with two threads at tcp/congestion capacity 4 in two
  // sets of interleaved rounds, none in the benchmark script's (docs/performance.md, "The
  // predicates after the lookups").
  // Only the parents looked up: a parent that threw left the successors it had made
  // before the throw unresolved, after them.
  const std::size_t resolved = block.parents == 0 ? 0 : block.end[block.parents - 1];
  if (rules_.new_state_bits)
    for (std::size_t k = 0; k < resolved; ++k) {
      Successor& s = block.successors[k];
      if (s.known) continue;
      packer_.unpack(block.packed.data() + s.index * layout_.words(), scratch.unpacked.data());
      block.new_bits[s.index] = rules_.new_state_bits(scratch.unpacked.data());
    }
}

void Expander::generate(ExpandedBlock& block, Stage& stage, Value* next_base, Scratch& scratch,
                        bool alongside) const {
  const std::size_t slots = layout_.size(), words = layout_.words();
  const Value* current = scratch.current.data();
  std::uint64_t* row_counts = rules_.count_rows ? block.row_counts.data() : nullptr;
  stage.first = block.successors.size();
  stage.first_packed = block.hashes.size();
  // Generate every successor, then pack and hash each and (unless alongside a commit)
  // prefetch its table entry (StateStore::prefetch_slot); the lookups come two parents
  // later. Packed only once all are generated: the packer reads a successor four slots
  // at a load, which would wait for the model's stores of those slots to complete
  // (they cannot be forwarded to one wider load) if it came right after them.
  std::size_t n = 0;
  for (const std::size_t g : tried_) {
    Value* next = &next_base[n * slots];
    bool enabled, liveness_only = false;
    try {
      enabled = row_counts ? model_.apply_counting(g, current, next, row_counts)
                           : model_.apply(g, current, next);
      if (!enabled && rules_.liveness_steps)
        enabled = liveness_only = model_.liveness_only_step(g, current, next);
    } catch (...) {
      block.error_group = g;
      throw;
    }
    if (!enabled) continue;
    Successor s;
    s.group = static_cast<std::uint16_t>(g);
    s.liveness_only = liveness_only;
    block.successors.push_back(s);
    if (messages_)
      block.messages.push_back(rules_.message_slot[g] >= 0 ? current[rules_.message_slot[g]] - 1
                                                           : -1);
    ++n;
  }
  block.packed.resize(block.packed.size() + n * words);
  block.hashes.resize(block.hashes.size() + n);
  for (std::size_t k = 0; k < n; ++k) {
    std::uint64_t* packed = &block.packed[(stage.first_packed + k) * words];
    packer_.pack(&next_base[k * slots], packed);
    const std::uint64_t h = store_.hash(packed);
    block.hashes[stage.first_packed + k] = h;
    if (!alongside) store_.prefetch_slot(h);
  }
  stage.count = n;
  stage.dead_end_bits =
      n == 0 && !alongside && rules_.dead_end_bits ? rules_.dead_end_bits(current) : 0;
}

void Expander::prefetch_candidates(const ExpandedBlock& block, const Stage& stage) const {
  for (std::size_t k = 0; k < stage.count; ++k)
    store_.prefetch_candidate(block.hashes[stage.first_packed + k]);
}

// Looks the parent's successors up; keeps the packed form only of those the store does
// not hold yet, moved down to `kept` (never past a later parent's, which come after).
void Expander::resolve(ExpandedBlock& block, const Stage& stage, const Value* next,
                       std::size_t& kept) const {
  const std::size_t slots = layout_.size(), words = layout_.words();
  for (std::size_t k = 0; k < stage.count; ++k) {
    Successor& s = block.successors[stage.first + k];
    const std::size_t from = stage.first_packed + k;
    store::ProbeEnd end;
    if (auto index = store_.find(&block.packed[from * words], block.hashes[from], &end)) {
      s.known = true;
      s.index = *index;
      continue;
    }
    block.probe_ends.push_back(end);  // at `kept`, as the packed state and hash below
    block.new_bits.push_back(next && rules_.new_state_bits ? rules_.new_state_bits(&next[k * slots])
                                                           : 0);
    if (kept != from) {
      std::copy_n(&block.packed[from * words], words, &block.packed[kept * words]);
      block.hashes[kept] = block.hashes[from];
    }
    s.index = static_cast<std::uint32_t>(kept++);
  }
}

}  // namespace synack::checker
