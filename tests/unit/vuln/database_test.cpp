// The advisory database: one record per id (the latest "modified"), withdrawn records dropped,
// aliases merged into vulnerabilities, the package index; loading JSON files, folders and zip
// archives (built here with libzip, and the real Go and PyPI exports of
// tests/fixtures/vuln/osv/), with every problem a diagnostic naming the file and entry.
#include "vuln/database.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>

#include "vuln/purl.h"

namespace wasp::vuln {
namespace {
namespace fs = std::filesystem;

const fs::path kOsv = "tests/fixtures/vuln/osv";

// A record as JSON text: id, modified, aliases, and one affected entry per (ecosystem, name).
std::string record_json(std::string_view id,
                        std::string_view modified,
                        const std::vector<std::string>& aliases = {},
                        const std::vector<std::pair<std::string, std::string>>& packages = {},
                        std::string_view extra = {}) {
    std::string out = "{\"id\":\"" + std::string(id) + "\",\"modified\":\"" +
                      std::string(modified) + "\",\"aliases\":[";
    for (std::size_t i = 0; i < aliases.size(); ++i) {
        out += (i ? ",\"" : "\"") + aliases[i] + "\"";
    }
    out += "],\"affected\":[";
    for (std::size_t i = 0; i < packages.size(); ++i) {
        out += std::string(i ? "," : "") + "{\"package\":{\"ecosystem\":\"" + packages[i].first +
               "\",\"name\":\"" + packages[i].second +
               "\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"}]}]}";
    }
    out += "]";
    out += extra;
    out += "}";
    return out;
}

Advisory record(std::string_view id,
                std::string_view modified,
                const std::vector<std::string>& aliases = {},
                const std::vector<std::pair<std::string, std::string>>& packages = {},
                std::string_view extra = {},
                std::string source = "test.json") {
    auto adv = parse_osv(record_json(id, modified, aliases, packages, extra), std::move(source));
    EXPECT_TRUE(adv.has_value()) << (adv ? "" : adv.error());
    return adv ? std::move(*adv) : Advisory{};
}

// A fresh directory for one test, removed at the end.
class TempDir {
  public:
    TempDir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        path_ = fs::temp_directory_path() / ("wasp-db-" + std::to_string(::getpid()) + "-" +
                                             info->test_suite_name() + "-" + info->name());
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const fs::path& path() const { return path_; }
    fs::path write(const std::string& relative, std::string_view text) const {
        fs::path p = path_ / relative;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << text;
        return p;
    }

  private:
    fs::path path_;
};

struct Entry {
    std::string name, data;
    bool store = false;  // uncompressed
};

