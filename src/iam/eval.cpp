#include "iam/eval.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <span>

#include <arpa/inet.h>

#include "iam/catalog.h"
#include "iam/text.h"

namespace wasp::iam {

namespace {

// Whether resource control policies restrict the service's actions: only some services
// support RCPs (AWS Organizations User Guide, "Resource control policies"); the action catalog
// says which. An unknown service is not restricted.
bool rcps_restrict(std::string_view service) {
    const Service* s = Catalog::builtin().service(service);
    return s && s->rcp;
}

const std::vector<std::vector<const Policy*>> kNoLevels;

using text::iequals;
using text::lower;
using text::to_lower;

enum class Tri : std::uint8_t { kFalse, kTrue, kUnknown };

Tri tri(bool b) { return b ? Tri::kTrue : Tri::kFalse; }
Tri tri_not(Tri t) { return t == Tri::kUnknown ? t : (t == Tri::kTrue ? Tri::kFalse : Tri::kTrue); }
Tri tri_and(Tri a, Tri b) {
    if (a == Tri::kFalse || b == Tri::kFalse) return Tri::kFalse;
    return a == Tri::kTrue && b == Tri::kTrue ? Tri::kTrue : Tri::kUnknown;
}
Tri tri_or(Tri a, Tri b) {
    if (a == Tri::kTrue || b == Tri::kTrue) return Tri::kTrue;
    return a == Tri::kFalse && b == Tri::kFalse ? Tri::kFalse : Tri::kUnknown;
}

// The n-th colon-separated segment of an ARN (0: "arn", 4: account), or "".
std::string_view arn_segment(std::string_view arn, int n) {
    for (int i = 0; i < n; ++i) {
        auto c = arn.find(':');
        if (c == std::string_view::npos) return {};
        arn.remove_prefix(c + 1);
    }
    return arn.substr(0, n == 5 ? arn.size() : arn.find(':'));
}

// --- values of context keys ----------------------------------------------------------------

// A key's values in a request: present (one or several), absent, or unknown.
struct KeyValues {
    enum State : std::uint8_t { kPresent, kAbsent, kUnknown } state = kAbsent;
    std::string_view one;               // when the key has one derived value
    std::span<const std::string> many;  // when it comes from the request's context

    std::size_t size() const { return many.empty() ? (state == kPresent ? 1 : 0) : many.size(); }
    std::string_view at(std::size_t i) const {
        return many.empty() ? one : std::string_view(many[i]);
    }
};

// What the request settles about its principal and resource. Views into the request, except
// the role ARN of a session, which is built when the request does not give it.
struct Facts {
    std::string_view principal_arn;
    std::string role_arn_storage;
    std::string_view role_arn;  // for a role or role session
    std::string_view account;
    std::string_view username;  // IAM users only
    std::string_view principal_type;
    std::string_view resource_account;
};

void facts_of(const Request& r, Facts& f) {
    const auto& p = r.principal;
    f.principal_arn = p.arn;
    f.account = p.account.empty() ? arn_segment(p.arn, 4) : std::string_view(p.account);
    std::string_view res = arn_segment(p.arn, 5);
    std::string_view service = arn_segment(p.arn, 2);
    if (p.arn.empty() || p.arn == "*") {
        f.principal_type = "Anonymous";
    } else if (!p.arn.starts_with("arn:")) {
        f.principal_type = "Service";
    } else if (service == "iam" && res == "root") {
        f.principal_type = "Account";
    } else if (service == "iam" && res.starts_with("user/")) {
        f.principal_type = "User";
        f.username = res.substr(res.rfind('/') + 1);
    } else if (service == "iam" && res.starts_with("role/")) {
        f.principal_type = "AssumedRole";
        f.role_arn = p.arn;
    } else if (service == "sts" && res.starts_with("assumed-role/")) {
        f.principal_type = "AssumedRole";
        if (p.role_arn.empty()) {
            std::string_view rest = res.substr(13);
            std::string_view role = rest.substr(0, rest.find('/'));
            f.role_arn_storage = "arn:";
            f.role_arn_storage += arn_segment(p.arn, 1);
            f.role_arn_storage += ":iam::";
            f.role_arn_storage += f.account;
            f.role_arn_storage += ":role/";
            f.role_arn_storage += role;
            f.role_arn = f.role_arn_storage;
        }
    } else if (service == "sts" && res.starts_with("federated-user/")) {
        f.principal_type = "FederatedUser";
    }
    if (!p.role_arn.empty()) f.role_arn = p.role_arn;
    // aws:PrincipalArn of a role session is the role's ARN.
    if (!f.role_arn.empty()) f.principal_arn = f.role_arn;
    f.resource_account = r.resource_account.empty() ? arn_segment(r.resource, 4)
                                                    : std::string_view(r.resource_account);
    if (f.resource_account.empty()) f.resource_account = f.account;
}

class Context {
  public:
    Context(const Request& r, const Facts& f) : r_(r), f_(f) {}

