// Loading and intrinsic resolution of CloudFormation templates (see cfn.h).
#include "iac/cfn.h"

#include <algorithm>
#include <set>

#include "core/parse.h"

namespace wasp::iac {

using core::DiagLevel;
using core::Diagnostic;
using core::Mark;
using core::Node;
using core::NodeKind;
using core::NodeOrigin;

namespace {

// A resolved value that means "leave this property out" (Ref AWS::NoValue).
Node no_value(Mark mark) {
    Node n(NodeKind::kNull, {}, mark);
    n.set_tag("AWS::NoValue");
    return n;
}
bool is_no_value(const Node& n) { return n.is_null() && n.tag() == "AWS::NoValue"; }

// Maps a YAML short-form tag to the long form's key: !Ref -> Ref, !Sub -> Fn::Sub.
std::string long_form(std::string_view tag) {
    std::string_view name = tag.substr(1);
    if (name == "Ref" || name == "Condition") return std::string(name);
    return "Fn::" + std::string(name);
}

bool is_intrinsic_key(std::string_view key) {
    return key == "Ref" || key == "Condition" || key.starts_with("Fn::");
}

constexpr std::string_view kResolvePrefix = "{{resolve:";

class Resolver {
  public:
    Resolver(const Node& root,
             const CfnParameters& overrides,
             const std::string& file,
             core::Diagnostics& diags)
        : root_(root), overrides_(overrides), file_(file), diags_(diags) {
        if (const Node* r = root.get("Resources"); r && r->is_mapping()) {
            for (const auto& m : r->members()) {
                resources_.insert(m.key);
                const Node* type = m.value.is_mapping() ? m.value.get("Type") : nullptr;
                if (type && type->is_scalar() && type->text().starts_with("AWS::Serverless::")) {
                    serverless_.push_back(m.key);
                }
            }
        }
        if (const Node* p = root.get("Parameters"); p && p->is_mapping()) params_ = p;
        if (const Node* m = root.get("Mappings"); m && m->is_mapping()) mappings_ = m;
        if (const Node* c = root.get("Conditions"); c && c->is_mapping()) conditions_ = c;
    }

    // Resolves a node; the result never contains intrinsics or AWS::NoValue.
    Node resolve(const Node& n) {
        Node out = eval(n);
        return is_no_value(out) ? Node(NodeKind::kNull, {}, n.mark()) : out;
    }

    std::optional<bool> condition(const std::string& name, Mark at) {
        if (auto it = condition_values_.find(name); it != condition_values_.end()) {
            return it->second;
        }
        const Node* expr = conditions_ ? conditions_->get(name) : nullptr;
        if (!expr) {
            error("cfn-undefined-condition", "condition '" + name + "' is not defined", at);
            return std::nullopt;
        }
        if (!evaluating_.insert(name).second) {
            error("cfn-condition-cycle", "condition '" + name + "' refers to itself", at);
            return std::nullopt;
        }
        bool saved = in_condition_;
        in_condition_ = true;
        Node v = eval(*expr);
        in_condition_ = saved;
        evaluating_.erase(name);
        std::optional<bool> result;
        if (!v.is_unknown()) {
            result = v.as_bool();
            if (!result) {
                error("cfn-condition-type", "condition '" + name + "' is not a boolean expression",
                      expr->mark());
            }
        }
        condition_values_[name] = result;
        return result;
    }

  private:
    Node eval(const Node& n) {
        if (++depth_ > kMaxDepth) {
            --depth_;
            return Node::unknown("expression nested too deeply", n.mark());
        }
        Node out = eval_inner(n);
        --depth_;
        return out;
    }

