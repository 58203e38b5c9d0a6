#include "checker/smt/symbolic_code_error.hpp"

#include <exception>
#include <new>

#include <z3++.h>

#include "checker/errors.hpp"
#include "checker/smt/deadline.hpp"
#include "checker/smt/paths.hpp"

namespace synack::checker::smt {

void rethrow_from_symbolic_code(const MachineType& machine, const UserCode& where) {
  const std::exception_ptr thrown = std::current_exception();
  try {
    std::rethrow_exception(thrown);
  } catch (const DeadPath&) {
    throw;
  } catch (const Unsupported&) {
    throw;
  } catch (const OutOfBudget&) {
    throw;
  } catch (const z3::exception&) {
    throw;
  } catch (const InputError&) {
    throw;
  } catch (const InternalError&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (...) {
  }
  throw MachineCodeError(
      machine.machine_name(),
      thrown_text(machine, where, nullptr, thrown) +
          ", while encoding the machine for Z3, which runs its code on every value of its "
          "declared ranges, reachable or not; a machine's code must not throw on any of them "
          "(--engine explicit runs it on reachable states only)",
      MachineCodeError::Kind::kThrew, row_of(machine, where));
}

}  // namespace synack::checker::smt
