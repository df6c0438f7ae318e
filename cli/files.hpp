#pragma once
// Whole-file reads and writes for the CLI.
#include <filesystem>
#include <string>

namespace rnnbook {

// Throws rnnbook::Error "<what>: cannot read '<path>'" when the file cannot be opened.
std::string read_file(const std::filesystem::path& path, const std::string& what);
// Throws std::runtime_error when the file cannot be written.
void write_file(const std::filesystem::path& path, const std::string& bytes);
// Writes to "<path>.tmp" in the same directory, then renames it over path: a reader, or a run
// killed halfway, never sees half a file (a sweep trusts result.json this way).
void write_file_atomic(const std::filesystem::path& path, const std::string& bytes);

}  // namespace rnnbook
