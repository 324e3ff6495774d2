// Three-valued evaluation of rules on the model, with the evidence that decided each result.
#include <algorithm>
#include <atomic>
#include <iterator>
#include <map>
#include <thread>

#include "core/file.h"
#include "iac/adapt.h"
#include "iac/rule_condition.h"
#include "iac/rules.h"

namespace wasp::iac {

using core::Node;
using core::NodeOrigin;
using core::Outcome;

namespace {

enum class Tri { kFalse, kTrue, kUnknown };

Tri tri_not(Tri t) {
    return t == Tri::kTrue ? Tri::kFalse : t == Tri::kFalse ? Tri::kTrue : Tri::kUnknown;
}

// A truth value and the evidence behind it: a sentence and the value's position.
struct Result {
    Tri value = Tri::kUnknown;
    std::string evidence;
    core::Mark mark;
};

std::string show(const Node* v) {
    if (!v || v->is_null()) return "not set";
    std::string s;
    switch (v->kind()) {
        case core::NodeKind::kUnknown:
            return "not known before deployment (" + v->text() + ")";
        case core::NodeKind::kString:
            s = "\"" + v->text() + "\"";
            break;
        case core::NodeKind::kSequence:
        case core::NodeKind::kMapping:
            s = v->to_json(120);
            break;
        default:
            s = v->text();
    }
    if (v->origin() == NodeOrigin::kDefault) s += " (the default: not set in the template)";
    return s;
}

std::string op_text(Condition::Op op) {
    switch (op) {
        case Condition::Op::kExists:
            return "exists";
        case Condition::Op::kEquals:
            return "should equal";
        case Condition::Op::kNotEquals:
            return "should not equal";
        case Condition::Op::kIn:
            return "should be one of";
        case Condition::Op::kNotIn:
            return "should not be one of";
        case Condition::Op::kGt:
            return "should be greater than";
        case Condition::Op::kGte:
            return "should be at least";
        case Condition::Op::kLt:
            return "should be less than";
        case Condition::Op::kLte:
            return "should be at most";
        case Condition::Op::kMatches:
            return "should match";
        case Condition::Op::kNotMatches:
            return "should not match";
        case Condition::Op::kContains:
            return "should contain";
        case Condition::Op::kNotContains:
            return "should not contain";
    }
    return "";
}

// Resource indices by kind, in model order.
using KindIndex = std::map<std::string_view, std::vector<std::size_t>, std::less<>>;

class Evaluator {
  public:
    // by_kind, when given, spares exists_resource a walk over every resource: in a rule checked
    // on each of many resources, that walk made rule evaluation grow with the square of the
    // workload.
    explicit Evaluator(const Model& model, const KindIndex* by_kind = nullptr)
        : model_(model), by_kind_(by_kind) {}

    Result eval(const Condition& c, const Node& scope, std::size_t resource) const {
        switch (c.type) {
            case Condition::Type::kAll:
                return combine(c.children, scope, resource, /*all=*/true);
            case Condition::Type::kAny:
                return combine(c.children, scope, resource, /*all=*/false);
            case Condition::Type::kNot: {
                Result r = eval(c.children[0], scope, resource);
                r.value = tri_not(r.value);
                return r;
            }
            case Condition::Type::kLeaf:
                return leaf(c, scope);
            case Condition::Type::kEach:
                return each(c, scope, resource);
            case Condition::Type::kRelated:
                return related(c, resource);
            case Condition::Type::kExistsResource:
                return exists_resource(c);
        }
        return {};
    }

  private:
    Result combine(const std::vector<Condition>& terms,
                   const Node& scope,
                   std::size_t resource,
                   bool all) const {
        // all: the first false decides; any: the first true decides. Otherwise an unknown
        // term makes the whole unknown.
        Tri decisive = all ? Tri::kFalse : Tri::kTrue;
        std::optional<Result> unknown;
        Result last;
        std::string joined;
        for (const auto& t : terms) {
            Result r = eval(t, scope, resource);
            if (r.value == decisive) return r;
            if (r.value == Tri::kUnknown && !unknown) unknown = r;
            if (!joined.empty()) joined += all ? "; " : "; and ";
            joined += r.evidence;
            last = r;
        }
        if (unknown) return *unknown;
        last.evidence = joined;
        return last;
    }

