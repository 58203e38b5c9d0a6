// Formatting of learned/equivalence's witness.
#include "cli/witness_text.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace synack::cli {

namespace {

std::string answer_text(const std::optional<learned::Output>& o) {
  return o ? o->text() : "(no transition)";
}

}  // namespace

std::string witness_table(const learned::Comparison& c, const std::string& name_a,
                          const std::string& name_b, const std::string& indent) {
  std::size_t input_w = 5, a_w = name_a.size();
  for (const auto& s : c.witness) {
    input_w = std::max(input_w, s.input.size());
    a_w = std::max(a_w, answer_text(s.a).size());
  }
  std::string text = fmt::format("{}{:<4}  {:<{}}  {:<{}}  {}\n", indent, "step", "input", input_w,
                                 name_a, a_w, name_b);
  for (std::size_t k = 0; k < c.witness.size(); ++k) {
    const auto& s = c.witness[k];
    text += fmt::format("{}{:<4}  {:<{}}  {:<{}}  {}{}\n", indent, k + 1, s.input, input_w,
                        answer_text(s.a), a_w, answer_text(s.b),
                        k + 1 == c.witness.size() ? "   <- differs" : "");
  }
  return text;
}

std::string witness_inputs(const learned::Comparison& c) {
  std::string s;
  for (const auto& step : c.witness) s += (s.empty() ? "" : ", ") + step.input;
  return s;
}

nlohmann::json comparison_json(const learned::Comparison& c) {
  nlohmann::json witness = nlohmann::json::array();
  auto answer = [](const std::optional<learned::Output>& o) {
    return o ? nlohmann::json(o->text()) : nlohmann::json(nullptr);
  };
  for (const auto& s : c.witness)
    witness.push_back({{"input", s.input}, {"a", answer(s.a)}, {"b", answer(s.b)}});
  return {{"equivalent", c.equivalent()},
          {"product_pairs", c.product_pairs},
          {"differing_transitions", c.differing_transitions},
          {"witness", witness}};
}

}  // namespace synack::cli
