// xml_escape: what reports and diagrams write into SVG and HTML must be well-formed XML,
// whatever bytes a user's model or file names carry.
#include <string>

#include <catch2/catch.hpp>

#include "reports/xml_escape.hpp"

using synack::reports::xml_escape;

TEST_CASE("xml_escape escapes markup and keeps well-formed UTF-8 as it is", "[xml]") {
  CHECK(xml_escape("a<b> & \"c\"") == "a&lt;b&gt; &amp; &quot;c&quot;");
  CHECK(xml_escape("caf\xC3\xA9 \xE2\x86\xBA \xF0\x9F\x94\x92") ==
        "caf\xC3\xA9 \xE2\x86\xBA \xF0\x9F\x94\x92");
  CHECK(xml_escape("tab\tline\nret\r") == "tab\tline\nret\r");
}

TEST_CASE("xml_escape reads bytes outside UTF-8 as Latin-1", "[xml]") {
  // A learned model saved in Latin-1: "caf\xE9" is café.
  CHECK(xml_escape("caf\xE9 / out") == "caf\xC3\xA9 / out");
  // A stray continuation byte, a truncated sequence, an overlong form, a surrogate and a
  // code point past U+10FFFF are not UTF-8 either: each byte is read as Latin-1.
  CHECK(xml_escape("\x80") == "\xC2\x80");
  CHECK(xml_escape("\xE2\x86") == "\xC3\xA2\xC2\x86");
  CHECK(xml_escape("\xC0\xAF") == "\xC3\x80\xC2\xAF");
  CHECK(xml_escape("\xED\xA0\x80") == "\xC3\xAD\xC2\xA0\xC2\x80");
  CHECK(xml_escape("\xF4\x90\x80\x80") == "\xC3\xB4\xC2\x90\xC2\x80\xC2\x80");
}

TEST_CASE("xml_escape replaces control characters XML cannot carry", "[xml]") {
  CHECK(xml_escape(std::string("a\0b", 3)) ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(xml_escape("\x1B[31m") == "\xEF\xBF\xBD[31m");
}