    Node eval_inner(const Node& n) {
        if (!n.tag().empty() && n.tag().starts_with("!")) {
            Node arg = n;
            arg.set_tag({});
            return intrinsic(long_form(n.tag()), arg, n.mark());
        }
        switch (n.kind()) {
            case NodeKind::kMapping: {
                if (n.size() == 1 && is_intrinsic_key(n.members()[0].key)) {
                    const auto& m = n.members()[0];
                    // "Condition" is a plain property name outside condition expressions; it is
                    // an intrinsic only when its argument is a condition name.
                    if (m.key != "Condition" || in_condition_) {
                        return intrinsic(m.key, m.value, n.mark());
                    }
                }
                Node out = Node::mapping(n.mark());
                for (const auto& m : n.members()) {
                    Node v = eval(m.value);
                    if (!is_no_value(v)) out.set(m.key, std::move(v), m.key_mark);
                }
                return out;
            }
            case NodeKind::kSequence: {
                Node out = Node::sequence(n.mark());
                for (const auto& i : n.items()) {
                    Node v = eval(i);
                    if (!is_no_value(v)) out.push(std::move(v));
                }
                return out;
            }
            case NodeKind::kString:
                if (n.text().find(kResolvePrefix) != std::string::npos) {
                    return dynamic_reference(n);
                }
                return n;
            default:
                return n;
        }
    }

    Node dynamic_reference(const Node& n) {
        auto start = n.text().find(kResolvePrefix) + kResolvePrefix.size();
        auto colon = n.text().find(':', start);
        std::string service =
            n.text().substr(start, colon == std::string::npos ? std::string::npos : colon - start);
        using core::UnknownCause;
        UnknownCause cause = service == "secretsmanager" ? UnknownCause::kSecretsManager
                             : service == "ssm-secure"   ? UnknownCause::kSsmSecure
                             : service == "ssm"          ? UnknownCause::kSsm
                                                         : UnknownCause::kOther;
        return Node::unknown("a dynamic reference resolved at deployment from " + service, n.mark(),
                             {}, cause);
    }

    Node intrinsic(const std::string& fn, const Node& arg, Mark at) {
        if (fn == "Ref") return ref(arg, at);
        if (fn == "Condition") {
            if (!arg.is_scalar()) return bad_arg(fn, at);
            auto v = condition(arg.text(), at);
            if (!v) {
                return Node::unknown("depends on condition " + arg.text(), at, {},
                                     core::UnknownCause::kCondition);
            }
            return Node::boolean(*v, at);
        }
        if (fn == "Fn::GetAtt") return get_att(arg, at);
        if (fn == "Fn::Sub") return sub(arg, at);
        if (fn == "Fn::Join") return join(arg, at);
        if (fn == "Fn::Select") return select(arg, at);
        if (fn == "Fn::Split") return split(arg, at);
        if (fn == "Fn::FindInMap") return find_in_map(arg, at);
        if (fn == "Fn::If") return if_(arg, at);
        if (fn == "Fn::Equals") return equals(arg, at);
        if (fn == "Fn::Not" || fn == "Fn::And" || fn == "Fn::Or") return logic(fn, arg, at);
        if (fn == "Fn::Base64") {
            // Kept as the plain text it encodes, which is what rules want to inspect.
            Node v = eval(arg);
            v.set_mark(at);
            return v;
        }
        if (fn == "Fn::ImportValue") {
            Node name = eval(arg);
            return Node::unknown("a value exported by another stack" +
                                     (name.is_scalar() ? " (" + name.text() + ")" : std::string()),
                                 at, {}, core::UnknownCause::kImport);
        }
        if (fn == "Fn::GetAZs") return Node::unknown("the Availability Zones of the region", at);
        if (fn == "Fn::Cidr") return Node::unknown("CIDR blocks computed by Fn::Cidr", at);
        if (fn == "Fn::Length") {
            Node v = eval(arg);
            if (v.is_sequence()) return Node(NodeKind::kNumber, std::to_string(v.size()), at);
            return v.is_unknown() ? v : bad_arg(fn, at);
        }
        if (fn == "Fn::ToJsonString") {
            Node v = eval(arg);
            if (v.contains_unknown()) return Node::unknown("JSON of a value not known", at);
            return Node::string(v.to_json(), at);
        }
        if (fn == "Fn::Transform") return Node::unknown("the output of a macro", at);
        warning("cfn-unsupported-intrinsic", "intrinsic function " + fn + " is not supported", at);
        return Node::unknown("unsupported intrinsic " + fn, at);
    }

