#!/bin/sh
# The tracker protocols are served by a real BitTorrent tracker: Debian's opentracker (UDP BEP 15,
# HTTP announce and scrape), with the C libraries it links against. The outside prober is judged by it.
set -eu
"$(dirname "$0")/../copy-program.sh" "$1" opentracker /usr/bin/opentracker opentracker
# socat carries the IPv6 addresses (udp6-tracker and the HTTP health answer): one process per datagram
# or connection, with the client's address in SOCAT_PEERADDR.
"$(dirname "$0")/../copy-program.sh" "$1" socat /bin/socat socat
