// Package URLs: parsing and normalisation per the purl specification, the canonical string,
// what a purl is in OSV's terms, and package-name normalisation per ecosystem.
#include "vuln/purl.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace wasp::vuln {
namespace {

using Qualifiers = std::vector<std::pair<std::string, std::string>>;

Purl parsed(std::string_view text) {
    auto p = parse_purl(text);
    EXPECT_TRUE(p.has_value()) << text << ": " << (p ? "" : p.error());
    return p ? *p : Purl{};
}

std::string error_of(std::string_view text) {
    auto p = parse_purl(text);
    EXPECT_FALSE(p.has_value()) << text << " parsed as " << (p ? to_string(*p) : "");
    return p ? std::string{} : p.error();
}

std::string canonical(std::string_view text) { return to_string(parsed(text)); }

// --- Parsing: components, decoding -------------------------------------------------------

TEST(PurlParse, MavenWithQualifiers) {
    const Purl p =
        parsed("pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?type=zip&classifier=dist");
    EXPECT_EQ(p.type, "maven");
    EXPECT_EQ(p.ns, "org.apache.xmlgraphics");
    EXPECT_EQ(p.name, "batik-anim");
    EXPECT_EQ(p.version, "1.9.1");
    EXPECT_EQ(p.qualifiers, (Qualifiers{{"classifier", "dist"}, {"type", "zip"}}));
    EXPECT_EQ(p.subpath, "");
}

TEST(PurlParse, NpmScopeEncodedOrNot) {
    for (std::string_view s : {"pkg:npm/%40babel/core@7.24.0", "pkg:npm/@babel/core@7.24.0"}) {
        const Purl p = parsed(s);
        EXPECT_EQ(p.ns, "@babel") << s;
        EXPECT_EQ(p.name, "core") << s;
        EXPECT_EQ(p.version, "7.24.0") << s;
    }
}

TEST(PurlParse, NpmScopeWithoutVersionIsNotAVersion) {
    const Purl p = parsed("pkg:npm/@types/node");
    EXPECT_EQ(p.ns, "@types");
    EXPECT_EQ(p.name, "node");
    EXPECT_EQ(p.version, "");
}

TEST(PurlParse, PercentDecodingOfEveryComponent) {
    const Purl p = parsed("pkg:generic/my%20ns/na%2Fme@1.0%2Bbuild?note=a%26b%3Dc#dir%20x/f");
    EXPECT_EQ(p.ns, "my ns");
    EXPECT_EQ(p.name, "na/me");
    EXPECT_EQ(p.version, "1.0+build");
    EXPECT_EQ(p.qualifiers, (Qualifiers{{"note", "a&b=c"}}));
    EXPECT_EQ(p.subpath, "dir x/f");
}

TEST(PurlParse, DebianEpochColonIsNotEncoded) {
    const Purl p = parsed("pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64");
    EXPECT_EQ(p.version, "1:2.4.47-2+b1");
    EXPECT_EQ(to_string(p), "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64");
}

TEST(PurlParse, SchemeAndTypeAreCaseInsensitive) {
    const Purl p = parsed("PKG:Maven/org.apache.commons/io@1.3.4");
    EXPECT_EQ(p.type, "maven");
    EXPECT_EQ(p.ns, "org.apache.commons");
}

TEST(PurlParse, SlashesAfterSchemeAreTolerated) {
    for (std::string_view s : {"pkg:/maven/g/a@1", "pkg://maven/g/a@1", "pkg:///maven/g/a@1"}) {
        EXPECT_EQ(canonical(s), "pkg:maven/g/a@1") << s;
    }
}

TEST(PurlParse, QualifierKeysLowerCasedSortedEmptyValuesDropped) {
    const Purl p = parsed("pkg:gem/jruby-launcher@1.1.2?Platform=java&Empty=&arch=x86");
    EXPECT_EQ(p.qualifiers, (Qualifiers{{"arch", "x86"}, {"platform", "java"}}));
}

TEST(PurlParse, SubpathDropsDotSegmentsAndSlashes) {
    const Purl p =
        parsed("pkg:golang/google.golang.org/genproto#/googleapis/./api/../annotations/");
    EXPECT_EQ(p.subpath, "googleapis/api/annotations");
    EXPECT_EQ(p.version, "");
}

TEST(PurlParse, NameWithAtSignTakesTheLastAtAsVersion) {
    const Purl p = parsed("pkg:brew/node@20@20.10.0");
    EXPECT_EQ(p.name, "node@20");
    EXPECT_EQ(p.version, "20.10.0");
    EXPECT_EQ(to_string(p), "pkg:brew/node%4020@20.10.0");
}

TEST(PurlParse, GolangKeepsCaseAndFullPath) {
    const Purl p = parsed("pkg:golang/github.com/Masterminds/semver/v3@v3.2.1");
    EXPECT_EQ(p.ns, "github.com/Masterminds/semver");
    EXPECT_EQ(p.name, "v3");
}

TEST(PurlParse, GolangStandardLibraryNeedsNoNamespace) {
    const Purl p = parsed("pkg:golang/stdlib@go1.21.3");
    EXPECT_EQ(p.ns, "");
    EXPECT_EQ(p.name, "stdlib");
}

// --- Type-specific normalisation ---------------------------------------------------------

TEST(PurlNormalise, PypiNameLowerCasedUnderscoreToDash) {
    const Purl p = parsed("pkg:PYPI/Django_Rest_Framework@3.14.0");
    EXPECT_EQ(p.name, "django-rest-framework");
    EXPECT_EQ(to_string(p), "pkg:pypi/django-rest-framework@3.14.0");
}

TEST(PurlNormalise, GithubAndBitbucketLowerCased) {
    EXPECT_EQ(canonical("pkg:github/Package-URL/Purl-Spec@v1"),
              "pkg:github/package-url/purl-spec@v1");
    EXPECT_EQ(canonical("pkg:bitbucket/BirKenfeld/PyGments@1"),
              "pkg:bitbucket/birkenfeld/pygments@1");
}

TEST(PurlNormalise, ComposerDebApkHexLowerCased) {
    EXPECT_EQ(canonical("pkg:composer/Laravel/Framework@10.0.0"),
              "pkg:composer/laravel/framework@10.0.0");
    EXPECT_EQ(canonical("pkg:deb/Debian/LibSSL3@3.0.11"), "pkg:deb/debian/libssl3@3.0.11");
    EXPECT_EQ(canonical("pkg:apk/Alpine/Curl@8.5.0-r0"), "pkg:apk/alpine/curl@8.5.0-r0");
    EXPECT_EQ(canonical("pkg:hex/Phoenix@1.7.0"), "pkg:hex/phoenix@1.7.0");
}

TEST(PurlNormalise, RpmLowerCasesNamespaceOnly) {
    EXPECT_EQ(canonical("pkg:rpm/RedHat/OpenSSL-libs@3.0.7"), "pkg:rpm/redhat/OpenSSL-libs@3.0.7");
}

TEST(PurlNormalise, CaseSensitiveTypesKeepCase) {
    EXPECT_EQ(canonical("pkg:maven/HTTPClient/HTTPClient@0.3-3"),
              "pkg:maven/HTTPClient/HTTPClient@0.3-3");
    EXPECT_EQ(canonical("pkg:npm/JSONStream@1.3.5"), "pkg:npm/JSONStream@1.3.5");
    EXPECT_EQ(canonical("pkg:nuget/Newtonsoft.Json@13.0.1"), "pkg:nuget/Newtonsoft.Json@13.0.1");
}

// --- Canonical round trip ----------------------------------------------------------------

TEST(PurlCanonical, CanonicalStringsRoundTrip) {
    for (std::string_view s : {
             "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar",
             "pkg:npm/%40angular/animation@12.3.1",
             "pkg:pypi/django@1.11.1?file_name=Django-1.11.1.tar.gz",
             "pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c#api",
             "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie",
             "pkg:generic/"
             "openssl@1.1.10g?checksum=sha1:ad9503c3e994a4f%2Csha256:41bf9088b3a1e6c1ef1d",
             "pkg:oci/"
             "debian@sha256:244fd47e07d10?arch=amd64&repository_url=docker.io%2Flibrary%2Fdebian",
             "pkg:cargo/rand@0.9.0",
             "pkg:swift/github.com/Alamofire/Alamofire@5.4.3",
         }) {
        EXPECT_EQ(canonical(s), s);
    }
}

TEST(PurlCanonical, NonCanonicalInputsBecomeCanonical) {
    EXPECT_EQ(canonical("pkg:npm/@babel/core#/lib/"), "pkg:npm/%40babel/core#lib");
    EXPECT_EQ(
        canonical("pkg:npm/mypackage@12.4.5?vcs_url=git://host.com/path/to/repo.git%404345abcd"),
        "pkg:npm/mypackage@12.4.5?vcs_url=git:%2F%2Fhost.com%2Fpath%2Fto%2Frepo.git%404345abcd");
    EXPECT_EQ(canonical("pkg:maven/g/a@1.0.0 Final?mykey=my value"),
              "pkg:maven/g/a@1.0.0%20Final?mykey=my%20value");
}

TEST(PurlCanonical, PackageStringDropsVersionQualifiersSubpath) {
    EXPECT_EQ(package_string(parsed("pkg:npm/%40scope/pkg@1.0.0?x=y#sub")), "pkg:npm/%40scope/pkg");
    EXPECT_EQ(package_string(parsed("pkg:cargo/serde@1.0.0")), "pkg:cargo/serde");
}

TEST(PurlCanonical, BuiltPurlIsEncoded) {
    Purl p;
    p.type = "generic";
    p.name = "a b";
    p.version = "1/2";
    p.qualifiers = {{"z", "1"}, {"a", ""}, {"m", "x&y"}};
    EXPECT_EQ(to_string(p), "pkg:generic/a%20b@1%2F2?m=x%26y&z=1");
}

// --- Invalid inputs, with their reasons ---------------------------------------------------

TEST(PurlInvalid, NoScheme) {
    EXPECT_EQ(error_of("EnterpriseLibrary.Common@6.0.1304"), "a package URL starts with 'pkg:'");
    EXPECT_EQ(error_of("http://example.com/x"), "a package URL starts with 'pkg:'");
}

TEST(PurlInvalid, EncodedSchemeColon) {
    EXPECT_EQ(error_of("pkg%3Amaven/org.apache.commons/io"), "a package URL starts with 'pkg:'");
}

TEST(PurlInvalid, NoTypeOrName) {
    EXPECT_EQ(error_of("pkg:EnterpriseLibrary.Common@6.0.1304"),
              "a package URL needs a type and a name ('pkg:type/name')");
    EXPECT_EQ(error_of("pkg:maven/@1.3.4"), "the package URL has no name");
    EXPECT_EQ(error_of("pkg:swift/github.com/Alamofire/@5.4.3"), "the package URL has no name");
}

TEST(PurlInvalid, BadType) {
    EXPECT_NE(error_of("pkg:3nginx/nginx@0.8.9").find("the type '3nginx'"), std::string::npos);
    EXPECT_NE(error_of("pkg:nginx:a/nginx@0.8.9").find("the type 'nginx:a'"), std::string::npos);
}

TEST(PurlInvalid, BadQualifierKey) {
    EXPECT_NE(error_of("pkg:npm/myartifact@1.0.0?in%20production=true").find("qualifier key"),
              std::string::npos);
    EXPECT_EQ(error_of("pkg:npm/a@1?flag"), "the qualifier 'flag' has no '='");
}

TEST(PurlInvalid, RepeatedQualifier) {
    EXPECT_EQ(error_of("pkg:npm/a@1?arch=x&Arch=y"), "the qualifier 'arch' is repeated");
}

TEST(PurlInvalid, RepeatedQualifierNotAdjacentInInput) {
    EXPECT_EQ(error_of("pkg:npm/a@1?b=1&a=2&c=3&b=4"), "the qualifier 'b' is repeated");
    // An empty value is no pair at all, so it repeats nothing.
    EXPECT_EQ(canonical("pkg:npm/a@1?b=&a=2&b=4"), "pkg:npm/a@1?a=2&b=4");
}

TEST(PurlParse, ManyQualifiersAreSortedAndKept) {
    std::string text = "pkg:generic/x@1?";
    for (int i = 20000; i > 0; --i) {
        text += "k" + std::to_string(i) + "=v";
        if (i > 1) text += '&';
    }
    const Purl p = parsed(text);
    ASSERT_EQ(p.qualifiers.size(), 20000u);
    EXPECT_EQ(p.qualifiers.front().first, "k1");
    EXPECT_EQ(p.qualifiers.back().first, "k9999");
    EXPECT_EQ(error_of(text + "&K77=w"), "the qualifier 'k77' is repeated");
}

TEST(PurlInvalid, MalformedPercentEscape) {
    EXPECT_EQ(error_of("pkg:npm/a%zz@1"), "the name has a malformed percent-escape");
    EXPECT_EQ(error_of("pkg:npm/a@1%2"), "the version has a malformed percent-escape");
}

TEST(PurlInvalid, NamespaceRequiredOrProhibited) {
    EXPECT_EQ(error_of("pkg:maven/log4j-core@2.14.1"), "a maven package URL needs a namespace");
    EXPECT_EQ(error_of("pkg:swift/Alamofire@5.4.3"), "a swift package URL needs a namespace");
    EXPECT_EQ(error_of("pkg:deb/curl@7.0"), "a deb package URL needs a namespace");
    EXPECT_NE(error_of("pkg:vcpkg/boost/asio@1.84.0").find("has no namespace"), std::string::npos);
    EXPECT_NE(error_of("pkg:pypi/org/requests@2.0").find("has no namespace"), std::string::npos);
}

TEST(PurlInvalid, EncodedSlashInSegments) {
    EXPECT_EQ(error_of("pkg:generic/a%2Fb/name@1"), "a namespace segment contains an encoded '/'");
    EXPECT_EQ(error_of("pkg:generic/name@1#a%2Fb"), "a subpath segment contains an encoded '/'");
}

TEST(PurlInvalid, EmptyAndLongInputs) {
    EXPECT_EQ(error_of(""), "an empty string is not a package URL");
    const std::string long_type = "pkg:" + std::string(500, '!') + "/x";
    const std::string reason = error_of(long_type);
    EXPECT_LT(reason.size(), 200u);  // the quoted input is cut
}

// --- OSV ecosystem and package ----------------------------------------------------------

struct OsvCase {
    std::string_view purl, ecosystem, release, name;
};

TEST(PurlOsv, EveryLanguageEcosystem) {
    const std::vector<OsvCase> cases{
        {"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "Maven", "",
         "org.apache.logging.log4j:log4j-core"},
        {"pkg:npm/%40babel/core@7.0.0", "npm", "", "@babel/core"},
        {"pkg:npm/lodash@4.17.20", "npm", "", "lodash"},
        {"pkg:pypi/Requests@2.25.0", "PyPI", "", "requests"},
        {"pkg:golang/golang.org/x/net@v0.17.0", "Go", "", "golang.org/x/net"},
        {"pkg:golang/stdlib@1.21.3", "Go", "", "stdlib"},
        {"pkg:cargo/tokio@1.0.0", "crates.io", "", "tokio"},
        {"pkg:nuget/Newtonsoft.Json@13.0.1", "NuGet", "", "Newtonsoft.Json"},
        {"pkg:gem/rails@7.0.0", "RubyGems", "", "rails"},
        {"pkg:composer/laravel/framework@10.0.0", "Packagist", "", "laravel/framework"},
        {"pkg:pub/http@1.1.0", "Pub", "", "http"},
        {"pkg:hex/plug@1.15.0", "Hex", "", "plug"},
        {"pkg:hex/acme/plug@1.15.0", "Hex", "", "plug"},
        {"pkg:cran/ggplot2@3.4.0", "CRAN", "", "ggplot2"},
        {"pkg:hackage/aeson@2.1.0.0", "Hackage", "", "aeson"},
        {"pkg:swift/github.com/apple/swift-nio@2.40.0", "SwiftURL", "",
         "github.com/apple/swift-nio"},
        {"pkg:github/actions/checkout@v4", "GitHub Actions", "", "actions/checkout"},
        {"pkg:githubactions/actions/checkout@v4", "GitHub Actions", "", "actions/checkout"},
        {"pkg:bitnami/wordpress@6.2.0", "Bitnami", "", "wordpress"},
        {"pkg:conan/openssl@3.0.3", "ConanCenter", "", "openssl"},
        {"pkg:julia/Dates@1.9.0?uuid=ade2ca70-3891-5945-98fb-dc099432e06a", "Julia", "", "Dates"},
        {"pkg:opam/lwt@5.7.0", "opam", "", "lwt"},
        {"pkg:vscode-extension/ms-python/python@2024.10.0", "VSCode", "", "ms-python.python"},
    };
    for (const auto& c : cases) {
        const auto osv = osv_package(parsed(c.purl));
        ASSERT_TRUE(osv.has_value()) << c.purl;
        EXPECT_EQ(osv->ecosystem, c.ecosystem) << c.purl;
        EXPECT_EQ(osv->release, c.release) << c.purl;
        EXPECT_EQ(osv->name, c.name) << c.purl;
    }
}

TEST(PurlOsv, DistributionsWithReleases) {
    const std::vector<OsvCase> cases{
        {"pkg:deb/debian/curl@7.74.0-1.3?distro=debian-11", "Debian", "11", "curl"},
        {"pkg:deb/debian/curl@7.74.0-1.3?distro=debian-11.6", "Debian", "11", "curl"},
        {"pkg:deb/debian/curl@7.74.0-1.3?distro=bullseye", "Debian", "11", "curl"},
        {"pkg:deb/debian/curl@7.88.1-10?distro=bookworm", "Debian", "12", "curl"},
        {"pkg:deb/debian/curl@7.88.1-10", "Debian", "", "curl"},
        {"pkg:deb/debian/libc6@2.36-9?distro=debian-12&upstream=glibc", "Debian", "12", "glibc"},
        {"pkg:deb/debian/libc6@2.36-9?upstream=glibc%402.36-9", "Debian", "", "glibc"},
        {"pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1?distro=ubuntu-22.04", "Ubuntu", "22.04", "openssl"},
        {"pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1?distro=jammy", "Ubuntu", "22.04", "openssl"},
        {"pkg:deb/ubuntu/openssl@1.1.1f?distro=ubuntu-20.04.6", "Ubuntu", "20.04", "openssl"},
        {"pkg:apk/alpine/curl@8.5.0-r0?distro=alpine-3.18.4", "Alpine", "v3.18", "curl"},
        {"pkg:apk/alpine/curl@8.5.0-r0?distro=3.19.1", "Alpine", "v3.19", "curl"},
        {"pkg:apk/alpine/libcrypto3@3.1.4-r0?distro=alpine-3.18&upstream=openssl", "Alpine",
         "v3.18", "openssl"},
        {"pkg:apk/wolfi/git@2.39.0-r1", "Wolfi", "", "git"},
        {"pkg:apk/chainguard/git@2.39.0-r1", "Chainguard", "", "git"},
        {"pkg:rpm/redhat/openssl-libs@3.0.7-24.el9?upstream=openssl-3.0.7-24.el9.src.rpm",
         "Red Hat", "", "openssl-libs"},
        {"pkg:rpm/rocky/"
         "openssl-libs@3.0.7-24.el9?distro=rocky-9.3&upstream=openssl-3.0.7-24.el9.src.rpm",
         "Rocky Linux", "9", "openssl"},
        {"pkg:rpm/almalinux/bash@5.1.8-6.el9?distro=almalinux-9", "AlmaLinux", "9", "bash"},
        {"pkg:rpm/suse/curl@8.0.1", "SUSE", "", "curl"},
        {"pkg:rpm/opensuse/curl@8.0.1", "openSUSE", "", "curl"},
    };
    for (const auto& c : cases) {
        const auto osv = osv_package(parsed(c.purl));
        ASSERT_TRUE(osv.has_value()) << c.purl;
        EXPECT_EQ(osv->ecosystem, c.ecosystem) << c.purl;
        EXPECT_EQ(osv->release, c.release) << c.purl;
        EXPECT_EQ(osv->name, c.name) << c.purl;
    }
}

TEST(PurlOsv, UnknownReleasesAreEmpty) {
    EXPECT_EQ(osv_package(parsed("pkg:deb/debian/x@1?distro=hamm"))->release, "");
    EXPECT_EQ(osv_package(parsed("pkg:apk/alpine/x@1?distro=alpine-edge"))->release, "");
}

TEST(PurlOsv, TypesWithoutOsvEcosystem) {
    for (std::string_view s :
         {"pkg:generic/openssl@1.1.1", "pkg:docker/library/nginx@1.25", "pkg:oci/nginx@sha256:abc",
          "pkg:deb/raspbian/curl@7.0", "pkg:apk/postmarketos/x@1", "pkg:rpm/fedora/curl@8.0",
          "pkg:cocoapods/Alamofire@5.4.0"}) {
        EXPECT_FALSE(osv_package(parsed(s)).has_value()) << s;
    }
}

// --- Package-name normalisation -------------------------------------------------------------

TEST(PurlNormalizeName, PypiPep503) {
    EXPECT_EQ(normalize_package_name("PyPI", "Foo_Bar.baz"), "foo-bar-baz");
    EXPECT_EQ(normalize_package_name("PyPI", "zope.interface"), "zope-interface");
    EXPECT_EQ(normalize_package_name("PyPI", "a__-._b"), "a-b");
    EXPECT_EQ(normalize_package_name("PyPI", "Django"), "django");
}

TEST(PurlNormalizeName, LowerCasedEcosystems) {
    EXPECT_EQ(normalize_package_name("npm", "JSONStream"), "jsonstream");
    EXPECT_EQ(normalize_package_name("NuGet", "Newtonsoft.Json"), "newtonsoft.json");
    EXPECT_EQ(normalize_package_name("Packagist", "Laravel/Framework"), "laravel/framework");
    EXPECT_EQ(normalize_package_name("Pub", "HTTP"), "http");
    EXPECT_EQ(normalize_package_name("Debian:12", "LibSSL3"), "libssl3");
    EXPECT_EQ(normalize_package_name("Alpine:v3.18", "Curl"), "curl");
}

TEST(PurlNormalizeName, CaseSensitiveEcosystemsAsWritten) {
    EXPECT_EQ(normalize_package_name("Maven", "org.Apache:Log4j"), "org.Apache:Log4j");
    EXPECT_EQ(normalize_package_name("Go", "github.com/Masterminds/semver"),
              "github.com/Masterminds/semver");
    EXPECT_EQ(normalize_package_name("crates.io", "Inflector"), "Inflector");
    EXPECT_EQ(normalize_package_name("RubyGems", "RedCloth"), "RedCloth");
}

TEST(PurlNormalizeName, SwiftUrlWithoutSchemeAndGitSuffix) {
    EXPECT_EQ(normalize_package_name("SwiftURL", "https://github.com/apple/swift-nio.git"),
              "github.com/apple/swift-nio");
    EXPECT_EQ(normalize_package_name("SwiftURL", "github.com/apple/swift-nio"),
              "github.com/apple/swift-nio");
}

}  // namespace
}  // namespace wasp::vuln
