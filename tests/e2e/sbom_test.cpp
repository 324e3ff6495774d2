// End-to-end tests of wasp sbom scan and wasp sbom affected on the public Log4Shell demo SBOMs
// and advisories (tests/fixtures/vuln/), and of the SBOM part of a review.
#include <string>

#include <gtest/gtest.h>

#include "e2e.h"

namespace {

namespace fs = std::filesystem;
using wasp::e2e::expect_golden;
using wasp::e2e::kSource;
using wasp::e2e::read;
using wasp::e2e::Result;
using wasp::e2e::temp_dir;
using wasp::e2e::wasp;
using wasp::e2e::write;

constexpr const char* kDemo = "tests/fixtures/vuln/sbom/cdxgen-log4shell-demo";
constexpr const char* kDb = "--db tests/fixtures/vuln/osv/advisories";

int count(const std::string& text, const std::string& needle) {
    int n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

TEST(Sbom, ScanFindsLog4ShellInLog4jCoreOnlyAndFailsOnCritical) {
    auto r = wasp(std::string("sbom scan ") + kDemo + "/bom.cdx-1.5.json " + kDb);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.out.find("log4j-core 2.14.1 is affected by CVE-2021-44228"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("fixed in 2.15.0"), std::string::npos);
    // CVE-2021-45105 is fixed on three lines (2.3.1, 2.12.3, 2.17.0): the fix above 2.14.1.
    EXPECT_NE(r.out.find("CVE-2021-45105 (GHSA-p6xc-xr62-6r2g)"), std::string::npos);
    EXPECT_NE(r.out.find("fixed in 2.17.0"), std::string::npos);
    EXPECT_EQ(r.out.find("log4j-api 2"), std::string::npos) << "log4j-api is not affected";
    EXPECT_EQ(count(r.out, "WASP-VULN-001"), 5) << r.out;
}

TEST(Sbom, FailOnNoneExitsCleanAndFailOnIsValidated) {
    EXPECT_EQ(wasp(std::string("sbom scan ") + kDemo + " " + kDb + " --fail-on none").exit_code, 0);
    EXPECT_EQ(wasp(std::string("sbom scan ") + kDemo + " " + kDb + " --fail-on severe").exit_code,
              2);
    EXPECT_EQ(wasp(std::string("sbom scan ") + kDemo).exit_code, 2) << "--db is required";
}

TEST(Sbom, JsonCarriesTheVulnerableComponent) {
    auto r = wasp(std::string("sbom scan ") + kDemo + "/bom.cdx-1.5.json " + kDb +
                  " --fail-on none -f json");
    ASSERT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("\"vulnerability\": \"CVE-2021-44228\""), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"purl\": \"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
              std::string::npos);
    EXPECT_NE(r.out.find("\"fixed\": \"2.15.0\""), std::string::npos);
    EXPECT_NE(r.out.find("\"cvss_score\": 10"), std::string::npos);
    EXPECT_NE(r.out.find("GHSA-jfh8-c2jp-5v3q"), std::string::npos);
}

TEST(Sbom, EverySbomFormatOfTheDemoGivesTheSameFindings) {
    const char* files[] = {"bom.cdx-1.4.json", "bom.cdx-1.5.json", "bom.cdx-1.7.json",
                           "bom.spdx-3.0.1.json"};
    for (const char* f : files) {
        auto r = wasp(std::string("sbom scan ") + kDemo + "/" + f + " " + kDb + " --fail-on none");
        EXPECT_EQ(count(r.out, "is affected by CVE-2021-44228"), 1) << f << "\n" << r.out;
        EXPECT_EQ(count(r.out, "is affected by CVE-2022-22965"), 2) << f << "\n" << r.out;
    }
}

TEST(Sbom, AffectedAnswersTheLog4ShellQuestionAcrossAFolder) {
    auto r = wasp(std::string("sbom affected CVE-2021-44228 ") + kDemo + " " + kDb);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.out.find("affected: 4 of 4 SBOMs"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("answered in"), std::string::npos);
    EXPECT_EQ(count(r.out, ": log4j-core 2.14.1"), 4) << r.out;
    // Any alias, any case.
    auto g = wasp(std::string("sbom affected ghsa-jfh8-c2jp-5v3q ") + kDemo + " " + kDb);
    EXPECT_EQ(g.exit_code, 1);
    EXPECT_NE(g.out.find("affected: 4 of 4 SBOMs"), std::string::npos) << g.out;
    auto unknown = wasp(std::string("sbom affected CVE-1999-0001 ") + kDemo + " " + kDb);
    EXPECT_EQ(unknown.exit_code, 2);
}

TEST(Sbom, AffectedAsJsonAndAVulnerabilityNotPresent) {
    // The urllib3 advisory names a PyPI package the Maven SBOMs do not have.
    auto r = wasp(std::string("sbom affected PYSEC-2021-59 ") + kDemo + " " + kDb + " -f json");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("\"affected_sboms\": 0"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"query_ms\""), std::string::npos);
}

