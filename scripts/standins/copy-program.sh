#!/bin/sh
# Copies a real program from this machine into a stand-in's tree, with the C libraries it links
# against, so it runs in the busybox-based image: copy-program.sh ROOT PROGRAM DESTINATION PACKAGE
set -eu
root=$1 program=$2 destination=$3 package=$4
binary=$(command -v "$program" || echo "/usr/bin/$program")
[ -x "$binary" ] || { echo "$program is not installed (apt-get install $package)" >&2; exit 1; }
mkdir -p "$root$(dirname "$destination")"
cp "$binary" "$root$destination"
for lib in $(ldd "$binary" | grep -o '/[^ ]*'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
