#include "iam/policy.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>

#include "core/parse.h"
#include "iam/text.h"

namespace wasp::iam {

using core::DiagLevel;
using core::Mark;
using core::Node;

namespace {

using text::iequals;
using text::istarts_with;
using text::lower;
using text::to_lower;

struct OpName {
    std::string_view name;
    CondOp op;
};

constexpr std::array<OpName, 27> kOps{{
    {"StringEquals", CondOp::kStringEquals},
    {"StringNotEquals", CondOp::kStringNotEquals},
    {"StringEqualsIgnoreCase", CondOp::kStringEqualsIgnoreCase},
    {"StringNotEqualsIgnoreCase", CondOp::kStringNotEqualsIgnoreCase},
    {"StringLike", CondOp::kStringLike},
    {"StringNotLike", CondOp::kStringNotLike},
    {"NumericEquals", CondOp::kNumericEquals},
    {"NumericNotEquals", CondOp::kNumericNotEquals},
    {"NumericLessThan", CondOp::kNumericLessThan},
    {"NumericLessThanEquals", CondOp::kNumericLessThanEquals},
    {"NumericGreaterThan", CondOp::kNumericGreaterThan},
    {"NumericGreaterThanEquals", CondOp::kNumericGreaterThanEquals},
    {"DateEquals", CondOp::kDateEquals},
    {"DateNotEquals", CondOp::kDateNotEquals},
    {"DateLessThan", CondOp::kDateLessThan},
    {"DateLessThanEquals", CondOp::kDateLessThanEquals},
    {"DateGreaterThan", CondOp::kDateGreaterThan},
    {"DateGreaterThanEquals", CondOp::kDateGreaterThanEquals},
    {"Bool", CondOp::kBool},
    {"BinaryEquals", CondOp::kBinaryEquals},
    {"IpAddress", CondOp::kIpAddress},
    {"NotIpAddress", CondOp::kNotIpAddress},
    {"ArnEquals", CondOp::kArnEquals},
    {"ArnLike", CondOp::kArnLike},
    {"ArnNotEquals", CondOp::kArnNotEquals},
    {"ArnNotLike", CondOp::kArnNotLike},
    {"Null", CondOp::kNull},
}};

// A scalar policy value as text: IAM reads booleans and numbers as their JSON text.
std::optional<std::string> scalar_text(const Node& n) {
    if (!n.is_scalar() || n.is_null()) return std::nullopt;
    return n.text();
}

class Parser {
  public:
    Parser(std::string name, const std::string& file, core::Diagnostics& diags)
        : file_(file), diags_(diags) {
        policy_.name = std::move(name);
        policy_.file = file;
    }

    std::optional<Policy> run(const Node& doc) {
        policy_.mark = doc.mark();
        if (!doc.is_mapping()) {
            error(doc.mark(), "a policy document is a JSON object");
            return std::nullopt;
        }
        for (const auto& m : doc.members()) {
            if (m.key == "Version") {
                if (auto v = scalar_text(m.value)) {
                    policy_.version = *v;
                    if (*v != "2012-10-17" && *v != "2008-10-17") {
                        error(m.value.mark(), "Version \"" + *v +
                                                  "\" is not a policy language version "
                                                  "(2012-10-17 or 2008-10-17)");
                    }
                }
            } else if (m.key == "Id") {
                policy_.id = m.value.is_scalar() ? m.value.text() : "";
            } else if (m.key != "Statement") {
                warning(m.key_mark, "unknown policy element \"" + m.key + "\" is ignored");
            }
        }
        const Node* st = doc.get("Statement");
        if (!st) {
            error(doc.mark(), "the policy has no Statement");
            return std::move(policy_);
        }
        if (st->is_mapping()) {
            statement(*st, 0);
        } else if (st->is_sequence()) {
            std::size_t i = 0;
            for (const auto& s : st->items()) statement(s, i++);
        } else {
            error(st->mark(), "Statement is an object or a list of objects");
        }
        return std::move(policy_);
    }

  private:
    void error(Mark at, std::string message) {
        diags_.push_back({DiagLevel::kError, "iam-policy-invalid",
                          policy_.name.empty() ? message : policy_.name + ": " + message,
                          core::SourceLocation{file_, at, {}}});
    }
    void warning(Mark at, std::string message) {
        diags_.push_back({DiagLevel::kWarning, "iam-policy-invalid",
                          policy_.name.empty() ? message : policy_.name + ": " + message,
                          core::SourceLocation{file_, at, {}}});
    }

