// The attack catalogue: each technique's detonation written as the CloudTrail records it produces.
// The Stratus Red Team ones follow their documentation and published detonation logs (calls,
// order, request and response shapes, errors); wasp's own cover the behaviours issue 5 names
// beyond them.
#include <algorithm>
#include <array>
#include <functional>
#include <string>
#include <utility>

#include "detect/synth.h"
#include "detect/synth_record.h"

namespace wasp::detect {

using synth::Arr;
using synth::Obj;

namespace {

constexpr std::string_view kCliOnInstance =
    "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.1.79-99.167.amzn2023.x86_64 "
    "md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython exec-env/";
constexpr std::string_view kBrowser =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36";
// A distribution that GuardDuty's PenTest finding types single out, as discovery tooling shows it.
constexpr std::string_view kPentestCli =
    "aws-cli/2.13.25 Python/3.11.6 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 prompt/off";
constexpr std::string_view kAdminPolicy = "arn:aws:iam::aws:policy/AdministratorAccess";

// An assumed-role session as userIdentity shows it.
struct RoleSession {
    std::string account;
    std::string role;
    std::string role_id;  // AROA…
    std::string session;
    std::string key;  // ASIA…
    std::int64_t created_ms = 0;
    bool ec2 = false;  // instance-profile credentials

    [[nodiscard]] std::string arn() const {
        return "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session;
    }
    [[nodiscard]] std::string role_arn() const {
        return "arn:aws:iam::" + account + ":role/" + role;
    }
    [[nodiscard]] std::string identity() const {
        Obj issuer;
        issuer.s("type", "Role")
            .s("principalId", role_id)
            .s("arn", role_arn())
            .s("accountId", account)
            .s("userName", role);
        Obj context;
        context.raw("sessionIssuer", issuer.str());
        if (ec2) context.raw("webIdFederationData", "{}");
        context.raw("attributes", Obj()
                                      .s("creationDate", synth::iso_time(created_ms))
                                      .s("mfaAuthenticated", "false")
                                      .str());
        if (ec2) context.s("ec2RoleDelivery", "2.0");
        return Obj()
            .s("type", "AssumedRole")
            .s("principalId", role_id + ":" + session)
            .s("arn", arn())
            .s("accountId", account)
            .s("accessKeyId", key)
            .raw("sessionContext", context.str())
            .str();
    }
};

}  // namespace

// One detonation in progress: the clock, the current identity and network, and the records.
class Detonation {
  public:
    Detonation(const Actor& a, std::int64_t start_ms, Rng& r)
        : actor(a), rng(r), now(start_ms), ip(a.source_ip), user_agent(a.user_agent) {
        as_user();
    }

    const Actor& actor;
    Rng& rng;
    std::int64_t now;
    std::string identity;  // userIdentity JSON of the caller
    std::string arn;       // the caller's ARN, for error messages
    std::string ip;
    std::string user_agent;

    struct Call {
        std::string_view source = {};
        std::string_view name = {};
        std::string_view request = "null";
        std::string_view response = "null";
        bool read_only = false;
        std::string_view error_code = {};
        std::string_view error_message = {};
        std::string_view resources = {};
        std::string_view additional = {};
        std::string_view region = {};  // default: the actor's region
        std::string_view version = "1.09";
        std::string_view event_type = "AwsApiCall";
        std::string_view service_details = {};
        std::string_view host = {};
        synth::RequestId request_id = synth::RequestId::kUuid;
        bool data = false;
        bool console = false;
        bool tls = true;
        std::string_view identity = {};  // default: the current caller
        std::string_view ip = {};
        std::string_view user_agent = {};
    };

    void call(const Call& c) {
        synth::Record r;
        r.time_ms = now;
        r.version = c.version;
        r.identity = c.identity.empty() ? std::string_view(identity) : c.identity;
        r.source = c.source;
        r.name = c.name;
        r.region = c.region.empty() ? std::string_view(actor.region) : c.region;
        r.ip = c.ip.empty() ? std::string_view(ip) : c.ip;
        r.user_agent = c.user_agent.empty() ? std::string_view(user_agent) : c.user_agent;
        r.error_code = c.error_code;
        r.error_message = c.error_message;
        r.request = c.request;
        r.response = c.response;
        r.additional = c.additional;
        r.request_id = c.request_id;
        r.read_only = c.read_only;
        r.resources = c.resources;
        r.event_type = c.event_type;
        r.management = !c.data;
        r.account = actor.account;
        r.service_details = c.service_details;
        r.data = c.data;
        r.tls = c.tls;
        r.host = c.host;
        r.console = c.console;
        SynthEvent e;
        e.time_ms = now;
        e.account = actor.account;
        e.region = r.region;
        synth::write_record(e.json, r, rng);
        events_.push_back(std::move(e));
    }

    // Time passes between calls as a tool or a person makes them.
    void pause(std::int64_t min_ms, std::int64_t max_ms) { now += rng.between(min_ms, max_ms); }
    void step() { pause(80, 900); }

    void as_user() {
        arn = "arn:aws:iam::" + actor.account + ":user/" + actor.user_name;
        identity = Obj()
                       .s("type", "IAMUser")
                       .s("principalId", actor.user_id)
                       .s("arn", arn)
                       .s("accountId", actor.account)
                       .s("accessKeyId", actor.access_key_id)
                       .s("userName", actor.user_name)
                       .str();
    }

    void as_session(const RoleSession& s) {
        arn = s.arn();
        identity = s.identity();
    }

