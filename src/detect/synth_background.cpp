// The benign background: an organisation of accounts whose people, pipelines, workloads,
// scanners and AWS services call AWS with stable habits, written straight into a reused buffer.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <utility>

#include "detect/synth.h"
#include "detect/synth_record.h"

namespace wasp::detect {
namespace {

using Kind = BackgroundPrincipal::Kind;

// How a call's requestParameters look.
enum class Params : std::uint8_t {
    kNull,
    kEmpty,
    kInstances,    // ec2 Describe* with empty sets
    kInstanceIds,  // instancesSet with this principal's instances
    kVpcs,
    kSecurityGroups,
    kSnapshots,
    kTags,  // DescribeTags of an instance
    kCreateTags,
    kBucket,  // bucket-level S3 call: bucketName, Host and the subresource key
    kListBuckets,
    kObject,  // S3 data event on an object
    kListObjects,
    kParameter,
    kParameters,
    kParametersByPath,
    kSecret,
    kKmsDecrypt,
    kKmsGenerate,
    kKmsKey,
    kTable,
    kFunction,
    kFunctionCode,
    kLogGroup,
    kLogStream,
    kFilterLogEvents,
    kRole,
    kPolicy,
    kPolicyVersion,
    kStack,
    kServices,  // ecs DescribeServices
    kUpdateService,
    kTaskDefinition,
    kUpdateInstanceInformation,
    kInstanceAssociations,
    kAutoScalingInstances,
    kMetricData,
    kCostAndUsage,
    kStartSession,
    kTrail,
    kAccountScope,  // iam ListPolicies of the account
};

struct Api {
    std::string_view source;
    std::string_view name;
    bool read_only;
    Params params;
    double weight = 1;                 // how often, relative to the kind's other calls
    std::string_view error_code = {};  // the benign error the call sometimes gets
    std::string_view error_message = {};
    double error_rate = 0;
    bool data = false;  // an S3 data event
};

constexpr std::string_view kNoPolicy = "The bucket policy does not exist";

// Workloads: Lambda functions, ECS tasks and services reading their configuration and data.
constexpr Api kWorkloadApis[] = {
    {"ssm.amazonaws.com", "GetParameter", true, Params::kParameter, 4, "ParameterNotFound", "",
     0.004},
    {"ssm.amazonaws.com", "GetParameters", true, Params::kParameters, 2},
    {"ssm.amazonaws.com", "GetParametersByPath", true, Params::kParametersByPath, 1},
    {"secretsmanager.amazonaws.com", "GetSecretValue", true, Params::kSecret, 3},
    {"kms.amazonaws.com", "Decrypt", true, Params::kKmsDecrypt, 5},
    {"kms.amazonaws.com", "GenerateDataKey", true, Params::kKmsGenerate, 2},
    {"dynamodb.amazonaws.com", "DescribeTable", true, Params::kTable, 2},
    {"sts.amazonaws.com", "GetCallerIdentity", true, Params::kNull, 1},
    {"ecr.amazonaws.com", "GetAuthorizationToken", true, Params::kEmpty, 0.5},
    {"logs.amazonaws.com", "CreateLogStream", false, Params::kLogStream, 1,
     "ResourceAlreadyExistsException", "The specified log stream already exists", 0.02},
};

// EC2 instances: the SSM agent's check-ins and the application on it.
constexpr Api kInstanceApis[] = {
    {"ssm.amazonaws.com", "UpdateInstanceInformation", false, Params::kUpdateInstanceInformation,
     6},
    {"ssm.amazonaws.com", "ListInstanceAssociations", true, Params::kInstanceAssociations, 6},
    {"ec2.amazonaws.com", "DescribeTags", true, Params::kTags, 1},
    {"autoscaling.amazonaws.com", "DescribeAutoScalingInstances", true,
     Params::kAutoScalingInstances, 1},
    {"ssm.amazonaws.com", "GetParameter", true, Params::kParameter, 2},
    {"secretsmanager.amazonaws.com", "GetSecretValue", true, Params::kSecret, 1},
    {"kms.amazonaws.com", "Decrypt", true, Params::kKmsDecrypt, 2},
    {"sts.amazonaws.com", "GetCallerIdentity", true, Params::kNull, 0.5},
};

// S3 data events, added to workloads and instances when the trail logs them.
constexpr Api kDataApis[] = {
    {"s3.amazonaws.com", "GetObject", true, Params::kObject, 8, "NoSuchKey",
     "The specified key does not exist.", 0.01, true},
    {"s3.amazonaws.com", "PutObject", false, Params::kObject, 4, "", "", 0, true},
    {"s3.amazonaws.com", "HeadObject", true, Params::kObject, 2, "", "", 0, true},
    {"s3.amazonaws.com", "ListObjects", true, Params::kListObjects, 1, "", "", 0, true},
};

// Deployment pipelines: Terraform plans and applies, mostly reads.
constexpr Api kCiApis[] = {
    {"ec2.amazonaws.com", "DescribeVpcs", true, Params::kVpcs, 2},
    {"ec2.amazonaws.com", "DescribeSubnets", true, Params::kInstances, 2},
    {"ec2.amazonaws.com", "DescribeSecurityGroups", true, Params::kSecurityGroups, 2},
    {"ec2.amazonaws.com", "DescribeInstances", true, Params::kInstances, 1},
    {"iam.amazonaws.com", "GetRole", true, Params::kRole, 3},
    {"iam.amazonaws.com", "ListAttachedRolePolicies", true, Params::kRole, 2},
    {"iam.amazonaws.com", "ListRolePolicies", true, Params::kRole, 2},
    {"iam.amazonaws.com", "GetPolicy", true, Params::kPolicy, 1},
    {"iam.amazonaws.com", "GetPolicyVersion", true, Params::kPolicyVersion, 1},
    {"s3.amazonaws.com", "GetBucketPolicy", true, Params::kBucket, 1, "NoSuchBucketPolicy",
     kNoPolicy, 0.3},
    {"s3.amazonaws.com", "GetBucketAcl", true, Params::kBucket, 1},
    {"s3.amazonaws.com", "GetBucketVersioning", true, Params::kBucket, 1},
    {"s3.amazonaws.com", "GetBucketTagging", true, Params::kBucket, 1, "NoSuchTagSet",
     "The TagSet does not exist", 0.2},
    {"lambda.amazonaws.com", "GetFunction20150331v2", true, Params::kFunction, 2},
    {"lambda.amazonaws.com", "ListVersionsByFunction20150331", true, Params::kFunction, 1},
    {"lambda.amazonaws.com", "GetPolicy20150331v2", true, Params::kFunction, 1,
     "ResourceNotFoundException", "The resource you requested does not exist.", 0.3},
    {"kms.amazonaws.com", "DescribeKey", true, Params::kKmsKey, 1},
    {"kms.amazonaws.com", "GetKeyPolicy", true, Params::kKmsKey, 1},
    {"logs.amazonaws.com", "DescribeLogGroups", true, Params::kLogGroup, 1},
    {"dynamodb.amazonaws.com", "DescribeTable", true, Params::kTable, 1},
    {"dynamodb.amazonaws.com", "DescribeContinuousBackups", true, Params::kTable, 1},
    {"cloudformation.amazonaws.com", "DescribeStacks", true, Params::kStack, 1},
    {"ecs.amazonaws.com", "DescribeServices", true, Params::kServices, 1},
    {"ecs.amazonaws.com", "DescribeTaskDefinition", true, Params::kTaskDefinition, 1},
    {"sts.amazonaws.com", "GetCallerIdentity", true, Params::kNull, 1},
    {"lambda.amazonaws.com", "UpdateFunctionCode20150331v2", false, Params::kFunctionCode, 0.15},
    {"ecs.amazonaws.com", "UpdateService", false, Params::kUpdateService, 0.1},
    {"ec2.amazonaws.com", "CreateTags", false, Params::kCreateTags, 0.1},
};

// People at the command line.
constexpr Api kHumanCliApis[] = {
    {"sts.amazonaws.com", "GetCallerIdentity", true, Params::kNull, 2},
    {"s3.amazonaws.com", "ListBuckets", true, Params::kListBuckets, 2},
    {"ec2.amazonaws.com", "DescribeInstances", true, Params::kInstances, 3},
    {"logs.amazonaws.com", "FilterLogEvents", true, Params::kFilterLogEvents, 3},
    {"monitoring.amazonaws.com", "GetMetricData", true, Params::kMetricData, 1},
    {"ecs.amazonaws.com", "DescribeServices", true, Params::kServices, 2},
    {"lambda.amazonaws.com", "ListFunctions20150331", true, Params::kNull, 1},
    {"dynamodb.amazonaws.com", "DescribeTable", true, Params::kTable, 1},
    {"ssm.amazonaws.com", "StartSession", false, Params::kStartSession, 0.2},
    {"cloudformation.amazonaws.com", "DescribeStackEvents", true, Params::kStack, 1},
};

// People in the console.
constexpr Api kHumanConsoleApis[] = {
    {"ec2.amazonaws.com", "DescribeInstances", true, Params::kInstances, 4},
    {"ec2.amazonaws.com", "DescribeSecurityGroups", true, Params::kInstances, 2},
    {"ec2.amazonaws.com", "DescribeVolumes", true, Params::kInstances, 1},
    {"monitoring.amazonaws.com", "DescribeAlarms", true, Params::kEmpty, 2},
    {"monitoring.amazonaws.com", "GetMetricData", true, Params::kMetricData, 3},
    {"s3.amazonaws.com", "ListBuckets", true, Params::kListBuckets, 2},
    {"s3.amazonaws.com", "GetBucketLocation", true, Params::kBucket, 1},
    {"iam.amazonaws.com", "ListRoles", true, Params::kEmpty, 1},
    {"iam.amazonaws.com", "GetAccountSummary", true, Params::kNull, 1},
    {"health.amazonaws.com", "DescribeEventAggregates", true, Params::kEmpty, 1},
    {"ce.amazonaws.com", "GetCostAndUsage", true, Params::kCostAndUsage, 1},
    {"lambda.amazonaws.com", "ListFunctions20150331", true, Params::kNull, 1},
    {"logs.amazonaws.com", "DescribeLogGroups", true, Params::kLogGroup, 2},
    {"rds.amazonaws.com", "DescribeDBInstances", true, Params::kEmpty, 1},
    {"cloudtrail.amazonaws.com", "LookupEvents", true, Params::kEmpty, 0.5},
};

// Posture scanners (AWS Config, a third-party CSPM): every region, every configuration.
constexpr Api kScannerApis[] = {
    {"ec2.amazonaws.com", "DescribeSecurityGroups", true, Params::kInstances, 2},
    {"ec2.amazonaws.com", "DescribeVolumes", true, Params::kInstances, 1},
    {"ec2.amazonaws.com", "DescribeSnapshots", true, Params::kSnapshots, 1},
    {"ec2.amazonaws.com", "DescribeNetworkAcls", true, Params::kInstances, 1},
    {"ec2.amazonaws.com", "DescribeVpcs", true, Params::kInstances, 1},
    {"ec2.amazonaws.com", "DescribeInstances", true, Params::kInstances, 2},
    {"s3.amazonaws.com", "GetBucketPolicy", true, Params::kBucket, 1, "NoSuchBucketPolicy",
     kNoPolicy, 0.4},
    {"s3.amazonaws.com", "GetBucketAcl", true, Params::kBucket, 1},
    {"s3.amazonaws.com", "GetBucketEncryption", true, Params::kBucket, 1,
     "ServerSideEncryptionConfigurationNotFoundError",
     "The server side encryption configuration was not found", 0.1},
    {"s3.amazonaws.com", "GetBucketPublicAccessBlock", true, Params::kBucket, 1,
     "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found",
     0.1},
    {"s3.amazonaws.com", "GetBucketLogging", true, Params::kBucket, 1},
    {"iam.amazonaws.com", "ListUsers", true, Params::kEmpty, 1},
    {"iam.amazonaws.com", "ListRoles", true, Params::kEmpty, 1},
    {"iam.amazonaws.com", "ListPolicies", true, Params::kAccountScope, 1},
    {"iam.amazonaws.com", "GetAccountPasswordPolicy", true, Params::kNull, 0.5},
    {"kms.amazonaws.com", "ListKeys", true, Params::kEmpty, 1},
    {"kms.amazonaws.com", "GetKeyRotationStatus", true, Params::kKmsKey, 1},
    {"cloudtrail.amazonaws.com", "DescribeTrails", true, Params::kEmpty, 1},
    {"cloudtrail.amazonaws.com", "GetTrailStatus", true, Params::kTrail, 1},
    {"guardduty.amazonaws.com", "ListDetectors", true, Params::kEmpty, 1},
    {"rds.amazonaws.com", "DescribeDBInstances", true, Params::kEmpty, 1},
    {"lambda.amazonaws.com", "ListFunctions20150331", true, Params::kNull, 1},
};

// EC2 Auto Scaling's service-linked role keeping groups at size.
constexpr Api kAutoScalingApis[] = {
    {"ec2.amazonaws.com", "DescribeInstanceStatus", true, Params::kInstanceIds, 6},
    {"ec2.amazonaws.com", "DescribeInstances", true, Params::kInstanceIds, 3},
    {"elasticloadbalancing.amazonaws.com", "DescribeTargetHealth", true, Params::kEmpty, 2},
    {"ec2.amazonaws.com", "CreateTags", false, Params::kCreateTags, 0.2},
};

constexpr std::string_view kOrgs[] = {"acme", "globex", "initech", "umbrella", "hooli", "vandelay"};
constexpr std::string_view kApps[] = {"orders",  "payments", "catalog", "search",
                                      "billing", "auth",     "reports", "notify"};
constexpr std::string_view kEnvs[] = {"prod", "staging", "dev", "shared", "sandbox"};
constexpr std::string_view kPeople[] = {"alice",   "bob",   "carol",  "dave",   "erin",
                                        "frank",   "grace", "heidi",  "ivan",   "judy",
                                        "mallory", "niaj",  "olivia", "peggy",  "rupert",
                                        "sybil",   "trent", "victor", "walter", "yolanda"};

constexpr std::string_view kBrowsers[] = {
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4.1 Safari/605.1.15",
};
constexpr std::string_view kCliAgents[] = {
    "aws-cli/2.15.38 md/awscrt#0.19.19 ua/2.0 os/macos#23.4.0 md/arch#arm64 lang/python#3.11.8 "
    "md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off",
    "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0-28-generic md/arch#x86_64 "
    "lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off",
    "aws-cli/2.13.12 Python/3.11.4 Darwin/23.2.0 exe/x86_64 prompt/off",
};
constexpr std::string_view kWorkloadAgents[] = {
    "Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#5.10.214-223.810.amzn2.x86_64 "
    "md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 "
    "cfg/retry-mode#legacy Botocore/1.34.84",
    "aws-sdk-java/2.25.16 Linux/5.10.213-201.855.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/"
    "17.0.10+8-LTS Java/17.0.10 vendor/Amazon.com_Inc. md/internal exec-env/AWS_ECS_FARGATE "
    "io/sync http/Apache cfg/retry-mode/legacy",
    "aws-sdk-js/3.540.0 ua/2.0 os/linux#5.10.214-223.810.amzn2.x86_64 lang/js md/nodejs#20.12.0 "
    "exec-env/AWS_Lambda_nodejs20.x",
    "aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.2 md/GOOS#linux md/GOARCH#amd64 "
    "exec-env/AWS_ECS_FARGATE",
};
constexpr std::string_view kTerraform =
    "APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/"
    "5.44.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.26.1 "
    "os/linux lang/go#1.21.8 md/GOOS#linux md/GOARCH#amd64";
constexpr std::string_view kSsmAgent =
    "aws-sdk-go/1.44.302 (go1.21.8; linux; amd64) amazon-ssm-agent/3.3.131.0";
constexpr std::string_view kScannerAgent =
    "aws-sdk-go-v2/1.25.2 os/linux lang/go#1.22.0 md/GOOS#linux md/GOARCH#amd64 "
    "app/posture-scanner#4.2.0";

// The first two octets of EC2 addresses per region; workloads call from these.
std::string_view aws_prefix(std::string_view region) {
    struct Prefix {
        std::string_view region, prefix;
    };
    static constexpr Prefix kPrefixes[] = {
        {"us-east-1", "3.88"},        {"us-east-2", "3.134"},       {"us-west-1", "13.56"},
        {"us-west-2", "35.162"},      {"eu-west-1", "34.243"},      {"eu-west-2", "18.130"},
        {"eu-west-3", "15.236"},      {"eu-central-1", "18.184"},   {"eu-north-1", "13.48"},
        {"ap-south-1", "13.232"},     {"ap-northeast-1", "54.64"},  {"ap-northeast-2", "13.124"},
        {"ap-southeast-1", "13.212"}, {"ap-southeast-2", "13.236"}, {"ca-central-1", "15.222"},
        {"sa-east-1", "18.228"},
    };
    for (const auto& p : kPrefixes) {
        if (p.region == region) return p.prefix;
    }
    return "52.94";
}

struct App {
    std::string name, env, bucket, secret, table, function, log_group, key_id, stack, cluster;
    std::array<std::string, 2> parameters;
    std::array<std::string, 2> instances;
};

struct Account {
    std::string id;
    std::string env;
    std::string vpc;
    std::string security_group;
    std::vector<App> apps;
};

// A principal's habitual calls: a subset of its kind's table with weights of its own.
class Habit {
  public:
    void build(std::span<const Api> table, std::size_t keep, Rng& rng) {
        std::vector<std::size_t> all(table.size());
        for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
        for (std::size_t i = all.size(); i > 1; --i) std::swap(all[i - 1], all[rng.below(i)]);
        all.resize(std::min(std::max<std::size_t>(keep, 1), all.size()));
        std::sort(all.begin(), all.end());
        for (auto i : all) push(&table[i], table[i].weight * (0.5 + rng.unit()));
    }
    // Adds another table's calls taking `share` of the whole (S3 data events).
    void add(std::span<const Api> table, double share) {
        const double base = total();
        double weights = 0;
        for (const auto& a : table) weights += a.weight;
        for (const auto& a : table) push(&a, base * share / (1 - share) * a.weight / weights);
    }
    [[nodiscard]] const Api& pick(Rng& rng) const {
        const double x = rng.unit() * total();
        const auto at = static_cast<std::size_t>(
            std::upper_bound(cumulative_.begin(), cumulative_.end(), x) - cumulative_.begin());
        return *apis_[std::min(at, apis_.size() - 1)];
    }
    [[nodiscard]] bool empty() const { return apis_.empty(); }

