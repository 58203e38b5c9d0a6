// What synack was asking Z3 when Z3 ends the process itself.
//
// Why: Z3 4.8.12 (Debian 12's) keeps some internal checks in release builds (ENSURE,
// VERIFY) and, when one fails, prints its diagnostics and calls exit(114): no exception
// comes back to the caller. The differential sweep met one in Spacer's lemma
// simplification after a proof (`check tls12/early-ccs --engine spacer` at some
// parameters). Throwing out of exit() instead is not possible (glibc declares it
// noexcept, and Z3 is compiled knowing it does not throw), and a longjmp would leave Z3's
// timers and limits armed in a context the run goes on using. So the command line
// (cli/z3_exit_guard.cpp) interposes exit() and, while a Z3ExitNotice is alive on the
// calling thread, ends the process with one line that says what happened and exit 3
// (undecided), instead of Z3's bare 114.
#pragma once

namespace synack::checker::smt {

class Z3ExitNotice {
 public:
  // `activity`: what the thread is asking Z3, a static string ("spacer").
  explicit Z3ExitNotice(const char* activity);
  ~Z3ExitNotice();
  Z3ExitNotice(const Z3ExitNotice&) = delete;
  Z3ExitNotice& operator=(const Z3ExitNotice&) = delete;

  // The innermost activity on this thread, or nullptr outside every notice.
  static const char* current();

 private:
  const char* outer_;
};

}  // namespace synack::checker::smt
