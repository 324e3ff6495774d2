// OSV records: the parser on the real advisories of tests/fixtures/vuln/osv/advisories and on
// invalid records, range evaluation as the OSV schema's "Evaluation" section defines it
// (introduced inclusive, fixed exclusive, last_affected inclusive, limit, versions lists, events
// sorted before evaluation), and the fixed versions of an entry.
#include "vuln/osv.h"

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace wasp::vuln {
namespace {

const std::string kDir = "tests/fixtures/vuln/osv/advisories/";

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << path;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

Advisory load(const std::string& id) {
    auto adv = parse_osv(slurp(kDir + id + ".json"), kDir + id + ".json");
    EXPECT_TRUE(adv.has_value()) << id << ": " << (adv ? "" : adv.error());
    return adv ? std::move(*adv) : Advisory{};
}

Advisory parse(std::string_view json) {
    auto adv = parse_osv(json, "test.json");
    EXPECT_TRUE(adv.has_value()) << json << ": " << (adv ? "" : adv.error());
    return adv ? std::move(*adv) : Advisory{};
}

// One affected entry from a JSON object text.
Affected entry(std::string_view affected_json) {
    Advisory adv = parse(R"({"id":"TEST-1","modified":"2024-01-01T00:00:00Z","affected":[)" +
                         std::string(affected_json) + "]}");
    EXPECT_EQ(adv.affected.size(), 1u);
    return adv.affected.empty() ? Affected{} : adv.affected[0];
}

// The verdicts of one entry at many versions, as one string: "A" affected, "-" not affected,
// "?" not evaluable; a failing test shows the whole row.
std::string verdicts(const Affected& a, const std::vector<std::string>& versions) {
    std::string out;
    for (const auto& v : versions) {
        switch (evaluate(a, v)) {
            case RangeVerdict::kAffected:
                out += 'A';
                break;
            case RangeVerdict::kNotAffected:
                out += '-';
                break;
            case RangeVerdict::kNotEvaluable:
                out += '?';
                break;
        }
    }
    return out;
}

// The verdict for a version over every entry of a record naming the package (the schema's
// IsVulnerable).
bool vulnerable(const Advisory& adv, std::string_view name, std::string_view version) {
    for (const auto& a : adv.affected) {
        if (a.name == name && evaluate(a, version) == RangeVerdict::kAffected) return true;
    }
    return false;
}

constexpr std::string_view kLog4jCore = "org.apache.logging.log4j:log4j-core";

// --- parse_osv on the real records ---------------------------------------------------------

TEST(OsvParse, Log4ShellRecord) {
    const Advisory adv = load("GHSA-jfh8-c2jp-5v3q");
    EXPECT_EQ(adv.id, "GHSA-jfh8-c2jp-5v3q");
    EXPECT_EQ(adv.aliases, std::vector<std::string>{"CVE-2021-44228"});
    EXPECT_EQ(adv.summary, "Remote code injection in Log4j");
    EXPECT_EQ(adv.published, "2021-12-10T00:40:56Z");
    EXPECT_EQ(adv.modified, "2022-03-25T20:56:18Z");
    EXPECT_TRUE(adv.withdrawn.empty());
    EXPECT_EQ(adv.database_severity, "CRITICAL");
    ASSERT_EQ(adv.severity.size(), 1u);
    EXPECT_EQ(adv.severity[0].type, "CVSS_V3");
    EXPECT_EQ(adv.severity[0].score, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
    EXPECT_EQ(adv.source, kDir + "GHSA-jfh8-c2jp-5v3q.json");
    EXPECT_EQ(adv.references.size(), 62u);
    ASSERT_FALSE(adv.references.empty());
    EXPECT_EQ(adv.references[0], "https://nvd.nist.gov/vuln/detail/CVE-2021-44228");
    ASSERT_EQ(adv.affected.size(), 3u);
    for (const auto& a : adv.affected) {
        EXPECT_EQ(a.ecosystem, "Maven");
        EXPECT_EQ(a.name, kLog4jCore);
        EXPECT_EQ(a.package, kLog4jCore);  // Maven names are compared as written
        ASSERT_EQ(a.ranges.size(), 1u);
        EXPECT_EQ(a.ranges[0].type, RangeType::kEcosystem);
        EXPECT_TRUE(a.versions.empty());
    }
    const auto& events = adv.affected[0].ranges[0].events;
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].kind, EventKind::kIntroduced);
    EXPECT_EQ(events[0].version, "2.13.0");
    EXPECT_EQ(events[1].kind, EventKind::kFixed);
    EXPECT_EQ(events[1].version, "2.15.0");
}

TEST(OsvParse, EveryFixtureParses) {
    struct Case {
        std::string id;
        std::size_t aliases, affected, references;
        std::string database_severity;
    };
    const std::vector<Case> cases{
        {"GHSA-35jh-r3h4-6jhm", 1, 2, 17, "HIGH"},
        {"GHSA-36p3-wjmg-h94x", 1, 10, 16, "CRITICAL"},
        {"GHSA-7rjr-3q55-vv33", 1, 2, 22, "CRITICAL"},
        {"GHSA-jfh8-c2jp-5v3q", 1, 3, 62, "CRITICAL"},
        {"GHSA-p6xc-xr62-6r2g", 1, 3, 17, "HIGH"},
        {"GO-2022-0229", 2, 2, 5, ""},
        {"PYSEC-2021-59", 2, 1, 4, ""},
        {"PYSEC-2024-36", 1, 1, 5, ""},
    };
    for (const auto& c : cases) {
        const Advisory adv = load(c.id);
        EXPECT_EQ(adv.id, c.id);
        EXPECT_EQ(adv.aliases.size(), c.aliases) << c.id;
        EXPECT_EQ(adv.affected.size(), c.affected) << c.id;
        EXPECT_EQ(adv.references.size(), c.references) << c.id;
        EXPECT_EQ(adv.database_severity, c.database_severity) << c.id;
        EXPECT_FALSE(adv.summary.empty()) << c.id;
        EXPECT_FALSE(adv.modified.empty()) << c.id;
    }
}

TEST(OsvParse, PysecRecordWithGitRangeVersionsAndNoSummary) {
    const Advisory adv = load("PYSEC-2021-59");
    EXPECT_EQ(adv.aliases, (std::vector<std::string>{"CVE-2021-28363", "GHSA-5phf-pp7p-vc2r"}));
    // No "summary": the first line of "details" stands in.
    EXPECT_TRUE(adv.summary.starts_with("The urllib3 library 1.26.x before 1.26.4 for Python"))
        << adv.summary;
    EXPECT_EQ(adv.summary.find('\n'), std::string::npos);
    // The ADVISORY reference comes first although the record lists it last.
    ASSERT_EQ(adv.references.size(), 4u);
    EXPECT_TRUE(adv.references[0].starts_with(
        "https://github.com/urllib3/urllib3/security/advisories/GHSA-"))
        << adv.references[0];
    EXPECT_EQ(adv.references[1], "https://github.com/urllib3/urllib3/commits/main");
    ASSERT_EQ(adv.affected.size(), 1u);
    const Affected& a = adv.affected[0];
    EXPECT_EQ(a.ecosystem, "PyPI");
    EXPECT_EQ(a.purl, "pkg:pypi/urllib3");
    EXPECT_EQ(a.versions, (std::vector<std::string>{"1.26.0", "1.26.1", "1.26.2", "1.26.3"}));
    ASSERT_EQ(a.ranges.size(), 2u);
    EXPECT_EQ(a.ranges[0].type, RangeType::kGit);
    EXPECT_EQ(a.ranges[0].repo, "https://github.com/urllib3/urllib3");
    EXPECT_EQ(a.ranges[1].type, RangeType::kEcosystem);
    EXPECT_TRUE(a.ranges[1].repo.empty());
}

TEST(OsvParse, GoRecordUsesSemverRanges) {
    const Advisory adv = load("GO-2022-0229");
    EXPECT_EQ(adv.aliases, (std::vector<std::string>{"CVE-2020-7919", "GHSA-cjjc-xp8v-855w"}));
    EXPECT_TRUE(adv.severity.empty());
    ASSERT_EQ(adv.affected.size(), 2u);
    EXPECT_EQ(adv.affected[0].ecosystem, "Go");
    EXPECT_EQ(adv.affected[0].name, "stdlib");
    ASSERT_EQ(adv.affected[0].ranges.size(), 1u);
    EXPECT_EQ(adv.affected[0].ranges[0].type, RangeType::kSemver);
    EXPECT_EQ(adv.affected[0].ranges[0].events.size(), 4u);
    EXPECT_EQ(adv.affected[1].name, "golang.org/x/crypto");
}

TEST(OsvParse, AnsibleEventsKeepTheRecordsOrder) {
    const Advisory adv = load("PYSEC-2024-36");
    ASSERT_EQ(adv.affected.size(), 1u);
    EXPECT_EQ(adv.affected[0].versions.size(), 122u);
    const auto& events = adv.affected[0].ranges.at(0).events;
    ASSERT_EQ(events.size(), 6u);
    EXPECT_EQ(events[0].version, "2.16.0");
    EXPECT_EQ(events[4].kind, EventKind::kIntroduced);
    EXPECT_EQ(events[4].version, "0");
    EXPECT_EQ(events[5].version, "2.14.4");
}

// --- parse_osv on constructed records ------------------------------------------------------

TEST(OsvParse, PackageNamesAreNormalisedForTheIndex) {
    Affected a = entry(R"({"package":{"ecosystem":"PyPI","name":"Django_Rest.framework"}})");
    EXPECT_EQ(a.name, "Django_Rest.framework");
    EXPECT_EQ(a.package, "django-rest-framework");
    a = entry(R"({"package":{"ecosystem":"npm","name":"Lodash"}})");
    EXPECT_EQ(a.package, "lodash");
    a = entry(R"({"package":{"ecosystem":"Go","name":"github.com/Foo/Bar"}})");
    EXPECT_EQ(a.package, "github.com/Foo/Bar");  // Go module paths are case-sensitive
    a = entry(R"({"package":{"ecosystem":"Debian:12","name":"OpenSSL"}})");
    EXPECT_EQ(a.ecosystem, "Debian:12");
    EXPECT_EQ(a.package, "openssl");
}

TEST(OsvParse, AliasesDropTheIdItselfAndEmptyStrings) {
    const Advisory adv =
        parse(R"({"id":"GHSA-aaaa","aliases":["CVE-2024-1","GHSA-aaaa","",7,"PYSEC-1"]})");
    EXPECT_EQ(adv.aliases, (std::vector<std::string>{"CVE-2024-1", "PYSEC-1"}));
}

TEST(OsvParse, NullOptionalFieldsAreAbsentAndUnknownFieldsIgnored) {
    const Advisory adv =
        parse(R"({"id":"X-1","aliases":null,"severity":null,"references":null,"affected":null,)"
              R"("credits":[{"name":"someone"}],"upstream":["CVE-1"],"schema_version":"1.7.0",)"
              R"("future_field":{"nested":[1,2,3]}})");
    EXPECT_EQ(adv.id, "X-1");
    EXPECT_TRUE(adv.aliases.empty());
    EXPECT_TRUE(adv.affected.empty());
    EXPECT_TRUE(adv.references.empty());
}

TEST(OsvParse, PerPackageSeverityAndUnknownEventKeys) {
    const Affected a =
        entry(R"({"package":{"ecosystem":"npm","name":"x"},)"
              R"("severity":[{"type":"Ubuntu","score":"high"},)"
              R"({"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],)"
              R"("ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"unknown":"1.0"},)"
              R"({"fixed":"2.0.0"}]}]})");
    EXPECT_EQ(a.severity, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
    ASSERT_EQ(a.ranges.size(), 1u);
    ASSERT_EQ(a.ranges[0].events.size(), 2u);  // the unknown key is not an event
    EXPECT_EQ(a.ranges[0].events[1].kind, EventKind::kFixed);
}