    KeyValues lookup(std::string_view key) const {
        KeyValues v;
        for (const auto& e : r_.context) {
            if (e.key == key) {
                v.state = e.values.empty() ? KeyValues::kAbsent : KeyValues::kPresent;
                v.many = e.values;
                return v;
            }
        }
        for (const auto& u : r_.unknown_keys) {
            if (u == key) {
                v.state = KeyValues::kUnknown;
                return v;
            }
        }
        auto one = [&](std::string_view s) {
            v.state = s.empty() ? KeyValues::kAbsent : KeyValues::kPresent;
            v.one = s;
            return v;
        };
        if (key == "aws:principalarn") return one(f_.principal_arn);
        if (key == "aws:principalaccount") return one(f_.account);
        if (key == "aws:principaltype") return one(f_.principal_type);
        if (key == "aws:username") return one(f_.username);
        if (key == "aws:resourceaccount") return one(f_.resource_account);
        if (key.starts_with("aws:principaltag/")) {
            return tag(r_.principal.tags, key.substr(17), true);
        }
        if (key.starts_with("aws:resourcetag/")) {
            return tag(r_.resource_tags, key.substr(16), r_.resource_tags_known);
        }
        v.state = r_.open_context ? KeyValues::kUnknown : KeyValues::kAbsent;
        return v;
    }

  private:
    KeyValues tag(const std::vector<std::pair<std::string, std::string>>& tags,
                  std::string_view name,
                  bool known) const {
        KeyValues v;
        for (const auto& [k, value] : tags) {
            if (iequals(k, name)) {  // tag keys compare case-insensitively in conditions
                v.state = KeyValues::kPresent;
                v.one = value;
                return v;
            }
        }
        v.state = known || !r_.open_context ? KeyValues::kAbsent : KeyValues::kUnknown;
        return v;
    }

    const Request& r_;
    const Facts& f_;
};

// --- evaluation of one statement ---------------------------------------------------------------

// Buffers reused from one evaluation to the next on a thread, so a decision allocates little.
struct Scratch {
    std::string action;
    std::string text;
    std::vector<std::string> values;
    std::vector<std::uint32_t> candidates;
};

class Evaluator {
  public:
    Evaluator(const Request& r, const Facts& f, Scratch& scratch)
        : r_(r),
          f_(f),
          ctx_(r, f),
          action_(scratch.action),
          scratch_(scratch.text),
          values_(scratch.values) {
        action_.assign(r.action);
        for (auto& c : action_) c = lower(c);
    }

    std::vector<std::string> unknown_keys;

    // Records a key the decision hinges on, as the policy writes it, once.
    void note_unknown(std::string_view key) {
        if (std::none_of(unknown_keys.begin(), unknown_keys.end(),
                         [&](const std::string& k) { return iequals(k, key); })) {
            unknown_keys.emplace_back(key);
        }
    }

