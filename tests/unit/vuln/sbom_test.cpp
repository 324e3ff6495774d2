// SBOM readers: the public CycloneDX and SPDX fixtures (cdxgen, npm sbom), hand-written graphs
// with nesting and cycles, and malformed or hostile input.
#include "vuln/sbom.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace wasp::vuln {
namespace {

const std::string kDir = "tests/fixtures/vuln/sbom/";

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << path;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Read {
    Sbom sbom;
    core::Diagnostics warnings;
};

Read read_ok(const std::string& relative) {
    Read r;
    const std::string text = slurp(kDir + relative);
    auto sbom = read_sbom(text, relative, r.warnings);
    EXPECT_TRUE(sbom.has_value()) << relative << ": " << (sbom ? "" : sbom.error().str());
    if (sbom) r.sbom = std::move(*sbom);
    return r;
}

core::Diagnostic read_error(std::string_view text, core::Diagnostics& warnings) {
    auto sbom = read_sbom(text, "bad.json", warnings);
    EXPECT_FALSE(sbom.has_value());
    return sbom ? core::Diagnostic{} : sbom.error();
}

const Component* find(const Sbom& s, std::string_view name, std::string_view version = {}) {
    for (const auto& c : s.components) {
        if (c.name == name && (version.empty() || c.version == version)) return &c;
    }
    return nullptr;
}

std::vector<std::string> codes(const core::Diagnostics& d) {
    std::vector<std::string> out;
    for (const auto& x : d) out.push_back(x.code + " " + x.location.pointer);
    return out;
}

// --- cdxgen's Log4Shell demo: CycloneDX 1.4, 1.5, 1.7 ------------------------------------

TEST(SbomCycloneDx, Log4ShellDemoEveryVersion) {
    for (std::string_view version : {"1.4", "1.5", "1.7"}) {
        const std::string file = "cdxgen-log4shell-demo/bom.cdx-" + std::string(version) + ".json";
        const Read r = read_ok(file);
        EXPECT_TRUE(r.warnings.empty()) << file << ": " << r.warnings.front().str();
        EXPECT_EQ(r.sbom.format, SbomFormat::kCycloneDx);
        EXPECT_EQ(r.sbom.spec_version, version);
        EXPECT_EQ(r.sbom.file, file);
        EXPECT_TRUE(r.sbom.serial.starts_with("urn:uuid:")) << r.sbom.serial;
        EXPECT_EQ(r.sbom.subject, "");  // cdxgen wrote no metadata.component
        ASSERT_EQ(r.sbom.components.size(), 7u) << file;
        const Component* core = find(r.sbom, "log4j-core", "2.14.1");
        ASSERT_NE(core, nullptr) << file;
        EXPECT_EQ(core->purl, "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar");
        EXPECT_EQ(core->ecosystem, "Maven");
        EXPECT_EQ(core->release, "");
        EXPECT_EQ(core->package, "org.apache.logging.log4j:log4j-core");
        EXPECT_EQ(core->bom_ref, "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar");
        EXPECT_EQ(core->path, "log4j-core@2.14.1");  // no dependency graph in the file
        EXPECT_EQ(core->location.file, file);
        EXPECT_EQ(core->location.pointer, "/components/0");
        const Component* jackson = find(r.sbom, "jackson-databind");
        ASSERT_NE(jackson, nullptr);
        EXPECT_EQ(jackson->package, "com.fasterxml.jackson.core:jackson-databind");
        EXPECT_EQ(jackson->version, "2.9.10.1");
        EXPECT_EQ(jackson->location.pointer, "/components/4");
        EXPECT_TRUE(r.sbom.vex.empty());
    }
}

TEST(SbomSpdx3, Log4ShellDemo) {
    const Read r = read_ok("cdxgen-log4shell-demo/bom.spdx-3.0.1.json");
    EXPECT_TRUE(r.warnings.empty());
    EXPECT_EQ(r.sbom.format, SbomFormat::kSpdx3);
    EXPECT_EQ(r.sbom.spec_version, "3.0.1");
    EXPECT_EQ(r.sbom.serial,
              "urn:cdxgen:spdx:aa3fe768-777a-4fa8-8689-7a89a844bd1d#SPDXRef-DOCUMENT");
    ASSERT_EQ(r.sbom.components.size(), 7u);
    // The document's rootElement is log4j-core, so that is what it describes.
    EXPECT_EQ(r.sbom.subject, "log4j-core@2.14.1");
    const Component* core = find(r.sbom, "log4j-core", "2.14.1");
    ASSERT_NE(core, nullptr);
    EXPECT_EQ(core->purl, "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar");
    EXPECT_EQ(core->ecosystem, "Maven");
    EXPECT_EQ(core->package, "org.apache.logging.log4j:log4j-core");
    EXPECT_EQ(core->bom_ref,
              "urn:cdxgen:spdx:aa3fe768-777a-4fa8-8689-7a89a844bd1d#SPDXRef-pkg-maven-org.apache."
              "logging.log4j-log4j-core-2.14.1-type-jar");
    EXPECT_EQ(core->path, "log4j-core@2.14.1");
    EXPECT_EQ(core->location.pointer, "/@graph/2");
    const Component* text = find(r.sbom, "commons-text");
    ASSERT_NE(text, nullptr);
    EXPECT_EQ(text->version, "1.9");
    EXPECT_EQ(text->location.pointer, "/@graph/8");
}

// --- npm sbom: CycloneDX 1.5 and SPDX 2.3 of the same project ----------------------------

TEST(SbomCycloneDx, NpmDemo) {
    const Read r = read_ok("npm-sbom-demo/bom.cdx.json");
    EXPECT_TRUE(r.warnings.empty());
    EXPECT_EQ(r.sbom.spec_version, "1.5");
    ASSERT_EQ(r.sbom.components.size(), 69u);  // 68 packages and the project itself
    EXPECT_EQ(r.sbom.subject, "npmdemo@1.0.0");
    const Component& root = r.sbom.components.front();
    EXPECT_EQ(root.name, "npmdemo");
    EXPECT_EQ(root.purl, "pkg:npm/wasp-npm-demo@1.0.0");
    EXPECT_EQ(root.location.pointer, "/metadata/component");
    EXPECT_EQ(root.path, "npmdemo@1.0.0");

    const Component* lodash = find(r.sbom, "lodash");
    ASSERT_NE(lodash, nullptr);
    EXPECT_EQ(lodash->ecosystem, "npm");
    EXPECT_EQ(lodash->package, "lodash");
    EXPECT_EQ(lodash->version, "4.17.20");
    EXPECT_EQ(lodash->purl, "pkg:npm/lodash@4.17.20");
    EXPECT_EQ(lodash->bom_ref, "lodash@4.17.20");
    EXPECT_EQ(lodash->path, "npmdemo@1.0.0 > lodash@4.17.20");

    const Component* qs = find(r.sbom, "qs", "6.7.0");
    ASSERT_NE(qs, nullptr);
    EXPECT_EQ(qs->path, "npmdemo@1.0.0 > express@4.17.1 > qs@6.7.0");
    const Component* ms = find(r.sbom, "ms", "2.0.0");
    ASSERT_NE(ms, nullptr);
    EXPECT_EQ(ms->path, "npmdemo@1.0.0 > express@4.17.1 > debug@2.6.9 > ms@2.0.0");
    const Component* redirects = find(r.sbom, "follow-redirects");
    ASSERT_NE(redirects, nullptr);
    EXPECT_EQ(redirects->path, "npmdemo@1.0.0 > axios@0.21.0 > follow-redirects@1.16.3");
    // Every component is reached from the project.
    for (const auto& c : r.sbom.components) {
        EXPECT_TRUE(c.path.starts_with("npmdemo@1.0.0")) << c.name << ": " << c.path;
        EXPECT_EQ(c.ecosystem, "npm") << c.name;
    }
}

TEST(SbomSpdx2, NpmDemo) {
    const Read r = read_ok("npm-sbom-demo/bom.spdx-2.3.json");
    EXPECT_TRUE(r.warnings.empty());
    EXPECT_EQ(r.sbom.format, SbomFormat::kSpdx2);
    EXPECT_EQ(r.sbom.spec_version, "SPDX-2.3");
    EXPECT_EQ(r.sbom.serial,
              "http://spdx.org/spdxdocs/wasp-npm-demo-1.0.0-f770a16a-f36a-42bd-bd26-3da21fd659cb");
    ASSERT_EQ(r.sbom.components.size(), 69u);
    EXPECT_EQ(r.sbom.subject, "wasp-npm-demo@1.0.0");
    const Component* qs = find(r.sbom, "qs", "6.7.0");
    ASSERT_NE(qs, nullptr);
    EXPECT_EQ(qs->bom_ref, "SPDXRef-Package-qs-6.7.0");
    EXPECT_EQ(qs->package, "qs");
    EXPECT_EQ(qs->path, "wasp-npm-demo@1.0.0 > express@4.17.1 > qs@6.7.0");
    const Component* lodash = find(r.sbom, "lodash");
    ASSERT_NE(lodash, nullptr);
    EXPECT_EQ(lodash->location.pointer,
              "/packages/" + std::to_string(lodash - r.sbom.components.data()));
    EXPECT_EQ(lodash->path, "wasp-npm-demo@1.0.0 > lodash@4.17.20");
}

// --- CycloneDX: nesting, cycles, duplicates, embedded VEX --------------------------------

TEST(SbomCycloneDx, NestedComponentsAndCycles) {
    const Read r = read_ok("wasp/shop-api-nested-cycle.cdx.json");
    const auto& s = r.sbom;
    EXPECT_EQ(s.spec_version, "1.6");
    EXPECT_EQ(s.subject, "shop-api@1.0");
    ASSERT_EQ(s.components.size(), 14u);

    const Component* core = find(s, "log4j-core");
    ASSERT_NE(core, nullptr);
    EXPECT_EQ(core->path, "shop-api@1.0 > spring-boot-starter-log4j2@2.6.1 > log4j-core@2.14.1");
    EXPECT_EQ(core->location.pointer, "/components/1");
    // log4j-api -> starter closes a cycle: the shortest path still ends at log4j-api.
    EXPECT_EQ(find(s, "log4j-api")->path,
              "shop-api@1.0 > spring-boot-starter-log4j2@2.6.1 > log4j-core@2.14.1 > "
              "log4j-api@2.14.1");

    // Nesting gives the path of nested components.
    const Component* flask = find(s, "Flask_Cors");
    ASSERT_NE(flask, nullptr);
    EXPECT_EQ(flask->path, "shop-api@1.0 > worker@1.0 > urllib3@1.26.4 > Flask_Cors@3.0.9");
    EXPECT_EQ(flask->location.pointer, "/components/3/components/1/components/0");
    EXPECT_EQ(flask->purl, "pkg:pypi/flask-cors@3.0.9");
    EXPECT_EQ(flask->package, "flask-cors");
    EXPECT_EQ(find(s, "requests")->path, "shop-api@1.0 > worker@1.0 > requests@2.25.0");

    // A component without purl keeps its group in the name; nothing is guessed for it.
    const Component* io = find(s, "commons-io:commons-io");
    ASSERT_NE(io, nullptr);
    EXPECT_EQ(io->purl, "");
    EXPECT_EQ(io->ecosystem, "");
    EXPECT_EQ(io->path, "commons-io:commons-io@2.6");

    // A bad purl: the component stays, unmatched.
    const Component* broken = find(s, "broken");
    ASSERT_NE(broken, nullptr);
    EXPECT_EQ(broken->purl, "");

    // Debian package: the source package and the release from the purl.
    const Component* ssl = find(s, "libssl3");
    ASSERT_NE(ssl, nullptr);
    EXPECT_EQ(ssl->ecosystem, "Debian");
    EXPECT_EQ(ssl->release, "12");
    EXPECT_EQ(ssl->package, "openssl");
    EXPECT_EQ(ssl->path, "shop-api@1.0 > libssl3@3.0.11-1~deb12u2");

    // A cycle no root reaches still gets paths.
    EXPECT_EQ(find(s, "orphan-a")->path, "orphan-a@1");
    EXPECT_EQ(find(s, "orphan-b")->path, "orphan-a@1 > orphan-b@1");

    const auto c = codes(r.warnings);
    EXPECT_EQ(c, (std::vector<std::string>{"sbom-purl /components/5", "sbom-bom-ref /components/6",
                                           "sbom-graph /dependencies"}));
    EXPECT_NE(r.warnings[1].message.find("'log4j-api' is used before, at /components/2"),
              std::string::npos);
    EXPECT_NE(r.warnings[2].message.find("1 dependency references"), std::string::npos);
    EXPECT_NE(r.warnings[2].message.find("'ghost'"), std::string::npos);
}

TEST(SbomCycloneDx, EmbeddedVexStatements) {
    const Read r = read_ok("wasp/shop-api-nested-cycle.cdx.json");
    ASSERT_EQ(r.sbom.vex.size(), 2u);  // the third vulnerability has no analysis
    const VexStatement& a = r.sbom.vex[0];
    EXPECT_EQ(a.vulnerability, "CVE-2021-44228");
    EXPECT_EQ(a.aliases, std::vector<std::string>{"GHSA-jfh8-c2jp-5v3q"});
    EXPECT_EQ(a.status, VexStatus::kAffected);
    EXPECT_EQ(a.timestamp, "2024-05-02T00:00:00Z");
    EXPECT_EQ(a.products,
              (std::vector<std::string>{"log4j-core",
                                        "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}));
    EXPECT_EQ(a.location.pointer, "/vulnerabilities/0");
    const VexStatement& b = r.sbom.vex[1];
    EXPECT_EQ(b.status, VexStatus::kNotAffected);
    EXPECT_EQ(b.justification, "code_not_reachable");
    EXPECT_EQ(b.timestamp, "2024-05-01T10:00:00Z");  // the document's
    // A BOM-Link to this BOM resolves to the component's purl as well.
    EXPECT_EQ(b.products,
              (std::vector<std::string>{"urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#log4j-core",
                                        "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}));
}

TEST(SbomCycloneDx, VexExampleBomWithMetadataComponent) {
    const Read r = read_ok("cyclonedx-vex-examples/bom.json");
    EXPECT_EQ(r.sbom.spec_version, "1.3");
    ASSERT_EQ(r.sbom.components.size(), 4u);
    EXPECT_EQ(r.sbom.subject, "example-app@1.0.0");
    const Component* databind = find(r.sbom, "jackson-databind");
    ASSERT_NE(databind, nullptr);
    EXPECT_EQ(databind->package, "com.fasterxml.jackson.core:jackson-databind");
    EXPECT_EQ(databind->version, "2.10.0");
}

TEST(SbomCycloneDx, EveryVexExampleReadsAsAnSbom) {
    const std::vector<std::string> files{"CISA-Use-Cases__Case-1__vex-affected.json",
                                         "CISA-Use-Cases__Case-2__vex.json",
                                         "CISA-Use-Cases__Case-7__bom-1.json",
                                         "Use-Cases__Case-9__bom-2.json",
                                         "Use-Cases__Case-13__vex.json",
                                         "vex.json"};
    for (const auto& f : files) {
        const Read r = read_ok("cyclonedx-vex-examples/" + f);
        EXPECT_EQ(r.sbom.spec_version, "1.4") << f;
    }
}

// --- SPDX 2.2 with a dependency graph -------------------------------------------------------

TEST(SbomSpdx2, DependsOnGraph) {
    const Read r = read_ok("wasp/python-app-depends-on.spdx-2.2.json");
    EXPECT_TRUE(r.warnings.empty()) << r.warnings.front().str();
    const auto& s = r.sbom;
    EXPECT_EQ(s.spec_version, "SPDX-2.2");
    EXPECT_EQ(s.subject, "python-app@1.0");
    EXPECT_EQ(s.serial, "https://example.com/spdxdocs/python-app-1.0");
    ASSERT_EQ(s.components.size(), 7u);
    EXPECT_EQ(find(s, "python-app")->path, "python-app@1.0");
    EXPECT_EQ(find(s, "python-app")->purl, "");
    EXPECT_EQ(find(s, "Flask")->path, "python-app@1.0 > Flask@2.0.1");
    const Component* werkzeug = find(s, "Werkzeug");
    ASSERT_NE(werkzeug, nullptr);
    EXPECT_EQ(werkzeug->purl, "pkg:pypi/werkzeug@2.0.1");  // the purl, not the cpe, is read
    EXPECT_EQ(werkzeug->ecosystem, "PyPI");
    EXPECT_EQ(werkzeug->package, "werkzeug");
    EXPECT_EQ(werkzeug->bom_ref, "SPDXRef-werkzeug");
    EXPECT_EQ(werkzeug->location.pointer, "/packages/2");
    EXPECT_EQ(werkzeug->path, "python-app@1.0 > Flask@2.0.1 > Werkzeug@2.0.1");
    // DEPENDENCY_OF is read backwards; of two shortest paths the first found is kept.
    EXPECT_EQ(find(s, "MarkupSafe")->path,
              "python-app@1.0 > Flask@2.0.1 > Werkzeug@2.0.1 > MarkupSafe@2.0.1");
    EXPECT_EQ(find(s, "MarkupSafe")->package, "markupsafe");
    const Component* zlib = find(s, "zlib1g");
    ASSERT_NE(zlib, nullptr);
    EXPECT_EQ(zlib->path, "python-app@1.0 > zlib1g@1:1.2.11.dfsg-2+deb11u2");  // CONTAINED_BY
    EXPECT_EQ(zlib->ecosystem, "Debian");
    EXPECT_EQ(zlib->release, "11");
    EXPECT_EQ(zlib->package, "zlib");
    const Component* musl = find(s, "musl");
    ASSERT_NE(musl, nullptr);
    EXPECT_EQ(musl->path, "musl@1.2.2-r7");  // reached by nothing
    EXPECT_EQ(musl->ecosystem, "Alpine");
    EXPECT_EQ(musl->release, "v3.14");
}

TEST(SbomSpdx2, UnknownVersionIsReadWithAWarning) {
    const std::string text = R"({"spdxVersion": "SPDX-2.1", "SPDXID": "SPDXRef-DOCUMENT",
        "name": "doc", "packages": [{"SPDXID": "SPDXRef-a", "name": "a", "versionInfo": "1"}]})";
    core::Diagnostics w;
    auto s = read_sbom(text, "old.spdx.json", w);
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->components.size(), 1u);
    EXPECT_EQ(s->subject, "doc");  // nothing described: the document's name
    ASSERT_EQ(w.size(), 1u);
    EXPECT_EQ(w[0].code, "sbom-version");
    EXPECT_EQ(w[0].location.pointer, "/spdxVersion");
}

TEST(SbomSpdx3, RelationshipsGivePaths) {
    const std::string text = R"({
      "@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
      "@graph": [
        {"type": "Relationship", "spdxId": "r1", "from": "app", "to": ["lib"],
         "relationshipType": "dependsOn"},
        {"type": "Relationship", "spdxId": "r2", "from": "lib", "to": "leaf",
         "relationshipType": "contains"},
        {"type": "software_Package", "spdxId": "leaf", "name": "leaf", "software_packageVersion": "3",
         "externalIdentifier": [{"type": "ExternalIdentifier",
           "externalIdentifierType": "packageUrl", "identifier": "pkg:cargo/leaf@3"}]},
        {"type": "software_Package", "spdxId": "lib", "name": "lib", "software_packageVersion": "2"},
        {"type": "software_Package", "spdxId": "app", "name": "app", "software_packageVersion": "1"},
        {"type": "SpdxDocument", "spdxId": "doc", "rootElement": ["app"]}
      ]})";
    core::Diagnostics w;
    auto s = read_sbom(text, "x.spdx3.json", w);
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->spec_version, "3.0.1");  // from the context URL
    ASSERT_EQ(s->components.size(), 3u);
    EXPECT_EQ(s->subject, "app@1");
    EXPECT_EQ(find(*s, "leaf")->path, "app@1 > lib@2 > leaf@3");
    EXPECT_EQ(find(*s, "leaf")->ecosystem, "crates.io");
    EXPECT_TRUE(w.empty());
}

// --- Paths: long chains and warnings caps --------------------------------------------------

std::string chain_sbom(int n) {
    std::string text = R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[)";
    for (int i = 0; i < n; ++i) {
        if (i > 0) text += ',';
        text += R"({"bom-ref":"c)" + std::to_string(i) + R"(","name":"c)" + std::to_string(i) +
                R"(","version":"1"})";
    }
    text += R"(],"dependencies":[)";
    for (int i = 0; i + 1 < n; ++i) {
        if (i > 0) text += ',';
        text += R"({"ref":"c)" + std::to_string(i) + R"(","dependsOn":["c)" +
                std::to_string(i + 1) + R"("]})";
    }
    return text + "]}";
}

