// Version ordering of the Debian, Alpine, rpm, CRAN, Pub and Hackage schemes beyond the public
// vectors: validity, edge cases (huge numbers, empty strings, epochs, '~' and '^', long inputs)
// and the order laws (antisymmetry, transitivity) on mixed valid and invalid strings.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "vuln/version.h"

namespace wasp::vuln {
namespace {

int cmp(Scheme s, std::string_view a, std::string_view b) {
    int c = compare_versions(s, a, b);
    return (c > 0) - (c < 0);
}

// Checks a < b both ways round.
void expect_less(Scheme s, std::string_view a, std::string_view b) {
    EXPECT_EQ(cmp(s, a, b), -1) << to_string(s) << ": " << a << " < " << b;
    EXPECT_EQ(cmp(s, b, a), 1) << to_string(s) << ": " << b << " > " << a;
}

void expect_equal(Scheme s, std::string_view a, std::string_view b) {
    EXPECT_EQ(cmp(s, a, b), 0) << to_string(s) << ": " << a << " = " << b;
    EXPECT_EQ(cmp(s, b, a), 0) << to_string(s) << ": " << b << " = " << a;
}

// ---- Debian ----

TEST(VersionDebian, ValidFollowsDpkg) {
    for (auto v : {"1.0", "1:2.30-4", "0:1.0-1", "2.7.4+reloaded2-13+deb9u1", "1.0~rc1-1~bpo1",
                   "1.0-1-2", "1:1.0:2-3", " 1.0 "}) {
        EXPECT_TRUE(valid_version(Scheme::kDebian, v)) << v;
    }
    for (auto v : {"", "   ", "a1.0", "1.0-", ":1.0", "x:1.0", "1:", "1.0_1", "1.0 beta", "1.0-1:2",
                   "1.0-1_2", "99999999999:1.0", "-1"}) {
        EXPECT_FALSE(valid_version(Scheme::kDebian, v)) << v;
    }
}

TEST(VersionDebian, EpochRevisionAndTilde) {
    const auto s = Scheme::kDebian;
    expect_less(s, "2.0", "1:0.9");
    expect_equal(s, "0:1.0", "1.0");
    expect_equal(s, "01:1.0", "1:1.0");
    expect_equal(s, "1.0", "1.0-0");  // no revision orders as "0"
    expect_less(s, "1.0", "1.0-1");
    expect_less(s, "1.0~rc1", "1.0");
    expect_less(s, "1.0~~", "1.0~");
    expect_less(s, "1.0~", "1.0");
    expect_less(s, "1.0", "1.0a");
    expect_less(s, "1.0a", "1.0+");  // letters before non-letters
    expect_less(s, "1.0+", "1.0.");
    expect_less(s, "1.0-1", "1.0-1ubuntu1");
    expect_less(s, "1.0-1ubuntu1", "1.0-1+deb12u1");
    // The revision follows the last hyphen.
    expect_less(s, "1.0-1-2", "1.0-2-1");
    expect_equal(s, "1.0-1-2", "1.0-1-02");
    expect_less(s, "1.9", "1.10");
    expect_equal(s, "1.007", "1.7");
}

TEST(VersionDebian, HugeNumbersAndOddInput) {
    const auto s = Scheme::kDebian;
    expect_less(s, "99999999999999999999", "100000000000000000000");
    expect_less(s, "99999999999999999999:1", "100000000000000000000:0");
    expect_less(s, "1.99999999999999999999", "1.100000000000000000000");
    expect_equal(s, "", "");
    expect_equal(s, "", "0");  // dpkg reads an empty part as 0
    expect_less(s, "", "1");
    expect_less(s, "a:1", "b:1");         // not an epoch: compared as upstream text
    expect_less(s, "1.a\xff", "1.\xff");  // a letter before any other byte
}

// ---- rpm ----

TEST(VersionRpm, ValidFollowsRpmbuild) {
    for (auto v : {"1.0", "1.0-1.el9", "2:1.0-1", "1.0~rc1^git2-3.fc40", "0:3.10.0-229.el7",
                   "1.0+git_20240101-1"}) {
        EXPECT_TRUE(valid_version(Scheme::kRpm, v)) << v;
    }
    for (auto v : {"", "1.0-", "-1", "1.0-1-2", "a:1.0", ":1.0", "1.0/x", "1.0 1", "1:"}) {
        EXPECT_FALSE(valid_version(Scheme::kRpm, v)) << v;
    }
}

TEST(VersionRpm, EpochTildeCaretAndRelease) {
    const auto s = Scheme::kRpm;
    expect_less(s, "2.0", "1:0.9");
    expect_equal(s, "0:1.0", "1.0");
    expect_equal(s, "007:1.0", "7:1.0");
    expect_less(s, "1.0~rc1", "1.0");
    expect_less(s, "1.0~~", "1.0~");
    expect_less(s, "1.0", "1.0^");
    expect_less(s, "1.0^git1", "1.0.1");
    expect_less(s, "1.0^git1", "1.0^git1.1");
    expect_less(s, "1.0~rc1", "1.0~rc1^1");
    expect_less(s, "1.0a", "1.0.1");  // digits after letters
    expect_equal(s, "1.0a", "1.0.a");
    expect_equal(s, "1_0", "1.0");
    expect_less(s, "1.0", "1.0-1");  // no release first
    expect_less(s, "1.0-", "1.0-0");
    expect_less(s, "1.0-1.el9", "1.0-1.el9_2");
    expect_less(s, "1.0-9", "1.0-10");
    // The release follows the last hyphen, the epoch is digits before the first colon.
    expect_less(s, "1-2-3", "1-2-4");
    expect_less(s, "x:9", "1:1");
}

TEST(VersionRpm, HugeNumbersAndOddInput) {
    const auto s = Scheme::kRpm;
    expect_less(s, "99999999999999999999", "100000000000000000000");
    expect_less(s, "99999999999999999999:1", "100000000000000000000:0");
    expect_equal(s, "1.0000000000000000000000001", "1.1");
    expect_equal(s, "", "");
    expect_less(s, "", "0");
    expect_equal(s, "1.\xce\xb1", "1.\xce\xb2");  // non-ASCII bytes separate like '.'
}

// ---- Alpine ----

TEST(VersionAlpine, ValidFollowsApk) {
    for (auto v : {"1", "1.2.3-r4", "1.2.3a", "1.2_pre2", "1.2a_rc1_p2~abc123-r0",
                   "0.1_git2024_pre1", "1.0-r01"}) {
        EXPECT_TRUE(valid_version(Scheme::kAlpine, v)) << v;
    }
    for (auto v : {"", "a", ".1", "1.2.3-r", "1.2A", "1.0bc", "1.0a1", "_pre1", "1.2_foo",
                   "1.2-r1-r2", "1.2~xyz", "1.2~", "1.2_", "1-ruff", "1.2-r1_p1", "1..2"}) {
        EXPECT_FALSE(valid_version(Scheme::kAlpine, v)) << v;
    }
}

TEST(VersionAlpine, SuffixLetterRevisionAndHash) {
    const auto s = Scheme::kAlpine;
    expect_less(s, "1.2_alpha", "1.2_beta");
    expect_less(s, "1.2_beta", "1.2_pre");
    expect_less(s, "1.2_pre", "1.2_rc");
    expect_less(s, "1.2_rc9", "1.2");
    expect_less(s, "1.2", "1.2-r0");
    expect_less(s, "1.2-r9", "1.2-r10");
    expect_equal(s, "1.2-r1", "1.2-r01");
    expect_less(s, "1.2-r99", "1.2~abc");
    expect_less(s, "1.2~abc", "1.2~abd");
    expect_less(s, "1.2~abc", "1.2_cvs");
    expect_less(s, "1.2_cvs", "1.2_svn");
    expect_less(s, "1.2_svn", "1.2_git");
    expect_less(s, "1.2_git", "1.2_hg");
    expect_less(s, "1.2_hg", "1.2_p");
    expect_less(s, "1.2_p", "1.2_p1");
    expect_less(s, "1.2_p9", "1.2a");
    expect_less(s, "1.2a", "1.2b");
    expect_less(s, "1.2z", "1.2.0");
    expect_less(s, "1.2_alpha_pre1", "1.2_alpha");
    // Later numbers with a leading zero compare as decimal fractions.
    expect_less(s, "1.02", "1.1");
    expect_less(s, "1.05", "1.1");
    expect_less(s, "1.010", "1.02");
    expect_equal(s, "01.2", "1.2");  // not for the first number
}

TEST(VersionAlpine, InvalidStringsStillOrder) {
    const auto s = Scheme::kAlpine;
    expect_less(s, "1.2_rc1", "1.2_blah");   // a bad rest sorts after a pre-release suffix
    expect_less(s, "1.2_blah", "1.2-ruff");  // before a bad revision
    expect_less(s, "1-ruff", "1");           // which is before the end
    expect_equal(s, "1-r3-x", "1-r3-y");     // what follows a revision's number is ignored
    expect_less(s, "1-r3-x", "1-r4-x");
    expect_less(s, "1-r9-x", "1-r0");
    expect_less(s, "1.2_blah", "1.2_bleh");  // two bad rests compare byte by byte
    expect_less(s, "1.2A", "1.2a");
    expect_equal(s, "1-r", "1-r0");
    expect_equal(s, "", "");
    expect_less(s, "", "a");
    expect_less(s, "a", "0");
}

TEST(VersionAlpine, HugeNumbers) {
    const auto s = Scheme::kAlpine;
    expect_less(s, "99999999999999999999", "100000000000000000000");
    expect_less(s, "1.99999999999999999999", "1.100000000000000000000");
    expect_less(s, "1_p99999999999999999999", "1_p100000000000000000000");
    expect_less(s, "1-r99999999999999999999", "1-r100000000000000000000");
}

// ---- CRAN ----

TEST(VersionCran, ValidFollowsR) {
    for (auto v : {"1.0", "1.0-1", "0.1.18", "1-2", "2024.01.31", "1.0.0.9000"}) {
        EXPECT_TRUE(valid_version(Scheme::kCran, v)) << v;
    }
    for (auto v : {"", "1", "1.", "1.0-", "1..0", "1.0a", "v1.0", "1.0 ", "-1.0"}) {
        EXPECT_FALSE(valid_version(Scheme::kCran, v)) << v;
    }
}

TEST(VersionCran, Ordering) {
    const auto s = Scheme::kCran;
    expect_equal(s, "1.0-1", "1.0.1");
    expect_equal(s, "1.01", "1.1");
    expect_less(s, "1.0", "1.0.0");  // fewer components first
    expect_less(s, "1.9", "1.10");
    expect_less(s, "1.0.9000", "1.1");
    expect_less(s, "99999999999999999999.0", "100000000000000000000.0");
    expect_less(s, "", "0");
    expect_equal(s, "", "");
    expect_less(s, "1.0", "1.0a");  // the unparsed rest comes last
    expect_less(s, "1.0a", "1.0b");
    expect_less(s, "1.0a", "1.0.0");
}

// ---- Hackage ----

TEST(VersionHackage, ValidFollowsCabal) {
    for (auto v : {"0", "1.0", "0.1.26.0", "123456789.0"}) {
        EXPECT_TRUE(valid_version(Scheme::kHackage, v)) << v;
    }
    for (auto v : {"", "01.0", "1.00", "1234567890", "1.0-tag", "1.", ".1", "1..0", "v1.0"}) {
        EXPECT_FALSE(valid_version(Scheme::kHackage, v)) << v;
    }
}

TEST(VersionHackage, Ordering) {
    const auto s = Scheme::kHackage;
    expect_less(s, "1.0", "1.0.0");
    expect_less(s, "0.9.9.9", "1");
    expect_less(s, "1.9", "1.10");
    expect_less(s, "99999999999999999999", "100000000000000000000");
    expect_equal(s, "", "");
    expect_less(s, "", "0");
    expect_less(s, "1.0", "1.0-tag");
    expect_less(s, "1.0-tag", "1.0.0");
    expect_less(s, "1.0-a", "1.0-b");
}

// ---- Pub ----

TEST(VersionPub, ValidFollowsPubSemver) {
    for (auto v : {"1.2.3", "0.0.0", "1.2.3-beta.1", "1.2.3+build.5", "1.2.3-beta.1+build.5",
                   "1.2.3-5-foo", "01.2.3"}) {
        EXPECT_TRUE(valid_version(Scheme::kPub, v)) << v;
    }
    for (auto v : {"", "v1.2.3", "1.2", "1", "1.2.3-", "1.2.3+", "1.2.3-a..b", "1.2.3.4", "1.2.3_x",
                   "1.2.3-a_b"}) {
        EXPECT_FALSE(valid_version(Scheme::kPub, v)) << v;
    }
}

TEST(VersionPub, Ordering) {
    const auto s = Scheme::kPub;
    expect_less(s, "1.0.0-alpha", "1.0.0");
    expect_less(s, "1.0.0", "1.0.0+1");     // a build sorts after none
    expect_less(s, "1.0.0+9", "1.0.0+10");  // numbers by value
    expect_less(s, "1.0.0+10", "1.0.0+a");  // numbers before strings
    expect_less(s, "1.0.0+a", "1.0.0+a.0");
    expect_less(s, "1.0.0-rc+1", "1.0.0-rc+2");
    expect_less(s, "1.0.0-rc.1", "1.0.0-rc.01.0");
    expect_equal(s, "1.0.0-rc.1", "1.0.0-rc.01");
    expect_less(s, "1.0.0--1", "1.0.0-0");  // "-1" is a number, as Dart reads it
    expect_equal(s, "1.0.0--0", "1.0.0-0");
    expect_less(s, "1.0.0--2", "1.0.0--1");
    expect_equal(s, "v1.2.3", "1.2.3");
    expect_less(s, "999999999999999999999.0.0", "1000000000000000000000.0.0");
    expect_less(s, "1.0.0-99999999999999999999", "1.0.0-100000000000000000000");
    // Versions pub rejects.
    expect_equal(s, "", "");
    expect_less(s, "", "0.0.0");
    expect_less(s, "1.2", "1.2.0-rc");
    expect_less(s, "1.2.3", "1.2.3.4");
    expect_less(s, "1.2.3.4", "1.2.3.5");
}

// ---- Order laws ----

struct Mixed {
    Scheme scheme;
    std::vector<std::string> versions;
};

void PrintTo(const Mixed& m, std::ostream* os) { *os << to_string(m.scheme); }

class VersionOrderLaws : public testing::TestWithParam<Mixed> {};

// compare(a, a) = 0, compare(a, b) = -compare(b, a), and a <= b <= c implies a <= c with
// equality only if both steps are equal, over every pair and triple.
TEST_P(VersionOrderLaws, AntisymmetricAndTransitive) {
    const auto& [scheme, v] = GetParam();
    const std::size_t n = v.size();
    std::vector<int> c(n * n);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) c[i * n + j] = cmp(scheme, v[i], v[j]);
    }
    int failures = 0;
    for (std::size_t i = 0; i < n && failures < 20; ++i) {
        EXPECT_EQ(c[i * n + i], 0) << v[i];
        for (std::size_t j = 0; j < n; ++j) {
            if (c[i * n + j] != -c[j * n + i]) {
                ADD_FAILURE() << "not antisymmetric: " << v[i] << " vs " << v[j];
                ++failures;
            }
            for (std::size_t k = 0; k < n; ++k) {
                int ab = c[i * n + j], bc = c[j * n + k], ac = c[i * n + k];
                if (ab <= 0 && bc <= 0 && ac != ((ab < 0 || bc < 0) ? -1 : 0)) {
                    ADD_FAILURE() << "not transitive: " << v[i] << ", " << v[j] << ", " << v[k];
                    ++failures;
                }
            }
        }
    }
    // The list is varied enough to be a real check: it has both orders and ties.
    int less = 0, equal = 0;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = i + 1; j < n; ++j) {
            less += c[i * n + j] != 0;
            equal += c[i * n + j] == 0;
        }
    }
    EXPECT_GT(less, static_cast<int>(n));
    EXPECT_GT(equal, 0);
}

