#include "data/tabular_columns.h"

#include <gtest/gtest.h>

#include "bprop/errors.h"

namespace bprop::tabular {
namespace {

// An encoding that reads a, b and colour, with the target y.
TabularEncoding abc() {
  TabularEncoding e{.na_values = {"NA"}};
  e.columns = {{.name = "a"}, {.name = "b"}, {.name = "colour", .categories = {"blue", "red"}}};
  e.targets = {"y"};
  return e;
}

Table headed(std::vector<std::string> names) {
  return Table{.header = true, .names = std::move(names), .rows = {}, .lines = {}};
}

std::string error_of(const Table& t, bool read_targets = true) {
  try {
    locate(t, abc(), "p.csv", read_targets);
  } catch (const DataError& e) {
    return e.what();
  }
  return "no error";
}

TEST(TabularColumns, LocateFindsColumnsByNameInAnyOrder) {
  const Sources s = locate(headed({"id", "colour", "y", "b", "a"}), abc(), "p.csv", true);
  EXPECT_EQ(s.features, (std::vector<std::size_t>{4, 3, 1}));
  EXPECT_EQ(s.targets, std::vector<std::size_t>{2});
  // Without a header: by position when the file holds the features only; with the target too,
  // where it is would be a guess (audit 01: the target is not always last), so it is refused.
  const Table features{.header = false, .names = {"0", "1", "2"}, .rows = {}, .lines = {}};
  EXPECT_EQ(locate(features, abc(), "p.csv", true).features, (std::vector<std::size_t>{0, 1, 2}));
  const Table headerless{.header = false, .names = {"0", "1", "2", "3"}, .rows = {}, .lines = {}};
  EXPECT_NE(error_of(headerless).find("p.csv: no header row, so its columns go by position"),
            std::string::npos);
  EXPECT_EQ(error_of(headed({"a", "colour", "y"})), "p.csv: no column(s) b that the model needs");
}

// The first 'b' used to be read silently (a std::map filled with emplace): the numeric reader and
// training refuse two columns of one name, and so does a model's encoding for a column it reads.
TEST(TabularColumns, AColumnTheModelReadsNamedTwiceIsRefused) {
  EXPECT_EQ(error_of(headed({"b", "a", "b", "colour", "y"})),
            "p.csv: the header names column 'b' twice (columns 0 and 2); the model reads its "
            "columns by name and cannot tell which one it was trained on: rename or remove one");
  EXPECT_NE(error_of(headed({"a", "b", "colour", "y", "y"}))
                .find("column 'y' twice (columns 3 "
                      "and 4)"),
            std::string::npos);
  EXPECT_NE(error_of(headed({"colour", "a", "b", "colour", "b", "y"})).find("'b' twice"),
            std::string::npos);  // the model's first column named twice is the one named
  // A repeated name the model does not read is no question: allowed.
  const Sources s = locate(headed({"id", "a", "id", "b", "colour", "y"}), abc(), "p.csv", true);
  EXPECT_EQ(s.features, (std::vector<std::size_t>{1, 3, 4}));
}

// Prediction never reads the target (audit finding 02: rows whose target cell was empty were
// dropped, and an unknown label was an error): no target column is located, even one named twice.
TEST(TabularColumns, TargetsAreLocatedOnlyWhenRead) {
  const Sources s = locate(headed({"id", "colour", "y", "b", "a"}), abc(), "p.csv", false);
  EXPECT_EQ(s.features, (std::vector<std::size_t>{4, 3, 1}));
  EXPECT_TRUE(s.targets.empty());
  EXPECT_EQ(error_of(headed({"a", "b", "colour", "y", "y"}), false), "no error");
  // A headerless file as wide as the training file is refused even when the target is not read:
  // which columns are the features depends on where the target is (audit 01).
  const Table headerless{.header = false, .names = {"0", "1", "2", "3"}, .rows = {}, .lines = {}};
  EXPECT_NE(error_of(headerless, false).find("add the header row"), std::string::npos);
}

}  // namespace
}  // namespace bprop::tabular
