// The hand-built review of fixture.h and the validator helpers.
#include "fixture.h"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "core/utf8.h"

namespace wasp::report::test {

namespace {

core::SourceLocation at(std::string file,
                        std::uint32_t line,
                        std::uint32_t column,
                        std::string pointer = {}) {
    return core::SourceLocation{std::move(file), core::Mark{line, column}, std::move(pointer)};
}

pillar::BestPractice practice(std::string id, std::string title, pillar::Risk risk) {
    pillar::BestPractice bp;
    bp.id = std::move(id);
    bp.title = std::move(title);
    bp.risk = risk;
    bp.choice_id = "sec_" + bp.id.substr(0, 5);
    bp.url =
        "https://docs.aws.amazon.com/wellarchitected/latest/security-pillar/" + bp.id + ".html";
    bp.description = "What " + bp.id + " asks for.";
    bp.guidance = "First step towards " + bp.id + ".";
    bp.evidence = "What shows " + bp.id + " is met.";
    return bp;
}

pillar::Catalog make_catalog() {
    pillar::Catalog c;
    c.version = "2025.1";
    c.name = "AWS Well-Architected Framework, Security Pillar";
    c.source = "https://docs.aws.amazon.com/wellarchitected/latest/security-pillar/welcome.html";

    pillar::Question sec01;
    sec01.id = "SEC01";
    sec01.section = "Security foundations";
    sec01.wa_tool_question_id = "securely-operate";
    sec01.title = "How do you securely operate your workload?";
    sec01.description = "Account structure and the groundwork other controls depend on.";
    sec01.best_practices.push_back(
        practice("SEC01-BP01", "Separate workloads using accounts", pillar::Risk::kHigh));
    sec01.best_practices.push_back(
        practice("SEC01-BP02", "Secure account root user and properties", pillar::Risk::kHigh));

    pillar::Question sec08;
    sec08.id = "SEC08";
    sec08.section = "Data protection";
    sec08.wa_tool_question_id = "protect-data-rest";
    sec08.title = "How do you protect your data at rest?";
    sec08.description = "Encryption and access control for stored data.";
    sec08.best_practices.push_back(
        practice("SEC08-BP01", "Implement secure key management", pillar::Risk::kHigh));
    sec08.best_practices.push_back(
        practice("SEC08-BP02", "Enforce encryption at rest", pillar::Risk::kHigh));
    sec08.best_practices.push_back(
        practice("SEC08-BP03", "Automate data at rest protection", pillar::Risk::kMedium));

    c.questions = {std::move(sec01), std::move(sec08)};
    return c;
}

core::RuleInfo rule(std::string id,
                    std::string title,
                    core::Severity severity,
                    std::string practice_id,
                    std::string remediation) {
    core::RuleInfo r;
    r.id = std::move(id);
    r.title = std::move(title);
    r.severity = severity;
    r.best_practices = {std::move(practice_id)};
    r.description = "Why " + r.id + " matters.";
    r.remediation = std::move(remediation);
    r.references = {"https://docs.aws.amazon.com/" + r.id};
    r.source = "rules/" + r.id + ".yaml";
    return r;
}

core::Resource resource(std::string kind,
                        std::string native_type,
                        std::string id,
                        core::SourceLocation location) {
    core::Resource r;
    r.kind = std::move(kind);
    r.native_type = std::move(native_type);
    r.id = std::move(id);
    r.location = std::move(location);
    return r;
}

core::CheckResult check(std::string rule_id,
                        std::size_t resource_index,
                        core::Outcome outcome,
                        std::string detail,
                        core::SourceLocation location) {
    return core::CheckResult{std::move(rule_id), resource_index, outcome, std::move(detail),
                             std::move(location)};
}

}  // namespace

std::unique_ptr<Fixture> make_fixture() {
    auto fx = std::make_unique<Fixture>();
    fx->catalog = make_catalog();
    pillar::Review& r = fx->review;
    const pillar::Catalog& c = fx->catalog;
    r.tool_version = "0.1.0-test";
    r.generated_at = "2025-06-01T12:00:00Z";
    r.review_date = "2025-06-01";
    r.workload = "shop";
    r.catalog = &c;

    r.inputs = {
        {"template.yaml", "cloudformation", std::string(64, 'a'), 2048, true},
        {"legacy.yaml", "cloudformation", std::string(64, 'b'), 512, false},
        {"answers.yaml", "answers", std::string(64, 'c'), 300, true},
    };

    r.rules = {
        rule("WASP-CFG-001", "AWS Config checks encryption", core::Severity::kLow, "SEC08-BP03",
             "Deploy the encrypted-volumes AWS Config managed rule."),
        rule("WASP-KMS-001", "KMS keys rotate automatically", core::Severity::kMedium, "SEC08-BP01",
             "Set EnableKeyRotation to true."),
        rule("WASP-RDS-001", "RDS instances encrypt storage", core::Severity::kHigh, "SEC08-BP02",
             "Set StorageEncrypted to true."),
        rule("WASP-S3-001", "S3 buckets encrypt data at rest", core::Severity::kHigh, "SEC08-BP02",
             "Add BucketEncryption with SSE-KMS."),
    };

    r.resources = {
        resource("aws.s3.bucket", "AWS::S3::Bucket", "LogsBucket", at("template.yaml", 10, 3)),
        resource("aws.s3.bucket", "AWS::S3::Bucket", "DataBucket", at("template.yaml", 25, 3)),
        resource("aws.kms.key", "AWS::KMS::Key", "AppKey", at("template.yaml", 40, 3)),
        resource("aws.rds.instance", "AWS::RDS::DBInstance", "Db", at("template.yaml", 55, 3)),
        resource("aws.s3.bucket", "AWS::S3::Bucket", "ImportedBucket", at("template.yaml", 80, 3)),
        resource("aws.kms.key", "AWS::KMS::Key", "SigningKey", at("template.yaml", 90, 3)),
    };
    r.resources[0].tags = {{"env", "prod"}, {"team", "payments"}};
    r.resources[0].construct_path = "Shop/LogsBucket/Resource";

    r.checks = {
        check("WASP-KMS-001", 2, core::Outcome::kPass, "EnableKeyRotation is true",
              at("template.yaml", 42, 7)),
        check("WASP-S3-001", 0, core::Outcome::kFail, "BucketEncryption is absent",
              at("template.yaml", 10, 3)),
        check("WASP-S3-001", 1, core::Outcome::kPass, "SSE-KMS with AppKey",
              at("template.yaml", 27, 7)),
        check("WASP-RDS-001", 3, core::Outcome::kFail, "StorageEncrypted is false",
              at("template.yaml", 60, 7)),
        check("WASP-S3-001", 4, core::Outcome::kUnknown,
              "BucketEncryption comes from Fn::ImportValue", at("template.yaml", 82, 7)),
        check("WASP-KMS-001", 5, core::Outcome::kNotApplicable, "asymmetric keys cannot rotate",
              at("template.yaml", 90, 3)),
    };

    r.findings = {
        core::Finding{"WASP-S3-001",
                      core::Severity::kHigh,
                      0,
                      "LogsBucket has no BucketEncryption",
                      at("template.yaml", 10, 3, "/Resources/LogsBucket"),
                      "fp-s3-logs",
                      {},
                      {},
                      {}},
        core::Finding{"WASP-RDS-001",
                      core::Severity::kHigh,
                      3,
                      "StorageEncrypted is false on Db",
                      at("template.yaml", 60, 7, "/Resources/Db/Properties/StorageEncrypted"),
                      "fp-rds-db",
                      {},
                      {},
                      {}},
        core::Finding{"WASP-CFG-001",
                      core::Severity::kLow,
                      core::kNoResource,
                      "No AWS Config rule checks that volumes are encrypted",
                      {},
                      "fp-cfg",
                      {},
                      {},
                      {}},
    };

    r.diagnostics = {
        core::Diagnostic{core::DiagLevel::kError, "yaml-syntax",
                         "mapping values are not allowed here", at("legacy.yaml", 3, 9)},
        core::Diagnostic{core::DiagLevel::kWarning, "cfn-unresolved",
                         "Fn::ImportValue cannot be resolved before deployment",
                         at("template.yaml", 82, 15)},
    };

    pillar::Answer alice;
    alice.best_practice = "SEC01-BP01";
    alice.status = pillar::BpStatus::kMet;
    alice.by = "alice@example.com";
    alice.date = "2024-01-10";
    alice.evidence = "https://wiki.example.com/accounts";
    alice.note = "Production runs in its own account.";
    alice.location = at("answers.yaml", 4, 3);
    alice.stale = true;
    pillar::Answer bob;
    bob.best_practice = "SEC08-BP03";
    bob.status = pillar::BpStatus::kMet;
    bob.by = "bob";
    bob.date = "2025-05-01";
    bob.note = "Config rules are managed centrally.";
    bob.location = at("answers.yaml", 12, 3);
    bob.conflict = "WASP-CFG-001 found no AWS Config rule";
    r.answers = {alice, bob};

    const pillar::Question& sec01 = c.questions[0];
    const pillar::Question& sec08 = c.questions[1];

    pillar::QuestionResult q1;
    q1.question = &sec01;
    q1.risk = pillar::QuestionRisk::kNeedsAnswers;
    q1.met = 1, q1.unanswered = 1;
    pillar::BestPracticeResult bp;
    bp.practice = &sec01.best_practices[0];
    bp.status = pillar::BpStatus::kMet;
    bp.reason = "Answered in answers.yaml.";
    bp.answer = alice;
    q1.best_practices.push_back(bp);
    bp = {};
    bp.practice = &sec01.best_practices[1];
    bp.status = pillar::BpStatus::kNeedsAnswer;
    bp.reason = "No input shows how the root user is protected.";
    q1.best_practices.push_back(bp);

    pillar::QuestionResult q8;
    q8.question = &sec08;
    q8.risk = pillar::QuestionRisk::kHigh;
    q8.met = 1, q8.not_met = 2;
    bp = {};
    bp.practice = &sec08.best_practices[0];
    bp.status = pillar::BpStatus::kMet;
    bp.reason = "Every key rotates.";
    bp.checks = {0, 5};
    bp.passed = 1, bp.not_applicable = 1;
    q8.best_practices.push_back(bp);
    bp = {};
    bp.practice = &sec08.best_practices[1];
    bp.status = pillar::BpStatus::kNotMet;
    bp.reason = "2 resources store data unencrypted.";
    bp.checks = {1, 2, 3, 4};
    bp.passed = 1, bp.failed = 2, bp.unknown = 1;
    q8.best_practices.push_back(bp);
    bp = {};
    bp.practice = &sec08.best_practices[2];
    bp.status = pillar::BpStatus::kNotMet;
    bp.reason = "A workload finding contradicts the answer.";
    bp.answer = bob;
    q8.best_practices.push_back(bp);
    r.questions = {q1, q8};

    pillar::PlanItem p1;
    p1.best_practice = "SEC08-BP02";
    p1.question = "SEC08";
    p1.risk = pillar::Risk::kHigh;
    p1.fixes = {{"WASP-RDS-001", {1}}, {"WASP-S3-001", {0}}};
    p1.resources = 2;
    pillar::PlanItem p2;
    p2.best_practice = "SEC08-BP03";
    p2.question = "SEC08";
    p2.risk = pillar::Risk::kMedium;
    p2.fixes = {{"WASP-CFG-001", {2}}};
    p2.resources = 0;
    r.plan = {p1, p2};
    return fx;
}

std::unique_ptr<Fixture> make_hostile_fixture() {
    auto fx = make_fixture();
    pillar::Review& r = fx->review;
    const std::string script(kScript), breakout(kBreakout), style(kStyleClose);
    const std::string js(kJavascriptUrl);
    // Control characters, a terminal escape and invalid UTF-8 ride along.
    const std::string junk = "\x1b[2J\x01\x7f\xff\xc0\xaf";

    r.workload = script + junk;
    r.tool_version = breakout;
    r.inputs[0].path = breakout + ".yaml";
    r.inputs[0].kind = script;

    r.rules[3].title = breakout;
    r.rules[3].remediation = script + style;
    r.rules[3].description = style + junk;
    r.rules[3].references = {js, "https://example.com/a<b>\"c"};

    core::Resource& bucket = r.resources[0];
    bucket.id = "Logs" + script;
    bucket.kind = breakout;
    bucket.construct_path = breakout + junk;
    bucket.tags = {{"owner", breakout + style}, {script, "x"}};
    bucket.location.file = "evil" + breakout + ".yaml";

    r.checks[1].detail = script + junk;
    r.checks[1].location.file = bucket.location.file;
    r.checks[2].detail = style;
    r.checks[4].detail = breakout;

    core::Finding& f = r.findings[0];
    f.message = script + breakout + junk;
    f.location.file = bucket.location.file;
    f.location.pointer = breakout;
    f.fingerprint = breakout;

    r.diagnostics[0].message = script + style + breakout + junk;
    r.diagnostics[0].location.file = breakout;
    r.diagnostics[0].code = script;

    for (auto& q : r.questions) {
        for (auto& bp : q.best_practices) {
            bp.reason = breakout + junk;
            if (bp.answer) {
                bp.answer->note = script + style;
                bp.answer->evidence = js;
                bp.answer->by = breakout;
                bp.answer->conflict = bp.answer->conflict.empty() ? "" : script;
            }
        }
    }
    for (auto& a : r.answers) {
        a.note = script + style;
        a.evidence = js;
        a.by = breakout;
    }
    return fx;
}

std::size_t count(std::string_view haystack, std::string_view needle) {
    std::size_t n = 0;
    for (auto pos = haystack.find(needle); pos != std::string_view::npos;
         pos = haystack.find(needle, pos + needle.size())) {
        ++n;
    }
    return n;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool is_valid_utf8(std::string_view s) {
    // for_each_code_point hands back the input's own bytes for every valid sequence.
    std::string copy;
    core::for_each_code_point(s, [&](char32_t, std::string_view bytes) { copy += bytes; });
    return copy == s;
}

std::filesystem::path write_temp_file(std::string_view name, std::string_view contents) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string unique = std::string(info ? info->test_suite_name() : "t") + "." +
                         (info ? info->name() : "t") + "." + std::string(name);
    std::filesystem::path path = std::filesystem::path(::testing::TempDir()) / unique;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    return path;
}

std::filesystem::path source_path(std::string_view relative) {
    return std::filesystem::path(WASP_SOURCE_DIR) / relative;
}

namespace {
std::string shell_quote(std::string_view s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}
}  // namespace

int run_python(const std::vector<std::string>& args) {
    std::string command = shell_quote(kPython);
    for (const auto& a : args) command += ' ' + shell_quote(a);
    int status = std::system(command.c_str());
    if (status == -1 || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
}

int validate_json_schema(const std::filesystem::path& schema,
                         const std::filesystem::path& document,
                         bool closed,
                         bool lines) {
    std::vector<std::string> args{source_path("tests/tools/validate_json_schema.py").string()};
    if (closed) args.emplace_back("--closed");
    if (lines) args.emplace_back("--lines");
    args.push_back(schema.string());
    args.push_back(document.string());
    return run_python(args);
}

namespace {

bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
           c == ':';
}

// Checks the references in text (no '<' expected here); returns "" or the problem.
std::string check_references(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '<') return "raw '<' in character data or attribute";
        if (text[i] != '&') continue;
        std::size_t end = text.find(';', i);
        if (end == std::string_view::npos) return "unterminated reference";
        std::string_view ref = text.substr(i + 1, end - i - 1);
        bool ok = ref == "amp" || ref == "lt" || ref == "gt" || ref == "quot" || ref == "apos";
        if (!ok && ref.size() > 1 && ref[0] == '#') {
            bool hex = ref[1] == 'x';
            std::string_view digits = ref.substr(hex ? 2 : 1);
            ok = !digits.empty();
            for (char c : digits) {
                ok = ok && (hex ? std::isxdigit(static_cast<unsigned char>(c))
                                : std::isdigit(static_cast<unsigned char>(c)));
            }
            if (ok) {
                unsigned long cp = std::stoul(std::string(digits), nullptr, hex ? 16 : 10);
                ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                     (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            }
        }
        if (!ok) return "bad reference &" + std::string(ref) + ";";
        i = end;
    }
    return {};
}

}  // namespace