  private:
    void push(const Api* a, double w) {
        apis_.push_back(a);
        cumulative_.push_back(total() + w);
    }
    [[nodiscard]] double total() const { return cumulative_.empty() ? 0 : cumulative_.back(); }
    std::vector<const Api*> apis_;
    std::vector<double> cumulative_;
};

enum class Service { kConfig, kAutoScaling, kScanner, kKms };

// A principal with its habits and its state in the stream.
struct Member {
    BackgroundPrincipal p;
    std::size_t account = 0;
    std::size_t app = 0;
    double weight = 1;
    Habit habit;
    Habit console;  // people: their console calls
    std::string role_path;
    std::string service_host;  // service-linked roles: sourceIPAddress and invokedBy
    std::string assumed_by;    // the AWS service that assumes a workload's role
    std::string browser;
    std::string vpc_endpoint;
    std::string agent_ua;   // instances: the SSM agent's client
    std::string vendor_id;  // the posture vendor's own role, which assumes the audit role
    Service service = Service::kConfig;
    int tz_hours = 0;
    int start_hour = 8, end_hour = 18;
    double denied_rate = 0;  // people: how often they try what they may not
    // Stream state: the current credentials and, for people and pipelines, the current session
    // (console session, CI job).
    std::string identity;
    std::string console_identity;
    std::string key;
    std::int64_t session_start = 0;
    std::int64_t session_until = -1;
};

bool is_global(std::string_view source) {
    return source == "iam.amazonaws.com" || source == "health.amazonaws.com" ||
           source == "ce.amazonaws.com" || source == "organizations.amazonaws.com";
}

std::string_view version_of(std::string_view source) {
    if (source == "s3.amazonaws.com") return "1.10";
    if (source == "sts.amazonaws.com" || source == "ssm.amazonaws.com") return "1.08";
    return "1.09";
}

std::string_view denied_code(std::string_view source) {
    if (source == "ec2.amazonaws.com") return "Client.UnauthorizedOperation";
    if (source == "iam.amazonaws.com" || source == "s3.amazonaws.com" ||
        source == "sts.amazonaws.com" || source == "lambda.amazonaws.com" ||
        source == "rds.amazonaws.com") {
        return "AccessDenied";
    }
    return "AccessDeniedException";
}

std::string env_name(std::size_t i) {
    std::string s(kEnvs[i % std::size(kEnvs)]);
    if (i >= std::size(kEnvs)) s += std::to_string(i / std::size(kEnvs) + 1);
    return s;
}

// Days since 1970-01-01 (a Thursday) and hour of day, at a fixed offset from UTC.
int local_hour(std::int64_t ms, int tz_hours, int& weekday) {
    const std::int64_t hours = ms / 3'600'000 + tz_hours;
    const std::int64_t days = hours >= 0 ? hours / 24 : (hours - 23) / 24;
    weekday = static_cast<int>(((days + 4) % 7 + 7) % 7);  // 0 is Sunday
    return static_cast<int>(hours - days * 24);
}

}  // namespace

struct Background::State {
    BackgroundOptions options;
    std::vector<std::string> account_ids;
    std::vector<Account> accounts;
    std::vector<Member> members;
    std::vector<BackgroundPrincipal> principals;
    std::vector<std::size_t> machines;  // members that are not people
    std::vector<double> machine_cumulative;
    std::vector<std::size_t> humans;
    std::vector<std::size_t> active_humans;
    std::int64_t active_hour = std::numeric_limits<std::int64_t>::min();
    std::string org;
    std::string scanner_account;  // the posture vendor's account, which assumes its audit role
    std::string trail_arn;
    Rng rng{1};
    double clock_ms = 0;  // time since start, fractional, so that high rates keep their spacing
    std::string params, response, resources, additional, host, message;

