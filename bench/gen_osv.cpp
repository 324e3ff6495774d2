// Writes a synthetic OSV advisory database and SBOMs for the vulnerability benchmarks: one all.zip
// per ecosystem in OSV.dev's layout, CycloneDX 1.5 SBOMs whose components draw on the generated
// packages, and a list of vulnerability ids to ask "are we affected?" about.
//
//   gen_osv --out DIR [--scale F] [--sboms N] [--components M] [--seed N] [--level 0-9]
//           [--threads N]
//
// DIR/osv/<ecosystem>/all.zip: one <ID>.json per advisory, pretty-printed as OSV.dev exports
// them, deflate-compressed. At --scale 1 (the default) the sizes follow the real exports' order
// of magnitude: npm 20,000 records, PyPI 15,000, Maven 5,000, Go 5,000, crates.io 2,000,
// RubyGems 1,000, NuGet 1,000, Packagist 4,000, Debian (releases 11 and 12) 40,000, Alpine
// (v3.18 and v3.19) 5,000. Shapes follow the sources: GHSA records with CVE aliases, PYSEC and
// GO records aliasing GHSA records of the same vulnerability (so aliases merge), RUSTSEC,
// DEBIAN-CVE / DSA / DLA and ALPINE-CVE records naming their CVEs as "upstream"; several
// affected entries, several ranges and introduced/fixed pairs, introduced "0", last_affected,
// unfixed entries, events out of order (about 2 %), explicit versions lists (PyPI, Go), GIT
// ranges, withdrawn records (about 1 %), CVSS 3.1 and some CVSS 4.0 vectors, and details text of
// a few hundred bytes to a few KB. Advisories are skewed over packages: Debian's Linux kernel
// carries thousands of records, most packages a few.
//
// DIR/sboms/sbom-NNNN.cdx.json: CycloneDX 1.5 JSON as cdxgen writes it (bom-ref, group, name,
// version, type, scope, purl, licenses, hashes, properties; some nested components; the
// dependency graph). About 20 % of the components are packages with advisories, at versions
// inside and outside their affected ranges; the rest come from a pool of packages without any.
// Many SBOMs describe container images: Debian or Alpine packages beside the application's.
//
// DIR/queries.txt: 20 vulnerability ids (CVE aliases and source ids) of packages the SBOMs use
// most, for the "affected" query benchmark.
//
// The same arguments give the same files, whatever the number of threads.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

#include <zip.h>

namespace {

namespace fs = std::filesystem;

// splitmix64: fast, and deterministic on every platform (unlike the standard distributions).
class Rng {
  public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
    // Inclusive.
    std::size_t between(std::size_t lo, std::size_t hi) { return lo + below(hi - lo + 1); }
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    bool chance(double p) { return unit() < p; }
    // Skewed towards 0: index 0 is the most popular. Larger a, heavier head.
    std::size_t skewed(std::size_t n, double a) {
        if (n == 0) return 0;
        auto i = static_cast<std::size_t>(static_cast<double>(n) * std::pow(unit(), a));
        return std::min(i, n - 1);
    }
    template <typename T>
    const T& pick(const std::vector<T>& v) {
        return v[below(v.size())];
    }

  private:
    std::uint64_t state_;
};

std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
    Rng r(a * 0x2545F4914F6CDD1DULL + b);
    return r.next();
}

std::uint64_t hash_of(std::string_view s) {
    std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    return h;
}

// ---------------------------------------------------------------------------------------------
// Words

const std::vector<std::string> kTech = {
    "json",    "parser",    "http",      "client",   "server",    "router",   "auth",
    "token",   "yaml",      "xml",       "crypto",   "stream",    "buffer",   "cache",
    "logger",  "config",    "utils",     "core",     "common",    "async",    "promise",
    "request", "express",   "react",     "vue",      "webpack",   "babel",    "lint",
    "plugin",  "loader",    "transform", "glob",     "path",      "url",      "query",
    "string",  "template",  "markdown",  "sanitize", "html",      "css",      "image",
    "upload",  "file",      "zip",       "tar",      "archive",   "compress", "session",
    "cookie",  "cors",      "proxy",     "socket",   "websocket", "graphql",  "rest",
    "api",     "sdk",       "cli",       "shell",    "exec",      "process",  "spawn",
    "sql",     "mysql",     "postgres",  "mongo",    "redis",     "orm",      "model",
    "schema",  "validator", "form",      "date",     "time",      "color",    "debug",
    "trace",   "metrics",   "kafka",     "queue",    "worker",    "job",      "scheduler",
    "cron",    "mail",      "smtp",      "ldap",     "oauth",     "jwt",      "saml",
    "ssh",     "tls",       "cert",      "pdf",      "excel",     "csv",      "serialize",
    "pickle",  "protobuf",  "grpc",      "thrift",   "avro",      "netty",    "jackson",
    "spring",  "struts",    "tomcat",    "jetty",    "hibernate", "guava",    "bouncy",
    "xstream", "snake",     "minimist",  "semver",   "moment",    "axios",    "fetch",
    "node",    "browser",   "dom",       "svg",      "canvas",    "chart",    "grid",
    "table",   "editor",    "storage",   "bucket",   "blob",      "s3",       "vault",
    "secret",  "policy",    "rbac",      "acl",      "gateway",   "mesh",     "envoy",
    "kube",    "helm",      "docker",    "image",    "build",     "bundle",   "pack",
    "test",    "mock",      "assert",    "bench",    "fuzz",      "regex",    "glob",
    "unicode", "punycode",  "idna",      "base64",   "hex",       "hash",     "digest",
    "sign",    "verify",    "cipher",    "random",   "uuid",      "nano",     "micro",
    "fast",    "tiny",      "simple",    "easy",     "smart",     "super",    "ultra",
    "open",    "free",      "lite",      "pro",      "next",      "nuxt",     "vite",
    "rollup",  "esbuild",   "swc",       "terser",   "uglify",    "sass",     "less",
    "postcss", "tailwind",  "bootstrap", "jquery",   "angular",   "ember",    "svelte",
};

const std::vector<std::string> kProse = {
    "the",
    "a",
    "an",
    "attacker",
    "remote",
    "local",
    "user",
    "request",
    "response",
    "input",
    "value",
    "header",
    "field",
    "parameter",
    "payload",
    "function",
    "method",
    "library",
    "package",
    "version",
    "versions",
    "prior",
    "before",
    "after",
    "allows",
    "could",
    "may",
    "can",
    "does",
    "not",
    "properly",
    "validate",
    "sanitize",
    "escape",
    "check",
    "handle",
    "crafted",
    "malicious",
    "specially",
    "untrusted",
    "arbitrary",
    "code",
    "execution",
    "denial",
    "of",
    "service",
    "memory",
    "exhaustion",
    "buffer",
    "overflow",
    "read",
    "write",
    "out-of-bounds",
    "heap",
    "stack",
    "pointer",
    "dereference",
    "leading",
    "to",
    "in",
    "when",
    "if",
    "with",
    "by",
    "via",
    "through",
    "from",
    "for",
    "and",
    "or",
    "this",
    "that",
    "which",
    "is",
    "are",
    "was",
    "be",
    "been",
    "issue",
    "vulnerability",
    "flaw",
    "bug",
    "fix",
    "patch",
    "release",
    "upgrade",
    "users",
    "applications",
    "configuration",
    "default",
    "enabled",
    "disabled",
    "option",
    "setting",
    "server",
    "client",
    "connection",
    "session",
    "token",
    "credentials",
    "authentication",
    "authorization",
    "bypass",
    "access",
    "control",
    "restriction",
    "sensitive",
    "information",
    "disclosure",
    "exposure",
    "log",
    "file",
    "path",
    "directory",
    "traversal",
    "injection",
    "command",
    "query",
    "expression",
    "regular",
    "backtracking",
    "catastrophic",
    "performance",
    "loop",
    "infinite",
    "recursion",
    "depth",
    "limit",
    "size",
    "length",
    "large",
    "small",
    "certain",
    "specific",
    "some",
    "all",
    "any",
    "other",
    "their",
    "its",
    "it",
    "on",
    "at",
    "as",
    "result",
    "cause",
    "causing",
    "process",
    "crash",
    "hang",
    "consume",
    "resources",
    "unexpected",
    "behavior",
    "state",
    "object",
    "prototype",
    "pollution",
    "property",
    "key",
    "merge",
    "deep",
    "clone",
    "parse",
    "parsing",
    "decode",
    "encoding",
    "character",
};

struct VulnType {
    std::string_view summary;  // "{}" is the package
    std::string_view cwe;
};
const std::vector<VulnType> kVulnTypes = {
    {"Prototype Pollution in {}", "CWE-1321"},
    {"Regular Expression Denial of Service in {}", "CWE-1333"},
    {"Cross-site Scripting in {}", "CWE-79"},
    {"Path Traversal in {}", "CWE-22"},
    {"Improper Input Validation in {}", "CWE-20"},
    {"Remote Code Execution in {}", "CWE-94"},
    {"Deserialization of Untrusted Data in {}", "CWE-502"},
    {"SQL Injection in {}", "CWE-89"},
    {"Server-Side Request Forgery in {}", "CWE-918"},
    {"Uncontrolled Resource Consumption in {}", "CWE-400"},
    {"Out-of-bounds Write in {}", "CWE-787"},
    {"Use After Free in {}", "CWE-416"},
    {"Improper Certificate Validation in {}", "CWE-295"},
    {"Exposure of Sensitive Information in {}", "CWE-200"},
    {"Open Redirect in {}", "CWE-601"},
    {"XML External Entity Reference in {}", "CWE-611"},
    {"OS Command Injection in {}", "CWE-78"},
    {"Missing Authorization in {}", "CWE-862"},
    {"Cross-Site Request Forgery in {}", "CWE-352"},
    {"Integer Overflow in {}", "CWE-190"},
    {"NULL Pointer Dereference in {}", "CWE-476"},
    {"Infinite loop in {}", "CWE-835"},
    {"Improper Authentication in {}", "CWE-287"},
    {"HTTP Request Smuggling in {}", "CWE-444"},
    {"Observable Timing Discrepancy in {}", "CWE-208"},
};

