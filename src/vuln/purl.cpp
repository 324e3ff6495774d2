// Package URLs: parsing into decoded, normalised components, the canonical string, and the OSV
// ecosystem and package name a purl denotes.
//
// The parser follows the purl specification's "how to parse" steps (package-url/purl-spec,
// docs/specification/how-to-parse.md) and is lenient where SBOM tools are sloppy in ways that
// lose nothing: upper-case scheme, type and qualifier keys, "pkg://", unencoded characters.
#include "vuln/purl.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace wasp::vuln {
namespace {

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

void lower_in_place(std::string& s) {
    for (char& c : s) c = to_lower(c);
}

std::string lowered(std::string_view s) {
    std::string out(s);
    lower_in_place(out);
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return to_lower(x) == to_lower(y);
           });
}

int hex_value(char c) {
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Percent-decodes s; nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> decode(std::string_view s) {
    std::size_t i = s.find('%');
    if (i == std::string_view::npos) return std::string(s);  // the common case: nothing to do
    std::string out(s.substr(0, i));
    out.reserve(s.size());
    for (; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        if (i + 2 >= s.size()) return std::nullopt;
        const int hi = hex_value(s[i + 1]);
        const int lo = hex_value(s[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

// The purl specification's "Character encoding" clause: alphanumerics, ".-_~" and ':' stay as
// they are, every other byte becomes %XX (upper-case hex).
constexpr bool is_unreserved(char c) {
    return is_alpha(c) || is_digit(c) || c == '.' || c == '-' || c == '_' || c == '~' || c == ':';
}

void encode_to(std::string& out, std::string_view s) {
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t run = i;
        while (run < s.size() && is_unreserved(s[run])) ++run;
        out.append(s.substr(i, run - i));  // runs of plain characters in one copy
        if (run == s.size()) break;
        const auto b = static_cast<unsigned char>(s[run]);
        out += '%';
        out += kHex[b >> 4];
        out += kHex[b & 0xF];
        i = run + 1;
    }
}

enum class Namespace { kOptional, kRequired, kProhibited };

// Per-type rules from the registered type definitions (package-url/purl-spec, types/*.json):
// whether a namespace is required or prohibited, and which components are case-insensitive
// (canonically lower-case). golang's namespace is required by the spec but optional here: SBOM
// tools write the Go standard library as "pkg:golang/stdlib@...".
struct TypeRule {
    std::string_view type;
    Namespace ns = Namespace::kOptional;
    bool lower_ns = false;
    bool lower_name = false;
    bool lower_version = false;
};

constexpr std::array kTypeRules{
    TypeRule{"alpm", Namespace::kRequired, true, true, false},
    TypeRule{"apk", Namespace::kRequired, true, true, false},
    TypeRule{"bazel", Namespace::kProhibited, false, false, false},
    TypeRule{"bitbucket", Namespace::kRequired, true, true, false},
    TypeRule{"bitnami", Namespace::kProhibited, false, true, false},
    TypeRule{"brew", Namespace::kOptional, true, true, false},
    TypeRule{"cargo", Namespace::kProhibited, false, false, false},
    TypeRule{"chrome-extension", Namespace::kProhibited, false, true, false},
    TypeRule{"cocoapods", Namespace::kProhibited, false, false, false},
    TypeRule{"composer", Namespace::kRequired, true, true, false},
    TypeRule{"conda", Namespace::kProhibited, false, false, false},
    TypeRule{"cran", Namespace::kProhibited, false, false, false},
    TypeRule{"deb", Namespace::kRequired, true, true, false},
    TypeRule{"gem", Namespace::kProhibited, false, false, false},
    TypeRule{"git", Namespace::kRequired, false, false, false},
    TypeRule{"github", Namespace::kRequired, true, true, false},
    TypeRule{"hackage", Namespace::kProhibited, false, false, false},
    TypeRule{"hex", Namespace::kOptional, true, true, false},
    TypeRule{"huggingface", Namespace::kRequired, false, false, true},
    TypeRule{"julia", Namespace::kProhibited, false, false, false},
    TypeRule{"luarocks", Namespace::kOptional, true, true, false},
    TypeRule{"maven", Namespace::kRequired, false, false, false},
    TypeRule{"mlflow", Namespace::kProhibited, false, false, false},
    TypeRule{"nuget", Namespace::kProhibited, false, false, false},
    TypeRule{"oci", Namespace::kProhibited, false, true, true},
    TypeRule{"opam", Namespace::kProhibited, false, false, false},
    TypeRule{"otp", Namespace::kProhibited, false, true, false},
    TypeRule{"pub", Namespace::kProhibited, false, true, false},
    TypeRule{"pypi", Namespace::kProhibited, false, true, true},
    TypeRule{"qpkg", Namespace::kRequired, true, false, false},
    TypeRule{"rpm", Namespace::kRequired, true, false, false},
    TypeRule{"swift", Namespace::kRequired, false, false, false},
    TypeRule{"vcpkg", Namespace::kProhibited, false, false, false},
    TypeRule{"vscode-extension", Namespace::kRequired, true, true, true},
    TypeRule{"yocto", Namespace::kOptional, true, false, false},
};

const TypeRule* rule_for(std::string_view type) {
    for (const auto& r : kTypeRules) {
        if (r.type == type) return &r;
    }
    return nullptr;
}

std::string quote_input(std::string_view s) {
    constexpr std::size_t kMax = 60;  // reasons quote hostile input: keep them one line long
    std::string out = "'";
    out += s.substr(0, kMax);
    if (s.size() > kMax) out += "...";
    out += "'";
    return out;
}

std::optional<std::string> qualifier(const Purl& p, std::string_view key) {
    for (const auto& [k, v] : p.qualifiers) {
        if (k == key) return v;
    }
    return std::nullopt;
}

// The release a distro qualifier names, as OSV writes it after the ecosystem's ':'.

// Debian: numeric versions from distro-info-data (debian.csv), wheezy (7) onwards.
constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kDebianCodenames{{
    {"wheezy", "7"},
    {"jessie", "8"},
    {"stretch", "9"},
    {"buster", "10"},
    {"bullseye", "11"},
    {"bookworm", "12"},
    {"trixie", "13"},
    {"forky", "14"},
    {"duke", "15"},
    {"sid", "sid"},
}};

// Ubuntu: "YY.MM" versions from distro-info-data (ubuntu.csv), trusty (14.04) onwards.
constexpr std::array<std::pair<std::string_view, std::string_view>, 24> kUbuntuCodenames{{
    {"trusty", "14.04"}, {"utopic", "14.10"},   {"vivid", "15.04"},   {"wily", "15.10"},
    {"xenial", "16.04"}, {"yakkety", "16.10"},  {"zesty", "17.04"},   {"artful", "17.10"},
    {"bionic", "18.04"}, {"cosmic", "18.10"},   {"disco", "19.04"},   {"eoan", "19.10"},
    {"focal", "20.04"},  {"groovy", "20.10"},   {"hirsute", "21.04"}, {"impish", "21.10"},
    {"jammy", "22.04"},  {"kinetic", "22.10"},  {"lunar", "23.04"},   {"mantic", "23.10"},
    {"noble", "24.04"},  {"oracular", "24.10"}, {"plucky", "25.04"},  {"questing", "25.10"},
}};

template <std::size_t N>
std::string_view lookup(const std::array<std::pair<std::string_view, std::string_view>, N>& t,
                        std::string_view key) {
    for (const auto& [k, v] : t) {
        if (k == key) return v;
    }
    return {};
}

// The first n dot-separated numeric parts of v ("22.04.3", 2 -> "22.04"); "" if v does not
// start with a digit or has fewer parts.
std::string numeric_prefix(std::string_view v, int n) {
    std::string out;
    int parts = 0;
    std::size_t i = 0;
    while (parts < n) {
        const std::size_t start = i;
        while (i < v.size() && is_digit(v[i])) ++i;
        if (i == start) return {};
        if (!out.empty()) out += '.';
        out += v.substr(start, i - start);
        ++parts;
        if (parts < n) {
            if (i >= v.size() || v[i] != '.') return {};
            ++i;
        }
    }
    return out;
}

// "debian-11.6" -> "11.6", "ubuntu-jammy" -> "jammy", "bullseye" -> "bullseye": drops a leading
// distribution name.
std::string_view distro_tail(std::string_view distro) {
    const auto dash = distro.find('-');
    if (dash == std::string_view::npos || dash + 1 >= distro.size()) return distro;
    const auto head = distro.substr(0, dash);
    if (std::all_of(head.begin(), head.end(), is_alpha)) return distro.substr(dash + 1);
    return distro;
}

std::string release_of(std::string_view ecosystem, const Purl& p) {
    const auto distro_q = qualifier(p, "distro");
    if (!distro_q) return {};
    const std::string distro = lowered(*distro_q);
    const std::string_view tail = distro_tail(distro);
    if (ecosystem == "Debian") {
        if (!tail.empty() && is_digit(tail[0])) return numeric_prefix(tail, 1);
        return std::string(lookup(kDebianCodenames, tail));
    }
    if (ecosystem == "Ubuntu") {
        if (!tail.empty() && is_digit(tail[0])) return numeric_prefix(tail, 2);
        return std::string(lookup(kUbuntuCodenames, tail));
    }
    if (ecosystem == "Alpine") {
        std::string_view v = tail;
        if (!v.empty() && v[0] == 'v') v.remove_prefix(1);
        const std::string mm = numeric_prefix(v, 2);
        return mm.empty() ? std::string{} : "v" + mm;
    }
    if (ecosystem == "Rocky Linux" || ecosystem == "AlmaLinux") return numeric_prefix(tail, 1);
    return {};
}

// Distribution purls name the binary package; OSV names the source package, which SBOM tools
// put in the "upstream" qualifier: "openssl", "glibc@2.36-9", or for RPM the source RPM file
// "openssl-3.0.7-24.el9.src.rpm".
std::string source_package(const Purl& p) {
    const auto up = qualifier(p, "upstream");
    if (!up || up->empty()) return p.name;
    std::string_view s = *up;
    if (p.type == "rpm") {
        constexpr std::string_view kSuffix = ".src.rpm";
        if (s.size() > kSuffix.size() && s.ends_with(kSuffix)) {
            s.remove_suffix(kSuffix.size());
            // name-version-release: drop the last two fields.
            for (int i = 0; i < 2; ++i) {
                const auto dash = s.rfind('-');
                if (dash == std::string_view::npos || dash == 0) return p.name;
                s = s.substr(0, dash);
            }
            return std::string(s);
        }
    }
    s = s.substr(0, s.find('@'));
    return s.empty() ? p.name : std::string(s);
}

std::string joined(const Purl& p, char sep) { return p.ns.empty() ? p.name : p.ns + sep + p.name; }

}  // namespace

std::expected<Purl, std::string> parse_purl(std::string_view text) {
    if (text.empty()) return std::unexpected("an empty string is not a package URL");
    Purl p;
    std::string_view rest = text;

    // Subpath: after the last '#'.
    std::string_view subpath_raw;
    if (const auto hash = rest.rfind('#'); hash != std::string_view::npos) {
        subpath_raw = rest.substr(hash + 1);
        rest = rest.substr(0, hash);
    }
    // Qualifiers: after the last '?'.
    std::string_view qualifiers_raw;
    if (const auto q = rest.rfind('?'); q != std::string_view::npos) {
        qualifiers_raw = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    // Scheme.
    const auto colon = rest.find(':');
    if (colon == std::string_view::npos || !iequals(rest.substr(0, colon), "pkg")) {
        return std::unexpected("a package URL starts with 'pkg:'");
    }
    rest = rest.substr(colon + 1);
    while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);

    // Type.
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos) {
        return std::unexpected("a package URL needs a type and a name ('pkg:type/name')");
    }
    const std::string_view type_raw = rest.substr(0, slash);
    if (type_raw.empty() || !is_alpha(type_raw[0]) ||
        !std::all_of(type_raw.begin(), type_raw.end(), [](char c) {
            return is_alpha(c) || is_digit(c) || c == '.' || c == '-' || c == '+';
        })) {
        return std::unexpected("the type " + quote_input(type_raw) +
                               " is not a letter followed by letters, digits, '.' or '-'");
    }
    p.type = lowered(type_raw);
    rest = rest.substr(slash + 1);

    // Version: after the last '@' of the last segment ("@scope/name" has no version).
    bool has_version = false;
    {
        const auto last_slash = rest.rfind('/');
        const auto at = rest.rfind('@');
        if (at != std::string_view::npos &&
            (last_slash == std::string_view::npos || at > last_slash)) {
            auto v = decode(rest.substr(at + 1));
            if (!v) return std::unexpected("the version has a malformed percent-escape");
            p.version = std::move(*v);
            rest = rest.substr(0, at);
            has_version = true;
        }
    }
    if (!has_version) {
        while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    }

    // Name and namespace.
    const auto name_slash = rest.rfind('/');
    const std::string_view name_raw =
        name_slash == std::string_view::npos ? rest : rest.substr(name_slash + 1);
    if (name_raw.empty()) return std::unexpected("the package URL has no name");
    auto name = decode(name_raw);
    if (!name) return std::unexpected("the name has a malformed percent-escape");
    if (name->empty()) return std::unexpected("the package URL has no name");
    p.name = std::move(*name);
    if (name_slash != std::string_view::npos) {
        std::string_view ns_raw = rest.substr(0, name_slash);
        while (!ns_raw.empty()) {
            const auto cut = ns_raw.find('/');
            const std::string_view seg = ns_raw.substr(0, cut);
            ns_raw = cut == std::string_view::npos ? std::string_view{} : ns_raw.substr(cut + 1);
            if (seg.empty()) continue;
            auto s = decode(seg);
            if (!s) return std::unexpected("the namespace has a malformed percent-escape");
            if (s->find('/') != std::string::npos) {
                return std::unexpected("a namespace segment contains an encoded '/'");
            }
            if (s->empty()) continue;
            if (p.ns.empty()) {
                p.ns = std::move(*s);
            } else {
                p.ns += '/';
                p.ns += *s;
            }
        }
    }

    // Qualifiers: keys lower-cased, empty values dropped, sorted by key.
    while (!qualifiers_raw.empty()) {
        const auto amp = qualifiers_raw.find('&');
        const std::string_view pair = qualifiers_raw.substr(0, amp);
        qualifiers_raw =
            amp == std::string_view::npos ? std::string_view{} : qualifiers_raw.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        if (eq == std::string_view::npos) {
            return std::unexpected("the qualifier " + quote_input(pair) + " has no '='");
        }
        std::string key = lowered(pair.substr(0, eq));
        if (key.empty() || !is_alpha(key[0]) || !std::all_of(key.begin(), key.end(), [](char c) {
                return is_alpha(c) || is_digit(c) || c == '.' || c == '-' || c == '_';
            })) {
            return std::unexpected("the qualifier key " + quote_input(key) +
                                   " is not a letter followed by letters, digits, '.', '-' or '_'");
        }
        auto value = decode(pair.substr(eq + 1));
        if (!value) {
            return std::unexpected("the value of qualifier " + quote_input(key) +
                                   " has a malformed percent-escape");
        }
        if (value->empty()) continue;
        p.qualifiers.emplace_back(std::move(key), std::move(*value));
    }
    std::sort(p.qualifiers.begin(), p.qualifiers.end());
    // Repeats found after sorting: a check per pair would be quadratic in hostile input.
    const auto repeat =
        std::adjacent_find(p.qualifiers.begin(), p.qualifiers.end(),
                           [](const auto& a, const auto& b) { return a.first == b.first; });
    if (repeat != p.qualifiers.end()) {
        return std::unexpected("the qualifier " + quote_input(repeat->first) + " is repeated");
    }

    // Subpath: empty, "." and ".." segments dropped.
    while (!subpath_raw.empty()) {
        const auto cut = subpath_raw.find('/');
        const std::string_view seg = subpath_raw.substr(0, cut);
        subpath_raw =
            cut == std::string_view::npos ? std::string_view{} : subpath_raw.substr(cut + 1);
        auto s = decode(seg);
        if (!s) return std::unexpected("the subpath has a malformed percent-escape");
        if (s->empty() || *s == "." || *s == "..") continue;
        if (s->find('/') != std::string::npos) {
            return std::unexpected("a subpath segment contains an encoded '/'");
        }
        if (!p.subpath.empty()) p.subpath += '/';
        p.subpath += *s;
    }

    // Type-specific rules.
    if (const TypeRule* rule = rule_for(p.type)) {
        if (rule->ns == Namespace::kRequired && p.ns.empty()) {
            return std::unexpected("a " + p.type + " package URL needs a namespace");
        }
        if (rule->ns == Namespace::kProhibited && !p.ns.empty()) {
            return std::unexpected("a " + p.type + " package URL has no namespace, but " +
                                   quote_input(p.ns) + " is given");
        }
        if (rule->lower_ns) lower_in_place(p.ns);
        if (rule->lower_name) lower_in_place(p.name);
        if (rule->lower_version) lower_in_place(p.version);
    }
    if (p.type == "pypi") std::replace(p.name.begin(), p.name.end(), '_', '-');
    return p;
}

std::string package_string(const Purl& purl) {
    std::string out;
    out.reserve(8 + purl.type.size() + purl.ns.size() + purl.name.size() + purl.version.size());
    out += "pkg:";
    out += purl.type;
    out += '/';
    std::string_view ns = purl.ns;
    while (!ns.empty()) {
        const auto cut = ns.find('/');
        const std::string_view seg = ns.substr(0, cut);
        ns = cut == std::string_view::npos ? std::string_view{} : ns.substr(cut + 1);
        if (seg.empty()) continue;
        encode_to(out, seg);
        out += '/';
    }
    encode_to(out, purl.name);
    return out;
}

std::string to_string(const Purl& purl) {
    std::string out = package_string(purl);
    if (!purl.version.empty()) {
        out += '@';
        encode_to(out, purl.version);
    }
    // Parsed purls have their qualifiers sorted already; built ones may not.
    const bool sorted = std::is_sorted(purl.qualifiers.begin(), purl.qualifiers.end());
    auto sorted_copy = sorted ? decltype(purl.qualifiers){} : purl.qualifiers;
    std::sort(sorted_copy.begin(), sorted_copy.end());
    const auto& qualifiers = sorted ? purl.qualifiers : sorted_copy;
    char sep = '?';
    for (const auto& [k, v] : qualifiers) {
        if (v.empty()) continue;
        out += sep;
        for (char c : k) out += to_lower(c);
        out += '=';
        encode_to(out, v);
        sep = '&';
    }
    sep = '#';
    std::string_view sub = purl.subpath;
    while (!sub.empty()) {
        const auto cut = sub.find('/');
        const std::string_view seg = sub.substr(0, cut);
        sub = cut == std::string_view::npos ? std::string_view{} : sub.substr(cut + 1);
        if (seg.empty() || seg == "." || seg == "..") continue;
        out += sep;
        encode_to(out, seg);
        sep = '/';
    }
    return out;
}

std::optional<OsvPackage> osv_package(const Purl& p) {
    const std::string_view t = p.type;
    auto plain = [&](std::string_view ecosystem) {
        return OsvPackage{std::string(ecosystem), {}, p.name};
    };
    if (t == "maven") {
        if (p.ns.empty()) return std::nullopt;
        return OsvPackage{"Maven", {}, p.ns + ":" + p.name};
    }
    if (t == "npm") return OsvPackage{"npm", {}, joined(p, '/')};
    if (t == "pypi") return plain("PyPI");
    if (t == "golang") return OsvPackage{"Go", {}, joined(p, '/')};
    if (t == "cargo") return plain("crates.io");
    if (t == "nuget") return plain("NuGet");
    if (t == "gem") return plain("RubyGems");
    if (t == "composer") return OsvPackage{"Packagist", {}, joined(p, '/')};
    if (t == "pub") return plain("Pub");
    if (t == "hex") return plain("Hex");  // a namespace is a private organisation, not the name
    if (t == "cran") return plain("CRAN");
    if (t == "hackage") return plain("Hackage");
    if (t == "swift") return OsvPackage{"SwiftURL", {}, joined(p, '/')};
    if (t == "bitnami") return plain("Bitnami");
    if (t == "conan") return plain("ConanCenter");
    if (t == "julia") return plain("Julia");
    if (t == "opam") return plain("opam");
    // OSV's only ecosystem for GitHub repositories; a repository an SBOM names by a github purl
    // is, in practice, an action a workflow uses.
    if (t == "github" || t == "githubactions") {
        if (p.ns.empty()) return std::nullopt;
        return OsvPackage{"GitHub Actions", {}, p.ns + "/" + p.name};
    }
    if (t == "vscode-extension") {
        if (p.ns.empty()) return std::nullopt;
        return OsvPackage{"VSCode", {}, p.ns + "." + p.name};
    }
    std::string_view ecosystem;
    if (t == "deb") {
        if (p.ns == "debian") ecosystem = "Debian";
        if (p.ns == "ubuntu") ecosystem = "Ubuntu";
    } else if (t == "apk") {
        if (p.ns == "alpine") ecosystem = "Alpine";
        if (p.ns == "wolfi") ecosystem = "Wolfi";
        if (p.ns == "chainguard") ecosystem = "Chainguard";
    } else if (t == "rpm") {
        if (p.ns == "redhat") ecosystem = "Red Hat";
        if (p.ns == "rocky") ecosystem = "Rocky Linux";
        if (p.ns == "almalinux") ecosystem = "AlmaLinux";
        if (p.ns == "suse") ecosystem = "SUSE";
        if (p.ns == "opensuse") ecosystem = "openSUSE";
    }
    if (ecosystem.empty()) return std::nullopt;
    // Red Hat advisories name binary RPMs too; the others name source packages.
    std::string name = ecosystem == "Red Hat" ? p.name : source_package(p);
    return OsvPackage{std::string(ecosystem), release_of(ecosystem, p), std::move(name)};
}

std::string normalize_package_name(std::string_view ecosystem, std::string_view name) {
    const std::string_view base = ecosystem.substr(0, ecosystem.find(':'));
    if (base == "PyPI") {
        // PEP 503: runs of '-', '_' and '.' become one '-'; lower case.
        std::string out;
        out.reserve(name.size());
        bool in_run = false;
        for (char c : name) {
            if (c == '-' || c == '_' || c == '.') {
                if (!in_run) out += '-';
                in_run = true;
            } else {
                out += to_lower(c);
                in_run = false;
            }
        }
        return out;
    }
    if (base == "npm" || base == "NuGet" || base == "Packagist" || base == "Pub" ||
        base == "Debian" || base == "Ubuntu" || base == "Alpine" || base == "Wolfi" ||
        base == "Chainguard") {
        return lowered(name);
    }
    if (base == "SwiftURL") {
        // OSV records write "github.com/owner/repo"; some tools a full Git URL.
        std::string_view n = name;
        for (std::string_view scheme : {"https://", "http://"}) {
            if (n.size() > scheme.size() && iequals(n.substr(0, scheme.size()), scheme)) {
                n.remove_prefix(scheme.size());
            }
        }
        if (n.ends_with(".git")) n.remove_suffix(4);
        return std::string(n);
    }
    return std::string(name);
}

}  // namespace wasp::vuln
