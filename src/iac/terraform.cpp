// Loading of Terraform plan JSON (terraform.h).
#include "iac/terraform.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "core/parse.h"

namespace wasp::iac {

using core::DiagLevel;
using core::Mark;
using core::Node;
using core::NodeKind;
using core::NodeOrigin;

namespace {

// References followed through module inputs and outputs, at most this many modules deep.
constexpr int kMaxTraceDepth = 32;

std::string text_at(const Node& obj, std::string_view key) {
    const Node* v = obj.is_mapping() ? obj.get(key) : nullptr;
    return v && v->is_scalar() ? v->text() : std::string();
}

std::string prefix(const std::string& module) { return module.empty() ? module : module + "."; }

// Index just past the "[...]" that starts at i; a quoted key may hold ']', '.' and escapes.
std::size_t skip_key(std::string_view s, std::size_t i) {
    bool quoted = false;
    for (++i; i < s.size(); ++i) {
        char c = s[i];
        if (quoted) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                quoted = false;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ']') {
            return i + 1;
        }
    }
    return s.size();
}

struct ModuleStep {
    std::string name;
    std::string key;  // "[0]", "[\"eu\"]" or empty
};

// Reads "module.NAME[KEY]" at i; returns false when s does not continue with a module step.
bool read_module_step(std::string_view s, std::size_t& i, ModuleStep& out) {
    if (s.substr(i, 7) != "module.") return false;
    std::size_t start = i + 7;
    std::size_t j = start;
    while (j < s.size() && s[j] != '.' && s[j] != '[') ++j;
    if (j == start) return false;
    out.name = std::string(s.substr(start, j - start));
    out.key.clear();
    if (j < s.size() && s[j] == '[') {
        std::size_t end = skip_key(s, j);
        out.key = std::string(s.substr(j, end - j));
        j = end;
    }
    i = j;
    return true;
}

// "module.a[0].module.b" -> [{a, [0]}, {b, ""}].
std::vector<ModuleStep> module_steps(std::string_view address) {
    std::vector<ModuleStep> out;
    std::size_t i = 0;
    ModuleStep step;
    while (read_module_step(address, i, step)) {
        out.push_back(step);
        if (i < address.size() && address[i] == '.') ++i;
    }
    return out;
}

std::string join(const std::vector<ModuleStep>& steps, bool with_keys) {
    std::string out;
    for (const auto& s : steps) {
        if (!out.empty()) out += '.';
        out += "module." + s.name;
        if (with_keys) out += s.key;
    }
    return out;
}

// The configuration's path of a module instance: its address without instance keys.
std::string config_path(const std::string& module) { return join(module_steps(module), false); }

bool is_expression(const Node& n) {
    if (!n.is_mapping()) return false;
    for (const auto& m : n.members()) {
        if (m.key != "constant_value" && m.key != "references") return false;
    }
    return true;  // an empty object is an expression that is neither constant nor a reference
}

bool has_true(const Node& n) {
    if (n.kind() == NodeKind::kBool) return n.as_bool() == true;
    for (const auto& i : n.items()) {
        if (has_true(i)) return true;
    }
    for (const auto& m : n.members()) {
        if (has_true(m.value)) return true;
    }
    return false;
}

// Where a value sits in the configuration: whether the configuration sets it.
struct Written {
    enum class State { kNo, kYes, kBlock } state = State::kYes;
    const Node* block = nullptr;  // kBlock: block expressions (mapping) or a list of them