// Writes a zip archive with libzip; the entry data must outlive zip_close.
void make_zip(const fs::path& path, const std::vector<Entry>& entries) {
    int error = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    ASSERT_NE(z, nullptr) << error;
    for (const auto& e : entries) {
        zip_source_t* src = zip_source_buffer(z, e.data.data(), e.data.size(), 0);
        ASSERT_NE(src, nullptr);
        const zip_int64_t index = zip_file_add(z, e.name.c_str(), src, ZIP_FL_ENC_UTF_8);
        ASSERT_GE(index, 0) << zip_strerror(z);
        if (e.store) {
            ASSERT_EQ(
                zip_set_file_compression(z, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0), 0);
        }
    }
    ASSERT_EQ(zip_close(z), 0);
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> ids_of(const Database& db) {
    std::vector<std::string> out;
    for (const auto& a : db.advisories()) out.push_back(a.id);
    return out;
}

std::vector<std::string> messages(const core::Diagnostics& diags) {
    std::vector<std::string> out;
    for (const auto& d : diags) out.push_back(d.location.file + ": " + d.code + ": " + d.message);
    return out;
}

Database load(std::vector<fs::path> sources,
              core::Diagnostics& diags,
              unsigned threads = 2,
              std::size_t max_record_bytes = 16u << 20) {
    LoadOptions options;
    options.threads = threads;
    options.max_record_bytes = max_record_bytes;
    return Database::load(sources, options, diags);
}

// --- from_records: one record per id --------------------------------------------------------

TEST(OsvDatabase, DuplicateIdsKeepTheLatestModified) {
    std::vector<Advisory> records;
    records.push_back(record("GHSA-aaaa", "2023-01-01T00:00:00Z", {"CVE-2023-1"}));
    records.push_back(record("GHSA-aaaa", "2024-06-01T00:00:00Z", {"CVE-2023-2"}));
    records.push_back(record("GHSA-aaaa", "2022-01-01T00:00:00Z", {"CVE-2023-3"}));
    records.push_back(record("GHSA-bbbb", "2020-01-01T00:00:00Z"));
    Database db = Database::from_records(records);
    ASSERT_EQ(ids_of(db), (std::vector<std::string>{"GHSA-aaaa", "GHSA-bbbb"}));
    EXPECT_EQ(db.advisories()[0].modified, "2024-06-01T00:00:00Z");
    EXPECT_EQ(db.advisories()[0].aliases, std::vector<std::string>{"CVE-2023-2"});
    EXPECT_EQ(db.stats().records, 2u);
    EXPECT_EQ(db.stats().duplicates, 2u);
    // The older aliases are gone with their record.
    EXPECT_EQ(db.find("CVE-2023-1"), nullptr);
    EXPECT_NE(db.find("CVE-2023-2"), nullptr);
    // Whatever the input order.
    std::reverse(records.begin(), records.end());
    Database reversed = Database::from_records(records);
    EXPECT_EQ(reversed.advisories()[0].modified, "2024-06-01T00:00:00Z");
}

TEST(OsvDatabase, ModifiedTimesCompareAsTimesNotAsStrings) {
    // The same second with and without a fraction, and fractions of different lengths: as
    // strings ".9Z" sorts after ".911618Z" and "09Z" after "09.5Z".
    struct Case {
        std::string older, newer;
    };
    const std::vector<Case> cases{
        {"2024-02-14T07:20:09Z", "2024-02-14T07:20:09.911618Z"},
        {"2024-02-14T07:20:09.9Z", "2024-02-14T07:20:09.911618Z"},
        {"2024-02-14T07:20:09.911618Z", "2024-02-14T07:20:10Z"},
        {"2023-12-31T23:59:59.999Z", "2024-01-01T00:00:00Z"},
    };
    for (const auto& c : cases) {
        for (bool newer_first : {false, true}) {
            std::vector<Advisory> records;
            records.push_back(record("PYSEC-1", newer_first ? c.newer : c.older));
            records.push_back(record("PYSEC-1", newer_first ? c.older : c.newer));
            Database db = Database::from_records(std::move(records));
            ASSERT_EQ(db.advisories().size(), 1u);
            EXPECT_EQ(db.advisories()[0].modified, c.newer) << c.older << " vs " << c.newer;
        }
    }
}

TEST(OsvDatabase, EqualModifiedKeepsTheFirstSource) {
    std::vector<Advisory> records;
    records.push_back(record("X-1", "2024-01-01T00:00:00Z", {}, {}, {}, "b.json"));
    records.push_back(record("X-1", "2024-01-01T00:00:00Z", {}, {}, {}, "a.json"));
    Database db = Database::from_records(std::move(records));
    ASSERT_EQ(db.advisories().size(), 1u);
    EXPECT_EQ(db.advisories()[0].source, "a.json");
    EXPECT_EQ(db.stats().duplicates, 1u);
}

TEST(OsvDatabase, WithdrawnRecordsAreDropped) {
    std::vector<Advisory> records;
    records.push_back(record("GHSA-live", "2024-01-01T00:00:00Z", {"CVE-2024-1"}));
    records.push_back(record("GHSA-gone", "2024-01-01T00:00:00Z", {"CVE-2024-2"}, {},
                             R"(,"withdrawn":"2024-02-01T00:00:00Z")"));
    Database db = Database::from_records(std::move(records));
    EXPECT_EQ(ids_of(db), std::vector<std::string>{"GHSA-live"});
    EXPECT_EQ(db.stats().withdrawn, 1u);
    EXPECT_EQ(db.find("CVE-2024-2"), nullptr);
}

TEST(OsvDatabase, ALaterWithdrawalWithdrawsTheOlderRecord) {
    // The latest record of an id is authoritative, also when it withdraws the advisory.
    std::vector<Advisory> records;
    records.push_back(
        record("GHSA-wd", "2024-01-01T00:00:00Z", {"CVE-2024-9"}, {{"npm", "left-pad"}}));
    records.push_back(record("GHSA-wd", "2024-03-01T00:00:00Z", {"CVE-2024-9"},
                             {{"npm", "left-pad"}}, R"(,"withdrawn":"2024-03-01T00:00:00Z")"));
    Database db = Database::from_records(records);
    EXPECT_TRUE(db.advisories().empty());
    EXPECT_EQ(db.stats().withdrawn, 1u);
    EXPECT_EQ(db.stats().duplicates, 1u);
    EXPECT_TRUE(db.lookup("npm", "left-pad").empty());
    // An older withdrawal does not withdraw a later record.
    records[1].modified = "2023-01-01T00:00:00Z";
    Database db2 = Database::from_records(records);
    EXPECT_EQ(ids_of(db2), std::vector<std::string>{"GHSA-wd"});
    EXPECT_EQ(db2.stats().withdrawn, 0u);

    // The same through load(): two files, the withdrawal in the later one.
    TempDir dir;
    dir.write("a/GHSA-wd.json", record_json("GHSA-wd", "2024-01-01T00:00:00Z", {"CVE-2024-9"},
                                            {{"npm", "left-pad"}}));
    dir.write("b/GHSA-wd.json",
              record_json("GHSA-wd", "2024-03-01T00:00:00Z", {"CVE-2024-9"}, {{"npm", "left-pad"}},
                          R"(,"withdrawn":"2024-03-01T00:00:00Z")"));
    core::Diagnostics diags;
    Database loaded = load({dir.path()}, diags);
    EXPECT_TRUE(diags.empty()) << messages(diags).front();
    EXPECT_TRUE(loaded.advisories().empty());
    EXPECT_EQ(loaded.stats().withdrawn, 1u);
    EXPECT_EQ(loaded.stats().files, 2u);
}

// --- aliases ---------------------------------------------------------------------------------

TEST(OsvDatabase, AliasesMergeGhsaCveAndPysecRecordsIntoOneVulnerability) {
    std::vector<Advisory> records;
    // PYSEC-2021-59 names the CVE and the GHSA; the GHSA record names only the CVE; the CVE
    // record names nothing: all three are one vulnerability.
    records.push_back(record("PYSEC-2021-59", "2021-03-23T16:47:00Z",
                             {"CVE-2021-28363", "GHSA-5phf-pp7p-vc2r"}, {{"PyPI", "urllib3"}}));
    records.push_back(record("GHSA-5phf-pp7p-vc2r", "2023-01-01T00:00:00Z", {"CVE-2021-28363"},
                             {{"PyPI", "urllib3"}}));
    records.push_back(record("CVE-2021-28363", "2023-02-01T00:00:00Z"));
    records.push_back(record("GHSA-other", "2023-01-01T00:00:00Z", {"CVE-2022-1"}));
    Database db = Database::from_records(std::move(records));
    ASSERT_EQ(db.vulnerabilities().size(), 2u);
    const Vulnerability* v = db.find("CVE-2021-28363");
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(v->id, "CVE-2021-28363");
    EXPECT_EQ(v->ids,
              (std::vector<std::string>{"CVE-2021-28363", "GHSA-5phf-pp7p-vc2r", "PYSEC-2021-59"}));
    ASSERT_EQ(v->records.size(), 3u);
    std::vector<std::string> record_ids;
    for (std::size_t r : v->records) record_ids.push_back(db.advisories()[r].id);
    EXPECT_EQ(record_ids,
              (std::vector<std::string>{"CVE-2021-28363", "GHSA-5phf-pp7p-vc2r", "PYSEC-2021-59"}));
    // find() by any id, whatever the case; vulnerability_of agrees.
    EXPECT_EQ(db.find("ghsa-5phf-pp7p-vc2r"), v);
    EXPECT_EQ(db.find("pysec-2021-59"), v);
    EXPECT_EQ(db.find("Cve-2021-28363"), v);
    EXPECT_EQ(db.find("CVE-2021-2836"), nullptr);
    EXPECT_EQ(db.find(""), nullptr);
    for (std::size_t r : v->records) {
        EXPECT_EQ(&db.vulnerabilities()[db.vulnerability_of(r)], v);
    }
    const Vulnerability* other = db.find("CVE-2022-1");
    ASSERT_NE(other, nullptr);
    EXPECT_NE(other, v);
    EXPECT_EQ(other->id, "CVE-2022-1");
}

TEST(OsvDatabase, AliasesAreTransitiveAndTheIdIsTheCveOnlyWhenThereIsOne) {
    std::vector<Advisory> records;
    // A -> X, B -> X and Y, C -> Y: one group, no CVE: the first record's id.
    records.push_back(record("GHSA-c", "2024-01-01T00:00:00Z", {"OSV-Y"}));
    records.push_back(record("GHSA-a", "2024-01-01T00:00:00Z", {"OSV-X"}));
    records.push_back(record("GHSA-b", "2024-01-01T00:00:00Z", {"OSV-X", "OSV-Y"}));
    // Two CVEs in one group (a shared GHSA alias joins them): no single CVE to show.
    records.push_back(record("PYSEC-1", "2024-01-01T00:00:00Z", {"CVE-2021-1", "GHSA-shared"}));
    records.push_back(record("PYSEC-2", "2024-01-01T00:00:00Z", {"CVE-2021-2", "GHSA-shared"}));
    Database db = Database::from_records(std::move(records));
    ASSERT_EQ(db.vulnerabilities().size(), 2u);
    const Vulnerability* abc = db.find("osv-y");
    ASSERT_NE(abc, nullptr);
    EXPECT_EQ(abc->id, "GHSA-a");
    EXPECT_EQ(abc->records.size(), 3u);
    EXPECT_EQ(db.find("GHSA-c"), abc);
    const Vulnerability* two = db.find("CVE-2021-2");
    ASSERT_NE(two, nullptr);
    EXPECT_EQ(two->id, "PYSEC-1");
    EXPECT_EQ(db.find("CVE-2021-1"), two);
}

// Debian's and Alpine's records name the CVE they derive from in "upstream", not in "aliases":
// "are we affected by CVE-X" must find them with the GitHub record of the same CVE.
TEST(OsvDatabase, UpstreamIdsMergeLikeAliases) {
    std::vector<Advisory> records;
    records.push_back(record("GHSA-jfh8-c2jp-5v3q", "2024-01-01T00:00:00Z", {"CVE-2021-44228"},
                             {{"Maven", "org.apache.logging.log4j:log4j-core"}}));
    records.push_back(record("DEBIAN-CVE-2021-44228", "2024-01-01T00:00:00Z", {},
                             {{"Debian:11", "apache-log4j2"}},
                             R"(,"upstream": ["CVE-2021-44228"])"));
    records.push_back(record("DEBIAN-CVE-2021-45046", "2024-01-01T00:00:00Z", {},
                             {{"Debian:11", "apache-log4j2"}},
                             R"(,"upstream": ["CVE-2021-45046"])"));
    Database db = Database::from_records(std::move(records));
    ASSERT_EQ(db.vulnerabilities().size(), 2u);
    const Vulnerability* log4shell = db.find("CVE-2021-44228");
    ASSERT_NE(log4shell, nullptr);
    EXPECT_EQ(log4shell->id, "CVE-2021-44228");
    EXPECT_EQ(log4shell->records.size(), 2u);
    EXPECT_EQ(db.find("DEBIAN-CVE-2021-44228"), log4shell);
    EXPECT_NE(db.find("DEBIAN-CVE-2021-45046"), log4shell);
    EXPECT_FALSE(parse_osv(R"({"id": "X-1", "upstream": "CVE-1"})", "x.json").has_value());
}

// --- the package index -----------------------------------------------------------------------

TEST(OsvDatabase, LookupByNormalisedNameAndEcosystemWithoutRelease) {
    std::vector<Advisory> records;
    records.push_back(record("PYSEC-1", "2024-01-01T00:00:00Z", {}, {{"PyPI", "Django"}}));
    records.push_back(record("PYSEC-2", "2024-01-01T00:00:00Z", {},
                             {{"PyPI", "django"}, {"PyPI", "Django_Rest.Framework"}}));
    records.push_back(record("DSA-1", "2024-01-01T00:00:00Z", {},
                             {{"Debian:11", "OpenSSL"}, {"Debian:12", "openssl"}}));
    records.push_back(record("GHSA-1", "2024-01-01T00:00:00Z", {}, {{"npm", "@Scope/Pkg"}}));
    Database db = Database::from_records(std::move(records));

    const std::string django = normalize_package_name("PyPI", "Django");
    EXPECT_EQ(django, "django");
    auto refs = db.lookup("PyPI", django);
    ASSERT_EQ(refs.size(), 2u);
    EXPECT_EQ(db.advisories()[refs[0].advisory].id, "PYSEC-1");
    EXPECT_EQ(db.advisories()[refs[1].advisory].id, "PYSEC-2");
    EXPECT_EQ(refs[1].affected, 0u);
    // The index holds normalised names: the caller normalises.
    EXPECT_TRUE(db.lookup("PyPI", "Django").empty());
    EXPECT_EQ(db.lookup("PyPI", normalize_package_name("PyPI", "django-rest-framework")).size(),
              1u);
    // Another ecosystem's package of the same name is another package.
    EXPECT_TRUE(db.lookup("npm", "django").empty());
    // Distribution releases are one index entry; the release is checked when matching.
    EXPECT_EQ(db.lookup("Debian", "openssl").size(), 2u);
    EXPECT_EQ(db.lookup("Debian:12", "openssl").size(), 2u);
    EXPECT_EQ(db.lookup("npm", normalize_package_name("npm", "@scope/pkg")).size(), 1u);

    EXPECT_TRUE(db.has_ecosystem("PyPI"));
    EXPECT_TRUE(db.has_ecosystem("Debian"));
    EXPECT_TRUE(db.has_ecosystem("Debian:13"));
    EXPECT_FALSE(db.has_ecosystem("Go"));
    EXPECT_FALSE(db.has_ecosystem("pypi"));  // ecosystem names are case-sensitive in OSV
}

TEST(OsvDatabase, EcosystemBaseAndRelease) {
    EXPECT_EQ(ecosystem_base("Debian:12"), "Debian");
    EXPECT_EQ(ecosystem_release("Debian:12"), "12");
    EXPECT_EQ(ecosystem_base("Maven"), "Maven");
    EXPECT_EQ(ecosystem_release("Maven"), "");
    EXPECT_EQ(ecosystem_release("Ubuntu:22.04:LTS"), "22.04");
    EXPECT_EQ(ecosystem_release("Ubuntu:Pro:18.04:LTS"), "18.04");
    EXPECT_EQ(ecosystem_release("Alpine:v3.19"), "v3.19");
    EXPECT_EQ(ecosystem_base("Red Hat:rhel_aus:8.4::appstream"), "Red Hat");
    // A release without digits is still a release: "Debian:sid" is not every Debian.
    EXPECT_EQ(ecosystem_release("Debian:sid"), "sid");
    // A repository URL after the ecosystem is not a release (OSV: Maven, Packagist, VSCode).
    EXPECT_EQ(ecosystem_base("Packagist:https://packages.drupal.org/8"), "Packagist");
    EXPECT_EQ(ecosystem_release("Packagist:https://packages.drupal.org/8"), "");
    EXPECT_EQ(ecosystem_release("Maven:https://repo1.maven.org/maven2"), "");
    EXPECT_EQ(ecosystem_release(""), "");
    EXPECT_EQ(ecosystem_release("Debian:"), "");
}

// --- load(): files, folders, zips --------------------------------------------------------

TEST(OsvDatabaseLoad, FixtureFolder) {
    core::Diagnostics diags;
    Database db = load({kOsv / "advisories"}, diags);
    EXPECT_TRUE(diags.empty()) << messages(diags).front();
    EXPECT_EQ(db.stats().files, 8u);
    EXPECT_EQ(db.stats().records, 8u);
    EXPECT_EQ(db.stats().invalid, 0u);
    EXPECT_EQ(db.vulnerabilities().size(), 8u);  // no two of them share an id
    const Vulnerability* log4shell = db.find("CVE-2021-44228");
    ASSERT_NE(log4shell, nullptr);
    EXPECT_EQ(log4shell->id, "CVE-2021-44228");
    EXPECT_EQ(log4shell->ids, (std::vector<std::string>{"CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q"}));
    EXPECT_EQ(db.lookup("Maven", "org.apache.logging.log4j:log4j-core").size(), 3u + 2u + 3u);
    EXPECT_EQ(db.lookup("Go", "stdlib").size(), 1u);
    // The Go record names two CVE-less ids besides its CVE: the CVE is shown.
    EXPECT_EQ(db.find("GO-2022-0229")->id, "CVE-2020-7919");
    EXPECT_EQ(db.advisories()[0].source, (kOsv / "advisories/GHSA-35jh-r3h4-6jhm.json").string());
}

TEST(OsvDatabaseLoad, SingleFilesAndFolderContents) {
    TempDir dir;
    dir.write("x/one.json", record_json("GHSA-1", "2024-01-01T00:00:00Z"));
    dir.write("x/deeper/two.json", record_json("GHSA-2", "2024-01-01T00:00:00Z"));
    dir.write("x/README.md", "not a record");
    dir.write("x/notes.txt", "{}");
    dir.write("x/broken.json", "{\"id\": ");
    dir.write("x/array.json", "[1,2]");
    const fs::path single = dir.write("three.osv", record_json("GHSA-3", "2024-01-01T00:00:00Z"));
    core::Diagnostics diags;
    Database db = load({dir.path() / "x", single}, diags);
    // Only .json and .zip files are read from a folder; a file named directly is read whatever
    // its name.
    EXPECT_EQ(ids_of(db), (std::vector<std::string>{"GHSA-1", "GHSA-2", "GHSA-3"}));
    EXPECT_EQ(db.stats().files, 5u);
    EXPECT_EQ(db.stats().invalid, 2u);
    ASSERT_EQ(diags.size(), 2u);
    EXPECT_EQ(diags[0].location.file, (dir.path() / "x/array.json").string());
    EXPECT_EQ(diags[0].code, "osv-invalid");
    EXPECT_EQ(diags[0].message, "not an OSV record: not a JSON object");
    EXPECT_EQ(diags[1].location.file, (dir.path() / "x/broken.json").string());
    EXPECT_TRUE(diags[1].message.starts_with("not an OSV record: not valid JSON"))
        << diags[1].message;
    EXPECT_EQ(diags[1].level, core::DiagLevel::kWarning);
}

TEST(OsvDatabaseLoad, MissingPathIsADiagnostic) {
    core::Diagnostics diags;
    Database db = load({"tests/fixtures/vuln/osv/no-such-db.zip", kOsv / "advisories"}, diags);
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].code, "osv-db-missing");
    EXPECT_EQ(diags[0].level, core::DiagLevel::kError);
    EXPECT_EQ(diags[0].location.file, "tests/fixtures/vuln/osv/no-such-db.zip");
    EXPECT_EQ(db.stats().records, 8u);  // the other source is still loaded
    core::Diagnostics none;
    Database empty = load({}, none);
    EXPECT_TRUE(none.empty());
    EXPECT_TRUE(empty.advisories().empty());
}