    void build();
    void build_account(std::size_t index, Rng& r);
    void render_identity(Member& m);
    [[nodiscard]] bool working(const Member& m, std::int64_t now) const;
    void write(SynthEvent& out, std::int64_t now);
    void call(SynthEvent& out, Member& m, const Api& api, std::int64_t now, bool console);
    void write_params(const Member& m, const Api& api, std::int64_t now, std::string_view region);
    void refresh(SynthEvent& out, Member& m, std::int64_t now);
    void console_login(SynthEvent& out, Member& m, std::int64_t now);
    void ci_job(SynthEvent& out, Member& m, std::int64_t now);
    void rotate_key(SynthEvent& out, Member& m, std::int64_t now);
    void emit(SynthEvent& out, synth::Record& r);
    void denied_message(const Member& m, const Api& api);
    [[nodiscard]] std::string credentials(const std::string& key, std::int64_t expires);
};

void Background::State::build_account(std::size_t index, Rng& r) {
    Account acc;
    acc.id = account_ids[index];
    acc.env = env_name(index);
    acc.vpc = "vpc-0" + synth::random_chars(r, 16, synth::kHexLower);
    acc.security_group = "sg-0" + synth::random_chars(r, 16, synth::kHexLower);
    for (std::size_t i = 0; i < 4; ++i) {
        App a;
        a.name = std::string(kApps[(index + i) % std::size(kApps)]);
        a.env = acc.env;
        const std::string base = a.name + "-" + a.env;
        a.bucket = org + "-" + base + "-" + acc.id.substr(8);
        a.secret = a.env + "/" + a.name + "/database";
        a.table = base;
        a.function = base + "-handler";
        a.log_group = "/aws/lambda/" + a.function;
        a.key_id = synth::uuid(r);
        a.stack = base;
        a.cluster = a.env + "-cluster";
        a.parameters = {"/" + a.name + "/" + a.env + "/db-host",
                        "/" + a.name + "/" + a.env + "/feature-flags"};
        a.instances = {synth::instance_id(r), synth::instance_id(r)};
        acc.apps.push_back(std::move(a));
    }
    accounts.push_back(std::move(acc));
}

void Background::State::build() {
    // The organisation depends on the seed alone, never on the start time, so that chunks of
    // one stream generated apart describe the same principals.
    Rng r(options.seed ^ 0x6f7267616e697365ull);
    if (options.regions.empty()) options.regions = {"us-east-1"};
    const auto& regions = options.regions;
    const std::size_t n_accounts = std::max(1u, options.accounts);
    org = std::string(kOrgs[options.seed % std::size(kOrgs)]);
    while (account_ids.size() < n_accounts + 1) {
        auto id = synth::account_id(r);
        if (std::find(account_ids.begin(), account_ids.end(), id) == account_ids.end()) {
            account_ids.push_back(std::move(id));
        }
    }
    scanner_account = account_ids.back();
    account_ids.pop_back();
    for (std::size_t i = 0; i < n_accounts; ++i) build_account(i, r);
    trail_arn = "arn:aws:cloudtrail:" + regions[0] + ":" + account_ids[0] + ":trail/" + org +
                "-organization-trail";
    const std::array<std::string, 2> offices{synth::ipv4(r, "192.0.2"), synth::ipv4(r, "192.0.2")};
    std::vector<std::string> runners;
    for (int i = 0; i < 4; ++i) {
        runners.push_back(synth::ipv4(r, "198.18." + std::to_string(r.between(0, 255))));
    }
    auto usual_regions = [&regions](Rng& rr) {
        const std::size_t home =
            rr.chance(0.7) ? 0 : rr.below(std::min<std::size_t>(regions.size(), 3));
        std::vector<std::string> out{regions[home]};
        if (regions.size() > 1 && rr.chance(0.3)) {
            out.push_back(regions[(home + 1 + rr.below(regions.size() - 1)) % regions.size()]);
        }
        return out;
    };
    auto aws_address = [](Rng& rr, std::string_view region) {
        return synth::ipv4(
            rr, std::string(aws_prefix(region)) + "." + std::to_string(rr.between(0, 255)));
    };

    for (unsigned i = 0; i < options.users; ++i) {
        Member m;
        m.p.kind = Kind::kHuman;
        m.account = i % n_accounts;
        m.p.account = account_ids[m.account];
        m.p.name = std::string(kPeople[i % std::size(kPeople)]);
        if (i >= std::size(kPeople)) m.p.name += std::to_string(i / std::size(kPeople) + 1);
        m.p.arn = "arn:aws:iam::" + m.p.account + ":user/" + m.p.name;
        m.p.id = synth::iam_id(r, "AIDA");
        m.p.access_key = synth::iam_id(r, "AKIA");
        m.key = m.p.access_key;
        m.p.regions = usual_regions(r);
        m.p.ips = {offices.begin(), offices.end()};
        m.p.user_agent = std::string(kCliAgents[r.below(std::size(kCliAgents))]);
        m.browser = std::string(kBrowsers[r.below(std::size(kBrowsers))]);
        static constexpr int kZones[] = {-8, -5, 0, 1, 2};
        m.tz_hours = kZones[r.below(std::size(kZones))];
        m.start_hour = static_cast<int>(r.between(7, 9));
        m.end_hour = static_cast<int>(r.between(17, 19));
        m.denied_rate = 0.005 + 0.015 * r.unit();
        m.habit.build(kHumanCliApis, static_cast<std::size_t>(r.between(4, 8)), r);
        m.console.build(kHumanConsoleApis, static_cast<std::size_t>(r.between(6, 12)), r);
        m.weight = 0.5 + r.unit();
        m.app = r.below(4);
        members.push_back(std::move(m));
    }
    for (unsigned i = 0; i < options.roles; ++i) {
        Member m;
        m.account = i % n_accounts;
        m.p.account = account_ids[m.account];
        m.app = (i / n_accounts) % 4;
        const App& app = accounts[m.account].apps[m.app];
        m.p.id = synth::iam_id(r, "AROA");
        m.p.regions = usual_regions(r);
        // Rotating the kind with the account gives every account every kind of role.
        const unsigned slot = static_cast<unsigned>((i / n_accounts + i) % 5);
        if (slot == 4) {
            m.p.kind = Kind::kCi;
            m.p.name = "ci-deploy-" + app.name;
            m.p.session = "GitHubActions";
            m.p.ips = runners;
            m.p.user_agent = std::string(kTerraform);
            m.habit.build(kCiApis, static_cast<std::size_t>(r.between(10, 20)), r);
            m.weight = 0.5 + r.unit();
        } else if (slot == 2) {
            m.p.kind = Kind::kInstance;
            m.p.name = app.name + "-" + app.env + "-instance";
            m.p.session = app.instances[r.below(2)];
            m.p.regions.resize(1);
            m.p.ips = {aws_address(r, m.p.regions[0])};
            m.p.user_agent = std::string(kWorkloadAgents[0]);
            m.agent_ua = std::string(kSsmAgent);
            m.habit.build(kInstanceApis, std::size(kInstanceApis), r);
            if (options.s3_data_events) m.habit.add(kDataApis, 0.3);
            m.assumed_by = "ec2.amazonaws.com";
            m.weight = 0.3 + r.unit();
        } else {
            m.p.kind = Kind::kWorkload;
            m.p.name = app.name + "-" + app.env + (slot == 0 ? "-lambda" : "-task");
            m.p.regions.resize(1);
            if (r.chance(0.2)) {
                // Through VPC endpoints: a private address and the endpoint's id.
                m.p.ips = {"10.0." + std::to_string(r.between(0, 255)) + "." +
                           std::to_string(r.between(2, 254))};
                m.vpc_endpoint = "vpce-0" + synth::random_chars(r, 16, synth::kHexLower);
            } else {
                m.p.ips = {aws_address(r, m.p.regions[0]), aws_address(r, m.p.regions[0])};
            }
            m.p.user_agent = std::string(kWorkloadAgents[r.below(std::size(kWorkloadAgents))]);
            m.habit.build(kWorkloadApis, static_cast<std::size_t>(r.between(4, 8)), r);
            if (options.s3_data_events) m.habit.add(kDataApis, 0.5);
            m.assumed_by = slot == 0 ? "lambda.amazonaws.com" : "ecs-tasks.amazonaws.com";
            m.weight = 0.3 + 2 * r.unit();
        }
        if (m.p.session.empty()) {
            // Lambda names sessions after the function, ECS after the task.
            m.p.session = slot == 0 ? app.function : synth::random_chars(r, 32, synth::kHexLower);
        }
        members.push_back(std::move(m));
    }
    for (unsigned i = 0; i < options.services; ++i) {
        Member m;
        m.account = i % n_accounts;
        m.p.account = account_ids[m.account];
        m.p.id = synth::iam_id(r, "AROA");
        m.service = static_cast<Service>((i / n_accounts + i) % 4);
        switch (m.service) {
            case Service::kConfig:
                m.p.kind = Kind::kScanner;
                m.p.name = "AWSServiceRoleForConfig";
                m.p.session = "AWSConfig-Describe";
                m.role_path = "aws-service-role/config.amazonaws.com/";
                m.service_host = "config.amazonaws.com";
                m.p.regions = regions;
                m.habit.build(kScannerApis, std::size(kScannerApis), r);
                m.weight = 1.5;
                break;
            case Service::kAutoScaling:
                m.p.kind = Kind::kService;
                m.p.name = "AWSServiceRoleForAutoScaling";
                m.p.session = "AutoScaling";
                m.role_path = "aws-service-role/autoscaling.amazonaws.com/";
                m.service_host = "autoscaling.amazonaws.com";
                m.p.regions = usual_regions(r);
                m.habit.build(kAutoScalingApis, std::size(kAutoScalingApis), r);
                m.weight = 0.4;
                break;
            case Service::kScanner:
                m.p.kind = Kind::kScanner;
                m.p.name = "posture-scanner-audit";
                m.p.session = "posture-scan";
                m.vendor_id = synth::iam_id(r, "AROA");
                m.p.ips = {synth::ipv4(r, "198.19.40"), synth::ipv4(r, "198.19.41")};
                m.p.user_agent = std::string(kScannerAgent);
                m.p.regions = regions;
                m.habit.build(kScannerApis, std::size(kScannerApis) - 4, r);
                m.weight = 1.0;
                break;
            case Service::kKms:
                m.p.kind = Kind::kService;
                m.p.name = "kms.amazonaws.com";
                m.service_host = "AWS Internal";
                m.p.regions = usual_regions(r);
                m.weight = 0.001;  // yearly rotations of a few keys, made visible
                break;
        }
        if (!m.service_host.empty()) {
            m.p.ips = {m.service_host};
            m.p.user_agent = m.service_host;
        }
        members.push_back(std::move(m));
    }
    for (std::size_t i = 0; i < members.size(); ++i) {
        Member& m = members[i];
        // Two roles of one application and kind would share a name: number the later ones.
        for (std::size_t j = 0; j < i; ++j) {
            if (members[j].p.account == m.p.account && members[j].p.name == m.p.name) {
                m.p.name += "-" + std::to_string(i);
                break;
            }
        }
        if (m.p.kind == Kind::kHuman) {
            humans.push_back(i);
        } else {
            machines.push_back(i);
            machine_cumulative.push_back(
                (machine_cumulative.empty() ? 0 : machine_cumulative.back()) + m.weight);
            if (m.p.kind != Kind::kService || m.service != Service::kKms) {
                m.p.arn =
                    "arn:aws:sts::" + m.p.account + ":assumed-role/" + m.p.name + "/" + m.p.session;
            }
        }
        render_identity(m);
        principals.push_back(m.p);
    }
}

void Background::State::render_identity(Member& m) {
    using synth::Obj;
    const std::string& account = m.p.account;
    if (m.p.kind == Kind::kHuman) {
        m.identity = Obj()
                         .s("type", "IAMUser")
                         .s("principalId", m.p.id)
                         .s("arn", m.p.arn)
                         .s("accountId", account)
                         .s("accessKeyId", m.p.access_key)
                         .s("userName", m.p.name)
                         .str();
        m.console_identity =
            Obj()
                .s("type", "IAMUser")
                .s("principalId", m.p.id)
                .s("arn", m.p.arn)
                .s("accountId", account)
                .s("accessKeyId", m.key)
                .s("userName", m.p.name)
                .raw("sessionContext",
                     Obj()
                         .raw("sessionIssuer", "{}")
                         .raw("webIdFederationData", "{}")
                         .raw("attributes", Obj()
                                                .s("creationDate", synth::iso_time(m.session_start))
                                                .s("mfaAuthenticated", "true")
                                                .str())
                         .str())
                .str();
        return;
    }
    if (m.p.kind == Kind::kService && m.service == Service::kKms) {
        m.identity = Obj().s("accountId", account).s("invokedBy", "AWS Internal").str();
        return;
    }
    Obj context;
    context.raw("sessionIssuer",
                Obj()
                    .s("type", "Role")
                    .s("principalId", m.p.id)
                    .s("arn", "arn:aws:iam::" + account + ":role/" + m.role_path + m.p.name)
                    .s("accountId", account)
                    .s("userName", m.p.name)
                    .str());
    if (m.p.kind == Kind::kCi) {
        context.raw(
            "webIdFederationData",
            Obj()
                .s("federatedProvider",
                   "arn:aws:iam::" + account + ":oidc-provider/token.actions.githubusercontent.com")
                .raw("attributes", "{}")
                .str());
    } else if (m.p.kind == Kind::kInstance) {
        context.raw("webIdFederationData", "{}");
    }
    context.raw("attributes", Obj()
                                  .s("creationDate", synth::iso_time(m.session_start))
                                  .s("mfaAuthenticated", "false")
                                  .str());
    if (m.p.kind == Kind::kInstance) context.s("ec2RoleDelivery", "2.0");
    Obj id;
    id.s("type", "AssumedRole")
        .s("principalId", m.p.id + ":" + m.p.session)
        .s("arn", m.p.arn)
        .s("accountId", account)
        .s("accessKeyId", m.key)
        .raw("sessionContext", context.str());
    if (!m.service_host.empty()) id.s("invokedBy", m.service_host);
    m.identity = id.str();
}

bool Background::State::working(const Member& m, std::int64_t now) const {
    int weekday = 0;
    const int hour = local_hour(now, m.tz_hours, weekday);
    return weekday >= 1 && weekday <= 5 && hour >= m.start_hour && hour < m.end_hour;
}

std::string Background::State::credentials(const std::string& key, std::int64_t expires) {
    return synth::Obj()
        .s("accessKeyId", key)
        .s("sessionToken", "IQoJb3JpZ2luX2Vj" + synth::random_chars(rng, 120, synth::kAlnum))
        .s("expiration", synth::human_time(expires, true))
        .str();
}

void Background::State::emit(SynthEvent& out, synth::Record& r) {
    out.time_ms = r.time_ms;
    out.account.assign(r.account);
    out.region.assign(r.region);
    out.json.clear();
    synth::write_record(out.json, r, rng);
}

void Background::State::write(SynthEvent& out, std::int64_t now) {
    const std::int64_t hour = now / 3'600'000;
    if (hour != active_hour) {
        active_hour = hour;
        active_humans.clear();
        for (auto i : humans) {
            if (working(members[i], now)) active_humans.push_back(i);
        }
    }
    // People make about a tenth of the calls when all of them are at work.
    const double human_share = humans.empty() ? 0
                                              : 0.1 * static_cast<double>(active_humans.size()) /
                                                    static_cast<double>(humans.size());
    Member* m = nullptr;
    if (!active_humans.empty() && (machines.empty() || rng.chance(human_share))) {
        m = &members[active_humans[rng.below(active_humans.size())]];
    } else if (!machines.empty()) {
        const double x = rng.unit() * machine_cumulative.back();
        const auto at = static_cast<std::size_t>(
            std::upper_bound(machine_cumulative.begin(), machine_cumulative.end(), x) -
            machine_cumulative.begin());
        m = &members[machines[std::min(at, machines.size() - 1)]];
    } else {
        m = &members[humans[rng.below(humans.size())]];  // only people, out of hours
    }
    switch (m->p.kind) {
        case Kind::kHuman: {
            if (now >= m->session_until && rng.chance(0.5)) {
                console_login(out, *m, now);
                return;
            }
            const bool console = now < m->session_until && rng.chance(0.75);
            call(out, *m, console ? m->console.pick(rng) : m->habit.pick(rng), now, console);
            return;
        }
        case Kind::kCi:
            if (now >= m->session_until) {
                ci_job(out, *m, now);
                return;
            }
            break;
        case Kind::kService:
            if (m->service == Service::kKms) {
                rotate_key(out, *m, now);
                return;
            }
            [[fallthrough]];
        default:
            if (now >= m->session_until) {
                refresh(out, *m, now);
                return;
            }
            break;
    }
    call(out, *m, m->habit.pick(rng), now, false);
}

void Background::State::console_login(SynthEvent& out, Member& m, std::int64_t now) {
    m.session_start = now;
    m.session_until = now + rng.between(3'600'000, 4 * 3'600'000);
    m.key = synth::iam_id(rng, "ASIA");
    render_identity(m);
    const std::string identity = synth::Obj()
                                     .s("type", "IAMUser")
                                     .s("principalId", m.p.id)
                                     .s("arn", m.p.arn)
                                     .s("accountId", m.p.account)
                                     .s("userName", m.p.name)
                                     .str();
    additional = synth::Obj()
                     .s("LoginTo",
                        "https://console.aws.amazon.com/console/home?state=hashArgs%23"
                        "&isauthcode=true")
                     .s("MobileVersion", "No")
                     .s("MFAIdentifier", "arn:aws:iam::" + m.p.account + ":mfa/" + m.p.name)
                     .s("MFAUsed", "Yes")
                     .str();
    synth::Record r;
    r.time_ms = now;
    r.identity = identity;
    r.source = "signin.amazonaws.com";
    r.name = "ConsoleLogin";
    r.region = "us-east-1";
    r.ip = m.p.ips[rng.below(m.p.ips.size())];
    r.user_agent = m.browser;
    r.response = R"({"ConsoleLogin":"Success"})";
    r.additional = additional;
    r.request_id = synth::RequestId::kNone;
    r.event_type = "AwsConsoleSignIn";
    r.account = m.p.account;
    r.host = "signin.aws.amazon.com";
    emit(out, r);
}

void Background::State::ci_job(SynthEvent& out, Member& m, std::int64_t now) {
    using synth::Obj;
    m.session_start = now;
    m.session_until = now + rng.between(180'000, 900'000);
    m.key = synth::iam_id(rng, "ASIA");
    render_identity(m);
    const std::string provider =
        "arn:aws:iam::" + m.p.account + ":oidc-provider/token.actions.githubusercontent.com";
    const std::string subject =
        "repo:" + org + "/" + accounts[m.account].apps[m.app].name + ":ref:refs/heads/main";
    const std::string role = "arn:aws:iam::" + m.p.account + ":role/" + m.p.name;
    const std::string identity = Obj()
                                     .s("type", "WebIdentityUser")
                                     .s("principalId", provider + ":sts.amazonaws.com:" + subject)
                                     .s("userName", subject)
                                     .s("identityProvider", provider)
                                     .str();
    params =
        Obj().s("roleArn", role).s("roleSessionName", m.p.session).n("durationSeconds", 3600).str();
    response =
        Obj()
            .raw("credentials", credentials(m.key, now + 3'600'000))
            .s("subjectFromWebIdentityToken", subject)
            .raw("assumedRoleUser",
                 Obj().s("assumedRoleId", m.p.id + ":" + m.p.session).s("arn", m.p.arn).str())
            .s("provider", provider)
            .s("audience", "sts.amazonaws.com")
            .str();
    resources = "[" +
                Obj().s("accountId", m.p.account).s("type", "AWS::IAM::Role").s("ARN", role).str() +
                "]";
    synth::Record r;
    r.time_ms = now;
    r.version = "1.08";
    r.identity = identity;
    r.source = "sts.amazonaws.com";
    r.name = "AssumeRoleWithWebIdentity";
    r.region = m.p.regions[0];
    r.ip = m.p.ips[rng.below(m.p.ips.size())];
    r.user_agent =
        "aws-sdk-js/3.540.0 ua/2.0 os/linux#6.5.0-1017-azure lang/js md/nodejs#20.12.1 "
        "api/sts#3.540.0 configure-aws-credentials-for-github-actions";
    r.request = params;
    r.response = response;
    r.read_only = true;
    r.resources = resources;
    r.account = m.p.account;
    emit(out, r);
}

void Background::State::refresh(SynthEvent& out, Member& m, std::int64_t now) {
    using synth::Obj;
    const bool instance = m.p.kind == Kind::kInstance;
    m.session_start = now;
    m.session_until = now + (instance ? 6 : 1) * 3'600'000 - rng.between(0, 600'000);
    m.key = synth::iam_id(rng, "ASIA");
    render_identity(m);
    const std::string role = "arn:aws:iam::" + m.p.account + ":role/" + m.role_path + m.p.name;
    const bool by_vendor = m.p.kind == Kind::kScanner && m.service == Service::kScanner;
    const std::string& by = !m.assumed_by.empty() ? m.assumed_by : m.service_host;
    std::string identity;
    if (by_vendor) {
        // The vendor's own role assumes the audit role across accounts.
        identity = Obj()
                       .s("type", "AWSAccount")
                       .s("principalId", m.vendor_id + ":" + m.p.session)
                       .s("accountId", scanner_account)
                       .str();
    } else {
        identity = Obj().s("type", "AWSService").s("invokedBy", by).str();
    }
    Obj request;
    request.s("roleArn", role).s("roleSessionName", m.p.session);
    if (by_vendor) request.s("externalId", "HIDDEN_DUE_TO_SECURITY_REASONS");
    params = request.str();
    response =
        Obj()
            .raw("credentials", credentials(m.key, m.session_until))
            .raw("assumedRoleUser",
                 Obj().s("assumedRoleId", m.p.id + ":" + m.p.session).s("arn", m.p.arn).str())
            .str();
    resources = "[" +
                Obj().s("accountId", m.p.account).s("type", "AWS::IAM::Role").s("ARN", role).str() +
                "]";
    synth::Record r;
    r.time_ms = now;
    r.version = "1.08";
    r.identity = identity;
    r.source = "sts.amazonaws.com";
    r.name = "AssumeRole";
    r.region = m.p.regions[0];
    r.ip = by_vendor ? std::string_view(m.p.ips[0]) : std::string_view(by);
    r.user_agent = by_vendor ? std::string_view(m.p.user_agent) : std::string_view(by);
    r.request = params;
    r.response = response;
    r.read_only = true;
    r.resources = resources;
    r.account = m.p.account;
    r.tls = by_vendor;
    emit(out, r);
}

void Background::State::rotate_key(SynthEvent& out, Member& m, std::int64_t now) {
    using synth::Obj;
    const App& app = accounts[m.account].apps[rng.below(4)];
    const std::string& region = m.p.regions[0];
    params = "[" +
             Obj()
                 .s("accountId", m.p.account)
                 .s("type", "AWS::KMS::Key")
                 .s("ARN", "arn:aws:kms:" + region + ":" + m.p.account + ":key/" + app.key_id)
                 .str() +
             "]";
    additional = Obj().s("keyId", app.key_id).s("rotationType", "AUTOMATIC").str();
    synth::Record r;
    r.time_ms = now;
    r.version = "1.08";
    r.identity = m.identity;
    r.source = "kms.amazonaws.com";
    r.name = "RotateKey";
    r.region = region;
    r.ip = "AWS Internal";
    r.user_agent = "AWS Internal";
    r.request_id = synth::RequestId::kNone;
    r.resources = params;
    r.event_type = "AwsServiceEvent";
    r.account = m.p.account;
    r.service_details = additional;
    r.tls = false;
    emit(out, r);
}

void Background::State::write_params(const Member& m,
                                     const Api& api,
                                     std::int64_t now,
                                     std::string_view region) {
    using synth::Obj;
    const Account& acc = accounts[m.account];
    // People and scanners look at every application of their account; workloads at their own.
    const bool roams =
        m.p.kind == Kind::kHuman || m.p.kind == Kind::kScanner || m.p.kind == Kind::kService;
    const App& app = roams ? acc.apps[rng.below(acc.apps.size())] : acc.apps[m.app];
    const std::string& instance =
        m.p.kind == Kind::kInstance ? m.p.session : app.instances[rng.below(2)];
    std::string& p = params;
    p.clear();
    resources.clear();
    additional.clear();
    host.clear();
    auto q = [&p](std::string_view s) { append_json_quoted(p, s); };
    auto key_resource = [&](std::string_view key_id) {
        resources = "[{\"accountId\":\"" + acc.id + "\",\"type\":\"AWS::KMS::Key\",\"ARN\":";
        append_json_quoted(resources, "arn:aws:kms:" + std::string(region) + ":" + acc.id +
                                          ":key/" + std::string(key_id));
        resources += "}]";
    };
    auto s3_host = [&](std::string_view bucket) {
        host.assign(bucket);
        host += ".s3.";
        host += region;
        host += ".amazonaws.com";
    };
    auto s3_additional = [&](std::int64_t in, std::int64_t out_bytes) {
        additional =
            "{\"SignatureVersion\":\"SigV4\",\"CipherSuite\":\"TLS_AES_128_GCM_SHA256\","
            "\"bytesTransferredIn\":";
        synth::append_int(additional, in);
        additional += ",\"AuthenticationMethod\":\"AuthHeader\",\"x-amz-id-2\":\"";
        for (int i = 0; i < 56; ++i) additional += synth::kAlnum[rng.below(synth::kAlnum.size())];
        additional += "\",\"bytesTransferredOut\":";
        synth::append_int(additional, out_bytes);
        additional += '}';
    };
    switch (api.params) {
        case Params::kNull:
            p = "null";
            break;
        case Params::kEmpty:
            p = "{}";
            break;
        case Params::kInstances: {
            struct Shape {
                std::string_view name, json;
            };
            static constexpr Shape kShapes[] = {
                {"DescribeInstances", R"({"instancesSet":{},"filterSet":{}})"},
                {"DescribeSubnets", R"({"subnetSet":{},"filterSet":{}})"},
                {"DescribeSecurityGroups",
                 R"({"securityGroupSet":{},"securityGroupIdSet":{},"filterSet":{}})"},
                {"DescribeVolumes", R"({"volumeSet":{},"filterSet":{}})"},
                {"DescribeNetworkAcls", R"({"networkAclIdSet":{},"filterSet":{}})"},
                {"DescribeVpcs", R"({"vpcSet":{},"filterSet":{}})"},
            };
            p = R"({"filterSet":{}})";
            for (const auto& s : kShapes) {
                if (s.name == api.name) p = s.json;
            }
            break;
        }
        case Params::kInstanceIds:
            p = R"({"instancesSet":{"items":[{"instanceId":)";
            q(app.instances[0]);
            p += R"(},{"instanceId":)";
            q(app.instances[1]);
            p += "}]},\"filterSet\":{}}";
            break;
        case Params::kVpcs:
            p = R"({"vpcSet":{"items":[{"vpcId":)";
            q(acc.vpc);
            p += "}]},\"filterSet\":{}}";
            break;
        case Params::kSecurityGroups:
            p = R"({"securityGroupSet":{},"securityGroupIdSet":{"items":[{"groupId":)";
            q(acc.security_group);
            p += "}]},\"filterSet\":{}}";
            break;
        case Params::kSnapshots:
            p = R"({"snapshotSet":{},"ownersSet":{"items":[{"owner":"self"}]},)"
                R"("sharedUsersSet":{},"filterSet":{}})";
            break;
        case Params::kTags:
            p = R"({"filterSet":{"items":[{"name":"resource-id","valueSet":{"items":[{"value":)";
            q(instance);
            p += "}]}}]}}";
            break;
        case Params::kCreateTags:
            p = R"({"resourcesSet":{"items":[{"resourceId":)";
            q(instance);
            p += R"(}]},"tagSet":{"items":[{"key":"deployed-by","value":"pipeline"}]}})";
            break;
        case Params::kBucket: {
            struct Sub {
                std::string_view name, key;
            };
            static constexpr Sub kSubs[] = {
                {"GetBucketPolicy", "policy"},
                {"GetBucketAcl", "acl"},
                {"GetBucketVersioning", "versioning"},
                {"GetBucketTagging", "tagging"},
                {"GetBucketEncryption", "encryption"},
                {"GetBucketPublicAccessBlock", "publicAccessBlock"},
                {"GetBucketLogging", "logging"},
                {"GetBucketLocation", "location"},
            };
            s3_host(app.bucket);
            p = "{\"bucketName\":";
            q(app.bucket);
            p += ",\"Host\":";
            q(host);
            for (const auto& s : kSubs) {
                if (s.name == api.name) {
                    p += ",\"";
                    p += s.key;
                    p += "\":\"\"";
                }
            }
            p += '}';
            resources = "[{\"accountId\":\"" + acc.id + "\",\"type\":\"AWS::S3::Bucket\",\"ARN\":";
            append_json_quoted(resources, "arn:aws:s3:::" + app.bucket);
            resources += "}]";
            s3_additional(0, 0);
            break;
        }
        case Params::kListBuckets:
            host = "s3." + std::string(region) + ".amazonaws.com";
            p = "{\"Host\":";
            q(host);
            p += '}';
            s3_additional(0, 0);
            break;
        case Params::kObject:
        case Params::kListObjects: {
            s3_host(app.bucket);
            p = "{\"bucketName\":";
            q(app.bucket);
            p += ",\"Host\":";
            q(host);
            std::string key;
            if (api.params == Params::kObject) {
                key = "events/";
                synth::append_iso_time(key, now);
                key.resize(key.size() - 10);  // the date, as a prefix
                key += '/';
                key += synth::random_chars(rng, 12, synth::kHexLower);
                key += ".json";
                p += ",\"key\":";
                q(key);
            } else {
                p += R"(,"list-type":"2","prefix":"events/","encoding-type":"url")";
            }
            p += '}';
            resources.clear();
            if (!key.empty()) {
                resources = "[{\"type\":\"AWS::S3::Object\",\"ARN\":";
                append_json_quoted(resources, "arn:aws:s3:::" + app.bucket + "/" + key);
                resources += "},";
            } else {
                resources = "[";
            }
            resources += "{\"accountId\":\"" + acc.id + "\",\"type\":\"AWS::S3::Bucket\",\"ARN\":";
            append_json_quoted(resources, "arn:aws:s3:::" + app.bucket);
            resources += "}]";
            const std::int64_t size = rng.between(300, 200'000);
            s3_additional(api.name == "PutObject" ? size : 0, api.name == "GetObject" ? size : 0);
            break;
        }
        case Params::kParameter:
            p = "{\"name\":";
            q(app.parameters[rng.below(2)]);
            p += ",\"withDecryption\":true}";
            break;
        case Params::kParameters:
            p = "{\"names\":[";
            q(app.parameters[0]);
            p += ',';
            q(app.parameters[1]);
            p += "],\"withDecryption\":true}";
            break;
        case Params::kParametersByPath:
            p = "{\"path\":";
            q("/" + app.name + "/" + app.env);
            p += ",\"recursive\":true,\"withDecryption\":true}";
            break;
        case Params::kSecret:
            p = "{\"secretId\":";
            q(app.secret);
            p += '}';
            break;
        case Params::kKmsDecrypt:
            p = R"({"encryptionAlgorithm":"SYMMETRIC_DEFAULT"})";
            key_resource(app.key_id);
            break;
        case Params::kKmsGenerate:
            p = "{\"keyId\":";
            q("alias/" + app.name + "-" + app.env);
            p += ",\"keySpec\":\"AES_256\"}";
            key_resource(app.key_id);
            break;
        case Params::kKmsKey:
            p = "{\"keyId\":";
            q(app.key_id);
            p += '}';
            key_resource(app.key_id);
            break;
        case Params::kTable:
            p = "{\"tableName\":";
            q(app.table);
            p += '}';
            break;
        case Params::kFunction:
        case Params::kFunctionCode:
            p = "{\"functionName\":";
            q(app.function);
            p += api.params == Params::kFunctionCode ? ",\"publish\":true,\"dryRun\":false}" : "}";
            break;
        case Params::kLogGroup:
            p = "{\"logGroupNamePrefix\":";
            q("/aws/lambda/" + app.name);
            p += '}';
            break;
        case Params::kLogStream:
            p = "{\"logGroupName\":";
            q(app.log_group);
            p += ",\"logStreamName\":\"";
            synth::append_iso_time(p, now);
            p.resize(p.size() - 10);
            p += "/[$LATEST]";
            p += synth::random_chars(rng, 32, synth::kHexLower);
            p += "\"}";
            break;
        case Params::kFilterLogEvents:
            p = "{\"logGroupName\":";
            q(app.log_group);
            p += ",\"startTime\":";
            synth::append_int(p, now - 3'600'000);
            p += R"(,"filterPattern":"ERROR","interleaved":true})";
            break;
        case Params::kRole:
            p = "{\"roleName\":";
            q(app.name + "-" + app.env + "-lambda");
            p += '}';
            break;
        case Params::kPolicy:
        case Params::kPolicyVersion:
            p = "{\"policyArn\":";
            q("arn:aws:iam::" + acc.id + ":policy/" + app.name + "-" + app.env + "-access");
            p += api.params == Params::kPolicyVersion ? ",\"versionId\":\"v3\"}" : "}";
            break;
        case Params::kStack:
            p = "{\"stackName\":";
            q(app.stack);
            p += '}';
            break;
        case Params::kServices:
        case Params::kUpdateService:
            p = "{\"cluster\":";
            q(app.cluster);
            if (api.params == Params::kServices) {
                p += ",\"services\":[";
                q(app.name);
                p += "]}";
            } else {
                p += ",\"service\":";
                q(app.name);
                p += ",\"forceNewDeployment\":true}";
            }
            break;
        case Params::kTaskDefinition:
            p = "{\"taskDefinition\":";
            q(app.name + "-" + app.env);
            p += '}';
            break;
        case Params::kUpdateInstanceInformation:
            p = "{\"instanceId\":";
            q(instance);
            p += R"(,"agentVersion":"3.3.131.0","agentStatus":"Active","platformType":"Linux",)"
                 R"("platformName":"Amazon Linux","platformVersion":"2023","agentName":)"
                 R"("amazon-ssm-agent"})";
            break;
        case Params::kInstanceAssociations:
            p = "{\"instanceId\":";
            q(instance);
            p += ",\"maxResults\":20}";
            break;
        case Params::kAutoScalingInstances:
            p = "{\"instanceIds\":[";
            q(instance);
            p += "]}";
            break;
        case Params::kMetricData:
            p = R"({"metricDataQueries":[{"id":"m1","metricStat":{"metric":{"namespace":)"
                R"("AWS/Lambda","metricName":"Errors"},"period":300,"stat":"Sum"}}],"startTime":)";
            q(synth::human_time(now - 3'600'000, true));
            p += ",\"endTime\":";
            q(synth::human_time(now, true));
            p += '}';
            break;
        case Params::kCostAndUsage:
            p = R"({"granularity":"MONTHLY","metrics":["UnblendedCost"]})";
            break;
        case Params::kStartSession:
            p = "{\"target\":";
            q(instance);
            p += '}';
            break;
        case Params::kTrail:
            p = "{\"name\":";
            q(trail_arn);
            p += '}';
            break;
        case Params::kAccountScope:
            p = R"({"onlyAttached":true,"scope":"Local"})";
            break;
    }
}

// IAM's wording of an implicit deny, with the action the call needs ("lambda:ListFunctions").
void Background::State::denied_message(const Member& m, const Api& api) {
    std::string_view service = api.source.substr(0, api.source.find('.'));
    if (service == "monitoring") service = "cloudwatch";
    std::string_view name = api.name;
    name = name.substr(0, name.find_first_of("0123456789"));  // "ListFunctions20150331"
    message = "User: " + m.p.arn + " is not authorized to perform: ";
    const std::size_t action_at = message.size();
    message += service;
    message += ':';
    message += name;
    const std::string action = message.substr(action_at);
    message += " because no identity-based policy allows the " + action + " action";
}

void Background::State::call(
    SynthEvent& out, Member& m, const Api& api, std::int64_t now, bool console) {
    // Global services log in us-east-1 whatever the caller's region.
    const std::string_view region_view =
        is_global(api.source) ? std::string_view("us-east-1")
                              : std::string_view(m.p.regions[rng.below(m.p.regions.size())]);
    write_params(m, api, now, region_view);
    synth::Record r;
    r.time_ms = now;
    r.version = version_of(api.source);
    r.identity = console ? m.console_identity : m.identity;
    r.source = api.source;
    r.name = api.name;
    r.region = region_view;
    r.ip = m.p.ips[rng.below(m.p.ips.size())];
    r.user_agent = console ? std::string_view(m.browser)
                   : !m.agent_ua.empty() && api.source == "ssm.amazonaws.com" &&
                           api.params != Params::kParameter
                       ? std::string_view(m.agent_ua)
                       : std::string_view(m.p.user_agent);
    if (api.error_rate > 0 && rng.chance(api.error_rate)) {
        r.error_code = api.error_code;
        r.error_message = api.error_message;
    } else if (m.denied_rate > 0 && rng.chance(m.denied_rate)) {
        r.error_code = denied_code(api.source);
        denied_message(m, api);
        r.error_message = message;
    } else if (m.p.kind == Kind::kWorkload && rng.chance(0.001)) {
        r.error_code = "ThrottlingException";
        r.error_message = "Rate exceeded";
    }
    response = "null";
    if (r.error_code.empty() && !api.read_only) {
        if (api.params == Params::kCreateTags) {
            response = R"({"requestId":")" + synth::uuid(rng) + R"(","_return":true})";
        } else if (api.params == Params::kStartSession) {
            const std::string session =
                m.p.name + "-" +
                synth::random_chars(rng, 17, "abcdefghijklmnopqrstuvwxyz0123456789");
            response = synth::Obj()
                           .s("sessionId", session)
                           .s("tokenValue", "Value hidden due to security reasons.")
                           .s("streamUrl", "wss://ssmmessages." + std::string(region_view) +
                                               ".amazonaws.com/v1/data-channel/" + session)
                           .str();
        } else if (api.params == Params::kFunctionCode) {
            response = synth::Obj()
                           .s("functionName", accounts[m.account].apps[m.app].function)
                           .s("version", "$LATEST")
                           .s("state", "Active")
                           .s("lastUpdateStatus", "InProgress")
                           .str();
        } else if (api.params == Params::kUpdateService) {
            response =
                synth::Obj()
                    .raw("service", synth::Obj()
                                        .s("serviceName", accounts[m.account].apps[m.app].name)
                                        .s("status", "ACTIVE")
                                        .n("desiredCount", 2)
                                        .str())
                    .str();
        }
    }
    r.request = params;
    r.response = response;
    r.additional = additional;
    r.request_id =
        api.source == "s3.amazonaws.com" ? synth::RequestId::kS3 : synth::RequestId::kUuid;
    r.read_only = api.read_only;
    r.resources = resources;
    r.management = !api.data;
    r.data = api.data;
    r.account = m.p.account;
    r.vpc_endpoint = m.vpc_endpoint;
    r.host = host;
    r.tls = m.service_host.empty();
    r.console = console;
    emit(out, r);
}

Background::Background(BackgroundOptions options) : state_(std::make_unique<State>()) {
    state_->options = std::move(options);
    state_->build();
    // The stream's own randomness depends on the start time too, so that chunks differ.
    state_->rng = Rng(state_->options.seed * 0x9E3779B97F4A7C15ull ^
                      static_cast<std::uint64_t>(state_->options.start_ms));
}

Background::~Background() = default;
Background::Background(Background&&) noexcept = default;
Background& Background::operator=(Background&&) noexcept = default;

bool Background::next(SynthEvent& out) {
    State& s = *state_;
    const double rate = s.options.events_per_second;
    if (!(rate > 0)) return false;
    // Exponential gaps: a Poisson process at the configured rate.
    s.clock_ms += -std::log1p(-s.rng.unit()) * 1000.0 / rate;
    if (s.clock_ms >= static_cast<double>(s.options.duration_ms)) return false;
    s.write(out, s.options.start_ms + static_cast<std::int64_t>(s.clock_ms));
    return true;
}

const BackgroundOptions& Background::options() const { return state_->options; }
const std::vector<std::string>& Background::accounts() const { return state_->account_ids; }
const std::vector<BackgroundPrincipal>& Background::principals() const {
    return state_->principals;
}

}  // namespace wasp::detect
