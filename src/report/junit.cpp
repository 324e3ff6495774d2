// The JUnit XML format, for CI systems that show test results: one suite per rule, one case per
// check, and a suite of input errors.
#include <map>
#include <set>
#include <string>

#include "report/escape.h"
#include "report/formats.h"

namespace wasp::report::detail {

namespace {

constexpr std::string_view kInputsSuite = "wasp.inputs";

using CheckKey = std::pair<std::string_view, std::size_t>;  // rule id, resource

struct Suite {
    std::vector<std::size_t> checks;
    // (rule, resource) pairs with findings but no failed check: an analyzer may report a finding
    // directly, and it must still fail the build.
    std::vector<std::size_t> resources;
    std::size_t failures = 0, skipped = 0;
};

class JunitReport {
  public:
    explicit JunitReport(const pillar::Review& review) : review_(review) {
        for (std::size_t i = 0; i < review.findings.size(); ++i) {
            const core::Finding& f = review.findings[i];
            findings_[{f.rule_id, f.resource}].push_back(i);
        }
        std::set<CheckKey> failed;
        for (std::size_t i = 0; i < review.checks.size(); ++i) {
            const core::CheckResult& c = review.checks[i];
            Suite& s = suites_[c.rule_id];
            s.checks.push_back(i);
            if (c.outcome == core::Outcome::kFail) {
                ++s.failures;
                failed.insert({c.rule_id, c.resource});
            }
            if (c.outcome == core::Outcome::kUnknown ||
                c.outcome == core::Outcome::kNotApplicable ||
                c.outcome == core::Outcome::kSuppressed) {
                ++s.skipped;
            }
        }
        for (const auto& [key, list] : findings_) {
            if (failed.contains(key)) continue;
            Suite& s = suites_[std::string(key.first)];
            s.resources.push_back(key.second);
            ++s.failures;
        }
        for (const auto& d : review.diagnostics) {
            if (d.level == core::DiagLevel::kError) ++input_errors_;
        }
    }

    std::string write() {
        std::size_t tests = input_errors_, failures = input_errors_, skipped = 0;
        for (const auto& [id, s] : suites_) {
            tests += s.checks.size() + s.resources.size();
            failures += s.failures;
            skipped += s.skipped;
        }
        out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
        out_ += "<testsuites";
        attribute("name", kToolName);
        numbers(tests, failures, skipped);
        out_ += ">\n";
        for (const auto& [id, s] : suites_) suite(id, s);
        if (!review_.diagnostics.empty()) inputs_suite();
        out_ += "</testsuites>\n";
        return std::move(out_);
    }

  private:
    void numbers(std::size_t tests, std::size_t failures, std::size_t skipped) {
        out_ += " tests=\"" + std::to_string(tests) + "\" failures=\"" + std::to_string(failures) +
                "\" errors=\"0\" skipped=\"" + std::to_string(skipped) + '"';
    }

    void attribute(std::string_view name, std::string_view value) {
        out_ += ' ';
        out_ += name;
        out_ += "=\"";
        out_ += xml_escape_attribute(value);
        out_ += '"';
    }

    // "RESOURCE_ID (file:line)"
    std::string case_name(const core::SourceLocation& own, std::size_t resource) const {
        std::string name(resource_label(review_, resource));
        std::string where = file_line(location_of(review_, own, resource));
        if (!where.empty()) name += " (" + where + ')';
        return name;
    }

    void suite(const std::string& rule_id, const Suite& s) {
        out_ += "  <testsuite";
        attribute("name", rule_id);
        numbers(s.checks.size() + s.resources.size(), s.failures, s.skipped);
        out_ += ">\n";
        for (std::size_t i : s.checks) testcase(review_.checks[i]);
        for (std::size_t resource : s.resources) {
            const auto& list = findings_.at({rule_id, resource});
            out_ += "    <testcase";
            attribute("classname", rule_id);
            attribute("name", case_name(review_.findings[list.front()].location, resource));
            out_ += ">\n";
            failure(rule_id, resource, {}, "");
            out_ += "    </testcase>\n";
        }
        out_ += "  </testsuite>\n";
    }

