#include "iam/request_doc.h"

#include <algorithm>
#include <cctype>

#include "core/json_writer.h"
#include "core/parse.h"
#include "iam/text.h"

namespace wasp::iam {

using core::DiagLevel;
using core::Node;

namespace {

class Reader {
  public:
    Reader(const std::string& file, core::Diagnostics& diags) : file_(file), diags_(diags) {}

    std::optional<EvalDocument> run(const Node& root) {
        if (!root.is_mapping()) {
            error(root, "the evaluation document is a JSON object");
            return std::nullopt;
        }
        EvalDocument doc;
        static constexpr std::string_view kKnown[] = {"request",
                                                      "identity_policies",
                                                      "resource_policy",
                                                      "resource_policy_required",
                                                      "permissions_boundary",
                                                      "session_policy",
                                                      "scps",
                                                      "rcps"};
        for (const auto& m : root.members()) {
            if (std::find(std::begin(kKnown), std::end(kKnown), m.key) == std::end(kKnown)) {
                diags_.push_back({DiagLevel::kWarning, "iam-eval-document",
                                  "unknown member \"" + m.key + "\" is ignored",
                                  core::SourceLocation{file_, m.key_mark, {}}});
            }
        }
        const Node* req = root.get("request");
        if (!req || !req->is_mapping()) {
            error(req ? *req : root, "the document needs a \"request\" object");
            return std::nullopt;
        }
        if (!request(*req, doc.request)) return std::nullopt;
        if (const Node* ids = root.get("identity_policies")) {
            if (!ids->is_sequence()) {
                error(*ids, "identity_policies is a list of policies");
            } else {
                std::size_t i = 0;
                for (const auto& p : ids->items()) {
                    if (const Policy* pol =
                            policy(p, "identity_policies[" + std::to_string(i++) + "]", doc)) {
                        doc.layers.identity.push_back(pol);
                    }
                }
            }
        }
        if (const Node* r = root.get("resource_policy"); r && !r->is_null()) {
            doc.layers.resource = policy(*r, "resource_policy", doc);
        }
        if (const Node* r = root.get("resource_policy_required")) {
            doc.layers.resource_policy_required = r->as_bool().value_or(false);
        }
        if (const Node* b = root.get("permissions_boundary"); b && !b->is_null()) {
            doc.layers.has_boundary = true;
            if (const Policy* p = policy(*b, "permissions_boundary", doc)) {
                doc.layers.boundary.push_back(p);
            }
        }
        if (const Node* s = root.get("session_policy"); s && !s->is_null()) {
            doc.layers.has_session = true;
            if (const Policy* p = policy(*s, "session_policy", doc))
                doc.layers.session.push_back(p);
        }
        levels(root.get("scps"), "scps", doc, doc.layers.scp_levels);
        levels(root.get("rcps"), "rcps", doc, doc.layers.rcp_levels);
        return doc;
    }

  private:
    void error(const Node& at, std::string message) {
        diags_.push_back({DiagLevel::kError, "iam-eval-document", std::move(message),
                          core::SourceLocation{file_, at.mark(), {}}});
    }

    std::string text(const Node* n) {
        return n && n->is_scalar() && !n->is_null() ? n->text() : "";
    }

    std::vector<std::pair<std::string, std::string>> tags(const Node* n, std::string_view what) {
        std::vector<std::pair<std::string, std::string>> out;
        if (!n) return out;
        if (!n->is_mapping()) {
            error(*n, std::string(what) + " maps tag keys to values");
            return out;
        }
        for (const auto& m : n->members()) out.emplace_back(m.key, text(&m.value));
        return out;
    }

