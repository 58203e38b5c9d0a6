#include "checker/smt/z3_exit.hpp"

namespace synack::checker::smt {

namespace {
// Per thread: the portfolio runs engines on threads of their own.
thread_local const char* tl_activity = nullptr;
}  // namespace

Z3ExitNotice::Z3ExitNotice(const char* activity) : outer_(tl_activity) {
  tl_activity = activity;
}

Z3ExitNotice::~Z3ExitNotice() {
  tl_activity = outer_;
}

const char* Z3ExitNotice::current() {
  return tl_activity;
}

}  // namespace synack::checker::smt