    // Replaces ${...} policy variables. kFalse: a variable the request lacks (the value then
    // matches nothing); kUnknown: one it does not settle.
    Tri substitute(std::string_view in, bool as_pattern, std::string& out) {
        out.clear();
        std::size_t i = 0;
        while (i < in.size()) {
            auto open = in.find("${", i);
            if (open == std::string_view::npos) {
                append_literal(in.substr(i), false, out);
                break;
            }
            append_literal(in.substr(i, open - i), false, out);
            auto close = in.find('}', open + 2);
            if (close == std::string_view::npos) {
                append_literal(in.substr(open), false, out);
                break;
            }
            std::string_view var = in.substr(open + 2, close - open - 2);
            i = close + 1;
            if (var == "*" || var == "?" || var == "$") {
                append_literal(var, as_pattern, out);
                continue;
            }
            std::string_view def;
            bool has_default = false;
            if (auto comma = var.find(','); comma != std::string_view::npos) {
                std::string_view d = var.substr(comma + 1);
                while (!d.empty() && d.front() == ' ') d.remove_prefix(1);
                while (!d.empty() && d.back() == ' ') d.remove_suffix(1);
                if (d.size() >= 2 && d.front() == '\'' && d.back() == '\'') {
                    def = d.substr(1, d.size() - 2);
                    has_default = true;
                }
                var = var.substr(0, comma);
                while (!var.empty() && var.back() == ' ') var.remove_suffix(1);
            }
            std::string key = to_lower(var);
            KeyValues v = ctx_.lookup(key);
            if (v.state == KeyValues::kUnknown) {
                note_unknown(var);
                return Tri::kUnknown;
            }
            if (v.state == KeyValues::kAbsent || v.size() != 1) {
                if (!has_default) return Tri::kFalse;
                append_literal(def, as_pattern, out);
                continue;
            }
            append_literal(v.at(0), as_pattern, out);
        }
        return Tri::kTrue;
    }

    Tri action_matches(const Statement& s) const {
        bool any = false;
        for (const auto& a : s.actions) {
            if (glob_match(a, action_)) {  // both lower case
                any = true;
                break;
            }
        }
        return tri(s.not_action ? !any : any);
    }

    std::string_view service() const {
        std::string_view a = action_;
        return a.substr(0, a.find(':'));
    }

    Tri resource_matches(const Statement& s, const Policy& p) {
        if (!s.has_resource) return Tri::kTrue;
        Tri any = Tri::kFalse;
        for (const auto& pattern : s.resources) {
            Tri m;
            if (s.resources_have_variables && p.variables_allowed() &&
                pattern.find("${") != std::string::npos) {
                Tri sub = substitute(pattern, true, scratch_);
                // A variable the request lacks leaves the statement unresolved, so it does not
                // apply: for Resource its pattern matches nothing, and NotResource must not turn
                // that into "every resource" (the IAM User Guide: an unresolved variable may make
                // the whole statement invalid).
                if (sub == Tri::kFalse && s.not_resource) return Tri::kFalse;
                m = sub == Tri::kTrue ? tri(arn_match(scratch_, r_.resource)) : sub;
            } else {
                m = tri(arn_match(pattern, r_.resource));
            }
            any = tri_or(any, m);
            if (any == Tri::kTrue) break;
        }
        return s.not_resource ? tri_not(any) : any;
    }

    // How a resource-based policy's Principal names the requester.
    enum Named : std::uint8_t { kNone = 0, kDirect = 1, kRole = 2, kAccount = 4 };

    std::uint8_t principal_named(const Statement& s) const {
        std::uint8_t how = kNone;
        const std::string& arn = r_.principal.arn;
        for (const auto& e : s.principals) {
            if (e.type == "*" || (e.type == "AWS" && e.value == "*")) {
                how |= kDirect;
            } else if (e.type == "AWS") {
                std::string_view v = e.value;
                bool account_id = v.size() == 12 && std::all_of(v.begin(), v.end(), [](char c) {
                                      return c >= '0' && c <= '9';
                                  });
                if (account_id || (v.starts_with("arn:") && arn_segment(v, 2) == "iam" &&
                                   arn_segment(v, 5) == "root")) {
                    std::string_view acct = account_id ? v : arn_segment(v, 4);
                    if (acct == f_.account && f_.principal_type != "Service") how |= kAccount;
                } else if (v == arn) {
                    how |= kDirect;  // an IAM user, or a role session named by its session ARN
                } else if (!f_.role_arn.empty() && v == f_.role_arn) {
                    how |= arn == f_.role_arn ? kDirect : kRole;
                }
            } else if (e.value == arn) {  // Service, Federated, CanonicalUser
                how |= kDirect;
            }
        }
        if (s.not_principal) {
            // NotPrincipal: everyone except those listed (an account listed excludes its
            // principals only when it is named, so a direct name is what counts here).
            return how == kNone ? static_cast<std::uint8_t>(kDirect)
                                : static_cast<std::uint8_t>(kNone);
        }
        return how;
    }