TEST(Sbom, VexNotAffectedClearsTheFindingButKeepsItListed) {
    fs::path dir = temp_dir("sbom-vex");
    write(dir / "log4j.openvex.json", R"({
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://example.com/vex/1",
  "author": "Platform Security",
  "timestamp": "2026-11-01T10:00:00Z",
  "version": 1,
  "statements": [{
    "vulnerability": {"name": "CVE-2021-44228"},
    "products": [{"@id": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}],
    "status": "not_affected",
    "justification": "vulnerable_code_not_in_execute_path",
    "impact_statement": "JNDI lookups are disabled with log4j2.formatMsgNoLookups"
  }]
})");
    auto r = wasp(std::string("sbom affected CVE-2021-44228 ") + kDemo + "/bom.cdx-1.5.json " +
                  kDb + " --vex " + (dir / "log4j.openvex.json").string());
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("VEX not_affected (vulnerable_code_not_in_execute_path)"),
              std::string::npos)
        << r.out;
    auto scan = wasp(std::string("sbom scan ") + kDemo + "/bom.cdx-1.5.json " + kDb +
                     " --fail-on none -f json --vex " + (dir / "log4j.openvex.json").string());
    EXPECT_NE(scan.out.find("\"kind\": \"vex\""), std::string::npos) << scan.out;
    EXPECT_NE(scan.out.find("\"vex_status\": \"not_affected\""), std::string::npos);
}

TEST(Sbom, CycloneDxVexOutputIsWrittenAndReadBack) {
    fs::path dir = temp_dir("sbom-cdx-vex");
    fs::path out = dir / "vulns.vex.cdx.json";
    auto r = wasp(std::string("sbom scan ") + kDemo + "/bom.cdx-1.5.json " + kDb +
                  " --fail-on none -f cyclonedx-vex -o " + out.string());
    ASSERT_EQ(r.exit_code, 0);
    std::string doc = read(out);
    EXPECT_NE(doc.find("\"specVersion\": \"1.6\""), std::string::npos) << doc;
    EXPECT_NE(doc.find("\"state\": \"in_triage\""), std::string::npos);
    EXPECT_NE(doc.find("\"method\": \"CVSSv31\""), std::string::npos);
    // Fed back as VEX, an unanalysed document changes nothing: the scan still fails.
    auto again = wasp(std::string("sbom scan ") + kDemo + "/bom.cdx-1.5.json " + kDb + " --vex " +
                      out.string());
    EXPECT_EQ(again.exit_code, 1) << again.out;
    // The same scan writes the same bytes.
    fs::path out2 = dir / "again.vex.cdx.json";
    (void)wasp(std::string("sbom scan ") + kDemo + "/bom.cdx-1.5.json " + kDb +
               " --fail-on none -f cyclonedx-vex -o " + out2.string());
    EXPECT_EQ(read(out2), doc);
}

TEST(Sbom, ABrokenSbomInAFolderIsADiagnosticAndTheRestIsScanned) {
    fs::path dir = temp_dir("sbom-broken");
    fs::copy_file(kSource / kDemo / "bom.cdx-1.5.json", dir / "good.cdx.json");
    write(dir / "broken.cdx.json", "{\"bomFormat\": \"CycloneDX\", \"components\": [");
    std::string cmd = "cd '" + kSource.string() + "' && SOURCE_DATE_EPOCH=1795910400 '" +
                      std::string(WASP_BINARY) + "' sbom scan " + dir.string() + " " + kDb +
                      " --fail-on none 2>&1";
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    ASSERT_NE(p, nullptr);
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    int status = pclose(p);
    EXPECT_EQ(WEXITSTATUS(status), 0) << out;
    EXPECT_NE(out.find("broken.cdx.json:1:"), std::string::npos) << out;
    EXPECT_NE(out.find("is affected by CVE-2021-44228"), std::string::npos) << out;
}

TEST(Sbom, HostileComponentNamesAreEscapedInHtml) {
    fs::path dir = temp_dir("sbom-hostile");
    write(dir / "evil.cdx.json", R"({"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
  "components": [{"type": "library", "bom-ref": "x",
    "name": "<script>alert(1)</script>", "version": "2.14.1",
    "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}]})");
    auto r = wasp("sbom scan " + (dir / "evil.cdx.json").string() + " " + kDb +
                  " --fail-on none -f html");
    EXPECT_NE(r.out.find("Vulnerable components"), std::string::npos);
    EXPECT_EQ(r.out.find("<script>alert(1)"), std::string::npos) << "unescaped input in HTML";
    EXPECT_NE(r.out.find("&lt;script&gt;alert(1)"), std::string::npos);
}

}  // namespace
