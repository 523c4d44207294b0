#!/bin/sh
# The tracker protocols are served by a real BitTorrent tracker: Debian's opentracker (UDP BEP 15,
# HTTP announce and scrape), with the C libraries it links against. The outside prober is judged by it.
set -eu
"$(dirname "$0")/../copy-program.sh" "$1" opentracker /usr/bin/opentracker opentracker
