// libFuzzer target: version ordering of every scheme. The first byte picks the scheme, the rest is
// two versions separated by the first "\n". Every comparison must be reflexive and antisymmetric;
// a violation traps.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "vuln/version.h"

namespace {

constexpr std::array kSchemes{
    wasp::vuln::Scheme::kSemver,   wasp::vuln::Scheme::kMaven,  wasp::vuln::Scheme::kPep440,
    wasp::vuln::Scheme::kRubyGems, wasp::vuln::Scheme::kNuGet,  wasp::vuln::Scheme::kPackagist,
    wasp::vuln::Scheme::kPub,      wasp::vuln::Scheme::kCran,   wasp::vuln::Scheme::kHackage,
    wasp::vuln::Scheme::kDebian,   wasp::vuln::Scheme::kAlpine, wasp::vuln::Scheme::kRpm,
};

int sign(int v) { return (v > 0) - (v < 0); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const wasp::vuln::Scheme scheme = kSchemes[data[0] % kSchemes.size()];
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    const std::size_t newline = text.find('\n');
    const std::string_view a = text.substr(0, newline);
    const std::string_view b =
        newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);

    if (wasp::vuln::compare_versions(scheme, a, a) != 0) __builtin_trap();
    if (wasp::vuln::compare_versions(scheme, b, b) != 0) __builtin_trap();
    const int ab = sign(wasp::vuln::compare_versions(scheme, a, b));
    const int ba = sign(wasp::vuln::compare_versions(scheme, b, a));
    if (ab != -ba) __builtin_trap();
    (void)wasp::vuln::valid_version(scheme, a);
    (void)wasp::vuln::valid_version(scheme, b);
    return 0;
}
