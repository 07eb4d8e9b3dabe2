// The confusion matrix: rows are true classes, columns predicted ones; each cell's shade is the
// fraction of its row (so a rare class's errors are as visible as a common one's), its text the
// count.
#include <algorithm>
#include <numeric>

#include "figures.h"

namespace bprop::figures {

std::string confusion_matrix(const FinalSummary& f) {
  if (!f.confusion) return "";
  const Confusion& c = *f.confusion;
  const int n = static_cast<int>(c.class_names.size());
  if (n == 0 || c.counts.size() != static_cast<std::size_t>(n) * n) return "";
  const double cell = std::clamp(380.0 / n, 14.0, 64.0);
  std::size_t longest = 1;
  for (const std::string& name : c.class_names) longest = std::max(longest, name.size());
  const double left = 60 + std::min<double>(longest, 16) * 7, top = 78;
  std::string body;
  int64_t correct = 0, total = 0;
  for (int t = 0; t < n; ++t) {
    const int64_t* row = &c.counts[static_cast<std::size_t>(t) * n];
    const int64_t row_total = std::accumulate(row, row + n, int64_t{0});
    correct += row[t];
    total += row_total;
    for (int p = 0; p < n; ++p) {
      const double share = row_total > 0 ? static_cast<double>(row[p]) / row_total : 0.0;
      const svg::Rgb fill =
          svg::mix(svg::kWhite, t == p ? svg::kPositive : svg::kNegative, 0.9 * share);
      const double x = left + p * cell, y = top + t * cell;
      body += "<rect class=\"confusion-cell\" x=\"" + svg::px(x) + "\" y=\"" + svg::px(y) +
              "\" width=\"" + svg::px(cell) + "\" height=\"" + svg::px(cell) + "\" fill=\"" +
              svg::hex(fill) + "\" stroke=\"#d1d5db\"><title>true " +
              svg::escape(c.class_names[t]) + ", predicted " + svg::escape(c.class_names[p]) +
              ": " + std::to_string(row[p]) + "</title></rect>";
      if (cell >= 24) {
        body += "<text class=\"legend\" x=\"" + svg::px(x + cell / 2) + "\" y=\"" +
                svg::px(y + cell / 2 + 4) + "\" text-anchor=\"middle\"" +
                (share > 0.55 ? " style=\"fill:#fff\"" : "") + ">" + std::to_string(row[p]) +
                "</text>";
      }
    }
    if (cell >= 14) {
      body += "<text class=\"tick-label\" x=\"" + svg::px(left - 6) + "\" y=\"" +
              svg::px(top + (t + 0.5) * cell + 4) + "\" text-anchor=\"end\">" +
              svg::escape(c.class_names[t]) + "</text>";
      body += "<text class=\"tick-label\" x=\"" + svg::px(left + (t + 0.5) * cell) + "\" y=\"" +
              svg::px(top - 6) + "\" text-anchor=\"middle\">" + svg::escape(c.class_names[t]) +
              "</text>";
    }
  }
  const double side = n * cell;
  body += "<text class=\"axis-title\" x=\"" + svg::px(left + side / 2) + "\" y=\"" +
          svg::px(top - 26) + "\" text-anchor=\"middle\">predicted class</text>";
  const std::string cy = svg::px(top + side / 2);
  body += "<text class=\"axis-title\" x=\"18\" y=\"" + cy +
          "\" text-anchor=\"middle\" transform=\"rotate(-90 18 " + cy + ")\">true class</text>";
  const std::string note = std::to_string(correct) + " of " + std::to_string(total) + " correct (" +
                           svg::num(total > 0 ? 100.0 * correct / total : 0, 4) + "%) on the " +
                           c.on + " data";
  body += "<text class=\"note\" x=\"" + svg::px(left) + "\" y=\"" + svg::px(top + side + 22) +
          "\">" + svg::escape(note) + "</text>";
  // The note must fit even when the matrix is narrow (2 or 3 classes): ~7 px per character.
  const double note_width = 7.0 * static_cast<double>(note.size());
  return svg::document(static_cast<int>(std::max({left + side + 30, left + note_width, 320.0})),
                       static_cast<int>(top + side + 40), "confusion",
                       "Confusion matrix (" + c.on + " data)", body);
}

}  // namespace bprop::figures
