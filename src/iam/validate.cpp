#include "iam/validate.h"

#include <algorithm>
#include <array>
#include <charconv>

#include <arpa/inet.h>

#include "iam/text.h"

namespace wasp::iam {

using core::DiagLevel;
using text::iequals;
using text::istarts_with;

namespace {

// Above this many actions a pattern is too broad for per-action checks to say anything useful.
constexpr std::size_t kMaxCheckedActions = 400;

// A catalog key template ("s3:ExistingObjectTag/${TagKey}") against a key of a policy: case
// insensitive, a ${...} placeholder standing for any non-empty text.
bool key_matches(std::string_view tmpl, std::string_view key) {
    std::size_t t = 0, k = 0;
    while (t < tmpl.size()) {
        if (tmpl.compare(t, 2, "${") == 0) {
            auto close = tmpl.find('}', t);
            if (close == std::string_view::npos) return false;
            std::string_view rest = tmpl.substr(close + 1);
            // The placeholder takes at least one character, then the rest must match.
            for (std::size_t end = k + 1; end <= key.size(); ++end) {
                if (key_matches(rest, key.substr(end))) return true;
            }
            return false;
        }
        if (k >= key.size() || text::lower(tmpl[t]) != text::lower(key[k])) return false;
        ++t;
        ++k;
    }
    return k == key.size();
}

bool is_date(std::string_view v) {
    if (v.size() >= 10 && v[4] == '-' && v[7] == '-') return true;
    double d = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
    return ec == std::errc() && p == v.data() + v.size();
}

bool is_number(std::string_view v) {
    double d = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
    return ec == std::errc() && p == v.data() + v.size();
}

bool is_cidr(std::string_view v) {
    std::string s(v.substr(0, v.find('/')));
    std::array<unsigned char, 16> buf{};
    if (inet_pton(AF_INET, s.c_str(), buf.data()) != 1 &&
        inet_pton(AF_INET6, s.c_str(), buf.data()) != 1) {
        return false;
    }
    if (auto slash = v.find('/'); slash != std::string_view::npos) {
        return is_number(v.substr(slash + 1));
    }
    return true;
}

// The operator family a condition key's type calls for.
enum class Family { kString, kArn, kNumeric, kDate, kBool, kIp, kBinary, kAny };

Family family_of_op(CondOp op) {
    if (op <= CondOp::kStringNotLike) return Family::kString;
    if (op <= CondOp::kNumericGreaterThanEquals) return Family::kNumeric;
    if (op <= CondOp::kDateGreaterThanEquals) return Family::kDate;
    if (op == CondOp::kBool) return Family::kBool;
    if (op == CondOp::kBinaryEquals) return Family::kBinary;
    if (op == CondOp::kIpAddress || op == CondOp::kNotIpAddress) return Family::kIp;
    if (op == CondOp::kNull) return Family::kAny;
    return Family::kArn;
}

std::string_view describe(Family f) {
    switch (f) {
        case Family::kString:
            return "String";
        case Family::kArn:
            return "ARN";
        case Family::kNumeric:
            return "Numeric";
        case Family::kDate:
            return "Date";
        case Family::kBool:
            return "Bool";
        case Family::kIp:
            return "IP address";
        case Family::kBinary:
            return "Binary";
        case Family::kAny:
            return "any";
    }
    return "?";
}

class Validator {
  public:
    Validator(const Policy& p, PolicyKind kind, const Catalog& c) : p_(p), kind_(kind), c_(c) {}

    std::vector<PolicyIssue> run() {
        for (const auto& s : p_.statements) statement(s);
        duplicates();
        return std::move(out_);
    }

  private:
    void add(const Statement& s,
             std::string code,
             DiagLevel level,
             std::string message,
             core::Mark mark = {}) {
        out_.push_back(
            {std::move(code), level, std::move(message), s.index, mark.line ? mark : s.mark});
    }

