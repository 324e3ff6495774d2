// The CycloneDX 1.6 VEX output: its content for a small scan of the log4j and Spring records,
// read back with the module's own VEX reader (analysis states, justifications, aliases, and the
// same verdicts when fed back to a scan), determinism, and hostile strings.
#include "vuln/vex_write.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "core/parse.h"
#include "vuln/vex.h"

namespace wasp::vuln {
namespace {

const std::string kDir = "tests/fixtures/vuln/osv/advisories/";
constexpr std::string_view kTime = "2024-05-01T12:00:00Z";

Advisory fixture(const std::string& id) {
    std::ifstream in(kDir + id + ".json", std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    auto adv = parse_osv(s.str(), kDir + id + ".json");
    EXPECT_TRUE(adv.has_value()) << id;
    return adv ? std::move(*adv) : Advisory{};
}

Component maven(std::string_view group, std::string_view artifact, std::string_view version) {
    Component c;
    c.name = artifact;
    c.version = version;
    c.purl = "pkg:maven/" + std::string(group) + "/" + std::string(artifact) + "@" +
             std::string(version);
    c.ecosystem = "Maven";
    c.package = std::string(group) + ":" + std::string(artifact);
    return c;
}

Component log4j(std::string_view artifact, std::string_view version) {
    return maven("org.apache.logging.log4j", artifact, version);
}

VexStatement statement(std::string id, std::string product, VexStatus status) {
    VexStatement s;
    s.vulnerability = std::move(id);
    s.products = {std::move(product)};
    s.status = status;
    s.location = {"input.openvex.json", {}, "/statements/0"};
    return s;
}

// Two SBOMs: log4j-core 2.14.1 (with VEX statements), log4j-api, spring-beans 5.3.17; and
// log4j-core 2.14.0 without any statement.
struct Scan {
    Database db;
    std::vector<Sbom> sboms;
    std::vector<VexDocument> vex;
    ScanResult result;
};

Scan small_scan() {
    Scan s;
    s.db = Database::from_records({fixture("GHSA-jfh8-c2jp-5v3q"), fixture("GHSA-7rjr-3q55-vv33"),
                                   fixture("GHSA-p6xc-xr62-6r2g"), fixture("GHSA-36p3-wjmg-h94x")});
    Sbom a;
    a.file = "a.cdx.json";
    a.components = {log4j("log4j-core", "2.14.1"), log4j("log4j-api", "2.14.1"),
                    maven("org.springframework", "spring-beans", "5.3.17")};
    Sbom b;
    b.file = "b.cdx.json";
    b.components = {log4j("log4j-core", "2.14.0")};
    s.sboms = {a, b};
    const std::string core = a.components[0].purl;
    VexStatement na = statement("CVE-2021-44228", core, VexStatus::kNotAffected);
    na.justification = "vulnerable_code_not_in_execute_path";
    na.detail = "JndiLookup is removed from the classpath";
    VexDocument doc;
    doc.file = "input.openvex.json";
    doc.format = "openvex";
    doc.statements = {na, statement("CVE-2021-45046", core, VexStatus::kFixed),
                      statement("CVE-2022-22965", a.components[2].purl, VexStatus::kAffected)};
    s.vex = {doc};
    ScanOptions options;
    options.threads = 1;
    s.result = scan(s.db, s.sboms, s.vex, options);
    return s;
}

core::Node parse_json(const std::string& text) {
    auto doc = core::parse_json(text);
    EXPECT_TRUE(doc.has_value()) << text;
    return doc ? std::move(doc->root) : core::Node{};
}

std::string text_at(const core::Node& root, std::string_view path) {
    const core::Node* n = root.at_path(path);
    return n != nullptr ? n->text() : std::string("<missing " + std::string(path) + ">");
}

// The vulnerabilities entry for an id and analysis state.
const core::Node* entry(const core::Node& root, std::string_view id, std::string_view state) {
    const core::Node* list = root.get("vulnerabilities");
    if (list == nullptr) return nullptr;
    for (const auto& v : list->items()) {
        if (text_at(v, "id") == id && text_at(v, "analysis.state") == state) return &v;
    }
    return nullptr;
}

TEST(CycloneDxVexWrite, DocumentContent) {
    const Scan s = small_scan();
    ASSERT_EQ(s.result.matches.size(), 3u + 1u + 3u);  // 2.14.1: 3, spring: 1, 2.14.0: 3
    const std::string out = write_cyclonedx_vex(s.db, s.sboms, s.result, "1.2.3", kTime);
    ASSERT_TRUE(out.ends_with("}\n"));
    EXPECT_FALSE(out.ends_with("\n\n"));
    const core::Node root = parse_json(out);
    EXPECT_EQ(text_at(root, "$schema"), "http://cyclonedx.org/schema/bom-1.6.schema.json");
    EXPECT_EQ(text_at(root, "bomFormat"), "CycloneDX");
    EXPECT_EQ(text_at(root, "specVersion"), "1.6");
    EXPECT_EQ(text_at(root, "version"), "1");
    EXPECT_EQ(text_at(root, "metadata.timestamp"), kTime);
    EXPECT_EQ(text_at(root, "metadata.tools.components[0].name"), "wasp");
    EXPECT_EQ(text_at(root, "metadata.tools.components[0].version"), "1.2.3");
    // serialNumber: urn:uuid: and a version 4, variant 1 UUID.
    const std::string serial = text_at(root, "serialNumber");
    ASSERT_EQ(serial.size(), 45u) << serial;
    EXPECT_TRUE(serial.starts_with("urn:uuid:"));
    EXPECT_EQ(serial[9 + 14], '4');
    EXPECT_NE(std::string_view("89ab").find(serial[9 + 19]), std::string_view::npos) << serial;

    // The vulnerable components, each once, by purl.
    const core::Node* components = root.get("components");
    ASSERT_NE(components, nullptr);
    std::vector<std::string> purls;
    for (const auto& c : components->items()) {
        purls.push_back(text_at(c, "purl"));
        EXPECT_EQ(text_at(c, "bom-ref"), text_at(c, "purl"));
        EXPECT_EQ(text_at(c, "type"), "library");
    }
    EXPECT_EQ(purls,
              (std::vector<std::string>{"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.0",
                                        "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
                                        "pkg:maven/org.springframework/spring-beans@5.3.17"}));

    // Log4Shell: not_affected for 2.14.1, in_triage for 2.14.0: two entries.
    const core::Node* na = entry(root, "CVE-2021-44228", "not_affected");
    ASSERT_NE(na, nullptr) << out;
    EXPECT_EQ(text_at(*na, "analysis.justification"), "code_not_reachable");
    EXPECT_EQ(text_at(*na, "analysis.detail"), "JndiLookup is removed from the classpath");
    EXPECT_EQ(text_at(*na, "source.name"), "NVD");
    EXPECT_EQ(text_at(*na, "source.url"), "https://nvd.nist.gov/vuln/detail/CVE-2021-44228");
    EXPECT_EQ(text_at(*na, "references[0].id"), "GHSA-jfh8-c2jp-5v3q");
    EXPECT_EQ(text_at(*na, "references[0].source.url"),
              "https://github.com/advisories/GHSA-jfh8-c2jp-5v3q");
    EXPECT_EQ(text_at(*na, "ratings[0].method"), "CVSSv31");
    EXPECT_EQ(text_at(*na, "ratings[0].severity"), "critical");
    EXPECT_EQ(text_at(*na, "ratings[0].score"), "10.0");
    EXPECT_EQ(text_at(*na, "ratings[0].vector"), "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
    EXPECT_EQ(text_at(*na, "description"), "Remote code injection in Log4j");
    EXPECT_EQ(text_at(*na, "recommendation"), "Upgrade to 2.15.0 or later.");
    EXPECT_EQ(text_at(*na, "advisories[0].url"), "https://nvd.nist.gov/vuln/detail/CVE-2021-44228");
    EXPECT_EQ(na->get("advisories")->size(), 5u);
    EXPECT_EQ(text_at(*na, "published"), "2021-12-10T00:40:56Z");
    EXPECT_EQ(text_at(*na, "updated"), "2022-03-25T20:56:18Z");
    EXPECT_EQ(text_at(*na, "affects[0].ref"),
              "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    EXPECT_EQ(text_at(*na, "affects[0].versions[0].version"), "2.14.1");
    EXPECT_EQ(text_at(*na, "affects[0].versions[0].status"), "unaffected");
    EXPECT_EQ(na->get("affects")->size(), 1u);
    const core::Node* triage = entry(root, "CVE-2021-44228", "in_triage");
    ASSERT_NE(triage, nullptr);
    EXPECT_EQ(triage->at_path("analysis.justification"), nullptr);
    EXPECT_EQ(text_at(*triage, "affects[0].ref"),
              "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.0");
    EXPECT_EQ(text_at(*triage, "affects[0].versions[0].status"), "affected");
    EXPECT_NE(text_at(*triage, "bom-ref"), text_at(*na, "bom-ref"));

    // fixed -> resolved; affected -> exploitable; no statement -> in_triage for both versions.
    EXPECT_NE(entry(root, "CVE-2021-45046", "resolved"), nullptr);
    const core::Node* spring = entry(root, "CVE-2022-22965", "exploitable");
    ASSERT_NE(spring, nullptr);
    EXPECT_EQ(text_at(*spring, "ratings[0].score"), "9.8");
    EXPECT_EQ(text_at(*spring, "recommendation"), "Upgrade to 5.3.18 or later.");
    const core::Node* dos = entry(root, "CVE-2021-45105", "in_triage");
    ASSERT_NE(dos, nullptr);
    EXPECT_EQ(dos->get("affects")->size(), 2u);
    EXPECT_EQ(text_at(*dos, "recommendation"), "Upgrade to 2.17.0 or later.");
    EXPECT_EQ(text_at(*dos, "ratings[0].severity"), "high");

    // Every bom-ref is unique.
    std::set<std::string> refs;
    std::size_t count = 0;
    for (const char* list : {"components", "vulnerabilities"}) {
        for (const auto& item : root.get(list)->items()) {
            refs.insert(text_at(item, "bom-ref"));
            ++count;
        }
    }
    EXPECT_EQ(refs.size(), count);
    EXPECT_EQ(root.get("vulnerabilities")->size(), 6u);
}

TEST(CycloneDxVexWrite, ReadBackStatesRoundTrip) {
    const Scan s = small_scan();
    const std::string out = write_cyclonedx_vex(s.db, s.sboms, s.result, "1.2.3", kTime);
    core::Diagnostics warnings;
    auto doc = read_vex(out, "out.vex.cdx.json", warnings);
    ASSERT_TRUE(doc.has_value()) << doc.error().str();
    EXPECT_TRUE(warnings.empty()) << warnings.front().str();
    EXPECT_EQ(doc->format, "cyclonedx");
    ASSERT_EQ(doc->statements.size(), 6u);
    std::vector<std::string> seen;
    for (const auto& st : doc->statements) {
        seen.push_back(st.vulnerability + " " + std::string(to_string(st.status)) + " " +
                       st.justification);
    }
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(seen, (std::vector<std::string>{
                        "CVE-2021-44228 not_affected code_not_reachable",
                        "CVE-2021-44228 under_investigation ",
                        "CVE-2021-45046 fixed ",
                        "CVE-2021-45046 under_investigation ",
                        "CVE-2021-45105 under_investigation ",
                        "CVE-2022-22965 affected ",
                    }));
    for (const auto& st : doc->statements) {
        if (st.vulnerability == "CVE-2021-44228" && st.status == VexStatus::kNotAffected) {
            EXPECT_EQ(st.aliases, std::vector<std::string>{"GHSA-jfh8-c2jp-5v3q"});
            EXPECT_EQ(st.detail, "JndiLookup is removed from the classpath");
            EXPECT_EQ(st.products, std::vector<std::string>{
                                       "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"});
        }
    }

    // Fed back alone, the document gives the scan the same verdicts.
    ScanOptions options;
    options.threads = 1;
    const ScanResult again = scan(s.db, s.sboms, std::vector<VexDocument>{*doc}, options);
    ASSERT_EQ(again.matches.size(), s.result.matches.size());
    for (std::size_t i = 0; i < again.matches.size(); ++i) {
        const Match& before = s.result.matches[i];
        const Match& after = again.matches[i];
        EXPECT_EQ(after.vulnerability, before.vulnerability);
        EXPECT_EQ(is_open(after), is_open(before)) << i;
        // Statements the first scan had carry over; in_triage is written for the others and
        // reads back as under_investigation.
        ASSERT_TRUE(after.vex.has_value()) << i;
        EXPECT_EQ(*after.vex, before.vex.value_or(VexStatus::kUnderInvestigation)) << i;
    }
    EXPECT_EQ(again.stats.affected_components, s.result.stats.affected_components);
}

TEST(CycloneDxVexWrite, DeterministicOutput) {
    const Scan s = small_scan();
    const std::string one = write_cyclonedx_vex(s.db, s.sboms, s.result, "1.2.3", kTime);
    const std::string two = write_cyclonedx_vex(s.db, s.sboms, s.result, "1.2.3", kTime);
    EXPECT_EQ(one, two);
    // A second, identical scan writes the same bytes too.
    const Scan t = small_scan();
    EXPECT_EQ(write_cyclonedx_vex(t.db, t.sboms, t.result, "1.2.3", kTime), one);
    // Another time is another document: another serial number.
    const std::string later =
        write_cyclonedx_vex(s.db, s.sboms, s.result, "1.2.3", "2024-05-02T12:00:00Z");
    EXPECT_NE(text_at(parse_json(later), "serialNumber"), text_at(parse_json(one), "serialNumber"));
}

TEST(CycloneDxVexWrite, EmptyScanIsAValidEmptyDocument) {
    const Database db;
    const ScanResult none;
    const std::string out = write_cyclonedx_vex(db, {}, none, "1.2.3", kTime);
    const core::Node root = parse_json(out);
    EXPECT_EQ(text_at(root, "specVersion"), "1.6");
    ASSERT_NE(root.get("components"), nullptr);
    EXPECT_EQ(root.get("components")->size(), 0u);
    EXPECT_EQ(root.get("vulnerabilities")->size(), 0u);
}

TEST(CycloneDxVexWrite, HostileStringsAreEscaped) {
    const std::string hostile =
        "quote\" backslash\\ <script>alert(1)</script> & \x01\x1f\x7f tab\t nl\n end";
    // The record's summary and reference carry it (as JSON escapes in the record).
    auto adv = parse_osv(
        R"({"id":"GHSA-evil","modified":"2024-01-01T00:00:00Z","published":"2024-01-01T00:00:00Z",)"
        R"("summary":"quote\" backslash\\ <script>alert(1)</script> & \u0001\u001f\u007f tab\t nl\n end",)"
        R"("references":[{"type":"ADVISORY","url":"https://example.com/?q=\"<x>"}],)"
        R"("affected":[{"package":{"ecosystem":"npm","name":"evil"},)"
        R"("ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}]}]})",
        "evil.json");
    ASSERT_TRUE(adv.has_value()) << adv.error();
    ASSERT_EQ(adv->summary, hostile);
    const Database db = Database::from_records({*adv});
    Component c;
    c.name = hostile + "\xff";  // and a byte that is not UTF-8
    c.version = "1.0.0";
    c.purl = "pkg:npm/evil@1.0.0";
    c.ecosystem = "npm";
    c.package = "evil";
    Sbom sbom;
    sbom.file = "evil.cdx.json";
    sbom.components = {c};
    VexStatement st = statement("GHSA-evil", c.purl, VexStatus::kNotAffected);
    st.detail = hostile;
    st.justification = "\"><img src=x>";  // not a CycloneDX justification: left out
    VexDocument doc;
    doc.statements = {st};
    ScanOptions options;
    options.threads = 1;
    const std::vector<Sbom> sboms{sbom};
    const ScanResult r = scan(db, sboms, std::vector<VexDocument>{doc}, options);
    ASSERT_EQ(r.matches.size(), 1u);
    const std::string out = write_cyclonedx_vex(db, sboms, r, "1.2.3\"<x>", kTime);

    // No raw markup and no raw control character; newlines only between tokens.
    EXPECT_EQ(out.find('<'), std::string::npos);
    EXPECT_EQ(out.find('>'), std::string::npos);
    EXPECT_NE(out.find("\\u003cscript\\u003e"), std::string::npos);  // escaped, not dropped
    for (char ch : out) {
        const auto u = static_cast<unsigned char>(ch);
        EXPECT_TRUE(u >= 0x20 || ch == '\n') << "raw control character " << static_cast<int>(u);
        EXPECT_NE(u, 0x7F);
    }
    // Everything reads back as written.
    const core::Node root = parse_json(out);
    EXPECT_EQ(text_at(root, "components[0].name"), hostile + "\xEF\xBF\xBD");
    EXPECT_EQ(text_at(root, "metadata.tools.components[0].version"), "1.2.3\"<x>");
    EXPECT_EQ(text_at(root, "vulnerabilities[0].description"), hostile);
    EXPECT_EQ(text_at(root, "vulnerabilities[0].analysis.detail"), hostile);
    EXPECT_EQ(text_at(root, "vulnerabilities[0].analysis.state"), "not_affected");
    EXPECT_EQ(root.at_path("vulnerabilities[0].analysis.justification"), nullptr);
    EXPECT_EQ(text_at(root, "vulnerabilities[0].advisories[0].url"),
              "https://example.com/?q=\"<x>");
    // And the module's reader takes it.
    core::Diagnostics warnings;
    auto back = read_vex(out, "evil.vex.json", warnings);
    ASSERT_TRUE(back.has_value()) << back.error().str();
    ASSERT_EQ(back->statements.size(), 1u);
    EXPECT_EQ(back->statements[0].detail, hostile);
}

}  // namespace
}  // namespace wasp::vuln