TEST(OsvParse, SummaryFromDetailsIsBoundedAndStaysValidUtf8) {
    // 150 two-byte characters: 300 bytes on one line; the summary keeps at most 200 bytes and
    // never cuts a character in two.
    std::string details;
    for (int i = 0; i < 150; ++i) details += "\xC3\xA9";  // U+00E9
    Advisory adv = parse(R"({"id":"X-2","details":")" + details + "\\nsecond line\"}");
    EXPECT_LE(adv.summary.size(), 200u);
    EXPECT_GE(adv.summary.size(), 198u);
    EXPECT_EQ(adv.summary.size() % 2, 0u) << "a character is cut in two";
    // A one-byte character just before the cut: the cut falls between characters.
    adv = parse(R"({"id":"X-3","details":"a)" + details + "\"}");
    EXPECT_EQ(adv.summary.size(), 199u);
    // A short first line is kept whole.
    adv = parse(R"({"id":"X-4","details":"Short line.\nMore."})");
    EXPECT_EQ(adv.summary, "Short line.");
    // A summary wins over details.
    adv = parse(R"({"id":"X-5","summary":"S","details":"D"})");
    EXPECT_EQ(adv.summary, "S");
}

TEST(OsvParse, InvalidRecordsSayWhy) {
    struct Case {
        std::string json, reason;
    };
    const std::vector<Case> cases{
        {"", "not valid JSON"},
        {"{\"id\":", "not valid JSON"},
        {"{\"id\":\"X\"} trailing", "not valid JSON"},
        {"[]", "not a JSON object"},
        {"\"GHSA-1\"", "not a JSON object"},
        {"{}", "no \"id\""},
        {R"({"id":""})", "no \"id\""},
        {R"({"id":42})", "no \"id\""},
        {R"({"id":"X","aliases":"CVE-1"})", "\"aliases\" is not an array"},
        {R"({"id":"X","severity":{}})", "\"severity\" is not an array"},
        {R"({"id":"X","references":"u"})", "\"references\" is not an array"},
        {R"({"id":"X","affected":{}})", "\"affected\" is not an array"},
        {R"({"id":"X","affected":[1]})", "an affected entry is not an object"},
        {R"({"id":"X","affected":[{"package":"npm/x"}]})",
         "an affected entry's \"package\" is not an object"},
        {R"({"id":"X","affected":[{"ranges":{}}]})",
         "an affected entry's \"ranges\" is not an array"},
        {R"({"id":"X","affected":[{"ranges":[[]]}]})", "a range is not an object"},
        {R"({"id":"X","affected":[{"versions":"1.0"}]})",
         "an affected entry's \"versions\" is not an array"},
        {R"({"id":"X","affected":[{"ranges":[{"type":"DATE","events":[]}]}]})",
         "a range has an unknown type \"DATE\""},
        {R"({"id":"X","affected":[{"ranges":[{"events":[]}]}]})",
         "a range has an unknown type \"\""},
        {R"({"id":"X","affected":[{"ranges":[{"type":"SEMVER"}]}]})",
         "a range has no \"events\" array"},
        {R"({"id":"X","affected":[{"ranges":[{"type":"SEMVER","events":{}}]}]})",
         "a range has no \"events\" array"},
        {R"({"id":"X","affected":[{"ranges":[{"type":"SEMVER","events":["0"]}]}]})",
         "a range event is not an object"},
        {R"({"id":"X","affected":[{"ranges":[{"type":"SEMVER","events":[{"fixed":1}]}]}]})",
         "a range event's \"fixed\" is not a string"},
    };
    for (const auto& c : cases) {
        auto adv = parse_osv(c.json, "bad.json");
        ASSERT_FALSE(adv.has_value()) << c.json;
        EXPECT_TRUE(adv.error().starts_with(c.reason)) << c.json << " -> " << adv.error();
    }
    // A valid record next to them: the same shapes with the right types.
    EXPECT_TRUE(parse_osv(R"({"id":"X","aliases":[],"severity":[],"references":[],)"
                          R"("affected":[{"package":{},"ranges":[{"type":"SEMVER","events":[]}],)"
                          R"("versions":[]}]})",
                          "good.json")
                    .has_value());
}

