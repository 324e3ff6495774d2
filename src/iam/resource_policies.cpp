// Definitions of iam/resource_policies.h.
#include "iam/resource_policies.h"

#include <algorithm>
#include <array>
#include <optional>
#include <span>

#include "core/parse.h"
#include "iam/export_read.h"
#include "iam/text.h"

namespace wasp::iam {

using export_read::arn_field;
using export_read::is_account_id;
using export_read::string_member;
namespace {

using core::DiagLevel;
using core::Mark;
using core::Node;

constexpr const char* kCode = "iam-resource-policy";

void add_diag(core::Diagnostics& diags,
              DiagLevel level,
              std::string message,
              const std::string& file,
              Mark mark) {
    export_read::add_diag(diags, level, kCode, std::move(message), file, mark);
}

int hex4(std::string_view s, std::size_t at) {
    if (at + 4 > s.size()) return -1;
    int v = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
        char c = s[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

// "arn%3Aaws%3Akms%3A...%3Akey%2Fk1" -> "arn:aws:kms:...:key/k1".
std::string percent_decoded(std::string_view s) {
    auto hex = [](char c) {
        return c >= '0' && c <= '9'   ? c - '0'
               : c >= 'a' && c <= 'f' ? c - 'a' + 10
               : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                      : -1;
    };
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// Where each byte of a JSON string's decoded text was written in the file, so a position the
// policy parser gives inside the string (line and column of the decoded text) points at the
// file. A JSON string holds no raw line break, so the file line is the string's own line.
class EmbeddedPositions {
  public:
    EmbeddedPositions(std::string_view text, Mark at, std::string_view decoded) : at_(at) {
        if (at.line == 0 || at.column == 0) return;
        std::size_t off = 0;
        for (std::uint32_t line = 1; line < at.line; ++line) {
            auto nl = text.find('\n', off);
            if (nl == std::string_view::npos) return;
            off = nl + 1;
        }
        off += at.column - 1;
        if (off >= text.size() || text[off] != '"') return;
        start_ = off;
        raw_.reserve(decoded.size() + 1);
        std::size_t i = off + 1;
        while (i < text.size() && text[i] != '"') {
            if (text[i] != '\\') {
                raw_.push_back(i++);
                continue;
            }
            if (i + 1 >= text.size()) return;
            if (text[i + 1] != 'u') {
                raw_.push_back(i);
                i += 2;
                continue;
            }
            // \uXXXX, or a surrogate pair: as many decoded bytes as its UTF-8 form has.
            int cp = hex4(text, i + 2);
            if (cp < 0) return;
            std::size_t len = 6;
            if (cp >= 0xD800 && cp <= 0xDBFF && text.substr(i + 6).starts_with("\\u")) {
                int lo = hex4(text, i + 8);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    len = 12;
                }
            }
            int bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            for (int k = 0; k < bytes; ++k) raw_.push_back(i);
            i += len;
        }
        if (raw_.size() != decoded.size()) {
            raw_.clear();  // decoded differently (an invalid escape): fall back to the string
            return;
        }
        raw_.push_back(i);
        lines_.push_back(0);
        for (std::size_t j = 0; j < decoded.size(); ++j) {
            if (decoded[j] == '\n') lines_.push_back(j + 1);
        }
    }

    Mark map(Mark inner) const {
        if (lines_.empty() || inner.line == 0 || inner.line > lines_.size()) return at_;
        std::size_t d = lines_[inner.line - 1] + (inner.column ? inner.column - 1 : 0);
        if (d >= raw_.size()) return at_;
        return Mark{at_.line, static_cast<std::uint32_t>(at_.column + (raw_[d] - start_))};
    }

    void remap(Policy& p) const {
        p.mark = map(p.mark);
        for (auto& s : p.statements) {
            s.mark = map(s.mark);
            for (auto& c : s.conditions) c.mark = map(c.mark);
            for (auto& e : s.principals) e.mark = map(e.mark);
        }
    }

  private:
    Mark at_;
    std::size_t start_ = 0;
    std::vector<std::size_t> raw_;    // file offset of each decoded byte, then of the end quote
    std::vector<std::size_t> lines_;  // offsets of the decoded text's line starts
};

// A policy given as a JSON object or as its JSON text in a string.
std::unique_ptr<Policy> read_policy(const Node& doc,
                                    std::string name,
                                    std::string_view text,
                                    const std::string& file,
                                    core::Diagnostics& diags) {
    PolicyParse parsed;
    if (doc.kind() == core::NodeKind::kString) {
        parsed = parse_policy_text(doc.text(), std::move(name), file);
        EmbeddedPositions where(text, doc.mark(), doc.text());
        // A URL-encoded document decodes to other text: its positions are the string's.
        auto first = doc.text().find_first_not_of(" \t\r\n");
        bool encoded = first != std::string::npos && doc.text()[first] == '%';
        for (auto& d : parsed.diagnostics) {
            d.location.mark = encoded ? doc.mark() : where.map(d.location.mark);
        }
        if (parsed.policy) {
            if (encoded) {
                Policy& p = *parsed.policy;
                p.mark = doc.mark();
                for (auto& s : p.statements) {
                    s.mark = doc.mark();
                    for (auto& c : s.conditions) c.mark = doc.mark();
                    for (auto& e : s.principals) e.mark = doc.mark();
                }
            } else {
                where.remap(*parsed.policy);
            }
        }
    } else if (doc.is_mapping()) {
        parsed = parse_policy(doc, std::move(name), file);
    } else {
        add_diag(diags, DiagLevel::kError,
                 "the policy is neither a JSON object nor a string holding one", file, doc.mark());
        return nullptr;
    }
    for (auto& d : parsed.diagnostics) diags.push_back(std::move(d));
    if (!parsed.policy) return nullptr;
    return std::make_unique<Policy>(std::move(*parsed.policy));
}

// The one resource the policy's Resource elements name, if they name exactly one. Bucket
// policies name the bucket and its objects ("arn:aws:s3:::b" and "arn:aws:s3:::b/*"): both are
// the bucket.
std::optional<std::string> single_resource(const Policy& p) {
    std::optional<std::string> found;
    for (const auto& s : p.statements) {
        if (!s.has_resource) continue;
        if (s.not_resource) return std::nullopt;
        for (std::string r : s.resources) {
            if (arn_field(r, 2) == "s3" && arn_field(r, 4).empty()) {
                // arn:PARTITION:s3:::BUCKET[/KEY]
                auto slash = r.find('/');
                if (slash != std::string::npos) r.resize(slash);
            }
            if (!r.starts_with("arn:") || r.find_first_of("*?$") != std::string::npos) {
                return std::nullopt;
            }
            if (found && *found != r) return std::nullopt;
            found = std::move(r);
        }
    }
    return found;
}

// The one service the policy's actions belong to ("*" and NotAction say nothing); empty when
// they name several or none.
std::string action_service(const Policy& p) {
    std::string found;
    for (const auto& s : p.statements) {
        if (s.not_action) continue;
        for (const auto& a : s.actions) {
            auto colon = a.find(':');
            if (colon == std::string::npos) continue;
            std::string svc = a.substr(0, colon);
            if (svc.find_first_of("*?") != std::string::npos) continue;
            if (!found.empty() && found != svc) return {};
            found = std::move(svc);
        }
    }
    return found;
}

// The file-name convention (docs/iam.md#the-resource-policy-inputs): the file's name without
// ".json" is the resource's ARN, or its name (bucket, key id, function, queue, topic, secret,
// repository), whose service the policy's actions tell.
std::string arn_from_file_name(const std::string& file, std::string_view service) {
    std::string_view base = file;
    if (auto slash = base.find_last_of("/\\"); slash != std::string_view::npos) {
        base.remove_prefix(slash + 1);
    }
    if (base.ends_with(".json")) base.remove_suffix(5);
    std::string stem(base);
    if (stem.starts_with("arn:") || stem.starts_with("arn%3A") || stem.starts_with("arn%3a")) {
        // A file name cannot hold the ARN's slashes: they are written %2F (colons may be %3A).
        return percent_decoded(stem);
    }
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kForms{{
        {"s3", "arn:aws:s3:::"},
        {"kms", "arn:aws:kms:::key/"},
        {"lambda", "arn:aws:lambda:::function:"},
        {"sqs", "arn:aws:sqs:::"},
        {"sns", "arn:aws:sns:::"},
        {"secretsmanager", "arn:aws:secretsmanager:::secret:"},
        {"ecr", "arn:aws:ecr:::repository/"},
    }};
    for (const auto& [svc, prefix] : kForms) {
        if (svc == service) return std::string(prefix) + stem;
    }
    return stem;
}

class Loader {
  public:
    Loader(ResourcePolicySet& set,
           std::string_view text,
           const std::string& file,
           core::Diagnostics& diags)
        : set_(set), text_(text), file_(file), diags_(diags) {}

    void run() {
        auto parsed = core::parse_json(text_);
        if (!parsed) {
            add_diag(diags_, DiagLevel::kError, parsed.error().message, file_, parsed.error().mark);
            return;
        }
        const Node& root = parsed->root;
        if (!root.is_mapping()) {
            not_an_output(root.mark());
            return;
        }
        if (const Node* list = root.get("ResourcePolicies")) {
            combined(*list);
            if (const Node* blocks = root.get("AccountPublicAccessBlocks")) account_blocks(*blocks);
        } else if (const Node* attrs = root.get("Attributes"); attrs && attrs->is_mapping()) {
            // get-queue-attributes, get-topic-attributes
            std::string arn = string_member(*attrs, "QueueArn");
            if (arn.empty()) arn = string_member(*attrs, "TopicArn");
            one(*attrs, "Policy", arn, string_member(*attrs, "Owner"), attrs->mark());
        } else if (root.get("ResourcePolicy") || (root.get("ARN") && root.get("Name"))) {
            one(root, "ResourcePolicy", string_member(root, "ARN"), {},
                root.mark());  // Secrets Manager
        } else if (root.get("policyText")) {
            ecr(root);
        } else if (root.get("Policy")) {
            // get-bucket-policy, get-key-policy, lambda get-policy: the output does not name
            // the resource; an "Arn" member added beside it does.
            one(root, "Policy", {}, string_member(root, "Account"), root.mark());
        } else {
            not_an_output(root.mark());
        }
    }

  private:
    void not_an_output(Mark at) {
        add_diag(diags_, DiagLevel::kError,
                 "not a resource-policy output (expected ResourcePolicies, Policy, Attributes."
                 "Policy, ResourcePolicy or policyText)",
                 file_, at);
    }

    void combined(const Node& list) {
        if (!list.is_sequence()) {
            add_diag(diags_, DiagLevel::kError, "ResourcePolicies is not a list", file_,
                     list.mark());
            return;
        }
        for (const auto& item : list.items()) {
            if (!item.is_mapping() || item.get("Policy") == nullptr) {
                add_diag(diags_, DiagLevel::kError,
                         "an entry of ResourcePolicies has no Policy; it is skipped", file_,
                         item.mark());
                continue;
            }
            auto policy =
                read_policy(*item.get("Policy"), string_member(item, "Arn"), text_, file_, diags_);
            if (!policy) continue;
            std::string arn = string_member(item, "Arn");
            ArnSource source = ArnSource::kArnMember;
            if (arn.empty()) {
                auto single = single_resource(*policy);
                if (!single) {
                    add_diag(diags_, DiagLevel::kError,
                             "an entry of ResourcePolicies has no Arn and its policy does not "
                             "name one resource; it is skipped",
                             file_, item.mark());
                    continue;
                }
                arn = *single;
                source = ArnSource::kResource;
                guessed(item.mark(),
                        "the entry has no Arn; its policy's Resource elements name " + arn);
            }
            add(std::move(arn), source, string_member(item, "Account"), std::move(policy),
                item.get("Policy")->mark());
            if (const Node* b = item.get("PublicAccessBlockConfiguration"); b && !b->is_null()) {
                if (auto block = read_block(*b)) set_.policies.back().block = *block;
            }
        }
    }

    // [{"Account": ID, "PublicAccessBlockConfiguration": {...}}]: s3control
    // get-public-access-block of each account.
    void account_blocks(const Node& list) {
        if (!list.is_sequence()) {
            add_diag(diags_, DiagLevel::kError, "AccountPublicAccessBlocks is not a list", file_,
                     list.mark());
            return;
        }
        for (const auto& item : list.items()) {
            std::string account = item.is_mapping() ? string_member(item, "Account") : "";
            const Node* b =
                item.is_mapping() ? item.get("PublicAccessBlockConfiguration") : nullptr;
            if (!is_account_id(account) || b == nullptr) {
                add_diag(diags_, DiagLevel::kError,
                         "an entry of AccountPublicAccessBlocks needs a 12-digit Account and a "
                         "PublicAccessBlockConfiguration; it is skipped",
                         file_, item.mark());
                continue;
            }
            if (auto block = read_block(*b)) set_.account_blocks.push_back({account, *block});
        }
    }

    // A PublicAccessBlockConfiguration as get-public-access-block returns it: the four settings;
    // one left out is off, as when the configuration is written with put-public-access-block.
    std::optional<PublicAccessBlock> read_block(const Node& n) {
        if (!n.is_mapping()) {
            add_diag(diags_, DiagLevel::kError,
                     "PublicAccessBlockConfiguration is not an object; it is ignored", file_,
                     n.mark());
            return std::nullopt;
        }
        PublicAccessBlock b;
        b.location = core::SourceLocation{file_, n.mark(), {}};
        auto flag = [&](const char* key) -> std::optional<bool> {
            const Node* v = n.get(key);
            if (v == nullptr || v->is_null()) return false;
            auto on = v->as_bool();
            if (!on) {
                add_diag(diags_, DiagLevel::kError,
                         std::string(key) + " is not a boolean; the setting is taken as unknown",
                         file_, v->mark());
            }
            return on;
        };
        b.block_public_policy = flag("BlockPublicPolicy");
        b.restrict_public_buckets = flag("RestrictPublicBuckets");
        return b;
    }

    // A single output whose policy is the member `key` of `rec`, for the resource `arn` (empty
    // when the output does not say).
    void one(const Node& rec, std::string_view key, std::string arn, std::string account, Mark at) {
        const Node* doc = rec.get(key);
        if (doc == nullptr || doc->is_null()) {
            add_diag(diags_, DiagLevel::kNote,
                     (arn.empty() ? std::string("the resource") : arn) +
                         " has no resource-based policy (no " + std::string(key) + ")",
                     file_, at);
            return;
        }
        auto policy = read_policy(*doc, arn, text_, file_, diags_);
        if (!policy) return;
        ArnSource source = ArnSource::kOutput;
        if (arn.empty()) {
            arn = string_member(rec, "Arn");
            source = ArnSource::kArnMember;
        }
        if (arn.empty()) {
            if (auto single = single_resource(*policy)) {
                arn = *single;
                source = ArnSource::kResource;
                guessed(doc->mark(),
                        "the output does not name the resource; the policy's "
                        "Resource elements name " +
                            arn);
            } else {
                arn = arn_from_file_name(file_, action_service(*policy));
                source = ArnSource::kFileName;
                guessed(doc->mark(),
                        "the output does not name the resource and the policy's Resource "
                        "elements do not name one; the file name gives " +
                            arn);
            }
            policy->name = arn;
        }
        add(std::move(arn), source, std::move(account), std::move(policy), doc->mark());
    }

    void ecr(const Node& root) {
        std::string registry = string_member(root, "registryId");
        std::string repo = string_member(root, "repositoryName");
        std::string arn = string_member(root, "Arn");
        if (arn.empty() && !repo.empty()) {
            // The output names the account and the repository, not the Region.
            arn = "arn:aws:ecr::" + registry + ":repository/" + repo;
            add_diag(diags_, DiagLevel::kWarning,
                     "get-repository-policy does not give the Region; the repository is named " +
                         arn + " (add an \"Arn\" member to name it fully)",
                     file_, root.mark());
        }
        one(root, "policyText", arn, registry, root.mark());
    }

    void guessed(Mark at, std::string how) {
        add_diag(diags_, DiagLevel::kWarning,
                 how + " (add an \"Arn\" member, or use the combined ResourcePolicies document)",
                 file_, at);
    }

    void add(std::string arn,
             ArnSource source,
             std::string account,
             std::unique_ptr<Policy> policy,
             Mark at) {
        ResourcePolicy rp;
        rp.service = std::string(arn_service(arn));
        std::string_view from_arn = arn_field(arn, 4);
        rp.account = is_account_id(from_arn)  ? std::string(from_arn)
                     : is_account_id(account) ? std::move(account)
                                              : std::string();
        if (policy->name.empty()) policy->name = arn;
        rp.arn = std::move(arn);
        rp.arn_source = source;
        rp.policy = std::move(policy);
        rp.location = core::SourceLocation{file_, at, {}};
        set_.add(std::move(rp));
    }

    ResourcePolicySet& set_;
    std::string_view text_;
    const std::string& file_;
    core::Diagnostics& diags_;
};

// --- policies of the IaC model ----------------------------------------------------------------

// What a value of a template's policy says: a principal, an account, an ARN, or other text.
enum class Use : std::uint8_t { kPrincipal, kAccount, kArn, kOther };

Use use_of_key(std::string_view key) {
    std::string k = text::to_lower(key);
    if (k == "aws:sourceaccount" || k == "aws:principalaccount" || k == "aws:sourceowner" ||
        k == "kms:calleraccount" || k == "aws:resourceaccount") {
        return Use::kAccount;
    }
    if (k == "aws:sourcearn" || k == "aws:principalarn") return Use::kArn;
    return Use::kOther;
}

// A value of a template's policy that is not known before deployment, read as what it stands for
// when it is built from the stack's own pseudo parameters (${AWS::AccountId}, ${AWS::Region}) or
// from a resource of the template: the template's account, or a resource in it; nullopt when it
// comes from elsewhere (a parameter, an import).
std::optional<std::string> template_value(const Node& v, Use use) {
    if (v.is_scalar() && !v.is_null()) return v.text();
    if (!v.is_unknown()) return std::nullopt;
    bool own = v.cause() == core::UnknownCause::kPseudoParameter ||
               (v.cause() == core::UnknownCause::kResource && !v.ref().empty());
    if (!own) return std::nullopt;
    std::string account(kTemplateAccount);
    std::string name = v.ref().empty() ? std::string("stack-resource") : v.ref();
    switch (use) {
        case Use::kPrincipal:
            return v.ref().empty() ? "arn:aws:iam::" + account + ":root"
                                   : "arn:aws:iam::" + account + ":role/" + name;
        case Use::kAccount:
            return account;
        case Use::kArn:
            // An ARN without an account names one resource: what a source condition on a
            // resource of the stack means.
            return "arn:aws:cloudformation:::" + name;
        case Use::kOther:
            break;
    }
    return std::nullopt;
}

class TemplatePolicy {
  public:
    TemplatePolicy(std::string name, const core::SourceLocation& where) {
        policy_.name = std::move(name);
        policy_.version = "2012-10-17";
        policy_.file = where.file;
        policy_.mark = where.mark;
    }

    // Reads the normalised statements; false, with the reason, when one cannot be trusted.
    bool statements(const Node& list) {
        if (list.is_unknown()) return fail("its statements are not known before deployment");
        if (!list.is_sequence()) return fail("its statements cannot be read");
        for (const auto& s : list.items()) {
            if (!statement(s)) return false;
        }
        return true;
    }

    bool add_statement(Statement st) {
        st.index = policy_.statements.size();
        policy_.statements.push_back(std::move(st));
        return true;
    }

    Policy take() {
        policy_.index();
        return std::move(policy_);
    }
    const std::string& why() const { return why_; }

    static bool texts(const Node* list, std::vector<std::string>& out, bool resources) {
        if (list == nullptr || list->is_null()) return true;
        if (list->is_unknown() && resources) {
            out.emplace_back("*");
            return true;
        }
        if (!list->is_sequence()) return false;
        for (const auto& i : list->items()) {
            // A resource policy names its own resource: one written with a reference is it.
            if (i.is_unknown() && resources) {
                out.emplace_back("*");
            } else if (i.is_scalar() && !i.is_null()) {
                out.push_back(i.text());
            } else {
                return false;
            }
        }
        return true;
    }

  private:
    bool fail(std::string why) {
        why_ = std::move(why);
        return false;
    }

    bool statement(const Node& s) {
        if (!s.is_mapping()) return fail("a statement cannot be read");
        Statement st;
        st.mark = s.mark();
        const Node* effect = s.get("effect");
        if (!effect || !effect->is_scalar()) return fail("a statement's Effect is not known");
        st.effect = effect->text() == "Deny" ? Effect::kDeny : Effect::kAllow;
        if (const Node* sid = s.get("sid"); sid && sid->is_scalar()) st.sid = sid->text();
        std::vector<std::string> actions, not_actions, resources, not_resources;
        if (!texts(s.get("actions"), actions, false) ||
            !texts(s.get("not_actions"), not_actions, false)) {
            return fail("a statement's actions are not known before deployment");
        }
        st.not_action = actions.empty() && !not_actions.empty();
        for (auto& a : st.not_action ? not_actions : actions) {
            st.actions.push_back(text::to_lower(a));
            st.actions_written.push_back(std::move(a));
        }
        if (!texts(s.get("resources"), resources, true) ||
            !texts(s.get("not_resources"), not_resources, true)) {
            return fail("a statement's resources cannot be read");
        }
        st.has_resource = !resources.empty() || !not_resources.empty();
        st.not_resource = resources.empty() && !not_resources.empty();
        st.resources = st.not_resource ? std::move(not_resources) : std::move(resources);
        for (const char* key : {"principals", "not_principals"}) {
            const Node* list = s.get(key);
            if (list == nullptr || list->is_null() || (list->is_sequence() && list->size() == 0)) {
                continue;
            }
            if (!list->is_sequence()) return fail("a statement's principals are not known");
            st.has_principal = true;
            st.not_principal = std::string_view(key) == "not_principals";
            for (const auto& e : list->items()) {
                const Node* type = e.get("type");
                const Node* value = e.get("value");
                if (!type || !type->is_scalar() || !value) {
                    return fail("a statement's principal cannot be read");
                }
                auto v = template_value(*value, Use::kPrincipal);
                if (!v) {
                    return fail("a principal is not known before deployment (" + value->text() +
                                ")");
                }
                st.principals.push_back({type->text(), std::move(*v), e.mark()});
            }
        }
        if (const Node* cs = s.get("conditions"); cs && !cs->is_null()) {
            if (!cs->is_sequence()) return fail("a statement's conditions are not known");
            for (const auto& c : cs->items()) {
                const Node* op = c.get("operator");
                const Node* key = c.get("key");
                if (!op || !key || !op->is_scalar() || !key->is_scalar()) {
                    return fail("a condition cannot be read");
                }
                Condition cond;
                if (!parse_operator(op->text(), cond)) return fail("a condition cannot be read");
                cond.operator_text = op->text();
                cond.key = key->text();
                cond.key_lower = text::to_lower(key->text());
                cond.mark = c.mark();
                const Node* values = c.get("values");
                if (!values) return fail("condition " + key->text() + " has no values");
                // One value written with !Sub or !Ref stands alone, not in a list.
                std::span<const Node> items =
                    values->is_sequence() ? values->items() : std::span<const Node>(values, 1);
                for (const auto& v : items) {
                    auto t = template_value(v, use_of_key(key->text()));
                    if (!t) {
                        return fail("a value of condition " + key->text() +
                                    " is not known before deployment (" + v.text() + ")");
                    }
                    if (t->find("${") != std::string::npos) cond.has_variables = true;
                    cond.values.push_back(std::move(*t));
                }
                st.conditions.push_back(std::move(cond));
            }
        }
        for (const auto& r : st.resources) {
            if (r.find("${") != std::string::npos) st.resources_have_variables = true;
        }
        return add_statement(std::move(st));
    }

    Policy policy_;
    std::string why_;
};

// A Lambda permission is one statement: Principal, Action and its source conditions.
bool lambda_permission(const Node& a, TemplatePolicy& out) {
    Statement st;
    st.effect = Effect::kAllow;
    st.mark = a.mark();
    auto field = [&](const char* key, Use use) -> std::optional<std::string> {
        const Node* v = a.get(key);
        if (v == nullptr || v->is_null()) return std::string();
        return template_value(*v, use);
    };
    auto principal = field("principal", Use::kPrincipal);
    auto action = field("action", Use::kOther);
    if (!principal || !action || principal->empty() || action->empty()) return false;
    std::string type = *principal == "*"                                        ? "*"
                       : principal->find(".amazonaws.com") != std::string::npos ? "Service"
                                                                                : "AWS";
    st.has_principal = true;
    st.principals.push_back({type, *principal, a.mark()});
    st.actions_written.push_back(*action);
    st.actions.push_back(text::to_lower(*action));
    auto condition = [&](const char* key, const char* cond_key, CondOp op, const char* op_text) {
        auto v = field(key, use_of_key(cond_key));
        if (!v) return false;
        if (v->empty()) return true;
        Condition c;
        c.op = op;
        c.operator_text = op_text;
        c.key = cond_key;
        c.key_lower = text::to_lower(cond_key);
        c.values.push_back(*v);
        c.mark = a.mark();
        st.conditions.push_back(std::move(c));
        return true;
    };
    if (!condition("source_account", "AWS:SourceAccount", CondOp::kStringEquals, "StringEquals") ||
        !condition("source_arn", "AWS:SourceArn", CondOp::kArnLike, "ArnLike") ||
        !condition("principal_org_id", "aws:PrincipalOrgID", CondOp::kStringEquals,
                   "StringEquals")) {
        return false;
    }
    return out.add_statement(std::move(st));
}

}  // namespace

namespace {

struct Form {
    std::string_view kind, attribute, service, prefix;
};
constexpr std::array<Form, 7> kForms{{
    {"aws.s3.bucket_policy", "statements", "s3", "arn:aws:s3:::"},
    {"aws.sqs.queue_policy", "statements", "sqs", "arn:aws:sqs:::"},
    {"aws.sns.topic_policy", "statements", "sns", "arn:aws:sns:::"},
    {"aws.kms.key", "policy_statements", "kms", "arn:aws:kms:::key/"},
    {"aws.ecr.repository", "policy_statements", "ecr", "arn:aws:ecr:::repository/"},
    {"aws.lambda.permission", "", "lambda", "arn:aws:lambda:::function:"},
    {"aws.secretsmanager.resource_policy", "statements", "secretsmanager",
     "arn:aws:secretsmanager:::secret:"},
}};
constexpr std::string_view kAccountBlockKind = "aws.s3.account_public_access_block";

// A setting of the model: on, off, or not known before deployment (nullopt).
std::optional<bool> model_flag(const Node* v) {
    if (v == nullptr || v->is_null()) return std::nullopt;
    return v->as_bool();
}

// The Block Public Access settings of a bucket of the IaC model (docs/model.md: written, S3's
// default for new buckets when not, unknown when the configuration is).
PublicAccessBlock bucket_block(const Node& bucket) {
    PublicAccessBlock b;
    const Node* policy = bucket.at_path("public_access_block.block_public_policy");
    const Node* restrict = bucket.at_path("public_access_block.restrict_public_buckets");
    b.block_public_policy = model_flag(policy);
    b.restrict_public_buckets = model_flag(restrict);
    b.defaulted = (policy && policy->origin() == core::NodeOrigin::kDefault) ||
                  (restrict&& restrict->origin() == core::NodeOrigin::kDefault);
    return b;
}

}  // namespace

bool is_template_policy_kind(std::string_view kind) {
    return kind == kAccountBlockKind ||
           std::any_of(kForms.begin(), kForms.end(), [&](const Form& f) { return f.kind == kind; });
}

const PublicAccessBlock* ResourcePolicySet::account_block(std::string_view account) const {
    for (const auto& a : account_blocks) {
        if (a.account == account) return &a.block;
    }
    return nullptr;
}

void ResourcePolicySet::add_template_policy(std::string_view kind,
                                            const core::Node& attributes,
                                            const std::string& name,
                                            const core::SourceLocation& where,
                                            core::Diagnostics& diags,
                                            const core::Node* properties,
                                            const core::Node* bucket) {
    if (kind == kAccountBlockKind) {
        // Terraform's aws_s3_account_public_access_block: a setting left out is false.
        if (properties == nullptr || !properties->is_mapping()) return;
        auto flag = [&](const char* key) -> std::optional<bool> {
            const Node* v = properties->get(key);
            if (v == nullptr || v->is_null()) return false;
            return v->as_bool();
        };
        PublicAccessBlock b;
        b.block_public_policy = flag("block_public_policy");
        b.restrict_public_buckets = flag("restrict_public_buckets");
        b.location = where;
        account_blocks.push_back({std::string(kTemplateAccount), b});
        if (const Node* id = properties->get("account_id");
            id && id->is_scalar() && is_account_id(id->text())) {
            account_blocks.push_back({id->text(), b});
        }
        return;
    }
    const Form* form = nullptr;
    for (const auto& f : kForms) {
        if (f.kind == kind) form = &f;
    }
    if (form == nullptr) return;
    // A bucket policy names its bucket and a secret's policy its secret; the others go by their
    // own name.
    std::string resource = name;
    const Node* owner = form->service == "s3"               ? attributes.get("bucket")
                        : form->service == "secretsmanager" ? attributes.get("secret")
                                                            : nullptr;
    if (owner) {
        if (owner->is_scalar()) resource = owner->text();
        if (owner->is_unknown() && !owner->ref().empty()) resource = owner->ref();  // !Ref X
    }
    if (form->service == "secretsmanager" && resource.starts_with("arn:")) {
        resource = resource.substr(resource.rfind(':') + 1);  // a secret's ARN: its name part
    }
    std::string arn = std::string(form->prefix) + resource;
    TemplatePolicy tp(arn, where);
    bool ok = false;
    if (form->attribute.empty()) {
        ok = lambda_permission(attributes, tp);
    } else if (const Node* list = attributes.get(form->attribute)) {
        if (list->is_sequence() && list->size() == 0) return;  // no policy written
        ok = tp.statements(*list);
    } else {
        return;
    }
    if (!ok) {
        diags.push_back({DiagLevel::kNote, kCode,
                         "the resource policy of " + name +
                             " is not analysed for public and cross-account access: " +
                             (tp.why().empty() ? std::string("it cannot be read") : tp.why()),
                         where});
        return;
    }
    ResourcePolicy rp;
    rp.arn = std::move(arn);
    rp.service = std::string(form->service);
    rp.account = std::string(kTemplateAccount);
    rp.arn_source = ArnSource::kTemplate;
    rp.policy = std::make_unique<Policy>(tp.take());
    rp.location = where;
    if (form->service == "s3" && bucket != nullptr) rp.block = bucket_block(*bucket);
    add(std::move(rp));
}

std::string_view to_string(ArnSource source) {
    switch (source) {
        case ArnSource::kOutput:
            return "output";
        case ArnSource::kArnMember:
            return "Arn member";
        case ArnSource::kResource:
            return "policy Resource";
        case ArnSource::kFileName:
            return "file name";
        case ArnSource::kTemplate:
            return "template";
    }
    return "?";
}

std::string_view arn_service(std::string_view arn) { return arn_field(arn, 2); }

void ResourcePolicySet::load(std::string_view json_text,
                             const std::string& file,
                             core::Diagnostics& diags) {
    Loader(*this, json_text, file, diags).run();
}

}  // namespace wasp::iam