const std::vector<std::string> kLicenses = {
    "MIT",          "MIT",     "Apache-2.0",        "Apache-2.0",   "BSD-3-Clause", "ISC",
    "BSD-2-Clause", "MPL-2.0", "LGPL-2.1-or-later", "GPL-2.0-only", "EPL-2.0"};

std::string capital(std::string s) {
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

std::string hex(Rng& rng, std::size_t n) {
    static constexpr std::string_view kHex = "0123456789abcdef";
    std::string out(n, '0');
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (i % 16 == 0) bits = rng.next();
        out[i] = kHex[bits & 0xF];
        bits >>= 4;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Pretty JSON as Python's json.dump(indent=2) writes it, which is how OSV.dev's exports and
// cdxgen's SBOMs look.

class JsonOut {
  public:
    explicit JsonOut(std::string& out) : out_(out) {}
    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }
    void key(std::string_view k) {
        before_value();
        quoted(k);
        out_ += ": ";
        after_key_ = true;
    }
    void string(std::string_view v) {
        before_value();
        quoted(v);
    }
    void literal(std::string_view v) {
        before_value();
        out_ += v;
    }
    void field(std::string_view k, std::string_view v) {
        key(k);
        string(v);
    }
    void strings(std::string_view k, const std::vector<std::string>& v) {
        key(k);
        begin_array();
        for (const auto& s : v) string(s);
        end_array();
    }

  private:
    void open(char c) {
        before_value();
        out_ += c;
        items_.push_back(false);
    }
    void close(char c) {
        const bool had = items_.back();
        items_.pop_back();
        if (had) newline();
        out_ += c;
    }
    void newline() {
        out_ += '\n';
        out_.append(2 * items_.size(), ' ');
    }
    void before_value() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        if (items_.empty()) return;
        if (items_.back()) out_ += ',';
        items_.back() = true;
        newline();
    }
    void quoted(std::string_view s) {
        out_ += '"';
        for (char c : s) {
            switch (c) {
                case '"':
                    out_ += "\\\"";
                    break;
                case '\\':
                    out_ += "\\\\";
                    break;
                case '\n':
                    out_ += "\\n";
                    break;
                default:
                    if (static_cast<unsigned char>(c) < 0x20) {
                        char buf[8];
                        std::snprintf(buf, sizeof buf, "\\u%04x", c);
                        out_ += buf;
                    } else {
                        out_ += c;
                    }
            }
        }
        out_ += '"';
    }

    std::string& out_;
    std::vector<bool> items_;
    bool after_key_ = false;
};