    Node bad_arg(const std::string& fn, Mark at) {
        error("cfn-intrinsic-argument", "malformed arguments to " + fn, at);
        return Node::unknown("malformed " + fn, at);
    }

    Node ref(const Node& arg, Mark at) {
        Node name = eval(arg);
        if (!name.is_scalar()) {
            return name.is_unknown() ? name : bad_arg("Ref", at);
        }
        return ref_name(name.text(), at);
    }

    Node ref_name(const std::string& name, Mark at) {
        if (name == "AWS::NoValue") return no_value(at);
        if (auto it = overrides_.find(name); it != overrides_.end()) {
            return parameter_value(name, Node::string(it->second, at), at);
        }
        if (name.starts_with("AWS::")) return pseudo(name, at);
        if (params_) {
            if (const Node* p = params_->get(name)) {
                const Node* def = p->is_mapping() ? p->get("Default") : nullptr;
                if (def && def->is_scalar()) {
                    Node v = *def;
                    v.set_mark(at);
                    return parameter_value(name, std::move(v), at);
                }
                return Node::unknown("the value of parameter " + name + ", which has no default",
                                     at, {}, core::UnknownCause::kParameter);
            }
        }
        if (resources_.contains(name)) {
            return Node::unknown("the physical id of resource " + name, at, name,
                                 core::UnknownCause::kResource);
        }
        if (sam_generated(name)) {
            return Node::unknown("the physical id of resource " + name + ", generated by SAM", at,
                                 {}, core::UnknownCause::kResource);
        }
        error("cfn-undefined-ref", "Ref to '" + name + "', which is not a parameter or resource",
              at);
        return Node::unknown("Ref to undefined " + name, at);
    }

    // SAM generates resources the template can reference but does not list: a function's
    // role (FnRole), URL (FnUrl), version and aliases, the implicit APIs.
    bool sam_generated(std::string_view name) const {
        if (name == "ServerlessRestApi" || name == "ServerlessHttpApi") return true;
        return std::any_of(serverless_.begin(), serverless_.end(), [&](const std::string& id) {
            return name.size() > id.size() && name.starts_with(id);
        });
    }

    // Applies the parameter's type to its value: lists split on commas, SSM types unknown.
    Node parameter_value(const std::string& name, Node value, Mark at) {
        const Node* p = params_ ? params_->get(name) : nullptr;
        const Node* type = p && p->is_mapping() ? p->get("Type") : nullptr;
        std::string t = type && type->is_scalar() ? type->text() : "String";
        if (t.starts_with("AWS::SSM::Parameter::Value")) {
            return Node::unknown("the SSM parameter " + value.text() + " (parameter " + name + ")",
                                 at, {}, core::UnknownCause::kSsm);
        }
        if (t == "CommaDelimitedList" || t.starts_with("List<")) {
            Node list = Node::sequence(at);
            std::string_view s = value.text();
            while (true) {
                auto comma = s.find(',');
                std::string_view part = s.substr(0, comma);
                while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
                while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
                list.push(Node::string(std::string(part), at));
                if (comma == std::string_view::npos) break;
                s.remove_prefix(comma + 1);
            }
            return list;
        }
        return value;
    }

    Node pseudo(const std::string& name, Mark at) {
        if (name == "AWS::Partition") return Node::string("aws", at);
        if (name == "AWS::URLSuffix") return Node::string("amazonaws.com", at);
        if (name == "AWS::Region" || name == "AWS::AccountId" || name == "AWS::StackName" ||
            name == "AWS::StackId" || name == "AWS::NotificationARNs") {
            return Node::unknown("the pseudo parameter " + name, at, {},
                                 core::UnknownCause::kPseudoParameter);
        }
        error("cfn-undefined-ref", "unknown pseudo parameter '" + name + "'", at);
        return Node::unknown("unknown pseudo parameter " + name, at);
    }

