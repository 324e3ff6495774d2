// Package URLs (purl): parsed and written in canonical form per the purl specification, and
// mapped to the OSV ecosystem and package name they denote.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wasp::vuln {

// Components are stored decoded (no percent-escapes) and normalised as the spec says for the
// type: lower-cased type; lower-cased namespace and/or name for the types the spec's type
// definitions call case-insensitive (pypi, github, bitbucket, deb, apk, composer, hex, rpm's
// namespace, ...; npm, maven and golang are case-sensitive); PyPI "_" -> "-"; qualifier keys
// lower-cased and sorted, empty values dropped; subpath without "." and ".." segments.
struct Purl {
    std::string type;  // "maven", "npm", "pypi", "golang", "deb", ...
    std::string ns;    // namespace: Maven group, npm scope with its "@", Go module path
    std::string name;
    std::string version;                                          // may be empty
    std::vector<std::pair<std::string, std::string>> qualifiers;  // sorted by key
    std::string subpath;
};

// Why a string is not a purl, in one sentence.
[[nodiscard]] std::expected<Purl, std::string> parse_purl(std::string_view text);

// The canonical string: "pkg:type/ns/name@version?k=v&k=v#subpath", percent-encoded as the
// spec requires. to_string(parse_purl(s)) == s for a canonical s.
[[nodiscard]] std::string to_string(const Purl& purl);
// The same without version, qualifiers and subpath: the package, whatever its version.
[[nodiscard]] std::string package_string(const Purl& purl);

// What OSV calls the package a purl denotes.
struct OsvPackage {
    std::string ecosystem;  // "Maven", "npm", "PyPI", "Go", "crates.io", "Debian", ...
    std::string release;    // distribution release when the purl's distro qualifier says it,
                            // as OSV writes it after the ':' ("11", "22.04", "v3.18"), else ""
    std::string name;       // as OSV writes it: "org.apache.logging.log4j:log4j-core",
                            // "@babel/core", "requests", "golang.org/x/net", "curl", ...
};
// nullopt for purl types OSV has no ecosystem for (generic, docker, ...).
[[nodiscard]] std::optional<OsvPackage> osv_package(const Purl& purl);

// A package name as its ecosystem compares names, so an OSV record and an SBOM that spell it
// differently still meet: PyPI per PEP 503 ("Foo_Bar.baz" -> "foo-bar-baz"), npm, NuGet,
// Packagist, Pub, Debian, Ubuntu, Alpine, Wolfi, Chainguard lower-cased; SwiftURL without a
// leading "https://" and a trailing ".git"; Maven, Go, crates.io, RubyGems, Hex and the rest
// as written. ecosystem is an OSV ecosystem (a release suffix such as ":12" is ignored).
[[nodiscard]] std::string normalize_package_name(std::string_view ecosystem, std::string_view name);

}  // namespace wasp::vuln