    void statement(const Statement& s) {
        bool wants_principal = kind_ == PolicyKind::kResource || kind_ == PolicyKind::kTrust;
        if (wants_principal && !s.has_principal) {
            add(s, "missing-principal", DiagLevel::kError,
                "a statement of a resource-based or trust policy needs a Principal");
        }
        if (!wants_principal && s.has_principal) {
            add(s, "unexpected-principal", DiagLevel::kError,
                "Principal belongs in resource-based and trust policies, not in this policy");
        }
        if (!s.has_resource && kind_ != PolicyKind::kTrust) {
            add(s, "missing-resource", DiagLevel::kError,
                "the statement needs a Resource or NotResource");
        }
        if (s.effect == Effect::kAllow && s.not_action) {
            add(s, "allow-not-action", DiagLevel::kWarning,
                "Allow with NotAction grants every action not listed, including those AWS adds "
                "later; list the actions instead");
        }
        if (s.effect == Effect::kAllow && s.not_resource) {
            add(s, "allow-not-resource", DiagLevel::kWarning,
                "Allow with NotResource grants every resource not listed; list the resources "
                "instead");
        }
        // The actions: each pattern must name something, and none should repeat another.
        std::vector<const Action*> actions;
        std::vector<std::pair<std::string_view, std::vector<const Action*>>> patterns;
        bool too_broad = false;
        for (std::size_t i = 0; i < s.actions.size(); ++i) {
            const std::string& a = s.actions[i];
            const std::string& written = i < s.actions_written.size() ? s.actions_written[i] : a;
            auto colon = a.find(':');
            std::string_view svc = std::string_view(written).substr(0, colon);
            bool wild_service = svc.find_first_of("*?") != std::string_view::npos;
            if (a != "*" && !wild_service && colon != std::string::npos && !c_.service(svc)) {
                add(s, "unknown-service", DiagLevel::kError,
                    "no AWS service has the prefix \"" + std::string(svc) + "\" (in \"" + written +
                        "\")");
                continue;
            }
            auto expanded = c_.expand(a);
            if (expanded.empty()) {
                add(s, "unknown-action", DiagLevel::kError,
                    "\"" + written + "\" matches no action of " + std::string(svc));
                continue;
            }
            for (std::size_t j = 0; j < s.actions.size(); ++j) {
                if (j != i && s.actions[j] != a && glob_match(s.actions[j], a)) {
                    add(s, "redundant-action", DiagLevel::kWarning,
                        "\"" + written + "\" is already covered by \"" +
                            (j < s.actions_written.size() ? s.actions_written[j] : s.actions[j]) +
                            "\"");
                    break;
                }
            }
            if (expanded.size() > kMaxCheckedActions) {
                too_broad = true;  // per-action checks say nothing useful about "*" or "*:Get*"
                continue;
            }
            actions.insert(actions.end(), expanded.begin(), expanded.end());
            patterns.emplace_back(written, std::move(expanded));
        }
        std::sort(actions.begin(), actions.end());
        actions.erase(std::unique(actions.begin(), actions.end()), actions.end());
        if (actions.size() > kMaxCheckedActions) too_broad = true;
        if (!s.not_action && !too_broad) {
            for (const auto& [written, expanded] : patterns) resources(s, written, expanded);
        }
        conditions(s, s.not_action || too_broad ? std::vector<const Action*>{} : actions);
    }