    Tri conditions_hold(const Statement& s, const Policy& p) {
        Tri all = Tri::kTrue;
        for (const auto& c : s.conditions) {
            all = tri_and(all, condition(c, p));
            if (all == Tri::kFalse) return all;
        }
        return all;
    }

  private:
    static void append_literal(std::string_view s, bool as_pattern, std::string& out) {
        for (char c : s) {
            if (as_pattern && (c == '*' || c == '?' || c == '\x01')) out += '\x01';
            out += c;
        }
    }

    Tri condition(const Condition& c, const Policy& p) {
        KeyValues v = ctx_.lookup(c.key_lower);
        if (c.op == CondOp::kNull) {
            if (v.state == KeyValues::kUnknown) {
                note_unknown(c.key);
                return Tri::kUnknown;
            }
            bool absent = v.state == KeyValues::kAbsent;
            for (const auto& want : c.values) {
                if (iequals(want, "true") ? absent : (iequals(want, "false") && !absent)) {
                    return Tri::kTrue;
                }
            }
            return Tri::kFalse;
        }
        if (v.state == KeyValues::kUnknown) {
            note_unknown(c.key);
            return Tri::kUnknown;
        }
        if (v.state == KeyValues::kAbsent) {
            if (c.if_exists || c.set == SetOp::kForAllValues) return Tri::kTrue;
            if (c.set == SetOp::kForAnyValue) return Tri::kFalse;
            return tri(negated(c.op));
        }
        // The policy's values, with variables replaced.
        values_.clear();
        Tri unknown = Tri::kFalse;
        bool pattern = c.op == CondOp::kStringLike || c.op == CondOp::kStringNotLike ||
                       c.op == CondOp::kArnLike || c.op == CondOp::kArnNotLike ||
                       c.op == CondOp::kArnEquals || c.op == CondOp::kArnNotEquals;
        for (const auto& pv : c.values) {
            if (c.has_variables && p.variables_allowed() && pv.find("${") != std::string::npos) {
                Tri sub = substitute(pv, pattern, scratch_);
                if (sub == Tri::kUnknown) unknown = Tri::kUnknown;
                if (sub == Tri::kTrue) values_.push_back(scratch_);
            } else if (pattern && pv.find('\x01') != std::string::npos) {
                // The escape character written in a policy is itself literal.
                std::string escaped;
                for (char ch : pv) {
                    if (ch == '\x01') escaped += '\x01';
                    escaped += ch;
                }
                values_.push_back(std::move(escaped));
            } else {
                values_.push_back(pv);
            }
        }
        bool neg = negated(c.op);
        // One request value against the policy's values: any matches (positive operators), or
        // none matches (negated ones).
        auto one = [&](std::string_view r) {
            bool any = false;
            for (const auto& pv : values_) {
                if (positive_match(c.op, r, pv)) {
                    any = true;
                    break;
                }
            }
            return neg ? !any : any;
        };
        bool result;
        std::size_t n = v.size();
        if (c.set == SetOp::kForAllValues) {
            result = true;
            for (std::size_t i = 0; i < n && result; ++i) result = one(v.at(i));
        } else if (c.set == SetOp::kForAnyValue || !neg) {
            result = false;
            for (std::size_t i = 0; i < n && !result; ++i) result = one(v.at(i));
        } else {
            // A negated operator on the key as a whole: no request value matches.
            result = true;
            for (std::size_t i = 0; i < n && result; ++i) result = one(v.at(i));
        }
        if (unknown == Tri::kUnknown) {
            // A value whose variable is unknown could have matched: only a decided result that
            // the missing value cannot change stands.
            if ((result && !neg) || (!result && neg)) return tri(result);
            return Tri::kUnknown;
        }
        return tri(result);
    }

    static std::optional<double> number(std::string_view s) {
        while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
        if (!s.empty() && s.front() == '+') s.remove_prefix(1);
        double d = 0;
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
        if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(d)) {
            return std::nullopt;
        }
        return d;
    }

    static bool digits(std::string_view s, std::size_t from, std::size_t n, int& out) {
        if (from + n > s.size()) return false;
        out = 0;
        for (std::size_t i = from; i < from + n; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            out = out * 10 + (s[i] - '0');
        }
        return true;
    }