TEST(SbomPaths, LongChainsKeepHeadAndTail) {
    core::Diagnostics w;
    auto s = read_sbom(chain_sbom(40), "chain.json", w);
    ASSERT_TRUE(s.has_value());
    ASSERT_EQ(s->components.size(), 40u);
    EXPECT_EQ(s->components[15].path,
              "c0@1 > c1@1 > c2@1 > c3@1 > c4@1 > c5@1 > c6@1 > c7@1 > c8@1 > c9@1 > c10@1 > "
              "c11@1 > c12@1 > c13@1 > c14@1 > c15@1");
    EXPECT_EQ(s->components[39].path,
              "c0@1 > c1@1 > c2@1 > ... > c28@1 > c29@1 > c30@1 > c31@1 > c32@1 > c33@1 > c34@1 > "
              "c35@1 > c36@1 > c37@1 > c38@1 > c39@1");
}

TEST(SbomPaths, LargeGraphIsReadWhole) {
    core::Diagnostics w;
    auto s = read_sbom(chain_sbom(20000), "big.json", w);
    ASSERT_TRUE(s.has_value());
    ASSERT_EQ(s->components.size(), 20000u);
    EXPECT_TRUE(s->components.back().path.starts_with("c0@1 > c1@1 > c2@1 > ... > c19988@1"));
    EXPECT_TRUE(w.empty());
}

