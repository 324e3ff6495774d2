// The JUnit XML format: suites per rule, cases per check, input errors, well-formed XML.
#include <gtest/gtest.h>

#include "fixture.h"
#include "report/report.h"

namespace wasp::report {
namespace {

bool contains(const std::string& s, std::string_view needle) {
    return s.find(needle) != std::string::npos;
}

TEST(JunitReport, SuitesPerRuleWithCounts) {
    auto fx = test::make_fixture();
    std::string out = render(fx->review, Format::kJunit);
    EXPECT_TRUE(
        out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "
                        "name=\"wasp\" tests=\"8\" failures=\"4\" errors=\"0\" "
                        "skipped=\"2\">\n"));
    EXPECT_TRUE(contains(out,
                         "<testsuite name=\"WASP-S3-001\" tests=\"3\" failures=\"1\" "
                         "errors=\"0\" skipped=\"1\">"));
    EXPECT_TRUE(contains(out,
                         "<testsuite name=\"WASP-KMS-001\" tests=\"2\" failures=\"0\" "
                         "errors=\"0\" skipped=\"1\">"));
    // Suites are in rule id order.
    EXPECT_LT(out.find("name=\"WASP-CFG-001\""), out.find("name=\"WASP-KMS-001\""));
    EXPECT_LT(out.find("name=\"WASP-RDS-001\""), out.find("name=\"WASP-S3-001\""));
}

TEST(JunitReport, CasePerCheck) {
    auto fx = test::make_fixture();
    std::string out = render(fx->review, Format::kJunit);
    EXPECT_TRUE(contains(out,
                         "<testcase classname=\"WASP-S3-001\" name=\"DataBucket "
                         "(template.yaml:27)\"/>"));
    EXPECT_TRUE(contains(out,
                         "<testcase classname=\"WASP-S3-001\" name=\"Shop/LogsBucket/Resource "
                         "(template.yaml:10)\">\n      <failure message=\"LogsBucket has no "
                         "BucketEncryption\" type=\"high\">LogsBucket has no "
                         "BucketEncryption [template.yaml:10:3]\nRule: S3 buckets encrypt "
                         "data at rest\nRemediation: Add BucketEncryption with SSE-KMS."
                         "</failure>"));
    EXPECT_TRUE(contains(out,
                         "<skipped message=\"unknown: BucketEncryption comes from "
                         "Fn::ImportValue\"/>"));
    EXPECT_TRUE(contains(out,
                         "<skipped message=\"not applicable: asymmetric keys cannot "
                         "rotate\"/>"));
}

TEST(JunitReport, FindingWithoutCheckStillFails) {
    auto fx = test::make_fixture();
    std::string out = render(fx->review, Format::kJunit);
    EXPECT_TRUE(contains(out,
                         "<testsuite name=\"WASP-CFG-001\" tests=\"1\" failures=\"1\" "
                         "errors=\"0\" skipped=\"0\">\n    <testcase "
                         "classname=\"WASP-CFG-001\" name=\"(workload)\">\n      <failure "
                         "message=\"No AWS Config rule checks that volumes are encrypted\" "
                         "type=\"low\">"));
}

TEST(JunitReport, SeveralFindingsOnOneCheck) {
    auto fx = test::make_fixture();
    core::Finding extra = fx->review.findings[0];
    extra.message = "LogsBucket also lacks a bucket key";
    fx->review.findings.push_back(extra);
    std::string out = render(fx->review, Format::kJunit);
    EXPECT_TRUE(contains(out,
                         "<failure message=\"LogsBucket has no BucketEncryption (and 1 "
                         "more)\" type=\"high\">LogsBucket has no BucketEncryption "
                         "[template.yaml:10:3]\nLogsBucket also lacks a bucket key "
                         "[template.yaml:10:3]\n"));
    EXPECT_TRUE(contains(out, "tests=\"8\" failures=\"4\""));  // still one case per check
}

TEST(JunitReport, InputErrorsSuite) {
    auto fx = test::make_fixture();
    std::string out = render(fx->review, Format::kJunit);
    EXPECT_TRUE(contains(out,
                         "<testsuite name=\"wasp.inputs\" tests=\"1\" failures=\"1\" "
                         "errors=\"0\" skipped=\"0\">\n    <testcase classname=\"wasp.inputs\" "
                         "name=\"yaml-syntax (legacy.yaml:3)\">\n      <failure "
                         "message=\"mapping values are not allowed here\" type=\"error\">"
                         "legacy.yaml:3:9: error: mapping values are not allowed here "
                         "[yaml-syntax]</failure>"));
    // Warnings are not failures, but they are shown.
    EXPECT_FALSE(contains(out, "name=\"cfn-unresolved"));
    EXPECT_TRUE(contains(out, "<system-out>"));
    EXPECT_TRUE(contains(out, "[cfn-unresolved]\n</system-out>"));
    fx->review.diagnostics.erase(fx->review.diagnostics.begin());
    EXPECT_TRUE(contains(render(fx->review, Format::kJunit),
                         "<testsuite name=\"wasp.inputs\" tests=\"0\" failures=\"0\""));
    fx->review.diagnostics.clear();
    EXPECT_FALSE(contains(render(fx->review, Format::kJunit), "wasp.inputs"));
}

TEST(JunitReport, WellFormedEvenWithHostileInput) {
    for (bool hostile : {false, true}) {
        auto fx = hostile ? test::make_hostile_fixture() : test::make_fixture();
        std::string out = render(fx->review, Format::kJunit);
        EXPECT_EQ(test::xml_problem(out), "") << (hostile ? "hostile" : "plain");
    }
    auto fx = test::make_hostile_fixture();
    fx->review.resources[0].construct_path.clear();  // so the label is the hostile id
    std::string out = render(fx->review, Format::kJunit);
    EXPECT_TRUE(contains(out,
                         "name=\"Logs&lt;script&gt;alert(1)&lt;/script&gt; (evil&quot;"
                         "&apos;&gt;&lt;img src=x onerror=alert(1)&gt;.yaml:10)\""));
    EXPECT_FALSE(contains(out, "<script"));
    EXPECT_FALSE(contains(out, "<img"));
    EXPECT_EQ(out.find('\x01'), std::string::npos);
    EXPECT_EQ(out.find('\x7f'), std::string::npos);
}

TEST(JunitReport, CheckerCatchesBrokenXml) {
    EXPECT_NE(test::xml_problem("<a b=\"<\"/>"), "");
    EXPECT_NE(test::xml_problem("<a>&bogus;</a>"), "");
    EXPECT_NE(test::xml_problem("<a><b></a></b>"), "");
    EXPECT_NE(test::xml_problem("<a>\x01</a>"), "");
    EXPECT_NE(test::xml_problem("<a/><b/>"), "");
    EXPECT_EQ(test::xml_problem("<?xml version=\"1.0\"?>\n<a x=\"&amp;&#10;\">t&lt;</a>\n"), "");
}

TEST(JunitReport, ParsesWithExpat) {
    if (!std::filesystem::exists(test::kPython)) GTEST_SKIP() << "no " << test::kPython;
    auto fx = test::make_hostile_fixture();
    fx->review.resources[0].construct_path.clear();  // so the label is the hostile id
    auto path = test::write_temp_file("junit.xml", render(fx->review, Format::kJunit));
    EXPECT_EQ(test::run_python({"-c",
                                "import sys, xml.etree.ElementTree as E\n"
                                "root = E.parse(sys.argv[1]).getroot()\n"
                                "assert root.tag == 'testsuites', root.tag\n"
                                "cases = root.findall('./testsuite/testcase')\n"
                                "assert len(cases) == 8, len(cases)\n"
                                "assert cases[4].get('name').startswith('Logs<script>'), "
                                "cases[4].get('name')\n",
                                path.string()}),
              0);
}

}  // namespace
}  // namespace wasp::report
