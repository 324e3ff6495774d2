// Version ordering for semver, Maven, PEP 440, RubyGems, NuGet and Packagist beyond the public
// vectors: validity, edge cases the vectors lack, and that each order is a consistent total order.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "vuln/version.h"

namespace wasp::vuln {
namespace {

int sign(int v) { return (v > 0) - (v < 0); }

struct Order {
    std::string_view a;
    char op;  // '<', '=', '>'
    std::string_view b;
};

void expect_orders(Scheme s, const std::vector<Order>& cases) {
    for (const auto& c : cases) {
        const int want = c.op == '<' ? -1 : c.op == '>' ? 1 : 0;
        EXPECT_EQ(sign(compare_versions(s, c.a, c.b)), want)
            << to_string(s) << ": \"" << c.a << "\" " << c.op << " \"" << c.b << "\"";
        EXPECT_EQ(sign(compare_versions(s, c.b, c.a)), -want)
            << to_string(s) << " reversed: \"" << c.b << "\" vs \"" << c.a << "\"";
    }
}

void expect_valid(Scheme s,
                  const std::vector<std::string_view>& good,
                  const std::vector<std::string_view>& bad) {
    for (std::string_view v : good) EXPECT_TRUE(valid_version(s, v)) << to_string(s) << ": " << v;
    for (std::string_view v : bad) EXPECT_FALSE(valid_version(s, v)) << to_string(s) << ": " << v;
}

// The first pair or triple on which compare is not antisymmetric or not transitive, "" when there
// is none: sorting and range checks rely on both.
std::string order_violation(Scheme s, const std::vector<std::string>& versions) {
    const std::size_t n = versions.size();
    std::vector<int> cmp(n * n);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            cmp[i * n + j] = sign(compare_versions(s, versions[i], versions[j]));
        }
    }
    const auto quote = [&](std::size_t i) { return "\"" + versions[i] + "\""; };
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            if (cmp[i * n + j] != -cmp[j * n + i]) {
                return "not antisymmetric: " + quote(i) + ", " + quote(j);
            }
            for (std::size_t k = 0; k < n; ++k) {
                const int ij = cmp[i * n + j];
                const int jk = cmp[j * n + k];
                const int ik = cmp[i * n + k];
                // i <= j <= k must give i <= k, and i = k only when i = j = k.
                if (ij <= 0 && jk <= 0 && (ik > 0 || (ik == 0 && (ij != 0 || jk != 0)))) {
                    return "not transitive: " + quote(i) + ", " + quote(j) + ", " + quote(k);
                }
            }
        }
    }
    return "";
}

// --- SemVer ---------------------------------------------------------------------------------

TEST(VersionSemver, AcceptsSemVerWithOptionalV) {
    expect_valid(
        Scheme::kSemver,
        {"1.2.3", "v1.2.3", "0.0.0", "1.2.3-alpha.1+build.5", "1.2.3-0", "1.2.3+001", "1.2.3-x-y.z",
         "99999999999999999999.0.0"},
        {"", "v", "1.2", "1", "v1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.3-01", "1.2.3-", "1.2.3+",
         "1.2.3-a..b", "1.2.3+a..b", "V1.2.3", " 1.2.3", "1.2.3-\xc3\xa9", "1.2.3_4", "latest"});
}

TEST(VersionSemver, OrdersEdgeCases) {
    expect_orders(Scheme::kSemver,
                  {
                      {"99999999999999999999.0.0", '<', "100000000000000000000.0.0"},
                      {"1.0.99999999999999999999", '<', "1.0.100000000000000000000"},
                      {"1.0.0-99999999999999999999", '<', "1.0.0-100000000000000000000"},
                      {"1.2.3+a", '=', "1.2.3+b"},
                      {"1.2.3-beta+x", '=', "1.2.3-beta+y"},
                      {"1.2.3+build", '>', "1.2.3-beta+build"},
                      {"v1.2.3", '=', "1.2.3"},
                      {"v1.2.3-rc.1", '<', "1.2.3"},
                      {"", '=', "0.0.0"},
                      {"", '<', "0.0.1"},
                      {"", '>', "0.0.0-alpha"},
                      {"1.2", '=', "1.2.0"},
                      {"1", '=', "1.0.0"},
                      {"1.2.3.4", '<', "1.2.3"},  // the rest reads as a pre-release
                      {"1.2.3.4", '<', "1.2.3.5"},
                      {"1.2.3rc1", '=', "1.2.3-rc1"},
                      {"1.2.3-1", '<', "1.2.3-a"},
                      {"1.2.3-a", '<', "1.2.3-a.0"},
                      {"1.2.3-alpha.01", '=', "1.2.3-alpha.1"},
                      {"1.2.3-Alpha", '<', "1.2.3-alpha"},
                      {" 1.2.3 ", '=', "1.2.3"},
                  });
}