    Node get_att(const Node& arg, Mark at) {
        std::string resource, attribute;
        if (arg.is_scalar()) {
            auto dot = arg.text().find('.');
            if (dot == std::string::npos) return bad_arg("Fn::GetAtt", at);
            resource = arg.text().substr(0, dot);
            attribute = arg.text().substr(dot + 1);
        } else if (arg.is_sequence() && arg.size() == 2) {
            Node r = eval(arg.items()[0]);
            Node a = eval(arg.items()[1]);
            if (!r.is_scalar()) return bad_arg("Fn::GetAtt", at);
            resource = r.text();
            attribute = a.is_scalar() ? a.text() : "?";
        } else {
            return bad_arg("Fn::GetAtt", at);
        }
        if (!resources_.contains(resource) && sam_generated(resource)) {
            return Node::unknown(
                "attribute " + attribute + " of resource " + resource + ", generated by SAM", at);
        }
        if (!resources_.contains(resource)) {
            error("cfn-undefined-ref", "Fn::GetAtt of '" + resource + "', which is not a resource",
                  at);
            return Node::unknown("Fn::GetAtt of undefined " + resource, at);
        }
        return Node::unknown("attribute " + attribute + " of resource " + resource, at, resource,
                             core::UnknownCause::kResource);
    }

    Node sub(const Node& arg, Mark at) {
        Node tmpl_node;
        Node vars;
        if (arg.is_sequence() && arg.size() >= 1) {
            tmpl_node = eval(arg.items()[0]);
            if (arg.size() > 1) vars = eval(arg.items()[1]);
        } else {
            tmpl_node = eval(arg);
        }
        if (tmpl_node.is_unknown()) return tmpl_node;
        if (!tmpl_node.is_scalar()) return bad_arg("Fn::Sub", at);
        const std::string& t = tmpl_node.text();
        std::string out;
        std::optional<Node> first_unknown;
        std::size_t i = 0;
        while (i < t.size()) {
            auto open = t.find("${", i);
            if (open == std::string::npos) {
                out.append(t, i, std::string::npos);
                break;
            }
            out.append(t, i, open - i);
            auto close = t.find('}', open);
            if (close == std::string::npos) {
                out.append(t, open, std::string::npos);
                break;
            }
            std::string name = t.substr(open + 2, close - open - 2);
            i = close + 1;
            if (!name.empty() && name[0] == '!') {  // ${!Literal} is written as ${Literal}
                out += "${" + name.substr(1) + "}";
                continue;
            }
            Node v;
            if (const Node* bound = vars.is_mapping() ? vars.get(name) : nullptr) {
                v = *bound;
            } else if (auto dot = name.find('.'); dot != std::string::npos) {
                std::string res = name.substr(0, dot);
                v = resources_.contains(res) || sam_generated(res)
                        ? Node::unknown("attribute " + name.substr(dot + 1) + " of resource " + res,
                                        at, res, core::UnknownCause::kResource)
                        : ref_name(name, at);
            } else {
                v = ref_name(name, at);
            }
            if (v.is_scalar()) {
                out += v.text();
            } else {
                // Keep the first unknown part, but prefer one that refers to a resource, so an
                // ARN built as arn:...:${AWS::Region}:...:${Stage} still relates to Stage.
                if (!first_unknown || (first_unknown->ref().empty() && !v.ref().empty())) {
                    first_unknown = v.is_unknown() ? v : Node::unknown("", at);
                }
                out += "${" + name + "}";
            }
        }
        if (first_unknown) {
            // Text around an unknown part: its cause is that part's (a secret reference inside
            // a connection string is still supplied at deployment).
            return Node::unknown("text with a part not known (" + first_unknown->text() + ")", at,
                                 first_unknown->ref(), first_unknown->cause());
        }
        Node s = Node::string(std::move(out), at);
        if (s.text().find(kResolvePrefix) != std::string::npos) return dynamic_reference(s);
        return s;
    }