INSTANTIATE_TEST_SUITE_P(SchemesB,
                         VersionOrderLaws,
                         testing::Values(Mixed{Scheme::kDebian,
                                               {"",
                                                "0",
                                                "1.0",
                                                "1.0-0",
                                                "1.0-1",
                                                "1:0.9",
                                                "0:1.0",
                                                "1.0~rc1",
                                                "1.0~",
                                                "1.0~~",
                                                "1.0a",
                                                "1.0+",
                                                "1.0.",
                                                "1.0+dfsg-1",
                                                "1.0-1ubuntu1",
                                                "1.0-1+deb12u1",
                                                "1.0-1~deb11u1",
                                                "a:1",
                                                "b",
                                                "~",
                                                "1.007",
                                                "1.7",
                                                "1.10",
                                                "2.0",
                                                "10:0",
                                                "1.0-1-2",
                                                "1.0-1-02",
                                                "-",
                                                "1.\xff",
                                                "1.a\xff",
                                                "99999999999999999999",
                                                "100000000000000000000",
                                                " 1.0",
                                                "1.0 ",
                                                "1::2",
                                                "1.0-",
                                                "0.0.0-00",
                                                "1.2.3-1~deb7u1",
                                                "2:0.0.44-nobin",
                                                "1.0++"}},
                                         Mixed{Scheme::kRpm,
                                               {"",
                                                "0",
                                                "1.0",
                                                "1.0-0",
                                                "1.0-",
                                                "1.0-1",
                                                "1:0.9",
                                                "0:1.0",
                                                "1.0~rc1",
                                                "1.0~",
                                                "1.0~~",
                                                "1.0^",
                                                "1.0^git1",
                                                "1.0.1",
                                                "1.0a",
                                                "1.0.a",
                                                "1_0",
                                                "1.0-1.el9",
                                                "1.0-1.el9_2",
                                                "a:1",
                                                "x:9",
                                                "1-2-3",
                                                "~",
                                                "^",
                                                "1.\xce\xb1",
                                                "1.\xce\xb2",
                                                "007:1.0",
                                                "7:1.0",
                                                "99999999999999999999",
                                                "100000000000000000000",
                                                "1.0~rc1^1",
                                                "1.01",
                                                "1.1",
                                                "1.0^git1~pre",
                                                "1.m+e2:1",
                                                "-",
                                                ":",
                                                "1:",
                                                "1.0-1^",
                                                "1.0-1~"}},
                                         Mixed{Scheme::kAlpine,
                                               {"",
                                                "a",
                                                "b",
                                                ".1",
                                                "0",
                                                "1",
                                                "1-r0",
                                                "1-r",
                                                "1-ruff",
                                                "1--x",
                                                "1-r0-1",
                                                "1-r-2",
                                                "1-r9-x",
                                                "1.2",
                                                "1.2.0",
                                                "1.2_rc1",
                                                "1.2_alpha",
                                                "1.2_alpha_pre1",
                                                "1.2_p1",
                                                "1.2_cvs",
                                                "1.2a",
                                                "1.2A",
                                                "1.2_blah",
                                                "1.2~abc",
                                                "1.2~abc-r1",
                                                "1.2-r1",
                                                "1.02",
                                                "1.1",
                                                "1.05",
                                                "1.010",
                                                "01.2",
                                                "6.6.2p1",
                                                "6.6.2_p1",
                                                "0..1..0",
                                                "0.r1",
                                                "0r2",
                                                "99999999999999999999",
                                                "100000000000000000000",
                                                "1.2_rc1-r3",
                                                "1.0bc"}},
                                         Mixed{Scheme::kCran,
                                               {"",
                                                "0",
                                                "1",
                                                "1.0",
                                                "1.0-0",
                                                "1.0.0",
                                                "1-0",
                                                "1.01",
                                                "1.1",
                                                "1.9",
                                                "1.10",
                                                "1.0.9000",
                                                "1.0a",
                                                "1.0b",
                                                "1.",
                                                "1..0",
                                                "a",
                                                "-1",
                                                "0.1-2",
                                                "0.2-2",
                                                "2024.01.31",
                                                "1.0-1",
                                                "1.0.1",
                                                "1.0 ",
                                                "99999999999999999999.0",
                                                "100000000000000000000.0",
                                                "0.01",
                                                "0.1-0",
                                                "0.01.0",
                                                "0.9",
                                                "0.75",
                                                "1.5.4",
                                                "1.5",
                                                "v1",
                                                "1.0.0.0",
                                                "1.0-",
                                                "2",
                                                "2.0",
                                                "2-0",
                                                "10"}},
                                         Mixed{Scheme::kPub,
                                               {"",
                                                "0.0.0",
                                                "1",
                                                "1.2",
                                                "1.2.0-rc",
                                                "1.2.0",
                                                "1.2.3",
                                                "v1.2.3",
                                                "1.2.3-alpha",
                                                "1.2.3-alpha.1",
                                                "1.2.3-alpha.beta",
                                                "1.2.3-beta",
                                                "1.2.3-beta.2",
                                                "1.2.3-beta.11",
                                                "1.2.3-rc.1",
                                                "1.2.3+1",
                                                "1.2.3+2",
                                                "1.2.3+10",
                                                "1.2.3+a",
                                                "1.2.3+a.0",
                                                "1.2.3-rc+1",
                                                "1.2.3.4",
                                                "1.2.3.5",
                                                "1.2.3--1",
                                                "1.2.3-0",
                                                "1.2.3--0",
                                                "1.2.3-01",
                                                "1.2.3-1",
                                                "1.2.3-5-foo",
                                                "1.2.3-5-Foo",
                                                "1.2.3-",
                                                "1.2.3+",
                                                "1.2.3-a..b",
                                                "x",
                                                "v",
                                                "999999999999999999999.0.0",
                                                "1000000000000000000000.0.0",
                                                "2.0.0",
                                                "1.2.3_x",
                                                "1.2.3-r100"}},
                                         Mixed{Scheme::kHackage,
                                               {"",
                                                "0",
                                                "0.0",
                                                "1",
                                                "1.0",
                                                "1.0.0",
                                                "01.0",
                                                "1.00",
                                                "1.9",
                                                "1.10",
                                                "1.0-tag",
                                                "1.0-a",
                                                "1.0-b",
                                                "1.",
                                                ".1",
                                                "1..0",
                                                "a",
                                                "v1.0",
                                                "0.1.26.0",
                                                "0.11.3.0",
                                                "1.0.0.0",
                                                "1.0.1.0",
                                                "2",
                                                "2.0",
                                                "2.0.0.0",
                                                "99999999999999999999",
                                                "100000000000000000000",
                                                "123456789.0",
                                                "1234567890",
                                                "0.9.9.9",
                                                "1.1",
                                                "1.1.0",
                                                "3",
                                                "3.0-x",
                                                "3.0.0",
                                                "0.0.1",
                                                "0.1",
                                                "0.1.0",
                                                "0.1.0.0",
                                                "10"}}),
                         [](const testing::TestParamInfo<Mixed>& p) {
                             return std::string(to_string(p.param.scheme));
                         });

// Long inputs: many segments compare without recursion or quadratic work, and differ at the end.
TEST(VersionSchemesB, ManySegments) {
    std::string a, b;
    for (int i = 0; i < 5000; ++i) a += "1.";
    b = a;
    a += "1";
    b += "2";
    for (auto s :
         {Scheme::kDebian, Scheme::kRpm, Scheme::kAlpine, Scheme::kCran, Scheme::kHackage}) {
        expect_less(s, a, b);
        EXPECT_EQ(cmp(s, a, a), 0) << to_string(s);
    }
    std::string pa = "1.2.3-" + a, pb = "1.2.3-" + b;
    expect_less(Scheme::kPub, pa, pb);
    EXPECT_TRUE(valid_version(Scheme::kPub, pa));
    EXPECT_TRUE(valid_version(Scheme::kCran, a));
    EXPECT_TRUE(valid_version(Scheme::kAlpine, a));
}

}  // namespace
}  // namespace wasp::vuln
