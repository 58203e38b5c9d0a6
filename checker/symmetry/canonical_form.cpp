// MemberSymmetry::canonicalize: the representative of a state's class (the design is
// in member_symmetry.hpp and docs/architecture.md).
#include <algorithm>
#include <numeric>

#include "checker/symmetry/member_symmetry.hpp"

namespace synack::checker {

MemberPermutation MemberSymmetry::canonicalize(Value* state) const {
  const std::size_t n = members_.size(), slots = system_.layout().size();
  thread_local std::vector<Value> best, candidate;
  best.resize(slots);
  candidate.resize(slots);
  // order[r]: the member that takes rank r. Sorting by the local states is sound only
  // when no hook changes them (else every order is tried); ties are tried in every order
  // that can give another state.
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::vector<std::pair<std::size_t, std::size_t>> ties;  // [first, last) ranks of equals
  if (member_hook_) {
    ties.push_back({0, n});
  } else {
    auto local = [&](int i) { return state + actors_[members_[i]].base; };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      return std::lexicographical_compare(local(a), local(a) + local_size_, local(b),
                                          local(b) + local_size_);
    });
    for (std::size_t r = 0; r < n;) {
      std::size_t e = r + 1;
      while (e < n && std::equal(local(order[r]), local(order[r]) + local_size_, local(order[e])))
        ++e;
      if (e - r > 1) ties.push_back({r, e});
      r = e;
    }
  }
  // Tied members that a swap leaves the state unchanged for are interchangeable: orders
  // that differ only among them give the same state (the swaps fix it, and so does their
  // product), so each group's orders are enumerated as arrangements of interchangeability
  // classes, members of a class always in ascending order. Typically one arrangement.
  struct Group {
    std::size_t first;
    std::vector<int> labels;                // class per rank, next_permutation'd
    std::vector<std::vector<int>> classes;  // members of each class, ascending
  };
  std::vector<Group> groups;
  std::vector<int> swap(n);
  for (auto [first, last] : ties) {
    Group g{first, {}, {}};
    std::vector<int> tied(order.begin() + first, order.begin() + last);
    std::sort(tied.begin(), tied.end());
    for (int m : tied) {
      std::size_t c = 0;
      for (; c < g.classes.size(); ++c) {
        std::iota(swap.begin(), swap.end(), 0);
        std::swap(swap[g.classes[c].front()], swap[m]);
        apply(MemberPermutation(swap), state, candidate.data());
        if (std::equal(candidate.begin(), candidate.end(), state)) break;
      }
      if (c == g.classes.size()) g.classes.emplace_back();
      g.classes[c].push_back(m);
      g.labels.push_back(static_cast<int>(c));
    }
    std::sort(g.labels.begin(), g.labels.end());
    groups.push_back(std::move(g));
  }
  std::vector<int> image(n), taken;
  MemberPermutation chosen;
  bool first = true;
  while (true) {
    for (const Group& g : groups) {
      taken.assign(g.classes.size(), 0);
      for (std::size_t k = 0; k < g.labels.size(); ++k) {
        int c = g.labels[k];
        order[g.first + k] = g.classes[c][taken[c]++];
      }
    }
    for (std::size_t r = 0; r < n; ++r) image[order[r]] = static_cast<int>(r);
    MemberPermutation p(image);
    apply(p, state, candidate.data());
    if (first || candidate < best) {
      best.swap(candidate);
      chosen = std::move(p);
      first = false;
    }
    // The next arrangement of the tied members (an odometer over the groups).
    std::size_t g = 0;
    while (g < groups.size() &&
           !std::next_permutation(groups[g].labels.begin(), groups[g].labels.end()))
      ++g;
    if (g == groups.size()) break;
  }
  std::copy_n(best.data(), slots, state);
  return chosen;
}

}  // namespace synack::checker