    bool request(const Node& n, Request& r) {
        r.principal.arn = text(n.get("principal"));
        r.principal.role_arn = text(n.get("role_arn"));
        r.principal.account = text(n.get("principal_account"));
        r.principal.tags = tags(n.get("principal_tags"), "principal_tags");
        if (const Node* b = n.get("service_linked_role")) {
            r.principal.service_linked_role = b->as_bool().value_or(false);
        }
        if (const Node* b = n.get("management_account")) {
            r.principal.management_account = b->as_bool().value_or(false);
        }
        r.action = text(n.get("action"));
        r.resource = text(n.get("resource"));
        if (r.resource.empty()) r.resource = "*";
        r.resource_account = text(n.get("resource_account"));
        if (const Node* t = n.get("resource_tags")) {
            r.resource_tags = tags(t, "resource_tags");
            r.resource_tags_known = true;
        }
        if (r.action.empty() || r.action.find(':') == std::string::npos) {
            error(n.get("action") ? *n.get("action") : n,
                  "request.action is a service:action name such as \"s3:GetObject\"");
            return false;
        }
        if (const Node* c = n.get("context")) {
            if (!c->is_mapping()) {
                error(*c, "request.context maps condition keys to a value or a list of values");
            } else {
                for (const auto& m : c->members()) {
                    std::vector<std::string> values;
                    if (m.value.is_sequence()) {
                        for (const auto& v : m.value.items()) values.push_back(text(&v));
                    } else if (m.value.is_scalar() && !m.value.is_null()) {
                        values.push_back(m.value.text());
                    } else {
                        error(m.value, "the value of " + m.key + " is a string or a list");
                        continue;
                    }
                    r.set_context(m.key, std::move(values));
                }
            }
        }
        if (const Node* u = n.get("unknown_context")) {
            if (u->is_scalar() && u->text() == "*") {
                r.open_context = true;
            } else if (u->is_sequence()) {
                for (const auto& k : u->items()) {
                    r.unknown_keys.push_back(text::to_lower(text(&k)));
                }
            } else {
                error(*u, "request.unknown_context is \"*\" or a list of condition keys");
            }
        }
        return true;
    }

    // A policy: its document (an object, or JSON text as exports and Terraform hold it), or
    // {"name": ..., "document": ...}.
    const Policy* policy(const Node& n, const std::string& where, EvalDocument& doc) {
        std::string name = where;
        const Node* body = &n;
        if (n.is_mapping() && n.get("document")) {
            if (const Node* nm = n.get("name")) name = text(nm);
            body = n.get("document");
        }
        PolicyParse parsed = body->kind() == core::NodeKind::kString
                                 ? parse_policy_text(body->text(), name, file_)
                                 : parse_policy(*body, name, file_);
        for (auto& d : parsed.diagnostics) diags_.push_back(std::move(d));
        if (!parsed.policy) return nullptr;
        doc.policies.push_back(std::move(*parsed.policy));
        return &doc.policies.back();
    }

    void levels(const Node* n,
                std::string_view what,
                EvalDocument& doc,
                std::vector<std::vector<const Policy*>>& out) {
        if (!n || n->is_null()) return;
        if (!n->is_sequence()) {
            error(*n, std::string(what) + " is a list of levels, each a list of policies");
            return;
        }
        // A flat list of policies is one level.
        bool flat = std::none_of(n->items().begin(), n->items().end(),
                                 [](const Node& i) { return i.is_sequence(); });
        std::size_t li = 0;
        auto level = [&](const Node& l) {
            std::vector<const Policy*> ps;
            std::size_t pi = 0;
            for (const auto& p : l.items()) {
                std::string where = std::string(what) + "[" + std::to_string(li) + "][" +
                                    std::to_string(pi++) + "]";
                if (const Policy* pol = policy(p, where, doc)) ps.push_back(pol);
            }
            out.push_back(std::move(ps));
            ++li;
        };
        if (flat) {
            level(*n);
            return;
        }
        for (const auto& l : n->items()) {
            if (!l.is_sequence()) {
                error(l, std::string(what) + " levels are lists of policies");
                continue;
            }
            level(l);
        }
    }

