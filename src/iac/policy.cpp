// Guardrail policy (policy.h).
#include "iac/policy.h"

#include <algorithm>

#include "core/json_writer.h"
#include "core/parse.h"

namespace wasp::iac {

using core::DiagLevel;
using core::Node;

namespace {

std::string text_of(const Node& n, std::string_view key) {
    const Node* v = n.get(key);
    return v && v->is_scalar() ? v->text() : std::string();
}

bool valid_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (s[i] < '0' || s[i] > '9') return false;
    }
    return true;
}

bool resource_matches(std::string_view pattern, std::string_view id) {
    if (pattern == "*") return true;
    if (pattern.ends_with('*')) return id.starts_with(pattern.substr(0, pattern.size() - 1));
    return pattern == id;
}

}  // namespace

Policy parse_policy(std::string_view text,
                    const std::string& file,
                    core::Diagnostics& diagnostics) {
    Policy p;
    auto error = [&](std::string msg, core::Mark mark) {
        diagnostics.push_back({DiagLevel::kError, "policy-invalid", std::move(msg),
                               core::SourceLocation{file, mark, {}}});
    };
    auto doc = core::parse_yaml(text);
    if (!doc) {
        diagnostics.push_back({DiagLevel::kError, "yaml-syntax", doc.error().message,
                               core::SourceLocation{file, doc.error().mark, {}}});
        return p;
    }
    const Node& root = doc->root;
    if (!root.is_mapping()) {
        error("a policy file is a mapping (version, fail_on, unsuppressible, rules, suppressions)",
              root.mark());
        return p;
    }
    for (const auto& m : root.members()) {
        const Node& v = m.value;
        if (m.key == "version") {
            if (v.text() != "1") error("unsupported policy version " + v.text(), v.mark());
        } else if (m.key == "fail_on") {
            if (v.text() == "none") {
                p.fail_on_none = true;
            } else if (auto s = core::parse_severity(v.text())) {
                p.fail_on = s;
            } else {
                error("fail_on must be critical, high, medium, low, info or none", v.mark());
            }
        } else if (m.key == "unsuppressible") {
            for (const auto& id : v.items()) p.unsuppressible.insert(id.text());
        } else if (m.key == "rules") {
            for (const auto& r : v.members()) {
                RuleOverride o;
                for (const auto& k : r.value.members()) {
                    if (k.key == "severity") {
                        o.severity = core::parse_severity(k.value.text());
                        if (!o.severity)
                            error("unknown severity '" + k.value.text() + "'", k.value.mark());
                    } else if (k.key == "fail") {
                        std::string f = k.value.text();
                        if (f == "always" || f == "true") {
                            o.fail = true;
                        } else if (f == "never" || f == "false") {
                            o.fail = false;
                        } else {
                            error("fail must be always or never", k.value.mark());
                        }
                    } else {
                        error("unknown key '" + k.key + "' (severity, fail)", k.key_mark);
                    }
                }
                p.rules[r.key] = o;
            }
        } else if (m.key == "suppressions") {
            for (const auto& s : v.items()) {
                FileSuppression fs;
                fs.rule_id = text_of(s, "id");
                if (const Node* r = s.get("resource")) fs.resource = r->text();
                fs.file = text_of(s, "file");
                fs.suppression = {"file", text_of(s, "reason"), text_of(s, "expires"),
                                  core::SourceLocation{file, s.mark(), {}}};
                if (fs.rule_id.empty()) {
                    error("a suppression needs the rule 'id'", s.mark());
                } else if (fs.suppression.reason.empty()) {
                    error("the suppression of " + fs.rule_id +
                              " has no reason; every suppression "
                              "must say why",
                          s.mark());
                } else if (!fs.suppression.expires.empty() && !valid_date(fs.suppression.expires)) {
                    error("expires must be YYYY-MM-DD", s.mark());
                } else {
                    p.suppressions.push_back(std::move(fs));
                }
            }
        } else {
            error("unknown key '" + m.key +
                      "' (version, fail_on, unsuppressible, rules, suppressions)",
                  m.key_mark);
        }
    }
    return p;
}

void merge(Policy& a, Policy b) {
    if (b.fail_on || b.fail_on_none) {
        a.fail_on = b.fail_on;
        a.fail_on_none = b.fail_on_none;
    }
    a.unsuppressible.merge(b.unsuppressible);
    for (auto& [id, o] : b.rules) a.rules[id] = o;
    for (auto& s : b.suppressions) a.suppressions.push_back(std::move(s));
}

std::optional<Baseline> parse_baseline(std::string_view text,
                                       const std::string& file,
                                       core::Diagnostics& diagnostics) {
    auto doc = core::parse_json(text);
    const Node* list = doc ? doc->root.get("findings") : nullptr;
    if (!list || !list->is_sequence()) {
        diagnostics.push_back(
            {DiagLevel::kError, "baseline-invalid",
             doc ? "a baseline is {\"findings\": [{\"fingerprint\": ...}]}" : doc.error().message,
             core::SourceLocation{file, doc ? core::Mark{} : doc.error().mark, {}}});
        return std::nullopt;
    }
    Baseline b;
    b.file = file;
    for (const auto& f : list->items()) {
        std::string fp = text_of(f, "fingerprint");
        if (!fp.empty()) b.fingerprints.insert(std::move(fp));
    }
    return b;
}

