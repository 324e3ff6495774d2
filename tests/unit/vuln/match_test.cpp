// Matching components against the advisory database: the log4j records of
// tests/fixtures/vuln/osv/advisories at and around their boundaries, the smallest fixing
// version, distribution releases, VEX statements (which applies, which wins), the severity
// chosen for a vulnerability, the only= option and the scan's counts.
#include "vuln/match.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "vuln/purl.h"

namespace wasp::vuln {
namespace {

const std::string kDir = "tests/fixtures/vuln/osv/advisories/";
constexpr std::string_view kGroup = "org.apache.logging.log4j";

Advisory fixture(const std::string& id) {
    std::ifstream in(kDir + id + ".json", std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    auto adv = parse_osv(s.str(), kDir + id + ".json");
    EXPECT_TRUE(adv.has_value()) << id;
    return adv ? std::move(*adv) : Advisory{};
}

Advisory parsed(std::string_view json) {
    auto adv = parse_osv(json, "test.json");
    EXPECT_TRUE(adv.has_value()) << json << ": " << (adv ? "" : adv.error());
    return adv ? std::move(*adv) : Advisory{};
}

// The three log4j-core records: CVE-2021-44228, CVE-2021-45046, CVE-2021-45105.
Database log4j_db() {
    std::vector<Advisory> records;
    for (const char* id : {"GHSA-jfh8-c2jp-5v3q", "GHSA-7rjr-3q55-vv33", "GHSA-p6xc-xr62-6r2g"}) {
        records.push_back(fixture(id));
    }
    return Database::from_records(std::move(records));
}

Component maven(std::string_view artifact,
                std::string_view version,
                std::string_view group = kGroup) {
    Component c;
    c.name = artifact;
    c.version = version;
    c.purl = "pkg:maven/" + std::string(group) + "/" + std::string(artifact) + "@" +
             std::string(version);
    c.ecosystem = "Maven";
    c.package = std::string(group) + ":" + std::string(artifact);
    c.bom_ref = "ref-" + c.name + "@" + c.version;
    c.path = "shop-api@1.0 > " + c.name + "@" + c.version;
    return c;
}

Component debian(std::string_view name, std::string_view version, std::string_view release) {
    Component c;
    c.name = name;
    c.version = version;
    c.purl = "pkg:deb/debian/" + std::string(name) + "@" + std::string(version) + "?arch=amd64";
    if (!release.empty()) c.purl += "&distro=debian-" + std::string(release);
    c.ecosystem = "Debian";
    c.release = release;
    c.package = name;
    return c;
}

Sbom sbom_of(std::vector<Component> components, std::string file = "app.cdx.json") {
    Sbom s;
    s.file = std::move(file);
    s.subject = "shop-api";
    for (std::size_t i = 0; i < components.size(); ++i) {
        components[i].location = {s.file, {}, "/components/" + std::to_string(i)};
    }
    s.components = std::move(components);
    return s;
}

ScanResult run(const Database& db,
               const std::vector<Sbom>& sboms,
               const std::vector<VexDocument>& vex = {},
               ScanOptions options = {}) {
    if (options.threads == 0) options.threads = 1;
    return scan(db, sboms, vex, options);
}

std::string vuln_id(const Database& db, const Match& m) {
    return db.vulnerabilities()[m.vulnerability].id;
}

// "CVE fixed" per match, in the result's order.
std::vector<std::string> summary(const Database& db, const ScanResult& r) {
    std::vector<std::string> out;
    for (const auto& m : r.matches) out.push_back(vuln_id(db, m) + " " + m.fixed);
    return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

const Match* match_for(const Database& db, const ScanResult& r, std::string_view id) {
    for (const auto& m : r.matches) {
        if (vuln_id(db, m) == id) return &m;
    }
    return nullptr;
}

VexStatement statement(std::string vulnerability,
                       std::string product,
                       VexStatus status,
                       std::string timestamp = {}) {
    VexStatement s;
    s.vulnerability = std::move(vulnerability);
    s.products = {std::move(product)};
    s.status = status;
    s.timestamp = std::move(timestamp);
    s.location = {"vex.json", {}, "/statements/0"};
    return s;
}

VexDocument vex_doc(std::vector<VexStatement> statements) {
    VexDocument d;
    d.file = "vex.json";
    d.format = "openvex";
    d.statements = std::move(statements);
    return d;
}

// --- log4j ---------------------------------------------------------------------------------

TEST(VulnMatch, Log4jCoreMatchesLog4ShellAndLog4jApiDoesNot) {
    const Database db = log4j_db();
    const std::vector<Sbom> sboms{
        sbom_of({maven("log4j-core", "2.14.1"), maven("log4j-api", "2.14.1")})};
    const ScanResult r = run(db, sboms);
    EXPECT_EQ(sorted(summary(db, r)),
              (std::vector<std::string>{"CVE-2021-44228 2.15.0", "CVE-2021-45046 2.16.0",
                                        "CVE-2021-45105 2.17.0"}));
    for (const auto& m : r.matches) {
        EXPECT_EQ(m.sbom, 0u);
        EXPECT_EQ(m.component, 0u);  // log4j-core; log4j-api matches nothing
        ASSERT_EQ(m.advisories.size(), 1u);
        EXPECT_FALSE(m.vex.has_value());
        EXPECT_TRUE(is_open(m));
    }
    const Match* log4shell = match_for(db, r, "CVE-2021-44228");
    ASSERT_NE(log4shell, nullptr);
    EXPECT_EQ(db.advisories()[log4shell->advisories[0]].id, "GHSA-jfh8-c2jp-5v3q");
    EXPECT_EQ(log4shell->severity, core::Severity::kCritical);
    ASSERT_TRUE(log4shell->cvss.has_value());
    EXPECT_DOUBLE_EQ(log4shell->cvss->base_score, 10.0);
    EXPECT_EQ(log4shell->cvss_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
    EXPECT_EQ(log4shell->severity_source, "CVSS:3.1 vector");
    const Match* dos = match_for(db, r, "CVE-2021-45105");
    ASSERT_NE(dos, nullptr);
    EXPECT_EQ(dos->severity, core::Severity::kHigh);
    ASSERT_TRUE(dos->cvss.has_value());
    EXPECT_DOUBLE_EQ(dos->cvss->base_score, 8.6);
    EXPECT_TRUE(r.unevaluated.empty());
    EXPECT_EQ(r.stats.affected_components, 1u);
}

TEST(VulnMatch, Cve202145105BoundariesAndSmallestFix) {
    const Database db = log4j_db();
    // [2.4.0, 2.12.3), [2.13.0, 2.17.0), [0, 2.3.1)
    struct Case {
        std::string version, fixed;  // fixed "-": not affected
    };
    const std::vector<Case> cases{
        {"2.0-beta9", "2.3.1"}, {"2.3.0", "2.3.1"},   {"2.3.1", "-"},       {"2.3.2", "-"},
        {"2.4", "2.12.3"},      {"2.12.1", "2.12.3"}, {"2.12.2", "2.12.3"}, {"2.12.3", "-"},
        {"2.12.4", "-"},        {"2.13.0", "2.17.0"}, {"2.16.0", "2.17.0"}, {"2.17.0", "-"},
    };
    ScanOptions only;
    only.only = static_cast<std::size_t>(db.find("CVE-2021-45105") - db.vulnerabilities().data());
    for (const auto& c : cases) {
        const ScanResult r = run(db, {sbom_of({maven("log4j-core", c.version)})}, {}, only);
        if (c.fixed == "-") {
            EXPECT_TRUE(r.matches.empty()) << c.version;
        } else {
            ASSERT_EQ(r.matches.size(), 1u) << c.version;
            EXPECT_EQ(r.matches[0].fixed, c.fixed) << c.version;
        }
    }
    // Log4Shell at 2.12.1: the Java 7 line's fix.
    const ScanResult r = run(db, {sbom_of({maven("log4j-core", "2.12.1")})});
    EXPECT_EQ(sorted(summary(db, r)),
              (std::vector<std::string>{"CVE-2021-44228 2.12.2", "CVE-2021-45046 2.12.2",
                                        "CVE-2021-45105 2.12.3"}));
}

TEST(VulnMatch, SmallestFixSkipsVersionsAnotherEntryAffects) {
    // Entry one: [0, 2.13.0); entry two: [2.13.0, 2.17.0). 2.13.0 fixes entry one's line but
    // entry two affects it: the first version neither affects is 2.17.0.
    const Database db = Database::from_records({parsed(
        R"({"id":"GHSA-test-1","modified":"2024-01-01T00:00:00Z","affected":[)"
        R"({"package":{"ecosystem":"Maven","name":"g:a"},"ranges":[{"type":"ECOSYSTEM",)"
        R"("events":[{"introduced":"0"},{"fixed":"2.13.0"}]}]},)"
        R"({"package":{"ecosystem":"Maven","name":"g:a"},"ranges":[{"type":"ECOSYSTEM",)"
        R"("events":[{"introduced":"2.13.0"},{"fixed":"2.17.0"}]}]},)"
        R"({"package":{"ecosystem":"Maven","name":"g:other"},"ranges":[{"type":"ECOSYSTEM",)"
        R"("events":[{"introduced":"0"},{"fixed":"2.14.0"}]}]}]})")});
    const ScanResult r =
        run(db, {sbom_of({maven("a", "2.0", "g"), maven("a", "2.14.0", "g"),
                          maven("a", "2.17.0", "g"), maven("other", "2.0", "g")})});
    ASSERT_EQ(r.matches.size(), 3u);
    EXPECT_EQ(r.matches[0].component, 0u);
    EXPECT_EQ(r.matches[0].fixed, "2.17.0");
    EXPECT_EQ(r.matches[1].component, 1u);
    EXPECT_EQ(r.matches[1].fixed, "2.17.0");
    // Another package's entries do not veto a fix: g:other's own fix.
    EXPECT_EQ(r.matches[2].component, 3u);
    EXPECT_EQ(r.matches[2].fixed, "2.14.0");
}

TEST(VulnMatch, NoFixKnown) {
    const Database db = Database::from_records(
        {parsed(R"({"id":"GHSA-nofix","modified":"2024-01-01T00:00:00Z","affected":[)"
                R"({"package":{"ecosystem":"npm","name":"left-pad"},"ranges":[{"type":"SEMVER",)"
                R"("events":[{"introduced":"1.0.0"},{"last_affected":"1.3.0"}]}]}]})")});
    Component c;
    c.name = "left-pad";
    c.version = "1.3.0";
    c.purl = "pkg:npm/left-pad@1.3.0";
    c.ecosystem = "npm";
    c.package = "left-pad";
    const ScanResult r = run(db, {sbom_of({c})});
    ASSERT_EQ(r.matches.size(), 1u);
    EXPECT_EQ(r.matches[0].fixed, "");
    c.version = "1.3.1";
    EXPECT_TRUE(run(db, {sbom_of({c})}).matches.empty());
}

// --- distribution releases -------------------------------------------------------------------

TEST(VulnMatch, DebianReleasesMustAgree) {
    const Database db = Database::from_records(
        {parsed(R"({"id":"DSA-T-1","modified":"2024-01-01T00:00:00Z","aliases":["CVE-2099-1"],)"
                R"("affected":[)"
                R"({"package":{"ecosystem":"Debian:11","name":"openssl"},"ranges":[)"
                R"({"type":"ECOSYSTEM","events":[{"introduced":"0"},)"
                R"({"fixed":"1.1.1n-0+deb11u4"}]}]},)"
                R"({"package":{"ecosystem":"Debian:12","name":"openssl"},"ranges":[)"
                R"({"type":"ECOSYSTEM","events":[{"introduced":"0"},)"
                R"({"fixed":"3.0.11-1~deb12u1"}]}]}]})"),
         parsed(R"({"id":"DSA-T-2","modified":"2024-01-01T00:00:00Z","aliases":["CVE-2099-2"],)"
                R"("affected":[{"package":{"ecosystem":"Debian:12","name":"curl"},"ranges":[)"
                R"({"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"7.88.1-10"}]}]}]})"),
         parsed(R"({"id":"DSA-T-3","modified":"2024-01-01T00:00:00Z","aliases":["CVE-2099-3"],)"
                R"("affected":[{"package":{"ecosystem":"Debian","name":"zlib"},"ranges":[)"
                R"({"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1:1.3"}]}]}]})")});
    const std::vector<Sbom> sboms{sbom_of({
        debian("openssl", "1.1.1n-0+deb11u3", "11"),  // 0: Debian 11, before the fix
        debian("openssl", "3.0.9-1", "12"),           // 1: Debian 12, before its fix
        debian("openssl", "1.1.1n-0+deb11u4", "11"),  // 2: fixed
        debian("curl", "7.74.0-1.3", "11"),           // 3: the record is for Debian 12 only
        debian("curl", "7.74.0-1.3", ""),             // 4: no release: cannot say
        debian("zlib", "1:1.2.13", "11"),             // 5: a record for every release
    })};
    const ScanResult r = run(db, sboms);
    ASSERT_EQ(r.matches.size(), 3u);
    EXPECT_EQ(r.matches[0].component, 0u);
    // The Debian 12 entry's range holds 1.1.1n-0+deb11u4 but says nothing about Debian 11.
    EXPECT_EQ(r.matches[0].fixed, "1.1.1n-0+deb11u4");
    EXPECT_EQ(r.matches[1].component, 1u);
    EXPECT_EQ(r.matches[1].fixed, "3.0.11-1~deb12u1");
    EXPECT_EQ(r.matches[2].component, 5u);
    EXPECT_EQ(r.matches[2].fixed, "1:1.3");
    ASSERT_EQ(r.unevaluated.size(), 1u);
    EXPECT_EQ(r.unevaluated[0].component, 4u);
    EXPECT_EQ(db.advisories()[r.unevaluated[0].advisory].id, "DSA-T-2");
    EXPECT_EQ(r.unevaluated[0].reason,
              "the advisory is for Debian:12 and the package URL names no distribution release");
}