    // Actions that take no resource ARN are granted only by Resource "*"; a resource of another
    // service grants nothing for an action. A pattern that names one action is checked on its
    // own; a wildcard pattern only when none of its actions fits (some not fitting is what a
    // wildcard over a service means, not a mistake).
    void resources(const Statement& s,
                   std::string_view pattern,
                   const std::vector<const Action*>& actions) {
        if (!s.has_resource || s.not_resource || kind_ == PolicyKind::kTrust) return;
        if (std::any_of(s.resources.begin(), s.resources.end(),
                        [](const std::string& r) { return r == "*"; })) {
            return;
        }
        bool wildcard = pattern.find_first_of("*?") != std::string_view::npos;
        std::size_t fitting = 0;
        for (const Action* a : actions) {
            std::string why = misfit(s, *a);
            if (why.empty()) {
                ++fitting;
            } else if (!wildcard) {
                add(s, "action-resource-mismatch", DiagLevel::kWarning, why);
            }
        }
        if (wildcard && fitting == 0) {
            add(s, "action-resource-mismatch", DiagLevel::kWarning,
                "no action that \"" + std::string(pattern) +
                    "\" matches acts on the resources listed, so the statement grants none of "
                    "them");
        }
    }

    // Why the statement's resources cannot grant the action; empty when they can (or when the
    // resources are too wild to tell).
    std::string misfit(const Statement& s, const Action& a) const {
        std::string name = std::string(a.service) + ":" + std::string(a.name);
        // A resource with a variable (or an unknown value from a template) may be anything.
        if (std::any_of(s.resources.begin(), s.resources.end(),
                        [](const std::string& r) { return r.find("${") != std::string::npos; })) {
            return {};
        }
        if (a.resources.empty()) {
            return name +
                   " does not support resource-level permissions: only \"Resource\": \"*\" "
                   "grants it, so this statement does not";
        }
        for (const auto& r : s.resources) {
            std::string_view service = arn_field(r, 2);
            if (service.empty() || service.find_first_of("*?$") != std::string_view::npos) {
                return {};
            }
            for (const auto& ar : a.resources) {
                if (iequals(arn_field(ar.type->arn_pattern, 2), service)) return {};
            }
        }
        return name +
               " acts on no resource of the services in Resource, so this statement does "
               "not grant it";
    }

    static std::string_view arn_field(std::string_view arn, int n) {
        for (int i = 0; i < n; ++i) {
            auto c = arn.find(':');
            if (c == std::string_view::npos) return {};
            arn.remove_prefix(c + 1);
        }
        return arn.substr(0, arn.find(':'));
    }

    void conditions(const Statement& s, const std::vector<const Action*>& actions) {
        for (const auto& c : s.conditions) {
            auto type = c_.condition_key_type(c.key);
            bool global = istarts_with(c.key, "aws:");
            if (!type) {
                add(s, "unknown-condition-key", global ? DiagLevel::kError : DiagLevel::kWarning,
                    "\"" + c.key + "\" is not a condition key of any AWS service", c.mark);
            } else if (!global && !actions.empty()) {
                bool supported = std::any_of(actions.begin(), actions.end(), [&](const Action* a) {
                    return std::any_of(a->condition_keys.begin(), a->condition_keys.end(),
                                       [&](std::string_view k) { return key_matches(k, c.key); });
                });
                if (!supported) {
                    add(s, "unsupported-condition-key", DiagLevel::kWarning,
                        "no action of the statement supports \"" + c.key +
                            "\": the condition is never met (and never true in an Allow)",
                        c.mark);
                }
            }
            if (type) operator_type(s, c, *type);
            values(s, c);
        }
    }

