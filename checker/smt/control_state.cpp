#include "checker/smt/control_state.hpp"

#include <string>

#include "checker/smt/invariant_mining.hpp"

namespace synack::checker::smt {

bool is_control_state(const SmtVar& v) {
  const std::string suffix = ".state";
  return is_discrete(v) && v.name.find('[') == std::string::npos &&
         v.name.rfind("saved.", 0) != 0 && v.name.size() > suffix.size() &&
         v.name.compare(v.name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace synack::checker::smt