TEST(OsvDatabaseLoad, OversizedJsonFileIsSkipped) {
    TempDir dir;
    const std::string big = record_json("GHSA-big", "2024-01-01T00:00:00Z", {}, {},
                                        ",\"details\":\"" + std::string(3000, 'x') + "\"");
    dir.write("big.json", big);
    dir.write("small.json", record_json("GHSA-small", "2024-01-01T00:00:00Z"));
    core::Diagnostics diags;
    Database db = load({dir.path()}, diags, 1, 1000);
    EXPECT_EQ(ids_of(db), std::vector<std::string>{"GHSA-small"});
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].location.file, (dir.path() / "big.json").string());
    EXPECT_NE(diags[0].message.find("over the limit of 1000"), std::string::npos)
        << diags[0].message;
    EXPECT_EQ(db.stats().invalid, 1u);
}

TEST(OsvDatabaseLoad, ZipWithGoodBadWithdrawnOversizedAndOtherEntries) {
    TempDir dir;
    const fs::path zip = dir.path() / "all.zip";
    const std::string big = record_json("GHSA-big", "2024-01-01T00:00:00Z", {}, {},
                                        ",\"details\":\"" + std::string(5000, 'x') + "\"");
    make_zip(zip, {
                      {"GHSA-1.json",
                       record_json("GHSA-1", "2024-01-01T00:00:00Z", {"CVE-1"}, {{"npm", "a"}})},
                      {"sub/GHSA-2.json",
                       record_json("GHSA-2", "2024-01-01T00:00:00Z", {"CVE-1"}, {{"npm", "b"}})},
                      {"GHSA-w.json", record_json("GHSA-w", "2024-01-01T00:00:00Z", {}, {},
                                                  R"(,"withdrawn":"2024-01-02T00:00:00Z")")},
                      {"bad.json", "this is not JSON"},
                      {"noid.json", R"({"modified":"2024-01-01T00:00:00Z"})"},
                      {"big.json", big},
                      {"README.md", "# not a record"},
                      {"empty.json", ""},
                  });
    core::Diagnostics diags;
    Database db = load({zip}, diags, 2, 4096);
    EXPECT_EQ(ids_of(db), (std::vector<std::string>{"GHSA-1", "GHSA-2"}));
    EXPECT_EQ(db.vulnerabilities().size(), 1u);
    EXPECT_EQ(db.find("GHSA-2")->id, "CVE-1");
    EXPECT_EQ(db.stats().files, 1u);
    EXPECT_EQ(db.stats().records, 2u);
    EXPECT_EQ(db.stats().withdrawn, 1u);
    EXPECT_EQ(db.stats().invalid, 4u);  // bad, noid, big, empty; README.md is not a record
    EXPECT_GT(db.stats().compressed_bytes, 0u);
    EXPECT_EQ(db.advisories()[1].source, zip.string() + "!sub/GHSA-2.json");
    // Diagnostics name the archive and the entry.
    std::vector<std::string> files;
    for (const auto& d : diags) files.push_back(d.location.file);
    std::sort(files.begin(), files.end());
    EXPECT_EQ(files, (std::vector<std::string>{
                         zip.string() + "!bad.json", zip.string() + "!big.json",
                         zip.string() + "!empty.json", zip.string() + "!noid.json"}));
    for (const auto& d : diags) {
        EXPECT_EQ(d.code, "osv-invalid");
        if (d.location.file.ends_with("!big.json")) {
            EXPECT_EQ(d.message, "the entry is larger than the limit of 4096 bytes; skipped");
        } else if (d.location.file.ends_with("!noid.json")) {
            EXPECT_EQ(d.message, "not an OSV record: no \"id\"");
        } else {
            EXPECT_TRUE(d.message.starts_with("not an OSV record: not valid JSON")) << d.message;
        }
    }
}

