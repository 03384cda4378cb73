// The text of data/hardware.json, compiled into the library (shipped_hardware.cc.in).
//
// Private to src/config/: LoadShippedHardwareTable (hardware.h) parses it.
#ifndef LLMCOST_SRC_CONFIG_SHIPPED_HARDWARE_H_
#define LLMCOST_SRC_CONFIG_SHIPPED_HARDWARE_H_

#include <string_view>

namespace llmcost::config {

// The shipped table as it was when the library was built, and the name its messages use.
std::string_view ShippedHardwareJson();
inline constexpr std::string_view kShippedHardwareOrigin = "data/hardware.json";

}  // namespace llmcost::config

#endif  // LLMCOST_SRC_CONFIG_SHIPPED_HARDWARE_H_
