# Finds Debian's header-only Eigen3, xtensor, nlohmann_json and Catch2 natively and under Emscripten.
if(EMSCRIPTEN)
  set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)              # the toolchain searches only its sysroot
  file(GLOB _multiarch_cmake_dirs LIST_DIRECTORIES true /usr/lib/*-linux-gnu/cmake)
  list(APPEND CMAKE_PREFIX_PATH ${_multiarch_cmake_dirs} /usr/share/cmake /usr/lib/cmake)
endif()

find_package(Eigen3 3.4 REQUIRED CONFIG)
find_package(xtensor 0.24 REQUIRED CONFIG)
find_package(nlohmann_json 3 REQUIRED CONFIG)
find_package(Catch2 2 CONFIG)

if(EMSCRIPTEN)
  # Those targets carry INTERFACE_INCLUDE_DIRECTORIES=/usr/include, which would put glibc's headers
  # ahead of emscripten's libc. Point them at a directory holding only the libraries' own folders.
  set(_stage "${CMAKE_BINARY_DIR}/_host_headers")
  file(MAKE_DIRECTORY "${_stage}")
  foreach(_d xtensor xtl xsimd catch2 nlohmann)
    if(EXISTS "/usr/include/${_d}" AND NOT EXISTS "${_stage}/${_d}")
      file(CREATE_LINK "/usr/include/${_d}" "${_stage}/${_d}" SYMBOLIC)
    endif()
  endforeach()
  foreach(_t xtensor xtl Catch2::Catch2 nlohmann_json::nlohmann_json)
    if(TARGET ${_t})
      set_target_properties(${_t} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_stage}")
    endif()
  endforeach()
endif()