TEST(OsvDatabaseLoad, CorruptZipEntryAndNotAZip) {
    TempDir dir;
    const fs::path zip = dir.path() / "corrupt.zip";
    const std::string payload = record_json("GHSA-c", "2024-01-01T00:00:00Z", {}, {},
                                            ",\"details\":\"" + std::string(200, 'q') + "\"");
    make_zip(zip, {{"GHSA-ok.json", record_json("GHSA-ok", "2024-01-01T00:00:00Z")},
                   {"GHSA-c.json", payload, true}});
    // Change stored bytes of the second entry: its CRC no longer matches.
    std::string bytes = slurp(zip);
    const auto at = bytes.find(std::string(200, 'q'));
    ASSERT_NE(at, std::string::npos);
    bytes[at + 100] = 'Q';
    std::ofstream(zip, std::ios::binary | std::ios::trunc) << bytes;

    const fs::path not_zip = dir.write("fake.zip", "PK\x03\x04 but not really a zip archive");
    core::Diagnostics diags;
    Database db = load({zip, not_zip}, diags);
    EXPECT_EQ(ids_of(db), std::vector<std::string>{"GHSA-ok"});
    ASSERT_EQ(diags.size(), 2u) << messages(diags).front();
    std::sort(diags.begin(), diags.end(),
              [](const auto& a, const auto& b) { return a.location.file < b.location.file; });
    EXPECT_EQ(diags[0].location.file, zip.string() + "!GHSA-c.json");
    EXPECT_EQ(diags[0].code, "osv-invalid");
    EXPECT_TRUE(diags[0].message.starts_with("cannot read the entry: ")) << diags[0].message;
    EXPECT_EQ(diags[1].location.file, not_zip.string());
    EXPECT_EQ(diags[1].code, "osv-zip");
    EXPECT_TRUE(diags[1].message.starts_with("cannot read the zip archive: ")) << diags[1].message;
}