    Node join(const Node& arg, Mark at) {
        if (!arg.is_sequence() || arg.size() != 2) return bad_arg("Fn::Join", at);
        Node delim = eval(arg.items()[0]);
        Node list = eval(arg.items()[1]);
        if (list.is_unknown()) return list;
        if (!delim.is_scalar() || !list.is_sequence()) return bad_arg("Fn::Join", at);
        std::string out;
        bool first = true;
        for (const auto& item : list.items()) {
            if (item.is_unknown()) {
                return Node::unknown("text with a part not known (" + item.text() + ")", at,
                                     item.ref(), item.cause());
            }
            if (!item.is_scalar()) return bad_arg("Fn::Join", at);
            if (!first) out += delim.text();
            out += item.text();
            first = false;
        }
        return Node::string(std::move(out), at);
    }

    Node select(const Node& arg, Mark at) {
        if (!arg.is_sequence() || arg.size() != 2) return bad_arg("Fn::Select", at);
        Node index = eval(arg.items()[0]);
        Node list = eval(arg.items()[1]);
        if (index.is_unknown()) return index;
        if (list.is_unknown()) return list;
        auto i = index.as_number();
        if (!i || !list.is_sequence()) return bad_arg("Fn::Select", at);
        if (*i < 0 || *i >= static_cast<double>(list.size())) {
            error("cfn-intrinsic-argument", "Fn::Select index out of range", at);
            return Node::unknown("Fn::Select index out of range", at);
        }
        Node v = list.items()[static_cast<std::size_t>(*i)];
        v.set_mark(at);
        return v;
    }

    Node split(const Node& arg, Mark at) {
        if (!arg.is_sequence() || arg.size() != 2) return bad_arg("Fn::Split", at);
        Node delim = eval(arg.items()[0]);
        Node source = eval(arg.items()[1]);
        if (source.is_unknown()) return source;
        if (!delim.is_scalar() || !source.is_scalar() || delim.text().empty()) {
            return bad_arg("Fn::Split", at);
        }
        Node out = Node::sequence(at);
        std::string_view s = source.text();
        while (true) {
            auto pos = s.find(delim.text());
            out.push(Node::string(std::string(s.substr(0, pos)), at));
            if (pos == std::string_view::npos) break;
            s.remove_prefix(pos + delim.text().size());
        }
        return out;
    }

    Node find_in_map(const Node& arg, Mark at) {
        if (!arg.is_sequence() || arg.size() < 3) return bad_arg("Fn::FindInMap", at);
        Node keys[3];
        for (std::size_t k = 0; k < 3; ++k) {
            keys[k] = eval(arg.items()[k]);
            if (keys[k].is_unknown()) {
                return Node::unknown("a Mappings entry chosen by " + keys[k].text(), at);
            }
            if (!keys[k].is_scalar()) return bad_arg("Fn::FindInMap", at);
        }
        const Node* map = mappings_ ? mappings_->get(keys[0].text()) : nullptr;
        const Node* top = map ? map->get(keys[1].text()) : nullptr;
        const Node* value = top ? top->get(keys[2].text()) : nullptr;
        if (value) {
            Node v = eval(*value);
            v.set_mark(at);
            return v;
        }
        if (arg.size() > 3) {  // AWS::LanguageExtensions: [map, top, second, {DefaultValue: x}]
            Node opts = eval(arg.items()[3]);
            if (const Node* def = opts.get("DefaultValue")) return *def;
        }
        error("cfn-mapping-missing",
              "Fn::FindInMap: no entry " + keys[0].text() + "/" + keys[1].text() + "/" +
                  keys[2].text(),
              at);
        return Node::unknown("a missing Mappings entry", at);
    }

