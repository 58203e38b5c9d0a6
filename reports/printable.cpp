#include "reports/printable.hpp"

#include <cctype>
#include <vector>

#include <fmt/format.h>

namespace synack::reports {

namespace {

// Bytes in the character at text[i]: a well-formed UTF-8 sequence's length, else 1 (ASCII,
// or a byte that starts no sequence, or a sequence cut short: each such byte is a
// character of its own, so that a run of stray bytes is as long as it looks).
std::size_t character_length(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  const std::size_t n = lead >= 0xc2 && lead <= 0xdf   ? 2
                        : lead >= 0xe0 && lead <= 0xef ? 3
                        : lead >= 0xf0 && lead <= 0xf4 ? 4
                                                       : 1;
  if (n > text.size() - i) return 1;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return 1;
  return n;
}

// Where each character of `text` starts.
std::vector<std::size_t> character_starts(std::string_view text) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < text.size(); i += character_length(text, i)) starts.push_back(i);
  return starts;
}

// `text` whole if it has at most `longest` characters, else its first `head` and last
// `tail` around "...", then `count` with the number of characters.
std::string shortened(std::string_view text, std::size_t longest, std::size_t head,
                      std::size_t tail, std::string_view count) {
  const std::vector<std::size_t> starts = character_starts(text);
  const std::size_t n = starts.size();
  if (n <= longest) return std::string(text);
  return fmt::format("{}...{}{}", text.substr(0, starts[head]), text.substr(starts[n - tail]),
                     fmt::format(fmt::runtime(count), n));
}

std::string shortened_echo(std::string_view echo) {
  return shortened(echo, kLongestEcho, kEchoHead, kEchoTail, " ({} characters)");
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
        out += shortened_echo(text.substr(i + 1, close - i - 1));
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
    out += shortened_echo(text.substr(i, echo_end - i));
    out += text.substr(echo_end, end - echo_end);
    i = end;
  }
  return shortened(out, kLongestLine, kLineHead, kLineTail, " ({} characters in all)");
}

}  // namespace

std::string printable_line(std::string_view raw) {
  const std::string text = without_long_echoes(raw);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = character_length(text, i);
    const auto byte = static_cast<unsigned char>(text[i]);
    if (n > 1 || (byte >= 0x20 && byte < 0x7f)) {
      out += text.substr(i, n);
    } else if (byte == '\n') {
      out += "\\n";
    } else if (byte == '\r') {
      out += "\\r";
    } else if (byte == '\t') {
      out += "\\t";
    } else {
      out += fmt::format("\\x{:02x}", byte);
    }
    i += n;
  }
  return out;
}

}  // namespace synack::reports
