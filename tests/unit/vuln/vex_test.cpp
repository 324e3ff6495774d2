// VEX readers: the CycloneDX VEX examples (every analysis state), OpenVEX v0.2.0 and v0.0.1
// documents, malformed documents, and which components a statement applies to.
#include "vuln/vex.h"

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "vuln/sbom.h"

namespace wasp::vuln {
namespace {

const std::string kDir = "tests/fixtures/vuln/sbom/";

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << path;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Read {
    VexDocument doc;
    core::Diagnostics warnings;
};

Read read_ok(const std::string& relative) {
    Read r;
    auto doc = read_vex(slurp(kDir + relative), relative, r.warnings);
    EXPECT_TRUE(doc.has_value()) << relative << ": " << (doc ? "" : doc.error().str());
    if (doc) r.doc = std::move(*doc);
    return r;
}

Component component(std::string purl, std::string bom_ref = {}, std::string version = {}) {
    Component c;
    c.purl = std::move(purl);
    c.bom_ref = std::move(bom_ref);
    c.version = std::move(version);
    return c;
}

VexStatement statement(std::vector<std::string> products) {
    VexStatement s;
    s.vulnerability = "CVE-2021-44228";
    s.products = std::move(products);
    return s;
}

// --- CycloneDX VEX: every analysis state ------------------------------------------------

TEST(VexCycloneDx, CisaCaseOneEveryState) {
    struct Case {
        std::string file;
        VexStatus status;
        std::string justification, product;
    };
    const std::vector<Case> cases{
        {"CISA-Use-Cases__Case-1__vex-affected.json", VexStatus::kAffected, "", "product-DEF"},
        {"CISA-Use-Cases__Case-1__vex-fixed.json", VexStatus::kFixed, "", "product-DEF"},
        {"CISA-Use-Cases__Case-1__vex-not_affected.json", VexStatus::kNotAffected,
         "code_not_present", "product-ABC"},
        {"CISA-Use-Cases__Case-1__vex-under_investigation.json", VexStatus::kUnderInvestigation, "",
         "product-GHI"},
    };
    for (const auto& c : cases) {
        const Read r = read_ok("cyclonedx-vex-examples/" + c.file);
        EXPECT_TRUE(r.warnings.empty()) << c.file;
        EXPECT_EQ(r.doc.format, "cyclonedx");
        EXPECT_EQ(r.doc.file, "cyclonedx-vex-examples/" + c.file);
        ASSERT_EQ(r.doc.statements.size(), 1u) << c.file;
        const VexStatement& s = r.doc.statements[0];
        EXPECT_EQ(s.vulnerability, "CVE-2021-44228");
        EXPECT_EQ(s.status, c.status) << c.file;
        EXPECT_EQ(s.justification, c.justification) << c.file;
        EXPECT_EQ(s.products, std::vector<std::string>{c.product}) << c.file;
        EXPECT_EQ(s.timestamp, "2022-03-03T00:00:00Z");
        EXPECT_FALSE(s.detail.empty());
        EXPECT_EQ(s.location.pointer, "/vulnerabilities/0");
    }
}

TEST(VexCycloneDx, MixedStatesInOneDocument) {
    const Read r = read_ok("cyclonedx-vex-examples/CISA-Use-Cases__Case-3__vex.json");
    ASSERT_EQ(r.doc.statements.size(), 19u);
    int counts[4] = {0, 0, 0, 0};
    for (const auto& s : r.doc.statements) ++counts[static_cast<int>(s.status)];
    EXPECT_EQ(counts[static_cast<int>(VexStatus::kUnderInvestigation)], 5);
    EXPECT_EQ(counts[static_cast<int>(VexStatus::kAffected)], 5);
    EXPECT_EQ(counts[static_cast<int>(VexStatus::kFixed)], 3);
    EXPECT_EQ(counts[static_cast<int>(VexStatus::kNotAffected)], 6);
}

TEST(VexCycloneDx, JustificationsAndAliases) {
    const Read r = read_ok("cyclonedx-vex-examples/Use-Cases__Case-12__vex.json");
    ASSERT_EQ(r.doc.statements.size(), 3u);
    EXPECT_EQ(r.doc.statements[0].justification, "code_not_reachable");
    EXPECT_EQ(r.doc.statements[1].status, VexStatus::kAffected);
    EXPECT_EQ(r.doc.statements[1].detail, "Update to Acme Product v2.4.0 or higher");
    EXPECT_EQ(r.doc.statements[2].justification, "protected_by_mitigating_control");

    const Read v = read_ok("cyclonedx-vex-examples/vex.json");
    ASSERT_EQ(v.doc.statements.size(), 1u);
    const VexStatement& s = v.doc.statements[0];
    EXPECT_EQ(s.aliases, std::vector<std::string>{"SNYK-JAVA-COMFASTERXMLJACKSONCORE-1048302"});
    EXPECT_EQ(s.timestamp, "2021-10-26T00:00:00.000Z");  // the vulnerability's "updated"
    EXPECT_EQ(s.products, std::vector<std::string>{
                              "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg:maven/"
                              "com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar"});
}

TEST(VexCycloneDx, BomLinksToOtherBoms) {
    const Read r = read_ok("cyclonedx-vex-examples/Use-Cases__Case-13__vex.json");
    ASSERT_EQ(r.doc.statements.size(), 2u);
    EXPECT_EQ(r.doc.statements[0].products,
              (std::vector<std::string>{
                  "urn:cdx:2c385cf7-e1ee-46e9-a51c-13de1ecb380a/1#acme-product-1",
                  "urn:cdx:6ffac0b2-5246-4fb9-a6fe-7993041856a0/1#acme-product-2"}));
    EXPECT_EQ(r.doc.statements[1].status, VexStatus::kAffected);
}

TEST(VexCycloneDx, VersionRangesAreNotApplied) {
    // The product is a bom-ref with version ranges: nothing can carry them, so nothing is
    // over-applied; each entry says why.
    const Read r = read_ok("cyclonedx-vex-examples/CISA-Use-Cases__Case-6__vex.json");
    EXPECT_TRUE(r.doc.statements.empty());
    ASSERT_EQ(r.warnings.size(), 4u);
    EXPECT_EQ(r.warnings[0].code, "vex-statement");
    EXPECT_EQ(r.warnings[0].location.pointer, "/vulnerabilities/0/affects/0");
    EXPECT_EQ(r.warnings[1].location.pointer, "/vulnerabilities/0");
}

TEST(VexCycloneDx, VersionsOfAPurlBecomeVersionedPurls) {
    const std::string text = R"({"bomFormat": "CycloneDX", "specVersion": "1.5",
      "vulnerabilities": [{"id": "CVE-2021-44228",
        "analysis": {"state": "not_affected", "justification": "code_not_present"},
        "affects": [{"ref": "pkg:maven/org.apache.logging.log4j/log4j-core",
          "versions": [{"version": "2.14.1", "status": "unaffected"},
                       {"version": "2.15.0", "status": "affected"},
                       {"range": "vers:maven/>=2.0|<2.14", "status": "unaffected"}]}]}]})";
    core::Diagnostics w;
    auto doc = read_vex(text, "v.json", w);
    ASSERT_TRUE(doc.has_value());
    ASSERT_EQ(doc->statements.size(), 1u);
    EXPECT_EQ(doc->statements[0].products,
              std::vector<std::string>{"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"});
    ASSERT_EQ(w.size(), 1u);  // the range
    EXPECT_EQ(w[0].location.pointer, "/vulnerabilities/0/affects/0/versions/2");
}

