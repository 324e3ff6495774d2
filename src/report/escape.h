// Escaping of input strings for every markup a report writes: HTML, XML, Markdown, terminals.
//
// Every string that can come from an input (resource ids, file names, messages, tags, answers,
// rule text) goes through one of these before it reaches a report. All of them decode UTF-8 with
// core::for_each_code_point, so invalid UTF-8 never passes through: it becomes U+FFFD.
#pragma once

#include <string>
#include <string_view>

namespace wasp::report {

// HTML text and quoted attribute values: & < > " ' = ` become character references; control
// characters other than tab, LF and CR (C0, DEL, C1) become U+FFFD.
void append_html_escaped(std::string& out, std::string_view s);
[[nodiscard]] std::string html_escape(std::string_view s);

// XML 1.0 text content: & < > " ' become entity references, CR becomes &#13; (a parser would
// otherwise normalise it away), and control characters other than tab/LF/CR (C0, DEL, C1) and
// U+FFFE, U+FFFF are dropped: XML 1.0 forbids or discourages them.
[[nodiscard]] std::string xml_escape_text(std::string_view s);
// As xml_escape_text, for a quoted attribute value: tab and LF also become character references
// so attribute-value normalisation keeps them.
[[nodiscard]] std::string xml_escape_attribute(std::string_view s);

// GitHub-flavoured Markdown inline text (a paragraph or a table cell): Markdown punctuation
// (\ ` * _ [ ] | ~ $) is backslash-escaped, < > & become entities, @ is followed by a zero-width
// space so input cannot mention people, and line breaks become spaces.
[[nodiscard]] std::string markdown_escape(std::string_view s);

// For a terminal: control characters (which could drive the terminal with escape sequences)
// and line breaks become spaces or U+FFFD, so one input string stays on one line.
[[nodiscard]] std::string terminal_safe(std::string_view s);

// True for URLs a report may link to: http:// or https:// (scheme in any case) followed only by
// characters RFC 3986 allows in a URI (no spaces, quotes, angle brackets, controls or raw
// non-ASCII). Anything else is shown as text, never put in an href.
[[nodiscard]] bool is_linkable_url(std::string_view url);

}  // namespace wasp::report
