#include "cli/printable.hpp"

#include <cctype>

#include <fmt/format.h>

namespace synack::cli {

namespace {

bool starts_character(char c) {
  return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
}

std::size_t characters(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += starts_character(c);
  return n;
}

// The first kEchoShown characters of a long echo, and how long it was.
std::string shortened(std::string_view echo) {
  std::size_t n = characters(echo);
  if (n <= kLongestEcho) return std::string(echo);
  std::size_t end = 0, seen = 0;
  for (; end < echo.size(); ++end)
    if (starts_character(echo[end]) && seen++ == kEchoShown) break;
  return fmt::format("{}... ({} characters)", echo.substr(0, end), n);
}

bool word_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// Where the quoted span opened at `open` closes: the next quote not followed by a letter or
// digit (an apostrophe inside the span, as in "the scenario's", does not close it).
std::size_t closing_quote(std::string_view text, std::size_t open) {
  for (std::size_t i = text.find('\'', open + 1); i != std::string_view::npos;
       i = text.find('\'', i + 1))
    if (i + 1 == text.size() || !word_character(text[i + 1])) return i;
  return std::string_view::npos;
}

std::string without_long_echoes(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ') {
      out += c;
      ++i;
      continue;
    }
    // A quote after a letter is an apostrophe ("the model's"), not the start of an echo.
    if (c == '\'' && (i == 0 || !word_character(text[i - 1]))) {
      if (std::size_t close = closing_quote(text, i); close != std::string_view::npos) {
        out += '\'';
        out += shortened(text.substr(i + 1, close - i - 1));
        out += '\'';
        i = close + 1;
        continue;
      }
    }
    std::size_t end = text.find(' ', i + 1);
    if (end == std::string_view::npos) end = text.size();
    // The punctuation after an echo ("--set KEY=VALUE: ...") is the message's, kept whole.
    std::size_t echo_end = end;
    while (echo_end > i + 1 &&
           std::string_view(":;,.)").find(text[echo_end - 1]) != std::string_view::npos)
      --echo_end;
    out += shortened(text.substr(i, echo_end - i));
    out += text.substr(echo_end, end - echo_end);
    i = end;
  }
  return out;
}

}  // namespace

std::string printable_line(std::string_view raw) {
  std::string text = without_long_echoes(raw);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7f) {
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += fmt::format("\\x{:02x}", byte);
    }
  }
  return out;
}

}  // namespace synack::cli
