// Throughput of the IAM policy evaluation logic (src/iam/eval.h): decisions per second on one
// core, for a principal with realistic policies — managed and inline identity policies with
// wildcards, conditions and policy variables, a permissions boundary, two SCP levels and a
// resource policy — against a stream of varied requests.
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "iam/eval.h"

namespace {

using namespace wasp::iam;

const char* const kServices[] = {"s3",  "ec2",    "dynamodb",       "sqs", "sns",
                                 "kms", "lambda", "logs",           "iam", "sts",
                                 "rds", "ecr",    "secretsmanager", "ssm"};
const char* const kVerbs[] = {"Get",    "Put",    "List", "Describe", "Create",
                              "Delete", "Update", "Tag",  "Start",    "Stop"};
const char* const kNouns[] = {"Object",    "Item", "Queue",    "Topic", "Key",    "Function",
                              "LogEvents", "Role", "Instance", "Image", "Secret", "Parameter"};

std::string action(std::mt19937& rng) {
    return std::string(kServices[rng() % std::size(kServices)]) + ":" +
           kVerbs[rng() % std::size(kVerbs)] + kNouns[rng() % std::size(kNouns)];
}

std::string resource(std::mt19937& rng, const std::string& svc) {
    return "arn:aws:" + svc + ":eu-west-1:111122223333:" + "app-" + std::to_string(rng() % 40) +
           "/item-" + std::to_string(rng() % 1000);
}

// One identity policy of n statements: Allow and Deny, wildcards, some with conditions.
std::string identity_policy(std::mt19937& rng, int n) {
    std::string s = R"({"Version": "2012-10-17", "Statement": [)";
    for (int i = 0; i < n; ++i) {
        std::string svc = kServices[rng() % std::size(kServices)];
        if (i) s += ",";
        s += R"({"Sid": "S)" + std::to_string(i) + R"(", "Effect": ")";
        s += (rng() % 8 == 0) ? "Deny" : "Allow";
        s += R"(", "Action": [")" + svc + ":" + kVerbs[rng() % std::size(kVerbs)] + R"(*", ")" +
             svc + ":" + kVerbs[rng() % std::size(kVerbs)] + kNouns[rng() % std::size(kNouns)] +
             R"("], "Resource": ["arn:aws:)" + svc + ":*:111122223333:app-" +
             std::to_string(rng() % 40) + R"(/*", "arn:aws:)" + svc +
             R"(:eu-west-1:111122223333:${aws:PrincipalTag/team}/*"])";
        switch (rng() % 4) {
            case 0:
                s +=
                    R"(, "Condition": {"StringEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}})";
                break;
            case 1:
                s +=
                    R"(, "Condition": {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "203.0.113.0/24"]}, "Bool": {"aws:SecureTransport": "true"}})";
                break;
            case 2:
                s +=
                    R"(, "Condition": {"ForAllValues:StringLike": {"aws:TagKeys": ["team", "env*"]}, "StringEqualsIfExists": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}})";
                break;
            default:
                break;
        }
        s += "}";
    }
    return s + "]}";
}

struct Fixture {
    std::vector<Policy> policies;
    Layers layers;
    std::vector<Request> requests;

    Fixture() {
        std::mt19937 rng(42);
        policies.reserve(16);
        auto add = [&](const std::string& json) {
            auto p = parse_policy_text(json, "p" + std::to_string(policies.size()), "bench");
            policies.push_back(std::move(*p.policy));
            return &policies.back();
        };
        for (int i = 0; i < 8; ++i) layers.identity.push_back(add(identity_policy(rng, 12)));
        layers.has_boundary = true;
        layers.boundary.push_back(add(R"({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"},
            {"Effect": "Deny", "Action": "*", "Resource": "*",
             "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}}}]})"));
        layers.scp_levels.push_back({add(R"({"Version": "2012-10-17", "Statement":
            {"Effect": "Allow", "Action": "*", "Resource": "*"}})")});
        layers.scp_levels.push_back({add(R"({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": ["cloudtrail:Stop*", "cloudtrail:Delete*", "guardduty:Delete*"], "Resource": "*"}]})")});
        layers.resource = add(R"({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"},
             "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::app-1/*"},
            {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::app-1/*",
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})");
        for (int i = 0; i < 4096; ++i) {
            Request r;
            r.principal.arn =
                "arn:aws:sts::111122223333:assumed-role/app/session-" + std::to_string(i % 7);
            r.principal.tags = {{"team", "app-" + std::to_string(rng() % 40)}, {"env", "prod"}};
            r.action = action(rng);
            r.resource = resource(rng, r.action.substr(0, r.action.find(':')));
            r.set_context("aws:RequestedRegion", {rng() % 5 ? "eu-west-1" : "us-east-1"});
            r.set_context("aws:SourceIp", {rng() % 2 ? "10.1.2.3" : "198.51.100.7"});
            r.set_context("aws:SecureTransport", {rng() % 10 ? "true" : "false"});
            if (rng() % 3 == 0) r.set_context("aws:TagKeys", {"team", "env"});
            requests.push_back(std::move(r));
        }
    }
};

void BM_Evaluate(benchmark::State& state) {
    static const Fixture f;
    std::size_t i = 0;
    std::size_t allowed = 0;
    for (auto _ : state) {
        Result r = evaluate(f.requests[i++ & 4095], f.layers);
        allowed += r.decision == Decision::kAllowed;
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.counters["allowed_share"] =
        static_cast<double>(allowed) /
        static_cast<double>(std::max<std::size_t>(1, state.iterations()));
}
BENCHMARK(BM_Evaluate);

// The same with every unknown key unknown ("can this principal ever do this?").
void BM_EvaluateOpenContext(benchmark::State& state) {
    static const Fixture f = [] {
        Fixture x;
        for (auto& r : x.requests) {
            r.context.clear();
            r.open_context = true;
        }
        return x;
    }();
    std::size_t i = 0;
    for (auto _ : state) {
        Result r = evaluate(f.requests[i++ & 4095], f.layers);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_EvaluateOpenContext);

}  // namespace

BENCHMARK_MAIN();
