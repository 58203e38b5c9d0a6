// Which files a learned-model result came from (learned/provenance): SHA-256 against the
// FIPS 180-4 test vectors and `sha256sum`, and the "inputs" of `synack diff --json`.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "checker/errors.hpp"
#include "cli/learned_commands.hpp"
#include "learned/provenance.hpp"
#include "learned_data.hpp"
#include "temp_dir.hpp"

using synack::learned::input_file;
using synack::learned::sha256_hex;

TEST_CASE("sha256 of the FIPS 180-4 examples and of every padding case", "[learned][provenance]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // 56 bytes: the length no longer fits the block, so the padding takes a second one.
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // 55 bytes: the last length that pads within one block; 64: a whole block, then padding.
  CHECK(sha256_hex(std::string(55, 'x')) ==
        "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
  CHECK(sha256_hex(std::string(64, 'x')) ==
        "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
  CHECK(sha256_hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("an input file is its path as given and the sha256 of its bytes",
          "[learned][provenance]") {
  synack::testing::TempDir dir("provenance");
  const std::string path = (dir.path / "a.dot").string();
  std::ofstream(path) << "digraph g {\n__start0 -> s0;\ns0 -> s0 [label=\"LISTEN / TIMEOUT\"]\n}\n";
  auto f = input_file("model", path);
  CHECK(f.role == "model");
  CHECK(f.path == path);
  // As `sha256sum a.dot` prints it.
  CHECK(f.sha256 == "62d5c3857c8679c10c47e5c9e6da63bcd95f512dd897380442fd23d94496ba24");
  CHECK_THROWS_WITH(input_file("props", (dir.path / "gone.props").string()),
                    (dir.path / "gone.props").string() +
                        ": cannot be read again to record its SHA-256 (the props file)");
}

TEST_CASE("diff --json names both models with their sha256 and synack's version",
          "[learned][provenance][diff]") {
  synack::testing::TempDir dir("diff_provenance");
  synack::cli::DiffOptions o;
  o.a = synack::test::learned_test_file("toy_server.dot");
  o.b = synack::test::learned_test_file("toy_server_fixed.dot");
  o.json_file = (dir.path / "diff.json").string();
  std::ostringstream out;
  CHECK(synack::cli::run_diff(o, out) == 1);
  std::ifstream in(o.json_file);
  const nlohmann::json json = nlohmann::json::parse(in);
  CHECK(json["synack_version"] == SYNACK_VERSION);
  REQUIRE(json["inputs"].size() == 2);
  CHECK(json["inputs"][0] ==
        nlohmann::json({{"role", "a"}, {"path", o.a}, {"sha256", input_file("a", o.a).sha256}}));
  CHECK(json["inputs"][1]["role"] == "b");
  CHECK(json["inputs"][1]["path"] == o.b);
  CHECK(json["inputs"][1]["sha256"].get<std::string>().size() == 64);
  CHECK(json["inputs"][0]["sha256"] != json["inputs"][1]["sha256"]);
  CHECK(!json.contains("common_alphabet"));  // only with --common-alphabet
}
