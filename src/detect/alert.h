// What a detection reports: an alert with its evidence events. Sigma rules, built-in detections
// and anomaly models all produce these; the CLI turns them into the review's findings.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/severity.h"

namespace wasp::detect {

// One event cited as evidence, copied out of the log so it outlives the reading buffers.
struct EventRef {
    std::string event_id;
    std::string event_time;  // as written in the log
    std::string event_name;
    std::string event_source;
    std::string principal;  // detect::principal()
    std::string source_ip;
    std::string region;
    std::string account;  // recipientAccountId
    std::string user_agent;
    std::string error_code;
    std::string file;
    std::uint64_t index = 0;  // Event::index
    bool json_lines = false;
    std::int64_t time_ms = 0;
};

inline constexpr std::size_t kMaxSampleEvents = 10;

struct Alert {
    std::string rule_id;  // Sigma id, a wasp id (WASP-DET-..., WASP-ANOM-...)
    std::string title;
    core::Severity severity = core::Severity::kMedium;
    std::string principal;  // whom it is about, when it is about one
    std::string account;
    std::string message;  // the evidence, for people: what matched or what was new
    std::int64_t first_ms = 0, last_ms = 0;
    std::uint64_t count = 0;       // events behind the alert
    std::vector<EventRef> events;  // at most kMaxSampleEvents, earliest first
};

}  // namespace wasp::detect
