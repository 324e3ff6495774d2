#include "iam/escalation.h"

#include <span>

#include "core/embedded.h"
#include "core/parse.h"
#include "iam/text.h"

namespace wasp::iam {

std::span<const core::EmbeddedFile> embedded_escalation_paths();

namespace {

std::string text_of(const core::Node* n) { return n && n->is_scalar() ? n->text() : ""; }

std::vector<EscalationPath> load() {
    std::vector<EscalationPath> out;
    for (const auto& file : embedded_escalation_paths()) {
        auto parsed = core::parse_json(file.contents);
        // The file is compiled in and checked by the tests; a parse failure is a build defect.
        if (!parsed) continue;
        const core::Node* paths = parsed->root.get("paths");
        if (!paths || !paths->is_sequence()) continue;
        for (const auto& p : paths->items()) {
            EscalationPath e;
            e.id = text_of(p.get("id"));
            e.name = text_of(p.get("name"));
            e.category = text_of(p.get("category"));
            e.first_documented_by = text_of(p.get("first_documented_by"));
            if (const core::Node* r = p.get("required"); r && r->is_sequence()) {
                for (const auto& a : r->items()) {
                    e.required_written.push_back(text_of(&a));
                    e.required.push_back(text::to_lower(text_of(&a)));
                }
            }
            if (const core::Node* c = p.get("required_resource_constraints");
                c && c->is_mapping()) {
                for (const auto& m : c->members())
                    e.constraints.emplace_back(m.key, text_of(&m.value));
            }
            if (const core::Node* a = p.get("additional"); a && a->is_sequence()) {
                for (const auto& x : a->items()) e.additional.push_back(text_of(&x));
            }
            // Either {"admin": [...], "lateral": [...]} or a plain list.
            const core::Node* pre = p.get("prerequisites");
            if (pre && pre->is_mapping()) pre = pre->get("admin");
            if (pre && pre->is_sequence()) {
                for (const auto& x : pre->items()) e.prerequisites.push_back(text_of(&x));
            }
            out.push_back(std::move(e));
        }
    }
    return out;
}

}  // namespace

const std::vector<EscalationPath>& escalation_paths() {
    static const std::vector<EscalationPath> paths = load();
    return paths;
}

}  // namespace wasp::iam
