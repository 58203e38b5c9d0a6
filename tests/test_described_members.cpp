// machines/described_members.hpp: which structs have a member their Boost.Describe list
// leaves out (make_machine refuses those at compile time; the cases of that are in
// tests/out_of_tree/compile_errors).
#include <catch2/catch.hpp>

#include "machines/described_members.hpp"

namespace {

using synack::machines::detail::counted_members;
using synack::machines::detail::every_member_described;
using synack::machines::detail::placeholder_only;

template <class V>
struct Vars {
  V expect = 0;
  V delivered = 0;
  V& first_var() { return expect; }
  BOOST_DESCRIBE_CLASS(Vars, (), (expect, delivered), (), ())
};
template <class V>
struct VarsOneLeftOut {
  V expect = 0;
  V delivered = 0;
  BOOST_DESCRIBE_CLASS(VarsOneLeftOut, (), (delivered), (), ())
};
enum Kind { kData, kAck };
struct Message {
  Kind kind = kData;
  bool last = false;
  int seq = 0;
  BOOST_DESCRIBE_CLASS(Message, (), (kind, last, seq), (), ())
};
struct MessageFlagLeftOut {
  Kind kind = kData;
  bool last = false;
  int seq = 0;
  BOOST_DESCRIBE_CLASS(MessageFlagLeftOut, (), (kind, seq), (), ())
};
struct Nothing {
  BOOST_DESCRIBE_CLASS(Nothing, (), (), (), ())
};
template <class V>
struct Placeholder {
  V unused = 0;
  V& first_var() { return unused; }
  BOOST_DESCRIBE_CLASS(Placeholder, (), (), (), ())
};
struct OneNotDescribed {
  int x = 0;
  BOOST_DESCRIBE_CLASS(OneNotDescribed, (), (), (), ())
};
struct Base {
  int x = 0;
  BOOST_DESCRIBE_CLASS(Base, (), (x), (), ())
};
struct Derived : Base {
  int y = 0;
  BOOST_DESCRIBE_CLASS(Derived, (Base), (y), (), ())
};
struct Tag {};
struct TaggedOneLeftOut : Tag {
  int n = 0;
  int forgotten = 0;
  BOOST_DESCRIBE_CLASS(TaggedOneLeftOut, (), (n), (), ())
};
struct DescribedBaseOneLeftOut : Base {
  int n = 0;
  int forgotten = 0;
  BOOST_DESCRIBE_CLASS(DescribedBaseOneLeftOut, (Base), (n), (), ())
};
struct WithConstructor {
  WithConstructor() {}
  int x = 0, y = 0;
  BOOST_DESCRIBE_CLASS(WithConstructor, (), (x), (), ())
};
struct Nested {
  Message message;
  int hops = 0;
  BOOST_DESCRIBE_CLASS(Nested, (), (message, hops), (), ())
};

}  // namespace

TEST_CASE("a plain struct's members are counted, and one left out of its list is found") {
  CHECK(counted_members<Vars<int>>() == 2);
  CHECK(counted_members<Message>() == 3);  // an enum and a bool count as members
  CHECK(counted_members<Nested>() == 2);   // a struct member is one member
  CHECK(every_member_described<Vars<int>>());
  CHECK(every_member_described<Vars<long>>());
  CHECK(every_member_described<Message>());
  CHECK(every_member_described<Nothing>());
  CHECK(every_member_described<Nested>());
  CHECK_FALSE(every_member_described<VarsOneLeftOut<int>>());
  CHECK_FALSE(every_member_described<MessageFlagLeftOut>());
  CHECK_FALSE(every_member_described<OneNotDescribed>());
}

TEST_CASE("a struct with a base class is refused: its inherited members are not read") {
  // synack reads a struct's own listed members: a base's would not be in the state (and a
  // base hid a member left out of the list, since nothing could be counted).
  CHECK_FALSE(every_member_described<Derived>());
  CHECK_FALSE(every_member_described<TaggedOneLeftOut>());
  CHECK_FALSE(every_member_described<DescribedBaseOneLeftOut>());
}

TEST_CASE("structs whose members cannot be counted are not judged") {
  CHECK(every_member_described<WithConstructor>());  // not an aggregate
}

TEST_CASE("a Vars that describes nothing may keep one placeholder for first_var") {
  CHECK(placeholder_only<Placeholder<int>>());
  CHECK_FALSE(every_member_described<Placeholder<int>>());
  CHECK_FALSE(placeholder_only<OneNotDescribed>());  // no first_var: a variable left out
  CHECK_FALSE(placeholder_only<VarsOneLeftOut<int>>());
  CHECK_FALSE(placeholder_only<Vars<int>>());
}