    Node if_(const Node& arg, Mark at) {
        if (!arg.is_sequence() || arg.size() != 3 || !arg.items()[0].is_scalar()) {
            return bad_arg("Fn::If", at);
        }
        const std::string& name = arg.items()[0].text();
        auto c = condition(name, at);
        if (c) return eval(arg.items()[*c ? 1 : 2]);
        Node a = eval(arg.items()[1]);
        Node b = eval(arg.items()[2]);
        if (is_no_value(a) && is_no_value(b)) return a;
        if (!is_no_value(a) && !is_no_value(b) && a.same_value(b)) return a;
        Node u = Node::unknown("depends on condition " + name + ", which cannot be evaluated", at,
                               {}, core::UnknownCause::kCondition);
        if (is_no_value(a) || is_no_value(b)) u.set_origin(NodeOrigin::kMaybeAbsent);
        u.add_alternative(std::move(a));
        u.add_alternative(std::move(b));
        return u;
    }

    Node equals(const Node& arg, Mark at) {
        if (!arg.is_sequence() || arg.size() != 2) return bad_arg("Fn::Equals", at);
        Node a = eval(arg.items()[0]);
        Node b = eval(arg.items()[1]);
        if (a.contains_unknown() || b.contains_unknown()) {
            const Node& u = a.contains_unknown() ? a : b;
            return Node::unknown(u.is_unknown() ? u.text() : "a comparison of unknown values", at);
        }
        return Node::boolean(a.same_value(b), at);
    }

    Node logic(const std::string& fn, const Node& arg, Mark at) {
        if (!arg.is_sequence() || arg.size() == 0) return bad_arg(fn, at);
        bool saved = in_condition_;
        in_condition_ = true;
        std::vector<std::optional<bool>> values;
        std::string unknown_reason;
        for (const auto& item : arg.items()) {
            Node v = eval(item);
            if (v.is_unknown()) {
                values.push_back(std::nullopt);
                if (unknown_reason.empty()) unknown_reason = v.text();
            } else {
                auto b = v.as_bool();
                if (!b) {
                    in_condition_ = saved;
                    return bad_arg(fn, at);
                }
                values.push_back(b);
            }
        }
        in_condition_ = saved;
        auto unknown = [&] { return Node::unknown(unknown_reason, at); };
        if (fn == "Fn::Not") {
            if (values.size() != 1) return bad_arg(fn, at);
            return values[0] ? Node::boolean(!*values[0], at) : unknown();
        }
        bool is_and = fn == "Fn::And";
        bool any_unknown = false;
        for (const auto& v : values) {
            if (!v) {
                any_unknown = true;
            } else if (*v != is_and) {
                return Node::boolean(!is_and, at);  // a false in And, a true in Or decides
            }
        }
        return any_unknown ? unknown() : Node::boolean(is_and, at);
    }

    void error(std::string code, std::string message, Mark at) {
        diags_.push_back({DiagLevel::kError, std::move(code), std::move(message),
                          core::SourceLocation{file_, at, {}}});
    }
    void warning(std::string code, std::string message, Mark at) {
        diags_.push_back({DiagLevel::kWarning, std::move(code), std::move(message),
                          core::SourceLocation{file_, at, {}}});
    }

    static constexpr int kMaxDepth = 512;

    const Node& root_;
    const CfnParameters& overrides_;
    const std::string& file_;
    core::Diagnostics& diags_;
    const Node* params_ = nullptr;
    const Node* mappings_ = nullptr;
    const Node* conditions_ = nullptr;
    std::set<std::string, std::less<>> resources_;
    std::vector<std::string> serverless_;  // logical ids of AWS::Serverless::* resources
    std::map<std::string, std::optional<bool>, std::less<>> condition_values_;
    std::set<std::string, std::less<>> evaluating_;
    bool in_condition_ = true;  // condition expressions: "Condition" keys are intrinsics
    int depth_ = 0;

