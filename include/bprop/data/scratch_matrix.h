// A matrix too large for memory, written once into an unlinked temporary file and then mapped
// read-only: what training from a mapped binary data file uses for its scaled inputs, so the
// scaled copy lives in the page cache (reclaimable, written back to disk) instead of in memory.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "bprop/matrix.h"

namespace bprop {

// Fills a rows x cols matrix block by block: fill(first_row, block) must write block.rows()
// rows starting at first_row. The file is created in `folder` (so on the data's disk, not in a
// memory-backed /tmp) and unlinked at once: nothing is left behind, whatever happens. Written
// pages are flushed and dropped from the cache as it goes, so memory stays bounded by a block.
// Returns a view of the mapping, which `keep_alive` then owns. Throws IoError naming the folder.
Matrix scratch_matrix(const std::string& folder, int rows, int cols,
                      const std::function<void(int first_row, Matrix& block)>& fill,
                      std::shared_ptr<const void>& keep_alive);

}  // namespace bprop