TEST(VexCycloneDx, UnusableStatementsAreWarnings) {
    const std::string text = R"({"bomFormat": "CycloneDX", "specVersion": "1.4",
      "vulnerabilities": [
        {"id": "CVE-1", "affects": [{"ref": "a"}]},
        {"id": "CVE-2", "analysis": {"state": "probably"}, "affects": [{"ref": "a"}]},
        {"id": "CVE-3", "analysis": {"state": "resolved_with_pedigree"}},
        {"analysis": {"state": "false_positive"}, "affects": [{"ref": "a"}]},
        {"id": "CVE-5", "analysis": {"state": "false_positive"}, "affects": [{"ref": "a"}]},
        "nonsense"]})";
    core::Diagnostics w;
    auto doc = read_vex(text, "v.json", w);
    ASSERT_TRUE(doc.has_value());
    ASSERT_EQ(doc->statements.size(), 1u);
    EXPECT_EQ(doc->statements[0].vulnerability, "CVE-5");
    EXPECT_EQ(doc->statements[0].status, VexStatus::kNotAffected);
    std::vector<std::string> where;
    for (const auto& d : w) where.push_back(d.code + " " + d.location.pointer);
    EXPECT_EQ(where,
              (std::vector<std::string>{
                  "vex-statement /vulnerabilities/0", "vex-statement /vulnerabilities/1/analysis",
                  "vex-statement /vulnerabilities/2", "vex-statement /vulnerabilities/3",
                  "vex-statement /vulnerabilities/5"}));
}