    // The instance's role session, as its credentials show wherever they are used.
    [[nodiscard]] RoleSession instance_session() {
        return {actor.account,
                actor.instance_role,
                instance_role_id_,
                actor.instance_id,
                instance_key_,
                now - rng.between(600'000, 5'400'000),
                true};
    }

    // sts:AssumeRole by the current caller, denied `denied` times first (a role just created
    // takes seconds to be assumable); then the caller becomes the session. The session name is
    // the Go SDK's default, as the tools built on it leave it.
    RoleSession assume_role(std::string_view role, int denied = 0) {
        RoleSession s{
            actor.account,
            std::string(role),
            synth::iam_id(rng, "AROA"),
            "aws-go-sdk-" + std::to_string(now) + std::to_string(rng.between(100000, 999999)),
            synth::iam_id(rng, "ASIA"),
            0,
            false};
        for (int i = 0; i < denied; ++i) {
            call({.source = "sts.amazonaws.com",
                  .name = "AssumeRole",
                  .read_only = true,
                  .error_code = "AccessDenied",
                  .error_message = denied_message("sts:AssumeRole", s.role_arn()),
                  .version = "1.08"});
            pause(1000, 2500);
        }
        s.created_ms = now;
        const std::string request = Obj()
                                        .s("roleArn", s.role_arn())
                                        .s("roleSessionName", s.session)
                                        .n("durationSeconds", 900)
                                        .str();
        const std::string response =
            Obj()
                .raw("credentials", Obj()
                                        .s("accessKeyId", s.key)
                                        .s("sessionToken", session_token())
                                        .s("expiration", synth::human_time(now + 900'000, true))
                                        .str())
                .raw("assumedRoleUser",
                     Obj().s("assumedRoleId", s.role_id + ":" + s.session).s("arn", s.arn()).str())
                .str();
        const std::string resources = Arr()
                                          .raw(Obj()
                                                   .s("accountId", actor.account)
                                                   .s("type", "AWS::IAM::Role")
                                                   .s("ARN", s.role_arn())
                                                   .str())
                                          .str();
        call({.source = "sts.amazonaws.com",
              .name = "AssumeRole",
              .request = request,
              .response = response,
              .read_only = true,
              .resources = resources,
              .version = "1.08"});
        as_session(s);
        pause(2000, 6000);
        return s;
    }

    // "User: … is not authorized to perform: …", as IAM words an implicit deny.
    [[nodiscard]] std::string denied_message(std::string_view action,
                                             std::string_view resource) const {
        return "User: " + arn + " is not authorized to perform: " + std::string(action) +
               " on resource: " + std::string(resource) +
               " because no identity-based policy allows the " + std::string(action) + " action";
    }

    // EC2's wording, with the encoded authorization message it appends.
    [[nodiscard]] std::string ec2_denied_message(std::string_view action,
                                                 std::string_view resource) {
        return "You are not authorized to perform this operation. " +
               denied_message(action, resource) + ". Encoded authorization failure message: " +
               synth::random_chars(rng, 300, synth::kAlnum);
    }

    [[nodiscard]] std::string session_token() {
        return "IQoJb3JpZ2luX2Vj" + synth::random_chars(rng, 180, synth::kAlnum);
    }

    [[nodiscard]] std::string name(std::string_view what) const {
        return actor.resource_prefix + "-" + std::string(what);
    }

    [[nodiscard]] std::string fake_instances(int n) {
        std::string ids;
        for (int i = 0; i < n; ++i) ids += synth::instance_id(rng) + (i + 1 < n ? "," : "");
        return ids;
    }

    // One S3 request as S3 logs it: bucket and key parameters, the transfer details, and the
    // resources it touched.
    void s3(std::string_view event_name,
            std::string_view bucket,
            std::string_view key,
            bool read_only,
            bool data,
            std::string_view extra_request = {},
            std::string_view response = "null",
            std::int64_t bytes_in = 0,
            std::int64_t bytes_out = 0) {
        const std::string host = std::string(bucket) + ".s3." + actor.region + ".amazonaws.com";
        std::string request = Obj().s("bucketName", bucket).s("Host", host).str();
        if (!key.empty()) {
            request.pop_back();
            request += ",\"key\":";
            append_json_quoted(request, key);
            request += '}';
        }
        if (!extra_request.empty()) {
            request.pop_back();
            request += ',';
            request += extra_request.substr(1);  // extra_request is an object: drop its '{'
        }
        const std::string additional =
            Obj()
                .s("SignatureVersion", "SigV4")
                .s("CipherSuite", "TLS_AES_128_GCM_SHA256")
                .n("bytesTransferredIn", bytes_in)
                .s("AuthenticationMethod", "AuthHeader")
                .s("x-amz-id-2", synth::random_chars(rng, 76, synth::kAlnum))
                .n("bytesTransferredOut", bytes_out)
                .str();
        Arr resources;
        if (!key.empty()) {
            resources.raw(
                Obj()
                    .s("type", "AWS::S3::Object")
                    .s("ARN", "arn:aws:s3:::" + std::string(bucket) + "/" + std::string(key))
                    .str());
        }
        resources.raw(Obj()
                          .s("accountId", actor.account)
                          .s("type", "AWS::S3::Bucket")
                          .s("ARN", "arn:aws:s3:::" + std::string(bucket))
                          .str());
        call({.source = "s3.amazonaws.com",
              .name = event_name,
              .request = request,
              .response = response,
              .read_only = read_only,
              .resources = resources.str(),
              .additional = additional,
              .version = "1.10",
              .host = host,
              .request_id = synth::RequestId::kS3,
              .data = data});
    }

    [[nodiscard]] std::vector<SynthEvent> take() { return std::move(events_); }

  private:
    std::vector<SynthEvent> events_;
    std::string instance_role_id_ = synth::iam_id(rng, "AROA");
    std::string instance_key_ = synth::iam_id(rng, "ASIA");
};

namespace {

using Call = Detonation::Call;

std::string ec2_return(Rng& rng) {
    return Obj().s("requestId", synth::uuid(rng)).b("_return", true).str();
}

std::vector<std::string> split(std::string_view list) {
    std::vector<std::string> out;
    while (!list.empty()) {
        const auto comma = list.find(',');
        out.emplace_back(list.substr(0, comma));
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return out;
}

// ---- credential access ----

void ec2_get_password_data(Detonation& d) {
    d.assume_role(d.name("ec2-get-password-data-role"), 2);
    const std::string resource =
        "arn:aws:ec2:" + d.actor.region + ":" + d.actor.account + ":instance/*";
    for (const auto& id : split(d.fake_instances(30))) {
        d.call({.source = "ec2.amazonaws.com",
                .name = "GetPasswordData",
                .request = Obj().s("instanceId", id).str(),
                .read_only = true,
                .error_code = "Client.UnauthorizedOperation",
                .error_message = d.ec2_denied_message("ec2:GetPasswordData", resource)});
        d.pause(20, 250);
    }
}

void ssm_wait_for_instances(Detonation& d, std::span<const std::string> instances, int polls) {
    Arr ids;
    for (const auto& i : instances) ids.s(i);
    const std::string request =
        Obj()
            .raw("filters",
                 Arr().raw(Obj().s("key", "InstanceIds").raw("values", ids.str()).str()).str())
            .str();
    for (int i = 0; i < polls; ++i) {
        d.call({.source = "ssm.amazonaws.com",
                .name = "DescribeInstanceInformation",
                .request = request,
                .read_only = true,
                .version = "1.08"});
        d.pause(4000, 6000);
    }
}

// ssm:SendCommand of AWS-RunShellScript, what the command itself does (on_instance, under
// whatever identity it sets), then the invocation polled until it ends.
void ssm_run_shell(Detonation& d,
                   std::span<const std::string> instances,
                   const std::function<void()>& on_instance = {}) {
    Arr ids;
    for (const auto& i : instances) ids.s(i);
    const std::string command_id = synth::uuid(d.rng);
    const std::string request = Obj()
                                    .raw("instanceIds", ids.str())
                                    .s("documentName", "AWS-RunShellScript")
                                    .s("parameters", "HIDDEN_DUE_TO_SECURITY_REASONS")
                                    .b("interactive", false)
                                    .str();
    const std::string response =
        Obj()
            .raw("command", Obj()
                                .s("commandId", command_id)
                                .s("documentName", "AWS-RunShellScript")
                                .s("documentVersion", "$DEFAULT")
                                .raw("instanceIds", ids.str())
                                .s("parameters", "HIDDEN_DUE_TO_SECURITY_REASONS")
                                .s("requestedDateTime", synth::human_time(d.now, true))
                                .s("status", "Pending")
                                .s("statusDetails", "Pending")
                                .n("targetCount", static_cast<std::int64_t>(instances.size()))
                                .n("timeoutSeconds", 3600)
                                .str())
            .str();
    d.call({.source = "ssm.amazonaws.com",
            .name = "SendCommand",
            .request = request,
            .response = response,
            .version = "1.08"});
    const std::int64_t sent = d.now;
    std::int64_t done = sent + d.rng.between(2000, 6000);
    if (on_instance) {
        const std::string identity = d.identity, arn = d.arn, ip = d.ip, ua = d.user_agent;
        d.pause(2000, 4000);  // the agent picks the command up
        on_instance();
        done = d.now;
        d.now = sent;
        d.identity = identity, d.arn = arn, d.ip = ip, d.user_agent = ua;
    }
    // The caller's waiter polls each invocation until the command has finished.
    for (const auto& instance : instances) {
        do {
            d.pause(1500, 5000);
            d.call({.source = "ssm.amazonaws.com",
                    .name = "GetCommandInvocation",
                    .request = Obj().s("commandId", command_id).s("instanceId", instance).str(),
                    .read_only = true,
                    .version = "1.08"});
        } while (d.now < done);
    }
}

void ec2_steal_instance_credentials(Detonation& d) {
    const std::array<std::string, 1> instance{d.actor.instance_id};
    ssm_wait_for_instances(d, instance, 3);
    ssm_run_shell(d, instance);
    // The credentials read from the metadata service, used from the attacker's machine.
    d.pause(1000, 3000);
    d.as_session(d.instance_session());
    d.call({.source = "sts.amazonaws.com",
            .name = "GetCallerIdentity",
            .read_only = true,
            .version = "1.08"});
    d.step();
    d.call({.source = "ec2.amazonaws.com",
            .name = "DescribeInstances",
            .request = Obj().raw("instancesSet", "{}").raw("filterSet", "{}").str(),
            .read_only = true});
}

std::string secret_arn(Detonation& d, int i) {
    return "arn:aws:secretsmanager:" + d.actor.region + ":" + d.actor.account +
           ":secret:" + d.name("secret-") + std::to_string(i) + "-" +
           synth::random_chars(d.rng, 6, synth::kAlnum);
}

void secretsmanager_batch_retrieve(Detonation& d) {
    const std::string filters =
        Arr()
            .raw(Obj().s("key", "tag-key").raw("values", Arr().s("StratusRedTeam").str()).str())
            .str();
    for (int batch = 0; batch < 2; ++batch) {
        d.call({.source = "secretsmanager.amazonaws.com",
                .name = "BatchGetSecretValue",
                .request = Obj().raw("filters", filters).n("maxResults", 10).str(),
                .read_only = true});
        // Secrets Manager also logs a GetSecretValue for every secret a batch returns.
        for (int i = 0; i < 10; ++i) {
            d.call({.source = "secretsmanager.amazonaws.com",
                    .name = "GetSecretValue",
                    .request = Obj().s("secretId", secret_arn(d, batch * 10 + i)).str(),
                    .read_only = true});
        }
        d.step();
    }
}

void secretsmanager_retrieve(Detonation& d) {
    d.call(
        {.source = "secretsmanager.amazonaws.com",
         .name = "ListSecrets",
         .request = Obj()
                        .raw("filters", Arr()
                                            .raw(Obj()
                                                     .s("key", "tag-key")
                                                     .raw("values", Arr().s("StratusRedTeam").str())
                                                     .str())
                                            .str())
                        .n("maxResults", 100)
                        .str(),
         .read_only = true});
    d.pause(1000, 4000);
    for (int i = 0; i < 20; ++i) {
        d.call({.source = "secretsmanager.amazonaws.com",
                .name = "GetSecretValue",
                .request = Obj().s("secretId", secret_arn(d, i)).str(),
                .read_only = true});
        d.pause(50, 400);
    }
}

void ssm_retrieve_securestring(Detonation& d) {
    for (int page = 0; page < 3; ++page) {
        Obj request;
        request.n("maxResults", 10);
        if (page > 0) request.s("nextToken", synth::random_chars(d.rng, 120, synth::kAlnum));
        d.call({.source = "ssm.amazonaws.com",
                .name = "DescribeParameters",
                .request = request.str(),
                .read_only = true,
                .version = "1.08"});
        d.pause(100, 400);
    }
    for (int batch = 0; batch < 3; ++batch) {
        Arr names;
        Arr resources;
        for (int i = 0; i < 10; ++i) {
            const std::string name = "/credentials/" + d.actor.resource_prefix + "/credentials-" +
                                     std::to_string(batch * 10 + i);
            names.s(name);
            resources.raw(Obj()
                              .s("ARN", "arn:aws:ssm:" + d.actor.region + ":" + d.actor.account +
                                            ":parameter" + name)
                              .s("accountId", d.actor.account)
                              .str());
        }
        d.call({.source = "ssm.amazonaws.com",
                .name = "GetParameters",
                .request = Obj().raw("names", names.str()).b("withDecryption", true).str(),
                .read_only = true,
                .resources = resources.str(),
                .version = "1.08"});
        d.pause(100, 400);
    }
}

// ---- defense evasion ----

std::string trail_arn(Detonation& d) {
    return "arn:aws:cloudtrail:" + d.actor.region + ":" + d.actor.account + ":trail/" +
           d.name("trail");
}

void cloudtrail_delete(Detonation& d) {
    d.call({.source = "cloudtrail.amazonaws.com",
            .name = "DeleteTrail",
            .request = Obj().s("name", d.name("trail")).str(),
            .version = "1.10"});
}

void cloudtrail_event_selectors(Detonation& d) {
    const std::string selectors =
        Arr()
            .raw(
                Obj()
                    .s("readWriteType", "ReadOnly")
                    .b("includeManagementEvents", false)
                    .raw(
                        "dataResources",
                        Arr()
                            .raw(Obj().s("type", "AWS::S3::Object").raw("values", "[]").str())
                            .raw(Obj().s("type", "AWS::Lambda::Function").raw("values", "[]").str())
                            .str())
                    .raw("excludeManagementEventSources", "[]")
                    .str())
            .str();
    d.call({.source = "cloudtrail.amazonaws.com",
            .name = "PutEventSelectors",
            .request = Obj().s("trailName", d.name("trail")).raw("eventSelectors", selectors).str(),
            .response = Obj().s("trailARN", trail_arn(d)).raw("eventSelectors", selectors).str(),
            .version = "1.10"});
}

void cloudtrail_lifecycle_rule(Detonation& d) {
    const std::string rule = Obj()
                                 .s("ID", "expire-after-one-day")
                                 .s("Status", "Enabled")
                                 .raw("Filter", Obj().s("Prefix", "*").str())
                                 .raw("Expiration", Obj().n("Days", 1).str())
                                 .str();
    const std::string extra =
        Obj()
            .s("lifecycle", "")
            .raw(
                "LifecycleConfiguration",
                Obj().s("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/").raw("Rule", rule).str())
            .str();
    d.s3("PutBucketLifecycle", d.name("cloudtrail-logs"), {}, false, false, extra, "null", 312);
}

void cloudtrail_stop(Detonation& d) {
    d.call({.source = "cloudtrail.amazonaws.com",
            .name = "StopLogging",
            .request = Obj().s("name", trail_arn(d)).str(),
            .version = "1.10"});
}

void dns_delete_logs(Detonation& d) {
    const std::string id = "rqlc-" + synth::random_chars(d.rng, 16, synth::kHexLower);
    d.call({.source = "route53resolver.amazonaws.com",
            .name = "DeleteResolverQueryLogConfig",
            .request = Obj().s("resolverQueryLogConfigId", id).str(),
            .response =
                Obj()
                    .raw("resolverQueryLogConfig",
                         Obj()
                             .s("id", id)
                             .s("ownerId", d.actor.account)
                             .s("status", "DELETING")
                             .s("shareStatus", "NOT_SHARED")
                             .n("associationCount", 0)
                             .s("arn", "arn:aws:route53resolver:" + d.actor.region + ":" +
                                           d.actor.account + ":resolver-query-log-config/" + id)
                             .s("name", d.name("dns-query-logs"))
                             .s("destinationArn", "arn:aws:s3:::" + d.name("dns-query-logs"))
                             .str())
                    .str(),
            .version = "1.08"});
}

void organizations_leave(Detonation& d) {
    d.assume_role(d.name("leave-organization-role"), 1);
    d.call({.source = "organizations.amazonaws.com",
            .name = "LeaveOrganization",
            .error_code = "AccessDenied",
            .error_message = d.denied_message("organizations:LeaveOrganization", "*"),
            .region = "us-east-1"});
}

void vpc_remove_flow_logs(Detonation& d) {
    const std::string flow_log = "fl-0" + synth::random_chars(d.rng, 16, synth::kHexLower);
    d.call(
        {.source = "ec2.amazonaws.com",
         .name = "DeleteFlowLogs",
         .request =
             Obj()
                 .raw("DeleteFlowLogsRequest",
                      Obj().raw("FlowLogId", Obj().s("content", flow_log).n("tag", 1).str()).str())
                 .str(),
         .response = Obj()
                         .raw("DeleteFlowLogsResponse",
                              Obj()
                                  .s("xmlns", "http://ec2.amazonaws.com/doc/2016-11-15/")
                                  .s("requestId", synth::uuid(d.rng))
                                  .s("unsuccessful", "")
                                  .str())
                         .str()});
}

// ---- discovery ----

void ec2_download_user_data(Detonation& d) {
    d.assume_role(d.name("get-user-data-role"), 2);
    const std::string resource =
        "arn:aws:ec2:" + d.actor.region + ":" + d.actor.account + ":instance/*";
    for (int i = 0; i < 15; ++i) {
        d.call(
            {.source = "ec2.amazonaws.com",
             .name = "DescribeInstanceAttribute",
             .request = Obj()
                            .s("instanceId", "i-" + synth::random_chars(d.rng, 8, synth::kHexLower))
                            .s("attribute", "userData")
                            .str(),
             .read_only = true,
             .error_code = "Client.UnauthorizedOperation",
             .error_message = d.ec2_denied_message("ec2:DescribeInstanceAttribute", resource)});
        d.pause(30, 300);
    }
}

void enumerate_on_instance(Detonation& d);

void ec2_enumerate_from_instance(Detonation& d) {
    const std::array<std::string, 1> instance{d.actor.instance_id};
    ssm_wait_for_instances(d, instance, 2);
    ssm_run_shell(d, instance, [&d] { enumerate_on_instance(d); });
}

// The commands run on the instance, under its role, from its own address; the role has no
// permissions, so all but GetCallerIdentity are denied.
void enumerate_on_instance(Detonation& d) {
    d.as_session(d.instance_session());
    d.ip = d.actor.instance_ip;
    struct Command {
        std::string_view source, name, cli, error, action;
    };
    static constexpr Command kCommands[] = {
        {"sts.amazonaws.com", "GetCallerIdentity", "sts.get-caller-identity", "", ""},
        {"s3.amazonaws.com", "ListBuckets", "s3.ls", "AccessDenied", "s3:ListAllMyBuckets"},
        {"iam.amazonaws.com", "GetAccountSummary", "iam.get-account-summary", "AccessDenied",
         "iam:GetAccountSummary"},
        {"iam.amazonaws.com", "ListRoles", "iam.list-roles", "AccessDenied", "iam:ListRoles"},
        {"iam.amazonaws.com", "ListUsers", "iam.list-users", "AccessDenied", "iam:ListUsers"},
        {"iam.amazonaws.com", "GetAccountAuthorizationDetails",
         "iam.get-account-authorization-details", "AccessDenied",
         "iam:GetAccountAuthorizationDetails"},
        {"ec2.amazonaws.com", "DescribeSnapshots", "ec2.describe-snapshots",
         "Client.UnauthorizedOperation", "ec2:DescribeSnapshots"},
        {"cloudtrail.amazonaws.com", "DescribeTrails", "cloudtrail.describe-trails",
         "AccessDeniedException", "cloudtrail:DescribeTrails"},
        {"guardduty.amazonaws.com", "ListDetectors", "guardduty.list-detectors",
         "AccessDeniedException", "guardduty:ListDetectors"},
    };
    for (const auto& c : kCommands) {
        const std::string ua = std::string(kCliOnInstance) + d.actor.user_agent +
                               " cfg/retry-mode#standard md/installer#exe md/distrib#amzn.2023 "
                               "md/prompt#off md/command#" +
                               std::string(c.cli);
        const bool global = c.source == "iam.amazonaws.com";
        const std::string message = c.error.empty() ? std::string()
                                    : c.error == "Client.UnauthorizedOperation"
                                        ? d.ec2_denied_message(c.action, "*")
                                        : d.denied_message(c.action, "*");
        std::string request = "null";
        if (c.name == "DescribeSnapshots") {
            request =
                Obj().raw("snapshotSet", "{}").raw("ownersSet", "{}").raw("filterSet", "{}").str();
        } else if (c.name == "ListBuckets") {
            request = Obj().s("Host", "s3." + d.actor.region + ".amazonaws.com").str();
        }
        d.call({.source = c.source,
                .name = c.name,
                .request = request,
                .read_only = true,
                .error_code = c.error,
                .error_message = message,
                .region = global ? std::string_view("us-east-1") : std::string_view(),
                .request_id = c.source == "s3.amazonaws.com" ? synth::RequestId::kS3
                                                             : synth::RequestId::kUuid,
                .user_agent = ua});
        d.pause(1200, 2500);
    }
}

void ses_enumerate(Detonation& d) {
    d.call({.source = "ses.amazonaws.com",
            .name = "GetAccountSendingEnabled",
            .read_only = true,
            .version = "1.08"});
    d.step();
    d.call({.source = "ses.amazonaws.com",
            .name = "ListIdentities",
            .request = "{}",
            .read_only = true,
            .version = "1.08"});
    d.step();
    d.call({.source = "ses.amazonaws.com",
            .name = "GetIdentityVerificationAttributes",
            .request =
                Obj().raw("identities", Arr().s("example.com").s("alerts@example.com").str()).str(),
            .read_only = true,
            .version = "1.08"});
    d.step();
    d.call({.source = "ses.amazonaws.com",
            .name = "GetSendQuota",
            .read_only = true,
            .version = "1.08"});
}

// ---- execution ----

void ec2_launch_unusual_instances(Detonation& d) {
    d.assume_role(d.name("launch-instances-role"), 1);
    const std::string resource =
        "arn:aws:ec2:" + d.actor.region + ":" + d.actor.account + ":instance/*";
    for (int i = 0; i < 3; ++i) {
        const std::string request =
            Obj()
                .raw("instancesSet",
                     Obj()
                         .raw("items",
                              Arr()
                                  .raw(Obj()
                                           .s("imageId", "ami-0" + synth::random_chars(
                                                                       d.rng, 16, synth::kHexLower))
                                           .n("minCount", 1)
                                           .n("maxCount", 10)
                                           .str())
                                  .str())
                         .str())
                .s("instanceType", "p2.xlarge")
                .raw("blockDeviceMapping", "{}")
                .raw("monitoring", Obj().b("enabled", false).str())
                .b("disableApiTermination", false)
                .b("disableApiStop", false)
                .s("clientToken", synth::uuid(d.rng))
                .str();
        d.call({.source = "ec2.amazonaws.com",
                .name = "RunInstances",
                .request = request,
                .error_code = "Client.UnauthorizedOperation",
                .error_message = d.ec2_denied_message("ec2:RunInstances", resource)});
        d.pause(500, 2000);
    }
}

std::string instances_set(std::string_view id) {
    return Obj().raw("items", Arr().raw(Obj().s("instanceId", id).str()).str()).str();
}

std::string state_change(std::string_view id,
                         int code,
                         std::string_view state,
                         int prev_code,
                         std::string_view prev,
                         Rng& rng) {
    return Obj()
        .s("requestId", synth::uuid(rng))
        .raw("instancesSet",
             Obj()
                 .raw("items", Arr()
                                   .raw(Obj()
                                            .s("instanceId", id)
                                            .raw("currentState",
                                                 Obj().n("code", code).s("name", state).str())
                                            .raw("previousState",
                                                 Obj().n("code", prev_code).s("name", prev).str())
                                            .str())
                                   .str())
                 .str())
        .str();
}

void ec2_user_data(Detonation& d) {
    const std::string& id = d.actor.instance_id;
    d.call({.source = "ec2.amazonaws.com",
            .name = "StopInstances",
            .request = Obj().raw("instancesSet", instances_set(id)).b("force", true).str(),
            .response = state_change(id, 64, "stopping", 16, "running", d.rng)});
    for (int i = 0; i < 6; ++i) {  // the waiter, until the instance is stopped
        d.pause(5000, 8000);
        d.call(
            {.source = "ec2.amazonaws.com",
             .name = "DescribeInstances",
             .request = Obj().raw("instancesSet", instances_set(id)).raw("filterSet", "{}").str(),
             .read_only = true});
    }
    d.step();
    d.call({.source = "ec2.amazonaws.com",
            .name = "ModifyInstanceAttribute",
            .request = Obj().s("instanceId", id).s("userData", "<sensitiveDataRemoved>").str(),
            .response = ec2_return(d.rng)});
    d.step();
    d.call({.source = "ec2.amazonaws.com",
            .name = "StartInstances",
            .request = Obj().raw("instancesSet", instances_set(id)).str(),
            .response = state_change(id, 0, "pending", 80, "stopped", d.rng)});
}

void sagemaker_lifecycle_config(Detonation& d) {
    const std::string notebook = d.name("notebook");
    const std::string config = d.name("lifecycle-config");
    const std::string notebook_request = Obj().s("notebookInstanceName", notebook).str();
    d.call(
        {.source = "sagemaker.amazonaws.com",
         .name = "CreateNotebookInstanceLifecycleConfig",
         .request =
             Obj()
                 .s("notebookInstanceLifecycleConfigName", config)
                 .raw("onStart",
                      Arr().raw(Obj().s("content", "HIDDEN_DUE_TO_SECURITY_REASONS").str()).str())
                 .str(),
         .response = Obj()
                         .s("notebookInstanceLifecycleConfigArn",
                            "arn:aws:sagemaker:" + d.actor.region + ":" + d.actor.account +
                                ":notebook-instance-lifecycle-config/" + config)
                         .str(),
         .version = "1.08"});
    d.step();
    d.call({.source = "sagemaker.amazonaws.com",
            .name = "StopNotebookInstance",
            .request = notebook_request,
            .version = "1.08"});
    for (int i = 0; i < 5; ++i) {
        d.pause(20'000, 40'000);
        d.call({.source = "sagemaker.amazonaws.com",
                .name = "DescribeNotebookInstance",
                .request = notebook_request,
                .read_only = true,
                .version = "1.08"});
    }
    d.call({.source = "sagemaker.amazonaws.com",
            .name = "UpdateNotebookInstance",
            .request =
                Obj().s("notebookInstanceName", notebook).s("lifecycleConfigName", config).str(),
            .response = "{}",
            .version = "1.08"});
    d.pause(2000, 5000);
    d.call({.source = "sagemaker.amazonaws.com",
            .name = "DescribeNotebookInstance",
            .request = notebook_request,
            .read_only = true,
            .version = "1.08"});
    d.step();
    d.call({.source = "sagemaker.amazonaws.com",
            .name = "StartNotebookInstance",
            .request = notebook_request,
            .version = "1.08"});
}

std::vector<std::string> target_instances(Detonation& d, int n) {
    std::vector<std::string> out{d.actor.instance_id};
    while (static_cast<int>(out.size()) < n) out.push_back(synth::instance_id(d.rng));
    return out;
}

void ssm_send_command(Detonation& d) {
    const auto instances = target_instances(d, 3);
    ssm_wait_for_instances(d, instances, 2);
    ssm_run_shell(d, instances);
}

void ssm_start_session(Detonation& d) {
    const auto instances = target_instances(d, 3);
    ssm_wait_for_instances(d, instances, 3);
    for (const auto& instance : instances) {
        const std::string session =
            d.actor.user_name + "-" +
            synth::random_chars(d.rng, 26, "abcdefghijklmnopqrstuvwxyz0123456789");
        d.call({.source = "ssm.amazonaws.com",
                .name = "StartSession",
                .request = Obj().s("target", instance).str(),
                .response = Obj()
                                .s("sessionId", session)
                                .s("tokenValue", "Value hidden due to security reasons.")
                                .s("streamUrl", "wss://ssmmessages." + d.actor.region +
                                                    ".amazonaws.com/v1/data-channel/" + session +
                                                    "?role=publish_subscribe")
                                .str(),
                .version = "1.08"});
        d.pause(600, 1500);
        d.call({.source = "ssm.amazonaws.com",
                .name = "TerminateSession",
                .request = Obj().s("sessionId", session).str(),
                .response = Obj().s("sessionId", session).str(),
                .version = "1.08"});
        d.step();
    }
}

// ---- exfiltration ----

void sg_open_port_22(Detonation& d) {
    const std::string group = "sg-0" + synth::random_chars(d.rng, 16, synth::kHexLower);
    d.call(
        {.source = "ec2.amazonaws.com",
         .name = "AuthorizeSecurityGroupIngress",
         .request = Obj()
                        .s("groupId", group)
                        .s("ipProtocol", "tcp")
                        .n("fromPort", 22)
                        .n("toPort", 22)
                        .s("cidrIp", "0.0.0.0/0")
                        .raw("ipPermissions", "{}")
                        .str(),
         .response =
             Obj()
                 .s("requestId", synth::uuid(d.rng))
                 .b("_return", true)
                 .raw("securityGroupRuleSet",
                      Obj()
                          .raw("items", Arr()
                                            .raw(Obj()
                                                     .s("groupOwnerId", d.actor.account)
                                                     .s("groupId", group)
                                                     .s("securityGroupRuleId",
                                                        "sgr-0" + synth::random_chars(
                                                                      d.rng, 16, synth::kHexLower))
                                                     .b("isEgress", false)
                                                     .s("ipProtocol", "tcp")
                                                     .n("fromPort", 22)
                                                     .n("toPort", 22)
                                                     .s("cidrIpv4", "0.0.0.0/0")
                                                     .str())
                                            .str())
                          .str())
                 .str()});
}

std::string add_user(std::string_view account) {
    return Obj()
        .raw("add", Obj().raw("items", Arr().raw(Obj().s("userId", account).str()).str()).str())
        .str();
}

void ec2_share_ami(Detonation& d) {
    d.call({.source = "ec2.amazonaws.com",
            .name = "ModifyImageAttribute",
            .request = Obj()
                           .s("imageId", "ami-0" + synth::random_chars(d.rng, 16, synth::kHexLower))
                           .raw("launchPermission", add_user(d.actor.foreign_account))
                           .s("attributeType", "launchPermission")
                           .str(),
            .response = ec2_return(d.rng)});
}

void ec2_share_ebs_snapshot(Detonation& d) {
    const std::string snapshot = "snap-0" + synth::random_chars(d.rng, 16, synth::kHexLower);
    d.call({.source = "ec2.amazonaws.com",
            .name = "ModifySnapshotAttribute",
            .request = Obj()
                           .s("snapshotId", snapshot)
                           .raw("createVolumePermission", add_user(d.actor.foreign_account))
                           .s("attributeType", "CREATE_VOLUME_PERMISSION")
                           .str(),
            .response = ec2_return(d.rng)});
    // The attacker then copies the snapshot and makes a volume of it from their own account;
    // EC2 records both in the owner's trail, naming the foreign account.
    const std::string identity = Obj()
                                     .s("type", "AWSAccount")
                                     .s("accountId", d.actor.foreign_account)
                                     .s("invokedBy", "ec2.amazonaws.com")
                                     .str();
    for (std::string_view event : {"SharedSnapshotCopyInitiated", "SharedSnapshotVolumeCreated"}) {
        d.pause(60'000, 240'000);
        d.call({.source = "ec2.amazonaws.com",
                .name = event,
                .version = "1.08",
                .event_type = "AwsServiceEvent",
                .service_details = Obj().s("snapshotId", snapshot).str(),
                .request_id = synth::RequestId::kNone,
                .tls = false,
                .identity = identity,
                .ip = "ec2.amazonaws.com",
                .user_agent = "ec2.amazonaws.com"});
    }
}

void rds_share_snapshot(Detonation& d) {
    const std::string snapshot = d.name("db-snapshot");
    d.call({.source = "rds.amazonaws.com",
            .name = "ModifyDBSnapshotAttribute",
            .request = Obj()
                           .s("dBSnapshotIdentifier", snapshot)
                           .s("attributeName", "restore")
                           .raw("valuesToAdd", Arr().s(d.actor.foreign_account).str())
                           .str(),
            .response = Obj()
                            .s("dBSnapshotIdentifier", snapshot)
                            .raw("dBSnapshotAttributes",
                                 Arr()
                                     .raw(Obj()
                                              .s("attributeName", "restore")
                                              .raw("attributeValues",
                                                   Arr().s(d.actor.foreign_account).str())
                                              .str())
                                     .str())
                            .str(),
            .version = "1.08"});
}

void s3_backdoor_bucket_policy(Detonation& d) {
    const std::string bucket = d.name("data");
    const std::string policy =
        Obj()
            .s("Version", "2012-10-17")
            .raw(
                "Statement",
                Arr()
                    .raw(Obj()
                             .s("Effect", "Allow")
                             .raw("Principal",
                                  Obj()
                                      .s("AWS", "arn:aws:iam::" + d.actor.foreign_account + ":root")
                                      .str())
                             .raw("Action", Arr()
                                                .s("s3:GetObject")
                                                .s("s3:GetBucketLocation")
                                                .s("s3:ListBucket")
                                                .str())
                             .raw("Resource", Arr()
                                                  .s("arn:aws:s3:::" + bucket + "/*")
                                                  .s("arn:aws:s3:::" + bucket)
                                                  .str())
                             .str())
                    .str())
            .str();
    d.s3("PutBucketPolicy", bucket, {}, false, false,
         Obj().raw("bucketPolicy", policy).s("policy", "").str(), "null", 388);
}

// ---- impact ----

void bedrock_invoke_model(Detonation& d) {
    constexpr std::string_view kModel = "anthropic.claude-3-sonnet-20240229-v1:0";
    const std::string model = Obj().s("modelId", kModel).str();
    d.call({.source = "bedrock.amazonaws.com", .name = "PutUseCaseForModelAccess"});
    d.step();
    d.call({.source = "bedrock.amazonaws.com",
            .name = "ListFoundationModelAgreementOffers",
            .request = model,
            .read_only = true});
    d.step();
    d.call({.source = "bedrock.amazonaws.com",
            .name = "CreateFoundationModelAgreement",
            .request = model,
            .response = Obj().s("modelId", "anthropic.claude-3-sonnet-20240229-v1").str()});
    d.step();
    d.call({.source = "bedrock.amazonaws.com",
            .name = "PutFoundationModelEntitlement",
            .request = model,
            .response = Obj().s("status", "SUCCESS").str()});
    for (int i = 0; i < 6; ++i) {  // until the model is available
        d.pause(5000, 15000);
        d.call({.source = "bedrock.amazonaws.com",
                .name = "GetFoundationModelAvailability",
                .request = model,
                .read_only = true});
    }
    d.step();
    d.call({.source = "bedrock.amazonaws.com",
            .name = "InvokeModel",
            .request = model,
            .read_only = true,
            .version = "1.10"});
}

void ec2_deregister_ami(Detonation& d) {
    d.call({.source = "ec2.amazonaws.com",
            .name = "DeregisterImage",
            .request = Obj()
                           .s("imageId", "ami-0" + synth::random_chars(d.rng, 16, synth::kHexLower))
                           .b("deleteAssociatedSnapshots", false)
                           .str(),
            .response = ec2_return(d.rng)});
}

struct S3Object {
    std::string key;
    std::string version;
    std::int64_t size;
};

// The victim bucket's objects, listed with their versions and downloaded first, as the ransomware
// techniques do.
std::vector<S3Object> list_and_download(Detonation& d, std::string_view bucket) {
    static constexpr std::string_view kExtensions[] = {".csv", ".pdf", ".xlsx", ".json", ".docx"};
    std::vector<S3Object> objects;
    const int n = static_cast<int>(d.rng.between(20, 40));
    for (int i = 0; i < n; ++i) {
        objects.push_back(
            {"records/" + synth::random_chars(d.rng, 10, "abcdefghijklmnopqrstuvwxyz") +
                 std::string(kExtensions[d.rng.below(5)]),
             synth::random_chars(d.rng, 32, synth::kAlnum), d.rng.between(2000, 900000)});
    }
    d.s3("ListObjectVersions", bucket, {}, true, true, Obj().s("versions", "").str());
    d.step();
    for (const auto& o : objects) {
        d.s3("GetObject", bucket, o.key, true, true, {}, "null", 0, o.size);
        d.pause(30, 200);
    }
    return objects;
}

void upload_ransom_note(Detonation& d, std::string_view bucket) {
    d.step();
    d.s3("PutObject", bucket, "README-RECOVER-YOUR-FILES.txt", false, true, {},
         Obj().s("x-amz-server-side-encryption", "AES256").str(), 230);
}

void s3_ransomware_batch_deletion(Detonation& d) {
    const std::string bucket = d.name("records");
    list_and_download(d, bucket);
    d.step();
    d.s3("DeleteObjects", bucket, {}, false, true, Obj().s("delete", "").str(), "null", 5400);
    upload_ransom_note(d, bucket);
}

void s3_ransomware_client_side_encryption(Detonation& d) {
    const std::string bucket = d.name("records");
    const auto objects = list_and_download(d, bucket);
    for (const auto& o : objects) {
        d.s3("CopyObject", bucket, o.key, false, true,
             Obj()
                 .s("x-amz-copy-source", bucket + "/" + o.key)
                 .s("x-amz-server-side-encryption-customer-algorithm", "AES256")
                 .str(),
             Obj().s("x-amz-server-side-encryption-customer-algorithm", "AES256").str());
        d.pause(40, 250);
    }
    upload_ransom_note(d, bucket);
}

void s3_ransomware_individual_deletion(Detonation& d) {
    const std::string bucket = d.name("records");
    const auto objects = list_and_download(d, bucket);
    for (const auto& o : objects) {
        d.s3("DeleteObject", bucket, o.key, false, true, Obj().s("versionId", o.version).str());
        d.pause(40, 250);
    }
    upload_ransom_note(d, bucket);
}

// ---- initial access ----

std::string console_login_additional(bool mfa) {
    return Obj()
        .s("LoginTo",
           "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true")
        .s("MobileVersion", "No")
        .s("MFAUsed", mfa ? "Yes" : "No")
        .str();
}

void console_login(Detonation& d, std::string_view identity, bool mfa, bool success) {
    d.call(
        {.source = "signin.amazonaws.com",
         .name = "ConsoleLogin",
         .response = Obj().s("ConsoleLogin", success ? "Success" : "Failure").str(),
         .error_message = success ? std::string_view() : std::string_view("Failed authentication"),
         .additional = console_login_additional(mfa),
         .region = "us-east-1",
         .event_type = "AwsConsoleSignIn",
         .host = "signin.aws.amazon.com",
         .request_id = synth::RequestId::kNone,
         .identity = identity,
         .user_agent = kBrowser});
}

void console_login_without_mfa(Detonation& d) {
    const std::string user = d.name("console-user");
    const std::string identity = Obj()
                                     .s("type", "IAMUser")
                                     .s("principalId", synth::iam_id(d.rng, "AIDA"))
                                     .s("arn", "arn:aws:iam::" + d.actor.account + ":user/" + user)
                                     .s("accountId", d.actor.account)
                                     .s("userName", user)
                                     .str();
    console_login(d, identity, false, true);
}

// ---- lateral movement ----

std::string ssh_key(Rng& rng) {
    return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + synth::random_chars(rng, 43, synth::kAlnum);
}

void ec2_instance_connect(Detonation& d) {
    const std::string key = ssh_key(d.rng);
    for (const auto& instance : target_instances(d, 3)) {
        d.call({.source = "ec2-instance-connect.amazonaws.com",
                .name = "SendSSHPublicKey",
                .request = Obj()
                               .s("instanceId", instance)
                               .s("instanceOSUser", "ec2-user")
                               .s("sSHPublicKey", key)
                               .str(),
                .response = Obj().s("requestId", synth::uuid(d.rng)).b("success", true).str(),
                .version = "1.08"});
        d.step();
    }
}

void ec2_serial_console(Detonation& d) {
    d.call({.source = "ec2.amazonaws.com",
            .name = "EnableSerialConsoleAccess",
            .request = Obj().s("EnableSerialConsoleAccessRequest", "").str(),
            .response = Obj()
                            .raw("EnableSerialConsoleAccessResponse",
                                 Obj()
                                     .s("xmlns", "http://ec2.amazonaws.com/doc/2016-11-15/")
                                     .s("requestId", synth::uuid(d.rng))
                                     .b("serialConsoleAccessEnabled", true)
                                     .str())
                            .str(),
            .version = "1.10"});
    d.step();
    const std::string key = ssh_key(d.rng);
    for (const auto& instance : target_instances(d, 3)) {
        d.call({.source = "ec2-instance-connect.amazonaws.com",
                .name = "SendSerialConsoleSSHPublicKey",
                .request = Obj()
                               .s("instanceId", instance)
                               .n("serialPort", 0)
                               .s("sSHPublicKey", key)
                               .b("monitorMode", false)
                               .str(),
                .response = Obj().s("requestId", synth::uuid(d.rng)).b("success", true).str(),
                .version = "1.08"});
        d.step();
    }
}

// ---- persistence ----

std::string trust_policy(std::string_view foreign_account, bool with_ec2) {
    Arr statements;
    if (with_ec2) {
        statements.raw(Obj()
                           .s("Effect", "Allow")
                           .raw("Principal", Obj().s("Service", "ec2.amazonaws.com").str())
                           .s("Action", "sts:AssumeRole")
                           .str());
    }
    statements.raw(
        Obj()
            .s("Effect", "Allow")
            .raw("Principal",
                 Obj().s("AWS", "arn:aws:iam::" + std::string(foreign_account) + ":root").str())
            .s("Action", "sts:AssumeRole")
            .str());
    return Obj().s("Version", "2012-10-17").raw("Statement", statements.str()).str();
}

void iam_call(Detonation& d,
              std::string_view name,
              std::string_view request,
              std::string_view response = "null") {
    d.call({.source = "iam.amazonaws.com",
            .name = name,
            .request = request,
            .response = response,
            .region = "us-east-1"});
}

void iam_backdoor_role(Detonation& d) {
    iam_call(d, "UpdateAssumeRolePolicy",
             Obj()
                 .s("roleName", d.name("app-role"))
                 .s("policyDocument", trust_policy(d.actor.foreign_account, true))
                 .str());
}

void create_access_key(Detonation& d, std::string_view user) {
    iam_call(d, "CreateAccessKey", Obj().s("userName", user).str(),
             Obj()
                 .raw("accessKey", Obj()
                                       .s("userName", user)
                                       .s("accessKeyId", synth::iam_id(d.rng, "AKIA"))
                                       .s("status", "Active")
                                       .s("createDate", synth::human_time(d.now, false))
                                       .str())
                 .str());
}

void iam_backdoor_user(Detonation& d) { create_access_key(d, d.name("reporting-user")); }

void iam_create_admin_user(Detonation& d) {
    const std::string user = d.name("admin");
    iam_call(d, "CreateUser", Obj().s("userName", user).str(),
             Obj()
                 .raw("user", Obj()
                                  .s("path", "/")
                                  .s("userName", user)
                                  .s("userId", synth::iam_id(d.rng, "AIDA"))
                                  .s("arn", "arn:aws:iam::" + d.actor.account + ":user/" + user)
                                  .s("createDate", synth::human_time(d.now, false))
                                  .str())
                 .str());
    d.step();
    iam_call(d, "AttachUserPolicy", Obj().s("userName", user).s("policyArn", kAdminPolicy).str());
    d.step();
    create_access_key(d, user);
}

void iam_create_backdoor_role(Detonation& d) {
    const std::string role = d.name("backdoor-role");
    const std::string policy = trust_policy(d.actor.foreign_account, false);
    const std::string arn = "arn:aws:iam::" + d.actor.account + ":role/" + role;
    iam_call(d, "CreateRole", Obj().s("roleName", role).s("assumeRolePolicyDocument", policy).str(),
             Obj()
                 .raw("role", Obj()
                                  .s("path", "/")
                                  .s("roleName", role)
                                  .s("roleId", synth::iam_id(d.rng, "AROA"))
                                  .s("arn", arn)
                                  .s("createDate", synth::human_time(d.now, false))
                                  .s("assumeRolePolicyDocument", policy)
                                  .str())
                 .str());
    d.step();
    iam_call(d, "AttachRolePolicy", Obj().s("roleName", role).s("policyArn", kAdminPolicy).str());
}

void iam_create_login_profile(Detonation& d) {
    const std::string user = d.name("service-user");
    iam_call(d, "CreateLoginProfile",
             Obj().s("userName", user).b("passwordResetRequired", false).str(),
             Obj()
                 .raw("loginProfile", Obj()
                                          .s("userName", user)
                                          .s("createDate", synth::human_time(d.now, false))
                                          .b("passwordResetRequired", false)
                                          .str())
                 .str());
}

std::string function_arn(Detonation& d, std::string_view function) {
    return "arn:aws:lambda:" + d.actor.region + ":" + d.actor.account +
           ":function:" + std::string(function);
}

void lambda_backdoor_function(Detonation& d) {
    const std::string function = d.name("function");
    const std::string statement = Obj()
                                      .s("Sid", "backdoor")
                                      .s("Effect", "Allow")
                                      .s("Principal", "*")
                                      .s("Action", "lambda:InvokeFunction")
                                      .s("Resource", function_arn(d, function))
                                      .str();
    d.call({.source = "lambda.amazonaws.com",
            .name = "AddPermission20150331v2",
            .request = Obj()
                           .s("functionName", function)
                           .s("statementId", "backdoor")
                           .s("action", "lambda:InvokeFunction")
                           .s("principal", "*")
                           .str(),
            .response = Obj().s("statement", statement).str(),
            .version = "1.08"});
}

std::string function_configuration(Detonation& d,
                                   std::string_view function,
                                   std::string_view layers) {
    Obj config;
    config.s("functionName", function)
        .s("functionArn", function_arn(d, function))
        .s("runtime", "python3.12")
        .s("role", "arn:aws:iam::" + d.actor.account + ":role/" + std::string(function) + "-role")
        .s("handler", "app.handler")
        .n("codeSize", d.rng.between(200, 9000))
        .s("description", "")
        .n("timeout", 30)
        .n("memorySize", 256)
        .s("codeSha256", synth::random_chars(d.rng, 43, synth::kAlnum) + "=")
        .s("version", "$LATEST")
        .s("revisionId", synth::uuid(d.rng))
        .s("state", "Active")
        .s("lastUpdateStatus", "InProgress")
        .s("packageType", "Zip")
        .raw("architectures", Arr().s("x86_64").str());
    if (!layers.empty()) config.raw("layers", layers);
    return config.str();
}

void lambda_layer_extension(Detonation& d) {
    const std::string function = d.name("function");
    const std::string layer = "arn:aws:lambda:" + d.actor.region + ":" + d.actor.foreign_account +
                              ":layer:telemetry-extension:3";
    d.call({.source = "lambda.amazonaws.com",
            .name = "UpdateFunctionConfiguration20150331v2",
            .request = Obj()
                           .s("functionName", function_arn(d, function))
                           .raw("layers", Arr().s(layer).str())
                           .raw("environment", "{}")
                           .str(),
            .response = function_configuration(
                d, function, Arr().raw(Obj().s("arn", layer).n("codeSize", 2120).str()).str()),
            .version = "1.08"});
}

void lambda_overwrite_code(Detonation& d) {
    const std::string function = d.name("function");
    d.call({.source = "lambda.amazonaws.com",
            .name = "UpdateFunctionCode20150331v2",
            .request = Obj()
                           .s("functionName", function_arn(d, function))
                           .b("publish", true)
                           .b("dryRun", false)
                           .str(),
            .response = function_configuration(d, function, {}),
            .version = "1.08"});
}

void rolesanywhere_trust_anchor(Detonation& d) {
    const std::string anchor_id = synth::uuid(d.rng);
    const std::string hidden_tags = Arr()
                                        .raw(Obj()
                                                 .s("key", "HIDDEN_DUE_TO_SECURITY_REASONS")
                                                 .s("value", "HIDDEN_DUE_TO_SECURITY_REASONS")
                                                 .str())
                                        .str();
    const std::string source =
        Obj()
            .s("sourceType", "CERTIFICATE_BUNDLE")
            .raw("sourceData", Obj()
                                   .s("x509CertificateData",
                                      "-----BEGIN CERTIFICATE-----\n" +
                                          synth::random_chars(d.rng, 64, synth::kAlnum) + "\n" +
                                          synth::random_chars(d.rng, 64, synth::kAlnum) +
                                          "\n-----END CERTIFICATE-----\n")
                                   .str())
            .str();
    d.call({.source = "rolesanywhere.amazonaws.com",
            .name = "CreateTrustAnchor",
            .request = Obj()
                           .s("name", d.name("trust-anchor"))
                           .raw("source", source)
                           .b("enabled", true)
                           .raw("tags", hidden_tags)
                           .str(),
            .response =
                Obj()
                    .raw("trustAnchor", Obj()
                                            .s("trustAnchorId", anchor_id)
                                            .s("trustAnchorArn",
                                               "arn:aws:rolesanywhere:" + d.actor.region + ":" +
                                                   d.actor.account + ":trust-anchor/" + anchor_id)
                                            .s("name", d.name("trust-anchor"))
                                            .raw("source", source)
                                            .b("enabled", true)
                                            .str())
                    .str(),
            .version = "1.10"});
    d.step();
    const std::string role = "arn:aws:iam::" + d.actor.account + ":role/" + d.name("anywhere-role");
    const std::string profile_id = synth::uuid(d.rng);
    d.call({.source = "rolesanywhere.amazonaws.com",
            .name = "CreateProfile",
            .request = Obj()
                           .s("name", d.name("anywhere-profile"))
                           .raw("roleArns", Arr().s(role).str())
                           .n("durationSeconds", 3600)
                           .b("enabled", true)
                           .raw("tags", hidden_tags)
                           .str(),
            .response = Obj()
                            .raw("profile", Obj()
                                                .s("profileId", profile_id)
                                                .s("profileArn",
                                                   "arn:aws:rolesanywhere:" + d.actor.region + ":" +
                                                       d.actor.account + ":profile/" + profile_id)
                                                .s("name", d.name("anywhere-profile"))
                                                .raw("roleArns", Arr().s(role).str())
                                                .s("createdBy", d.arn)
                                                .b("enabled", true)
                                                .str())
                            .str(),
            .version = "1.10"});
}

void sts_federation_token(Detonation& d) {
    constexpr std::string_view kName = "ops_federated";
    const std::string key = synth::iam_id(d.rng, "ASIA");
    const std::string federated_arn =
        "arn:aws:sts::" + d.actor.account + ":federated-user/" + std::string(kName);
    const std::string policy =
        Obj()
            .s("Version", "2012-10-17")
            .raw("Statement",
                 Arr()
                     .raw(Obj().s("Effect", "Allow").s("Action", "*").s("Resource", "*").str())
                     .str())
            .str();
    d.call({.source = "sts.amazonaws.com",
            .name = "GetFederationToken",
            .request = Obj().s("name", kName).s("policy", policy).str(),
            .response = Obj()
                            .raw("credentials",
                                 Obj()
                                     .s("accessKeyId", key)
                                     .s("sessionToken", d.session_token())
                                     .s("expiration", synth::human_time(d.now + 43'200'000, true))
                                     .str())
                            .raw("federatedUser", Obj()
                                                      .s("federatedUserId",
                                                         d.actor.account + ":" + std::string(kName))
                                                      .s("arn", federated_arn)
                                                      .str())
                            .n("packedPolicySize", 4)
                            .str(),
            .version = "1.08"});
    d.step();
    const std::string identity =
        Obj()
            .s("type", "FederatedUser")
            .s("principalId", d.actor.account + ":" + std::string(kName))
            .s("arn", federated_arn)
            .s("accountId", d.actor.account)
            .s("accessKeyId", key)
            .raw("sessionContext",
                 Obj()
                     .raw("sessionIssuer", Obj()
                                               .s("type", "IAMUser")
                                               .s("principalId", d.actor.user_id)
                                               .s("arn", d.arn)
                                               .s("accountId", d.actor.account)
                                               .s("userName", d.actor.user_name)
                                               .str())
                     .raw("webIdFederationData", "{}")
                     .raw("attributes", Obj()
                                            .s("creationDate", synth::iso_time(d.now))
                                            .s("mfaAuthenticated", "false")
                                            .str())
                     .str())
            .str();
    d.call({.source = "sts.amazonaws.com",
            .name = "GetCallerIdentity",
            .read_only = true,
            .version = "1.08",
            .identity = identity});
}

// ---- privilege escalation ----

void iam_update_login_profile(Detonation& d) {
    iam_call(d, "UpdateLoginProfile", Obj().s("userName", d.name("console-admin")).str());
}

// ---- wasp's own ----

// Root signs in to the console (no MFA) and looks around IAM.
void root_console_login(Detonation& d) {
    const std::string root_arn = "arn:aws:iam::" + d.actor.account + ":root";
    const std::string login_identity = Obj()
                                           .s("type", "Root")
                                           .s("principalId", d.actor.account)
                                           .s("arn", root_arn)
                                           .s("accountId", d.actor.account)
                                           .s("accessKeyId", "")
                                           .str();
    console_login(d, login_identity, false, true);
    const std::string session_identity =
        Obj()
            .s("type", "Root")
            .s("principalId", d.actor.account)
            .s("arn", root_arn)
            .s("accountId", d.actor.account)
            .s("accessKeyId", synth::iam_id(d.rng, "ASIA"))
            .raw("sessionContext",
                 Obj()
                     .raw("sessionIssuer", "{}")
                     .raw("webIdFederationData", "{}")
                     .raw("attributes", Obj()
                                            .s("creationDate", synth::iso_time(d.now))
                                            .s("mfaAuthenticated", "false")
                                            .str())
                     .str())
            .str();
    for (std::string_view name : {"GetAccountSummary", "ListUsers", "ListAccessKeys"}) {
        d.pause(3000, 20000);
        d.call({.source = "iam.amazonaws.com",
                .name = name,
                .request = name == "ListUsers" ? std::string_view("{}") : std::string_view("null"),
                .read_only = true,
                .region = "us-east-1",
                .console = true,
                .identity = session_identity,
                .user_agent = kBrowser});
    }
}

// A person's IAM user: failed sign-ins, then one without MFA, then a look around.
void console_login_existing_user(Detonation& d) {
    const std::string arn = "arn:aws:iam::" + d.actor.account + ":user/" + d.actor.user_name;
    const std::string failed = Obj()
                                   .s("type", "IAMUser")
                                   .s("principalId", d.actor.user_id)
                                   .s("accountId", d.actor.account)
                                   .s("accessKeyId", "")
                                   .s("userName", d.actor.user_name)
                                   .str();
    for (int i = 0; i < 2; ++i) {
        console_login(d, failed, false, false);
        d.pause(4000, 15000);
    }
    const std::string user = Obj()
                                 .s("type", "IAMUser")
                                 .s("principalId", d.actor.user_id)
                                 .s("arn", arn)
                                 .s("accountId", d.actor.account)
                                 .s("accessKeyId", "")
                                 .s("userName", d.actor.user_name)
                                 .str();
    console_login(d, user, false, true);
    const std::string session =
        Obj()
            .s("type", "IAMUser")
            .s("principalId", d.actor.user_id)
            .s("arn", arn)
            .s("accountId", d.actor.account)
            .s("accessKeyId", synth::iam_id(d.rng, "ASIA"))
            .s("userName", d.actor.user_name)
            .raw("sessionContext",
                 Obj()
                     .raw("sessionIssuer", "{}")
                     .raw("webIdFederationData", "{}")
                     .raw("attributes", Obj()
                                            .s("creationDate", synth::iso_time(d.now))
                                            .s("mfaAuthenticated", "false")
                                            .str())
                     .str())
            .str();
    struct Look {
        std::string_view source, name, request;
    };
    static constexpr Look kLooks[] = {
        {"iam.amazonaws.com", "ListUsers", "{}"},
        {"ec2.amazonaws.com", "DescribeInstances", R"({"instancesSet":{},"filterSet":{}})"},
        {"secretsmanager.amazonaws.com", "ListSecrets", "{}"},
    };
    for (const auto& l : kLooks) {
        d.pause(3000, 20000);
        d.call({.source = l.source,
                .name = l.name,
                .request = l.request,
                .read_only = true,
                .region = l.source == "iam.amazonaws.com" ? std::string_view("us-east-1")
                                                          : std::string_view(),
                .console = true,
                .identity = session,
                .user_agent = kBrowser});
    }
}

// Instance-profile credentials (session named after the instance) used from an address outside
// AWS by a command-line client.
void instance_credentials_outside_aws(Detonation& d) {
    d.as_session(d.instance_session());
    d.user_agent = std::string(kPentestCli) + " command/sts.get-caller-identity";
    d.call({.source = "sts.amazonaws.com",
            .name = "GetCallerIdentity",
            .read_only = true,
            .version = "1.08"});
    struct Look {
        std::string_view source, name, request, command;
    };
    static constexpr Look kLooks[] = {
        {"s3.amazonaws.com", "ListBuckets", "null", "s3.ls"},
        {"ec2.amazonaws.com", "DescribeInstances", R"({"instancesSet":{},"filterSet":{}})",
         "ec2.describe-instances"},
        {"ssm.amazonaws.com", "DescribeParameters", "{}", "ssm.describe-parameters"},
        {"secretsmanager.amazonaws.com", "ListSecrets", "{}", "secretsmanager.list-secrets"},
    };
    for (const auto& l : kLooks) {
        d.pause(2000, 9000);
        const std::string ua = std::string(kPentestCli) + " command/" + std::string(l.command);
        d.call({.source = l.source,
                .name = l.name,
                .request = l.request,
                .read_only = true,
                .request_id = l.source == "s3.amazonaws.com" ? synth::RequestId::kS3
                                                             : synth::RequestId::kUuid,
                .user_agent = ua});
    }
}

// A principal's ordinary calls, with its usual client, from a network it never used. Not from
// the actor's address: every actor draws it from the same two /24s, so in a game day, where
// other techniques have used the same few keys before this one runs, that network is no longer
// new for the victim and this technique leaves nothing to find. A /24 of 198.19.128.0/17 (the
// upper half of RFC 2544's benchmarking range, which no actor and no background principal
// uses) stays new wherever it runs.
void new_network(Detonation& d) {
    d.user_agent = d.actor.usual_user_agent;
    d.ip = synth::ipv4(d.rng, "198.19." + std::to_string(d.rng.between(128, 255)));
    struct Look {
        std::string_view source, name, request;
        bool global;
    };
    static constexpr Look kLooks[] = {
        {"sts.amazonaws.com", "GetCallerIdentity", "null", false},
        {"ec2.amazonaws.com", "DescribeInstances", R"({"instancesSet":{},"filterSet":{}})", false},
        {"iam.amazonaws.com", "ListRoles", "{}", true},
        {"iam.amazonaws.com", "ListAttachedRolePolicies", "{}", true},
        {"s3.amazonaws.com", "ListBuckets", "null", false},
        {"secretsmanager.amazonaws.com", "ListSecrets", "{}", false},
    };
    for (const auto& l : kLooks) {
        d.call({.source = l.source,
                .name = l.name,
                .request = l.request,
                .read_only = true,
                .region = l.global ? std::string_view("us-east-1") : std::string_view(),
                .request_id = l.source == "s3.amazonaws.com" ? synth::RequestId::kS3
                                                             : synth::RequestId::kUuid});
        d.pause(1000, 30000);
    }
}

// Enumeration across services with a key that may do little: almost every call is denied.
void access_denied_burst(Detonation& d) {
    d.user_agent = std::string(kPentestCli);
    struct Probe {
        std::string_view source, name, action, error;
        bool global;
    };
    static constexpr Probe kProbes[] = {
        {"iam.amazonaws.com", "ListUsers", "iam:ListUsers", "AccessDenied", true},
        {"iam.amazonaws.com", "ListRoles", "iam:ListRoles", "AccessDenied", true},
        {"iam.amazonaws.com", "ListPolicies", "iam:ListPolicies", "AccessDenied", true},
        {"iam.amazonaws.com", "GetAccountAuthorizationDetails",
         "iam:GetAccountAuthorizationDetails", "AccessDenied", true},
        {"s3.amazonaws.com", "ListBuckets", "s3:ListAllMyBuckets", "AccessDenied", false},
        {"ec2.amazonaws.com", "DescribeInstances", "ec2:DescribeInstances",
         "Client.UnauthorizedOperation", false},
        {"ec2.amazonaws.com", "DescribeSecurityGroups", "ec2:DescribeSecurityGroups",
         "Client.UnauthorizedOperation", false},
        {"lambda.amazonaws.com", "ListFunctions20150331", "lambda:ListFunctions", "AccessDenied",
         false},
        {"secretsmanager.amazonaws.com", "ListSecrets", "secretsmanager:ListSecrets",
         "AccessDeniedException", false},
        {"kms.amazonaws.com", "ListKeys", "kms:ListKeys", "AccessDeniedException", false},
        {"dynamodb.amazonaws.com", "ListTables", "dynamodb:ListTables", "AccessDeniedException",
         false},
        {"rds.amazonaws.com", "DescribeDBInstances", "rds:DescribeDBInstances", "AccessDenied",
         false},
        {"cloudtrail.amazonaws.com", "DescribeTrails", "cloudtrail:DescribeTrails",
         "AccessDeniedException", false},
        {"guardduty.amazonaws.com", "ListDetectors", "guardduty:ListDetectors",
         "AccessDeniedException", false},
        {"organizations.amazonaws.com", "DescribeOrganization",
         "organizations:DescribeOrganization", "AccessDeniedException", true},
        {"sns.amazonaws.com", "ListTopics", "sns:ListTopics", "AuthorizationError", false},
    };
    d.call({.source = "sts.amazonaws.com",
            .name = "GetCallerIdentity",
            .read_only = true,
            .version = "1.08"});
    for (int round = 0; round < 2; ++round) {
        for (const auto& p : kProbes) {
            d.pause(150, 1200);
            const std::string message = p.error == "Client.UnauthorizedOperation"
                                            ? d.ec2_denied_message(p.action, "*")
                                            : d.denied_message(p.action, "*");
            d.call({.source = p.source,
                    .name = p.name,
                    .read_only = true,
                    .error_code = p.error,
                    .error_message = message,
                    .region = p.global ? std::string_view("us-east-1") : std::string_view(),
                    .request_id = p.source == "s3.amazonaws.com" ? synth::RequestId::kS3
                                                                 : synth::RequestId::kUuid});
        }
    }
}

// Objects rewritten with server-side encryption under a KMS key of the attacker's account: the
// owner can no longer read them once the attacker revokes the key's grant.
void s3_encrypt_foreign_kms_key(Detonation& d) {
    const std::string bucket = d.name("records");
    const std::string key_arn = "arn:aws:kms:" + d.actor.region + ":" + d.actor.foreign_account +
                                ":key/" + synth::uuid(d.rng);
    d.s3("ListObjects", bucket, {}, true, true, Obj().s("list-type", "2").str());
    const int n = static_cast<int>(d.rng.between(15, 30));
    for (int i = 0; i < n; ++i) {
        d.pause(40, 300);
        const std::string key =
            "exports/" + synth::random_chars(d.rng, 12, "abcdefghijklmnopqrstuvwxyz") + ".parquet";
        d.s3("CopyObject", bucket, key, false, true,
             Obj()
                 .s("x-amz-copy-source", bucket + "/" + key)
                 .s("x-amz-server-side-encryption", "aws:kms")
                 .s("x-amz-server-side-encryption-aws-kms-key-id", key_arn)
                 .str(),
             Obj()
                 .s("x-amz-server-side-encryption", "aws:kms")
                 .s("x-amz-server-side-encryption-aws-kms-key-id", key_arn)
                 .str());
    }
}

constexpr std::string_view kStratus = "Stratus Red Team";
constexpr std::string_view kWasp = "wasp";

constexpr Technique kCatalogue[] = {
    {"aws.credential-access.ec2-get-password-data", "Retrieve EC2 Password Data",
     "credential-access", kStratus, "AssumeRole,GetPasswordData",
     "Assumes a role without permission (denied twice while it propagates), then 30 "
     "GetPasswordData calls on made-up instances, all Client.UnauthorizedOperation.",
     ec2_get_password_data},
    {"aws.credential-access.ec2-steal-instance-credentials", "Steal EC2 Instance Credentials",
     "credential-access", kStratus,
     "DescribeInstanceInformation,SendCommand,GetCommandInvocation,GetCallerIdentity,"
     "DescribeInstances",
     "Runs a shell command on an instance through SSM, then uses the instance role's session "
     "(named after the instance) from the attacker's address: GetCallerIdentity, "
     "DescribeInstances.",
     ec2_steal_instance_credentials},
    {"aws.credential-access.secretsmanager-batch-retrieve-secrets",
     "Retrieve a High Number of Secrets Manager secrets (Batch)", "credential-access", kStratus,
     "BatchGetSecretValue,GetSecretValue",
     "Two BatchGetSecretValue calls with a tag filter, each followed by the GetSecretValue "
     "record Secrets Manager writes for each of its 10 secrets.",
     secretsmanager_batch_retrieve},
    {"aws.credential-access.secretsmanager-retrieve-secrets",
     "Retrieve a High Number of Secrets Manager secrets", "credential-access", kStratus,
     "ListSecrets,GetSecretValue", "ListSecrets, then 20 GetSecretValue calls in a few seconds.",
     secretsmanager_retrieve},
    {"aws.credential-access.ssm-retrieve-securestring-parameters",
     "Retrieve And Decrypt SSM Parameters", "credential-access", kStratus,
     "DescribeParameters,GetParameters",
     "Three pages of DescribeParameters, then three GetParameters calls of 10 names each with "
     "withDecryption true.",
     ssm_retrieve_securestring},
    {"aws.defense-evasion.cloudtrail-delete", "Delete CloudTrail Trail", "defense-evasion",
     kStratus, "DeleteTrail", "One DeleteTrail.", cloudtrail_delete},
    {"aws.defense-evasion.cloudtrail-event-selectors",
     "Disable CloudTrail Logging Through Event Selectors", "defense-evasion", kStratus,
     "PutEventSelectors",
     "PutEventSelectors with includeManagementEvents false and read-only data selectors.",
     cloudtrail_event_selectors},
    {"aws.defense-evasion.cloudtrail-lifecycle-rule",
     "CloudTrail Logs Impairment Through S3 Lifecycle Rule", "defense-evasion", kStratus,
     "PutBucketLifecycle",
     "PutBucketLifecycle on the trail's bucket: one rule expiring every object after 1 day.",
     cloudtrail_lifecycle_rule},
    {"aws.defense-evasion.cloudtrail-stop", "Stop CloudTrail Trail", "defense-evasion", kStratus,
     "StopLogging", "One StopLogging on the trail's ARN.", cloudtrail_stop},
    {"aws.defense-evasion.dns-delete-logs", "Delete DNS query logs", "defense-evasion", kStratus,
     "DeleteResolverQueryLogConfig", "One DeleteResolverQueryLogConfig (status DELETING).",
     dns_delete_logs},
    {"aws.defense-evasion.organizations-leave", "Attempt to Leave the AWS Organization",
     "defense-evasion", kStratus, "AssumeRole,LeaveOrganization",
     "Assumes a role (denied once first), then LeaveOrganization, denied.", organizations_leave},
    {"aws.defense-evasion.vpc-remove-flow-logs", "Remove VPC Flow Logs", "defense-evasion",
     kStratus, "DeleteFlowLogs", "One DeleteFlowLogs, not followed by DeleteVpc.",
     vpc_remove_flow_logs},
    {"aws.discovery.ec2-download-user-data", "Download EC2 Instance User Data", "discovery",
     kStratus, "AssumeRole,DescribeInstanceAttribute",
     "Assumes a role (denied twice first), then 15 DescribeInstanceAttribute calls for userData, "
     "all Client.UnauthorizedOperation.",
     ec2_download_user_data},
    {"aws.discovery.ec2-enumerate-from-instance", "Execute Discovery Commands on an EC2 Instance",
     "discovery", kStratus,
     "DescribeInstanceInformation,SendCommand,GetCallerIdentity,ListBuckets,GetAccountSummary,"
     "ListRoles,ListUsers,GetAccountAuthorizationDetails,DescribeSnapshots,DescribeTrails,"
     "ListDetectors,GetCommandInvocation",
     "An SSM command on an instance; from it, under the instance role and from the instance's "
     "address, nine discovery calls of which eight are denied.",
     ec2_enumerate_from_instance},
    {"aws.discovery.ses-enumerate", "Enumerate SES", "discovery", kStratus,
     "GetAccountSendingEnabled,ListIdentities,GetIdentityVerificationAttributes,GetSendQuota",
     "GetAccountSendingEnabled, ListIdentities, GetIdentityVerificationAttributes and "
     "GetSendQuota.",
     ses_enumerate},
    {"aws.execution.ec2-launch-unusual-instances", "Launch Unusual EC2 instances", "execution",
     kStratus, "AssumeRole,RunInstances",
     "Assumes a role (denied once first), then three RunInstances of p2.xlarge, denied.",
     ec2_launch_unusual_instances},
    {"aws.execution.ec2-user-data", "Execute Commands on EC2 Instance via User Data", "execution",
     kStratus, "StopInstances,DescribeInstances,ModifyInstanceAttribute,StartInstances",
     "StopInstances, a waiter's DescribeInstances, ModifyInstanceAttribute with userData, "
     "StartInstances.",
     ec2_user_data},
    {"aws.execution.sagemaker-update-lifecycle-config",
     "Execute Commands on SageMaker Notebook Instance via Lifecycle Configuration", "execution",
     kStratus,
     "CreateNotebookInstanceLifecycleConfig,StopNotebookInstance,DescribeNotebookInstance,"
     "UpdateNotebookInstance,StartNotebookInstance",
     "Creates a lifecycle configuration, stops the notebook, waits, attaches the configuration "
     "with UpdateNotebookInstance and starts it again.",
     sagemaker_lifecycle_config},
    {"aws.execution.ssm-send-command", "Usage of ssm:SendCommand on multiple instances",
     "execution", kStratus, "DescribeInstanceInformation,SendCommand,GetCommandInvocation",
     "One SendCommand (AWS-RunShellScript) naming three instances, and its polling.",
     ssm_send_command},
    {"aws.execution.ssm-start-session", "Usage of ssm:StartSession on multiple instances",
     "execution", kStratus, "DescribeInstanceInformation,StartSession,TerminateSession",
     "StartSession then TerminateSession on three instances.", ssm_start_session},
    {"aws.exfiltration.ec2-security-group-open-port-22-ingress",
     "Open Ingress Port 22 on a Security Group", "exfiltration", kStratus,
     "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupIngress of tcp/22 from 0.0.0.0/0.",
     sg_open_port_22},
    {"aws.exfiltration.ec2-share-ami", "Exfiltrate an AMI by Sharing It", "exfiltration", kStratus,
     "ModifyImageAttribute",
     "ModifyImageAttribute adding a launch permission for a foreign account.", ec2_share_ami},
    {"aws.exfiltration.ec2-share-ebs-snapshot", "Exfiltrate EBS Snapshot by Sharing It",
     "exfiltration", kStratus,
     "ModifySnapshotAttribute,SharedSnapshotCopyInitiated,SharedSnapshotVolumeCreated",
     "ModifySnapshotAttribute adding createVolumePermission for a foreign account, then the "
     "service events EC2 logs when that account copies it and makes a volume of it.",
     ec2_share_ebs_snapshot},
    {"aws.exfiltration.rds-share-snapshot", "Exfiltrate RDS Snapshot by Sharing", "exfiltration",
     kStratus, "ModifyDBSnapshotAttribute",
     "ModifyDBSnapshotAttribute on restore with valuesToAdd naming a foreign account.",
     rds_share_snapshot},
    {"aws.exfiltration.s3-backdoor-bucket-policy", "Backdoor an S3 Bucket via its Bucket Policy",
     "exfiltration", kStratus, "PutBucketPolicy",
     "PutBucketPolicy granting a foreign account's root GetObject, GetBucketLocation and "
     "ListBucket.",
     s3_backdoor_bucket_policy},
    {"aws.impact.bedrock-invoke-model", "Invoke Bedrock Model", "impact", kStratus,
     "PutUseCaseForModelAccess,ListFoundationModelAgreementOffers,CreateFoundationModelAgreement,"
     "PutFoundationModelEntitlement,GetFoundationModelAvailability,InvokeModel",
     "Enables Anthropic Claude 3 Sonnet (use case, agreement, entitlement), polls its "
     "availability, then InvokeModel.",
     bedrock_invoke_model},
    {"aws.impact.ec2-deregister-ami", "Deregister an Amazon EC2 AMI", "impact", kStratus,
     "DeregisterImage", "One DeregisterImage.", ec2_deregister_ami},
    {"aws.impact.s3-ransomware-batch-deletion", "S3 Ransomware through batch file deletion",
     "impact", kStratus, "ListObjectVersions,GetObject,DeleteObjects,PutObject",
     "S3 data events: ListObjectVersions, a GetObject per object (20 to 40), one DeleteObjects, "
     "a PutObject of a ransom note.",
     s3_ransomware_batch_deletion},
    {"aws.impact.s3-ransomware-client-side-encryption",
     "S3 Ransomware through client-side encryption", "impact", kStratus,
     "ListObjectVersions,GetObject,CopyObject,PutObject",
     "S3 data events: ListObjectVersions, a GetObject then a CopyObject with a customer-provided "
     "key (SSE-C) per object, a ransom note.",
     s3_ransomware_client_side_encryption},
    {"aws.impact.s3-ransomware-individual-deletion",
     "S3 Ransomware through individual file deletion", "impact", kStratus,
     "ListObjectVersions,GetObject,DeleteObject,PutObject",
     "S3 data events: ListObjectVersions, a GetObject then a DeleteObject of each version, a "
     "ransom note.",
     s3_ransomware_individual_deletion},
    {"aws.initial-access.console-login-without-mfa", "Console Login without MFA", "initial-access",
     kStratus, "ConsoleLogin", "A successful ConsoleLogin of a new IAM user with MFAUsed No.",
     console_login_without_mfa},
    {"aws.lateral-movement.ec2-instance-connect",
     "Usage of EC2 Instance Connect on multiple instances", "lateral-movement", kStratus,
     "SendSSHPublicKey", "SendSSHPublicKey of one key to three instances.", ec2_instance_connect},
    {"aws.lateral-movement.ec2-serial-console-send-ssh-public-key",
     "Usage of EC2 Serial Console to push SSH public key", "lateral-movement", kStratus,
     "EnableSerialConsoleAccess,SendSerialConsoleSSHPublicKey",
     "EnableSerialConsoleAccess, then SendSerialConsoleSSHPublicKey to three instances.",
     ec2_serial_console},
    {"aws.persistence.iam-backdoor-role", "Backdoor an IAM Role", "persistence", kStratus,
     "UpdateAssumeRolePolicy",
     "UpdateAssumeRolePolicy adding a foreign account's root to a role's trust policy.",
     iam_backdoor_role},
    {"aws.persistence.iam-backdoor-user", "Create an Access Key on an IAM User", "persistence",
     kStratus, "CreateAccessKey", "CreateAccessKey for another IAM user.", iam_backdoor_user},
    {"aws.persistence.iam-create-admin-user", "Create an administrative IAM User", "persistence",
     kStratus, "CreateUser,AttachUserPolicy,CreateAccessKey",
     "CreateUser, AttachUserPolicy of AdministratorAccess, CreateAccessKey, within a second or "
     "two.",
     iam_create_admin_user},
    {"aws.persistence.iam-create-backdoor-role", "Create a backdoored IAM Role", "persistence",
     kStratus, "CreateRole,AttachRolePolicy",
     "CreateRole trusting a foreign account's root, then AttachRolePolicy of "
     "AdministratorAccess.",
     iam_create_backdoor_role},
    {"aws.persistence.iam-create-user-login-profile", "Create a Login Profile on an IAM User",
     "persistence", kStratus, "CreateLoginProfile",
     "CreateLoginProfile on a user meant for programmatic use.", iam_create_login_profile},
    {"aws.persistence.lambda-backdoor-function",
     "Backdoor Lambda Function Through Resource-Based Policy", "persistence", kStratus,
     "AddPermission20150331v2",
     "AddPermission20150331v2 letting any principal invoke the function.",
     lambda_backdoor_function},
    {"aws.persistence.lambda-layer-extension", "Add a Malicious Lambda Extension", "persistence",
     kStratus, "UpdateFunctionConfiguration20150331v2",
     "UpdateFunctionConfiguration20150331v2 adding a layer published by a foreign account.",
     lambda_layer_extension},
    {"aws.persistence.lambda-overwrite-code", "Overwrite Lambda Function Code", "persistence",
     kStratus, "UpdateFunctionCode20150331v2", "UpdateFunctionCode20150331v2 with publish true.",
     lambda_overwrite_code},
    {"aws.persistence.rolesanywhere-create-trust-anchor",
     "Create an IAM Roles Anywhere trust anchor", "persistence", kStratus,
     "CreateTrustAnchor,CreateProfile",
     "CreateTrustAnchor from a certificate bundle, then CreateProfile for a role.",
     rolesanywhere_trust_anchor},
    {"aws.persistence.sts-federation-token",
     "Generate temporary AWS credentials using GetFederationToken", "persistence", kStratus,
     "GetFederationToken,GetCallerIdentity",
     "GetFederationToken with an allow-all policy, then GetCallerIdentity as the federated user.",
     sts_federation_token},
    {"aws.privilege-escalation.iam-update-user-login-profile", "Change IAM user password",
     "privilege-escalation", kStratus, "UpdateLoginProfile", "UpdateLoginProfile on another user.",
     iam_update_login_profile},
    {"wasp.privilege-escalation.root-console-login", "Root user signs in to the console",
     "privilege-escalation", kWasp, "ConsoleLogin,GetAccountSummary,ListUsers,ListAccessKeys",
     "ConsoleLogin as Root without MFA from the attacker's address, then three IAM reads from "
     "the console session.",
     root_console_login},
    {"wasp.initial-access.console-login-without-mfa",
     "Console sign-in without MFA to a person's IAM user", "initial-access", kWasp,
     "ConsoleLogin,ListUsers,DescribeInstances,ListSecrets",
     "Two failed ConsoleLogin, a successful one with MFAUsed No, then console reads; for a user "
     "who normally signs in with MFA.",
     console_login_existing_user},
    {"wasp.credential-access.instance-credentials-outside-aws",
     "EC2 instance credentials used from outside AWS", "credential-access", kWasp,
     "GetCallerIdentity,ListBuckets,DescribeInstances,DescribeParameters,ListSecrets",
     "Calls by an instance role's session (named after its instance, ec2RoleDelivery 2.0) from a "
     "non-AWS address with a pentest distribution's CLI.",
     instance_credentials_outside_aws},
    {"wasp.initial-access.new-network", "Principal active from a new network", "initial-access",
     kWasp,
     "GetCallerIdentity,DescribeInstances,ListRoles,ListAttachedRolePolicies,ListBuckets,"
     "ListSecrets",
     "A background principal's key, with its usual user agent, used from a /24 of "
     "198.19.128.0/17, which no other technique and no background principal uses.",
     new_network},
    {"wasp.discovery.access-denied-burst", "AccessDenied discovery burst", "discovery", kWasp,
     "GetCallerIdentity,ListUsers,ListRoles,ListPolicies,GetAccountAuthorizationDetails,"
     "ListBuckets,DescribeInstances,DescribeSecurityGroups,ListFunctions20150331,ListSecrets,"
     "ListKeys,ListTables,DescribeDBInstances,DescribeTrails,ListDetectors,DescribeOrganization,"
     "ListTopics",
     "GetCallerIdentity, then two rounds of 16 list and describe calls across services, every "
     "one denied, in about half a minute.",
     access_denied_burst},
    {"wasp.impact.s3-encrypt-foreign-kms-key", "S3 objects re-encrypted with a foreign KMS key",
     "impact", kWasp, "ListObjects,CopyObject",
     "S3 data events: ListObjects, then CopyObject of 15 to 30 objects onto themselves with "
     "SSE-KMS under a key of a foreign account.",
     s3_encrypt_foreign_kms_key},
};

}  // namespace

std::span<const Technique> techniques() { return kCatalogue; }

const Technique* find_technique(std::string_view id) {
    for (const auto& t : kCatalogue) {
        if (t.id == id) return &t;
    }
    return nullptr;
}

std::vector<SynthEvent> detonate(const Technique& technique,
                                 const Actor& actor,
                                 std::int64_t start_ms,
                                 Rng& rng) {
    Detonation d(actor, start_ms, rng);
    if (technique.run != nullptr) technique.run(d);
    auto events = d.take();
    // Waiters and sub-steps may step back in time (commands run on an instance while its SSM
    // invocation is polled); deliver in time order as a trail would.
    std::stable_sort(events.begin(), events.end(), [](const SynthEvent& a, const SynthEvent& b) {
        return a.time_ms < b.time_ms;
    });
    return events;
}

std::expected<std::vector<SynthEvent>, std::string> detonate(std::string_view technique_id,
                                                             const Actor& actor,
                                                             std::int64_t start_ms,
                                                             Rng& rng) {
    const Technique* t = find_technique(technique_id);
    if (t == nullptr) {
        return std::unexpected("unknown attack technique '" + std::string(technique_id) + "'");
    }
    return detonate(*t, actor, start_ms, rng);
}

}  // namespace wasp::detect