TEST(OsvParse, DeepNestingIsRejectedNotRecursedInto) {
    const std::string deep =
        R"({"id":"X","database_specific":)" + std::string(5000, '[') + std::string(5000, ']') + "}";
    auto adv = parse_osv(deep, "deep.json");
    ASSERT_FALSE(adv.has_value());
    EXPECT_TRUE(adv.error().starts_with("not valid JSON")) << adv.error();
}

// --- evaluate: the real records ------------------------------------------------------------

TEST(OsvEvaluate, Log4ShellBoundaries) {
    const Advisory adv = load("GHSA-jfh8-c2jp-5v3q");
    // [2.13.0, 2.15.0), [0, 2.3.1), [2.4, 2.12.2)
    struct Case {
        std::string version;
        bool affected;
    };
    const std::vector<Case> cases{
        {"2.0-beta9", true}, {"2.0", true},     {"2.3", true},     {"2.3.0", true},
        {"2.3.1", false},    {"2.3.2", false},  {"2.4", true},     {"2.4.0", true},
        {"2.4.1", true},     {"2.12.1", true},  {"2.12.2", false}, {"2.12.3", false},
        {"2.12.4", false},   {"2.13.0", true},  {"2.14.1", true},  {"2.15.0-rc1", true},
        {"2.15.0", false},   {"2.16.0", false}, {"2.17.1", false}, {"3.0.0", false},
        {"1.2.17", true},  // log4j 1 versions sort before 2.3.1; the range says affected
    };
    for (const auto& c : cases) {
        EXPECT_EQ(vulnerable(adv, kLog4jCore, c.version), c.affected) << c.version;
    }
    EXPECT_FALSE(vulnerable(adv, "org.apache.logging.log4j:log4j-api", "2.14.1"));
    // Entry by entry: introduced inclusive, fixed exclusive.
    EXPECT_EQ(verdicts(adv.affected[0], {"2.12.9", "2.13.0", "2.14.1", "2.15.0"}), "-AA-");
    EXPECT_EQ(verdicts(adv.affected[1], {"0.1", "2.3.0", "2.3.1"}), "AA-");
    EXPECT_EQ(verdicts(adv.affected[2], {"2.3.9", "2.4", "2.12.1", "2.12.2"}), "-AA-");
}

