// Reading resource-based policies from the AWS CLI outputs and the combined document.
#include "iam/resource_policies.h"

#include <gtest/gtest.h>

#include "core/file.h"
#include "core/parse.h"

namespace wasp::iam {
namespace {

constexpr const char* kDir = "tests/fixtures/iam/resource-policies/";

struct Loaded {
    ResourcePolicySet set;
    core::Diagnostics diags;
    std::string text;
};

Loaded load(const std::string& name) {
    Loaded l;
    std::string path = kDir + name;
    auto text = core::read_file(path, 1u << 20);
    EXPECT_TRUE(text.has_value()) << path;
    l.text = text.value_or("");
    l.set.load(l.text, path, l.diags);
    return l;
}

Loaded load_text(std::string text, const std::string& file = "policy.json") {
    Loaded l;
    l.text = std::move(text);
    l.set.load(l.text, file, l.diags);
    return l;
}

std::size_t count(const core::Diagnostics& diags, core::DiagLevel level) {
    std::size_t n = 0;
    for (const auto& d : diags) n += d.level == level ? 1 : 0;
    return n;
}

// The file text at a 1-based line and column.
std::string_view at(std::string_view text, core::Mark m) {
    std::size_t off = 0;
    for (std::uint32_t line = 1; line < m.line; ++line) off = text.find('\n', off) + 1;
    return text.substr(off + m.column - 1);
}

TEST(ResourcePolicies, QueueAndTopicAttributesNameTheirResource) {
    Loaded q = load("orders-queue.json");
    ASSERT_EQ(q.set.policies.size(), 1u);
    const auto& p = q.set.policies[0];
    EXPECT_EQ(p.arn, "arn:aws:sqs:us-east-1:111122223333:orders");
    EXPECT_EQ(p.service, "sqs");
    EXPECT_EQ(p.account, "111122223333");
    EXPECT_EQ(p.arn_source, ArnSource::kOutput);
    EXPECT_EQ(p.policy->statements.size(), 2u);
    EXPECT_TRUE(q.diags.empty()) << q.diags.front().str();

    Loaded t = load("alerts-topic.json");
    ASSERT_EQ(t.set.policies.size(), 1u);
    EXPECT_EQ(t.set.policies[0].arn, "arn:aws:sns:us-east-1:111122223333:alerts");
    EXPECT_EQ(t.set.policies[0].policy->version, "2008-10-17");
}

TEST(ResourcePolicies, SecretAndRepositoryOutputs) {
    Loaded s = load("reporting-db-secret.json");
    ASSERT_EQ(s.set.policies.size(), 1u);
    EXPECT_EQ(s.set.policies[0].arn,
              "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/reporting/db-AbCdEf");
    EXPECT_EQ(s.set.policies[0].service, "secretsmanager");
    EXPECT_TRUE(s.diags.empty());

    // get-repository-policy names the account and repository, not the Region: said, not hidden.
    Loaded r = load("base-images-repository.json");
    ASSERT_EQ(r.set.policies.size(), 1u);
    EXPECT_EQ(r.set.policies[0].arn, "arn:aws:ecr::111122223333:repository/base-images");
    EXPECT_EQ(r.set.policies[0].account, "111122223333");
    EXPECT_EQ(count(r.diags, core::DiagLevel::kWarning), 1u);
}

TEST(ResourcePolicies, BucketPolicyArnFromItsResourceElementsWithAWarning) {
    Loaded l = load("shop-invoices.json");
    ASSERT_EQ(l.set.policies.size(), 1u);
    const auto& p = l.set.policies[0];
    EXPECT_EQ(p.arn, "arn:aws:s3:::shop-invoices");  // the bucket and its objects
    EXPECT_EQ(p.arn_source, ArnSource::kResource);
    EXPECT_EQ(p.account, "");  // a bucket ARN has no account
    ASSERT_EQ(l.diags.size(), 1u);
    EXPECT_EQ(l.diags[0].level, core::DiagLevel::kWarning);
    EXPECT_NE(l.diags[0].message.find("Resource elements name arn:aws:s3:::shop-invoices"),
              std::string::npos);

    Loaded f = load("thumbnail-function.json");
    ASSERT_EQ(f.set.policies.size(), 1u);
    EXPECT_EQ(f.set.policies[0].arn, "arn:aws:lambda:us-east-1:111122223333:function:thumbnail");
    EXPECT_EQ(f.set.policies[0].account, "111122223333");
}

TEST(ResourcePolicies, KeyPolicyArnFromTheFileName) {
    Loaded l = load("1234abcd-12ab-34cd-56ef-1234567890ab.json");
    ASSERT_EQ(l.set.policies.size(), 1u);
    const auto& p = l.set.policies[0];
    // Resource "*" names no key; the actions are KMS's, the file name is the key id.
    EXPECT_EQ(p.arn, "arn:aws:kms:::key/1234abcd-12ab-34cd-56ef-1234567890ab");
    EXPECT_EQ(p.service, "kms");
    EXPECT_EQ(p.arn_source, ArnSource::kFileName);
    ASSERT_EQ(count(l.diags, core::DiagLevel::kWarning), 1u);
    EXPECT_NE(l.diags[0].message.find("the file name gives"), std::string::npos);

    // A file named by the ARN itself.
    Loaded named =
        load_text(R"({"Policy": "{\"Statement\":[{\"Effect\":\"Allow\",)"
                  R"(\"Principal\":\"*\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}"})",
                  "exports/arn:aws:kms:eu-west-1:111122223333:key%2Fk1.json");
    ASSERT_EQ(named.set.policies.size(), 1u);
    EXPECT_EQ(named.set.policies[0].arn, "arn:aws:kms:eu-west-1:111122223333:key/k1");
    EXPECT_EQ(named.set.policies[0].account, "111122223333");
}

TEST(ResourcePolicies, StatementPositionsInsideStringsPointIntoTheFile) {
    // A one-line policy string (as S3 gives it).
    Loaded b = load("shop-invoices.json");
    ASSERT_EQ(b.set.policies.size(), 1u);
    const auto& st = b.set.policies[0].policy->statements;
    ASSERT_EQ(st.size(), 3u);
    EXPECT_EQ(st[1].mark.line, 2u);
    EXPECT_TRUE(at(b.text, st[1].mark).starts_with(R"({\"Sid\":\"AccountantRead\")"))
        << at(b.text, st[1].mark).substr(0, 40);
    // A pretty-printed one (as KMS gives it): its \n escapes are not lines of the file.
    Loaded k = load("1234abcd-12ab-34cd-56ef-1234567890ab.json");
    const auto& ks = k.set.policies[0].policy->statements;
    ASSERT_EQ(ks.size(), 2u);
    EXPECT_EQ(ks[1].mark.line, 2u);
    EXPECT_TRUE(
        at(k.text, ks[1].mark).starts_with(R"({\n      \"Sid\" : \"Allow use of the key\")"))
        << at(k.text, ks[1].mark).substr(0, 60);
    ASSERT_FALSE(ks[1].principals.empty());
    EXPECT_TRUE(at(k.text, ks[1].principals[0].mark).starts_with(R"(\"arn:aws:iam::444455556666)"))
        << at(k.text, ks[1].principals[0].mark).substr(0, 40);
}

TEST(ResourcePolicies, CombinedDocumentTakesObjectsAndStrings) {
    Loaded l = load("combined.json");
    ASSERT_EQ(l.set.policies.size(), 2u);
    EXPECT_EQ(l.set.policies[0].arn, "arn:aws:s3:::shop-catalog");
    EXPECT_EQ(l.set.policies[0].account, "111122223333");  // from its Account member
    EXPECT_EQ(l.set.policies[0].arn_source, ArnSource::kArnMember);
    EXPECT_EQ(l.set.policies[1].arn, "arn:aws:sqs:eu-west-1:111122223333:returns");
    EXPECT_TRUE(l.diags.empty()) << l.diags.front().str();
}

TEST(ResourcePolicies, ErrorsNameFileLineAndColumnAndTheRestLoads) {
    Loaded syntax = load_text("{\n  \"Policy\": \"x\",,\n}", "broken.json");
    ASSERT_EQ(syntax.diags.size(), 1u);
    EXPECT_EQ(syntax.diags[0].level, core::DiagLevel::kError);
    EXPECT_EQ(syntax.diags[0].location.file, "broken.json");
    EXPECT_EQ(syntax.diags[0].location.mark.line, 2u);

    Loaded shape = load_text("[1, 2]");
    ASSERT_EQ(shape.diags.size(), 1u);
    EXPECT_NE(shape.diags[0].message.find("not a resource-policy output"), std::string::npos);

    // A bad entry is skipped; a policy whose text is not JSON is an error at its string; the
    // good entry loads.
    Loaded mixed = load_text(R"({"ResourcePolicies": [
  {"Arn": "arn:aws:s3:::a"},
  {"Arn": "arn:aws:s3:::b", "Policy": "{not json"},
  {"Arn": "arn:aws:s3:::c", "Policy": 42},
  {"Policy": {"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                            "Resource": ["arn:aws:s3:::d/*", "arn:aws:s3:::e/*"]}}},
  {"Arn": "arn:aws:s3:::f", "Policy": {"Statement": {"Effect": "Allow", "Principal": "*",
                                                      "Action": "s3:GetObject",
                                                      "Resource": "arn:aws:s3:::f/*"}}}
]})");
    ASSERT_EQ(mixed.set.policies.size(), 1u);
    EXPECT_EQ(mixed.set.policies[0].arn, "arn:aws:s3:::f");
    EXPECT_EQ(count(mixed.diags, core::DiagLevel::kError), 4u);
    for (const auto& d : mixed.diags) EXPECT_GT(d.location.mark.line, 1u) << d.str();
    EXPECT_EQ(mixed.diags[1].location.mark.line, 3u);  // the string that is not JSON

    // A malformed statement inside a string: the diagnostic points at it in the file.
    Loaded bad = load_text(
        "{\n    \"Policy\": "
        R"("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",)"
        R"(\"Resource\":\"arn:aws:s3:::g/*\"},{\"Effect\":\"Maybe\",\"Action\":\"s3:*\"}]}")"
        "\n}\n");
    ASSERT_FALSE(bad.diags.empty());
    const auto& err = bad.diags.front();
    EXPECT_EQ(err.level, core::DiagLevel::kError);
    EXPECT_EQ(err.location.mark.line, 2u);
    EXPECT_GT(err.location.mark.column, 60u) << err.str();  // not the string's start

    // A secret without a policy: a note, nothing loaded.
    Loaded none = load_text(R"({"ARN": "arn:aws:secretsmanager:us-east-1:111122223333:secret:x",
                               "Name": "x"})");
    EXPECT_TRUE(none.set.policies.empty());
    ASSERT_EQ(none.diags.size(), 1u);
    EXPECT_EQ(none.diags[0].level, core::DiagLevel::kNote);
}

// Neutral attributes as the IaC adapters give them (docs/model.md#policy-statements).
core::Node attributes(std::string_view json) {
    auto doc = core::parse_json(json);
    EXPECT_TRUE(doc.has_value());
    return doc ? doc->root : core::Node();
}

TEST(ResourcePolicies, TemplatePoliciesWithValuesKnownOnlyAtDeployment) {
    ResourcePolicySet set;
    core::Diagnostics diags;
    core::SourceLocation where{"storage.yaml", {12, 5}, {}};
    // A bucket policy whose bucket and resource come from !Ref and !Sub.
    core::Node bucket = attributes(R"({"statements": [{"sid": "PublicRead", "effect": "Allow",
        "actions": ["s3:GetObject"], "not_actions": [], "resources": [], "not_resources": [],
        "principals": [{"type": "*", "value": "*"}], "not_principals": [], "conditions": []}]})");
    bucket.set("bucket", core::Node::unknown("Ref to resource Assets", {}, "Assets",
                                             core::UnknownCause::kResource));
    core::Node& st = bucket.get("statements")->items()[0];
    st.get("resources")
        ->push(core::Node::unknown("text with a part not known", {}, "Assets",
                                   core::UnknownCause::kResource));
    set.add_template_policy("aws.s3.bucket_policy", bucket, "AssetsPolicy", where, diags);
    ASSERT_EQ(set.policies.size(), 1u);
    const auto& p = set.policies[0];
    EXPECT_EQ(p.arn, "arn:aws:s3:::Assets");
    EXPECT_EQ(p.account, std::string(kTemplateAccount));
    EXPECT_EQ(p.arn_source, ArnSource::kTemplate);
    ASSERT_EQ(p.policy->statements.size(), 1u);
    EXPECT_EQ(p.policy->statements[0].resources, std::vector<std::string>{"*"});
    EXPECT_EQ(p.location.str(), "storage.yaml:12:5");

    // ${AWS::AccountId} is the template's account; a parameter is not known: a note.
    core::Node key = attributes(R"({"policy_statements": [{"effect": "Allow",
        "actions": ["kms:*"], "resources": ["*"], "principals": [], "conditions": []}]})");
    key.get("policy_statements")
        ->items()[0]
        .get("principals")
        ->push(attributes(R"({"type": "AWS", "value": "arn:aws:iam::444455556666:root"})"));
    core::Node own = attributes(R"({"type": "AWS"})");
    own.set("value", core::Node::unknown("text with a part not known (the pseudo parameter "
                                         "AWS::AccountId)",
                                         {}, {}, core::UnknownCause::kPseudoParameter));
    key.get("policy_statements")->items()[0].get("principals")->push(own);
    set.add_template_policy("aws.kms.key", key, "Key", where, diags);
    ASSERT_EQ(set.policies.size(), 2u);
    const auto& principals = set.policies[1].policy->statements[0].principals;
    ASSERT_EQ(principals.size(), 2u);
    EXPECT_EQ(principals[1].value, "arn:aws:iam::000000000000:root");
    EXPECT_TRUE(diags.empty());
    own.set("value", core::Node::unknown("Ref to parameter Partner", {}, {},
                                         core::UnknownCause::kParameter));
    key.get("policy_statements")->items()[0].get("principals")->items()[1] = own;
    set.add_template_policy("aws.kms.key", key, "Key", where, diags);
    EXPECT_EQ(set.policies.size(), 2u);
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].level, core::DiagLevel::kNote);
    EXPECT_NE(diags[0].message.find("a principal is not known before deployment"),
              std::string::npos);

    // A Lambda permission is one statement; other kinds have no resource policy.
    core::Node permission = attributes(R"({"action": "lambda:InvokeFunction",
        "principal": "s3.amazonaws.com", "source_arn": "arn:aws:s3:::shop-uploads"})");
    permission.set("source_account", core::Node::unknown("the pseudo parameter AWS::AccountId", {},
                                                         {}, core::UnknownCause::kPseudoParameter));
    set.add_template_policy("aws.lambda.permission", permission, "InvokeFromUploads", where, diags);
    ASSERT_EQ(set.policies.size(), 3u);
    const auto& ps = set.policies[2].policy->statements[0];
    EXPECT_EQ(ps.principals[0].type, "Service");
    EXPECT_EQ(ps.conditions.size(), 2u);
    EXPECT_EQ(ps.conditions[0].values, std::vector<std::string>{"000000000000"});
    set.add_template_policy("aws.s3.bucket", bucket, "Assets", where, diags);
    EXPECT_EQ(set.policies.size(), 3u);
}

TEST(ResourcePolicies, TruncatedAndCorruptedOutputsNeverCrash) {
    // Every fixture cut short, and with bytes changed, loads what it can and says what it cannot.
    for (const char* name : {"shop-invoices.json", "1234abcd-12ab-34cd-56ef-1234567890ab.json",
                             "orders-queue.json", "combined.json", "base-images-repository.json"}) {
        auto text = core::read_file(std::string(kDir) + name, 1u << 20);
        ASSERT_TRUE(text.has_value());
        for (std::size_t cut = 0; cut < text->size(); cut += 5) {
            Loaded l = load_text(text->substr(0, cut));
            if (cut + 2 < text->size()) {
                EXPECT_FALSE(l.diags.empty()) << name << " cut at " << cut;
            }
        }
        for (std::size_t at = 0; at < text->size(); at += 3) {
            for (char c : {'"', '\\', '{', 'u', '\n'}) {
                std::string changed = *text;
                changed[at] = c;
                Loaded l = load_text(changed);
                for (const auto& p : l.set.policies) EXPECT_NE(p.policy, nullptr);
            }
        }
    }
}

// A secret's resource policy (AWS::SecretsManager::ResourcePolicy,
// aws_secretsmanager_secret_policy) guards the secret it names: by reference or by ARN.
TEST(ResourcePolicies, TemplateSecretPoliciesNameTheirSecret) {
    ResourcePolicySet set;
    core::Diagnostics diags;
    core::SourceLocation where{"secrets.yaml", {20, 5}, {}};
    core::Node policy = attributes(R"({"statements": [{"sid": "Partner", "effect": "Allow",
        "actions": ["secretsmanager:GetSecretValue"], "not_actions": [], "resources": ["*"],
        "not_resources": [], "principals": [{"type": "AWS", "value": "444455556666"}],
        "not_principals": [], "conditions": []}]})");
    policy.set("secret", core::Node::unknown("Ref to resource DbSecret", {}, "DbSecret",
                                             core::UnknownCause::kResource));
    set.add_template_policy("aws.secretsmanager.resource_policy", policy, "DbSecretPolicy", where,
                            diags);
    policy.set("secret", core::Node::string(
                             "arn:aws:secretsmanager:eu-west-1:111122223333:secret:api-AbCdEf"));
    set.add_template_policy("aws.secretsmanager.resource_policy", policy, "ApiSecretPolicy", where,
                            diags);
    EXPECT_TRUE(diags.empty());
    ASSERT_EQ(set.policies.size(), 2u);
    EXPECT_EQ(set.policies[0].arn, "arn:aws:secretsmanager:::secret:DbSecret");
    EXPECT_EQ(set.policies[1].arn, "arn:aws:secretsmanager:::secret:api-AbCdEf");
    EXPECT_EQ(set.policies[0].service, "secretsmanager");
    ASSERT_EQ(set.policies[0].policy->statements.size(), 1u);
    EXPECT_EQ(set.policies[0].policy->statements[0].principals[0].value, "444455556666");
}

// S3 Block Public Access: read from the combined document (the bucket's and the account's) and
// from the IaC model (the bucket a policy guards, Terraform's account-level resource).
TEST(ResourcePolicies, BlockPublicAccessSettings) {
    Loaded l = load_text(R"({"ResourcePolicies": [
  {"Arn": "arn:aws:s3:::site", "Account": "111122223333", "Policy": {"Statement": []},
   "PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "IgnorePublicAcls": true,
     "BlockPublicPolicy": true, "RestrictPublicBuckets": false}},
  {"Arn": "arn:aws:s3:::logs", "Policy": {"Statement": []},
   "PublicAccessBlockConfiguration": {"RestrictPublicBuckets": "maybe"}},
  {"Arn": "arn:aws:s3:::plain", "Policy": {"Statement": []}}],
 "AccountPublicAccessBlocks": [
  {"Account": "111122223333", "PublicAccessBlockConfiguration": {"RestrictPublicBuckets": true}},
  {"Account": "12345", "PublicAccessBlockConfiguration": {}}]})",
                         "bpa.json");
    ASSERT_EQ(l.set.policies.size(), 3u);
    const PublicAccessBlock& site = l.set.policies[0].block;
    EXPECT_EQ(site.block_public_policy, true);
    EXPECT_EQ(site.restrict_public_buckets, false);
    EXPECT_EQ(site.location.str(), "bpa.json:3:38");
    // A value that is no boolean is an error and the setting stays unknown; a setting left out
    // is off.
    EXPECT_FALSE(l.set.policies[1].block.restrict_public_buckets.has_value());
    EXPECT_EQ(l.set.policies[1].block.block_public_policy, false);
    EXPECT_FALSE(l.set.policies[2].block.known());
    ASSERT_EQ(count(l.diags, core::DiagLevel::kError), 2u);
    EXPECT_NE(l.diags[0].message.find("RestrictPublicBuckets is not a boolean"), std::string::npos);
    EXPECT_EQ(l.diags[0].location.mark.line, 6u);
    EXPECT_NE(l.diags[1].message.find("needs a 12-digit Account"), std::string::npos);
    ASSERT_NE(l.set.account_block("111122223333"), nullptr);
    EXPECT_EQ(l.set.account_block("111122223333")->restrict_public_buckets, true);
    EXPECT_EQ(l.set.account_block("444455556666"), nullptr);

    // A template: the bucket's settings as the model gives them, a default marked as such.
    ResourcePolicySet set;
    core::Diagnostics diags;
    core::SourceLocation where{"site.yaml", {30, 3}, {}};
    core::Node policy = attributes(R"({"bucket": "site-bucket", "statements": [{"effect": "Allow",
        "actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::site-bucket/*"],
        "principals": [{"type": "*", "value": "*"}], "conditions": []}]})");
    core::Node bucket = attributes(R"({"public_access_block": {"block_public_policy": true,
        "restrict_public_buckets": true}})");
    bucket.get("public_access_block")
        ->get("block_public_policy")
        ->set_origin(core::NodeOrigin::kDefault);
    set.add_template_policy("aws.s3.bucket_policy", policy, "SitePolicy", where, diags, nullptr,
                            &bucket);
    ASSERT_EQ(set.policies.size(), 1u);
    EXPECT_EQ(set.policies[0].block.block_public_policy, true);
    EXPECT_EQ(set.policies[0].block.restrict_public_buckets, true);
    EXPECT_TRUE(set.policies[0].block.defaulted);
    // Without the bucket, nothing is known.
    set.add_template_policy("aws.s3.bucket_policy", policy, "SitePolicy", where, diags);
    EXPECT_FALSE(set.policies[1].block.known());
    // Terraform's aws_s3_account_public_access_block: the template's account, and the account
    // it names.
    core::Node props = attributes(R"({"account_id": "111122223333", "block_public_acls": true,
        "restrict_public_buckets": true})");
    set.add_template_policy("aws.s3.account_public_access_block", attributes("{}"), "account",
                            {"main.tf", {4, 1}, {}}, diags, &props);
    ASSERT_NE(set.account_block(kTemplateAccount), nullptr);
    EXPECT_EQ(set.account_block(kTemplateAccount)->restrict_public_buckets, true);
    EXPECT_EQ(set.account_block(kTemplateAccount)->block_public_policy, false);
    EXPECT_EQ(set.account_block(kTemplateAccount)->location.str(), "main.tf:4:1");
    EXPECT_NE(set.account_block("111122223333"), nullptr);
    EXPECT_EQ(set.policies.size(), 2u);
    EXPECT_TRUE(diags.empty());

    EXPECT_TRUE(is_template_policy_kind("aws.s3.bucket_policy"));
    EXPECT_TRUE(is_template_policy_kind("aws.s3.account_public_access_block"));
    EXPECT_TRUE(is_template_policy_kind("aws.lambda.permission"));
    EXPECT_FALSE(is_template_policy_kind("aws.s3.bucket"));
}

}  // namespace
}  // namespace wasp::iam
