#include "checker/smt/number_form.hpp"

#include <cstdlib>

#include <fmt/format.h>

namespace synack::checker::smt {
namespace {

std::int64_t code_of(std::size_t counter, std::int64_t draws, std::int64_t offset) {
  return kFormBase + ((static_cast<std::int64_t>(counter) * (kMaxDraws + 1) + draws) * kOffsets +
                      offset + kMaxOffset);
}

std::int64_t modulo(std::int64_t x, std::int64_t m) {
  std::int64_t r = x % m;
  return r < 0 ? r + m : r;
}

bool fits(std::int64_t x, const NumberForm& f, const std::vector<std::int64_t>& s,
          const std::vector<Candidate::Counter>& counters) {
  if (f.constant) return x == f.value;
  const Candidate::Counter& c = counters[f.counter];
  return modulo(x - s[c.clock] + f.draws * s[c.step] - f.offset, c.modulus) == 0;
}

}  // namespace

NumberForm decode_form(std::int64_t code) {
  NumberForm f;
  if (code < kFormBase) {
    f.constant = true;
    f.value = code;
    return f;
  }
  std::int64_t rest = code - kFormBase;
  f.offset = rest % kOffsets - kMaxOffset;
  rest /= kOffsets;
  f.draws = rest % (kMaxDraws + 1);
  f.counter = static_cast<std::size_t>(rest / (kMaxDraws + 1));
  return f;
}

std::optional<std::int64_t> form_of(std::int64_t x, const std::vector<std::int64_t>& state,
                                    const std::vector<Candidate::Counter>& counters) {
  static constexpr std::int64_t kOffsetOrder[] = {0, 1, -1, 2, -2};
  auto first_over = [&](std::int64_t from, std::int64_t to) -> std::optional<std::int64_t> {
    for (std::size_t c = 0; c < counters.size(); ++c)
      for (std::int64_t j = from; j <= to; ++j)
        for (std::int64_t d : kOffsetOrder)
          if (has_form(x, code_of(c, j, d), state, counters)) return code_of(c, j, d);
    return std::nullopt;
  };
  if (auto drawn = first_over(1, kMaxDraws)) return drawn;
  if (x >= 0 && x < kFormConstants) return x;
  return first_over(0, 0);
}

bool has_form(std::int64_t x, std::int64_t code, const std::vector<std::int64_t>& state,
              const std::vector<Candidate::Counter>& counters) {
  return fits(x, decode_form(code), state, counters);
}

z3::expr form_at(const z3::expr& x, std::int64_t code, const z3::expr_vector& s,
                 const std::vector<Candidate::Counter>& counters) {
  z3::context& ctx = x.ctx();
  NumberForm f = decode_form(code);
  if (f.constant) return x == ctx.int_val(f.value);
  const Candidate::Counter& c = counters[f.counter];
  z3::expr d = x - s[static_cast<int>(c.clock)] +
               ctx.int_val(f.draws) * s[static_cast<int>(c.step)] - ctx.int_val(f.offset);
  // A multiple of the modulus: Z3's mod by a constant stays within linear integer arithmetic.
  return z3::mod(d, ctx.int_val(c.modulus)) == 0;
}

std::string form_text(std::int64_t code, const std::vector<SmtVar>& vars,
                      const std::vector<Candidate::Counter>& counters) {
  NumberForm f = decode_form(code);
  if (f.constant) return std::to_string(f.value);
  const Candidate::Counter& c = counters[f.counter];
  std::string out = vars[c.clock].name;
  if (f.draws == 1) out += " - " + vars[c.step].name;
  if (f.draws > 1) out += fmt::format(" - {} * {}", f.draws, vars[c.step].name);
  if (f.offset != 0) out += fmt::format(" {} {}", f.offset < 0 ? '-' : '+', std::abs(f.offset));
  return out;
}

}  // namespace synack::checker::smt
