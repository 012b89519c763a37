#pragma once
// A std::vector whose resize() leaves new elements default-initialised (for numbers: not
// written). For the solver's big arrays that are written in full before they are read, the zero
// fill of an ordinary resize or assign is a wasted pass over memory (the set-up of a real-package
// solve zero-filled ~25 MB that it overwrote at once).
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace strata::thermal {

template <class T> struct DefaultInitAllocator : std::allocator<T> {
    template <class U> struct rebind { using other = DefaultInitAllocator<U>; };
    DefaultInitAllocator() = default;
    template <class U> explicit DefaultInitAllocator(const DefaultInitAllocator<U>& /*other*/) {}

    template <class U> void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
        ::new (static_cast<void*>(p)) U; // default-initialisation: no value written
    }
    template <class U, class... Args> void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};

template <class T> using UninitialisedVector = std::vector<T, DefaultInitAllocator<T>>;

} // namespace strata::thermal
