// Segments of a 32-bit sequence space are numbered by a table the model's codecs share;
// small spaces keep the computed numbering.
#include <catch2/catch.hpp>

#include "checker/errors.hpp"
#include "helpers.hpp"
#include "machines/tcp/segment.hpp"
#include "machines/tcp/segment_table.hpp"
#include "machines/tcp/tcp.hpp"

namespace {

using namespace synack::machines::tcp;
using synack::checker::Value;

constexpr std::int64_t kTop = (std::int64_t{1} << 32) - 1;

Segment wire(std::uint8_t flags, std::int64_t seq, std::int64_t ack, std::int64_t tag = 1) {
  return Segment{flags, seq, ack, 0, tag, FastOpen::kNone, Socket::kWire};
}

}  // namespace

TEST_CASE("a small sequence space computes segment numbers from the fields", "[segment]") {
  Params p;  // 16 sequence numbers, two incarnations: 16 flag sets * 2 payloads * 16 * 16 * 3 tags
  SegmentCodec codec(p);
  CHECK(codec.count() == 16 * 2 * 16 * 16 * 3);
  Value v = codec.encode(wire(kSyn | kAck, 15, 3));
  CHECK(v == (((kSyn | kAck) * 2 * 16 + 15) * 16 + 3) * 3 + 1);
  CHECK(codec.print(codec.decode(v)) == "SYN-ACK seq=15 ack=3");
}

TEST_CASE("a 32-bit sequence space numbers segments in the order they are met", "[segment]") {
  Params p;  // each Params starts with a table of its own
  p.seq_space = std::int64_t{1} << 32;
  Params copy = p;  // two machines of one model: copies of one Params share the table
  SegmentCodec client(p), server(copy);
  CHECK(client.count() == SegmentTable::kDefaultCapacity);
  Value syn = client.encode(wire(kSyn, kTop, 0));
  Value rst = server.encode(wire(kRst | kAck, 0, 0, 0));
  CHECK(syn == 0);
  CHECK(rst == 1);
  CHECK(client.encode(wire(kSyn, kTop, 0)) == syn);  // the same segment, the same number
  // An ACK number without the ACK flag is not part of the segment.
  CHECK(server.encode(wire(kSyn, kTop, 77)) == syn);
  CHECK(server.print(server.decode(syn)) == "SYN seq=4294967295");
  CHECK(client.print(client.decode(rst)) == "RST-ACK seq=0 ack=0");
  CHECK(p.segment_table->size() == 2);
}

// TLS payloads (a set of up to 15 messages) in a space of 64 pass 2^31 too: the two TCP
// endpoints under TLS must share one table, or the server cannot read the client's SYN.
TEST_CASE("TLS over TCP in a space of 64 numbers segments in one table", "[segment]") {
  auto checked = synack::testing::check("tls13/handshake", {"tcp.seq_space=64"});
  const auto& completes = checked.result("handshake-completes");
  CHECK(completes.verdict == synack::checker::Verdict::kHolds);
  CHECK(completes.trace->steps.size() == 15);
}

TEST_CASE("a segment table refuses segments past its capacity", "[segment]") {
  SegmentTable table(2);
  CHECK(table.number(wire(kSyn, 1, 0)) == 0);
  CHECK(table.number(wire(kSyn, 2, 0)) == 1);
  CHECK(table.number(wire(kSyn, 1, 0)) == 0);
  REQUIRE_THROWS_WITH(table.number(wire(kSyn, 3, 0)),
                      "more than 2 distinct segments in a large sequence space: too many for the "
                      "explicit engine to number; use a smaller tcp.seq_space or a Z3 engine "
                      "(--engine bmc|kind|spacer)");
  CHECK(table.size() == 2);
  REQUIRE_THROWS_AS(table.segment(2), synack::InternalError);
}
