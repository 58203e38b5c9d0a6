#include "checker/distributed/wanted_states.hpp"

#include <algorithm>

namespace synack::checker::distributed {

WantedStates::WantedStates(const Verdicts& verdicts) {
  const std::size_t n = verdicts.size();
  want_.reserve(n);
  offset_.reserve(n + 1);
  offset_.push_back(0);
  for (std::size_t k = 0; k < n; ++k) {
    want_.push_back(verdicts.wanted(k));
    offset_.push_back(offset_.back() + want_.back());
  }
  total_ = offset_.back();
  mine_.resize(want_.size());
  found_.resize(want_.size());
}

bool WantedStates::could_take(std::size_t k, Position at) const {
  return mine_[k].size() < want_[k] || (want_[k] > 0 && at < mine_[k].front().first);
}

void WantedStates::take(std::size_t k, Position at, std::uint32_t local) {
  if (!could_take(k, at)) return;
  auto& heap = mine_[k];
  if (heap.size() == want_[k]) {
    std::pop_heap(heap.begin(), heap.end());
    heap.pop_back();
  }
  heap.emplace_back(at, local);
  std::push_heap(heap.begin(), heap.end());
}

void WantedStates::write(std::uint64_t* out) const {
  std::fill(out, out + total_, kNowhere);
  for (std::size_t k = 0; k < mine_.size(); ++k)
    for (std::size_t i = 0; i < mine_[k].size(); ++i) out[offset_[k] + i] = mine_[k][i].first;
}

void WantedStates::merge(const Words& all, std::size_t stride, std::size_t offset, int ranks) {
  for (std::size_t k = 0; k < found_.size(); ++k) {
    std::vector<Found>& f = found_[k];
    f.clear();
    for (int r = 0; r < ranks; ++r) {
      const std::uint64_t* theirs = &all[static_cast<std::size_t>(r) * stride + offset];
      for (std::size_t i = offset_[k]; i < offset_[k + 1]; ++i)
        if (theirs[i] != kNowhere) f.push_back({theirs[i], r});
    }
    std::sort(f.begin(), f.end(), [](const Found& a, const Found& b) { return a.at < b.at; });
    if (f.size() > want_[k]) f.resize(want_[k]);
  }
}

std::uint32_t WantedStates::local_of(std::size_t k, Position at) const {
  for (const auto& [position, local] : mine_[k])
    if (position == at) return local;
  return 0;  // not this rank's: the owner's index is what counts
}

void WantedStates::describe(const Verdicts& verdicts, RoundEvents& ev) const {
  const std::size_t n = found_.size();
  ev.first_event.assign(n, kNowhere);
  ev.undecided.assign(n, false);
  ev.wanting.assign(n, false);
  ev.satisfied.assign(n, kNowhere);
  for (std::size_t k = 0; k < n; ++k) {
    ev.undecided[k] = !verdicts.decided(k);
    ev.wanting[k] = want_[k] > 0;
    if (found_[k].empty()) continue;
    if (ev.undecided[k]) ev.first_event[k] = found_[k].front().at;
    if (found_[k].size() == want_[k]) ev.satisfied[k] = found_[k].back().at;
  }
}

}  // namespace synack::checker::distributed
