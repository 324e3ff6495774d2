// Helpers of the Sigma tests: a rule set from YAML text, events from JSON text, alerts.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "detect/event.h"
#include "detect/sigma.h"

namespace wasp::detect::testing {

// A CloudTrail StopLogging event as AWS writes it; tests change fields with with().
inline constexpr std::string_view kStopLogging = R"({
  "eventVersion": "1.09",
  "userIdentity": {
    "type": "AssumedRole",
    "principalId": "AROA4EXAMPLEID:alice",
    "arn": "arn:aws:sts::111122223333:assumed-role/Admin/alice",
    "accountId": "111122223333",
    "accessKeyId": "ASIA4EXAMPLEKEY",
    "sessionContext": {
      "sessionIssuer": {
        "type": "Role",
        "principalId": "AROA4EXAMPLEID",
        "arn": "arn:aws:iam::111122223333:role/Admin",
        "accountId": "111122223333",
        "userName": "Admin"
      },
      "attributes": {"creationDate": "2024-05-01T12:00:00Z", "mfaAuthenticated": "false"}
    }
  },
  "eventTime": "2024-05-01T12:34:56Z",
  "eventSource": "cloudtrail.amazonaws.com",
  "eventName": "StopLogging",
  "awsRegion": "us-east-1",
  "sourceIPAddress": "203.0.113.7",
  "userAgent": "aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64.amzn.2023",
  "requestParameters": {"name": "arn:aws:cloudtrail:us-east-1:111122223333:trail/main"},
  "responseElements": null,
  "requestID": "5d4c1a2b-1111-4c3d-9e8f-0a1b2c3d4e5f",
  "eventID": "0f1e2d3c-2222-4b5a-8c7d-6e5f4a3b2c1d",
  "readOnly": false,
  "eventType": "AwsApiCall",
  "managementEvent": true,
  "recipientAccountId": "111122223333",
  "eventCategory": "Management",
  "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                 "clientProvidedHostHeader": "cloudtrail.us-east-1.amazonaws.com"}
})";

// Runs a finalized rule set over events given as JSON texts, in one consumer.
class EventRun {
  public:
    explicit EventRun(const RuleSet& rules) : consumer_(rules) {}

    void add(std::string json, std::string_view file = "test.json") {
        texts_.push_back(std::make_unique<std::string>(std::move(json)));
        parsers_.push_back(std::make_unique<simdjson::dom::parser>());
        simdjson::dom::element root;
        ASSERT_EQ(parsers_.back()->parse(*texts_.back()).get(root), simdjson::SUCCESS)
            << *texts_.back();
        Event e;
        ASSERT_TRUE(fill(e, root));
        e.raw = *texts_.back();
        e.file = file;
        e.index = index_++;
        consumer_.consume(e);
    }

    std::vector<Alert> alerts() {
        core::Diagnostics diags;
        auto out = consumer_.alerts(diags);
        EXPECT_TRUE(diags.empty());
        return out;
    }

    SigmaConsumer& consumer() { return consumer_; }

  private:
    SigmaConsumer consumer_;
    std::vector<std::unique_ptr<std::string>> texts_;
    std::vector<std::unique_ptr<simdjson::dom::parser>> parsers_;
    std::uint64_t index_ = 0;
};

// A rule set of one file, finalized.
struct Rules {
    RuleSet set;
    core::Diagnostics diags;

    explicit Rules(std::string_view yaml, std::string_view path = "rules/test.yml") {
        set.add_file(path, yaml, diags);
        set.finalize(diags);
    }
};

// The text of `event` with the value of top-level key replaced by JSON `value` (or added).
inline std::string with(std::string_view event, std::string_view key, std::string_view value) {
    std::string e(event);
    const std::string needle = "\"" + std::string(key) + "\":";
    const std::size_t at = e.find(needle);
    if (at == std::string::npos) {
        const std::size_t close = e.rfind('}');
        return e.substr(0, close) + ",\"" + std::string(key) + "\": " + std::string(value) + "}";
    }
    std::size_t start = at + needle.size();
    while (start < e.size() && e[start] == ' ') ++start;
    std::size_t end = start;
    int depth = 0;
    bool in_string = false;
    for (; end < e.size(); ++end) {
        const char c = e[end];
        if (in_string) {
            if (c == '\\') {
                ++end;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (depth == 0) break;
            --depth;
        } else if (c == ',' && depth == 0) {
            break;
        }
    }
    return e.substr(0, start) + std::string(value) + e.substr(end);
}

// A rule with one search identifier `sel` holding the given YAML lines (indented by 8).
inline std::string one_selection(std::string_view lines, std::string_view condition = "sel") {
    std::string y =
        "title: Test rule\n"
        "id: 5f0c5b7e-1d2c-4e3f-8a9b-0c1d2e3f4a5b\n"
        "level: high\n"
        "logsource:\n"
        "    product: aws\n"
        "    service: cloudtrail\n"
        "detection:\n"
        "    sel:\n";
    std::size_t pos = 0;
    while (pos < lines.size()) {
        const std::size_t eol = std::min(lines.find('\n', pos), lines.size());
        y += "        " + std::string(lines.substr(pos, eol - pos)) + "\n";
        pos = eol + 1;
    }
    y += "    condition: " + std::string(condition) + "\n";
    return y;
}

// Whether a one-selection rule matches the event; fails the test if the rule does not load.
inline bool hits(std::string_view selection, std::string_view event) {
    Rules r(one_selection(selection));
    EXPECT_EQ(r.set.rules().size(), 1u) << selection << "\n"
                                        << (r.diags.empty() ? "" : r.diags.front().str());
    EventRun run(r.set);
    run.add(std::string(event));
    return !run.alerts().empty();
}

}  // namespace wasp::detect::testing