TEST(OsvEvaluate, Cve202145105Boundaries) {
    const Advisory adv = load("GHSA-p6xc-xr62-6r2g");
    // [2.4.0, 2.12.3), [2.13.0, 2.17.0), [0, 2.3.1)
    EXPECT_TRUE(vulnerable(adv, kLog4jCore, "2.12.2"));
    EXPECT_FALSE(vulnerable(adv, kLog4jCore, "2.12.3"));
    EXPECT_FALSE(vulnerable(adv, kLog4jCore, "2.3.1"));
    EXPECT_TRUE(vulnerable(adv, kLog4jCore, "2.3.0"));
    EXPECT_TRUE(vulnerable(adv, kLog4jCore, "2.4"));  // Maven: 2.4 == 2.4.0
    EXPECT_TRUE(vulnerable(adv, kLog4jCore, "2.16.0"));
    EXPECT_FALSE(vulnerable(adv, kLog4jCore, "2.17.0"));
    EXPECT_FALSE(vulnerable(adv, kLog4jCore, "2.12.4"));
}

TEST(OsvEvaluate, Cve202145046AndSpring4Shell) {
    const Advisory log4j = load("GHSA-7rjr-3q55-vv33");
    EXPECT_TRUE(vulnerable(log4j, kLog4jCore, "2.15.0"));
    EXPECT_FALSE(vulnerable(log4j, kLog4jCore, "2.16.0"));
    EXPECT_TRUE(vulnerable(log4j, kLog4jCore, "2.12.1"));
    EXPECT_FALSE(vulnerable(log4j, kLog4jCore, "2.12.2"));
    EXPECT_FALSE(vulnerable(log4j, kLog4jCore, "2.12.4"));

    const Advisory spring = load("GHSA-36p3-wjmg-h94x");
    const std::string beans = "org.springframework:spring-beans";
    EXPECT_TRUE(vulnerable(spring, beans, "5.2.19.RELEASE"));
    EXPECT_FALSE(vulnerable(spring, beans, "5.2.20.RELEASE"));
    EXPECT_FALSE(vulnerable(spring, beans, "5.2.21.RELEASE"));
    EXPECT_TRUE(vulnerable(spring, beans, "5.3.0"));
    EXPECT_TRUE(vulnerable(spring, beans, "5.3.17"));
    EXPECT_FALSE(vulnerable(spring, beans, "5.3.18"));
    EXPECT_FALSE(vulnerable(spring, beans, "6.0.0"));
    EXPECT_TRUE(vulnerable(spring, "org.springframework.boot:spring-boot-starter-web", "2.6.5"));
    EXPECT_FALSE(vulnerable(spring, "org.springframework.boot:spring-boot-starter-web", "2.6.6"));
}