    void operator_type(const Statement& s, const Condition& c, std::string_view type) {
        Family want;
        bool multi = type.starts_with("ArrayOf");
        std::string_view base = multi ? type.substr(7) : type;
        if (base == "String") {
            want = Family::kString;
        } else if (base == "ARN") {
            want = Family::kArn;
        } else if (base == "Numeric") {
            want = Family::kNumeric;
        } else if (base == "Date") {
            want = Family::kDate;
        } else if (base == "Bool") {
            want = Family::kBool;
        } else if (base == "IPAddress") {
            want = Family::kIp;
        } else if (base == "Binary") {
            want = Family::kBinary;
        } else {
            return;
        }
        Family have = family_of_op(c.op);
        // String operators work on ARNs too; Null on anything.
        bool ok = have == Family::kAny || have == want ||
                  (want == Family::kArn && have == Family::kString);
        if (!ok) {
            add(s, "condition-type-mismatch", DiagLevel::kWarning,
                "\"" + c.key + "\" is a " + std::string(type) + " key, but " + c.operator_text +
                    " compares " + std::string(describe(have)) + " values",
                c.mark);
        }
        if (multi && c.set == SetOp::kNone && c.op != CondOp::kNull) {
            add(s, "multivalued-key-without-set-operator", DiagLevel::kWarning,
                "\"" + c.key +
                    "\" can hold several values: say ForAnyValue: or ForAllValues: "
                    "for which must match",
                c.mark);
        }
        if (!multi && c.set != SetOp::kNone) {
            add(s, "set-operator-on-single-valued-key", DiagLevel::kWarning,
                "\"" + c.key + "\" holds one value; " +
                    std::string(c.set == SetOp::kForAllValues ? "ForAllValues:" : "ForAnyValue:") +
                    " on it is misleading (ForAllValues: is true when the key is absent)",
                c.mark);
        }
    }

    void values(const Statement& s, const Condition& c) {
        Family f = family_of_op(c.op);
        for (const auto& v : c.values) {
            bool ok = true;
            if (v.find("${") != std::string::npos) continue;
            switch (f) {
                case Family::kNumeric:
                    ok = is_number(v);
                    break;
                case Family::kDate:
                    ok = is_date(v);
                    break;
                case Family::kBool:
                    ok = iequals(v, "true") || iequals(v, "false");
                    break;
                case Family::kIp:
                    ok = is_cidr(v);
                    break;
                case Family::kAny:
                    ok = iequals(v, "true") || iequals(v, "false");
                    break;
                default:
                    break;
            }
            if (!ok) {
                add(s, "condition-value-invalid", DiagLevel::kError,
                    "\"" + v + "\" is not a valid value for " + c.operator_text, c.mark);
            }
        }
    }

    // Two statements with the same effect, actions, resources, principals and conditions.
    void duplicates() {
        const auto& st = p_.statements;
        for (std::size_t i = 0; i < st.size(); ++i) {
            for (std::size_t j = 0; j < i; ++j) {
                if (same(st[i], st[j])) {
                    add(st[i], "duplicate-statement", DiagLevel::kWarning,
                        "the statement repeats statement " + (st[j].sid.empty()
                                                                  ? "#" + std::to_string(j)
                                                                  : "\"" + st[j].sid + "\""));
                    break;
                }
            }
        }
    }

    static bool same(const Statement& a, const Statement& b) {
        auto sorted = [](std::vector<std::string> v) {
            std::sort(v.begin(), v.end());
            return v;
        };
        if (a.effect != b.effect || a.not_action != b.not_action ||
            a.not_resource != b.not_resource || a.not_principal != b.not_principal ||
            sorted(a.actions) != sorted(b.actions) || sorted(a.resources) != sorted(b.resources) ||
            a.principals.size() != b.principals.size() ||
            a.conditions.size() != b.conditions.size()) {
            return false;
        }
        for (std::size_t i = 0; i < a.principals.size(); ++i) {
            if (a.principals[i].type != b.principals[i].type ||
                a.principals[i].value != b.principals[i].value) {
                return false;
            }
        }
        for (std::size_t i = 0; i < a.conditions.size(); ++i) {
            const auto& x = a.conditions[i];
            const auto& y = b.conditions[i];
            if (x.op != y.op || x.set != y.set || x.if_exists != y.if_exists ||
                x.key_lower != y.key_lower || x.values != y.values) {
                return false;
            }
        }
        return true;
    }

    const Policy& p_;
    PolicyKind kind_;
    const Catalog& c_;
    std::vector<PolicyIssue> out_;
};

}  // namespace

std::vector<PolicyIssue> validate_policy(const Policy& policy,
                                         PolicyKind kind,
                                         const Catalog& catalog) {
    return Validator(policy, kind, catalog).run();
}

}  // namespace wasp::iam