TEST(VulnMatch, GitOnlyEntriesAreUnevaluated) {
    const Database db = Database::from_records(
        {parsed(R"({"id":"OSV-T-1","modified":"2024-01-01T00:00:00Z","affected":[)"
                R"({"package":{"ecosystem":"PyPI","name":"urllib3"},"ranges":[{"type":"GIT",)"
                R"("repo":"https://github.com/urllib3/urllib3","events":[{"introduced":"0"},)"
                R"({"fixed":"8d65ea1ecf6e2cdc27d42124e587c1b83a3118b0"}]}]}]})")});
    Component c;
    c.name = "urllib3";
    c.version = "1.26.3";
    c.purl = "pkg:pypi/urllib3@1.26.3";
    c.ecosystem = "PyPI";
    c.package = "urllib3";
    const ScanResult r = run(db, {sbom_of({c})});
    EXPECT_TRUE(r.matches.empty());
    ASSERT_EQ(r.unevaluated.size(), 1u);
    EXPECT_NE(r.unevaluated[0].reason.find("GIT"), std::string::npos);
}

// --- VEX -------------------------------------------------------------------------------------

TEST(VulnMatch, VexNotAffectedClearsTheMatch) {
    const Database db = log4j_db();
    const Component core = maven("log4j-core", "2.14.1");
    VexStatement s = statement("CVE-2021-44228", core.purl, VexStatus::kNotAffected);
    s.justification = "vulnerable_code_not_in_execute_path";
    s.detail = "JndiLookup removed from the classpath";
    const ScanResult r = run(db, {sbom_of({core})}, {vex_doc({s})});
    const Match* m = match_for(db, r, "CVE-2021-44228");
    ASSERT_NE(m, nullptr);
    ASSERT_TRUE(m->vex.has_value());
    EXPECT_EQ(*m->vex, VexStatus::kNotAffected);
    EXPECT_FALSE(is_open(*m));
    EXPECT_EQ(m->vex_justification, "vulnerable_code_not_in_execute_path");
    EXPECT_EQ(m->vex_detail, "JndiLookup removed from the classpath");
    EXPECT_EQ(m->vex_source, "vex.json#/statements/0");
    // The other two vulnerabilities stay open: the component still counts as affected.
    EXPECT_TRUE(is_open(*match_for(db, r, "CVE-2021-45046")));
    EXPECT_EQ(r.stats.affected_components, 1u);

    // not_affected or fixed for all three: no affected component left.
    std::vector<VexStatement> all{s, statement("CVE-2021-45046", core.purl, VexStatus::kFixed),
                                  statement("CVE-2021-45105", core.purl, VexStatus::kNotAffected)};
    const ScanResult cleared = run(db, {sbom_of({core})}, {vex_doc(all)});
    ASSERT_EQ(cleared.matches.size(), 3u);
    for (const auto& cm : cleared.matches) EXPECT_FALSE(is_open(cm));
    EXPECT_EQ(cleared.stats.affected_components, 0u);

    // affected and under_investigation keep the match open.
    for (VexStatus st : {VexStatus::kAffected, VexStatus::kUnderInvestigation}) {
        const ScanResult open =
            run(db, {sbom_of({core})}, {vex_doc({statement("CVE-2021-44228", core.purl, st)})});
        const Match* om = match_for(db, open, "CVE-2021-44228");
        ASSERT_NE(om, nullptr);
        ASSERT_TRUE(om->vex.has_value());
        EXPECT_EQ(*om->vex, st);
        EXPECT_TRUE(is_open(*om));
    }
}