std::string write_baseline(const std::vector<core::Finding>& findings,
                           const std::vector<core::Resource>& resources) {
    core::JsonWriter w;
    w.begin_object();
    w.field("schema", "https://wasp.dev/schemas/baseline/v1");
    w.key("findings");
    w.begin_array();
    std::vector<const core::Finding*> sorted;
    for (const auto& f : findings) {
        if (!f.suppression) sorted.push_back(&f);
    }
    std::sort(sorted.begin(), sorted.end(),
              [](const auto* a, const auto* b) { return a->fingerprint < b->fingerprint; });
    for (const auto* f : sorted) {
        w.begin_object();
        w.field("fingerprint", f->fingerprint);
        w.field("rule_id", f->rule_id);
        w.field("file", f->location.file);
        w.field("resource", f->resource < resources.size()
                                ? std::string_view(resources[f->resource].id)
                                : std::string_view());
        w.end_object();
    }
    w.end_array();
    w.end_object();
    return w.take();
}

void apply_policy(const Policy& policy,
                  const Baseline* baseline,
                  const Model& model,
                  std::string_view today,
                  std::vector<core::Finding>& findings,
                  std::vector<core::CheckResult>& checks,
                  core::Diagnostics& diagnostics) {
    auto warn = [&](std::string msg, const core::SourceLocation& at) {
        diagnostics.push_back({DiagLevel::kWarning, "suppression-not-applied", std::move(msg), at});
    };
    // In-source skips without a reason are invalid wherever they are.
    for (const auto& r : model.resources) {
        for (const auto& s : r.skips) {
            if (s.suppression.reason.empty()) {
                diagnostics.push_back({DiagLevel::kError, "suppression-invalid",
                                       "the suppression of " + s.rule_id + " on " + r.info.id +
                                           " has no reason; every suppression must say why",
                                       s.suppression.location});
            }
        }
    }
    // Which suppression applies, if any; diagnostics for those that may not.
    auto usable = [&](const std::string& rule_id, const core::Suppression& s) {
        if (s.reason.empty()) return false;
        if (!s.expires.empty() && s.expires < today) {
            warn("the suppression of " + rule_id + " expired on " + s.expires, s.location);
            return false;
        }
        if (policy.unsuppressible.contains(rule_id)) {
            warn("rule " + rule_id + " cannot be suppressed (policy)", s.location);
            return false;
        }
        return true;
    };
    for (auto& f : findings) {
        if (auto o = policy.rules.find(f.rule_id); o != policy.rules.end() && o->second.severity) {
            f.severity = *o->second.severity;
        }
        const CloudResource* res =
            f.resource < model.resources.size() ? &model.resources[f.resource] : nullptr;
        if (res) {
            for (const auto& s : res->skips) {
                if (s.rule_id == f.rule_id && usable(f.rule_id, s.suppression)) {
                    f.suppression = s.suppression;
                    break;
                }
            }
        }
        if (!f.suppression) {
            std::string_view id = res ? std::string_view(res->info.id) : std::string_view("*");
            for (const auto& s : policy.suppressions) {
                if (s.rule_id != f.rule_id || !resource_matches(s.resource, id)) continue;
                if (!s.file.empty() && s.file != f.location.file) continue;
                if (usable(f.rule_id, s.suppression)) {
                    f.suppression = s.suppression;
                    break;
                }
            }
        }
        if (!f.suppression && baseline && baseline->fingerprints.contains(f.fingerprint) &&
            !policy.unsuppressible.contains(f.rule_id)) {
            f.suppression = core::Suppression{"baseline",
                                              "known before: in baseline " + baseline->file,
                                              {},
                                              {baseline->file, {}, {}}};
        }
    }
    // The checks of suppressed findings say so.
    std::map<std::pair<std::string_view, std::size_t>, const core::Suppression*> suppressed;
    for (const auto& f : findings) {
        if (f.suppression) suppressed[{f.rule_id, f.resource}] = &*f.suppression;
    }
    if (suppressed.empty()) return;
    for (auto& c : checks) {
        if (c.outcome != core::Outcome::kFail) continue;
        if (auto it = suppressed.find({c.rule_id, c.resource}); it != suppressed.end()) {
            c.outcome = core::Outcome::kSuppressed;
            c.detail = "suppressed (" + it->second->reason + "): " + c.detail;
        }
    }
}

bool fails_run(const core::Finding& finding,
               const Policy& policy,
               std::optional<core::Severity> threshold) {
    if (finding.suppression) return false;
    if (auto o = policy.rules.find(finding.rule_id); o != policy.rules.end() && o->second.fail) {
        return *o->second.fail;
    }
    return threshold && core::at_least(finding.severity, *threshold);
}

}  // namespace wasp::iac
