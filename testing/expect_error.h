// expect_error<E>(fn, {"data.csv:3:7", "expected a number"}): runs fn, requires it to throw E
// (not a base or sibling type), and requires every fragment to appear in the message.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

namespace bprop::testing {

template <typename E, typename F>
void expect_error(F&& fn, std::initializer_list<std::string> fragments) {
  try {
    fn();
    ADD_FAILURE() << "expected an exception, none was thrown";
  } catch (const E& e) {
    const std::string what = e.what();
    for (const auto& fragment : fragments) {
      EXPECT_NE(what.find(fragment), std::string::npos)
          << "message lacks '" << fragment << "': " << what;
    }
  } catch (const std::exception& e) {
    ADD_FAILURE() << "wrong exception type: " << e.what();
  }
}

}  // namespace bprop::testing