std::string xml_problem(std::string_view text) {
    bool chars_ok = true;
    core::for_each_code_point(text, [&](char32_t cp, std::string_view) {
        bool allowed =
            cp == '\t' || cp == '\n' || cp == '\r' || (cp >= 0x20 && cp != 0xFFFE && cp != 0xFFFF);
        if (!allowed) chars_ok = false;
    });
    if (!chars_ok || !is_valid_utf8(text)) return "character not allowed in XML 1.0";

    std::size_t i = 0;
    if (text.starts_with("<?xml")) {
        i = text.find("?>");
        if (i == std::string_view::npos) return "unterminated XML declaration";
        i += 2;
    }
    std::vector<std::string_view> stack;
    bool seen_root = false;
    while (i < text.size()) {
        std::size_t lt = text.find('<', i);
        std::string_view chars = text.substr(i, lt == std::string_view::npos ? lt : lt - i);
        if (stack.empty()) {
            for (char c : chars) {
                if (!std::isspace(static_cast<unsigned char>(c))) return "text outside the root";
            }
        } else if (auto p = check_references(chars); !p.empty()) {
            return p;
        }
        if (lt == std::string_view::npos) break;
        i = lt + 1;
        bool closing = i < text.size() && text[i] == '/';
        if (closing) ++i;
        std::size_t name_start = i;
        while (i < text.size() && is_name_char(text[i])) ++i;
        std::string_view name = text.substr(name_start, i - name_start);
        if (name.empty()) return "bad tag at offset " + std::to_string(lt);
        if (closing) {
            if (stack.empty() || stack.back() != name) return "mismatched </" + std::string(name);
            stack.pop_back();
            if (i >= text.size() || text[i] != '>') return "bad closing tag";
            ++i;
            continue;
        }
        if (stack.empty() && seen_root) return "second root element";
        seen_root = true;
        std::vector<std::string_view> attributes;
        while (true) {
            while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
            if (i >= text.size()) return "unterminated tag";
            if (text[i] == '>') {
                stack.push_back(name);
                ++i;
                break;
            }
            if (text.substr(i, 2) == "/>") {
                i += 2;
                break;
            }
            std::size_t attr_start = i;
            while (i < text.size() && is_name_char(text[i])) ++i;
            std::string_view attr = text.substr(attr_start, i - attr_start);
            if (attr.empty()) return "bad attribute in <" + std::string(name);
            for (auto a : attributes) {
                if (a == attr) return "duplicate attribute " + std::string(attr);
            }
            attributes.push_back(attr);
            if (text.substr(i, 2) != "=\"") return "unquoted attribute " + std::string(attr);
            i += 2;
            std::size_t close = text.find('"', i);
            if (close == std::string_view::npos) return "unterminated attribute";
            if (auto p = check_references(text.substr(i, close - i)); !p.empty()) {
                return p + " in attribute " + std::string(attr);
            }
            i = close + 1;
        }
    }
    if (!stack.empty()) return "unclosed <" + std::string(stack.back());
    if (!seen_root) return "no root element";
    return {};
}

}  // namespace wasp::report::test