    // Seconds since the epoch of an ISO 8601 date or date-time, or of epoch seconds.
    static std::optional<double> date(std::string_view s) {
        if (s.size() < 10 || s[4] != '-') return number(s);
        int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
        if (!digits(s, 0, 4, y) || !digits(s, 5, 2, mo) || s[7] != '-' || !digits(s, 8, 2, d)) {
            return std::nullopt;
        }
        if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
        double frac = 0;
        int offset = 0;
        std::size_t i = 10;
        if (i < s.size() && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
            if (!digits(s, i + 1, 2, h) || i + 3 >= s.size() || s[i + 3] != ':' ||
                !digits(s, i + 4, 2, mi)) {
                return std::nullopt;
            }
            i += 6;
            if (i < s.size() && s[i] == ':') {
                if (!digits(s, i + 1, 2, sec)) return std::nullopt;
                i += 3;
                if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
                    double scale = 0.1;
                    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
                        frac += (s[i] - '0') * scale;
                        scale /= 10;
                    }
                }
            }
            if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
                ++i;
            } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
                int oh = 0, om = 0;
                if (!digits(s, i + 1, 2, oh)) return std::nullopt;
                std::size_t j = i + 3;
                if (j < s.size() && s[j] == ':') ++j;
                if (!digits(s, j, 2, om)) return std::nullopt;
                offset = (s[i] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
                i = j + 2;
            }
        }
        if (i != s.size()) return std::nullopt;
        // Days from the civil date (proleptic Gregorian).
        int yy = y - (mo <= 2 ? 1 : 0);
        int era = (yy >= 0 ? yy : yy - 399) / 400;
        int yoe = yy - era * 400;
        int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        double days = static_cast<double>(era) * 146097 + doe - 719468;
        return days * 86400 + h * 3600 + mi * 60 + sec + frac - offset;
    }

    struct Net {
        int family = 0;
        std::array<unsigned char, 16> bytes{};
        int prefix = 0;
    };

    static std::optional<Net> net(std::string_view s, bool allow_prefix) {
        Net n;
        std::string text(s);
        auto slash = text.find('/');
        int max_prefix = 0;
        std::string addr = text.substr(0, slash);
        if (inet_pton(AF_INET, addr.c_str(), n.bytes.data()) == 1) {
            n.family = AF_INET;
            max_prefix = 32;
        } else if (inet_pton(AF_INET6, addr.c_str(), n.bytes.data()) == 1) {
            n.family = AF_INET6;
            max_prefix = 128;
        } else {
            return std::nullopt;
        }
        n.prefix = max_prefix;
        if (slash != std::string::npos) {
            if (!allow_prefix) return std::nullopt;
            int p = 0;
            std::string_view digits_part = std::string_view(text).substr(slash + 1);
            auto [end, ec] =
                std::from_chars(digits_part.data(), digits_part.data() + digits_part.size(), p);
            if (ec != std::errc() || end != digits_part.data() + digits_part.size() || p < 0 ||
                p > max_prefix) {
                return std::nullopt;
            }
            n.prefix = p;
        }
        return n;
    }

    static bool in_network(std::string_view address, std::string_view cidr) {
        auto a = net(address, true);
        auto c = net(cidr, true);
        if (!a || !c || a->family != c->family) return false;
        int full = c->prefix / 8;
        if (std::memcmp(a->bytes.data(), c->bytes.data(), static_cast<std::size_t>(full)) != 0) {
            return false;
        }
        int rest = c->prefix % 8;
        if (rest == 0) return true;
        auto mask = static_cast<unsigned char>(0xFF << (8 - rest));
        return (a->bytes[static_cast<std::size_t>(full)] & mask) ==
               (c->bytes[static_cast<std::size_t>(full)] & mask);
    }

    static bool positive_match(CondOp op, std::string_view r, std::string_view p) {
        switch (op) {
            case CondOp::kStringEquals:
            case CondOp::kStringNotEquals:
            case CondOp::kBinaryEquals:
                return r == p;
            case CondOp::kStringEqualsIgnoreCase:
            case CondOp::kStringNotEqualsIgnoreCase:
                return iequals(r, p);
            case CondOp::kStringLike:
            case CondOp::kStringNotLike:
                return glob_match(p, r);
            case CondOp::kBool:
                return iequals(r, p);
            case CondOp::kIpAddress:
            case CondOp::kNotIpAddress:
                return in_network(r, p);
            case CondOp::kArnEquals:
            case CondOp::kArnLike:
            case CondOp::kArnNotEquals:
            case CondOp::kArnNotLike:
                return arn_match(p, r);
            default:
                break;
        }
        bool is_date = op >= CondOp::kDateEquals && op <= CondOp::kDateGreaterThanEquals;
        auto a = is_date ? date(r) : number(r);
        auto b = is_date ? date(p) : number(p);
        if (!a || !b) return false;
        switch (op) {
            case CondOp::kNumericEquals:
            case CondOp::kNumericNotEquals:
            case CondOp::kDateEquals:
            case CondOp::kDateNotEquals:
                return *a == *b;
            case CondOp::kNumericLessThan:
            case CondOp::kDateLessThan:
                return *a < *b;
            case CondOp::kNumericLessThanEquals:
            case CondOp::kDateLessThanEquals:
                return *a <= *b;
            case CondOp::kNumericGreaterThan:
            case CondOp::kDateGreaterThan:
                return *a > *b;
            case CondOp::kNumericGreaterThanEquals:
            case CondOp::kDateGreaterThanEquals:
                return *a >= *b;
            default:
                return false;
        }
    }

    const Request& r_;
    const Facts& f_;
    Context ctx_;
    std::string& action_;
    std::string& scratch_;
    std::vector<std::string>& values_;
};