TEST(OsvEvaluate, LodashIntroducedZero) {
    const Advisory adv = load("GHSA-35jh-r3h4-6jhm");
    EXPECT_EQ(verdicts(adv.affected[0], {"0.0.0", "1.0.0", "4.17.20", "4.17.21-rc.1", "4.17.21",
                                         "4.17.22", "5.0.0"}),
              "AAAA---");
    EXPECT_EQ(adv.affected[1].name, "lodash-es");
    EXPECT_EQ(verdicts(adv.affected[1], {"4.17.20", "4.17.21"}), "A-");
}

TEST(OsvEvaluate, AnsibleEventsOutOfOrderAreSorted) {
    Advisory adv = load("PYSEC-2024-36");
    Affected ranges_only = adv.affected.at(0);
    ranges_only.versions.clear();  // judge the ranges alone
    // Stored as [2.16.0, 2.16.3), [2.15.0, 2.15.9), [0, 2.14.4): evaluated in the stored order,
    // 2.16.1 would be closed again by "fixed 2.15.9".
    EXPECT_EQ(verdicts(ranges_only,
                       {"2.13.0", "2.14.3", "2.14.4rc1", "2.14.4", "2.14.9", "2.15.0", "2.15.8",
                        "2.15.9", "2.16.0", "2.16.1", "2.16.2", "2.16.3", "2.17.0"}),
              "AAA--AA-AAA--");
    // With the record's versions list too: the same answers for listed versions.
    EXPECT_EQ(verdicts(adv.affected[0], {"2.14.3", "2.15.8", "2.16.2", "2.16.3", "2.14.4"}),
              "AAA--");
}

