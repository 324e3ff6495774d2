// Every line of the public version-ordering vectors (tests/fixtures/vuln/versions/), checked in
// both directions with the scheme's comparison.
#include <fstream>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "vuln/version.h"

namespace wasp::vuln {
namespace {

struct Vector {
    std::string a, b;
    int expected;  // -1, 0, 1
    int line;
};

std::vector<Vector> load(const std::string& name) {
    std::ifstream in("tests/fixtures/vuln/versions/" + name + "-versions.txt");
    std::vector<Vector> out;
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line.starts_with("# ") || line.starts_with("// ")) continue;
        // "A OP B": versions have no spaces, the operator is the middle token.
        auto first = line.find(' ');
        auto last = line.rfind(' ');
        if (first == std::string::npos || first == last) continue;
        std::string op = line.substr(first + 1, last - first - 1);
        int expected = op == "<" ? -1 : op == ">" ? 1 : op == "=" ? 0 : 2;
        if (expected == 2) continue;
        out.push_back({line.substr(0, first), line.substr(last + 1), expected, n});
    }
    return out;
}

int sign(int v) { return (v > 0) - (v < 0); }

struct Case {
    const char* file;
    Scheme scheme;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.file; }

class VersionVectors : public testing::TestWithParam<Case> {};

TEST_P(VersionVectors, EveryLineOrdersBothWays) {
    auto vectors = load(GetParam().file);
    ASSERT_FALSE(vectors.empty()) << GetParam().file;
    int failures = 0;
    for (const auto& v : vectors) {
        int got = sign(compare_versions(GetParam().scheme, v.a, v.b));
        int back = sign(compare_versions(GetParam().scheme, v.b, v.a));
        if (got != v.expected || back != -v.expected) {
            ADD_FAILURE() << GetParam().file << ":" << v.line << ": " << v.a << " vs " << v.b
                          << ": expected " << v.expected << ", got " << got << " / reverse "
                          << back;
            if (++failures > 40) break;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Schemes,
                         VersionVectors,
                         testing::Values(Case{"semver", Scheme::kSemver},
                                         Case{"maven", Scheme::kMaven},
                                         Case{"pypi", Scheme::kPep440},
                                         Case{"rubygems", Scheme::kRubyGems},
                                         Case{"nuget", Scheme::kNuGet},
                                         Case{"packagist", Scheme::kPackagist},
                                         Case{"pub", Scheme::kPub},
                                         Case{"cran", Scheme::kCran},
                                         Case{"hackage", Scheme::kHackage},
                                         Case{"debian", Scheme::kDebian},
                                         Case{"alpine", Scheme::kAlpine},
                                         Case{"redhat", Scheme::kRpm}),
                         [](const testing::TestParamInfo<Case>& p) {
                             return std::string(p.param.file);
                         });

TEST(VersionScheme, EcosystemsMapToTheirOrdering) {
    EXPECT_EQ(scheme_for_ecosystem("npm"), Scheme::kSemver);
    EXPECT_EQ(scheme_for_ecosystem("Go"), Scheme::kSemver);
    EXPECT_EQ(scheme_for_ecosystem("PyPI"), Scheme::kPep440);
    EXPECT_EQ(scheme_for_ecosystem("Debian:12"), Scheme::kDebian);
    EXPECT_EQ(scheme_for_ecosystem("Ubuntu:22.04:LTS"), Scheme::kDebian);
    EXPECT_EQ(scheme_for_ecosystem("Alpine:v3.19"), Scheme::kAlpine);
    EXPECT_EQ(scheme_for_ecosystem("Red Hat"), Scheme::kRpm);
    EXPECT_EQ(scheme_for_ecosystem("Linux"), std::nullopt);
    EXPECT_EQ(scheme_for_ecosystem("pypi"), std::nullopt);  // OSV names are case-sensitive
}

}  // namespace
}  // namespace wasp::vuln