// --- Maven ----------------------------------------------------------------------------------

TEST(VersionMaven, AcceptsWhatMavenBuildsAccept) {
    expect_valid(Scheme::kMaven,
                 {"1.0", "1.0-SNAPSHOT", "5.3.0.RELEASE", "2.17.1", "1.0-alpha-1", "r09", "latest"},
                 {"", "1.0/2", "1:0", "${project.version}", "1.0?", "1.0*", "a\"b", "1.0\t"});
}

TEST(VersionMaven, OrdersEdgeCases) {
    expect_orders(Scheme::kMaven,
                  {
                      {"5.3.0.RELEASE", '=', "5.3.0"},
                      {"1.0.0.Final", '=', "1.0.0"},
                      {"1.0.Final", '=', "1.0.GA"},
                      {"5.3.0-SNAPSHOT", '<', "5.3.0"},
                      {"5.3.0-RC1", '<', "5.3.0-SNAPSHOT"},
                      {"5.3.0", '<', "5.3.0-sp1"},
                      {"1.0-SNAPSHOT", '=', "1.0-snapshot"},
                      {"1.0-M1", '<', "1.0-rc1"},
                      {"1.0-milestone-1", '=', "1.0-M1"},
                      {"1.0-cr1", '=', "1.0-rc1"},
                      {"1.0.0-alpha", '<', "1.0.0-a"},  // "a" is alpha only before a digit
                      {"1.0-sp", '<', "1.0-foo"},
                      {"1.0-android", '<', "1.0-jre"},
                      {"1-foo2", '<', "1-foo10"},
                      {"1-foo", '<', "1-1"},
                      {"1-1", '<', "1.1"},
                      {"1.foo", '=', "1-foo"},
                      {"1.0.X1", '=', "1.0-X1"},
                      {"1.0.RC2", '<', "1.0-RC3"},
                      {"1.0-RC3", '<', "1.0.1"},
                      {"99999999999999999999", '<', "100000000000000000000"},
                      {"1.99999999999999999999", '<', "1.100000000000000000000"},
                      {"1.0", '<', "1.12345678901234567890"},
                      {"", '=', "0"},
                      {"", '<', "1"},
                      {"", '>', "0-SNAPSHOT"},
                      // The POM reference's rule, not Maven 3.9's (which puts "1-ga-1" first).
                      {"1-ga-1", '=', "1-1"},
                      {"1-0-alpha", '=', "1-alpha"},
                      {"1-sp-1", '<', "1-ga-1"},
                  });
}

TEST(VersionMaven, KeepsMavensOwnCycles) {
    // ComparableVersion is not transitive where padding nulls meet words and sub-lists; these
    // are Maven 3.9's answers, kept so that wasp agrees with Maven on each pair.
    expect_orders(Scheme::kMaven, {{"1.0.alpha.1", '<', "1"},
                                   {"1", '<', "1-1"},
                                   {"1-1", '<', "1.0.alpha.1"},
                                   {"1.foo.1", '<', "1-alpha"},
                                   {"1-alpha", '<', "1"},
                                   {"1", '<', "1.foo.1"}});
}

// --- PEP 440 --------------------------------------------------------------------------------