TEST(OsvEvaluate, GitRangesAloneAreNotEvaluable) {
    Advisory adv = load("PYSEC-2021-59");
    Affected a = adv.affected.at(0);
    // GIT + ECOSYSTEM + versions: the ECOSYSTEM range decides.
    EXPECT_EQ(verdicts(a, {"1.25.11", "1.26.0", "1.26.3", "1.26.4", "1.26.5"}), "-AA--");
    // Without the ECOSYSTEM range, the versions list still answers.
    a.ranges.erase(a.ranges.begin() + 1);
    EXPECT_EQ(verdicts(a, {"1.26.2", "1.26.4"}), "A-");
    // GIT ranges only, no versions: commits are not versions.
    a.versions.clear();
    EXPECT_EQ(verdicts(a, {"1.26.2", "1.26.4", "8d65ea1ecf6e2cdc27d42124e587c1b83a3118b0"}), "???");
}

TEST(OsvEvaluate, GoSemverRangesAcceptVPrefixedVersions) {
    const Advisory adv = load("GO-2022-0229");
    const Affected& stdlib = adv.affected.at(0);
    // [0, 1.12.16), [1.13.0-0, 1.13.7); Go writes versions with "v" in modules and purls.
    EXPECT_EQ(verdicts(stdlib, {"v1.12.15", "v1.12.16", "v1.12.17", "v1.13.0", "v1.13.0-rc1",
                                "v1.13.6", "v1.13.7", "v1.14.0"}),
              "A--AAA--");
    EXPECT_EQ(verdicts(stdlib, {"1.12.15", "1.12.16", "1.13.6", "1.13.7"}), "A-A-");
    const Affected& crypto = adv.affected.at(1);
    EXPECT_EQ(verdicts(crypto,
                       {"v0.0.0-20200124225646-8b5121be2f67", "v0.0.0-20191011191535-87dc89f01550",
                        "v0.0.0-20200124225646-8b5121be2f68", "v0.0.0-20200622213623-75b288015ac9",
                        "v0.1.0"}),
              "AA---");
}

// --- evaluate: constructed entries ---------------------------------------------------------

TEST(OsvEvaluate, LastAffectedIsInclusive) {
    const Affected a = entry(
        R"({"package":{"ecosystem":"npm","name":"x"},"ranges":[{"type":"ECOSYSTEM","events":[)"
        R"({"introduced":"1.0.0"},{"last_affected":"2.1.214"}]}]})");
    EXPECT_EQ(verdicts(a, {"0.9.9", "1.0.0", "2.1.213", "2.1.214", "2.1.215", "3.0.0"}), "-AAA--");
    // The same with "fixed": 2.1.214 is not affected.
    const Affected f = entry(
        R"({"package":{"ecosystem":"npm","name":"x"},"ranges":[{"type":"ECOSYSTEM","events":[)"
        R"({"introduced":"1.0.0"},{"fixed":"2.1.214"}]}]})");
    EXPECT_EQ(verdicts(f, {"2.1.213", "2.1.214"}), "A-");
}

TEST(OsvEvaluate, IntroducedZeroAloneAffectsEveryVersion) {
    const Affected a = entry(
        R"({"package":{"ecosystem":"PyPI","name":"x"},"ranges":[{"type":"ECOSYSTEM","events":[)"
        R"({"introduced":"0"}]}]})");
    EXPECT_EQ(verdicts(a, {"0", "0.0.1a1", "1.0", "99.0.post1"}), "AAAA");
}

