// A TLS message as the machines exchange it: its type, an index into one of the lists of
// tls.hpp. The codec adds one value after the last type: the connection beneath is gone
// (what checker::System hands an upper layer when its transport closes).
#pragma once

#include <string>
#include <vector>

#include <boost/describe.hpp>

#include "checker/layout.hpp"

namespace synack::machines::tls {

// Generic over the value type: int for the concrete engines and the Boost.MSM back-end,
// checker::smt::SymInt for the symbolic interpreter (machines/msm_symbolic.hpp).
template <class V>
struct RecordT {
  V type = 0;  // a Tls12 or Tls13 value; the list's kCount: transport closed
  BOOST_DESCRIBE_CLASS(RecordT, (), (type), (), ())
};
using Record = RecordT<int>;

// The largest record: the codec's last value, "transport closed".
inline Record record_bounds(const std::vector<std::string>& names) {
  return Record{static_cast<int>(names.size())};
}

class RecordCodec {
 public:
  explicit RecordCodec(const std::vector<std::string>& names) : names_(&names) {}
  checker::Value count() const { return static_cast<checker::Value>(names_->size()) + 1; }
  checker::Value encode(const Record& r) const { return r.type; }
  Record decode(checker::Value v) const { return Record{static_cast<int>(v)}; }
  std::string print(const Record& r) const {
    return r.type < static_cast<int>(names_->size()) ? (*names_)[static_cast<std::size_t>(r.type)]
                                                     : "transport closed";
  }

 private:
  const std::vector<std::string>* names_;
};

}  // namespace synack::machines::tls