    Written key(std::string_view k) const {
        if (state != State::kBlock) return *this;
        if (!block->is_mapping()) return {};  // a key inside a list: keep it written
        const Node* child = block->get(k);
        if (!child) return {State::kNo, nullptr};
        return of(*child);
    }
    Written index(std::size_t i) const {
        if (state != State::kBlock) return *this;
        if (!block->is_sequence()) return {};
        if (block->items().empty()) return {State::kNo, nullptr};
        // Sets of blocks need not keep their order; any block of the list counts.
        const Node& item = block->items()[std::min(i, block->items().size() - 1)];
        return of(item);
    }
    static Written of(const Node& n) {
        if (is_expression(n)) return {};
        if (n.is_mapping() || n.is_sequence()) return {State::kBlock, &n};
        return {};
    }
};

// Replaces the values that after_unknown marks (true leaves) by unknown nodes.
void overlay_unknown(Node& v, const Node& unknown, const Written& written) {
    if (unknown.kind() == NodeKind::kBool) {
        if (unknown.as_bool() != true) return;
        Node u =
            Node::unknown("known after apply", unknown.mark(), {}, core::UnknownCause::kAfterApply);
        u.set_origin(written.state == Written::State::kNo ? NodeOrigin::kDefault
                                                          : NodeOrigin::kWritten);
        v = std::move(u);
        return;
    }
    if (!has_true(unknown)) return;
    if (unknown.is_mapping()) {
        if (!v.is_mapping()) v = Node::mapping(v.mark().line ? v.mark() : unknown.mark());
        for (const auto& m : unknown.members()) {
            Node* child = v.get(m.key);
            if (!child) {
                v.set(m.key, Node(), m.key_mark);
                child = v.get(m.key);
            }
            overlay_unknown(*child, m.value, written.key(m.key));
        }
    } else if (unknown.is_sequence()) {
        if (!v.is_sequence()) v = Node::sequence(v.mark().line ? v.mark() : unknown.mark());
        auto items = unknown.items();
        for (std::size_t i = 0; i < items.size(); ++i) {
            while (v.items().size() <= i) v.push(Node());
            overlay_unknown(v.items()[i], items[i], written.index(i));
        }
    }
}

// Every attribute expression of a block, with its path: "bucket", "logging[0].target_bucket".
void collect_expressions(const Node& block,
                         const std::string& path,
                         std::vector<std::pair<std::string, const Node*>>& out) {
    if (!block.is_mapping()) return;
    for (const auto& m : block.members()) {
        if (m.key.find_first_of(".[]") != std::string::npos) continue;  // not a path step
        std::string p = path.empty() ? m.key : path + "." + m.key;
        if (is_expression(m.value)) {
            out.emplace_back(p, &m.value);
        } else if (m.value.is_mapping()) {
            collect_expressions(m.value, p, out);
        } else if (m.value.is_sequence()) {
            auto items = m.value.items();
            for (std::size_t i = 0; i < items.size(); ++i) {
                collect_expressions(items[i], p + "[" + std::to_string(i) + "]", out);
            }
        }
    }
}

// The node at an attribute path ("a.b[0].c"); nullptr when it is not there.
Node* node_at(Node& root, std::string_view path) {
    Node* cur = &root;
    while (!path.empty()) {
        std::size_t end = path.find_first_of(".[");
        std::string_view key = path.substr(0, end);
        if (!key.empty()) {
            if (!cur->is_mapping()) return nullptr;
            cur = cur->get(key);
            if (!cur) return nullptr;
        }
        path.remove_prefix(end == std::string_view::npos ? path.size() : end);
        while (path.starts_with('[')) {
            std::size_t close = path.find(']');
            if (close == std::string_view::npos || !cur->is_sequence()) return nullptr;
            std::size_t i =
                std::strtoul(std::string(path.substr(1, close - 1)).c_str(), nullptr, 10);
            if (i >= cur->items().size()) return nullptr;
            cur = &cur->items()[i];
            path.remove_prefix(close + 1);
        }
        if (path.starts_with('.')) path.remove_prefix(1);
    }
    return cur;
}

void add_unique(std::vector<std::string>& out, const std::string& s) {
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
}

class Loader {
  public:
    Loader(const Node& root, const std::string& file, core::Diagnostics& diags)
        : root_(root), file_(file), diags_(diags) {}