TEST(SbomWarnings, FloodsAreCapped) {
    std::string text = R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[)";
    for (int i = 0; i < 250; ++i) {
        if (i > 0) text += ',';
        text += R"({"name":"x","purl":"pkg:maven/x@1"})";
    }
    text += "]}";
    core::Diagnostics w;
    auto s = read_sbom(text, "flood.json", w);
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->components.size(), 250u);
    ASSERT_EQ(w.size(), 101u);
    EXPECT_EQ(w.back().message, "150 more warnings like the 100 above are not listed");
    EXPECT_EQ(w.back().code, "sbom-purl");
}

// --- Malformed and hostile input ----------------------------------------------------------

TEST(SbomErrors, SyntaxErrorHasLineAndColumn) {
    const std::string text = slurp(kDir + "wasp/malformed-truncated.cdx.json");
    core::Diagnostics w;
    auto s = read_sbom(text, "wasp/malformed-truncated.cdx.json", w);
    ASSERT_FALSE(s.has_value());
    EXPECT_EQ(s.error().code, "sbom-syntax");
    EXPECT_EQ(s.error().location.file, "wasp/malformed-truncated.cdx.json");
    EXPECT_EQ(s.error().location.mark.line, 6u);
    EXPECT_GT(s.error().location.mark.column, 0u);
    EXPECT_TRUE(s.error().message.starts_with("invalid JSON")) << s.error().message;
}

