// check_with_smt within a budget that began before it: the run's time limit and interrupt
// flag (checker/smt/deadline.hpp), made when the run begins so that exploring and encoding
// the model count against it. smt_check.hpp's check_with_smt makes one from
// SmtLimits::timeout_ms; that header stays as it is, since most tests include it.
#pragma once

#include <vector>

#include "checker/smt/deadline.hpp"
#include "checker/smt/smt_check.hpp"

namespace synack::checker::smt {

std::vector<Result> check_with_smt(const Model& model, const std::vector<PropertySpec>& properties,
                                   Engine engine, const SmtLimits& limits,
                                   const LemmaRequest& lemmas, const Deadline& budget);

}  // namespace synack::checker::smt
