// In wasm, operator new returns 16-byte aligned memory, as glibc's malloc does natively (Emscripten's
// malloc aligns to 8). Eigen's vectorised reductions start at the first 16-byte aligned entry, so over
// a std::vector's data their summation order, and so their last bit, depends on that alignment
// (README.md, "Determinism"). Natively this file is empty.
#if defined(__EMSCRIPTEN__)
#include <stdlib.h>  // ::aligned_alloc (libc++ 14 has no std::aligned_alloc for this target)
#include <new>

namespace {
void* allocate_aligned(std::size_t size) {
  // aligned_alloc wants a multiple of the alignment; 0 bytes still gets a unique pointer.
  void* p = ::aligned_alloc(16, size == 0 ? 16 : (size + 15) & ~std::size_t(15));
  if (!p) throw std::bad_alloc();
  return p;
}
}  // namespace

void* operator new(std::size_t size) { return allocate_aligned(size); }
void* operator new[](std::size_t size) { return allocate_aligned(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return allocate_aligned(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return operator new(size, std::nothrow); }
void operator delete(void* p) noexcept { ::free(p); }
void operator delete[](void* p) noexcept { ::free(p); }
void operator delete(void* p, std::size_t) noexcept { ::free(p); }
void operator delete[](void* p, std::size_t) noexcept { ::free(p); }
#endif
