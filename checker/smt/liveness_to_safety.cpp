#include "checker/smt/liveness_to_safety.hpp"

namespace synack::checker::smt {

namespace {

z3::expr as_int(const z3::expr& b) {
  return z3::ite(b, b.ctx().int_val(1), b.ctx().int_val(0));
}

}  // namespace

LivenessToSafety::LivenessToSafety(const LassoFormulas& formulas)
    : f_(formulas), n_(formulas.encoding().state_vars().size()) {
  const std::vector<SmtVar>& system = formulas.encoding().state_vars();
  vars_ = system;
  // Flags and saved copies never leave their ranges: each is a flag's 0/1, or a copy of a
  // state that was not bad when the step was taken from it (once saved) or of the step's
  // new state (before the save). The latter is declared in range, so every step of the
  // product before the save keeps the system in range too (Unrolling::transition bounds
  // the new state's fixed variables): a run that leaves a range is seen only after a save.
  // No run is lost: saving at the first step copies the initial state and leaves the
  // system free, and a loop that closes is in range all along.
  auto flag_var = [&](std::string name) { vars_.push_back({std::move(name), 0, 1, false}); };
  pending_ = vars_.size();
  flag_var("pending");
  saved_ = vars_.size();
  flag_var("saved");
  avoid_ = vars_.size();
  flag_var("avoid");
  copy_ = vars_.size();
  for (const SmtVar& v : system) vars_.push_back({"saved." + v.name, v.lo, v.hi, false});
  weak_ = vars_.size();
  for (std::size_t w = 0; w < f_.weak_count(); ++w) flag_var("fair." + f_.weak_name(w));
  channels_ = vars_.size();
  for (std::size_t link : f_.fair_links()) {
    std::string name = f_.encoding().channel_name(link);
    flag_var("fair.enabled(" + name + ")");
    flag_var("fair.delivered(" + name + ")");
    for (int p = 0; p < f_.capacity(link); ++p)
      flag_var("fair.delivered(saved " + name + "[" + std::to_string(p) + "])");
  }
  inputs_ = formulas.encoding().input_vars();
  inputs_.push_back({"save", 0, 1});
}

z3::expr_vector LivenessToSafety::system_part(const z3::expr_vector& v, bool input) const {
  std::size_t count = input ? f_.encoding().input_vars().size() : n_;
  z3::expr_vector out(context());
  for (std::size_t i = 0; i < count; ++i) out.push_back(v[static_cast<unsigned>(i)]);
  return out;
}

std::vector<std::size_t> LivenessToSafety::flag_indices() const {
  std::vector<std::size_t> out;
  for (std::size_t i = pending_; i < copy_; ++i) out.push_back(i);
  for (std::size_t i = weak_; i < vars_.size(); ++i) out.push_back(i);
  return out;
}

z3::expr_vector LivenessToSafety::saved_part(const z3::expr_vector& s) const {
  z3::expr_vector out(context());
  for (std::size_t i = 0; i < n_; ++i) out.push_back(s[static_cast<unsigned>(copy_ + i)]);
  return out;
}

z3::expr LivenessToSafety::flag(const z3::expr_vector& s, std::size_t i) const {
  return s[static_cast<unsigned>(i)] == 1;
}

z3::expr LivenessToSafety::init(const z3::expr_vector& s) const {
  z3::expr_vector o = system_part(s, false);
  z3::expr_vector all(context());
  all.push_back(f_.encoding().init(o));
  all.push_back(s[static_cast<unsigned>(pending_)] == as_int(f_.pending_initial(o)));
  for (std::size_t i = saved_; i < copy_; ++i) all.push_back(s[static_cast<unsigned>(i)] == 0);
  for (std::size_t i = 0; i < n_; ++i)
    all.push_back(s[static_cast<unsigned>(copy_ + i)] == o[static_cast<unsigned>(i)]);
  for (std::size_t i = weak_; i < vars_.size(); ++i)
    all.push_back(s[static_cast<unsigned>(i)] == 0);
  return z3::mk_and(all);
}

z3::expr LivenessToSafety::trans(const z3::expr_vector& s, const z3::expr_vector& in,
                                 const z3::expr_vector& t) const {
  z3::expr_vector o = system_part(s, false), ot = system_part(t, false);
  z3::expr_vector c = saved_part(s), ct = saved_part(t);
  z3::expr_vector step = system_part(in, true);
  z3::expr saved = flag(s, saved_);
  z3::expr saving = in[static_cast<unsigned>(step.size())] == 1 && !saved;
  z3::expr active = saving || saved;  // this step is a step of the loop
  auto set = [&](std::size_t i, const z3::expr& b) {
    return t[static_cast<unsigned>(i)] == as_int(b);
  };
  // A loop flag: met on this loop step, or on an earlier one since the save.
  auto since = [&](std::size_t i, const z3::expr& now) {
    return set(i, active && ((saved && flag(s, i)) || now));
  };

  z3::expr_vector all(context());
  all.push_back(f_.encoding().trans(o, step, ot));
  all.push_back(set(pending_, f_.pending_next(flag(s, pending_), ot)));
  all.push_back(set(saved_, active));
  all.push_back(set(avoid_, (saving || (saved && flag(s, avoid_))) && f_.avoids(o)));
  // The copy follows the state until the save, then keeps the saved state: so before the
  // save every relation between the state and the copy holds as equality, and the
  // templates of checker/smt/product_lemmas need no `saved = 1` condition.
  for (std::size_t i = 0; i < n_; ++i) {
    const unsigned u = static_cast<unsigned>(i);
    all.push_back(ct[u] == z3::ite(saved, c[u], z3::ite(saving, o[u], ot[u])));
  }
  for (std::size_t w = 0; w < f_.weak_count(); ++w)
    all.push_back(since(weak_ + w, f_.weak_taken(w, step) || !f_.weak_enabled(w, o)));
  std::size_t at = channels_;
  for (std::size_t link : f_.fair_links()) {
    z3::expr_vector deliverable(context());
    for (int p = 0; p < f_.capacity(link); ++p) deliverable.push_back(f_.deliverable(link, p, o));
    all.push_back(since(at++, z3::mk_or(deliverable)));
    all.push_back(since(at++, f_.delivers(link, step)));
    // The saved state is the new copy ct (set on this step when saving).
    for (int p = 0; p < f_.capacity(link); ++p)
      all.push_back(since(at++, f_.delivers_message(link, step, o, p, ct)));
  }
  return z3::mk_and(all);
}

z3::expr LivenessToSafety::target(const z3::expr_vector& s) const {
  z3::expr_vector o = system_part(s, false), c = saved_part(s);
  z3::expr_vector loop(context());
  loop.push_back(flag(s, saved_));
  loop.push_back(flag(s, avoid_));
  loop.push_back(f_.encoding().same_state(o, c));
  for (std::size_t w = 0; w < f_.weak_count(); ++w) loop.push_back(flag(s, weak_ + w));
  std::size_t at = channels_;
  for (std::size_t link : f_.fair_links()) {
    loop.push_back(z3::implies(flag(s, at), flag(s, at + 1)));
    at += 2;
    for (int p = 0; p < f_.capacity(link); ++p)
      loop.push_back(z3::implies(f_.deliverable(link, p, c), flag(s, at++)));
  }
  return flag(s, pending_) && (f_.dead(o) || z3::mk_and(loop));
}

}  // namespace synack::checker::smt