// PEP 503: runs of '-', '_' and '.' become one '-'; lower case.
std::string pep503(std::string_view name) {
    std::string out;
    for (char c : name) {
        if (c == '-' || c == '_' || c == '.') {
            if (out.empty() || out.back() != '-') out += '-';
        } else {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Ecosystems, packages and their versions

enum class Eco {
    kNpm,
    kPyPI,
    kMaven,
    kGo,
    kCrates,
    kRubyGems,
    kNuGet,
    kPackagist,
    kDebian,
    kAlpine
};

struct EcoInfo {
    Eco eco;
    std::string_view osv;  // the ecosystem as OSV names it (without release)
    std::size_t records;   // at scale 1
    double packages;       // packages with advisories per record
    double skew;           // popularity skew of advisories over packages
};

const std::vector<EcoInfo> kEcos = {
    {Eco::kNpm, "npm", 20000, 0.45, 1.8},         {Eco::kPyPI, "PyPI", 15000, 0.30, 1.8},
    {Eco::kMaven, "Maven", 5000, 0.40, 1.8},      {Eco::kGo, "Go", 5000, 0.35, 1.8},
    {Eco::kCrates, "crates.io", 2000, 0.50, 1.6}, {Eco::kRubyGems, "RubyGems", 1000, 0.45, 1.6},
    {Eco::kNuGet, "NuGet", 1000, 0.40, 1.6},      {Eco::kPackagist, "Packagist", 4000, 0.35, 1.8},
    {Eco::kDebian, "Debian", 40000, 0.06, 3.0},   {Eco::kAlpine, "Alpine", 5000, 0.15, 2.2},
};

// Well-known names first: they get the most advisories, as in the real data.
const std::map<Eco, std::vector<std::string>> kFamous = {
    {Eco::kNpm, {"next", "electron", "lodash", "@babel/traverse", "axios", "jsonwebtoken"}},
    {Eco::kPyPI, {"tensorflow", "Django", "apache-airflow", "Pillow", "mlflow", "jinja2"}},
    {Eco::kMaven,
     {"org.apache.tomcat.embed:tomcat-embed-core", "com.fasterxml.jackson.core:jackson-databind",
      "org.springframework:spring-web", "org.apache.logging.log4j:log4j-core"}},
    {Eco::kGo,
     {"stdlib", "toolchain", "golang.org/x/net", "golang.org/x/crypto",
      "github.com/hashicorp/vault", "k8s.io/kubernetes"}},
    {Eco::kCrates, {"tokio", "hyper", "openssl", "smallvec"}},
    {Eco::kRubyGems, {"rails", "actionpack", "nokogiri", "rack"}},
    {Eco::kNuGet,
     {"Microsoft.AspNetCore.App.Runtime.linux-x64", "System.Text.Json", "Newtonsoft.Json"}},
    {Eco::kPackagist, {"pimcore/pimcore", "microweber/microweber", "symfony/http-kernel"}},
    {Eco::kDebian,
     {"linux",    "chromium",   "firefox-esr", "thunderbird", "imagemagick", "openjdk-17", "qemu",
      "tiff",     "openssl",    "curl",        "glibc",       "systemd",     "libxml2",    "vim",
      "binutils", "python3.11", "ffmpeg",      "gnutls28",    "sqlite3",     "krb5"}},
    {Eco::kAlpine, {"openssl", "curl", "busybox", "musl", "libxml2", "zlib", "expat", "sqlite"}},
};

struct Package {
    std::string name;                   // as OSV writes it
    std::vector<std::string> versions;  // ascending in the ecosystem's order
    bool epoch = false;                 // Debian versions carry an epoch
    // Ladder intervals [lo, hi) that some advisory affects: the SBOMs pick versions in and out.
    std::vector<std::pair<std::uint16_t, std::uint16_t>> affected;
    std::vector<std::uint32_t> records;
};

std::string pypi_name(Rng& rng) {
    const auto& a = rng.pick(kTech);
    const auto& b = rng.pick(kTech);
    switch (rng.below(8)) {
        case 0:
            return a;
        case 1:
            return "py" + a;
        case 2:
            return "django-" + a;
        case 3:
            return "flask-" + a;
        case 4:
            return capital(a) + "_" + capital(b);  // the SBOM writes it PEP 503-normalised
        case 5:
            return a + "." + b;
        default:
            return a + "-" + b;
    }
}

std::string make_name(Eco eco, Rng& rng) {
    const auto& a = rng.pick(kTech);
    const auto& b = rng.pick(kTech);
    const auto& c = rng.pick(kTech);
    switch (eco) {
        case Eco::kNpm:
            switch (rng.below(10)) {
                case 0:
                case 1:
                    return a + "-" + b;
                case 2:
                    return a;
                case 3:
                    return a + "-" + b + "-" + c;
                case 4:
                case 5:
                    return "@" + a + "/" + b + "-" + c;
                case 6:
                    return "@" + a + "js/" + b;
                default:
                    return a + b;
            }
        case Eco::kPyPI:
            return pypi_name(rng);
        case Eco::kMaven: {
            static const std::vector<std::string> kOrgs = {"org.apache.", "com.", "io.",
                                                           "org.",        "net.", "com.github."};
            std::string group = rng.pick(kOrgs) + a + (rng.chance(0.4) ? "." + b : "");
            std::string artifact =
                rng.chance(0.5) ? b + "-" + c : (rng.chance(0.5) ? b + "-core" : b);
            return group + ":" + artifact;
        }
        case Eco::kGo:
            switch (rng.below(8)) {
                case 0:
                    return "k8s.io/" + a + "-" + b;
                case 1:
                    return "go.opentelemetry.io/" + a + "/" + b;
                case 2:
                    return "gopkg.in/" + a + ".v" + std::to_string(rng.between(1, 3));
                case 3:
                    return "github.com/" + a + b + "/" + c + "/v" +
                           std::to_string(rng.between(2, 5));
                default:
                    return "github.com/" + a + (rng.chance(0.5) ? "hq" : "-io") + "/" + b + "-" + c;
            }
        case Eco::kCrates:
            switch (rng.below(4)) {
                case 0:
                    return a;
                case 1:
                    return a + "_" + b;
                case 2:
                    return "tokio-" + a;
                default:
                    return a + "-" + b;
            }
        case Eco::kRubyGems:
            switch (rng.below(4)) {
                case 0:
                    return a;
                case 1:
                    return a + "_" + b;
                case 2:
                    return a + "-rails";
                default:
                    return "rack-" + a;
            }
        case Eco::kNuGet:
            switch (rng.below(4)) {
                case 0:
                    return "Microsoft." + capital(a) + "." + capital(b);
                case 1:
                    return "System." + capital(a) + "." + capital(b);
                case 2:
                    return capital(a) + capital(b) + "Sharp";
                default:
                    return capital(a) + "." + capital(b);
            }
        case Eco::kPackagist:
            switch (rng.below(3)) {
                case 0:
                    return a + "/" + b;
                case 1:
                    return a + "/" + b + "-bundle";
                default:
                    return a + "/" + b + "-" + c;
            }
        case Eco::kDebian:
            switch (rng.below(8)) {
                case 0:
                case 1:
                    return a;
                case 2:
                    return "lib" + a;
                case 3:
                    return "lib" + a + "-" + b;
                case 4:
                    return "python-" + a;
                case 5:
                    return "node-" + a;
                case 6:
                    return "golang-" + a + "-" + b;
                default:
                    return a + "-" + b;
            }
        case Eco::kAlpine:
            switch (rng.below(4)) {
                case 0:
                    return a;
                case 1:
                    return "lib" + a;
                case 2:
                    return "py3-" + a;
                default:
                    return a + "-" + b;
            }
    }
    return a;
}

// The ecosystem's way of writing a version and its pre-releases.
std::vector<std::string> make_ladder(Eco eco, Rng& rng, std::string_view name) {
    std::vector<std::string> out;
    if (eco == Eco::kGo && (name == "stdlib" || name == "toolchain")) {
        for (int minor = 14; minor <= 23; ++minor) {
            const int patches = minor == 23 ? 4 : 13;
            for (int p = 0; p <= patches; ++p) {
                out.push_back("1." + std::to_string(minor) + "." + std::to_string(p));
            }
        }
        return out;
    }
    const std::size_t n = rng.between(12, 48);
    std::size_t major = rng.chance(0.3) ? 0 : (rng.chance(0.6) ? 1 : rng.between(2, 6));
    std::size_t minor = rng.below(6), patch = rng.below(3);
    const bool final_suffix = eco == Eco::kMaven && rng.chance(0.1);
    const bool two_part = eco == Eco::kPyPI && rng.chance(0.3);
    const bool four_part = eco == Eco::kRubyGems && rng.chance(0.3);
    const std::string epoch = eco == Eco::kDebian && rng.chance(0.1) ? "1:" : "";
    auto base = [&] {
        std::string v = std::to_string(major) + "." + std::to_string(minor);
        if (!two_part || patch != 0) v += "." + std::to_string(patch);
        return v;
    };
    while (out.size() < n) {
        const double r = rng.unit();
        const bool fresh = r >= 0.62;
        if (r < 0.62) {
            ++patch;
        } else if (r < 0.92) {
            ++minor;
            patch = 0;
        } else {
            ++major;
            minor = 0;
            patch = 0;
        }
        const std::string v = base();
        if (fresh && rng.chance(0.15)) {  // a pre-release before the new line
            switch (eco) {
                case Eco::kNpm:
                case Eco::kCrates:
                    out.push_back(v + (rng.chance(0.5) ? "-rc.1" : "-beta.2"));
                    break;
                case Eco::kNuGet:
                    out.push_back(v + "-preview.1");
                    break;
                case Eco::kPackagist:
                    out.push_back(v + "-RC1");
                    break;
                case Eco::kRubyGems:
                    out.push_back(v + ".rc1");
                    break;
                case Eco::kPyPI:
                    out.push_back(v + (rng.chance(0.5) ? "rc1" : "b2"));
                    break;
                case Eco::kMaven:
                    out.push_back(v + (rng.chance(0.5) ? "-RC1" : "-M1"));
                    break;
                default:
                    break;
            }
        }
        switch (eco) {
            case Eco::kMaven:
                out.push_back(final_suffix ? v + ".Final" : v);
                break;
            case Eco::kPyPI:
                out.push_back(v);
                if (rng.chance(0.05)) out.push_back(v + ".post1");
                break;
            case Eco::kRubyGems:
                out.push_back(v);
                if (four_part && rng.chance(0.3)) out.push_back(v + ".1");
                break;
            case Eco::kDebian: {
                const std::string d = epoch + v + "-" + std::to_string(rng.between(1, 3));
                out.push_back(d);
                if (rng.chance(0.3)) {
                    out.push_back(d + "+deb11u1");
                    if (rng.chance(0.4)) out.push_back(d + "+deb11u2");
                }
                if (rng.chance(0.3)) out.push_back(d + "+deb12u1");
                break;
            }
            case Eco::kAlpine:
                out.push_back(v + "-r0");
                if (rng.chance(0.4)) out.push_back(v + "-r1");
                break;
            default:
                out.push_back(v);
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Advisory records

enum class Source { kGhsa, kPysec, kGo, kRustsec, kDebianCve, kDsa, kDla, kAlpine };

// An introduced/fixed pair on a package's version ladder; -1: introduced "0" / no end.
struct Interval {
    int intro = -1;
    int end = -1;
    bool last_affected = false;
};

struct AffectedModel {
    std::string ecosystem;  // with release for Debian and Alpine
    std::uint32_t package = 0;
    std::vector<Interval> lines;
    bool in_one_range = true;  // several lines as pairs of one range (else one range each)
};

struct RecordModel {
    std::string id;
    Source source = Source::kGhsa;
    int year = 2020;
    std::vector<std::string> aliases, upstream;
    std::vector<AffectedModel> affected;
    bool withdrawn = false;
    bool unordered = false;  // events written out of order
    std::uint64_t seed = 0;  // for the text, drawn when rendering
};

struct EcoData {
    EcoInfo info;
    std::vector<Package> vulnerable;  // packages with advisories (some may end up with none)
    std::vector<Package> clean;       // packages without any
    std::vector<RecordModel> records;
    std::vector<std::uint32_t> used;  // vulnerable packages with at least one live record
    // Rendered output
    std::uint64_t json_bytes = 0, zip_bytes = 0;
};

class Ids {
  public:
    explicit Ids(Rng& rng) : rng_(rng) {}
    int year() {
        // More advisories every year, as in the real databases.
        const std::size_t r = rng_.below(55);  // weights 1..10 for 2017..2026
        int y = 2017;
        for (std::size_t acc = 1, w = 1; acc <= r; acc += ++w) ++y;
        return std::min(y, 2026);
    }
    std::string cve(int y) {
        auto& n = cve_[y];
        if (n == 0) n = 1000 + rng_.below(2000);
        n += rng_.between(1, 6);
        auto id = "CVE-" + std::to_string(y) + "-" + std::to_string(n);
        all_cves_.push_back(id);
        return id;
    }
    std::string ghsa() {
        static constexpr std::string_view kAlphabet = "23456789cfghjmpqrvwx";
        for (;;) {
            std::string id = "GHSA-";
            for (int i = 0; i < 12; ++i) {
                if (i == 4 || i == 8) id += '-';
                id += kAlphabet[rng_.below(kAlphabet.size())];
            }
            if (ghsa_.insert(id).second) return id;
        }
    }
    std::string pysec(int y) {
        return "PYSEC-" + std::to_string(y) + "-" + std::to_string(++pysec_[y]);
    }
    std::string rustsec(int y) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "RUSTSEC-%d-%04zu", y, ++rustsec_[y]);
        return buf;
    }
    std::string go(int y) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "GO-%d-%04zu", y, ++go_);
        return buf;
    }
    std::string dsa() {
        return "DSA-" + std::to_string(++dsa_) + "-" + std::to_string(rng_.between(1, 2));
    }
    std::string dla() { return "DLA-" + std::to_string(++dla_) + "-1"; }
    // A CVE some language ecosystem's advisory already names (a library also packaged by the
    // distribution), or a new one.
    std::string distro_cve(int y) {
        if (!all_cves_.empty() && rng_.chance(0.1)) return all_cves_[rng_.below(all_cves_.size())];
        return cve(y);
    }

  private:
    Rng& rng_;
    std::map<int, std::size_t> cve_, pysec_, rustsec_;
    std::size_t go_ = 0, dsa_ = 4500, dla_ = 2500;
    std::unordered_set<std::string> ghsa_;
    std::vector<std::string> all_cves_;
};

// Where an advisory's ranges sit on a ladder of n versions.
std::vector<Interval> make_lines(Rng& rng, Eco eco, std::size_t n) {
    auto late = [&](std::size_t lo) {  // fixes come late in a package's history
        const std::size_t span = n - lo;
        return static_cast<int>(
            lo + std::min(span - 1, static_cast<std::size_t>(static_cast<double>(span) *
                                                             std::sqrt(rng.unit()))));
    };
    // A distribution tracks every CVE of a package over its whole history: fixes anywhere on the
    // ladder, some not fixed yet.
    if (eco == Eco::kAlpine) return {{-1, static_cast<int>(rng.between(1, n - 1)), false}};
    if (eco == Eco::kDebian) {
        if (rng.chance(0.08)) return {{-1, -1, false}};
        return {{-1, static_cast<int>(rng.between(1, n - 1)), false}};
    }
    const double r = rng.unit();
    if (r < 0.50) return {{-1, late(1), false}};
    if (r < 0.67) {
        const int f = late(2);
        return {{static_cast<int>(rng.between(1, static_cast<std::size_t>(f - 1))), f, false}};
    }
    if (r < 0.77 && n >= 8) {  // several release lines, each fixed
        const std::size_t k = rng.between(2, 3);
        std::set<std::size_t> cuts;
        while (cuts.size() < 2 * k - 1) cuts.insert(rng.between(1, n - 1));
        std::vector<std::size_t> c(cuts.begin(), cuts.end());
        std::vector<Interval> out;
        out.push_back({-1, static_cast<int>(c[0]), false});
        for (std::size_t i = 1; i + 1 < c.size(); i += 2) {
            out.push_back({static_cast<int>(c[i]), static_cast<int>(c[i + 1]), false});
        }
        return out;
    }
    if (r < 0.85) {
        const int l = late(1);
        return {{rng.chance(0.5) ? -1 : static_cast<int>(rng.below(static_cast<std::size_t>(l))), l,
                 true}};
    }
    if (r < 0.92) return {{-1, -1, false}};  // every version, no fix
    return {{static_cast<int>(rng.between(1, n - 1)), -1, false}};
}

void note_lines(Package& p, const std::vector<Interval>& lines) {
    for (const auto& l : lines) {
        const auto lo = static_cast<std::uint16_t>(l.intro < 0 ? 0 : l.intro);
        const auto hi = static_cast<std::uint16_t>(l.end < 0 ? p.versions.size()
                                                             : static_cast<std::size_t>(l.end) +
                                                                   (l.last_affected ? 1 : 0));
        if (lo < hi) p.affected.emplace_back(lo, hi);
    }
}

void make_packages(EcoData& d, Rng& rng, std::size_t records) {
    const Eco eco = d.info.eco;
    std::unordered_set<std::string> seen;
    auto fresh = [&](std::vector<Package>& pool, std::string name) {
        // Names the ecosystem would take for the same package count once ("Flask_Login" and
        // "flask-login" in PyPI, case in npm or NuGet).
        std::string key = eco == Eco::kPyPI ? pep503(name) : name;
        for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!seen.insert(std::move(key)).second) return false;
        Package p;
        p.name = std::move(name);
        Rng lr(mix(hash_of(p.name), static_cast<std::uint64_t>(eco)));
        p.versions = make_ladder(eco, lr, p.name);
        pool.push_back(std::move(p));
        return true;
    };
    const auto want = std::max<std::size_t>(
        20, static_cast<std::size_t>(static_cast<double>(records) * d.info.packages));
    if (auto it = kFamous.find(eco); it != kFamous.end()) {
        for (const auto& n : it->second) fresh(d.vulnerable, n);
    }
    while (d.vulnerable.size() < want) fresh(d.vulnerable, make_name(eco, rng));
    const std::size_t clean = std::max<std::size_t>(1500, want / 2);
    for (std::size_t tries = 0; d.clean.size() < clean && tries < clean * 20; ++tries) {
        fresh(d.clean, make_name(eco, rng));
    }
}

AffectedModel affected_entry(Rng& rng, EcoData& d, std::uint32_t pkg, std::string ecosystem) {
    AffectedModel a;
    a.ecosystem = std::move(ecosystem);
    a.package = pkg;
    Package& p = d.vulnerable[pkg];
    a.lines = make_lines(rng, d.info.eco, p.versions.size());
    note_lines(p, a.lines);
    return a;
}

void make_records(EcoData& d, Rng& rng, Ids& ids, std::size_t target) {
    const Eco eco = d.info.eco;
    const auto pkg_count = d.vulnerable.size();
    auto add = [&](RecordModel r) {
        r.seed = rng.next();
        r.withdrawn = rng.chance(0.01);
        r.unordered = rng.chance(0.02);
        d.records.push_back(std::move(r));
    };
    // The affected entries of one vulnerability, shared by the records that describe it.
    auto entries = [&](std::uint32_t pkg) {
        std::vector<AffectedModel> out;
        const std::string eco_name(d.info.osv);
        out.push_back(affected_entry(rng, d, pkg, eco_name));
        if (rng.chance(0.12)) {  // more packages of the family: log4j-core and log4j-api
            const std::size_t more = rng.between(1, 3);
            for (std::size_t i = 1; i <= more && pkg + i < pkg_count; ++i) {
                out.push_back(
                    affected_entry(rng, d, static_cast<std::uint32_t>(pkg + i), eco_name));
            }
        }
        // GitHub writes separate entries per release line; others one range with pairs.
        for (auto& a : out) a.in_one_range = eco != Eco::kMaven && eco != Eco::kNpm;
        return out;
    };
    while (d.records.size() < target) {
        const auto pkg = static_cast<std::uint32_t>(rng.skewed(pkg_count, d.info.skew));
        const int year = ids.year();
        RecordModel r;
        r.year = year;
        const bool has_cve = rng.chance(0.85);
        const std::string cve = has_cve ? ids.cve(year) : "";
        switch (eco) {
            case Eco::kPyPI:
            case Eco::kGo:
            case Eco::kCrates: {
                // A source record (PYSEC, GO, RUSTSEC) and the GHSA record of the same
                // vulnerability, or either alone.
                const double roll = rng.unit();
                const bool both = roll < 0.45, source_only = roll >= 0.8;
                const Source src = eco == Eco::kPyPI ? Source::kPysec
                                   : eco == Eco::kGo ? Source::kGo
                                                     : Source::kRustsec;
                const std::string ghsa = source_only ? "" : ids.ghsa();
                auto shared = entries(pkg);
                if (both || source_only) {
                    RecordModel s = r;
                    s.source = src;
                    s.id = src == Source::kPysec ? ids.pysec(year)
                           : src == Source::kGo  ? ids.go(year)
                                                 : ids.rustsec(year);
                    if (has_cve) s.aliases.push_back(cve);
                    if (!ghsa.empty()) s.aliases.push_back(ghsa);
                    s.affected = shared;
                    add(std::move(s));
                }
                if (!source_only && d.records.size() < target) {
                    r.source = Source::kGhsa;
                    r.id = ghsa;
                    if (has_cve) r.aliases.push_back(cve);
                    r.affected = std::move(shared);
                    add(std::move(r));
                }
                continue;
            }
            case Eco::kDebian: {
                const double roll = rng.unit();
                if (roll < 0.75) {
                    // DEBIAN-CVE: one entry per release.
                    const std::string c = ids.distro_cve(year);
                    r.source = Source::kDebianCve;
                    r.id = "DEBIAN-" + c;
                    r.upstream.push_back(c);
                    r.affected.push_back(affected_entry(rng, d, pkg, "Debian:11"));
                    r.affected.push_back(affected_entry(rng, d, pkg, "Debian:12"));
                } else {
                    // DSA (stable) or DLA (long-term support): several CVEs, one release.
                    const bool dsa = roll < 0.9;
                    r.source = dsa ? Source::kDsa : Source::kDla;
                    r.id = dsa ? ids.dsa() : ids.dla();
                    const std::size_t k = rng.between(1, 6);
                    for (std::size_t i = 0; i < k; ++i) r.upstream.push_back(ids.distro_cve(year));
                    r.affected.push_back(affected_entry(
                        rng, d, pkg, dsa && rng.chance(0.7) ? "Debian:12" : "Debian:11"));
                }
                add(std::move(r));
                continue;
            }
            case Eco::kAlpine: {
                const std::string c = ids.distro_cve(year);
                r.source = Source::kAlpine;
                r.id = "ALPINE-" + c;
                r.upstream.push_back(c);
                if (rng.chance(0.6))
                    r.affected.push_back(affected_entry(rng, d, pkg, "Alpine:v3.18"));
                r.affected.push_back(affected_entry(rng, d, pkg, "Alpine:v3.19"));
                add(std::move(r));
                continue;
            }
            default:
                r.source = Source::kGhsa;
                r.id = ids.ghsa();
                if (has_cve) r.aliases.push_back(cve);
                r.affected = entries(pkg);
                add(std::move(r));
                continue;
        }
    }
    // Distribution ids can repeat when two records name the same CVE: keep the first.
    std::unordered_set<std::string> ids_seen;
    std::vector<RecordModel> kept;
    kept.reserve(d.records.size());
    for (auto& r : d.records) {
        if (ids_seen.insert(r.id).second) kept.push_back(std::move(r));
    }
    d.records = std::move(kept);
    for (std::uint32_t i = 0; i < d.records.size(); ++i) {
        for (const auto& a : d.records[i].affected) {
            auto& recs = d.vulnerable[a.package].records;
            if (recs.empty() || recs.back() != i) recs.push_back(i);
        }
    }
    for (std::uint32_t p = 0; p < d.vulnerable.size(); ++p) {
        for (auto r : d.vulnerable[p].records) {
            if (!d.records[r].withdrawn) {
                d.used.push_back(p);
                break;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering a record

std::string date(Rng& rng, int year) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02zu-%02zuT%02zu:%02zu:%02zuZ", year, rng.between(1, 12),
                  rng.between(1, 28), rng.below(24), rng.below(60), rng.below(60));
    return buf;
}

void sentence(std::string& out, Rng& rng, std::string_view package, std::string_view version) {
    const std::size_t words = rng.between(8, 22);
    for (std::size_t i = 0; i < words; ++i) {
        std::string w = rng.pick(kProse);
        if (i == 0) {
            w = capital(w);
        } else {
            out += ' ';
        }
        if (i == 3 && rng.chance(0.3)) {
            out += "`" + std::string(package) + "`";
        } else if (i == 6 && rng.chance(0.2)) {
            out += "version " + std::string(version);
        } else {
            out += w;
        }
    }
    out += ". ";
}

void prose(std::string& out,
           Rng& rng,
           std::size_t length,
           std::string_view package,
           std::string_view version) {
    const std::size_t stop = out.size() + length;
    std::size_t in_paragraph = 0;
    while (out.size() < stop) {
        sentence(out, rng, package, version);
        if (++in_paragraph >= rng.between(3, 6)) {
            out.back() = '\n';
            out += '\n';
            in_paragraph = 0;
        }
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
}

std::size_t details_length(Rng& rng) {
    const double r = rng.unit();
    if (r < 0.65) return rng.between(200, 700);
    if (r < 0.92) return rng.between(700, 2000);
    return rng.between(2000, 5000);
}

std::string cvss3(Rng& rng) {
    auto one = [&](std::string_view choices) { return choices[rng.below(choices.size())]; };
    std::string v = "CVSS:3.1/AV:";
    v += one("NNNNALP");
    v += "/AC:";
    v += one("LLLH");
    v += "/PR:";
    v += one("NNLH");
    v += "/UI:";
    v += one("NNR");
    v += "/S:";
    v += one("UUUC");
    for (std::string_view m : {"/C:", "/I:", "/A:"}) {
        v += m;
        v += one("HHLN");
    }
    return v;
}

std::string cvss4(Rng& rng) {
    auto one = [&](std::string_view choices) { return choices[rng.below(choices.size())]; };
    std::string v = "CVSS:4.0/AV:";
    v += one("NNNALP");
    v += "/AC:";
    v += one("LLH");
    v += "/AT:";
    v += one("NNP");
    v += "/PR:";
    v += one("NNLH");
    v += "/UI:";
    v += one("NNPA");
    for (std::string_view m : {"/VC:", "/VI:", "/VA:", "/SC:", "/SI:", "/SA:"}) {
        v += m;
        v += one(m[1] == 'V' ? "HHLN" : "NNNLH");
    }
    return v;
}

std::string repo_url(Rng& rng, std::string_view package) {
    std::string name(package);
    for (char& c : name) {
        if (c == '@' || c == ':' || c == '.') c = '-';
    }
    const auto slash = name.rfind('/');
    if (slash != std::string::npos) name = name.substr(slash + 1);
    return "https://github.com/" + rng.pick(kTech) + "/" + name;
}

void write_range(JsonOut& j,
                 const char* type,
                 const std::vector<std::pair<const char*, std::string>>& events,
                 bool unordered,
                 Rng& rng,
                 std::string_view repo = {}) {
    std::vector<std::pair<const char*, std::string>> ev = events;
    if (unordered && ev.size() > 1) {
        for (std::size_t i = ev.size() - 1; i > 0; --i) std::swap(ev[i], ev[rng.below(i + 1)]);
        if (ev == events) std::reverse(ev.begin(), ev.end());
    }
    j.begin_object();
    j.field("type", type);
    if (!repo.empty()) j.field("repo", repo);
    j.key("events");
    j.begin_array();
    for (const auto& [kind, version] : ev) {
        j.begin_object();
        j.field(kind, version);
        j.end_object();
    }
    j.end_array();
    j.end_object();
}

std::string render(const EcoData& d, const RecordModel& r) {
    Rng rng(r.seed);
    const Eco eco = d.info.eco;
    const Package& head = d.vulnerable[r.affected.front().package];
    const auto& type = kVulnTypes[rng.below(kVulnTypes.size())];
    std::string display = head.name;
    std::string summary(type.summary);
    summary.replace(summary.find("{}"), 2, display);
    const bool distro = eco == Eco::kDebian || eco == Eco::kAlpine;
    const bool github = r.source == Source::kGhsa;

    // The first fixed version, for the text.
    std::string fix;
    for (const auto& l : r.affected.front().lines) {
        if (l.end >= 0 && !l.last_affected) {
            fix = head.versions[static_cast<std::size_t>(l.end)];
            break;
        }
    }
    std::string details;
    const std::size_t length = details_length(rng);
    const std::string example = head.versions[rng.below(head.versions.size())];
    if (github) {
        details += "### Impact\n";
        prose(details, rng, length * 6 / 10, display, example);
        details += "\n\n### Patches\n";
        details += fix.empty() ? "No patched version is available yet."
                               : "The issue is fixed in version " + fix + ". Users should upgrade.";
        details += "\n\n### Workarounds\n";
        prose(details, rng, length * 3 / 10, display, example);
        details += "\n\n### References\n- " + repo_url(rng, head.name) + "/issues/" +
                   std::to_string(rng.between(10, 9000));
    } else {
        prose(details, rng, length, display, example);
    }

    std::string out;
    out.reserve(2048 + details.size());
    JsonOut j(out);
    j.begin_object();
    if (eco == Eco::kGo && r.source == Source::kGo) j.field("schema_version", "1.3.1");
    j.field("id", r.id);
    if (!distro) j.field("summary", summary);
    j.field("details", details);
    if (!r.aliases.empty()) j.strings("aliases", r.aliases);
    if (!r.upstream.empty()) j.strings("upstream", r.upstream);
    const std::string published = date(rng, r.year);
    std::string modified = date(rng, std::min(2026, r.year + static_cast<int>(rng.below(3))));
    modified.insert(modified.size() - 1, "." + std::to_string(100000 + rng.below(900000)));
    j.field("modified", modified);
    j.field("published", published);
    if (r.withdrawn) j.field("withdrawn", date(rng, 2026));
    if (github) {
        j.key("database_specific");
        j.begin_object();
        j.key("cwe_ids");
        j.begin_array();
        j.string(type.cwe);
        j.end_array();
        static const std::vector<std::string> kRatings = {"LOW",  "MODERATE", "MODERATE",
                                                          "HIGH", "HIGH",     "CRITICAL"};
        j.field("severity", rng.pick(kRatings));
        j.key("github_reviewed");
        j.literal(rng.chance(0.9) ? "true" : "false");
        j.field("github_reviewed_at", date(rng, r.year));
        j.field("nvd_published_at", published);
        j.end_object();
    } else if (r.source == Source::kGo) {
        j.key("database_specific");
        j.begin_object();
        j.field("url", "https://pkg.go.dev/vuln/" + r.id);
        j.field("review_status", "REVIEWED");
        j.end_object();
    }

    // References: the advisory pages first, then reports, fixes and the package.
    j.key("references");
    j.begin_array();
    auto ref = [&](std::string_view t, const std::string& url) {
        j.begin_object();
        j.field("type", t);
        j.field("url", url);
        j.end_object();
    };
    const std::string repo = repo_url(rng, head.name);
    const std::string first_cve =
        !r.upstream.empty() ? r.upstream.front() : (r.aliases.empty() ? "" : r.aliases.front());
    if (!first_cve.empty() && first_cve.starts_with("CVE-")) {
        ref("ADVISORY", "https://nvd.nist.gov/vuln/detail/" + first_cve);
    }
    if (github) ref("ADVISORY", "https://github.com/advisories/" + r.id);
    if (r.source == Source::kDsa || r.source == Source::kDla) {
        ref("ADVISORY", "https://security-tracker.debian.org/tracker/" + r.id);
    }
    for (std::size_t i = 0, n = rng.between(1, 6); i < n; ++i) {
        switch (rng.below(4)) {
            case 0:
                ref("WEB", repo + "/issues/" + std::to_string(rng.between(10, 9000)));
                break;
            case 1:
                ref("FIX", repo + "/commit/" + hex(rng, 40));
                break;
            case 2:
                ref("WEB", repo + "/pull/" + std::to_string(rng.between(10, 9000)));
                break;
            default:
                ref("REPORT", "https://" + rng.pick(kTech) + ".example.org/security/" +
                                  std::to_string(rng.between(1000, 99999)));
        }
    }
    if (!distro) ref("PACKAGE", repo);
    j.end_array();

    j.key("affected");
    j.begin_array();
    const bool semver = eco == Eco::kNpm || eco == Eco::kGo || eco == Eco::kCrates;
    const bool versions_list = eco == Eco::kPyPI || (eco == Eco::kGo && r.source == Source::kGo);
    for (const auto& a : r.affected) {
        const Package& p = d.vulnerable[a.package];
        auto events_of = [&](const Interval& l) {
            std::vector<std::pair<const char*, std::string>> ev;
            ev.emplace_back("introduced",
                            l.intro < 0 ? "0" : p.versions[static_cast<std::size_t>(l.intro)]);
            if (l.end >= 0) {
                ev.emplace_back(l.last_affected ? "last_affected" : "fixed",
                                p.versions[static_cast<std::size_t>(l.end)]);
            }
            return ev;
        };
        // One entry per line (GitHub's way for some ecosystems), or one with every line.
        std::vector<std::vector<Interval>> groups;
        if (a.in_one_range) {
            groups.push_back(a.lines);
        } else {
            for (const auto& l : a.lines) groups.push_back({l});
        }
        for (const auto& group : groups) {
            j.begin_object();
            j.key("package");
            j.begin_object();
            j.field("ecosystem", a.ecosystem);
            j.field("name", p.name);
            if (eco == Eco::kPyPI || eco == Eco::kNpm) {
                std::string purl = eco == Eco::kPyPI ? "pkg:pypi/" : "pkg:npm/";
                for (char c : p.name) {
                    if (c == '@') {
                        purl += "%40";
                    } else {
                        purl += eco == Eco::kPyPI
                                    ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                                    : c;
                    }
                }
                j.field("purl", purl);
            }
            j.end_object();
            j.key("ranges");
            j.begin_array();
            if (r.source == Source::kPysec && rng.chance(0.6)) {
                write_range(j, "GIT", {{"introduced", "0"}, {"fixed", hex(rng, 40)}}, false, rng,
                            repo);
            }
            std::vector<std::pair<const char*, std::string>> events;
            for (const auto& l : group) {
                for (auto& e : events_of(l)) events.push_back(std::move(e));
            }
            write_range(j, semver ? "SEMVER" : "ECOSYSTEM", events, r.unordered, rng);
            j.end_array();
            if (versions_list) {
                std::vector<std::string> listed;
                for (const auto& l : group) {
                    const std::size_t lo = l.intro < 0 ? 0 : static_cast<std::size_t>(l.intro);
                    const std::size_t hi =
                        l.end < 0 ? p.versions.size()
                                  : static_cast<std::size_t>(l.end) + (l.last_affected ? 1 : 0);
                    for (std::size_t v = lo; v < hi && listed.size() < 300; ++v) {
                        listed.push_back(p.versions[v]);
                    }
                }
                j.strings("versions", listed);
            }
            if (r.source == Source::kGo) {
                j.key("ecosystem_specific");
                j.begin_object();
                j.key("imports");
                j.begin_array();
                for (std::size_t i = 0, n = rng.between(1, 3); i < n; ++i) {
                    j.begin_object();
                    j.field("path", p.name == "stdlib" ? rng.pick(kTech) + "/" + rng.pick(kTech)
                                                       : p.name + "/" + rng.pick(kTech));
                    j.key("symbols");
                    j.begin_array();
                    for (std::size_t s = 0, m = rng.between(1, 8); s < m; ++s) {
                        j.string(capital(rng.pick(kTech)) + "." + capital(rng.pick(kTech)));
                    }
                    j.end_array();
                    j.end_object();
                }
                j.end_array();
                j.end_object();
            }
            if (eco == Eco::kDebian) {
                j.key("ecosystem_specific");
                j.begin_object();
                static const std::vector<std::string> kUrgency = {"not yet assigned", "low",
                                                                  "medium", "high", "unimportant"};
                j.field("urgency", rng.pick(kUrgency));
                j.end_object();
            }
            if (github) {
                j.key("database_specific");
                j.begin_object();
                j.field("source",
                        "https://github.com/github/advisory-database/blob/main/advisories/"
                        "github-reviewed/" +
                            std::to_string(r.year) + "/" + r.id + "/" + r.id + ".json");
                if (group.back().end >= 0 && group.back().last_affected) {
                    j.field("last_known_affected_version_range",
                            "<= " + p.versions[static_cast<std::size_t>(group.back().end)]);
                }
                j.end_object();
            }
            j.end_object();
        }
    }
    j.end_array();
    if (eco != Eco::kGo || r.source != Source::kGo) j.field("schema_version", "1.6.0");

    // Severity: GitHub rates nearly everything (CVSS 4.0 beside 3.1 on recent records);
    // RUSTSEC and PYSEC some; Go and the distributions give no vector.
    const bool rated = github ? rng.chance(0.85)
                       : (r.source == Source::kRustsec || r.source == Source::kPysec)
                           ? rng.chance(0.3)
                           : false;
    if (rated) {
        j.key("severity");
        j.begin_array();
        j.begin_object();
        j.field("type", "CVSS_V3");
        j.field("score", cvss3(rng));
        j.end_object();
        if (r.year >= 2024 && rng.chance(0.4)) {
            j.begin_object();
            j.field("type", "CVSS_V4");
            j.field("score", cvss4(rng));
            j.end_object();
        }
        j.end_array();
    }
    if (rng.chance(0.15) && !distro) {
        j.key("credits");
        j.begin_array();
        j.begin_object();
        j.field("name", capital(rng.pick(kTech)) + " " + capital(rng.pick(kTech)));
        j.field("type", "FINDER");
        j.end_object();
        j.end_array();
    }
    j.end_object();
    out += '\n';
    return out;
}

// ---------------------------------------------------------------------------------------------
// Zip output

struct Entry {
    std::string name;
    std::string json;
};

std::string write_zip(const fs::path& path, const std::vector<Entry>& entries, int level) {
    int err = 0;
    zip_t* za = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (za == nullptr) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, err);
        std::string message = zip_error_strerror(&ze);
        zip_error_fini(&ze);
        return message;
    }
    // A fixed date, so that the same arguments give the same bytes: 2026-11-29 00:00.
    constexpr zip_uint16_t kDosDate = ((2026 - 1980) << 9) | (11 << 5) | 29;
    for (const auto& e : entries) {
        zip_source_t* src = zip_source_buffer(za, e.json.data(), e.json.size(), 0);
        if (src == nullptr) return zip_strerror(za);
        const zip_int64_t idx = zip_file_add(za, e.name.c_str(), src, ZIP_FL_ENC_UTF_8);
        if (idx < 0) {
            zip_source_free(src);
            std::string why = zip_strerror(za);
            zip_discard(za);
            return why;
        }
        const auto i = static_cast<zip_uint64_t>(idx);
        zip_set_file_compression(za, i, level == 0 ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                 static_cast<zip_uint32_t>(level));
        zip_file_set_dostime(za, i, 0, kDosDate, 0);
    }
    if (zip_close(za) != 0) {
        std::string why = zip_strerror(za);
        zip_discard(za);
        return why;
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// SBOMs

void encode_purl_part(std::string& out, std::string_view s) {
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    for (char c : s) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_' ||
            c == '~' || c == ':') {
            out += c;
        } else {
            const auto b = static_cast<unsigned char>(c);
            out += '%';
            out += kHex[b >> 4];
            out += kHex[b & 0xF];
        }
    }
}

enum class Base { kNone, kDebian11, kDebian12, kAlpine318, kAlpine319 };

struct SbomComponent {
    Eco eco;
    const Package* package;
    std::string version;
    std::vector<std::size_t> children;  // nested components
    bool nested = false;
};

// The binary package a distribution installs from a source package: "linux" gives
// "linux-libc-dev", most give their own name, some a library name.
std::string binary_name(Eco eco, const std::string& source) {
    if (eco != Eco::kDebian) return source;
    if (source == "linux") return "linux-libc-dev";
    if (source == "glibc") return "libc6";
    if (source == "openssl") return "libssl3";
    const auto h = hash_of(source);
    if (h % 10 < 3 && !source.starts_with("lib")) return "lib" + source + std::to_string(h % 7);
    return source;
}

struct Component {
    std::string group, name, purl;
};

Component describe(Eco eco, const Package& p, const std::string& version, Base base) {
    Component c;
    std::string purl;
    auto ns_name = [&](std::string_view type, std::string_view ns, std::string_view name) {
        purl = "pkg:";
        purl += type;
        purl += '/';
        if (!ns.empty()) {
            std::size_t start = 0;
            while (start <= ns.size()) {
                auto cut = ns.find('/', start);
                if (cut == std::string_view::npos) cut = ns.size();
                encode_purl_part(purl, ns.substr(start, cut - start));
                purl += '/';
                start = cut + 1;
            }
        }
        encode_purl_part(purl, name);
        purl += '@';
        encode_purl_part(purl, version);
    };
    const std::string& n = p.name;
    switch (eco) {
        case Eco::kNpm: {
            const auto slash = n.find('/');
            if (n.starts_with('@') && slash != std::string::npos) {
                c.group = n.substr(0, slash);
                c.name = n.substr(slash + 1);
            } else {
                c.name = n;
            }
            ns_name("npm", c.group, c.name);
            break;
        }
        case Eco::kPyPI:
            c.name = pep503(n);
            ns_name("pypi", "", c.name);
            break;
        case Eco::kMaven: {
            const auto colon = n.find(':');
            c.group = n.substr(0, colon);
            c.name = n.substr(colon + 1);
            ns_name("maven", c.group, c.name);
            purl += "?type=jar";
            break;
        }
        case Eco::kGo: {
            c.name = n;
            const auto slash = n.rfind('/');
            ns_name("golang",
                    slash == std::string::npos ? "" : std::string_view(n).substr(0, slash),
                    slash == std::string::npos ? std::string_view(n)
                                               : std::string_view(n).substr(slash + 1));
            if (n != "stdlib" && n != "toolchain") {
                // Go module versions carry their "v" in purls.
                const auto at = purl.rfind('@');
                purl.insert(at + 1, "v");
            }
            break;
        }
        case Eco::kCrates:
            c.name = n;
            ns_name("cargo", "", n);
            break;
        case Eco::kRubyGems:
            c.name = n;
            ns_name("gem", "", n);
            break;
        case Eco::kNuGet:
            c.name = n;
            ns_name("nuget", "", n);
            break;
        case Eco::kPackagist: {
            const auto slash = n.find('/');
            c.group = n.substr(0, slash);
            c.name = n.substr(slash + 1);
            ns_name("composer", c.group, c.name);
            break;
        }
        case Eco::kDebian: {
            c.name = binary_name(eco, n);
            ns_name("deb", "debian", c.name);
            purl += "?arch=amd64&distro=debian-";
            purl += base == Base::kDebian11 ? "11" : "12";
            if (c.name != n) {
                purl += "&upstream=";
                encode_purl_part(purl, n);
            }
            break;
        }
        case Eco::kAlpine:
            c.name = n;
            ns_name("apk", "alpine", n);
            purl += base == Base::kAlpine318 ? "?arch=x86_64&distro=alpine-3.18.6"
                                             : "?arch=x86_64&distro=alpine-3.19.1";
            break;
    }
    c.purl = std::move(purl);
    return c;
}

struct SbomOut {
    std::string text;
    std::vector<std::pair<std::size_t, std::uint32_t>> vulnerable;  // (ecosystem, package)
    std::size_t components = 0;
};

// A version of a package with advisories: half the time inside an affected range, else outside
// every one. Distribution packages are installed near their latest version, so "inside" is just
// below a recent fix (or under an unfixed advisory).
std::string pick_version(Rng& rng, const Package& p, bool vulnerable, bool distro) {
    const std::size_t n = p.versions.size();
    if (vulnerable && !p.affected.empty()) {
        if (rng.chance(0.5)) {
            std::vector<std::pair<std::uint16_t, std::uint16_t>> recent;
            for (const auto& iv : p.affected) {
                if (!distro || static_cast<std::size_t>(iv.second) + 4 >= n) recent.push_back(iv);
            }
            if (recent.empty()) recent = p.affected;
            const auto& [lo, hi] = recent[rng.below(recent.size())];
            const std::size_t top = static_cast<std::size_t>(hi) - 1;
            const std::size_t bottom =
                distro ? std::max<std::size_t>(lo, top > 2 ? top - 2 : 0) : lo;
            return p.versions[rng.between(bottom, top)];
        }
        for (int tries = 0; tries < 8; ++tries) {
            const std::size_t v = n - 1 - rng.skewed(n, 2.0);
            const bool inside = std::any_of(p.affected.begin(), p.affected.end(), [&](auto iv) {
                return v >= iv.first && v < iv.second;
            });
            if (!inside) return p.versions[v];
        }
        return p.versions.back();
    }
    return p.versions[n - 1 - rng.skewed(n, 2.0)];  // mostly recent versions
}

SbomOut make_sbom(const std::vector<EcoData>& ecos,
                  std::uint64_t seed,
                  std::size_t index,
                  std::size_t count) {
    Rng rng(mix(seed, 0x5B0Bu + index));
    SbomOut result;
    // The application's ecosystem, and whether it ships as a container image.
    static const std::vector<std::pair<Eco, std::size_t>> kKinds = {
        {Eco::kNpm, 30},   {Eco::kMaven, 20},   {Eco::kPyPI, 15}, {Eco::kGo, 12},
        {Eco::kCrates, 5}, {Eco::kRubyGems, 5}, {Eco::kNuGet, 6}, {Eco::kPackagist, 7}};
    std::size_t roll = rng.below(100);
    Eco app = Eco::kNpm;
    for (const auto& [e, w] : kKinds) {
        if (roll < w) {
            app = e;
            break;
        }
        roll -= w;
    }
    const double b = rng.unit();
    const Base base = b < 0.2    ? Base::kDebian12
                      : b < 0.3  ? Base::kDebian11
                      : b < 0.4  ? Base::kAlpine319
                      : b < 0.45 ? Base::kAlpine318
                                 : Base::kNone;
    std::size_t os_count = 0;
    if (base == Base::kDebian11 || base == Base::kDebian12) os_count = rng.between(80, 150);
    if (base == Base::kAlpine318 || base == Base::kAlpine319) os_count = rng.between(15, 60);
    os_count = std::min(os_count, count / 2);
    const Eco os = base == Base::kDebian11 || base == Base::kDebian12 ? Eco::kDebian : Eco::kAlpine;

    auto data_of = [&](Eco e) -> const EcoData& { return ecos[static_cast<std::size_t>(e)]; };
    std::vector<SbomComponent> comps;
    std::set<std::pair<Eco, const Package*>> seen;
    auto add = [&](Eco e) {
        const EcoData& d = data_of(e);
        for (int tries = 0; tries < 20; ++tries) {
            const bool vulnerable = !d.used.empty() && rng.chance(0.2);
            const Package* p;
            std::uint32_t vi = 0;
            if (vulnerable) {
                vi = d.used[rng.skewed(d.used.size(), 1.5)];
                p = &d.vulnerable[vi];
            } else {
                if (d.clean.empty()) continue;
                p = &d.clean[rng.skewed(d.clean.size(), 1.3)];
            }
            if (!seen.insert({e, p}).second) continue;
            if (vulnerable) result.vulnerable.emplace_back(static_cast<std::size_t>(e), vi);
            const bool distro = e == Eco::kDebian || e == Eco::kAlpine;
            comps.push_back({e, p, pick_version(rng, *p, vulnerable, distro), {}, false});
            return;
        }
    };
    for (std::size_t i = 0; i < os_count; ++i) add(os);
    // Debian images with kernel headers installed: the package with the most advisories.
    if (os == Eco::kDebian && os_count > 0 && rng.chance(0.3)) {
        const EcoData& d = data_of(Eco::kDebian);
        const Package* linux = &d.vulnerable[0];
        if (seen.insert({Eco::kDebian, linux}).second) {
            comps.push_back(
                {Eco::kDebian, linux, pick_version(rng, *linux, true, true), {}, false});
            result.vulnerable.emplace_back(static_cast<std::size_t>(Eco::kDebian), 0);
        }
    }
    while (comps.size() < count) {
        const std::size_t before = comps.size();
        add(app);
        if (comps.size() == before) add(rng.chance(0.5) ? Eco::kNpm : Eco::kPyPI);
        if (comps.size() == before) break;
    }
    // Nesting: bundled or shaded packages inside another component.
    for (std::size_t i = 0; i + 5 < comps.size(); ++i) {
        if (comps[i].nested || !rng.chance(0.06)) continue;
        const std::size_t k = rng.between(1, 4);
        for (std::size_t c = i + 1; c <= i + k; ++c) {
            if (comps[c].nested) break;
            comps[c].nested = true;
            comps[i].children.push_back(c);
        }
        i += k;
    }

    const std::string app_name = rng.pick(kTech) + "-" + rng.pick(kTech) + "-service";
    const std::string app_version = "1." + std::to_string(index % 50) + "." + std::to_string(index);
    const std::string app_ref = "pkg:generic/acme/" + app_name + "@" + app_version;
    std::vector<Component> described;
    described.reserve(comps.size());
    for (const auto& c : comps) described.push_back(describe(c.eco, *c.package, c.version, base));

    std::string& out = result.text;
    out.reserve(comps.size() * 800 + 4096);
    JsonOut j(out);
    j.begin_object();
    j.field("bomFormat", "CycloneDX");
    j.field("specVersion", "1.5");
    const std::string uuid = hex(rng, 32);
    j.field("serialNumber", "urn:uuid:" + uuid.substr(0, 8) + "-" + uuid.substr(8, 4) + "-4" +
                                uuid.substr(13, 3) + "-a" + uuid.substr(17, 3) + "-" +
                                uuid.substr(20, 12));
    j.key("version");
    j.literal("1");
    j.key("metadata");
    j.begin_object();
    j.field("timestamp", "2026-11-" + std::to_string(10 + index % 19) + "T08:15:00Z");
    j.key("tools");
    j.begin_object();
    j.key("components");
    j.begin_array();
    j.begin_object();
    j.field("group", "@cyclonedx");
    j.field("name", "cdxgen");
    j.field("version", "11.0.3");
    j.field("type", "application");
    j.end_object();
    j.end_array();
    j.end_object();
    j.key("component");
    j.begin_object();
    j.field("name", app_name);
    j.field("version", app_version);
    j.field("type", "application");
    j.field("purl", app_ref);
    j.field("bom-ref", app_ref);
    j.end_object();
    j.end_object();

    auto write_component = [&](auto& self, std::size_t i) -> void {
        const SbomComponent& c = comps[i];
        const Component& d = described[i];
        const bool distro = c.eco == Eco::kDebian || c.eco == Eco::kAlpine;
        j.begin_object();
        if (!d.group.empty()) j.field("group", d.group);
        j.field("name", d.name);
        j.field("version", c.version);
        if (rng.chance(0.4)) {
            std::string desc;
            sentence(desc, rng, d.name, c.version);
            desc.pop_back();
            j.field("description", desc);
        }
        if (!distro) {
            const double s = rng.unit();
            j.field("scope", s < 0.85 ? "required" : s < 0.95 ? "optional" : "excluded");
            j.key("hashes");
            j.begin_array();
            j.begin_object();
            if (c.eco == Eco::kNpm) {
                j.field("alg", "SHA-512");
                j.field("content", hex(rng, 128));
            } else {
                j.field("alg", "SHA-256");
                j.field("content", hex(rng, 64));
            }
            j.end_object();
            j.end_array();
        }
        j.key("licenses");
        j.begin_array();
        j.begin_object();
        if (c.eco == Eco::kCrates && rng.chance(0.5)) {
            j.field("expression", "MIT OR Apache-2.0");
        } else {
            j.key("license");
            j.begin_object();
            j.field("id", rng.pick(kLicenses));
            j.end_object();
        }
        j.end_object();
        j.end_array();
        j.field("purl", d.purl);
        j.field("type", "library");
        j.field("bom-ref", d.purl);
        if (rng.chance(0.5)) {
            j.key("properties");
            j.begin_array();
            j.begin_object();
            j.field("name", "SrcFile");
            j.field("value", distro ? "/var/lib/dpkg/status" : "/app/" + app_name + "/lockfile");
            j.end_object();
            j.end_array();
        }
        if (!c.children.empty()) {
            j.key("components");
            j.begin_array();
            for (std::size_t child : c.children) self(self, child);
            j.end_array();
        }
        j.end_object();
    };
    j.key("components");
    j.begin_array();
    for (std::size_t i = 0; i < comps.size(); ++i) {
        if (!comps[i].nested) write_component(write_component, i);
    }
    j.end_array();

    // The dependency graph: the application on its direct dependencies, each package on a few
    // later ones (a DAG, as lock files give it).
    j.key("dependencies");
    j.begin_array();
    j.begin_object();
    j.field("ref", app_ref);
    j.key("dependsOn");
    j.begin_array();
    for (std::size_t i = 0, direct = std::min<std::size_t>(comps.size(), 25); i < direct; ++i) {
        j.string(described[i].purl);
    }
    j.end_array();
    j.end_object();
    for (std::size_t i = 0; i < comps.size(); ++i) {
        j.begin_object();
        j.field("ref", described[i].purl);
        j.key("dependsOn");
        j.begin_array();
        if (i + 1 < comps.size()) {
            for (std::size_t k = 0, n = rng.below(5); k < n; ++k) {
                j.string(described[rng.between(i + 1, comps.size() - 1)].purl);
            }
        }
        j.end_array();
        j.end_object();
    }
    j.end_array();
    j.end_object();
    out += '\n';
    result.components = comps.size();
    return result;
}

// ---------------------------------------------------------------------------------------------

struct Options {
    fs::path out;
    double scale = 1.0;
    std::size_t sboms = 1000;
    std::size_t components = 500;
    std::uint64_t seed = 1;
    int level = 6;  // Python's zipfile default, which OSV.dev's exports use
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
};

int usage(const char* why) {
    std::cerr << "gen_osv: " << why
              << "\nusage: gen_osv --out DIR [--scale F] [--sboms N] [--components M] [--seed N] "
                 "[--level 0-9] [--threads N]\n";
    return 2;
}

template <typename F>
void parallel(unsigned threads, std::size_t n, F f) {
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < n;) f(i);
    };
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
}

}  // namespace

