// MemberSymmetry::canonicalize: the representative of a state's class (the design is
// in member_symmetry.hpp and docs/architecture.md).
#include <algorithm>
#include <numeric>

#include "checker/symmetry/member_symmetry.hpp"

namespace synack::checker {

namespace {

// Tied members split into interchangeability classes; the orders tried are the
// arrangements of the classes (`labels`, next_permutation'd), members of a class always
// in ascending order.
struct TieGroup {
  std::size_t first = 0;
  std::vector<int> labels;                // class per rank
  std::vector<std::vector<int>> classes;  // members of each class, ascending
};

// One thread's working space, kept between calls: canonicalize runs once per successor,
// and allocating these each time cost about a tenth of a symmetric search.
struct Scratch {
  std::vector<Value> best, candidate, signatures;
  std::vector<int> order, swap, image, tied, taken;
  std::vector<std::pair<std::size_t, std::size_t>> ties;  // [first, last) ranks of equals
  std::vector<TieGroup> groups;
  MemberPermutation trial;
};

}  // namespace

MemberPermutation MemberSymmetry::canonicalize(Value* state) const {
  const std::size_t n = members_.size(), slots = system_.layout().size();
  thread_local Scratch s;
  s.best.resize(slots);
  s.candidate.resize(slots);
  // order[r]: the member that takes rank r. Sorting by the local states and signatures is
  // sound only when no hook changes the local states (else every order is tried); ties are
  // tried in every order that can give another state.
  std::vector<int>& order = s.order;
  order.resize(n);
  std::iota(order.begin(), order.end(), 0);
  s.ties.clear();
  if (member_hook_) {
    s.ties.push_back({0, n});
  } else {
    // The key: the local state, then the signature (member_signature.cpp).
    const std::size_t sig = signature_size_;
    s.signatures.resize(n * sig);
    for (std::size_t i = 0; i < n; ++i)
      signature(state, i, s.candidate.data(), s.signatures.data() + i * sig);
    auto local = [&](int i) { return state + actors_[members_[i]].base; };
    auto signed_by = [&](int i) { return s.signatures.data() + static_cast<std::size_t>(i) * sig; };
    auto less = [&](int a, int b) {
      if (std::lexicographical_compare(local(a), local(a) + local_size_, local(b),
                                       local(b) + local_size_))
        return true;
      if (!std::equal(local(a), local(a) + local_size_, local(b))) return false;
      return std::lexicographical_compare(signed_by(a), signed_by(a) + sig, signed_by(b),
                                          signed_by(b) + sig);
    };
    std::stable_sort(order.begin(), order.end(), less);
    for (std::size_t r = 0; r < n;) {
      std::size_t e = r + 1;
      while (e < n && !less(order[r], order[e])) ++e;
      if (e - r > 1) s.ties.push_back({r, e});
      r = e;
    }
  }
  // Tied members that a swap leaves the state unchanged for are interchangeable: orders
  // that differ only among them give the same state (the swaps fix it, and so does their
  // product), so each group's orders are enumerated as arrangements of interchangeability
  // classes. Typically one arrangement.
  if (s.groups.size() < s.ties.size()) s.groups.resize(s.ties.size());
  s.swap.resize(n);
  for (std::size_t t = 0; t < s.ties.size(); ++t) {
    auto [first, last] = s.ties[t];
    TieGroup& g = s.groups[t];
    g.first = first;
    g.labels.clear();
    for (auto& c : g.classes) c.clear();
    std::size_t classes = 0;
    s.tied.assign(order.begin() + first, order.begin() + last);
    std::sort(s.tied.begin(), s.tied.end());
    for (int m : s.tied) {
      std::size_t c = 0;
      for (; c < classes; ++c) {
        std::iota(s.swap.begin(), s.swap.end(), 0);
        std::swap(s.swap[g.classes[c].front()], s.swap[m]);
        s.trial.assign(s.swap);
        if (fixes(s.trial, state, s.candidate.data())) break;
      }
      if (c == classes) {
        if (g.classes.size() == classes) g.classes.emplace_back();
        ++classes;
      }
      g.classes[c].push_back(m);
      g.labels.push_back(static_cast<int>(c));
    }
    std::sort(g.labels.begin(), g.labels.end());
  }
  const std::size_t groups = s.ties.size();
  s.image.resize(n);
  MemberPermutation chosen;
  bool first = true;
  while (true) {
    for (std::size_t t = 0; t < groups; ++t) {
      const TieGroup& g = s.groups[t];
      s.taken.assign(g.classes.size(), 0);
      for (std::size_t k = 0; k < g.labels.size(); ++k) {
        int c = g.labels[k];
        order[g.first + k] = g.classes[c][s.taken[c]++];
      }
    }
    for (std::size_t r = 0; r < n; ++r) s.image[order[r]] = static_cast<int>(r);
    s.trial.assign(s.image);
    apply(s.trial, state, s.candidate.data());
    if (first || s.candidate < s.best) {
      s.best.swap(s.candidate);
      chosen = s.trial;
      first = false;
    }
    // The next arrangement of the tied members (an odometer over the groups).
    std::size_t t = 0;
    while (t < groups &&
           !std::next_permutation(s.groups[t].labels.begin(), s.groups[t].labels.end()))
      ++t;
    if (t == groups) break;
  }
  std::copy_n(s.best.data(), slots, state);
  return chosen;
}

}  // namespace synack::checker
