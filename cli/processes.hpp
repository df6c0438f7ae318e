#pragma once
// Starting the engines a sweep runs on (GNU parallel, sbatch): finding them, quoting for a shell,
// spawning with a pipe on their standard output, waiting.
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace rnnbook {

// The program's full path if it is on PATH, else "".
std::string find_on_path(const std::string& name);
// The absolute path of this rnnbook binary (/proc/self/exe), for commands that run it later.
std::filesystem::path self_executable();
// s as one sh word: as it is when it holds only safe characters (letters, digits, _/.,:=+-@%), else
// in single quotes ('it'"'"'s' style); safe for any bytes but NUL.
std::string shell_quote(const std::string& s);

struct Child {
  pid_t pid = -1;
  int out = -1;  // read end of the child's standard output
};
// Starts argv[0] (looked up on PATH) with its standard output on a pipe; throws std::runtime_error.
Child spawn_reading(const std::vector<std::string>& argv);
// Waits for the child; returns its exit code, or 128 + the signal that ended it.
int wait_child(pid_t pid);

}  // namespace rnnbook