TEST(SbomErrors, NeitherFormatIsAnErrorAtTheFirstToken) {
    const std::string text = slurp(kDir + "wasp/malformed-not-an-sbom.json");
    core::Diagnostics w;
    const auto e = read_error(text, w);
    EXPECT_EQ(e.code, "sbom-format");
    EXPECT_EQ(e.location.mark.line, 2u);
    EXPECT_EQ(e.location.mark.column, 3u);
    EXPECT_EQ(e.str().substr(0, 13), "bad.json:2:3:");
}

TEST(SbomErrors, OpenVexIsNotAnSbom) {
    const std::string text = slurp(kDir + "wasp/shop-api.openvex.json");
    core::Diagnostics w;
    EXPECT_EQ(read_error(text, w).code, "sbom-format");
}

TEST(SbomErrors, WrongBomFormat) {
    core::Diagnostics w;
    const auto e = read_error(R"({"bomFormat": "SPDX", "specVersion": "1.5"})", w);
    EXPECT_EQ(e.code, "sbom-format");
    EXPECT_EQ(e.message, "\"bomFormat\" is not \"CycloneDX\"");
}

TEST(SbomErrors, NotAnObjectEmptyOrDeep) {
    core::Diagnostics w;
    EXPECT_EQ(read_error("[1, 2]", w).code, "sbom-syntax");
    EXPECT_EQ(read_error("", w).code, "sbom-syntax");
    EXPECT_EQ(read_error("   \n  ", w).code, "sbom-syntax");
    const std::string deep = std::string(300, '[') + std::string(300, ']');
    const auto e = read_error(deep, w);
    EXPECT_EQ(e.code, "sbom-syntax");
    EXPECT_EQ(e.location.mark.line, 1u);
    std::string nested = R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":)";
    for (int i = 0; i < 200; ++i) nested += R"([{"name":"n","components":)";
    nested += "[]";
    for (int i = 0; i < 200; ++i) nested += "}]";
    nested += "}";
    EXPECT_EQ(read_error(nested, w).message, "JSON nested more than 256 levels deep");
    EXPECT_TRUE(w.empty());
}