TEST(VersionPep440, AcceptsPep440AndItsNormalisations) {
    expect_valid(Scheme::kPep440,
                 {"1.0", "v1.0", "1!2.0", "1.0a1", "1.0.ALPHA.1", "1.0-beta_2", "1.0c3", "1.0pre",
                  "1.0-1", "1.0.post", "1.0rev2", "1.0.dev", "1.0+ubuntu.1", "1.0+local-1_a",
                  " 1.0 ", "1.0a-", "2012.10"},
                 {"", "v", "1.0.", "1.0-", "1.0+", "1.0+ubuntu..1", "1.0+é", "0.9-ivysaur",
                  "1.0.0a1b2", "1!", "!1.0", "1.0dev.post1", "1.0_", "latest"});
}

TEST(VersionPep440, OrdersEdgeCases) {
    expect_orders(Scheme::kPep440,
                  {
                      {"99999999999999999999", '<', "100000000000000000000"},
                      {"1.0.dev99999999999999999999", '<', "1.0.dev100000000000000000000"},
                      {"1.0", '=', "1.0.0"},
                      {"v1.0", '=', "1.0"},
                      {"1.0", '<', "1!0.1"},
                      {"1.0.dev0", '<', "1.0a1.dev0"},
                      {"1.0a1.dev0", '<', "1.0a1"},
                      {"1.0a1", '<', "1.0b1"},
                      {"1.0b1", '<', "1.0rc1"},
                      {"1.0c1", '=', "1.0rc1"},
                      {"1.0preview1", '=', "1.0rc1"},
                      {"1.0ALPHA1", '=', "1.0a1"},
                      {"1.0a", '=', "1.0a0"},
                      {"1.0rc1", '<', "1.0"},
                      {"1.0", '<', "1.0.post1.dev0"},
                      {"1.0.post1.dev0", '<', "1.0.post1"},
                      {"1.0-1", '=', "1.0.post1"},
                      {"1.0r1", '=', "1.0.post1"},
                      {"1.0.post1", '<', "1.1.dev0"},
                      // Local versions: after the public one, segment by segment.
                      {"1.0", '<', "1.0+ubuntu.1"},
                      {"1.0+ubuntu.1", '<', "1.0+ubuntu.2"},
                      {"1.0+ubuntu.2", '<', "1.0+ubuntu.10"},
                      {"1.0+ubuntu", '<', "1.0+ubuntu.1"},
                      {"1.0+abc", '<', "1.0+1"},
                      {"1.0+ABC", '=', "1.0+abc"},
                      {"1.0+a-b", '=', "1.0+a.b"},
                      {"1.0+ubuntu.1", '<', "1.0.post1"},
                      // Invalid versions come before every valid one.
                      {"", '<', "0"},
                      {"0.9-ivysaur", '<', "0.0.1"},
                      {"latest", '<', "0"},
                      {"2.0-foo", '<', "1.0"},
                      {"1.0-foo", '<', "1.0-goo"},
                      {"2.0-foo", '>', "1.0-foo"},
                  });
}

// --- RubyGems -------------------------------------------------------------------------------

TEST(VersionRubyGems, AcceptsGemVersions) {
    expect_valid(Scheme::kRubyGems,
                 {"1.0", "1.0.0.pre", "1.0.a1", "1.0-rc1", "1.0-x-y.2", " 1.0 ", "", "   ",
                  "99999999999999999999"},
                 {"a", "1.", "1..0", "1.0-", "1.0-a..b", "1.0_1", "v1.0", "1.0+build", "-1"});
}

TEST(VersionRubyGems, OrdersEdgeCases) {
    expect_orders(Scheme::kRubyGems, {
                                         {"99999999999999999999", '<', "100000000000000000000"},
                                         {"1.99999999999999999999", '<', "1.100000000000000000000"},
                                         {"1.0", '=', "1"},
                                         {"1.0.0", '=', "1.0"},
                                         {"1.0.a", '=', "1.a"},
                                         {"1.0.0.a1", '=', "1.a.1"},
                                         {"1.0.b1", '<', "1.0"},
                                         {"1.0.rc1", '<', "1.0"},
                                         {"1.0.a", '<', "1.0.b"},
                                         {"1.0.B", '<', "1.0.a"},  // letters compare byte-wise
                                         {"1.0-1", '=', "1.0.pre.1"},
                                         {"1.0-1", '<', "1.0"},
                                         {"1.10", '>', "1.9"},
                                         {"1.0.1.a", '>', "1.0.0"},
                                         {"", '=', "0"},
                                         {"", '<', "0.1"},
                                         {" 1.0 ", '=', "1.0"},
                                     });
}