// --- the layers --------------------------------------------------------------------------------

struct LayerOutcome {
    Tri deny = Tri::kFalse;
    Tri allow = Tri::kFalse;
    // Resource-based policies only: allows by how the principal is named.
    Tri allow_direct = Tri::kFalse;
    Tri allow_role = Tri::kFalse;
    Tri allow_account = Tri::kFalse;
};

class Run {
  public:
    Run(const Request& r, const Layers& l, Facts& facts, Scratch& scratch)
        : r_(r),
          l_(l),
          facts_((facts_of(r, facts), facts)),
          ev_(r, facts_, scratch),
          candidates_(scratch.candidates) {}

    Result go() {
        Result out;
        LayerOutcome identity = policies(Layer::kIdentity, l_.identity);
        LayerOutcome resource;
        if (l_.resource) {
            std::array<const Policy*, 1> one{l_.resource};
            resource = policies(Layer::kResource, one);
        }
        LayerOutcome boundary = policies(Layer::kBoundary, l_.boundary);
        LayerOutcome session = policies(Layer::kSession, l_.session);
        Tri scp_deny = Tri::kFalse, scp_ok = Tri::kTrue;
        bool scps_apply = !l_.scp_levels.empty() && !r_.principal.service_linked_role &&
                          !r_.principal.management_account;
        std::size_t failed_scp_level = 0;
        if (scps_apply) {
            for (std::size_t i = 0; i < l_.scp_levels.size(); ++i) {
                LayerOutcome lvl = policies(Layer::kScp, l_.scp_levels[i]);
                scp_deny = tri_or(scp_deny, lvl.deny);
                if (lvl.allow != Tri::kTrue && scp_ok == Tri::kTrue) failed_scp_level = i;
                scp_ok = tri_and(scp_ok, lvl.allow);
            }
        }
        Tri rcp_deny = Tri::kFalse, rcp_ok = Tri::kTrue;
        bool rcps_apply = !l_.rcp_levels.empty() && rcps_restrict(ev_.service());
        for (const auto& level : rcps_apply ? l_.rcp_levels : kNoLevels) {
            LayerOutcome lvl = policies(Layer::kRcp, level);
            rcp_deny = tri_or(rcp_deny, lvl.deny);
            rcp_ok = tri_and(rcp_ok, lvl.allow);
        }

        Tri deny = tri_or(tri_or(identity.deny, resource.deny),
                          tri_or(tri_or(boundary.deny, session.deny), tri_or(scp_deny, rcp_deny)));

        Tri boundary_ok = l_.has_boundary ? boundary.allow : Tri::kTrue;
        Tri session_ok = l_.has_session ? session.allow : Tri::kTrue;
        Tri limits_ok = tri_and(boundary_ok, session_ok);
        Tri identity_side = tri_and(identity.allow, limits_ok);
        bool same_account = facts_.resource_account == facts_.account;
        // An anonymous request or an AWS service principal has no identity-based policies and
        // belongs to no account: only the resource-based policy, naming it (or "*"), grants.
        bool no_identity =
            facts_.principal_type == "Anonymous" || facts_.principal_type == "Service";
        Tri grant;
        if (no_identity) {
            grant = resource.allow_direct;
        } else if (same_account) {
            Tri by_resource =
                tri_or(resource.allow_direct, tri_and(resource.allow_role, limits_ok));
            grant = l_.resource_policy_required
                        ? tri_or(by_resource, tri_and(resource.allow_account, identity_side))
                        : tri_or(by_resource, identity_side);
        } else {
            Tri resource_grants =
                tri_or(resource.allow_direct, tri_or(resource.allow_role, resource.allow_account));
            grant = tri_and(identity_side, resource_grants);
        }
        Tri allow = tri_and(tri_and(scp_ok, rcp_ok), grant);

        out.hinges_on = std::move(ev_.unknown_keys);
        if (deny == Tri::kTrue) {
            out.decision = Decision::kExplicitDeny;
        } else if (deny == Tri::kFalse && allow != Tri::kUnknown) {
            out.decision = allow == Tri::kTrue ? Decision::kAllowed : Decision::kImplicitDeny;
        } else {
            out.conditional = true;
            if (allow != Tri::kFalse && deny != Tri::kTrue)
                out.possible.push_back(Decision::kAllowed);
            if (allow != Tri::kTrue && deny != Tri::kTrue) {
                out.possible.push_back(Decision::kImplicitDeny);
            }
            if (deny != Tri::kFalse) out.possible.push_back(Decision::kExplicitDeny);
        }
        if (!out.conditional) {
            out.hinges_on.clear();
            out.reason = reason(out.decision, identity, resource, boundary_ok, session_ok, scp_ok,
                                rcp_ok, same_account, failed_scp_level);
        }
        out.matches = std::move(matches_);
        return out;
    }

