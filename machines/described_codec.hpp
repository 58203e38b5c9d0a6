// A codec derived from the message struct itself, for machines that declare no `Codec`:
// the fields (described with BOOST_DESCRIBE_STRUCT, each an integer, bool or enum)
// numbered in mixed radix, each field ranging over 0..its value in
// `Front::message_bounds(params)`. Small protocol messages (a kind and an index or two)
// need nothing more; a machine whose messages are large or sparse (TCP segments) writes
// its own codec and states which values exist.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>

#include <typeinfo>

#include <boost/core/demangle.hpp>
#include <boost/describe.hpp>
#include <boost/mp11.hpp>

#include "checker/errors.hpp"
#include "checker/layout.hpp"

namespace synack::machines {

template <class Front>
class DescribedCodec {
  using Message = typename Front::message_type;
  using Fields = boost::describe::describe_members<Message, boost::describe::mod_public |
                                                                boost::describe::mod_inherited>;
  template <class D>
  using FieldType = std::remove_cvref_t<decltype(std::declval<Message&>().*D::pointer)>;
  template <class D>
  using NumberLike =
      boost::mp11::mp_bool<std::is_integral_v<FieldType<D>> || std::is_enum_v<FieldType<D>>>;
  static_assert(boost::mp11::mp_all_of<Fields, NumberLike>::value,
                "a derived codec numbers integer, bool and enum fields only; declare a Codec "
                "for messages with other fields");

 public:
  explicit DescribedCodec(const typename Front::Params& params)
      : bounds_(Front::message_bounds(params)) {
    count_ = 1;
    constexpr checker::Value kLimit = checker::Value{1} << 40;
    boost::mp11::mp_for_each<Fields>([&](auto d) {
      auto max = static_cast<checker::Value>(bounds_.*d.pointer);
      if (max < 0)
        throw InputError(std::string("message_bounds: field ") + d.name + " has a negative bound");
      // Checked before multiplying: an overflow would number two messages alike.
      if (max >= kLimit || max + 1 > kLimit / count_)
        throw InputError(std::string("message_bounds: the message has more than 2^40 values "
                                     "(at field ") +
                         d.name + "); write a Codec of its own");
      count_ *= max + 1;
    });
  }

  checker::Value count() const { return count_; }

  // What both ends of a channel must agree on: the message type and each field's bound.
  std::string signature() const {
    std::string out = boost::core::demangle(typeid(Message).name()) + "{";
    boost::mp11::mp_for_each<Fields>([&](auto d) {
      out += std::string(d.name) +
             "<=" + std::to_string(static_cast<checker::Value>(bounds_.*d.pointer)) + " ";
    });
    if (out.back() == ' ') out.pop_back();
    return out + "}";
  }

  checker::Value encode(const Message& m) const {
    checker::Value code = 0, radix = 1;
    bool in_range = true;
    boost::mp11::mp_for_each<Fields>([&](auto d) {
      auto v = static_cast<checker::Value>(m.*d.pointer);
      auto max = static_cast<checker::Value>(bounds_.*d.pointer);
      in_range = in_range && v >= 0 && v <= max;
      code += v * radix;
      radix *= max + 1;
    });
    // Out of range: a code the machine adapter refuses with the machine's name.
    return in_range ? code : -1;
  }

  // For a message encode() refuses: which field is out of range, as the user declared it
  // ("field value = 2 outside its declared range 0..1").
  std::string out_of_range(const Message& m) const {
    std::string out;
    boost::mp11::mp_for_each<Fields>([&](auto d) {
      auto v = static_cast<checker::Value>(m.*d.pointer);
      auto max = static_cast<checker::Value>(bounds_.*d.pointer);
      if (out.empty() && (v < 0 || v > max))
        out = std::string("field ") + d.name + " = " + std::to_string(v) +
              " outside its declared range 0.." + std::to_string(max);
    });
    return out;
  }

  Message decode(checker::Value code) const {
    Message m{};
    boost::mp11::mp_for_each<Fields>([&](auto d) {
      using Field = std::remove_cvref_t<decltype(m.*d.pointer)>;
      auto base = static_cast<checker::Value>(bounds_.*d.pointer) + 1;
      m.*d.pointer = static_cast<Field>(code % base);
      code /= base;
    });
    return m;
  }

  // How a message reads in traces: the front's `static std::string print(const Message&)`,
  // or a `to_string(const Message&)` beside the message (found by argument-dependent
  // lookup), else its fields: "kind=1 rm=2".
  std::string print(const Message& m) const {
    if constexpr (requires { Front::print(m); }) {
      return Front::print(m);
    } else if constexpr (requires { to_string(m); }) {
      return to_string(m);
    } else {
      std::string out;
      boost::mp11::mp_for_each<Fields>([&](auto d) {
        // Appended piecewise: g++ 12 warns falsely (-Wrestrict) about "literal" + string.
        if (!out.empty()) out += ' ';
        out.append(d.name).append("=").append(
            std::to_string(static_cast<checker::Value>(m.*d.pointer)));
      });
      return out;
    }
  }

 private:
  Message bounds_;
  checker::Value count_ = 1;
};

// The codec a front uses: its own `Codec`, or the one derived from its message struct.
template <class Front>
struct codec_of_impl {
  using type = DescribedCodec<Front>;
};
template <class Front>
requires requires {
  typename Front::Codec;
}
struct codec_of_impl<Front> {
  using type = typename Front::Codec;
};
template <class Front>
using codec_of = typename codec_of_impl<Front>::type;

}  // namespace synack::machines