// The real exports. Counts made independently with Python's zipfile and json modules:
//   for each *.json entry: json.loads; "withdrawn" present and non-empty -> withdrawn, else kept;
//   then aliases merged (ids upper-cased, union-find over id + aliases) to count groups.
// go-vulndb-all.zip: 4291 entries, 4274 kept, 17 withdrawn, 0 invalid, no duplicate ids,
//   4274 groups; golang.org/x/net is named by 30 affected entries, stdlib by 168.
// pypa-advisory-db-all.zip: 2661 entries, 2651 kept, 10 withdrawn, 0 invalid, no duplicate
//   ids, 2055 groups; "django" is named by 116 affected entries.
// Both together: 6326 groups.
TEST(OsvDatabaseLoad, RealGoExport) {
    core::Diagnostics diags;
    Database db = load({kOsv / "go-vulndb-all.zip"}, diags);
    EXPECT_TRUE(diags.empty()) << messages(diags).front();
    EXPECT_EQ(db.stats().files, 1u);
    EXPECT_EQ(db.stats().records, 4274u);
    EXPECT_EQ(db.stats().withdrawn, 17u);
    EXPECT_EQ(db.stats().invalid, 0u);
    EXPECT_EQ(db.stats().duplicates, 0u);
    EXPECT_EQ(db.vulnerabilities().size(), 4274u);
    EXPECT_EQ(db.lookup("Go", "golang.org/x/net").size(), 30u);
    EXPECT_EQ(db.lookup("Go", "stdlib").size(), 168u);
    const Vulnerability* v = db.find("go-2022-0229");
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(v->id, "CVE-2020-7919");
    EXPECT_TRUE(db.has_ecosystem("Go"));
    EXPECT_FALSE(db.has_ecosystem("PyPI"));
}

