#!/bin/sh
# The real Prometheus (Debian's package) with the C library it links against, laid out as the
# prom/prometheus image has it: /bin/prometheus, /prometheus owned by nobody (65534).
set -eu
root=$1
binary=$(command -v prometheus || echo /usr/bin/prometheus)
[ -x "$binary" ] || { echo "prometheus is not installed (apt-get install prometheus)" >&2; exit 1; }
cp "$binary" "$root/bin/prometheus"
for lib in $(ldd "$binary" | grep -o '/[^ ]*'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
mkdir -p "$root/prometheus" "$root/etc/prometheus"
chown 65534:65534 "$root/prometheus"