    const std::string& file_;
    core::Diagnostics& diags_;
};

void statement_json(core::JsonWriter& w, const Match& m) {
    w.begin_object();
    w.field("layer", to_string(m.layer));
    w.field("policy", m.policy->name);
    w.field("sid", m.statement->sid);
    w.field("statement_index", static_cast<std::int64_t>(m.statement->index));
    w.field("effect", m.statement->effect == Effect::kAllow ? "Allow" : "Deny");
    w.field("conditional", m.conditional);
    w.key("location");
    w.begin_object();
    w.field("file", m.policy->file);
    w.field("line", static_cast<std::int64_t>(m.statement->mark.line));
    w.field("column", static_cast<std::int64_t>(m.statement->mark.column));
    w.end_object();
    w.end_object();
}

}  // namespace

EvalDocumentParse parse_eval_document(std::string_view json, const std::string& file) {
    EvalDocumentParse out;
    auto parsed = core::parse_json(json);
    if (!parsed) {
        out.diagnostics.push_back({DiagLevel::kError, "json-syntax", parsed.error().message,
                                   core::SourceLocation{file, parsed.error().mark, {}}});
        return out;
    }
    Reader reader(file, out.diagnostics);
    out.document = reader.run(parsed->root);
    return out;
}

namespace {

void result_members(core::JsonWriter& w, const Request& request, const Result& result) {
    w.field("decision", result.conditional ? "Conditional" : to_string(result.decision));
    w.field("conditional", result.conditional);
    w.key("possible_decisions");
    w.begin_array();
    if (result.conditional) {
        for (auto d : result.possible) w.string(to_string(d));
    } else {
        w.string(to_string(result.decision));
    }
    w.end_array();
    w.field("decision_without_unknown_keys", to_string(result.decision));
    w.key("hinges_on");
    w.begin_array();
    for (const auto& k : result.hinges_on) w.string(k);
    w.end_array();
    w.field("reason", result.reason);
    w.key("request");
    w.begin_object();
    w.field("principal", request.principal.arn);
    w.field("action", request.action);
    w.field("resource", request.resource);
    w.end_object();
    w.key("statements");
    w.begin_array();
    for (const auto& m : result.matches) statement_json(w, m);
    w.end_array();
}

}  // namespace

std::string result_json(const Request& request, const Result& result) {
    core::JsonWriter w(core::JsonWriter::Style::kPretty);
    w.begin_object();
    result_members(w, request, result);
    w.end_object();
    return w.take() + "\n";
}

std::string result_json_line(std::string_view file, const Request& request, const Result& result) {
    core::JsonWriter w(core::JsonWriter::Style::kCompact);
    w.begin_object();
    w.field("file", file);
    result_members(w, request, result);
    w.end_object();
    return w.take() + "\n";
}

std::string result_text(const Request& request, const Result& result) {
    std::string out;
    if (result.conditional) {
        out += "Conditional: ";
        for (std::size_t i = 0; i < result.possible.size(); ++i) {
            out += (i ? " or " : "") + std::string(to_string(result.possible[i]));
        }
        out += ", depending on";
        for (const auto& k : result.hinges_on) out += " " + k;
        out += "\n";
    } else {
        out += std::string(to_string(result.decision)) + "\n";
    }
    out +=
        "  " + request.principal.arn + " -> " + request.action + " on " + request.resource + "\n";
    out += "  " + result.reason + "\n";
    if (!result.matches.empty()) out += "Statements that apply:\n";
    for (const auto& m : result.matches) {
        out += "  " + std::string(m.statement->effect == Effect::kAllow ? "Allow" : "Deny ") + " ";
        out += std::string(to_string(m.layer)) + " " + m.policy->name;
        out += m.statement->sid.empty() ? " #" + std::to_string(m.statement->index)
                                        : " \"" + m.statement->sid + "\"";
        if (!m.policy->file.empty() && m.statement->mark.line) {
            out += " (" + m.policy->file + ":" + std::to_string(m.statement->mark.line) + ")";
        }
        if (m.conditional) out += " [if its conditions hold]";
        out += "\n";
    }
    return out;
}

}  // namespace wasp::iam