int main(int argc, char** argv) {
    Options opt;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= argc) return std::nullopt;
            return std::string(argv[++i]);
        };
        std::optional<std::string> v;
        if (a == "--out" && (v = value())) {
            opt.out = *v;
        } else if (a == "--scale" && (v = value())) {
            opt.scale = std::stod(*v);
        } else if (a == "--sboms" && (v = value())) {
            opt.sboms = std::stoul(*v);
        } else if (a == "--components" && (v = value())) {
            opt.components = std::stoul(*v);
        } else if (a == "--seed" && (v = value())) {
            opt.seed = std::stoull(*v);
        } else if (a == "--level" && (v = value())) {
            opt.level = std::clamp(std::stoi(*v), 0, 9);
        } else if (a == "--threads" && (v = value())) {
            opt.threads = std::max(1u, static_cast<unsigned>(std::stoul(*v)));
        } else {
            return usage(("unknown or incomplete argument: " + std::string(a)).c_str());
        }
    }
    if (opt.out.empty()) return usage("--out is required");
    if (opt.scale <= 0) return usage("--scale must be positive");
    const auto start = std::chrono::steady_clock::now();

    // Structure first, on one thread: ids, aliases and CVEs are shared between ecosystems.
    Rng rng(opt.seed);
    Ids ids(rng);
    std::vector<EcoData> ecos;
    for (const auto& info : kEcos) {
        EcoData d;
        d.info = info;
        const auto target = std::max<std::size_t>(
            1,
            static_cast<std::size_t>(std::llround(static_cast<double>(info.records) * opt.scale)));
        make_packages(d, rng, target);
        make_records(d, rng, ids, target);
        ecos.push_back(std::move(d));
    }

    // Text and archives, an ecosystem per thread (the largest first).
    std::vector<std::size_t> order(ecos.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return ecos[a].records.size() > ecos[b].records.size();
    });
    std::vector<std::string> errors(ecos.size());
    parallel(opt.threads, ecos.size(), [&](std::size_t k) {
        EcoData& d = ecos[order[k]];
        std::vector<Entry> entries;
        entries.reserve(d.records.size());
        for (const auto& r : d.records) {
            entries.push_back({r.id + ".json", render(d, r)});
            d.json_bytes += entries.back().json.size();
        }
        std::sort(entries.begin(), entries.end(),
                  [](const Entry& a, const Entry& b) { return a.name < b.name; });
        const fs::path dir = opt.out / "osv" / std::string(d.info.osv);
        std::error_code ec;
        fs::create_directories(dir, ec);
        errors[order[k]] = write_zip(dir / "all.zip", entries, opt.level);
        d.zip_bytes = fs::file_size(dir / "all.zip", ec);
    });
    for (std::size_t i = 0; i < ecos.size(); ++i) {
        if (!errors[i].empty()) {
            std::cerr << "gen_osv: " << ecos[i].info.osv << ": " << errors[i] << "\n";
            return 1;
        }
    }

    // SBOMs, each from its own seed.
    const fs::path sbom_dir = opt.out / "sboms";
    std::error_code ec;
    fs::create_directories(sbom_dir, ec);
    std::vector<std::vector<std::pair<std::size_t, std::uint32_t>>> used(opt.sboms);
    std::atomic<std::uint64_t> sbom_bytes{0}, sbom_components{0};
    std::atomic<bool> failed{false};
    parallel(opt.threads, opt.sboms, [&](std::size_t i) {
        SbomOut s = make_sbom(ecos, opt.seed, i, opt.components);
        char name[64];
        std::snprintf(name, sizeof name, "sbom-%04zu.cdx.json", i);
        FILE* f = std::fopen((sbom_dir / name).c_str(), "wb");
        if (f == nullptr || std::fwrite(s.text.data(), 1, s.text.size(), f) != s.text.size()) {
            failed = true;
        }
        if (f != nullptr) std::fclose(f);
        sbom_bytes += s.text.size();
        sbom_components += s.components;
        used[i] = std::move(s.vulnerable);
    });
    if (failed) {
        std::cerr << "gen_osv: cannot write the SBOMs in " << sbom_dir << "\n";
        return 1;
    }

    // Queries: vulnerabilities of the packages most SBOMs use, two per language ecosystem, and
    // some distribution ones; half by CVE, half by the source's own id.
    std::map<std::pair<std::size_t, std::uint32_t>, std::size_t> popularity;
    for (const auto& u : used) {
        for (const auto& k : u) ++popularity[k];
    }
    std::vector<std::string> queries;
    std::set<std::string> asked;
    for (std::size_t e = 0; e < ecos.size(); ++e) {
        std::vector<std::pair<std::size_t, std::uint32_t>> ranked;  // (SBOMs, package)
        for (const auto& [k, n] : popularity) {
            if (k.first == e) ranked.emplace_back(n, k.second);
        }
        std::sort(ranked.rbegin(), ranked.rend());
        const std::size_t want = ecos[e].info.eco == Eco::kAlpine ? 1 : 2;
        for (std::size_t i = 0; i < ranked.size() && i < want; ++i) {
            for (auto ri : ecos[e].vulnerable[ranked[i].second].records) {
                const RecordModel& r = ecos[e].records[ri];
                if (r.withdrawn) continue;
                // Each vulnerability once, whichever of its ids names it.
                if (asked.contains(r.id) ||
                    std::any_of(r.aliases.begin(), r.aliases.end(),
                                [&](const std::string& a) { return asked.contains(a); })) {
                    continue;
                }
                asked.insert(r.id);
                asked.insert(r.aliases.begin(), r.aliases.end());
                const bool by_cve = queries.size() % 2 == 0 && !r.aliases.empty() &&
                                    r.aliases.front().starts_with("CVE-");
                queries.push_back(by_cve ? r.aliases.front() : r.id);
                break;
            }
        }
    }
    // One that no SBOM lists: the answer is "none", found as fast as it can be.
    for (std::size_t p = ecos[0].vulnerable.size(); p-- > 0;) {
        if (!popularity.contains({0, static_cast<std::uint32_t>(p)}) &&
            !ecos[0].vulnerable[p].records.empty()) {
            const auto& r = ecos[0].records[ecos[0].vulnerable[p].records.front()];
            if (r.withdrawn) continue;
            queries.push_back(r.id);
            break;
        }
    }
    if (FILE* f = std::fopen((opt.out / "queries.txt").c_str(), "wb")) {
        for (const auto& q : queries) std::fprintf(f, "%s\n", q.c_str());
        std::fclose(f);
    }

    std::uint64_t records = 0, json = 0, zip = 0;
    for (const auto& d : ecos) {
        records += d.records.size();
        json += d.json_bytes;
        zip += d.zip_bytes;
        std::fprintf(stderr,
                     "gen_osv: %-10s %6zu records (%zu packages with advisories) %7.1f MB JSON "
                     "%6.1f MB zip\n",
                     std::string(d.info.osv).c_str(), d.records.size(), d.used.size(),
                     static_cast<double>(d.json_bytes) / 1e6,
                     static_cast<double>(d.zip_bytes) / 1e6);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr,
                 "gen_osv: %llu records, %.1f MB JSON in %.1f MB of zip; %zu SBOMs, %llu "
                 "components, %.1f MB; %zu queries; %.1f s\n",
                 static_cast<unsigned long long>(records), static_cast<double>(json) / 1e6,
                 static_cast<double>(zip) / 1e6, opt.sboms,
                 static_cast<unsigned long long>(sbom_components.load()),
                 static_cast<double>(sbom_bytes.load()) / 1e6, queries.size(), seconds);
    return 0;
}