TEST(OsvDatabaseLoad, RealPypiExport) {
    core::Diagnostics diags;
    Database db = load({kOsv / "pypa-advisory-db-all.zip"}, diags);
    EXPECT_TRUE(diags.empty()) << messages(diags).front();
    EXPECT_EQ(db.stats().records, 2651u);
    EXPECT_EQ(db.stats().withdrawn, 10u);
    EXPECT_EQ(db.stats().invalid, 0u);
    EXPECT_EQ(db.vulnerabilities().size(), 2055u);
    EXPECT_EQ(db.lookup("PyPI", normalize_package_name("PyPI", "Django")).size(), 116u);
    // Two CVEs joined by one GHSA alias across four records: one vulnerability, no single CVE.
    const Vulnerability* v = db.find("CVE-2021-32807");
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(db.find("cve-2021-32811"), v);
    EXPECT_EQ(v->id, "PYSEC-2021-335");
    EXPECT_EQ(v->records.size(), 4u);
    EXPECT_EQ(v->ids.size(), 8u);
    // A withdrawn record is not found.
    EXPECT_EQ(db.find("PYSEC-2019-144"), nullptr);
}

TEST(OsvDatabaseLoad, BothExportsAndTheFolderTogether) {
    core::Diagnostics diags;
    Database db =
        load({kOsv / "go-vulndb-all.zip", kOsv / "pypa-advisory-db-all.zip", kOsv / "advisories"},
             diags);
    EXPECT_TRUE(diags.empty()) << messages(diags).front();
    EXPECT_EQ(db.stats().files, 10u);
    // The folder's GO-2022-0229, PYSEC-2021-59 and PYSEC-2024-36 are in the exports too, with
    // the same "modified": duplicates.
    EXPECT_EQ(db.stats().duplicates, 3u);
    EXPECT_EQ(db.stats().records, 4274u + 2651u + 5u);
    EXPECT_EQ(db.vulnerabilities().size(), 6326u + 5u);
}