TEST(VulnMatch, VexStatementsApplyOnlyToTheirProductAndVulnerability) {
    const Database db = log4j_db();
    const Component core = maven("log4j-core", "2.14.1");
    struct Case {
        VexStatement s;
        bool applies;
        std::string why;
    };
    std::vector<Case> cases;
    cases.push_back({statement("CVE-2021-44228", core.purl, VexStatus::kNotAffected), true,
                     "the vulnerability's id and the component's purl"});
    cases.push_back({statement("GHSA-jfh8-c2jp-5v3q", core.purl, VexStatus::kNotAffected), true,
                     "an alias of the vulnerability"});
    cases.push_back({statement("ghsa-jfh8-c2jp-5v3q", core.purl, VexStatus::kNotAffected), true,
                     "ids compare case-insensitively"});
    VexStatement by_alias = statement("SNYK-JAVA-1", core.purl, VexStatus::kNotAffected);
    by_alias.aliases = {"CVE-2021-44228"};
    cases.push_back({by_alias, true, "the statement's own alias list"});
    cases.push_back({statement("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core",
                               VexStatus::kNotAffected),
                     true, "a purl without version covers every version"});
    cases.push_back(
        {statement("CVE-2021-44228", core.bom_ref, VexStatus::kNotAffected), true, "the bom-ref"});
    cases.push_back({statement("CVE-2021-9999", core.purl, VexStatus::kNotAffected), false,
                     "another vulnerability"});
    cases.push_back(
        {statement("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.15.0",
                   VexStatus::kNotAffected),
         false, "another version"});
    cases.push_back({statement("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-api",
                               VexStatus::kNotAffected),
                     false, "another package"});
    for (const auto& c : cases) {
        const ScanResult r = run(db, {sbom_of({core})}, {vex_doc({c.s})});
        const Match* m = match_for(db, r, "CVE-2021-44228");
        ASSERT_NE(m, nullptr);
        EXPECT_EQ(m->vex.has_value(), c.applies) << c.why;
        // It never touches the other two vulnerabilities.
        EXPECT_FALSE(match_for(db, r, "CVE-2021-45046")->vex.has_value()) << c.why;
    }
    // A statement the SBOM itself carries applies as well.
    Sbom with_vex = sbom_of({core});
    with_vex.vex.push_back(statement("CVE-2021-44228", core.purl, VexStatus::kFixed));
    const ScanResult r = run(db, {with_vex});
    ASSERT_TRUE(match_for(db, r, "CVE-2021-44228")->vex.has_value());
    EXPECT_EQ(*match_for(db, r, "CVE-2021-44228")->vex, VexStatus::kFixed);
}