    Result leaf(const Condition& c, const Node& scope) const {
        const Node* v = lookup(scope, c.path);
        Result r;
        if (v) r.mark = v->mark();
        auto said = [&](Tri t, std::string detail) {
            r.value = t;
            r.evidence = c.path + " is " + show(v) + detail;
            return r;
        };
        bool absent = !v || v->is_null();
        if (c.op == Condition::Op::kExists) {
            bool want = c.operand.as_bool().value_or(true);
            if (v && v->is_unknown() && v->origin() == NodeOrigin::kMaybeAbsent) {
                return said(Tri::kUnknown, "");
            }
            bool has = !absent && v->origin() != NodeOrigin::kDefault;
            return said(has == want ? Tri::kTrue : Tri::kFalse,
                        want ? "" : " (it should not be set)");
        }
        bool negated = c.op == Condition::Op::kNotEquals || c.op == Condition::Op::kNotIn ||
                       c.op == Condition::Op::kNotMatches || c.op == Condition::Op::kNotContains;
        // Built only for a false leaf: most leaves are true, and this runs for every check.
        auto expectation = [&] { return "; it " + op_text(c.op) + " " + c.operand.to_json(); };
        if (v && v->is_unknown()) return said(Tri::kUnknown, "");
        if (absent) {
            return negated ? said(Tri::kTrue, "") : said(Tri::kFalse, expectation());
        }
        Tri t = Tri::kFalse;
        switch (c.op) {
            case Condition::Op::kEquals:
            case Condition::Op::kNotEquals:
                t = v->same_value(c.operand) ? Tri::kTrue : Tri::kFalse;
                break;
            case Condition::Op::kIn:
            case Condition::Op::kNotIn:
                for (const auto& o : c.operand.items()) {
                    if (v->same_value(o)) t = Tri::kTrue;
                }
                break;
            case Condition::Op::kGt:
            case Condition::Op::kGte:
            case Condition::Op::kLt:
            case Condition::Op::kLte: {
                auto a = v->as_number();
                double b = c.operand.as_number().value_or(0);
                if (a) {
                    bool ok = c.op == Condition::Op::kGt    ? *a > b
                              : c.op == Condition::Op::kGte ? *a >= b
                              : c.op == Condition::Op::kLt  ? *a < b
                                                            : *a <= b;
                    t = ok ? Tri::kTrue : Tri::kFalse;
                }
                break;
            }
            case Condition::Op::kMatches:
            case Condition::Op::kNotMatches:
                t = v->is_scalar() && RE2::PartialMatch(v->text(), *c.regex) ? Tri::kTrue
                                                                             : Tri::kFalse;
                break;
            case Condition::Op::kContains:
            case Condition::Op::kNotContains:
                if (v->is_sequence()) {
                    bool unknown_item = false;
                    for (const auto& i : v->items()) {
                        if (i.is_unknown()) unknown_item = true;
                        if (i.same_value(c.operand)) t = Tri::kTrue;
                    }
                    if (t == Tri::kFalse && unknown_item) t = Tri::kUnknown;
                } else if (v->is_scalar() && c.operand.is_scalar()) {
                    t = v->text().find(c.operand.text()) != std::string::npos ? Tri::kTrue
                                                                              : Tri::kFalse;
                }
                break;
            case Condition::Op::kExists:
                break;
        }
        if (negated) t = tri_not(t);
        return said(t, t == Tri::kFalse ? expectation() : std::string());
    }

    Result each(const Condition& c, const Node& scope, std::size_t resource) const {
        const Node* list = lookup(scope, c.path);
        Result r;
        if (list && list->is_unknown()) {
            r.value = Tri::kUnknown;
            r.evidence = c.path + " is " + show(list);
            r.mark = list->mark();
            return r;
        }
        std::vector<const Node*> items;
        if (list && list->is_sequence()) {
            for (const auto& i : list->items()) items.push_back(&i);
        } else if (list && list->is_mapping()) {
            items.push_back(list);
        }
        // any: some item true; all: no item false; none: no item true.
        bool want_true = c.quantifier != Condition::Quantifier::kAll;
        std::optional<Result> unknown;
        for (std::size_t k = 0; k < items.size(); ++k) {
            Result ir = items[k]->is_unknown()
                            ? Result{Tri::kUnknown, c.path + " has an item " + show(items[k]),
                                     items[k]->mark()}
                            : eval(c.children[0], *items[k], resource);
            std::string where = c.path + "[" + std::to_string(k) + "]";
            if (ir.value == (want_true ? Tri::kTrue : Tri::kFalse)) {
                ir.value = c.quantifier == Condition::Quantifier::kAny   ? Tri::kTrue
                           : c.quantifier == Condition::Quantifier::kAll ? Tri::kFalse
                                                                         : Tri::kFalse;
                ir.evidence = where + ": " + ir.evidence;
                if (!ir.mark.line) ir.mark = items[k]->mark();
                return ir;
            }
            if (ir.value == Tri::kUnknown && !unknown) {
                unknown = ir;
                unknown->evidence = where + ": " + ir.evidence;
            }
        }
        if (unknown) return *unknown;
        r.value = c.quantifier == Condition::Quantifier::kAny ? Tri::kFalse : Tri::kTrue;
        r.evidence =
            items.empty()                                 ? c.path + " is empty"
            : c.quantifier == Condition::Quantifier::kAny ? "no item of " + c.path + " qualifies"
            : c.quantifier == Condition::Quantifier::kAll ? "every item of " + c.path + " qualifies"
                                                          : "no item of " + c.path + " matches";
        r.mark = list ? list->mark() : core::Mark{};
        return r;
    }