TEST(VexCycloneDx, ManyProductsAreDeduplicated) {
    std::string text = R"({"bomFormat": "CycloneDX", "specVersion": "1.5",
      "vulnerabilities": [{"id": "CVE-1", "analysis": {"state": "not_affected"}, "affects": [)";
    for (int i = 0; i < 20000; ++i) {
        if (i > 0) text += ',';
        text += R"({"ref": "pkg:npm/p)" + std::to_string(i % 10000) + R"(@1"})";
    }
    text += "]}]}";
    core::Diagnostics w;
    auto doc = read_vex(text, "many.json", w);
    ASSERT_TRUE(doc.has_value());
    ASSERT_EQ(doc->statements.size(), 1u);
    EXPECT_EQ(doc->statements[0].products.size(), 10000u);
    EXPECT_EQ(doc->statements[0].products[9999], "pkg:npm/p9999@1");
}

// --- OpenVEX ------------------------------------------------------------------------------

TEST(VexOpenVex, StatusesJustificationsProducts) {
    const Read r = read_ok("wasp/shop-api.openvex.json");
    EXPECT_EQ(r.doc.format, "openvex");
    ASSERT_EQ(r.doc.statements.size(), 4u);
    const auto& s = r.doc.statements;
    EXPECT_EQ(s[0].vulnerability, "CVE-2021-44228");
    EXPECT_EQ(s[0].aliases, std::vector<std::string>{"GHSA-jfh8-c2jp-5v3q"});
    EXPECT_EQ(s[0].status, VexStatus::kNotAffected);
    EXPECT_EQ(s[0].justification, "vulnerable_code_not_in_execute_path");
    EXPECT_EQ(s[0].detail, "The JndiLookup class is removed from the shipped jar.");
    EXPECT_EQ(s[0].timestamp, "2024-05-03T12:00:00Z");  // the document's
    EXPECT_EQ(s[0].products,
              (std::vector<std::string>{"pkg:maven/com.example/shop-api@1.0",
                                        "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}));
    EXPECT_EQ(s[0].location.pointer, "/statements/0");

    EXPECT_EQ(s[1].vulnerability, "CVE-2022-22965");
    EXPECT_EQ(s[1].status, VexStatus::kAffected);
    EXPECT_EQ(s[1].detail, "Upgrade spring-beans to 5.3.18.");
    EXPECT_EQ(s[1].timestamp, "2024-05-04T08:00:00Z");
    EXPECT_EQ(s[1].products,
              (std::vector<std::string>{"shop-api", "pkg:maven/org.springframework/spring-beans"}));
    EXPECT_EQ(s[2].status, VexStatus::kFixed);
    EXPECT_EQ(s[3].status, VexStatus::kUnderInvestigation);

    ASSERT_EQ(r.warnings.size(), 2u);
    EXPECT_EQ(r.warnings[0].location.pointer, "/statements/4");
    EXPECT_NE(r.warnings[0].message.find("'maybe'"), std::string::npos);
    EXPECT_EQ(r.warnings[1].location.pointer, "/statements/5");
    EXPECT_NE(r.warnings[1].message.find("names no product"), std::string::npos);
}

TEST(VexOpenVex, LegacyStringVulnerabilityAndSubcomponents) {
    const Read r = read_ok("wasp/legacy.openvex-v0.0.1.json");
    ASSERT_EQ(r.doc.statements.size(), 1u);
    const VexStatement& s = r.doc.statements[0];
    EXPECT_EQ(s.vulnerability, "CVE-2014-123456");
    EXPECT_EQ(s.status, VexStatus::kFixed);
    EXPECT_EQ(s.timestamp, "2023-01-09T21:23:03Z");
    EXPECT_EQ(s.products, (std::vector<std::string>{"pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64",
                                                    "pkg:apk/wolfi/openssl@3.0.7-r1"}));
}

TEST(VexOpenVex, StatusSpellings) {
    EXPECT_EQ(to_string(VexStatus::kAffected), "affected");
    EXPECT_EQ(to_string(VexStatus::kNotAffected), "not_affected");
    EXPECT_EQ(to_string(VexStatus::kFixed), "fixed");
    EXPECT_EQ(to_string(VexStatus::kUnderInvestigation), "under_investigation");
}

// --- Errors ------------------------------------------------------------------------------

TEST(VexErrors, NeitherFormat) {
    core::Diagnostics w;
    auto doc = read_vex(slurp(kDir + "npm-sbom-demo/bom.spdx-2.3.json"), "spdx.json", w);
    ASSERT_FALSE(doc.has_value());
    EXPECT_EQ(doc.error().code, "vex-format");
    EXPECT_EQ(doc.error().location.mark.line, 1u);
}

TEST(VexErrors, SyntaxErrorWithPosition) {
    core::Diagnostics w;
    auto doc =
        read_vex("{\n  \"@context\": \"https://openvex.dev/ns/v0.2.0\",\n  \"statements\": [,]\n}",
                 "bad.json", w);
    ASSERT_FALSE(doc.has_value());
    EXPECT_EQ(doc.error().code, "vex-syntax");
    EXPECT_EQ(doc.error().location.mark.line, 3u);
}

TEST(VexErrors, OpenVexWithoutStatements) {
    core::Diagnostics w;
    auto doc =
        read_vex(R"({"@context": "https://openvex.dev/ns/v0.2.0", "statements": {}})", "x.json", w);
    ASSERT_FALSE(doc.has_value());
    EXPECT_EQ(doc.error().code, "vex-format");
}

// --- vex_applies --------------------------------------------------------------------------

TEST(VexApplies, ByBomRefAndBomLinkFragment) {
    const Component c = component("", "product-ABC");
    EXPECT_TRUE(vex_applies(statement({"product-ABC"}), c));
    EXPECT_TRUE(
        vex_applies(statement({"urn:cdx:2c385cf7-e1ee-46e9-a51c-13de1ecb380a/1#product-ABC"}), c));
    EXPECT_FALSE(vex_applies(statement({"product-DEF"}), c));
    EXPECT_FALSE(vex_applies(statement({"urn:cdx:2c385cf7-e1ee-46e9-a51c-13de1ecb380a/1"}), c));
    EXPECT_FALSE(vex_applies(statement({"product-ABC"}), component("")));
}

TEST(VexApplies, ByPurlWithAndWithoutVersion) {
    const Component c = component("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar");
    EXPECT_TRUE(
        vex_applies(statement({"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}), c));
    EXPECT_TRUE(vex_applies(statement({"pkg:maven/org.apache.logging.log4j/log4j-core"}), c));
    EXPECT_FALSE(
        vex_applies(statement({"pkg:maven/org.apache.logging.log4j/log4j-core@2.15.0"}), c));
    EXPECT_FALSE(
        vex_applies(statement({"pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1"}), c));
    EXPECT_FALSE(vex_applies(statement({"pkg:npm/log4j-core@2.14.1"}), c));
}

TEST(VexApplies, PurlsCompareNormalised) {
    const Component c = component("pkg:pypi/flask-cors@3.0.9");
    EXPECT_TRUE(vex_applies(statement({"pkg:PyPI/Flask_Cors@3.0.9"}), c));
    EXPECT_TRUE(vex_applies(statement({"pkg:npm/%40babel/core@7.0.0"}),
                            component("pkg:npm/@babel/core@7.0.0")));
}

TEST(VexApplies, StatementQualifiersMustBeInTheComponent) {
    const Component c = component("pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64&distro=wolfi");
    EXPECT_TRUE(vex_applies(statement({"pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64"}), c));
    EXPECT_FALSE(vex_applies(statement({"pkg:apk/wolfi/git@2.39.0-r1?arch=armv7"}), c));
    EXPECT_FALSE(vex_applies(statement({"pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64&epoch=1"}), c));
    // The component's qualifiers the statement does not name do not matter.
    EXPECT_TRUE(vex_applies(statement({"pkg:apk/wolfi/git"}), c));
}

TEST(VexApplies, PurlInsideABomLink) {
    const Component c = component("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0");
    EXPECT_FALSE(
        vex_applies(statement({"urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg:maven/"
                               "com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar"}),
                    c));  // type=jar is not in the component
    EXPECT_TRUE(vex_applies(statement({"urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg:maven/"
                                       "com.fasterxml.jackson.core/jackson-databind@2.10.0"}),
                            c));
}

TEST(VexApplies, ComponentVersionFieldCountsToo) {
    // A purl without version in the SBOM, the version beside it.
    const Component c = component("pkg:npm/lodash", "", "4.17.20");
    EXPECT_TRUE(vex_applies(statement({"pkg:npm/lodash@4.17.20"}), c));
    EXPECT_FALSE(vex_applies(statement({"pkg:npm/lodash@4.17.21"}), c));
}

TEST(VexApplies, NotAPurlOrBadPurl) {
    const Component c = component("pkg:npm/lodash@4.17.20");
    EXPECT_FALSE(vex_applies(statement({"cpe:2.3:a:lodash:lodash:4.17.20:*:*:*:*:*:*:*"}), c));
    EXPECT_FALSE(vex_applies(statement({"pkg:npm/%zz@1"}), c));
    EXPECT_FALSE(vex_applies(statement({}), c));
}

TEST(VexApplies, SbomAndVexFilesTogether) {
    // The OpenVEX statement for log4j-core reaches the component of the SBOM it was written for.
    core::Diagnostics w;
    auto sbom = read_sbom(slurp(kDir + "wasp/shop-api-nested-cycle.cdx.json"), "s.json", w);
    auto vex = read_vex(slurp(kDir + "wasp/shop-api.openvex.json"), "v.json", w);
    ASSERT_TRUE(sbom.has_value());
    ASSERT_TRUE(vex.has_value());
    std::vector<std::string> hits;
    for (const auto& c : sbom->components) {
        if (vex_applies(vex->statements[0], c)) hits.push_back(c.name);
    }
    EXPECT_EQ(hits, (std::vector<std::string>{"shop-api", "log4j-core"}));
    hits.clear();
    for (const auto& c : sbom->components) {
        if (vex_applies(vex->statements[1], c)) hits.push_back(c.name);
    }
    // No spring-beans in that SBOM; the product "@id" equals the subject's bom-ref.
    EXPECT_EQ(hits, std::vector<std::string>{"shop-api"});
}

}  // namespace
}  // namespace wasp::vuln
