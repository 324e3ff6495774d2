// Version ordering per package ecosystem, as each ecosystem's own tools order versions.
//
// OSV ranges are only as exact as the comparison behind them: "1.0.0-rc.1" is before "1.0.0" in
// npm, "1.0-SNAPSHOT" before "1.0" in Maven, "1.0.post1" after "1.0" in PyPI, "1:0.9" after
// "2.0" in Debian. Every scheme is total: a string its ecosystem would reject still gets a
// place (compared by its parts as far as they parse), so a hostile version never crashes a
// range check; valid_version says whether the ecosystem would accept it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace wasp::vuln {

enum class Scheme {
    kSemver,     // npm, crates.io, Go (with or without "v"), Hex, GitHub Actions, SwiftURL
    kMaven,      // Maven ComparableVersion
    kPep440,     // PyPI
    kRubyGems,   // Gem::Version
    kNuGet,      // NuGet SemVer 2 with 4-part versions
    kPackagist,  // Composer
    kPub,        // Dart pub (semver with its own pre-release rules)
    kCran,       // R package_version
    kHackage,    // Haskell Data.Version
    kDebian,     // dpkg (Debian, Ubuntu)
    kAlpine,     // apk (Alpine, Wolfi, Chainguard)
    kRpm,        // rpmvercmp with epoch (Red Hat, Rocky, AlmaLinux, SUSE, openSUSE, ...)
};

[[nodiscard]] std::string_view to_string(Scheme s);

// The ordering an OSV ecosystem uses ("npm", "PyPI", "Debian:12", "Alpine:v3.19", ...);
// nullopt for ecosystems whose versions are not ordered (e.g. "Linux", "OSS-Fuzz", "Android").
[[nodiscard]] std::optional<Scheme> scheme_for_ecosystem(std::string_view ecosystem);

// Negative, zero or positive as a is before, equal to or after b.
[[nodiscard]] int compare_versions(Scheme s, std::string_view a, std::string_view b);

// Whether the ecosystem's own tools accept v as a version.
[[nodiscard]] bool valid_version(Scheme s, std::string_view v);

// Sorts items by the version key(item) gives, stably. A merge sort with explicit bounds, not
// std::sort: some ecosystems' own orders are not transitive in corners (Maven's
// ComparableVersion has cycles such as 1.0.alpha.1 < 1 < 1-1 < 1.0.alpha.1), and std::sort
// with such a comparison is undefined behaviour on hostile advisories. This one only ever
// gives some order.
template <typename T, typename Key>
void sort_by_version(std::vector<T>& items, Scheme s, Key key) {
    const std::size_t n = items.size();
    if (n < 2) return;
    std::vector<T> buffer(n);
    for (std::size_t width = 1; width < n; width *= 2) {
        for (std::size_t lo = 0; lo < n; lo += 2 * width) {
            const std::size_t mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
            std::size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                bool right_first = compare_versions(s, key(items[j]), key(items[i])) < 0;
                buffer[k++] = std::move(right_first ? items[j++] : items[i++]);
            }
            while (i < mid) buffer[k++] = std::move(items[i++]);
            while (j < hi) buffer[k++] = std::move(items[j++]);
        }
        items.swap(buffer);
    }
}

}  // namespace wasp::vuln