    Result related(const Condition& c, std::size_t resource) const {
        Result r;
        if (resource == core::kNoResource) return r;
        // Each target with why it may not be related: it is created only under an undecidable
        // condition, or the reference to it is one branch of an undecidable Fn::If.
        struct Target {
            std::size_t index;
            std::string maybe;  // empty: certainly related
        };
        std::vector<Target> targets;
        for (const Relation* rel : model_.relations_of(resource, c.relation)) {
            const auto& res = model_.resources[rel->to];
            if (!c.kind.empty() && res.info.kind != c.kind) continue;
            std::string maybe = !rel->maybe.empty() ? "the reference to it " + rel->maybe
                                : !res.maybe_absent.empty()
                                    ? "it exists only if condition " + res.maybe_absent +
                                          " holds, which cannot be decided"
                                    : std::string();
            // Relations are sorted by target: a second edge to the same one is the previous.
            if (targets.empty() || targets.back().index != rel->to) {
                targets.push_back({rel->to, std::move(maybe)});
            } else if (maybe.empty()) {
                targets.back().maybe.clear();  // also referenced outright
            }
        }
        std::string what = "related " + c.relation;
        if (c.children.empty()) {
            auto definite = std::find_if(targets.begin(), targets.end(),
                                         [](const Target& t) { return t.maybe.empty(); });
            r.value = targets.empty()             ? Tri::kFalse
                      : definite != targets.end() ? Tri::kTrue
                                                  : Tri::kUnknown;
            r.evidence = targets.empty() ? "no " + what + " found"
                         : r.value == Tri::kTrue
                             ? what + " found"
                             : what + " " + model_.resources[targets.front().index].info.id + ": " +
                                   targets.front().maybe;
            return r;
        }
        bool want_true = c.quantifier != Condition::Quantifier::kAll;
        std::optional<Result> unknown;
        std::string first_miss;  // why the first related resource did not qualify
        for (const auto& [t, maybe] : targets) {
            const auto& target = model_.resources[t];
            Result ir = eval(c.children[0], target.attributes, t);
            if (first_miss.empty() && ir.value != Tri::kUnknown) {
                first_miss = target.info.id + " (" + ir.evidence + ")";
            }
            if (ir.value == (want_true ? Tri::kTrue : Tri::kFalse)) {
                if (!maybe.empty()) {
                    // It decides only if it is related, which cannot be decided.
                    if (!unknown) {
                        unknown = ir;
                        unknown->value = Tri::kUnknown;
                        unknown->evidence =
                            what + " " + target.info.id + " (" + maybe + "): " + ir.evidence;
                    }
                    continue;
                }
                ir.value = c.quantifier == Condition::Quantifier::kAny ? Tri::kTrue : Tri::kFalse;
                ir.evidence = what + " " + target.info.id + ": " + ir.evidence;
                return ir;
            }
            if (ir.value == Tri::kUnknown && !unknown) {
                unknown = ir;
                unknown->evidence = what + " " + target.info.id + ": " + ir.evidence;
            }
        }
        if (unknown) return *unknown;
        r.value = c.quantifier == Condition::Quantifier::kAny ? Tri::kFalse : Tri::kTrue;
        r.evidence = targets.empty() ? "no " + what + " found"
                     : c.quantifier == Condition::Quantifier::kAny
                         ? "no " + what + " qualifies: " + first_miss
                         : "every " + what + " qualifies";
        return r;
    }

