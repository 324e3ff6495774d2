#include "vuln/version.h"

#include <algorithm>
#include <array>
#include <utility>

#include "vuln/version_internal.h"

namespace wasp::vuln {

std::string_view to_string(Scheme s) {
    switch (s) {
        case Scheme::kSemver:
            return "semver";
        case Scheme::kMaven:
            return "maven";
        case Scheme::kPep440:
            return "pep440";
        case Scheme::kRubyGems:
            return "rubygems";
        case Scheme::kNuGet:
            return "nuget";
        case Scheme::kPackagist:
            return "packagist";
        case Scheme::kPub:
            return "pub";
        case Scheme::kCran:
            return "cran";
        case Scheme::kHackage:
            return "hackage";
        case Scheme::kDebian:
            return "debian";
        case Scheme::kAlpine:
            return "alpine";
        case Scheme::kRpm:
            return "rpm";
    }
    return "?";
}

std::optional<Scheme> scheme_for_ecosystem(std::string_view ecosystem) {
    // "Debian:12", "Alpine:v3.19", "Ubuntu:22.04:LTS": the release does not change the ordering.
    if (auto colon = ecosystem.find(':'); colon != std::string_view::npos) {
        ecosystem = ecosystem.substr(0, colon);
    }
    static constexpr std::array<std::pair<std::string_view, Scheme>, 30> kSchemes{{
        {"npm", Scheme::kSemver},
        {"crates.io", Scheme::kSemver},
        {"Go", Scheme::kSemver},
        {"Hex", Scheme::kSemver},
        {"GitHub Actions", Scheme::kSemver},
        {"SwiftURL", Scheme::kSemver},
        {"Bitnami", Scheme::kSemver},
        {"Maven", Scheme::kMaven},
        {"PyPI", Scheme::kPep440},
        {"RubyGems", Scheme::kRubyGems},
        {"NuGet", Scheme::kNuGet},
        {"Packagist", Scheme::kPackagist},
        {"Pub", Scheme::kPub},
        {"CRAN", Scheme::kCran},
        {"Hackage", Scheme::kHackage},
        {"Debian", Scheme::kDebian},
        {"Ubuntu", Scheme::kDebian},
        {"Alpine", Scheme::kAlpine},
        {"Wolfi", Scheme::kAlpine},
        {"Chainguard", Scheme::kAlpine},
        {"MinimOS", Scheme::kAlpine},
        {"Red Hat", Scheme::kRpm},
        {"Rocky Linux", Scheme::kRpm},
        {"AlmaLinux", Scheme::kRpm},
        {"SUSE", Scheme::kRpm},
        {"openSUSE", Scheme::kRpm},
        {"Mageia", Scheme::kRpm},
        {"openEuler", Scheme::kRpm},
        {"Photon OS", Scheme::kRpm},
        {"Azure Linux", Scheme::kRpm},
    }};
    for (const auto& [name, scheme] : kSchemes) {
        if (name == ecosystem) return scheme;
    }
    return std::nullopt;
}

namespace detail {

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

int compare_dotted(std::string_view a, std::string_view b, const DottedOrder& order) {
    auto fold = [&](char c) {
        if (order.fold == Fold::kLower && c >= 'A' && c <= 'Z') return static_cast<char>(c + 32);
        if (order.fold == Fold::kUpper && c >= 'a' && c <= 'z') return static_cast<char>(c - 32);
        return c;
    };
    while (true) {
        const std::size_t da = a.find_first_of(order.separators);
        const std::size_t db = b.find_first_of(order.separators);
        const std::string_view x = a.substr(0, da), y = b.substr(0, db);
        const bool nx = all_digits(x), ny = all_digits(y);
        int c = 0;
        if (nx && ny) {
            c = compare_digits(x, y);
        } else if (nx != ny) {
            c = nx == order.numbers_first ? -1 : 1;
        } else if (order.fold != Fold::kNone) {
            const auto mismatch = std::mismatch(x.begin(), x.end(), y.begin(), y.end(),
                                                [&](char p, char q) { return fold(p) == fold(q); });
            if (mismatch.first != x.end() && mismatch.second != y.end()) {
                c = static_cast<unsigned char>(fold(*mismatch.first)) <
                            static_cast<unsigned char>(fold(*mismatch.second))
                        ? -1
                        : 1;
            } else {
                c = sign(static_cast<int>(x.size()) - static_cast<int>(y.size()));
            }
        } else {
            c = sign(x.compare(y));
        }
        if (c != 0) return c;
        if (da == std::string_view::npos || db == std::string_view::npos) {
            if (da == db) return 0;
            return da == std::string_view::npos ? -1 : 1;
        }
        a.remove_prefix(da + 1);
        b.remove_prefix(db + 1);
    }
}

int compare_numeric_lists(std::string_view a, std::string_view b, std::string_view separators) {
    NumericComponents x(a, separators), y(b, separators);
    for (;;) {
        std::string_view cx, cy;
        bool hx = x.next(cx), hy = y.next(cy);
        if (hx != hy) return hx ? 1 : -1;
        if (!hx) break;
        if (int c = compare_digits(cx, cy); c != 0) return c;
    }
    std::string_view rx = x.rest(), ry = y.rest();
    if (rx.empty() != ry.empty()) return rx.empty() ? -1 : 1;
    return sign(rx.compare(ry));
}

bool valid_dotted(std::string_view s, bool allow_leading_zero) {
    auto ident = [](char c) {
        return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
    };
    while (true) {
        const std::size_t dot = s.find('.');
        const std::string_view id = s.substr(0, dot);
        if (id.empty() || !std::all_of(id.begin(), id.end(), ident)) return false;
        if (!allow_leading_zero && id.size() > 1 && id.front() == '0' && all_digits(id)) {
            return false;
        }
        if (dot == std::string_view::npos) return true;
        s.remove_prefix(dot + 1);
    }
}

}  // namespace detail

int compare_versions(Scheme s, std::string_view a, std::string_view b) {
    switch (s) {
        case Scheme::kSemver:
            return detail::compare_semver(a, b);
        case Scheme::kMaven:
            return detail::compare_maven(a, b);
        case Scheme::kPep440:
            return detail::compare_pep440(a, b);
        case Scheme::kRubyGems:
            return detail::compare_rubygems(a, b);
        case Scheme::kNuGet:
            return detail::compare_nuget(a, b);
        case Scheme::kPackagist:
            return detail::compare_packagist(a, b);
        case Scheme::kPub:
            return detail::compare_pub(a, b);
        case Scheme::kCran:
            return detail::compare_cran(a, b);
        case Scheme::kHackage:
            return detail::compare_hackage(a, b);
        case Scheme::kDebian:
            return detail::compare_debian(a, b);
        case Scheme::kAlpine:
            return detail::compare_alpine(a, b);
        case Scheme::kRpm:
            return detail::compare_rpm(a, b);
    }
    return 0;
}

bool valid_version(Scheme s, std::string_view v) {
    switch (s) {
        case Scheme::kSemver:
            return detail::valid_semver(v);
        case Scheme::kMaven:
            return detail::valid_maven(v);
        case Scheme::kPep440:
            return detail::valid_pep440(v);
        case Scheme::kRubyGems:
            return detail::valid_rubygems(v);
        case Scheme::kNuGet:
            return detail::valid_nuget(v);
        case Scheme::kPackagist:
            return detail::valid_packagist(v);
        case Scheme::kPub:
            return detail::valid_pub(v);
        case Scheme::kCran:
            return detail::valid_cran(v);
        case Scheme::kHackage:
            return detail::valid_hackage(v);
        case Scheme::kDebian:
            return detail::valid_debian(v);
        case Scheme::kAlpine:
            return detail::valid_alpine(v);
        case Scheme::kRpm:
            return detail::valid_rpm(v);
    }
    return false;
}

}  // namespace wasp::vuln