// --- NuGet ----------------------------------------------------------------------------------

TEST(VersionNuGet, AcceptsNuGetVersions) {
    expect_valid(Scheme::kNuGet,
                 {"1", "1.0", "1.0.0", "1.0.0.1", "1.0.0-beta", "1.0.0-beta.1+sha.01", "1.0.01",
                  " 1.0 ", "2147483647.0", "1.0.0-x-y"},
                 {"", "v1.0", "V1.0", "1.0.0.0.0", "1.0.0-", "1.0.0-01", "1.0.0-a..b", "1.0.0+",
                  "2147483648.0", "1..0", "1.0.", "a.b", "1.0.0-beta_1", ".1"});
}

TEST(VersionNuGet, OrdersEdgeCases) {
    expect_orders(Scheme::kNuGet,
                  {
                      {"99999999999999999999", '<', "100000000000000000000"},
                      {"1.0.0-99999999999999999999", '<', "1.0.0-100000000000000000000"},
                      {"1.0", '=', "1.0.0.0"},
                      {"1.0.0.1", '>', "1.0.0"},
                      {"1.0.0.1-alpha", '>', "1.0.0"},
                      {"1.0.0-ALPHA", '=', "1.0.0-alpha"},
                      {"1.0.0-alpha+a", '=', "1.0.0-alpha+b"},
                      {"1.0.0-alpha", '<', "1.0.0-alpha.1"},
                      {"1.0.0-2", '<', "1.0.0-10"},
                      {"1.0.0-10", '<', "1.0.0-a"},
                      {"1.0.0-Z", '<', "1.0.0-_"},  // upper-case folding puts "_" after letters
                      {"v1.0", '=', "1.0"},
                      {"", '=', "0.0.0.0"},
                      {"", '<', "0.0.0.1"},
                      {"1.0.0.0.1", '<', "1.0.0.0"},  // a fifth part reads as a pre-release
                  });
}

// --- Packagist ------------------------------------------------------------------------------

TEST(VersionPackagist, AcceptsWhatComposerNormalises) {
    expect_valid(Scheme::kPackagist, {"1.0.0",         "v1.0.0",       "V2.3",
                                      "1.0.0-beta2",   "1.0.0-RC1",    "1.0.0-alpha.1-dev",
                                      "1.0.0-p1",      "1.0.0-patch2", "1.0.0-stable",
                                      "1.0.0+build.5", "1.2.x-dev",    "2.*-dev",
                                      "dev-master",    "master",       "1.0-dev",
                                      "2010-01-02",    "20100102",     "2010.01.02.5",
                                      " 1.0 ",         "1.0.0.0"},
                 {"", "1.0.0.0.0", "12345.6.7.8.9", "1.0.0-foo", "1.0.0-beta_2_x", "dev-",
                  "1.0,2.0", "+build", "1.0.0+", "x.1-dev", "4.3-2RC1", "1.2.3.#", "latest"});
}

