#include "vuln/version.h"

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
