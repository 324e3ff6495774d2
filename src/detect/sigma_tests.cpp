// The runner of rule test files: X.tests.jsonl beside X.yml, one case a line, each a list of
// CloudTrail events the rule must alert on ("match") or stay silent on ("no_match").
#include <algorithm>

#include "core/file.h"
#include "core/time.h"
#include "detect/sigma_engine.h"

namespace wasp::detect {
namespace {

namespace dom = simdjson::dom;

constexpr std::string_view kSuffix = ".tests.jsonl";
constexpr std::int64_t kMaxRepeat = 100'000;
constexpr std::size_t kMaxCaseEvents = 1'000'000;
constexpr std::size_t kMaxTestFileBytes = 64u << 20;

struct CaseError {
    std::string message;
};

// The rules a test file may test: those whose document is in the file beside it.
struct FileRules {
    std::vector<const SigmaRule*> running;
    std::vector<const SkippedRule*> skipped;
};

FileRules rules_of(const RuleSet& rules, std::string_view tests_path) {
    FileRules out;
    const std::string_view base = tests_path.substr(0, tests_path.size() - kSuffix.size());
    auto ours = [&](const std::string& file) {
        return file.size() > base.size() && file.starts_with(base) &&
               (file.substr(base.size()) == ".yml" || file.substr(base.size()) == ".yaml");
    };
    for (const auto& r : rules.rules()) {
        if (ours(r.location.file)) out.running.push_back(&r);
    }
    for (const auto& s : rules.unsupported()) {
        if (ours(s.location.file)) out.skipped.push_back(&s);
    }
    for (const auto& s : rules.not_applicable()) {
        if (ours(s.location.file)) out.skipped.push_back(&s);
    }
    return out;
}

// The rule a case tests: named by "rule", else the file's last document.
const SigmaRule* select(const FileRules& f, std::string_view wanted, std::string& why) {
    if (!wanted.empty()) {
        for (const SigmaRule* r : f.running) {
            if (r->review_id() == wanted || r->id == wanted || r->name == wanted) return r;
        }
        for (const SkippedRule* s : f.skipped) {
            if (s->id == wanted || s->name == wanted) {
                why = "rule " + std::string(wanted) + " does not run: " + s->reason;
                return nullptr;
            }
        }
        why = "no rule '" + std::string(wanted) + "' in the rule file";
        return nullptr;
    }
    const SigmaRule* last = nullptr;
    std::uint32_t line = 0;
    for (const SigmaRule* r : f.running) {
        if (!last || r->location.mark.line >= line) {
            last = r;
            line = r->location.mark.line;
        }
    }
    for (const SkippedRule* s : f.skipped) {
        if (!last || s->location.mark.line > line) {
            why = "the rule does not run: " + s->reason;
            return nullptr;
        }
    }
    if (!last) why = "no rule is loaded from the rule file beside this test file";
    return last;
}

std::string_view string_field(dom::object o, std::string_view key) {
    std::string_view s;
    if (o[key].get(s) != simdjson::SUCCESS) return {};
    return s;
}

// Appends the events of one "events" entry as JSON texts.
void expand_entry(dom::element entry, std::vector<std::string>& out) {
    dom::object o;
    if (entry.get(o) != simdjson::SUCCESS) throw CaseError{"an event must be a JSON object"};
    dom::element repeat;
    if (o["$repeat"].get(repeat) != simdjson::SUCCESS) {
        std::string text;
        append_json(entry, text);
        out.push_back(std::move(text));
        return;
    }
    std::int64_t n = 0;
    if (repeat.get(n) != simdjson::SUCCESS || n < 1 || n > kMaxRepeat) {
        throw CaseError{"$repeat must be a whole number from 1 to " + std::to_string(kMaxRepeat)};
    }
    double step = 0;
    if (dom::element s;
        o["$step_seconds"].get(s) == simdjson::SUCCESS && s.get(step) != simdjson::SUCCESS) {
        throw CaseError{"$step_seconds must be a number"};
    }
    dom::object event;
    if (o["$event"].get(event) != simdjson::SUCCESS)
        throw CaseError{"$repeat needs an $event object"};
    for (auto field : o) {
        if (field.key != "$repeat" && field.key != "$step_seconds" && field.key != "$event") {
            throw CaseError{"unknown key '" + std::string(field.key) + "' next to $repeat"};
        }
    }
    const std::int64_t start = parse_time(string_field(event, "eventTime"));
    if (start == kNoTime && step != 0) throw CaseError{"$event needs an eventTime to step"};
    if (out.size() + static_cast<std::size_t>(n) > kMaxCaseEvents) {
        throw CaseError{"more than " + std::to_string(kMaxCaseEvents) + " events in one case"};
    }
    for (std::int64_t i = 0; i < n; ++i) {
        std::string text = "{";
        bool first = true;
        for (auto field : event) {
            if (!first) text += ',';
            first = false;
            append_json_text(field.key, text);
            text += ':';
            if (field.key == "eventTime" && start != kNoTime) {
                const auto t =
                    start + static_cast<std::int64_t>(step * 1000.0 * static_cast<double>(i));
                text += '"' + core::format_iso_time_ms(t) + '"';
            } else {
                append_json(field.value, text);
            }
        }
        text += '}';
        out.push_back(std::move(text));
    }
}

struct Case {
    std::string name;
    bool expect_match = true;
    std::string rule;
    std::vector<std::string> events;
};

// Reads a case into c (its name first, so that an error can still be named by it).
void read_case(std::string_view line, Case& c) {
    dom::parser parser;
    dom::element root;
    if (auto err = parser.parse(line.data(), line.size()).get(root)) {
        throw CaseError{std::string("not JSON: ") + simdjson::error_message(err)};
    }
    dom::object o;
    if (root.get(o) != simdjson::SUCCESS) throw CaseError{"a case must be a JSON object"};
    if (std::string_view name; o["name"].get(name) == simdjson::SUCCESS) c.name = std::string(name);
    bool has_expect = false, has_events = false;
    for (auto field : o) {
        if (field.key == "name") {
            std::string_view s;
            if (field.value.get(s) != simdjson::SUCCESS) throw CaseError{"name must be text"};
            c.name = std::string(s);
        } else if (field.key == "rule") {
            std::string_view s;
            if (field.value.get(s) != simdjson::SUCCESS) throw CaseError{"rule must be text"};
            c.rule = std::string(s);
        } else if (field.key == "expect") {
            std::string_view s;
            if (field.value.get(s) != simdjson::SUCCESS || (s != "match" && s != "no_match")) {
                throw CaseError{"expect must be \"match\" or \"no_match\""};
            }
            c.expect_match = s == "match";
            has_expect = true;
        } else if (field.key == "events") {
            dom::array events;
            if (field.value.get(events) != simdjson::SUCCESS)
                throw CaseError{"events must be a list"};
            for (auto e : events) expand_entry(e, c.events);
            has_events = true;
        } else {
            throw CaseError{"unknown key '" + std::string(field.key) + "'"};
        }
    }
    if (c.name.empty()) throw CaseError{"the case has no name"};
    if (!has_expect) throw CaseError{"the case has no expect"};
    if (!has_events) throw CaseError{"the case has no events"};
}

// Runs the whole rule set on the case's events and looks for the rule's alerts.
std::vector<Alert> run_case(const RuleSet& rules, const Case& c, const std::string& file) {
    std::string all = "[";
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    for (const auto& e : c.events) {
        if (all.size() > 1) all += ',';
        spans.emplace_back(all.size(), e.size());
        all += e;
    }
    all += ']';
    dom::parser parser;
    dom::element root;
    if (auto err = parser.parse(all).get(root)) {
        throw CaseError{std::string("events are not JSON: ") + simdjson::error_message(err)};
    }
    SigmaConsumer consumer(rules);
    std::size_t i = 0;
    for (auto record : dom::array(root)) {
        Event e;
        if (!fill(e, record)) throw CaseError{"an event is not a JSON object"};
        e.raw = std::string_view(all).substr(spans[i].first, spans[i].second);
        e.file = file;
        e.index = i++;
        consumer.consume(e);
    }
    core::Diagnostics diags;
    return consumer.alerts(diags);
}

std::string why_not_alerting(const RuleSet& rules, const SigmaRule& rule) {
    const SigmaEngine& engine = rules.engine();
    for (std::size_t i = 0; i < engine.metas.size(); ++i) {
        if (&engine.metas[i] != &rule || engine.compiled[i].alerts) continue;
        std::string by;
        for (std::uint32_t c : engine.compiled[i].referrers) {
            if (!by.empty()) by += ", ";
            by += engine.metas[c].review_id();
        }
        return " (the rule does not alert on its own: correlation " + by +
               " refers to it without generate: true; test the correlation)";
    }
    return {};
}

void run_file(const RuleSet& rules,
              const std::string& path,
              std::string_view text,
              std::vector<SigmaTestResult>& out) {
    const FileRules file_rules = rules_of(rules, path);
    std::uint32_t line_no = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t eol = std::min(text.find('\n', pos), text.size());
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
        SigmaTestResult r;
        r.location = core::SourceLocation{path, {line_no, 1}, {}};
        Case c;
        try {
            read_case(line, c);
            r.name = c.name;
            r.expect_match = c.expect_match;
            std::string why;
            const SigmaRule* rule = select(file_rules, c.rule, why);
            if (!rule) throw CaseError{why};
            r.rule_id = rule->review_id();
            const std::vector<Alert> alerts = run_case(rules, c, path);
            std::uint64_t hits = 0;
            for (const auto& a : alerts) {
                if (a.rule_id == r.rule_id) ++hits;
            }
            r.passed = c.expect_match ? hits > 0 : hits == 0;
            if (!r.passed) {
                r.message =
                    c.expect_match
                        ? "expected an alert from " + r.rule_id + ", got none from " +
                              std::to_string(c.events.size()) + " events" +
                              why_not_alerting(rules, *rule)
                        : "expected no alert from " + r.rule_id + ", got " + std::to_string(hits);
            }
        } catch (const CaseError& e) {
            r.name = c.name.empty() ? "line " + std::to_string(line_no) : c.name;
            r.passed = false;
            r.message = e.message;
        }
        out.push_back(std::move(r));
    }
}

}  // namespace

