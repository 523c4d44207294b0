#!/bin/sh
# The real Prometheus (Debian's package) with the C library it links against, laid out as the
# prom/prometheus image has it: /bin/prometheus, /prometheus owned by nobody (65534).
set -eu
root=$1
"$(dirname "$0")/../copy-program.sh" "$root" prometheus /bin/prometheus prometheus
mkdir -p "$root/prometheus" "$root/etc/prometheus"
chown 65534:65534 "$root/prometheus"