    Result exists_resource(const Condition& c) const {
        Result r;
        std::optional<Result> unknown;
        std::size_t count = 0;
        static const std::vector<std::size_t> kNone;
        std::vector<std::size_t> all;
        const std::vector<std::size_t>* indices = &kNone;
        if (by_kind_) {
            if (auto it = by_kind_->find(c.kind); it != by_kind_->end()) indices = &it->second;
        } else {
            for (std::size_t i = 0; i < model_.resources.size(); ++i) {
                if (model_.resources[i].info.kind == c.kind) all.push_back(i);
            }
            indices = &all;
        }
        for (std::size_t i : *indices) {
            const auto& res = model_.resources[i];
            ++count;
            Result ir = c.children.empty() ? Result{Tri::kTrue, "exists", res.info.location.mark}
                                           : eval(c.children[0], res.attributes, i);
            if (ir.value == Tri::kTrue && !res.maybe_absent.empty()) {
                // It qualifies, but is created only if an undecidable condition holds.
                if (!unknown) {
                    unknown = ir;
                    unknown->value = Tri::kUnknown;
                    unknown->evidence = c.kind + " " + res.info.id + " exists only if condition " +
                                        res.maybe_absent + " holds, which cannot be decided";
                }
                continue;
            }
            if (ir.value == Tri::kTrue) {
                ir.evidence = c.kind + " " + res.info.id +
                              (c.children.empty() ? " exists" : ": " + ir.evidence);
                return ir;
            }
            if (ir.value == Tri::kUnknown && !unknown) unknown = ir;
        }
        if (unknown) return *unknown;
        r.value = Tri::kFalse;
        r.evidence = count == 0
                         ? "no " + c.kind + " in the workload"
                         : "no " + c.kind + " qualifies (" + std::to_string(count) + " seen)";
        return r;
    }

    // "properties.X" reads the native properties; anything else the neutral attributes.
    const Node* lookup(const Node& scope, std::string_view path) const {
        if (path.starts_with("properties.") && current_ && &scope == &current_->attributes) {
            return current_->properties.at_path(path.substr(11));
        }
        return scope.at_path(path);
    }

    const Model& model_;
    const KindIndex* by_kind_ = nullptr;

  public:
    const CloudResource* current_ = nullptr;
};

Outcome outcome_of(Tri t) {
    return t == Tri::kTrue ? Outcome::kPass : t == Tri::kFalse ? Outcome::kFail : Outcome::kUnknown;
}

void evaluate_one(
    const Rule& rule, const Model& model, Evaluator& ev, std::size_t index, Evaluation& out) {
    const CloudResource* res = index == core::kNoResource ? nullptr : &model.resources[index];
    static const Node kEmpty = Node::mapping();
    const Node& scope = res ? res->attributes : kEmpty;
    ev.current_ = res;
    core::CheckResult check;
    check.rule_id = rule.info.id;
    check.resource = index;
    static const core::SourceLocation kNowhere;
    const core::SourceLocation& base = res ? res->info.location : kNowhere;
    check.location = base;
    Tri applies = Tri::kTrue;
    if (rule.when) {
        Result w = ev.eval(*rule.when, scope, index);
        applies = w.value;
        if (applies == Tri::kFalse) {
            check.outcome = Outcome::kNotApplicable;
            check.detail = "does not apply: " + w.evidence;
            out.checks.push_back(std::move(check));
            return;
        }
    }
    Result r = ev.eval(*rule.check, scope, index);
    check.outcome = outcome_of(r.value);
    if (applies == Tri::kUnknown && check.outcome == Outcome::kFail) {
        check.outcome = Outcome::kUnknown;  // it fails only if it applies, which is unknown
    }
    check.detail = r.evidence;
    if (r.mark.line && res) check.location.mark = r.mark;
    if (check.outcome == Outcome::kFail) {
        core::Finding f;
        f.rule_id = rule.info.id;
        f.severity = rule.info.severity;
        f.resource = index;
        f.message = r.evidence;
        f.location = check.location;
        std::string key = rule.info.id + "|" + base.file + "|" + (res ? res->info.id : "");
        f.fingerprint = core::sha256_hex(key).substr(0, 32);
        out.findings.push_back(std::move(f));
    }
    out.checks.push_back(std::move(check));
}

}  // namespace

namespace {

void evaluate_rule(const Rule& rule,
                   const Model& model,
                   const KindIndex& by_kind,
                   Evaluator& ev,
                   Evaluation& out) {
    if (rule.workload_scope) {
        if (!model.resources.empty()) evaluate_one(rule, model, ev, core::kNoResource, out);
        return;
    }
    std::vector<std::size_t> targets;
    for (const auto& k : rule.info.kinds) {
        if (auto it = by_kind.find(k); it != by_kind.end()) {
            targets.insert(targets.end(), it->second.begin(), it->second.end());
        }
    }
    if (rule.info.kinds.size() > 1) std::sort(targets.begin(), targets.end());  // model order
    out.checks.reserve(targets.size());
    for (std::size_t i : targets) evaluate_one(rule, model, ev, i, out);
    // Said once, so a best practice can be "not applicable" for a reason, not by silence.
    if (targets.empty() && !model.resources.empty()) {
        std::string kinds;
        for (const auto& k : rule.info.kinds) kinds += (kinds.empty() ? "" : ", ") + k;
        out.checks.push_back({rule.info.id,
                              core::kNoResource,
                              Outcome::kNotApplicable,
                              "no resource of kind " + kinds + " in the workload",
                              {}});
    }
}

}  // namespace

Evaluation evaluate(const std::vector<Rule>& rules, const Model& model, unsigned jobs) {
    KindIndex by_kind;
    for (std::size_t i = 0; i < model.resources.size(); ++i) {
        by_kind[model.resources[i].info.kind].push_back(i);
    }
    // Rules are independent: each thread takes the next rule; results are joined in rule order,
    // so the output does not depend on the number of threads.
    std::vector<Evaluation> per_rule(rules.size());
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        Evaluator ev(model, &by_kind);
        for (std::size_t r = next++; r < rules.size(); r = next++) {
            evaluate_rule(rules[r], model, by_kind, ev, per_rule[r]);
        }
    };
    jobs = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(rules.size())));
    {
        std::vector<std::jthread> threads;
        for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
        worker();
    }
    Evaluation out;
    std::size_t checks = 0, findings = 0;
    for (const auto& e : per_rule) {
        checks += e.checks.size();
        findings += e.findings.size();
    }
    out.checks.reserve(checks);
    out.findings.reserve(findings);
    for (auto& e : per_rule) {
        std::move(e.checks.begin(), e.checks.end(), std::back_inserter(out.checks));
        std::move(e.findings.begin(), e.findings.end(), std::back_inserter(out.findings));
    }
    return out;
}