    std::optional<TfPlan> load() {
        if (!root_.is_mapping()) {
            error("tf-structure", "not a Terraform plan: the document is not a JSON object",
                  root_.mark(), "");
            return std::nullopt;
        }
        TfPlan plan;
        plan.file = file_;
        plan.format_version = text_at(root_, "format_version");
        plan.terraform_version = text_at(root_, "terraform_version");
        if (!plan.format_version.empty() && !plan.format_version.starts_with("1.") &&
            plan.format_version != "1") {
            const Node* fv = root_.get("format_version");
            error("tf-format-version",
                  "format_version " + plan.format_version +
                      " is not supported (this version of wasp reads 1.x)",
                  fv->mark(), "/format_version");
            return std::nullopt;
        }
        const Node* planned = root_.get("planned_values");
        std::string planned_pointer = "/planned_values";
        if (!planned || !planned->is_mapping()) {
            planned = root_.get("values");  // a state, not a plan: every value is known
            planned_pointer = "/values";
        }
        const Node* changes = root_.get("resource_changes");
        if ((!planned || !planned->is_mapping()) && (!changes || !changes->is_sequence())) {
            error("tf-structure",
                  "not a Terraform plan: no planned_values, resource_changes or values",
                  root_.mark(), "");
            return std::nullopt;
        }
        if (const Node* e = root_.get("errored"); e && e->as_bool() == true) {
            warning("tf-plan-errored",
                    "the plan stopped on an error; resources it did not reach are missing",
                    e->mark(), "/errored");
        }
        if (const Node* c = root_.get("complete"); c && c->as_bool() == false) {
            warning("tf-plan-incomplete",
                    "the plan is incomplete (deferred changes); another plan and apply will "
                    "follow, with resources this one does not show",
                    c->mark(), "/complete");
        }

        if (changes && changes->is_sequence()) {
            auto items = changes->items();
            for (std::size_t i = 0; i < items.size(); ++i) {
                const Node& c = items[i];
                if (!c.is_mapping() || c.get("deposed")) continue;  // a deposed object goes away
                std::string address = text_at(c, "address");
                if (!address.empty()) changes_.emplace(address, Change{&c});
            }
        }
        if (const Node* config = root_.get("configuration"); config && config->is_mapping()) {
            if (const Node* rm = config->get("root_module"); rm && rm->is_mapping()) {
                index_config(*rm, "", nullptr);
            }
        }

        std::vector<Instance> instances;
        if (planned && planned->is_mapping()) {
            if (const Node* rm = planned->get("root_module"); rm && rm->is_mapping()) {
                collect_planned(*rm, "", planned_pointer + "/root_module", instances);
            }
        }
        std::set<std::string> in_planned;
        for (const auto& in : instances) in_planned.insert(in.address);
        // Instances only resource_changes shows (a plan without planned_values).
        if (changes && changes->is_sequence()) {
            auto items = changes->items();
            for (std::size_t i = 0; i < items.size(); ++i) {
                const Node& c = items[i];
                if (!c.is_mapping() || c.get("deposed")) continue;
                std::string address = text_at(c, "address");
                const Node* after = c.at_path("change.after");
                if (address.empty() || in_planned.contains(address) || !after ||
                    !after->is_mapping()) {
                    continue;
                }
                in_planned.insert(address);
                Instance in;
                in.node = &c;
                in.values = after;
                in.address = address;
                in.module = text_at(c, "module_address");
                in.pointer = "/resource_changes/" + std::to_string(i);
                instances.push_back(std::move(in));
            }
        }

        for (auto& in : instances) {
            const Node& r = *in.node;
            std::string mode = text_at(r, "mode");
            in.type = text_at(r, "type");
            in.name = text_at(r, "name");
            if (in.address.empty() || in.type.empty() || in.name.empty()) {
                warning("tf-structure", "a resource without address, type or name is skipped",
                        r.mark(), in.pointer);
                in.skip = true;
                continue;
            }
            bool data = mode == "data" ||
                        (mode.empty() && (in.address.starts_with("data.") ||
                                          in.address.find(".data.") != std::string::npos));
            if (data) {
                in.skip = true;
                continue;
            }
            if (const Change* c = change_of(in.address)) {
                std::vector<std::string> actions;
                if (const Node* a = c->node->at_path("change.actions"); a && a->is_sequence()) {
                    for (const auto& x : a->items()) actions.push_back(x.text());
                }
                bool goes_away =
                    !actions.empty() &&
                    std::all_of(actions.begin(), actions.end(), [](const std::string& x) {
                        return x == "delete" || x == "forget";
                    });
                if (goes_away) {
                    in.skip = true;
                    continue;
                }
                in.actions = std::move(actions);
            }
            std::string base = prefix(in.module) + in.type + "." + in.name;
            in.key = in.address.starts_with(base) ? in.address.substr(base.size()) : "";
            addresses_.insert(in.address);
            bases_[base].emplace_back(in.key, in.address);
        }

        for (const auto& in : instances) {
            if (!in.skip) plan.resources.push_back(resource_of(in));
        }
        plan.module_sources = std::move(module_sources_);
        return plan;
    }