TEST(VulnMatch, VexLatestTimestampWins) {
    const Database db = log4j_db();
    const Component core = maven("log4j-core", "2.14.1");
    auto status_with = [&](std::vector<VexStatement> statements) {
        const ScanResult r = run(db, {sbom_of({core})}, {vex_doc(std::move(statements))});
        const Match* m = match_for(db, r, "CVE-2021-44228");
        EXPECT_NE(m, nullptr);
        EXPECT_TRUE(m != nullptr && m->vex.has_value());
        return m != nullptr && m->vex ? *m->vex : VexStatus::kUnderInvestigation;
    };
    const auto na = [&](std::string t) {
        return statement("CVE-2021-44228", core.purl, VexStatus::kNotAffected, std::move(t));
    };
    const auto aff = [&](std::string t) {
        return statement("CVE-2021-44228", core.purl, VexStatus::kAffected, std::move(t));
    };
    // Later statement wins, in either order.
    EXPECT_EQ(status_with({na("2024-01-01T00:00:00Z"), aff("2024-02-01T00:00:00Z")}),
              VexStatus::kAffected);
    EXPECT_EQ(status_with({aff("2024-02-01T00:00:00Z"), na("2024-01-01T00:00:00Z")}),
              VexStatus::kAffected);
    EXPECT_EQ(status_with({aff("2024-01-01T00:00:00Z"), na("2024-02-01T00:00:00Z")}),
              VexStatus::kNotAffected);
    // Equal times: the one given last.
    EXPECT_EQ(status_with({aff("2024-01-01T00:00:00Z"), na("2024-01-01T00:00:00Z")}),
              VexStatus::kNotAffected);
    // A statement with a time is later than one without.
    EXPECT_EQ(status_with({na("2024-01-01T00:00:00Z"), aff("")}), VexStatus::kNotAffected);
    // Times compare as times: 10:00+02:00 is 08:00Z, before 09:00Z; a fraction is after the
    // whole second; a date alone is its midnight.
    EXPECT_EQ(status_with({aff("2024-01-01T09:00:00Z"), na("2024-01-01T10:00:00+02:00")}),
              VexStatus::kAffected);
    EXPECT_EQ(status_with({na("2024-01-01T10:00:00+02:00"), aff("2024-01-01T09:00:00Z")}),
              VexStatus::kAffected);
    EXPECT_EQ(status_with({aff("2024-01-01T09:00:00.5Z"), na("2024-01-01T09:00:00Z")}),
              VexStatus::kAffected);
    EXPECT_EQ(status_with({aff("2024-01-01T00:00:00-05:00"), na("2024-01-01")}),
              VexStatus::kAffected);
    EXPECT_EQ(status_with({na("2024-01-01T00:00:00.000000001Z"), aff("2024-01-01T00:00:00Z")}),
              VexStatus::kNotAffected);
}