    // A string or a list of strings; false (after a diagnostic) for anything else.
    bool strings(const Node& n, std::string_view element, std::vector<std::string>& out) {
        if (n.is_scalar() && !n.is_null()) {
            out.push_back(n.text());
            return true;
        }
        if (n.is_sequence()) {
            for (const auto& i : n.items()) {
                if (!i.is_scalar() || i.is_null()) {
                    error(i.mark(), std::string(element) + " holds strings");
                    return false;
                }
                out.push_back(i.text());
            }
            return true;
        }
        error(n.mark(), std::string(element) + " is a string or a list of strings");
        return false;
    }

    bool has_variable(std::string_view s) const {
        return policy_.variables_allowed() && s.find("${") != std::string_view::npos;
    }

    void statement(const Node& n, std::size_t index) {
        if (!n.is_mapping()) {
            error(n.mark(), "a statement is a JSON object");
            return;
        }
        Statement s;
        s.mark = n.mark();
        s.index = index;
        bool ok = true;
        bool has_action = false;
        bool has_principal_elem = false;
        for (const auto& m : n.members()) {
            const std::string& k = m.key;
            if (k == "Sid") {
                s.sid = m.value.is_scalar() ? m.value.text() : "";
            } else if (k == "Effect") {
                if (m.value.is_scalar() && m.value.text() == "Allow") {
                    s.effect = Effect::kAllow;
                } else if (m.value.is_scalar() && m.value.text() == "Deny") {
                    s.effect = Effect::kDeny;
                } else {
                    error(m.value.mark(), "Effect is \"Allow\" or \"Deny\"");
                    ok = false;
                }
            } else if (k == "Action" || k == "NotAction") {
                if (has_action) {
                    error(m.key_mark, "a statement has Action or NotAction, not both");
                    ok = false;
                }
                has_action = true;
                s.not_action = k == "NotAction";
                std::vector<std::string> raw;
                ok = strings(m.value, k, raw) && ok;
                for (auto& a : raw) {
                    if (a != "*" && a.find(':') == std::string::npos) {
                        error(m.value.mark(),
                              k + " \"" + a + "\" is not service:action (or \"*\")");
                        ok = false;
                    }
                    s.actions.push_back(to_lower(a));
                    s.actions_written.push_back(a);
                }
            } else if (k == "Resource" || k == "NotResource") {
                if (s.has_resource) {
                    error(m.key_mark, "a statement has Resource or NotResource, not both");
                    ok = false;
                }
                s.has_resource = true;
                s.not_resource = k == "NotResource";
                ok = strings(m.value, k, s.resources) && ok;
                for (const auto& r : s.resources) {
                    if (has_variable(r)) s.resources_have_variables = true;
                }
            } else if (k == "Principal" || k == "NotPrincipal") {
                if (has_principal_elem) {
                    error(m.key_mark, "a statement has Principal or NotPrincipal, not both");
                    ok = false;
                }
                has_principal_elem = true;
                s.has_principal = true;
                s.not_principal = k == "NotPrincipal";
                ok = principal(m.value, s.principals) && ok;
            } else if (k == "Condition") {
                ok = conditions(m.value, s.conditions) && ok;
            } else {
                warning(m.key_mark, "unknown statement element \"" + k + "\" is ignored");
            }
        }
        if (!n.get("Effect")) {
            error(n.mark(), "the statement has no Effect");
            ok = false;
        }
        if (!has_action) {
            error(n.mark(), "the statement has no Action or NotAction");
            ok = false;
        }
        if (ok) policy_.statements.push_back(std::move(s));
    }

    bool principal(const Node& n, std::vector<PrincipalEntry>& out) {
        if (n.is_scalar() && n.text() == "*") {
            out.push_back({"*", "*", n.mark()});
            return true;
        }
        if (!n.is_mapping()) {
            error(n.mark(), "Principal is \"*\" or an object such as {\"AWS\": [...]}");
            return false;
        }
        for (const auto& m : n.members()) {
            if (m.key != "AWS" && m.key != "Service" && m.key != "Federated" &&
                m.key != "CanonicalUser") {
                error(m.key_mark, "unknown principal type \"" + m.key + "\"");
                return false;
            }
            std::vector<std::string> values;
            if (!strings(m.value, "Principal", values)) return false;
            for (auto& v : values) out.push_back({m.key, std::move(v), m.value.mark()});
        }
        return true;
    }