  private:
    struct Change {
        const Node* node;
    };
    struct Instance {
        const Node* node = nullptr;    // the resource object (planned_values or resource_changes)
        const Node* values = nullptr;  // its values
        std::string address, module, pointer, type, name, key;
        std::vector<std::string> actions;
        bool skip = false;
    };
    struct ConfigModule {
        const Node* module = nullptr;  // its configuration: resources, module_calls, outputs
        const Node* call = nullptr;    // the module block calling it in the parent
    };

    void error(std::string code, std::string message, Mark mark, std::string pointer) {
        diags_.push_back({DiagLevel::kError, std::move(code), std::move(message),
                          core::SourceLocation{file_, mark, std::move(pointer)}});
    }
    void warning(std::string code, std::string message, Mark mark, std::string pointer) {
        diags_.push_back({DiagLevel::kWarning, std::move(code), std::move(message),
                          core::SourceLocation{file_, mark, std::move(pointer)}});
    }

    const Change* change_of(const std::string& address) const {
        auto it = changes_.find(address);
        return it == changes_.end() ? nullptr : &it->second;
    }

    void index_config(const Node& module, const std::string& path, const Node* call) {
        modules_[path] = ConfigModule{&module, call};
        if (const Node* rs = module.get("resources"); rs && rs->is_sequence()) {
            for (const auto& r : rs->items()) {
                std::string type = text_at(r, "type");
                std::string name = text_at(r, "name");
                if (type.empty() || name.empty()) continue;
                std::string data = text_at(r, "mode") == "data" ? "data." : "";
                config_resources_[prefix(path) + data + type + "." + name] = &r;
            }
        }
        if (const Node* calls = module.get("module_calls"); calls && calls->is_mapping()) {
            for (const auto& m : calls->members()) {
                const Node* child = m.value.is_mapping() ? m.value.get("module") : nullptr;
                if (child && child->is_mapping()) {
                    index_config(*child, prefix(path) + "module." + m.key, &m.value);
                }
                if (const Node* source = m.value.is_mapping() ? m.value.get("source") : nullptr;
                    source && source->is_scalar()) {
                    // "module.a.module.b" -> "a.b", as modules.json keys modules.
                    std::string key;
                    for (std::string_view rest = path; !rest.empty();) {
                        rest.remove_prefix(std::min(rest.size(), std::size_t{7}));  // "module."
                        auto dot = rest.find('.');
                        key += std::string(rest.substr(0, dot)) + ".";
                        rest.remove_prefix(dot == std::string_view::npos ? rest.size() : dot + 1);
                    }
                    module_sources_[key + m.key] = source->text();
                }
            }
        }
    }

    void collect_planned(const Node& module,
                         const std::string& address,
                         const std::string& pointer,
                         std::vector<Instance>& out) {
        if (!address.empty()) module_instances_.insert(address);
        if (const Node* rs = module.get("resources"); rs && rs->is_sequence()) {
            auto items = rs->items();
            for (std::size_t i = 0; i < items.size(); ++i) {
                if (!items[i].is_mapping()) continue;
                Instance in;
                in.node = &items[i];
                in.values = items[i].get("values");
                in.address = text_at(items[i], "address");
                in.module = address;
                in.pointer = pointer + "/resources/" + std::to_string(i);
                out.push_back(std::move(in));
            }
        }
        if (const Node* cs = module.get("child_modules"); cs && cs->is_sequence()) {
            auto items = cs->items();
            for (std::size_t i = 0; i < items.size(); ++i) {
                if (!items[i].is_mapping()) continue;
                collect_planned(items[i], text_at(items[i], "address"),
                                pointer + "/child_modules/" + std::to_string(i), out);
            }
        }
    }

