#!/usr/bin/env bash
# The C library as a packager and its users meet it: `make install` into a temporary prefix
# (with a multiarch LIBDIR), then a C program built against that prefix alone, from a directory
# outside the repository, in every way a C project links a library:
#
#   pkg-config   shared, and static (-Wl,-Bstatic $(pkg-config --libs --static osimages))
#   CMake        find_package(osimages 0.3) with osimages::osimages, shared and static
#                (osimages_USE_STATIC_LIBS); pkg_check_modules(... IMPORTED_TARGET)
#   plain        -losimages, shared and static
#
# Each program must print what ffi-examples/expected/agent.out holds, and be linked the way it
# asked (NEEDED libosimages.so.X for shared, no libosimages at all for static). Then a DESTDIR
# staging install, and `make uninstall` leaving nothing behind. Needs cc, cmake, pkg-config.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
libdir=$prefix/lib/x86_64-linux-gnu
make --no-print-directory -s install PREFIX="$prefix" LIBDIR="$libdir" >/dev/null

soname=$(readelf -d "$libdir/libosimages.so" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
case $soname in
  libosimages.so.[0-9]*) ;;
  *) echo "install: libosimages.so has no versioned SONAME ('$soname')" >&2; exit 1 ;;
esac
[ -L "$libdir/$soname" ] && [ -L "$libdir/libosimages.so" ] || {
  echo "install: the $soname and libosimages.so symlinks are missing" >&2
  exit 1
}

# The consumer: the agent example and the data it includes, copied out of the repository.
app=$work/app
mkdir -p "$app"
cp ffi-examples/agent.c ffi-examples/seed.h "$app/"
expected=$root/ffi-examples/expected/agent.out

# check NAME BINARY shared|static: the program runs, prints the expected output, and links the
# library the way it asked.
check() {
  local name=$1 bin=$2 how=$3 needed
  needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\].*/\1/p')
  case $how in
    shared) grep -qx "$soname" <<<"$needed" || {
      echo "install: $name: NEEDED is not $soname: $(tr '\n' ' ' <<<"$needed")" >&2
      return 1
    } ;;
    static) if grep -q osimages <<<"$needed"; then
      echo "install: $name: linked against the shared library" >&2
      return 1
    fi ;;
  esac
  (cd "$work" && "$bin") | cmp - "$expected"
  echo "install: $name ($how) builds against the installed library and runs"
}

cflags=(-std=c99 -Wall -Wextra -Werror -pedantic -O2)
export PKG_CONFIG_PATH=$libdir/pkgconfig

# pkg-config
# shellcheck disable=SC2046 # pkg-config's output is a list of flags
cc "${cflags[@]}" -o "$app/pc-shared" "$app/agent.c" $(pkg-config --cflags --libs osimages) \
  -Wl,-rpath,"$libdir"
check pkg-config "$app/pc-shared" shared
# shellcheck disable=SC2046
cc "${cflags[@]}" -o "$app/pc-static" "$app/agent.c" $(pkg-config --cflags osimages) \
  -Wl,-Bstatic $(pkg-config --libs --static osimages) -Wl,-Bdynamic
check pkg-config "$app/pc-static" static

# plain -losimages
cc "${cflags[@]}" -I"$prefix/include" -o "$app/plain-shared" "$app/agent.c" -L"$libdir" \
  -losimages -Wl,-rpath,"$libdir"
check plain "$app/plain-shared" shared
cc "${cflags[@]}" -I"$prefix/include" -o "$app/plain-static" "$app/agent.c" -L"$libdir" \
  -Wl,-Bstatic -losimages -Wl,-Bdynamic
check plain "$app/plain-static" static

# CMake: find_package, shared and static, and pkg-config's imported target.
cat >"$app/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.16)
project(consumer C)
find_package(osimages 0.3 REQUIRED)
add_executable(agent agent.c)
set_target_properties(agent PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_compile_options(agent PRIVATE -Wall -Wextra -Werror -pedantic)
target_link_libraries(agent PRIVATE osimages::osimages)

find_package(PkgConfig REQUIRED)
pkg_check_modules(OSIMAGES_PC REQUIRED IMPORTED_TARGET osimages)
add_executable(agent_pc agent.c)
target_link_libraries(agent_pc PRIVATE PkgConfig::OSIMAGES_PC)

# A version the install does not provide is not found.
find_package(osimages 0.99 QUIET)
if(osimages_FOUND)
    message(FATAL_ERROR "find_package(osimages 0.99) accepted version ${osimages_VERSION}")
endif()
EOF
cmake_build() { # cmake_build DIR ARGS...
  local dir=$1
  shift
  cmake -S "$app" -B "$dir" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_BUILD_RPATH="$libdir" "$@" >"$dir.log" 2>&1 &&
    cmake --build "$dir" >>"$dir.log" 2>&1 || {
    cat "$dir.log" >&2
    return 1
  }
}
cmake_build "$work/cmake-shared"
check "CMake find_package" "$work/cmake-shared/agent" shared
check "CMake pkg_check_modules IMPORTED_TARGET" "$work/cmake-shared/agent_pc" shared
cmake_build "$work/cmake-static" -Dosimages_USE_STATIC_LIBS=ON
check "CMake find_package" "$work/cmake-static/agent" static

# A staged install for a distribution package: everything under DESTDIR, nothing under PREFIX;
# then uninstall removes every file it put there.
stage=$work/stage
make --no-print-directory -s install DESTDIR="$stage" PREFIX=/usr \
  LIBDIR=/usr/lib/x86_64-linux-gnu >/dev/null
grep -q '^libdir=${prefix}/lib/x86_64-linux-gnu$' "$stage/usr/lib/x86_64-linux-gnu/pkgconfig/osimages.pc" || {
  echo "install: osimages.pc under DESTDIR does not name the final libdir" >&2
  exit 1
}
for dest in "$stage:/usr:/usr/lib/x86_64-linux-gnu" ":$prefix:$libdir"; do
  IFS=: read -r d p l <<<"$dest"
  make --no-print-directory -s uninstall DESTDIR="$d" PREFIX="$p" LIBDIR="$l" >/dev/null
  left=$(find "${d:-$prefix}" -type f -o -type l)
  if [ -n "$left" ]; then
    echo "install: uninstall left files behind:" >&2
    echo "$left" >&2
    exit 1
  fi
done
echo "install: DESTDIR staging and uninstall leave nothing behind"