    bool conditions(const Node& n, std::vector<Condition>& out) {
        if (!n.is_mapping()) {
            error(n.mark(), "Condition is an object of operators");
            return false;
        }
        for (const auto& op : n.members()) {
            Condition base;
            if (!parse_operator(op.key, base)) {
                error(op.key_mark, base.op == CondOp::kNull && base.if_exists
                                       ? "Null has no IfExists form"
                                       : "unknown condition operator \"" + op.key + "\"");
                return false;
            }
            if (!op.value.is_mapping()) {
                error(op.value.mark(), op.key + " maps condition keys to values");
                return false;
            }
            for (const auto& key : op.value.members()) {
                Condition c = base;
                c.key = key.key;
                c.key_lower = to_lower(key.key);
                c.mark = key.key_mark;
                if (!strings(key.value, "a condition value", c.values)) return false;
                if (c.values.empty()) {
                    error(key.value.mark(), "the condition on " + key.key + " has no value");
                    return false;
                }
                bool variables_apply =
                    (c.op >= CondOp::kStringEquals && c.op <= CondOp::kStringNotLike) ||
                    (c.op >= CondOp::kArnEquals && c.op <= CondOp::kArnNotLike);
                if (variables_apply) {
                    for (const auto& v : c.values) {
                        if (has_variable(v)) c.has_variables = true;
                    }
                }
                out.push_back(std::move(c));
            }
        }
        return true;
    }

    const std::string& file_;
    core::Diagnostics& diags_;
    Policy policy_;
};

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// "%7B%22Version%22..." -> "{\"Version\"...": get-account-authorization-details returns policy
// documents URL-encoded when called through the API (the CLI decodes them).
std::string url_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
            hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else if (s[i] == '+') {
            out += ' ';
        } else {
            out += s[i];
        }
    }
    return out;
}

template <bool kIgnoreCase>
bool glob(std::string_view p, std::string_view t) {
    auto eq = [](char a, char b) { return kIgnoreCase ? lower(a) == lower(b) : a == b; };
    std::size_t pi = 0, ti = 0;
    std::size_t star = std::string_view::npos, mark = 0;
    while (ti < t.size()) {
        if (pi < p.size()) {
            char c = p[pi];
            if (c == '\x01' && pi + 1 < p.size()) {
                if (eq(p[pi + 1], t[ti])) {
                    pi += 2;
                    ++ti;
                    continue;
                }
            } else if (c == '*') {
                star = pi++;
                mark = ti;
                continue;
            } else if (c == '?' || eq(c, t[ti])) {
                ++pi;
                ++ti;
                continue;
            }
        }
        if (star == std::string_view::npos) return false;
        pi = star + 1;
        ti = ++mark;
    }
    while (pi < p.size() && p[pi] == '*') ++pi;
    return pi == p.size();
}

// The first five colons cut an ARN into partition, service, region, account and the rest.
std::size_t segments(std::string_view s, std::array<std::string_view, 6>& out) {
    std::size_t n = 0;
    while (n < 5) {
        auto colon = s.find(':');
        if (colon == std::string_view::npos) break;
        out[n++] = s.substr(0, colon);
        s.remove_prefix(colon + 1);
    }
    out[n++] = s;
    return n;
}

}  // namespace

std::string_view to_string(CondOp op) {
    for (const auto& o : kOps) {
        if (o.op == op) return o.name;
    }
    return "?";
}

bool negated(CondOp op) {
    switch (op) {
        case CondOp::kStringNotEquals:
        case CondOp::kStringNotEqualsIgnoreCase:
        case CondOp::kStringNotLike:
        case CondOp::kNumericNotEquals:
        case CondOp::kDateNotEquals:
        case CondOp::kNotIpAddress:
        case CondOp::kArnNotEquals:
        case CondOp::kArnNotLike:
            return true;
        default:
            return false;
    }
}