TEST(OsvDatabaseLoad, OneThreadAndTwoThreadsGiveTheSameDatabase) {
    TempDir dir;
    make_zip(
        dir.path() / "small.zip",
        {{"bad.json", "nope"}, {"GHSA-z.json", record_json("GHSA-z", "2024-01-01T00:00:00Z")}});
    const std::vector<fs::path> sources{kOsv / "pypa-advisory-db-all.zip", kOsv / "advisories",
                                        dir.path() / "small.zip"};
    core::Diagnostics d1, d2;
    Database one = load(sources, d1, 1);
    Database two = load(sources, d2, 2);
    EXPECT_EQ(ids_of(one), ids_of(two));
    EXPECT_EQ(one.advisories().size(), 2651u + 8u - 2u + 1u);
    EXPECT_EQ(messages(d1), messages(d2));
    EXPECT_EQ(d1.size(), 1u);
    ASSERT_EQ(one.vulnerabilities().size(), two.vulnerabilities().size());
    for (std::size_t i = 0; i < one.vulnerabilities().size(); ++i) {
        EXPECT_EQ(one.vulnerabilities()[i].id, two.vulnerabilities()[i].id);
        EXPECT_EQ(one.vulnerabilities()[i].ids, two.vulnerabilities()[i].ids);
        EXPECT_EQ(one.vulnerabilities()[i].records, two.vulnerabilities()[i].records);
    }
    for (std::size_t i = 0; i < one.advisories().size(); ++i) {
        EXPECT_EQ(one.advisories()[i].source, two.advisories()[i].source);
    }
    EXPECT_EQ(one.stats().records, two.stats().records);
    EXPECT_EQ(one.stats().withdrawn, two.stats().withdrawn);
    EXPECT_EQ(one.stats().duplicates, two.stats().duplicates);
    EXPECT_EQ(one.stats().json_bytes, two.stats().json_bytes);
}

}  // namespace
}  // namespace wasp::vuln