std::vector<SigmaTestResult> run_rule_tests(const RuleSet& rules,
                                            std::span<const core::EmbeddedFile> test_files) {
    std::vector<SigmaTestResult> out;
    for (const auto& f : test_files) {
        if (!f.path.ends_with(kSuffix)) continue;
        run_file(rules, std::string(f.path), f.contents, out);
    }
    return out;
}

std::vector<SigmaTestResult> run_rule_tests_dir(const RuleSet& rules,
                                                const std::filesystem::path& dir) {
    std::vector<SigmaTestResult> out;
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    if (std::filesystem::is_regular_file(dir, ec)) {
        files.push_back(dir);
    } else {
        for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
             !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
            std::error_code type_ec;
            if (it->is_regular_file(type_ec) && it->path().string().ends_with(kSuffix)) {
                files.push_back(it->path());
            }
        }
    }
    if (ec) {
        SigmaTestResult r;
        r.location = core::SourceLocation{dir.string(), {}, {}};
        r.name = "test files";
        r.message = "cannot read test files: " + ec.message();
        out.push_back(std::move(r));
        return out;
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        auto text = core::read_file(f, kMaxTestFileBytes);
        if (!text) {
            SigmaTestResult r;
            r.location = core::SourceLocation{f.string(), {}, {}};
            r.name = "test file";
            r.message = text.error();
            out.push_back(std::move(r));
            continue;
        }
        run_file(rules, f.string(), *text, out);
    }
    return out;
}

}  // namespace wasp::detect