TEST(SbomErrors, ComponentNestingIsCapped) {
    std::string text = R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":)";
    for (int i = 0; i < 40; ++i)
        text += R"([{"name":"n)" + std::to_string(i) + R"(","components":)";
    text += "[]";
    for (int i = 0; i < 40; ++i) text += "}]";
    text += "}";
    core::Diagnostics w;
    auto s = read_sbom(text, "nest.json", w);
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->components.size(), 32u);
    ASSERT_EQ(w.size(), 1u);
    EXPECT_EQ(w[0].code, "sbom-component");
    EXPECT_TRUE(s->components.back().path.starts_with("n0 > n1 > n2 > "));
}

TEST(SbomErrors, HostileFieldsAreWarningsWithPointers) {
    const Read r = read_ok("wasp/malformed-hostile-fields.cdx.json");
    const auto& s = r.sbom;
    ASSERT_EQ(s.components.size(), 3u);
    EXPECT_EQ(s.components[0].name, "app");  // the name from the purl: "name" was a number
    EXPECT_EQ(s.components[0].version, "1.0.0");
    EXPECT_EQ(s.components[1].name, "left-pad");
    EXPECT_EQ(s.components[1].version, "1.3.0");  // the purl's: "version" was a number
    EXPECT_EQ(s.components[2].name, "x");
    EXPECT_EQ(s.components[2].purl, "");
    EXPECT_EQ(s.components[1].path, "left-pad@1.3.0");
    EXPECT_EQ(codes(r.warnings), (std::vector<std::string>{
                                     "sbom-version /specVersion",
                                     "sbom-field /metadata/component/name",
                                     "sbom-component /components/0",
                                     "sbom-field /components/1/version",
                                     "sbom-field /components/2/purl",
                                     "sbom-field /components/2/components",
                                     "sbom-component /components/3",
                                     "sbom-field /dependencies/0/dependsOn",
                                     "sbom-graph /dependencies/1/dependsOn/1",
                                     "sbom-graph /dependencies/2",
                                 }));
    for (const auto& d : r.warnings) {
        EXPECT_EQ(d.level, core::DiagLevel::kWarning);
        EXPECT_EQ(d.location.file, "wasp/malformed-hostile-fields.cdx.json");
    }
}

TEST(SbomFormatNames, ToString) {
    EXPECT_EQ(to_string(SbomFormat::kCycloneDx), "CycloneDX");
    EXPECT_EQ(to_string(SbomFormat::kSpdx2), "SPDX 2");
    EXPECT_EQ(to_string(SbomFormat::kSpdx3), "SPDX 3");
}

}  // namespace
}  // namespace wasp::vuln
