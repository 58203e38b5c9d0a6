// A Boost.MSM front-end's message codec as synack's type-erased MessageCodec: the fields a
// monitor reads (when the message type is described), ports, handovers to an upper layer,
// and the hooks a codec may offer (write_of, numbers_on_first_use, signature, permute),
// each asked for only if the codec or front-end declares it. What the user's port() throws
// is named with the machine (checker/machine_code_error). Part of MsmMachine
// (machines/msm_machine.hpp), apart so that each header stays one idea.
#pragma once

#include <concepts>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <boost/describe.hpp>
#include <boost/mp11.hpp>

#include "checker/machine.hpp"
#include "checker/machine_code_error.hpp"
#include "machines/described_codec.hpp"

namespace synack::machines {

template <class Front>
struct MsmCodecAdapter final : checker::MessageCodec {
  using Params = typename Front::Params;
  using Codec = codec_of<Front>;
  using Value = checker::Value;

  // Messages a monitor can read field by field: described, with each field's bound.
  static constexpr bool kDescribedMessage =
      boost::describe::has_describe_members<typename Front::message_type>::value &&
      requires(const Params& p) {
    { Front::message_bounds(p) } -> std::same_as<typename Front::message_type>;
  };

  static constexpr bool kHasPorts = requires(const typename Front::message_type& m) {
    Front::port(m);
  };

  MsmCodecAdapter(const Params& p, const checker::MachineType* machine) : codec(p), owner(machine) {
    if constexpr (kDescribedMessage) {
      using Msg = typename Front::message_type;
      Msg bounds = Front::message_bounds(p);
      boost::mp11::mp_for_each<boost::describe::describe_members<Msg, boost::describe::mod_public>>(
          [&](auto d) {
            fields_.push_back({d.name, static_cast<Value>(bounds.*d.pointer)});
          });
    }
  }
  std::vector<Field> fields() const override { return fields_; }
  std::vector<Value> field_values(Value m) const override {
    std::vector<Value> out;
    if constexpr (kDescribedMessage) {
      using Msg = typename Front::message_type;
      Msg msg = codec.decode(m);
      boost::mp11::mp_for_each<boost::describe::describe_members<Msg, boost::describe::mod_public>>(
          [&](auto d) { out.push_back(static_cast<Value>(msg.*d.pointer)); });
    }
    return out;
  }
  Value count() const override { return codec.count(); }
  std::string print(Value m) const override { return codec.print(codec.decode(m)); }
  Handover handover(Value m) const override {
    if constexpr (requires { codec.handover(codec.decode(m)); })
      return codec.handover(codec.decode(m));
    else
      return {};
  }
  std::optional<Value> write_of(Value upper) const override {
    if constexpr (requires { codec.write_of(upper); })
      return codec.write_of(upper);
    else
      return std::nullopt;
  }
  bool has_ports() const override { return kHasPorts; }
  bool numbers_on_first_use() const override {
    if constexpr (requires { codec.numbers_on_first_use(); })
      return codec.numbers_on_first_use();
    else
      return false;
  }
  std::string signature() const override {
    if constexpr (requires { codec.signature(); })
      return codec.signature();
    else
      return {};
  }
  std::optional<std::size_t> port(Value m) const override {
    if constexpr (kHasPorts) {
      auto p = [&] {
        try {
          return Front::port(codec.decode(m));
        } catch (...) {
          checker::rethrow_from_machine_code(*owner, {checker::UserCode::kPort}, nullptr);
        }
      }();
      if (p < 0) return std::nullopt;
      return static_cast<std::size_t>(p);
    } else {
      return std::nullopt;
    }
  }
  std::optional<Value> permute(Value m, const checker::MemberPermutation& p) const override {
    using Msg = typename Front::message_type;
    if constexpr (requires(const Msg& msg) {
                    { Front::permute(msg, p) } -> std::same_as<Msg>;
                  }) {
      try {
        return codec.encode(Front::permute(codec.decode(m), p));
      } catch (...) {
        checker::rethrow_from_machine_code(*owner, {checker::UserCode::kPermute}, nullptr);
      }
    } else
      return std::nullopt;
  }
  Value encode(const typename Front::message_type& m) const { return codec.encode(m); }
  typename Front::message_type decode(Value m) const { return codec.decode(m); }
  Codec codec;
  const checker::MachineType* owner;  // named when port() or permute() throws
  std::vector<Field> fields_;
};

}  // namespace synack::machines