// --- severity --------------------------------------------------------------------------------

Advisory with_severity(std::string id,
                       std::string severity_json,
                       std::string rating = {},
                       std::string alias = {}) {
    std::string json = R"({"id":")" + id + R"(","modified":"2024-01-01T00:00:00Z","severity":[)" +
                       severity_json + "]";
    if (!alias.empty()) json += R"(,"aliases":[")" + alias + "\"]";
    if (!rating.empty()) json += R"(,"database_specific":{"severity":")" + rating + "\"}";
    json += R"(,"affected":[{"package":{"ecosystem":"npm","name":"p-)" + id +
            R"("},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}]}]})";
    return parsed(json);
}

std::string vector(std::string_view type, std::string_view score) {
    return R"({"type":")" + std::string(type) + R"(","score":")" + std::string(score) + "\"}";
}

TEST(VulnSeverity, HighestCvssVersionThenRatingThenMedium) {
    const std::string v2 = vector("CVSS_V2", "AV:N/AC:L/Au:N/C:P/I:P/A:P");  // 7.5 High
    const std::string v30 =
        vector("CVSS_V3", "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N");  // 5.3 Medium
    const std::string v31_low =
        vector("CVSS_V3", "CVSS:3.1/AV:N/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N");  // 2.0 Low
    const std::string v31_crit =
        vector("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");  // 10.0 Critical
    const std::string v31_med =
        vector("CVSS_V3", "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N");  // 5.5 Medium
    const std::string v4 = vector(
        "CVSS_V4", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");  // 9.3
    std::vector<Advisory> records{
        with_severity("A-v2-v30", v2 + "," + v30),
        with_severity("B-v30-v31", v30 + "," + v31_low, "CRITICAL"),
        with_severity("C-v31-v4", v31_crit + "," + v4),
        with_severity("D-v2", v2),
        with_severity("E-two-v31", v31_med + "," + v31_crit),
        with_severity("F1", v31_med, "", "CVE-F"),
        with_severity("F2", v4, "", "CVE-F"),
        with_severity("G-moderate", "", "MODERATE"),
        with_severity("G-high", "", "HIGH"),
        with_severity("G-low", "", "low"),
        with_severity("G-critical", "", "CRITICAL"),
        with_severity("H-bad-vector", vector("CVSS_V3", "CVSS:3.1/AV:X"), "HIGH"),
        with_severity("I-nothing", ""),
        with_severity("J-unknown-rating", vector("Ubuntu", "high"), "SEVERE"),
    };
    const Database db = Database::from_records(std::move(records));
    struct Case {
        std::string id;
        core::Severity severity;
        std::string source;
        double score;  // -1: no CVSS score
    };
    const std::vector<Case> cases{
        {"A-v2-v30", core::Severity::kMedium, "CVSS:3.0 vector", 5.3},
        {"B-v30-v31", core::Severity::kLow, "CVSS:3.1 vector", 2.0},
        {"C-v31-v4", core::Severity::kCritical, "CVSS:4.0 vector", 9.3},
        {"D-v2", core::Severity::kHigh, "CVSS:2.0 vector", 7.5},
        {"E-two-v31", core::Severity::kCritical, "CVSS:3.1 vector", 10.0},
        {"CVE-F", core::Severity::kCritical, "CVSS:4.0 vector", 9.3},
        {"G-moderate", core::Severity::kMedium, "database rating MODERATE", -1},
        {"G-high", core::Severity::kHigh, "database rating HIGH", -1},
        {"G-low", core::Severity::kLow, "database rating low", -1},
        {"G-critical", core::Severity::kCritical, "database rating CRITICAL", -1},
        {"H-bad-vector", core::Severity::kHigh, "database rating HIGH", -1},
        {"I-nothing", core::Severity::kMedium, "no rating in the advisory", -1},
        {"J-unknown-rating", core::Severity::kMedium, "no rating in the advisory", -1},
    };
    for (const auto& c : cases) {
        const Vulnerability* v = db.find(c.id);
        ASSERT_NE(v, nullptr) << c.id;
        const SeverityChoice s =
            vulnerability_severity(db, static_cast<std::size_t>(v - db.vulnerabilities().data()));
        EXPECT_EQ(s.severity, c.severity) << c.id;
        EXPECT_EQ(s.source, c.source) << c.id;
        if (c.score < 0) {
            EXPECT_FALSE(s.cvss.has_value()) << c.id;
            EXPECT_TRUE(s.vector.empty()) << c.id;
        } else {
            ASSERT_TRUE(s.cvss.has_value()) << c.id;
            EXPECT_DOUBLE_EQ(s.cvss->base_score, c.score) << c.id;
        }
    }
    // Vectors given per affected package (the record has none): the most severe stands for the
    // vulnerability, before the database's rating.
    const Database per_package = Database::from_records(
        {parsed(R"({"id":"GHSA-pp","modified":"2024-01-01T00:00:00Z",)"
                R"("database_specific":{"severity":"LOW"},"affected":[)"
                R"({"package":{"ecosystem":"npm","name":"a"},"severity":[{"type":"CVSS_V3",)"
                R"("score":"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N"}]},)"
                R"({"package":{"ecosystem":"npm","name":"b"},"severity":[{"type":"CVSS_V3",)"
                R"("score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"}]},)"
                R"({"package":{"ecosystem":"npm","name":"c"}}]})")});
    const SeverityChoice pp = vulnerability_severity(per_package, 0);
    EXPECT_EQ(pp.severity, core::Severity::kCritical);
    EXPECT_EQ(pp.source, "CVSS:3.1 vector of an affected package");
    EXPECT_EQ(pp.vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");

    // The match carries the same choice.
    Component c;
    c.name = "p-C-v31-v4";
    c.version = "1.0.0";
    c.purl = "pkg:npm/p-c-v31-v4@1.0.0";
    c.ecosystem = "npm";
    c.package = normalize_package_name("npm", c.name);
    const ScanResult r = run(db, {sbom_of({c})});
    ASSERT_EQ(r.matches.size(), 1u);
    EXPECT_EQ(r.matches[0].severity, core::Severity::kCritical);
    EXPECT_EQ(r.matches[0].cvss_vector,
              "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
    EXPECT_EQ(r.matches[0].severity_source, "CVSS:4.0 vector");
}

// --- options and counts ---------------------------------------------------------------------

TEST(VulnMatch, OnlyOneVulnerability) {
    const Database db = log4j_db();
    const std::vector<Sbom> sboms{sbom_of({maven("log4j-core", "2.14.1")}),
                                  sbom_of({maven("log4j-core", "2.16.0")}, "b.json")};
    ScanOptions options;
    options.only =
        static_cast<std::size_t>(db.find("CVE-2021-44228") - db.vulnerabilities().data());
    const ScanResult r = run(db, sboms, {}, options);
    ASSERT_EQ(r.matches.size(), 1u);
    EXPECT_EQ(vuln_id(db, r.matches[0]), "CVE-2021-44228");
    EXPECT_EQ(r.matches[0].sbom, 0u);
    options.only =
        static_cast<std::size_t>(db.find("CVE-2021-45105") - db.vulnerabilities().data());
    const ScanResult dos = run(db, sboms, {}, options);
    ASSERT_EQ(dos.matches.size(), 2u);
    EXPECT_EQ(dos.matches[1].sbom, 1u);
    EXPECT_EQ(dos.matches[1].fixed, "2.17.0");
    EXPECT_EQ(run(db, sboms).matches.size(), 4u);
}

TEST(VulnMatch, StatsCountCheckedMissingAndUnknownEcosystems) {
    const Database db = log4j_db();
    Component no_purl;
    no_purl.name = "mystery";
    no_purl.version = "1.0";
    Component no_version = maven("log4j-core", "");
    no_version.purl = "pkg:maven/org.apache.logging.log4j/log4j-core";
    no_version.version.clear();
    Component npm1;
    npm1.name = "left-pad";
    npm1.version = "1.3.0";
    npm1.purl = "pkg:npm/left-pad@1.3.0";
    npm1.ecosystem = "npm";
    npm1.package = "left-pad";
    Component npm2 = npm1;
    npm2.name = npm2.package = "right-pad";
    npm2.purl = "pkg:npm/right-pad@1.0.0";
    Component generic;
    generic.name = "tool";
    generic.version = "2";
    generic.purl = "pkg:generic/tool@2";
    Component pypi;
    pypi.name = pypi.package = "requests";
    pypi.version = "2.0.0";
    pypi.purl = "pkg:pypi/requests@2.0.0";
    pypi.ecosystem = "PyPI";
    const std::vector<Sbom> sboms{
        sbom_of({maven("log4j-core", "2.14.1"), maven("log4j-api", "2.14.1"), no_purl, no_version,
                 npm1, npm2, generic}),
        sbom_of({pypi, maven("log4j-core", "2.17.1")}, "b.json")};
    const ScanResult r = run(db, sboms);
    EXPECT_EQ(r.stats.sboms, 2u);
    EXPECT_EQ(r.stats.components, 9u);
    EXPECT_EQ(r.stats.checked, 3u);  // the three Maven components with versions
    EXPECT_EQ(r.stats.without_purl, 1u);
    EXPECT_EQ(r.stats.without_version, 1u);
    EXPECT_EQ(r.stats.affected_components, 1u);
    EXPECT_EQ(r.stats.ecosystems_without_advisories,
              (std::vector<std::pair<std::string, std::uint64_t>>{{"PyPI", 1}, {"npm", 2}}));
    EXPECT_EQ(r.matches.size(), 3u);

    // Two threads, the same result.
    ScanOptions two;
    two.threads = 2;
    const ScanResult r2 = run(db, sboms, {}, two);
    EXPECT_EQ(summary(db, r2), summary(db, r));
    EXPECT_EQ(r2.stats.checked, r.stats.checked);
    EXPECT_EQ(r2.stats.ecosystems_without_advisories, r.stats.ecosystems_without_advisories);
}

TEST(VulnMatch, AliasedRecordsMatchAsOneVulnerability) {
    // A GHSA record and a second record of the same CVE, both naming log4j-core: one match with
    // both records, and the smallest fix neither affects.
    std::vector<Advisory> records{fixture("GHSA-jfh8-c2jp-5v3q")};
    records.push_back(parsed(
        R"({"id":"OSV-T-LOG4J","modified":"2024-01-01T00:00:00Z","aliases":["CVE-2021-44228"],)"
        R"("affected":[{"package":{"ecosystem":"Maven",)"
        R"("name":"org.apache.logging.log4j:log4j-core"},"ranges":[{"type":"ECOSYSTEM",)"
        R"("events":[{"introduced":"2.0"},{"fixed":"2.16.0"}]}]}]})"));
    const Database db = Database::from_records(std::move(records));
    ASSERT_EQ(db.vulnerabilities().size(), 1u);
    const ScanResult r = run(db, {sbom_of({maven("log4j-core", "2.14.1")})});
    ASSERT_EQ(r.matches.size(), 1u);
    EXPECT_EQ(vuln_id(db, r.matches[0]), "CVE-2021-44228");
    EXPECT_EQ(r.matches[0].advisories.size(), 2u);
    EXPECT_EQ(r.matches[0].fixed, "2.16.0");  // 2.15.0 is inside the second record's range
}

}  // namespace
}  // namespace wasp::vuln