std::vector<RuleTestResult> run_rule_tests(const std::vector<Rule>& rules) {
    std::vector<RuleTestResult> out;
    for (const auto& rule : rules) {
        for (const auto& test : rule.tests) {
            RuleTestResult result{&rule, &test, false, {}};
            Model model;
            std::string diags;
            auto note = [&](const core::Diagnostics& ds) {
                for (const auto& d : ds) {
                    if (d.level == core::DiagLevel::kError) diags += "; input: " + d.message;
                }
            };
            if (!test.terraform.empty()) {
                auto loaded = load_terraform_plan(test.terraform, test.location.str());
                note(loaded.diagnostics);
                if (!loaded.plan) {
                    result.message = "the test input is not a Terraform plan" + diags;
                    out.push_back(std::move(result));
                    continue;
                }
                adapt_terraform(*loaded.plan, model);
            } else {
                auto loaded = load_cloudformation(test.cloudformation, test.location.str(), {});
                note(loaded.diagnostics);
                if (!loaded.tmpl) {
                    result.message = "the test input is not a template" + diags;
                    out.push_back(std::move(result));
                    continue;
                }
                adapt_cloudformation(*loaded.tmpl, model);
            }
            link(model);
            Evaluation ev = evaluate({rule}, model);
            const core::CheckResult* seen = nullptr;
            for (const auto& c : ev.checks) {
                bool match =
                    test.resource.empty() || (c.resource != core::kNoResource &&
                                              model.resources[c.resource].info.id == test.resource);
                if (match) {
                    if (seen && test.resource.empty()) {
                        seen = nullptr;
                        result.message = "several resources were checked; name one with resource:";
                        break;
                    }
                    seen = &c;
                }
            }
            if (!seen) {
                if (result.message.empty()) {
                    result.message = test.resource.empty()
                                         ? "the rule checked no resource"
                                         : "the rule did not check resource " + test.resource;
                }
                result.message += diags;
            } else if (seen->outcome != test.expect) {
                result.message = "expected " + std::string(core::to_string(test.expect)) +
                                 ", got " + std::string(core::to_string(seen->outcome)) + ": " +
                                 seen->detail + diags;
            } else {
                result.passed = true;
            }
            out.push_back(std::move(result));
        }
    }
    return out;
}

}  // namespace wasp::iac