    TfResource resource_of(const Instance& in) const {
        TfResource r;
        r.address = in.address;
        r.module = in.module;
        r.type = in.type;
        r.name = in.name;
        r.provider_name = text_at(*in.node, "provider_name");
        r.actions = in.actions;
        r.mark = in.node->mark();
        r.pointer = in.pointer;
        r.values = in.values && in.values->is_mapping() ? *in.values : Node::mapping(r.mark);

        std::string config_key = prefix(config_path(in.module)) + in.type + "." + in.name;
        auto cit = config_resources_.find(config_key);
        const Node* config = cit == config_resources_.end() ? nullptr : cit->second;
        static const Node kNoExpressions = Node::mapping();
        const Node* exprs = config ? config->get("expressions") : nullptr;
        if (config && (!exprs || !exprs->is_mapping())) exprs = &kNoExpressions;

        const Change* change = change_of(in.address);
        const Node* after_unknown =
            change ? change->node->at_path("change.after_unknown") : nullptr;
        if (after_unknown) {
            overlay_unknown(r.values, *after_unknown,
                            exprs ? Written::of(*exprs) : Written{});  // no configuration: written
        }
        if (!exprs) return r;

        std::vector<std::pair<std::string, const Node*>> expressions;
        collect_expressions(*exprs, "", expressions);
        for (const auto& [path, expr] : expressions) {
            const Node* refs = expr->get("references");
            if (!refs || !refs->is_sequence() || refs->items().empty()) continue;
            std::vector<std::string> targets;
            resolve(*refs, in.module, in.key, 0, targets);
            std::erase(targets, in.address);
            const std::string& first = refs->items()[0].text();
            std::string reason = "known after apply (" + first + ")";
            std::string target = targets.empty() ? std::string() : targets.front();
            Node* v = node_at(r.values, path);
            if (v && v->is_unknown() && v->ref().empty()) {
                Node u = Node::unknown(reason, v->mark(), target,
                                       target.empty() ? core::UnknownCause::kAfterApply
                                                      : core::UnknownCause::kResource);
                u.set_origin(v->origin());
                *v = std::move(u);
            } else if (!after_unknown && !target.empty() && (!v || v->is_null())) {
                // Without after_unknown a value left out may be one known only after apply;
                // with a reference to a resource of the plan, it is taken as one.
                Node u = Node::unknown(reason, v ? v->mark() : r.values.mark(), target);
                if (v) {
                    *v = std::move(u);
                } else if (path.find_first_of(".[") == std::string::npos) {
                    r.values.set(path, std::move(u));
                }
            }
            if (!targets.empty()) r.references[path] = std::move(targets);
        }
        return r;
    }

    // The managed resources a list of references names, as absolute addresses. module is the
    // module instance the expression is written in; key the instance key of the resource that
    // holds it, which picks the same instance of a resource referenced without an index.
    void resolve(const Node& refs,
                 const std::string& module,
                 const std::string& key,
                 int depth,
                 std::vector<std::string>& out) const {
        if (depth > kMaxTraceDepth) return;
        std::vector<std::string> exact;
        std::vector<std::string> bases;
        for (const auto& item : refs.items()) {
            if (item.kind() != NodeKind::kString) continue;
            std::string_view s = item.text();
            if (s.starts_with("var.")) {
                trace_variable(s.substr(4), module, key, depth, out);
                continue;
            }
            if (s.starts_with("module.")) {
                trace_output(s, module, key, depth, out);
                continue;
            }
            std::string candidate = prefix(module) + std::string(s);
            if (addresses_.contains(candidate)) {
                exact.push_back(candidate);
            } else if (bases_.contains(candidate)) {
                bases.push_back(candidate);
            }
        }
        for (const auto& e : exact) add_unique(out, e);
        for (const auto& b : bases) {
            bool indexed = std::any_of(exact.begin(), exact.end(), [&](const std::string& e) {
                return e.size() > b.size() && e.starts_with(b) && e[b.size()] == '[';
            });
            if (indexed) continue;
            const auto& list = bases_.at(b);
            auto same = std::find_if(list.begin(), list.end(),
                                     [&](const auto& k) { return !key.empty() && k.first == key; });
            if (same != list.end()) {
                add_unique(out, same->second);
            } else {
                for (const auto& k : list) add_unique(out, k.second);
            }
        }
    }

