#include "bprop/report/json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "bprop/report/json_value.h"

namespace bprop {
namespace {

TEST(JsonWriter, PlacesCommasAndColons) {
  JsonWriter w;
  w.begin_object().field("epoch", 3).field("loss", 0.25).key("sizes").begin_array();
  w.value(2).value(4).begin_object().end_object().begin_array().end_array().end_array();
  w.field("ok", true).key("none").null().end_object();
  EXPECT_EQ(w.str(), R"({"epoch":3,"loss":0.25,"sizes":[2,4,{},[]],"ok":true,"none":null})");
  EXPECT_TRUE(w.complete());
}

TEST(JsonWriter, EscapesStrings) {
  EXPECT_EQ(json_quote("a\"b\\c\n\t\x01 é"), "\"a\\\"b\\\\c\\n\\t\\u0001 é\"");
  EXPECT_EQ(parse_json(json_quote("a\"b\\c\n\t\x01\x1f é")).as_string(), "a\"b\\c\n\t\x01\x1f é");
}

TEST(JsonWriter, NumbersRoundTripExactly) {
  const double doubles[] = {0.1, 1.0 / 3.0, -2.5e-300, 1e300, 123456789012345678.0, 0.0, -0.0};
  for (double d : doubles) {
    EXPECT_EQ(std::stod(json_number(d)), d) << json_number(d);
    EXPECT_EQ(parse_json(json_number(d)).as_number(), d);
  }
  const float f = 0.1f;
  EXPECT_EQ(json_number(f), "0.1");  // the shortest text for the float, not 0.100000001...
  EXPECT_EQ(std::stof(json_number(f)), f);
  JsonWriter w;
  w.value(static_cast<int64_t>(-9007199254740993LL));
  EXPECT_EQ(w.str(), "-9007199254740993");
}

TEST(JsonWriter, NonFiniteNumbersAreNull) {
  JsonWriter w;
  w.begin_array().value(std::nan("")).value(std::numeric_limits<double>::infinity());
  w.value(-std::numeric_limits<float>::infinity()).end_array();
  EXPECT_EQ(w.str(), "[null,null,null]");
  EXPECT_TRUE(std::isnan(parse_json(w.str()).as_array()[0].as_number()));
}

TEST(JsonWriter, RejectsMisuse) {
  JsonWriter w;
  w.begin_object();
  EXPECT_THROW(w.value(1), std::logic_error);  // a value without a key
  EXPECT_THROW(w.end_array(), std::logic_error);
  w.key("a");
  EXPECT_THROW(w.key("b"), std::logic_error);
  EXPECT_THROW(w.end_object(), std::logic_error);  // the key has no value yet
  w.value(1).end_object();
  EXPECT_THROW(w.value(2), std::logic_error);  // a second document
  w.clear();
  w.value(2);
  EXPECT_EQ(w.str(), "2");
  JsonWriter open;
  open.begin_array();
  EXPECT_FALSE(open.complete());
}

TEST(JsonParse, ReadsWhatTheWriterWrites) {
  JsonWriter w;
  w.begin_object().field("name", "xor").key("v").array(std::vector<double>{1.5, -2});
  w.key("nested").begin_object().field("t", false).end_object().end_object();
  const JsonValue v = parse_json(w.str());
  EXPECT_EQ(v.at("name").as_string(), "xor");
  EXPECT_EQ(v.at("v").as_array().at(1).as_number(), -2);
  EXPECT_FALSE(v.at("nested").at("t").as_bool());
  EXPECT_EQ(v.find("absent"), nullptr);
  EXPECT_EQ(v.number_or("absent", 7), 7);
  EXPECT_THROW(v.at("absent"), JsonError);
  EXPECT_THROW(v.at("name").as_number(), JsonError);
}

TEST(JsonParse, DecodesUnicodeEscapes) {
  EXPECT_EQ(parse_json(R"("\u00e9\u20ac\ud83d\ude00\/")").as_string(),
            "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80/");
}

TEST(JsonParse, ErrorsNameTheOffset) {
  const char* bad[] = {"",      "{", "[1,]",    "{\"a\" 1}",  "\"abc", "01x",     "tru",
                       "[1] 2", "-", "\"\\x\"", "{\"a\":1,}", "1.",    "\"\x01\""};
  for (const char* text : bad) EXPECT_THROW(parse_json(text), JsonError) << text;
  try {
    parse_json("[1, 2, ?]");
    FAIL();
  } catch (const JsonError& e) {
    EXPECT_EQ(e.offset(), 7u);
    EXPECT_NE(std::string(e.what()).find("offset 7"), std::string::npos);
  }
  EXPECT_THROW(parse_json(std::string(1000, '[')), JsonError);  // too deep, not a stack overflow
}

}  // namespace
}  // namespace bprop
