#pragma once
// libsndfile's last error as one line: on Windows its system errors come from
// FormatMessage and end in "\r\n", which would break the tool's one-line errors.
#include <sndfile.h>

#include <string>

namespace plinth::tool {

inline std::string sndfile_error(SNDFILE* file) {
  std::string text = sf_strerror(file);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace plinth::tool