  public:
    void set_in_condition(bool v) { in_condition_ = v; }
};

// SAM Globals: maps merge, lists append, scalars of the resource win.
Node merge_globals(const Node& global, const Node& local) {
    if (global.is_mapping() && local.is_mapping()) {
        Node out = global;
        for (const auto& m : local.members()) {
            const Node* g = out.get(m.key);
            out.set(m.key, g ? merge_globals(*g, m.value) : m.value, m.key_mark);
        }
        out.set_mark(local.mark());
        return out;
    }
    if (global.is_sequence() && local.is_sequence()) {
        Node out = global;
        for (const auto& i : local.items()) out.push(i);
        out.set_mark(local.mark());
        return out;
    }
    return local;
}

const char* sam_globals_section(std::string_view type) {
    if (type == "AWS::Serverless::Function") return "Function";
    if (type == "AWS::Serverless::Api") return "Api";
    if (type == "AWS::Serverless::HttpApi") return "HttpApi";
    if (type == "AWS::Serverless::SimpleTable") return "SimpleTable";
    if (type == "AWS::Serverless::StateMachine") return "StateMachine";
    if (type == "AWS::Serverless::LayerVersion") return "LayerVersion";
    return nullptr;
}

bool has_transform(const Node& root, std::string_view name) {
    const Node* t = root.get("Transform");
    if (!t) return false;
    if (t->is_scalar()) return t->text() == name;
    for (const auto& i : t->items()) {
        if (i.is_scalar() && i.text() == name) return true;
    }
    return false;
}

// Finds "# wasp:skip=RULE reason [expires=YYYY-MM-DD]" comments (YAML drops comments, so the
// text is scanned) and gives each to the resource whose block holds it, or that follows it.
std::vector<CfnTemplate::CommentSkip> comment_skips(std::string_view text,
                                                    const std::string& file,
                                                    const std::vector<CfnResource>& resources) {
    constexpr std::string_view kMarker = "wasp:skip=";
    std::vector<CfnTemplate::CommentSkip> out;
    std::uint32_t line = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        ++line;
        auto end = text.find('\n', start);
        std::string_view l =
            text.substr(start, end == std::string_view::npos ? text.npos : end - start);
        start = end == std::string_view::npos ? text.size() + 1 : end + 1;
        auto hash = l.find('#');
        auto at = hash == std::string_view::npos ? hash : l.find(kMarker, hash);
        if (at == std::string_view::npos) continue;
        CfnTemplate::CommentSkip skip;
        skip.skip = parse_skip_comment(
            l.substr(at + kMarker.size()),
            core::SourceLocation{file, core::Mark{line, static_cast<std::uint32_t>(hash + 1)}, {}});
        // The last resource that starts at or before the next line holds (or follows) it.
        for (const auto& r : resources) {
            if (r.mark.line <= line + 1) skip.logical_id = r.logical_id;
        }
        if (!skip.logical_id.empty()) out.push_back(std::move(skip));
    }
    return out;
}

}  // namespace

