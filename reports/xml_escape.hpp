// Escaping text for XML, HTML and SVG output.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace synack::reports {

namespace detail {

// The length of the well-formed UTF-8 sequence at the start of `s`, or 0 if there is none
// (a stray continuation byte, a truncated or overlong sequence, a surrogate, past U+10FFFF).
inline std::size_t utf8_sequence(std::string_view s) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char b = byte(0);
  if (b < 0x80) return 1;
  std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
  if (n == 0 || b > 0xF4 || s.size() < n) return 0;
  for (std::size_t i = 1; i < n; ++i)
    if ((byte(i) & 0xC0) != 0x80) return 0;
  unsigned char c = byte(1);
  if ((b == 0xE0 && c < 0xA0) || (b == 0xED && c >= 0xA0) || (b == 0xF0 && c < 0x90) ||
      (b == 0xF4 && c >= 0x90))
    return 0;
  return n;
}

}  // namespace detail

// `s` as well-formed UTF-8 that XML can carry: a byte that is not part of well-formed
// UTF-8 is read as Latin-1 (a learned model saved in Latin-1 then shows its accents), and a
// control character other than tab, newline and carriage return becomes U+FFFD. Before,
// such bytes went out as they were: Graphviz refused the label ("not well-formed") and a
// browser the page.
inline std::string well_formed_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      if (std::size_t n = detail::utf8_sequence(s.substr(i)); n != 0) {
        out.append(s.substr(i, n));
        i += n;
      } else {
        out += static_cast<char>(0xC0 | (c >> 6));  // Latin-1 byte c as UTF-8
        out += static_cast<char>(0x80 | (c & 0x3F));
        ++i;
      }
      continue;
    }
    ++i;
    bool control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
    if (control)
      out += "\xEF\xBF\xBD";
    else
      out += static_cast<char>(c);
  }
  return out;
}

// Text as XML character data (well-formed UTF-8, markup characters escaped).
inline std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : well_formed_utf8(s)) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace synack::reports
