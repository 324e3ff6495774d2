// libFuzzer target: Sigma rule files (documents, modifiers, conditions, correlations) loaded
// from bytes, then matched against a few fixed CloudTrail events and turned into alerts.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "detect/event.h"
#include "detect/sigma.h"

namespace {

constexpr std::string_view kEvents[] = {
    R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser",)"
    R"("principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/alice",)"
    R"("accountId":"111122223333","userName":"alice"},"eventTime":"2024-05-01T12:00:00Z",)"
    R"("eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",)"
    R"("awsRegion":"us-east-1","sourceIPAddress":"198.51.100.9",)"
    R"("userAgent":"Mozilla/5.0","errorMessage":"Failed authentication",)"
    R"("requestParameters":null,"responseElements":{"ConsoleLogin":"Failure"},)"
    R"("additionalEventData":{"MFAUsed":"No"},"eventID":"e1","eventType":"AwsConsoleSignIn",)"
    R"("recipientAccountId":"111122223333"})",
    R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser",)"
    R"("principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/alice",)"
    R"("accountId":"111122223333","userName":"alice"},"eventTime":"2024-05-01T12:01:00Z",)"
    R"("eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",)"
    R"("awsRegion":"us-east-1","sourceIPAddress":"198.51.100.9",)"
    R"("userAgent":"Mozilla/5.0","requestParameters":null,)"
    R"("responseElements":{"ConsoleLogin":"Success"},)"
    R"("additionalEventData":{"MFAUsed":"No"},"eventID":"e2","eventType":"AwsConsoleSignIn",)"
    R"("recipientAccountId":"111122223333"})",
    R"({"eventVersion":"1.09","userIdentity":{"type":"AssumedRole",)"
    R"("principalId":"AROAEXAMPLE:s","arn":"arn:aws:sts::111122223333:assumed-role/Admin/s",)"
    R"("accountId":"111122223333","sessionContext":{"sessionIssuer":{"type":"Role",)"
    R"("arn":"arn:aws:iam::111122223333:role/Admin","userName":"Admin"}}},)"
    R"("eventTime":"2024-05-01T12:02:00Z","eventSource":"cloudtrail.amazonaws.com",)"
    R"("eventName":"StopLogging","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7",)"
    R"("userAgent":"aws-cli/2.15.30","requestParameters":{"name":"trail",)"
    R"("tags":[{"key":"a.b","value":1}],"n":4.5,"flag":true},"responseElements":null,)"
    R"("eventID":"e3","readOnly":false,"eventType":"AwsApiCall",)"
    R"("recipientAccountId":"111122223333"})",
    R"({"eventVersion":"1.09","userIdentity":{"type":"Root","principalId":"111122223333",)"
    R"("arn":"arn:aws:iam::111122223333:root","accountId":"111122223333"},)"
    R"("eventTime":"2024-05-01T12:03:00Z","eventSource":"iam.amazonaws.com",)"
    R"("eventName":"CreateAccessKey","awsRegion":"us-east-1","sourceIPAddress":"2001:db8::1",)"
    R"("userAgent":"S3 Browser 11.5.7","requestParameters":{"userName":"bob"},)"
    R"("responseElements":{"accessKey":{"userName":"bob","status":"Active"}},)"
    R"("errorCode":"Success","eventID":"e4","eventType":"AwsApiCall",)"
    R"("recipientAccountId":"111122223333"})",
};

struct Fixed {
    std::vector<std::unique_ptr<simdjson::dom::parser>> parsers;
    std::vector<wasp::detect::Event> events;

    Fixed() {
        std::uint64_t i = 0;
        for (auto text : kEvents) {
            parsers.push_back(std::make_unique<simdjson::dom::parser>());
            simdjson::dom::element root;
            if (parsers.back()->parse(text.data(), text.size()).get(root) != simdjson::SUCCESS) {
                continue;
            }
            wasp::detect::Event e;
            if (!wasp::detect::fill(e, root)) continue;
            e.raw = text;
            e.file = "fuzz.json";
            e.index = i++;
            events.push_back(e);
        }
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Fixed fixed;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    wasp::detect::RuleSet rules;
    wasp::core::Diagnostics diags;
    rules.add_file("fuzz.yml", text, diags);
    rules.finalize(diags);
    wasp::detect::SigmaConsumer consumer(rules);
    for (const auto& e : fixed.events) consumer.consume(e);
    (void)consumer.alerts(diags);
    return 0;
}