bool parse_operator(std::string_view text, Condition& out) {
    out.operator_text = std::string(text);
    out.set = SetOp::kNone;
    out.if_exists = false;
    std::string_view name = text;
    if (istarts_with(name, "ForAllValues:")) {
        out.set = SetOp::kForAllValues;
        name.remove_prefix(13);
    } else if (istarts_with(name, "ForAnyValue:")) {
        out.set = SetOp::kForAnyValue;
        name.remove_prefix(12);
    }
    if (name.size() > 8 && iequals(name.substr(name.size() - 8), "IfExists")) {
        out.if_exists = true;
        name.remove_suffix(8);
    }
    auto found = std::find_if(kOps.begin(), kOps.end(),
                              [&](const OpName& o) { return iequals(o.name, name); });
    if (found == kOps.end()) return false;
    out.op = found->op;
    return !(out.op == CondOp::kNull && out.if_exists);
}

PolicyParse parse_policy(const Node& doc, std::string name, const std::string& file) {
    PolicyParse out;
    Parser p(std::move(name), file, out.diagnostics);
    out.policy = p.run(doc);
    if (out.policy) out.policy->index();
    return out;
}

void Policy::index() {
    by_service.clear();
    any_service.clear();
    for (std::uint32_t i = 0; i < statements.size(); ++i) {
        const Statement& s = statements[i];
        std::vector<std::string_view> services;
        bool any = s.not_action;
        for (const auto& a : s.actions) {
            auto colon = a.find(':');
            std::string_view svc = std::string_view(a).substr(0, colon);
            if (colon == std::string::npos || svc.find_first_of("*?") != std::string_view::npos) {
                any = true;
                break;
            }
            if (std::find(services.begin(), services.end(), svc) == services.end()) {
                services.push_back(svc);
            }
        }
        if (any) {
            any_service.push_back(i);
            continue;
        }
        for (auto svc : services) {
            auto it = std::lower_bound(
                by_service.begin(), by_service.end(), svc,
                [](const ServiceStatements& x, std::string_view v) { return x.service < v; });
            if (it == by_service.end() || it->service != svc) {
                it = by_service.insert(it, ServiceStatements{std::string(svc), {}});
            }
            it->statements.push_back(i);
        }
    }
    indexed = true;
}

void Policy::candidates(std::string_view service, std::vector<std::uint32_t>& out) const {
    out.clear();
    if (!indexed) {
        for (std::uint32_t i = 0; i < statements.size(); ++i) out.push_back(i);
        return;
    }
    auto it = std::lower_bound(
        by_service.begin(), by_service.end(), service,
        [](const ServiceStatements& x, std::string_view v) { return x.service < v; });
    static const std::vector<std::uint32_t> kNone;
    const auto& named = it != by_service.end() && it->service == service ? it->statements : kNone;
    std::merge(named.begin(), named.end(), any_service.begin(), any_service.end(),
               std::back_inserter(out));
}

PolicyParse parse_policy_text(std::string_view json, std::string name, const std::string& file) {
    std::string decoded;
    auto first = json.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && json[first] == '%') {
        decoded = url_decode(json);
        json = decoded;
    }
    auto parsed = core::parse_json(json);
    if (!parsed) {
        PolicyParse out;
        out.diagnostics.push_back({DiagLevel::kError, "iam-policy-invalid",
                                   (name.empty() ? "" : name + ": ") + parsed.error().message,
                                   core::SourceLocation{file, parsed.error().mark, {}}});
        return out;
    }
    return parse_policy(parsed->root, std::move(name), file);
}

bool glob_match(std::string_view pattern, std::string_view text) {
    return glob<false>(pattern, text);
}

bool glob_match_ci(std::string_view pattern, std::string_view text) {
    return glob<true>(pattern, text);
}

bool arn_match(std::string_view pattern, std::string_view arn) {
    if (pattern == "*") return true;
    std::array<std::string_view, 6> ps, as;
    std::size_t np = segments(pattern, ps);
    std::size_t na = segments(arn, as);
    if (na < 6 || np < 2) return glob_match(pattern, arn);  // not ARNs: plain wildcards
    for (std::size_t i = 0; i < np; ++i) {
        if (i + 1 == np) {
            // The pattern's last segment takes the rest of the ARN, colons included, when it
            // ends in `*` or is the resource part.
            std::string_view rest = arn.substr(static_cast<std::size_t>(as[i].data() - arn.data()));
            if (i == 5 || (!ps[i].empty() && ps[i].back() == '*')) return glob_match(ps[i], rest);
            return false;  // fewer segments than an ARN, not ending in a wildcard
        }
        if (!glob_match(ps[i], as[i])) return false;
    }
    return true;
}

}  // namespace wasp::iam