CfnLoadResult load_cloudformation(std::string_view text,
                                  const std::string& file,
                                  const CfnParameters& parameters) {
    CfnLoadResult result;
    auto& diags = result.diagnostics;
    auto first = text.find_first_not_of(" \t\r\n");
    bool json = first != std::string_view::npos && text[first] == '{';
    auto parsed = json ? core::parse_json(text) : core::parse_yaml(text);
    if (!parsed) {
        diags.push_back({DiagLevel::kError, json ? "json-syntax" : "yaml-syntax",
                         parsed.error().message,
                         core::SourceLocation{file, parsed.error().mark, {}}});
        return result;
    }
    for (const auto& w : parsed->warnings) {
        diags.push_back({DiagLevel::kWarning, "parse-warning", w.message,
                         core::SourceLocation{file, w.mark, {}}});
    }
    const Node& root = parsed->root;
    const Node* resources = root.is_mapping() ? root.get("Resources") : nullptr;
    if (!resources || !resources->is_mapping()) {
        diags.push_back({DiagLevel::kError, "cfn-structure",
                         "not a CloudFormation template: no Resources mapping",
                         core::SourceLocation{file, root.mark(), {}}});
        return result;
    }
    CfnTemplate tmpl;
    tmpl.file = file;
    tmpl.sam = has_transform(root, "AWS::Serverless-2016-10-31");
    if (const Node* d = root.get("Description"); d && d->is_scalar()) tmpl.description = d->text();
    Resolver resolver(root, parameters, file, diags);
    resolver.set_in_condition(false);
    if (const Node* md = root.get("Metadata")) tmpl.metadata = resolver.resolve(*md);
    const Node* globals = tmpl.sam ? root.get("Globals") : nullptr;

    for (const auto& m : resources->members()) {
        const Node& def = m.value;
        core::SourceLocation where{file, m.key_mark,
                                   "/Resources/" + core::json_pointer_token(m.key)};
        const Node* type = def.is_mapping() ? def.get("Type") : nullptr;
        if (!type || !type->is_scalar() || type->text().empty()) {
            diags.push_back(
                {DiagLevel::kError, "cfn-structure", "resource " + m.key + " has no Type", where});
            continue;
        }
        CfnResource r;
        r.logical_id = m.key;
        r.type = type->text();
        r.mark = m.key_mark;
        if (const Node* c = def.get("Condition")) {
            if (c->is_scalar()) {
                r.condition = c->text();
                resolver.set_in_condition(true);
                r.condition_value = resolver.condition(r.condition, c->mark());
                resolver.set_in_condition(false);
                if (r.condition_value == false) {
                    tmpl.excluded.push_back(r.logical_id);
                    continue;
                }
            }
        }
        const Node* props = def.get("Properties");
        Node merged;
        if (globals) {
            const char* section = sam_globals_section(r.type);
            const Node* g = section ? globals->get(section) : nullptr;
            if (g && g->is_mapping()) {
                merged = merge_globals(*g, props ? *props : Node::mapping(m.key_mark));
                props = &merged;
            }
        }
        if (props && !props->is_null()) {
            r.properties = resolver.resolve(*props);
            if (!r.properties.is_mapping() && !r.properties.is_unknown()) {
                diags.push_back({DiagLevel::kError, "cfn-structure",
                                 "Properties of " + m.key + " is not a mapping", where});
                r.properties = Node::mapping(props->mark());
            }
        } else {
            r.properties = Node::mapping(m.key_mark);
        }
        if (const Node* md = def.get("Metadata")) {
            r.metadata = resolver.resolve(*md);
            if (const Node* p = r.metadata.get("aws:cdk:path"); p && p->is_scalar()) {
                r.cdk_path = p->text();
                tmpl.cdk = true;
            }
        }
        tmpl.resources.push_back(std::move(r));
    }
    if (!json) tmpl.comment_skips = comment_skips(text, file, tmpl.resources);
    result.tmpl = std::move(tmpl);
    return result;
}

std::expected<CfnParameters, core::Diagnostic> load_cfn_parameters(std::string_view text,
                                                                   const std::string& file) {
    auto first = text.find_first_not_of(" \t\r\n");
    bool json = first != std::string_view::npos && (text[first] == '{' || text[first] == '[');
    auto parsed = json ? core::parse_json(text) : core::parse_yaml(text);
    if (!parsed) {
        return std::unexpected(Diagnostic{DiagLevel::kError, "parameters-syntax",
                                          parsed.error().message,
                                          core::SourceLocation{file, parsed.error().mark, {}}});
    }
    const Node* root = &parsed->root;
    CfnParameters out;
    auto bad = [&](const Node& at) {
        return std::unexpected(Diagnostic{
            DiagLevel::kError, "parameters-structure",
            "expected [{\"ParameterKey\": ..., \"ParameterValue\": ...}] or {\"Name\": \"value\"}",
            core::SourceLocation{file, at.mark(), {}}});
    };
    if (root->is_sequence()) {
        for (const auto& item : root->items()) {
            const Node* k = item.get("ParameterKey");
            const Node* v = item.get("ParameterValue");
            if (!k || !v || !k->is_scalar() || !v->is_scalar()) return bad(item);
            out[k->text()] = v->text();
        }
        return out;
    }
    if (!root->is_mapping()) return bad(*root);
    if (const Node* p = root->get("Parameters"); p && p->is_mapping()) root = p;
    for (const auto& m : root->members()) {
        if (!m.value.is_scalar()) return bad(m.value);
        out[m.key] = m.value.text();
    }
    return out;
}

}  // namespace wasp::iac