    void testcase(const core::CheckResult& c) {
        out_ += "    <testcase";
        attribute("classname", c.rule_id);
        attribute("name", case_name(c.location, c.resource));
        if (c.outcome == core::Outcome::kPass) {
            out_ += "/>\n";
            return;
        }
        out_ += ">\n";
        if (c.outcome == core::Outcome::kFail) {
            failure(c.rule_id, c.resource, c.location, c.detail);
        } else {
            std::string message(c.outcome == core::Outcome::kUnknown      ? "unknown"
                                : c.outcome == core::Outcome::kSuppressed ? "suppressed"
                                                                          : "not applicable");
            if (!c.detail.empty()) message += ": " + c.detail;
            out_ += "      <skipped";
            attribute("message", message);
            out_ += "/>\n";
        }
        out_ += "    </testcase>\n";
    }

    // The failure of a rule on a resource: the findings' messages (the check's detail when there
    // is no finding), the rule's title and remediation, and where.
    void failure(std::string_view rule_id,
                 std::size_t resource,
                 const core::SourceLocation& own,
                 std::string_view detail) {
        const core::RuleInfo* rule = review_.find_rule(rule_id);
        auto it = findings_.find({rule_id, resource});
        const std::vector<std::size_t>* list = it != findings_.end() ? &it->second : nullptr;
        const core::Finding* first = list ? &review_.findings[list->front()] : nullptr;

        core::Severity severity =
            first ? first->severity : (rule ? rule->severity : core::Severity::kMedium);
        std::string message =
            first && !first->message.empty() ? first->message : std::string(detail);
        if (message.empty() && rule) message = rule->title;
        if (list && list->size() > 1) {
            message += " (and " + std::to_string(list->size() - 1) + " more)";
        }

        std::string body;
        if (list) {
            for (std::size_t f : *list) {
                const core::Finding& finding = review_.findings[f];
                if (!body.empty()) body += '\n';
                body += finding.message;
                std::string where = location_of(review_, finding.location, resource).str();
                if (!where.empty()) body += " [" + where + ']';
            }
        } else {
            body = message;
            std::string where = location_of(review_, own, resource).str();
            if (!where.empty()) body += " [" + where + ']';
        }
        if (rule && !rule->title.empty()) body += "\nRule: " + rule->title;
        if (rule && !rule->remediation.empty()) body += "\nRemediation: " + rule->remediation;

        out_ += "      <failure";
        attribute("message", message);
        attribute("type", core::to_string(severity));
        out_ += '>';
        out_ += xml_escape_text(body);
        out_ += "</failure>\n";
    }

    void inputs_suite() {
        out_ += "  <testsuite";
        attribute("name", kInputsSuite);
        numbers(input_errors_, input_errors_, 0);
        out_ += ">\n";
        for (const auto& d : review_.diagnostics) {
            if (d.level != core::DiagLevel::kError) continue;
            std::string name = d.code.empty() ? std::string("error") : d.code;
            std::string where = file_line(d.location);
            if (!where.empty()) name += " (" + where + ')';
            out_ += "    <testcase";
            attribute("classname", kInputsSuite);
            attribute("name", name);
            out_ += ">\n      <failure";
            attribute("message", d.message);
            attribute("type", "error");
            out_ += '>';
            out_ += xml_escape_text(d.str());
            out_ += "</failure>\n    </testcase>\n";
        }
        // Warnings and notes do not fail anything, but every report shows every diagnostic.
        std::string others;
        for (const auto& d : review_.diagnostics) {
            if (d.level != core::DiagLevel::kError) others += d.str() + '\n';
        }
        if (!others.empty()) {
            out_ += "    <system-out>";
            out_ += xml_escape_text(others);
            out_ += "</system-out>\n";
        }
        out_ += "  </testsuite>\n";
    }

    const pillar::Review& review_;
    std::map<CheckKey, std::vector<std::size_t>> findings_;
    std::map<std::string, Suite, std::less<>> suites_;
    std::size_t input_errors_ = 0;
    std::string out_;
};

}  // namespace

std::string render_junit(const pillar::Review& review) { return JunitReport(review).write(); }

}  // namespace wasp::report::detail