TEST(OsvEvaluate, MultipleRangesInOneEventList) {
    const Affected a = entry(
        R"({"package":{"ecosystem":"crates.io","name":"x"},"ranges":[{"type":"SEMVER","events":[)"
        R"({"introduced":"1.0.0"},{"fixed":"1.0.2"},{"introduced":"3.0.0"},{"fixed":"3.2.5"}]}]})");
    EXPECT_EQ(verdicts(a, {"0.9.0", "1.0.0", "1.0.1", "1.0.2", "2.0.0", "3.0.0", "3.2.4", "3.2.5"}),
              "-AA--AA-");
}

TEST(OsvEvaluate, LimitEventsBoundTheRange) {
    // introduced 1.0.0 with limit 2.0.0: versions from 1.0.0 up to, not including, 2.0.0.
    const Affected a =
        entry(R"({"package":{"ecosystem":"npm","name":"x"},"ranges":[{"type":"SEMVER","events":[)"
              R"({"introduced":"1.0.0"},{"limit":"2.0.0"}]}]})");
    EXPECT_EQ(verdicts(a, {"0.9.0", "1.0.0", "1.9.9", "2.0.0", "2.0.1"}), "-AA--");
    // Several limits: below any of them is enough.
    const Affected b = entry(
        R"({"package":{"ecosystem":"npm","name":"x"},"ranges":[{"type":"SEMVER","events":[)"
        R"({"limit":"3.0.0"},{"introduced":"1.0.0"},{"fixed":"1.5.0"},{"limit":"1.2.0"}]}]})");
    EXPECT_EQ(verdicts(b, {"1.1.0", "1.2.0", "1.4.0", "1.5.0", "2.9.0"}), "AAA--");
    // limit "*" is infinity: no bound.
    const Affected c =
        entry(R"({"package":{"ecosystem":"npm","name":"x"},"ranges":[{"type":"SEMVER","events":[)"
              R"({"introduced":"0"},{"limit":"*"}]}]})");
    EXPECT_EQ(verdicts(c, {"0.0.1", "999.0.0"}), "AA");
    // A limit below the introduced version leaves nothing affected.
    const Affected d =
        entry(R"({"package":{"ecosystem":"npm","name":"x"},"ranges":[{"type":"SEMVER","events":[)"
              R"({"introduced":"2.0.0"},{"limit":"1.0.0"}]}]})");
    EXPECT_EQ(verdicts(d, {"0.5.0", "1.5.0", "2.0.0", "3.0.0"}), "----");
}

TEST(OsvEvaluate, VersionsListIsExactMatch) {
    const Affected a =
        entry(R"({"package":{"ecosystem":"PyPI","name":"x"},"versions":["1.0","1.1rc1"]})");
    EXPECT_EQ(verdicts(a, {"1.0", "1.1rc1", "1.0.0", "1.1", "0.9"}), "AA---");
    // An ecosystem without an ordering: the list still answers, and a version it does not name
    // is not affected.
    const Affected linux =
        entry(R"({"package":{"ecosystem":"Linux","name":"Kernel"},"versions":["5.10.1"],)"
              R"("ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"}]}]})");
    EXPECT_EQ(verdicts(linux, {"5.10.1", "5.10.2"}), "A-");
    // No list and an unordered ecosystem: nothing can be said.
    const Affected unordered =
        entry(R"({"package":{"ecosystem":"Linux","name":"Kernel"},)"
              R"("ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"}]}]})");
    EXPECT_EQ(verdicts(unordered, {"5.10.1"}), "?");
    // ... but a SEMVER range orders whatever the ecosystem.
    const Affected semver =
        entry(R"({"package":{"ecosystem":"Linux","name":"Kernel"},)"
              R"("ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"5.10.2"}]}]})");
    EXPECT_EQ(verdicts(semver, {"5.10.1", "5.10.2"}), "A-");
}

TEST(OsvEvaluate, NoRangesNoVersionsIsNotEvaluable) {
    const Affected a = entry(R"({"package":{"ecosystem":"npm","name":"x"}})");
    EXPECT_EQ(evaluate(a, "1.0.0"), RangeVerdict::kNotEvaluable);
    const Affected empty_events = entry(
        R"({"package":{"ecosystem":"npm","name":"x"},"ranges":[{"type":"SEMVER","events":[]}]})");
    EXPECT_EQ(evaluate(empty_events, "1.0.0"), RangeVerdict::kNotAffected);
}

