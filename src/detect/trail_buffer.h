// Reading CloudTrail from one buffer in memory: the single-input entry point of the reader, for
// tests, fuzzing and callers that already hold the bytes.
#pragma once

#include <string_view>

#include "detect/trail.h"

namespace wasp::detect {

// Reads bytes (gzip or plain; a "Records" log file, a bare array or JSON lines) on the calling
// thread, as read_trail reads one file: events go to consumer, problems to diags with name as
// their file. options.threads and options.progress are not used.
[[nodiscard]] ReadStats read_trail_buffer(std::string_view bytes,
                                          std::string_view name,
                                          EventConsumer& consumer,
                                          core::Diagnostics& diags,
                                          const ReadOptions& options = {});

}  // namespace wasp::detect