  private:
    template <typename List>
    LayerOutcome policies(Layer layer, const List& list) {
        LayerOutcome o;
        std::string_view service = ev_.service();
        for (const Policy* p : list) {
            if (!p) continue;
            p->candidates(service, candidates_);
            for (std::uint32_t index : candidates_) {
                const Statement& s = p->statements[index];
                Tri applies = ev_.action_matches(s);
                if (applies == Tri::kFalse) continue;
                std::uint8_t named = Evaluator::kDirect;
                if (layer == Layer::kResource) {
                    // A resource-based policy grants only to the principals it names.
                    named = s.has_principal ? ev_.principal_named(s)
                                            : static_cast<std::uint8_t>(Evaluator::kNone);
                    if (named == Evaluator::kNone) continue;
                }
                applies = tri_and(applies, ev_.resource_matches(s, *p));
                if (applies == Tri::kFalse) continue;
                applies = tri_and(applies, ev_.conditions_hold(s, *p));
                if (applies == Tri::kFalse) continue;
                matches_.push_back({layer, p, &s, applies == Tri::kUnknown});
                if (s.effect == Effect::kDeny) {
                    o.deny = tri_or(o.deny, applies);
                    continue;
                }
                o.allow = tri_or(o.allow, applies);
                if (named & Evaluator::kDirect) o.allow_direct = tri_or(o.allow_direct, applies);
                if (named & Evaluator::kRole) o.allow_role = tri_or(o.allow_role, applies);
                if (named & Evaluator::kAccount) o.allow_account = tri_or(o.allow_account, applies);
            }
        }
        return o;
    }

    std::string describe(const Match& m) const {
        std::string s = "statement ";
        s += m.statement->sid.empty() ? "#" + std::to_string(m.statement->index)
                                      : "\"" + m.statement->sid + "\"";
        s += " of " + (m.policy->name.empty() ? std::string("a policy") : m.policy->name);
        s += " (" + std::string(to_string(m.layer)) + ")";
        return s;
    }

    const Match* first(Layer layer, Effect effect, const std::vector<Match>& ms) const {
        for (const auto& m : ms) {
            if (m.layer == layer && m.statement->effect == effect && !m.conditional) return &m;
        }
        return nullptr;
    }