    // var.NAME inside a module: the expression the calling module block gives it.
    void trace_variable(std::string_view rest,
                        const std::string& module,
                        const std::string& key,
                        int depth,
                        std::vector<std::string>& out) const {
        if (module.empty()) return;  // a root variable comes from outside the configuration
        std::string var(rest.substr(0, rest.find_first_of(".[")));
        auto steps = module_steps(module);
        if (steps.empty()) return;
        auto it = modules_.find(join(steps, false));
        if (it == modules_.end() || !it->second.call) return;
        const Node* refs = it->second.call->at_path("expressions." + var + ".references");
        if (!refs || !refs->is_sequence()) return;
        steps.pop_back();
        resolve(*refs, join(steps, true), key, depth + 1, out);
    }

    // module.NAME[KEY].OUTPUT: the expression of that output in the called module.
    void trace_output(std::string_view s,
                      const std::string& module,
                      const std::string& key,
                      int depth,
                      std::vector<std::string>& out) const {
        std::size_t i = 0;
        ModuleStep step;
        if (!read_module_step(s, i, step) || i >= s.size() || s[i] != '.') return;
        std::string_view rest = s.substr(i + 1);
        std::string output(rest.substr(0, rest.find_first_of(".[")));
        auto it = modules_.find(prefix(config_path(module)) + "module." + step.name);
        if (it == modules_.end()) return;
        const Node* refs = it->second.module->at_path("outputs." + output + ".expression");
        refs = refs && refs->is_mapping() ? refs->get("references") : nullptr;
        if (!refs || !refs->is_sequence()) return;
        std::string called = prefix(module) + "module." + step.name;
        if (!step.key.empty() || module_instances_.contains(called)) {
            resolve(*refs, called + step.key, key, depth + 1, out);
            return;
        }
        // Without a key, every instance of a module called with count or for_each.
        for (const auto& m : module_instances_) {
            if (m.size() > called.size() && m.starts_with(called) && m[called.size()] == '[' &&
                skip_key(m, called.size()) == m.size()) {
                resolve(*refs, m, key, depth + 1, out);
            }
        }
    }

    const Node& root_;
    const std::string& file_;
    core::Diagnostics& diags_;
    std::map<std::string, Change, std::less<>> changes_;
    std::map<std::string, ConfigModule, std::less<>> modules_;
    std::map<std::string, const Node*, std::less<>> config_resources_;
    std::map<std::string, std::string, std::less<>> module_sources_;
    std::set<std::string, std::less<>> addresses_;  // managed instances kept in the plan
    // un-indexed address -> (instance key, address) of each of its instances
    std::map<std::string, std::vector<std::pair<std::string, std::string>>, std::less<>> bases_;
    std::set<std::string, std::less<>> module_instances_;
};

}  // namespace

TfLoadResult load_terraform_plan(std::string_view text, const std::string& file) {
    TfLoadResult result;
    auto parsed = core::parse_json(text);
    if (!parsed) {
        result.diagnostics.push_back({DiagLevel::kError, "json-syntax", parsed.error().message,
                                      core::SourceLocation{file, parsed.error().mark, {}}});
        return result;
    }
    for (const auto& w : parsed->warnings) {
        result.diagnostics.push_back({DiagLevel::kWarning, "parse-warning", w.message,
                                      core::SourceLocation{file, w.mark, {}}});
    }
    Loader loader(parsed->root, file, result.diagnostics);
    result.plan = loader.load();
    return result;
}

}  // namespace wasp::iac
