// libFuzzer target: the CVSS vector parser and scorers, with the whole input as one vector.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "vuln/cvss.h"

namespace {

// The same vector with its metrics in reverse order: v2 and v3 accept any order, so the score
// must not change.
std::string reversed_metrics(std::string_view prefix, std::string_view body) {
    std::vector<std::string_view> parts;
    std::size_t pos = 0;
    while (true) {
        const std::size_t end = body.find('/', pos);
        parts.push_back(body.substr(pos, end == std::string_view::npos ? end : end - pos));
        if (end == std::string_view::npos) break;
        pos = end + 1;
    }
    std::string out(prefix);
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
        if (it != parts.rbegin()) out += '/';
        out += *it;
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto first = wasp::vuln::score_cvss(text);
    if (!first) {
        if (first.error().empty()) std::abort();  // every rejection gives a reason
        return 0;
    }
    const double s = first->base_score;
    if (!(s >= 0.0 && s <= 10.0)) std::abort();
    if (std::fabs(s * 10.0 - std::round(s * 10.0)) > 1e-9) std::abort();  // one decimal

    // Deterministic: the same input scores the same.
    const auto again = wasp::vuln::score_cvss(text);
    if (!again || again->base_score != s || again->severity != first->severity ||
        again->major != first->major || again->minor != first->minor) {
        std::abort();
    }

    // Order-free versions: the reversed vector scores the same.
    std::string_view trimmed = text;
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t' ||
                                trimmed.front() == '\r' || trimmed.front() == '\n')) {
        trimmed.remove_prefix(1);
    }
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t' ||
                                trimmed.back() == '\r' || trimmed.back() == '\n')) {
        trimmed.remove_suffix(1);
    }
    std::string variant;
    if (first->major == 3) {
        const std::size_t slash = trimmed.find('/');
        variant = reversed_metrics(trimmed.substr(0, slash + 1), trimmed.substr(slash + 1));
    } else if (first->major == 2) {
        if (!trimmed.empty() && trimmed.front() == '(') {
            trimmed = trimmed.substr(1, trimmed.size() - 2);
        }
        variant = "(" + reversed_metrics("", trimmed) + ")";
    }
    if (!variant.empty()) {
        const auto reordered = wasp::vuln::score_cvss(variant);
        if (!reordered || reordered->base_score != s || reordered->severity != first->severity) {
            std::abort();
        }
    }
    return 0;
}