    std::string reason(Decision d,
                       const LayerOutcome& identity,
                       const LayerOutcome& resource,
                       Tri boundary_ok,
                       Tri session_ok,
                       Tri scp_ok,
                       Tri rcp_ok,
                       bool same_account,
                       std::size_t failed_scp_level) const {
        const auto* ms = &matches_;
        if (d == Decision::kExplicitDeny) {
            for (const auto& m : *ms) {
                if (m.statement->effect == Effect::kDeny && !m.conditional) {
                    return "explicitly denied by " + describe(m);
                }
            }
            return "explicitly denied";
        }
        if (d == Decision::kAllowed) {
            if (const Match* m = first(Layer::kResource, Effect::kAllow, *ms);
                m && (same_account || identity.allow == Tri::kTrue)) {
                if (same_account && identity.allow != Tri::kTrue)
                    return "allowed by " + describe(*m);
                if (const Match* i = first(Layer::kIdentity, Effect::kAllow, *ms)) {
                    return "allowed by " + describe(*i) + " and " + describe(*m);
                }
                return "allowed by " + describe(*m);
            }
            if (const Match* m = first(Layer::kIdentity, Effect::kAllow, *ms)) {
                return "allowed by " + describe(*m);
            }
            return "allowed";
        }
        if (scp_ok == Tri::kFalse) {
            return "implicitly denied: no service control policy at level " +
                   std::to_string(failed_scp_level) + " of the organization allows it";
        }
        if (rcp_ok == Tri::kFalse) {
            return "implicitly denied: no resource control policy allows it";
        }
        if (!same_account && identity.allow == Tri::kTrue && resource.allow == Tri::kFalse) {
            return "implicitly denied: across accounts the resource-based policy must also allow "
                   "it, and it does not";
        }
        if (identity.allow == Tri::kTrue && boundary_ok == Tri::kFalse) {
            return "implicitly denied: the permissions boundary does not allow it";
        }
        if (identity.allow == Tri::kTrue && session_ok == Tri::kFalse) {
            return "implicitly denied: the session policy does not allow it";
        }
        if (l_.resource_policy_required && resource.allow == Tri::kFalse) {
            return "implicitly denied: the resource-based policy (key policy or trust policy) "
                   "must allow it, and it does not";
        }
        return "implicitly denied: no policy allows it";
    }

    const Request& r_;
    const Layers& l_;
    const Facts& facts_;
    Evaluator ev_;
    std::vector<Match> matches_;
    std::vector<std::uint32_t>& candidates_;
};

}  // namespace

void Request::set_context(std::string_view key, std::vector<std::string> values) {
    std::string k = to_lower(key);
    for (auto& e : context) {
        if (e.key == k) {
            e.values = std::move(values);
            return;
        }
    }
    context.push_back({std::move(k), std::move(values)});
}

std::string_view to_string(Decision d) {
    switch (d) {
        case Decision::kAllowed:
            return "Allowed";
        case Decision::kImplicitDeny:
            return "ImplicitlyDenied";
        case Decision::kExplicitDeny:
            return "ExplicitlyDenied";
    }
    return "?";
}

std::string_view to_string(Layer l) {
    switch (l) {
        case Layer::kIdentity:
            return "identity";
        case Layer::kResource:
            return "resource";
        case Layer::kBoundary:
            return "permissions boundary";
        case Layer::kSession:
            return "session policy";
        case Layer::kScp:
            return "service control policy";
        case Layer::kRcp:
            return "resource control policy";
    }
    return "?";
}

Result evaluate(const Request& request, const Layers& layers) {
    thread_local Scratch scratch;
    Facts facts;
    Run run(request, layers, facts, scratch);
    Result r = run.go();
    if (r.conditional) {
        // The decision when none of the unknown keys is in the request.
        Request closed = request;
        closed.open_context = false;
        closed.unknown_keys.clear();
        Facts closed_facts;
        Run again(closed, layers, closed_facts, scratch);
        Result c = again.go();
        r.decision = c.decision;
        r.reason = "conditional on " + std::to_string(r.hinges_on.size()) +
                   (r.hinges_on.size() == 1 ? " context key" : " context keys") +
                   "; without them: " + c.reason;
    }
    return r;
}

}  // namespace wasp::iam