TEST(VersionPackagist, OrdersEdgeCases) {
    expect_orders(Scheme::kPackagist,
                  {
                      {"99999999999999999999", '<', "100000000000000000000"},
                      {"1.99999999999999999999", '<', "1.100000000000000000000"},
                      {"v1.0.0", '=', "1.0.0"},
                      {"V1.0.0", '=', "1.0.0"},
                      {"1.0", '<', "1.0.0"},  // no padding, as in PHP and OSV
                      {"1.0.0-dev", '<', "1.0.0-alpha1"},
                      {"1.0.0-alpha1", '=', "1.0.0-a1"},
                      {"1.0.0-Alpha1", '=', "1.0.0-alpha1"},
                      {"1.0.0-alpha1", '<', "1.0.0-beta1"},
                      {"1.0.0-beta1", '<', "1.0.0-RC1"},
                      {"1.0.0-RC1", '=', "1.0.0-rc1"},
                      {"1.0.0-RC1", '<', "1.0.0"},
                      {"1.0.0", '<', "1.0.0-p1"},
                      {"1.0.0-patch1", '=', "1.0.0-pl1"},
                      {"1.0.0-stable", '=', "1.0.0"},
                      {"1.0.0+build.5", '=', "1.0.0"},
                      {"1.0.0-foo", '<', "1.0.0-dev"},  // unknown words first, as in PHP
                      {"1.0.0-foo", '=', "1.0.0-qux"},
                      {"1.0.0-bar", '=', "1.0.0-beta"},  // PHP matches word prefixes
                      {"1.2.x-dev", '>', "1.2.99"},
                      {"1.2.x-dev", '<', "1.3.0"},
                      {"1.x-dev", '=', "1.9999999.9999999.9999999-dev"},
                      {"dev-master", '<', "0.0.1"},
                      {"master", '=', "dev-master"},
                      {"dev-feature", '<', "dev-master"},  // branches: by name
                      {"dev-master", '=', "dev-master"},
                      {"", '<', "0"},
                      {"", '=', "-"},
                  });
}

TEST(VersionPackagist, HashEqualsAnyNumberAsInPhp) {
    // "#" is version_compare()'s stand-in for a number; Composer rejects it. It makes equality
    // non-transitive, which is why the total-order property below leaves it out.
    expect_orders(Scheme::kPackagist, {{"1.2.#", '=', "1.2.1"}, {"1.2.#", '=', "1.2.2"}});
    EXPECT_LT(compare_versions(Scheme::kPackagist, "1.2.1", "1.2.2"), 0);
}

// --- Total order ----------------------------------------------------------------------------

// The same mixed strings go through every scheme: valid versions of each ecosystem, the other
// ecosystems' spellings, huge numbers and garbage. The known non-transitive corners (Maven's
// cycles, PHP's "#") are pinned in their own tests above.
std::vector<std::string> mixed_versions() {
    return {"",
            "0",
            "0.0.0",
            "1",
            "1.0",
            "1.0.0",
            "v1.0.0",
            "1.0.0.0",
            "1.0.0.1",
            "1.0.1",
            "1.1",
            "1.10",
            "2.0.0",
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-beta.2",
            "1.0.0-rc.1",
            "1.0.0-RC1",
            "1.0.0-SNAPSHOT",
            "1.0.0.RELEASE",
            "1.0.0.Final",
            "1.0-sp1",
            "1.0-1",
            "1-ga-1",
            "1.0a1",
            "1.0b2",
            "1.0.post1",
            "1.0.dev3",
            "1!1.0",
            "1.0+ubuntu.1",
            "1.0.0+build",
            "1.0.pre.1",
            "1.0.0-dev",
            "1.0.0-p1",
            "1.2.x-dev",
            "dev-master",
            "99999999999999999999",
            "100000000000000000000.1",
            "latest",
            "0.9-ivysaur",
            "..-_",
            "1..2",
            "v",
            "-1"};
}

TEST(VersionTotalOrder, EverySchemeIsAntisymmetricAndTransitive) {
    const std::vector<std::string> versions = mixed_versions();
    ASSERT_GE(versions.size(), 40U);
    for (Scheme s : {Scheme::kSemver, Scheme::kMaven, Scheme::kPep440, Scheme::kRubyGems,
                     Scheme::kNuGet, Scheme::kPackagist}) {
        EXPECT_EQ(order_violation(s, versions), "") << to_string(s);
    }
}

TEST(VersionTotalOrder, CheckerCatchesAnInconsistentOrder) {
    // The checker itself, on the one known non-transitive case.
    EXPECT_EQ(
        order_violation(Scheme::kPackagist, {"1.2.#", "1.2.1", "1.2.2"}).rfind("not transitive", 0),
        0U);
}

}  // namespace
}  // namespace wasp::vuln