TEST(OsvEvaluate, DebianEcosystemWithReleaseUsesDpkgOrder) {
    const Affected a = entry(
        R"({"package":{"ecosystem":"Debian:12","name":"openssl"},"ranges":[{"type":"ECOSYSTEM",)"
        R"("events":[{"introduced":"0"},{"fixed":"3.0.11-1~deb12u1"}]}]})");
    EXPECT_EQ(verdicts(a, {"3.0.9-1", "3.0.11-1~deb12u0", "3.0.11-1~deb12u1", "3.0.11-1", "1:1.0"}),
              "AA---");
}

TEST(OsvEvaluate, HostileVersionsDoNotBreakEvaluation) {
    const Advisory adv = load("GHSA-jfh8-c2jp-5v3q");
    for (std::string v : {std::string(""), std::string(10000, '9'), std::string("2.\x00.1", 5),
                          std::string("\xff\xfe"), std::string("*"), std::string("0")}) {
        for (const auto& a : adv.affected) {
            const RangeVerdict r = evaluate(a, v);
            EXPECT_NE(r, RangeVerdict::kNotEvaluable);  // Maven orders any string
        }
    }
    EXPECT_TRUE(vulnerable(adv, kLog4jCore, "0"));  // [0, 2.3.1) holds "0"
}

// --- fixed_versions ------------------------------------------------------------------------

TEST(OsvFixedVersions, SortedInTheEcosystemsOrder) {
    const Advisory log4shell = load("GHSA-jfh8-c2jp-5v3q");
    EXPECT_EQ(fixed_versions(log4shell.affected[0]), std::vector<std::string>{"2.15.0"});
    Affected merged = log4shell.affected[0];
    for (std::size_t i = 1; i < 3; ++i) {
        for (const auto& r : log4shell.affected[i].ranges) merged.ranges.push_back(r);
    }
    EXPECT_EQ(fixed_versions(merged), (std::vector<std::string>{"2.3.1", "2.12.2", "2.15.0"}));

    const Advisory ansible = load("PYSEC-2024-36");
    EXPECT_EQ(fixed_versions(ansible.affected[0]),
              (std::vector<std::string>{"2.14.4", "2.15.9", "2.16.3"}));
    const Advisory go = load("GO-2022-0229");
    EXPECT_EQ(fixed_versions(go.affected[0]), (std::vector<std::string>{"1.12.16", "1.13.7"}));
}

TEST(OsvFixedVersions, GitFixesAndLastAffectedAreNotFixedVersions) {
    const Advisory urllib3 = load("PYSEC-2021-59");
    EXPECT_EQ(fixed_versions(urllib3.affected[0]), std::vector<std::string>{"1.26.4"});
    const Affected last =
        entry(R"({"package":{"ecosystem":"npm","name":"x"},"ranges":[{"type":"SEMVER","events":[)"
              R"({"introduced":"0"},{"last_affected":"1.0.0"}]}]})");
    EXPECT_TRUE(fixed_versions(last).empty());
    // Equal versions spelled differently are one fix (Maven: 2.0 == 2.0.0).
    const Affected dup =
        entry(R"({"package":{"ecosystem":"Maven","name":"g:a"},"ranges":[)"
              R"({"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.0"}]},)"
              R"({"type":"ECOSYSTEM","events":[{"introduced":"1.5"},{"fixed":"2.0.0"}]}]})");
    EXPECT_EQ(fixed_versions(dup).size(), 1u);
}

TEST(OsvRangeScheme, SemverRangesUseSemverWhateverTheEcosystem) {
    const Affected a = entry(R"({"package":{"ecosystem":"PyPI","name":"x"},"ranges":[)"
                             R"({"type":"SEMVER","events":[]},{"type":"ECOSYSTEM","events":[]},)"
                             R"({"type":"GIT","repo":"r","events":[]}]})");
    EXPECT_EQ(range_scheme(a, a.ranges[0]), Scheme::kSemver);
    EXPECT_EQ(range_scheme(a, a.ranges[1]), Scheme::kPep440);
    EXPECT_EQ(range_scheme(a, a.ranges[2]), std::nullopt);
}

}  // namespace
}  // namespace wasp::vuln
