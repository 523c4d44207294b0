#!/bin/sh
# Stand-in for torrust/tracker's entry script (share/container/entry_script_sh), from what it does:
# it refuses an unset or unknown driver variable, takes every mount for USER_ID at every start
# (chown -R, chmod -R 2770), installs default files only where none exist, then runs the tracker
# as USER_ID.
to_lc() { echo "$1" | tr '[:upper:]' '[:lower:]'; }
clean() { echo "$1" | tr -d -c 'a-zA-Z0-9-'; }

if [ -z "${USER_ID:-}" ] || [ "$USER_ID" -lt 1000 ]; then
  echo "ERROR: USER_ID is not set, or less than 1000"
  exit 1
fi

# The real script runs adduser (this busybox has none): user torrust with uid USER_ID, once.
grep -q "^torrust:" /etc/passwd || echo "torrust:x:$USER_ID:$USER_ID::/home/torrust:/bin/sh" >> /etc/passwd
grep -q "^torrust:" /etc/group || echo "torrust:x:$USER_ID:" >> /etc/group

mkdir -p /var/lib/torrust/tracker/database/ /etc/torrust/tracker/ /var/log/torrust
chown -R "$USER_ID:$USER_ID" /var/lib/torrust /var/log/torrust /etc/torrust
chmod -R 2770 /var/lib/torrust /var/log/torrust /etc/torrust

driver="${TORRUST_TRACKER_CONFIG_OVERRIDE_CORE__DATABASE__DRIVER:-}"
if [ -z "$driver" ]; then
  echo "Error: \"\$TORRUST_TRACKER_CONFIG_OVERRIDE_CORE__DATABASE__DRIVER\" was not set!"
  exit 1
fi
case "$(to_lc "$(clean "$driver")")" in
  sqlite3)
    default_database=/usr/share/torrust/default/database/tracker.sqlite3.db
    default_config=/usr/share/torrust/default/config/tracker.container.sqlite3.toml ;;
  mysql)
    default_database=
    default_config=/usr/share/torrust/default/config/tracker.container.mysql.toml ;;
  *)
    echo "Error: Unsupported Database Type: \"$driver\"."
    echo "Please Note: Supported Database Types: \"sqlite3\", \"mysql\"."
    exit 1 ;;
esac

inst() { # installs a default file only when none exists, as the real script does
  if [ -n "$1" ] && [ -e "$1" ] && [ ! -e "$2" ]; then
    install -D -m 0640 -o "$USER_ID" -g "$USER_ID" "$1" "$2" 2>/dev/null || { mkdir -p "${2%/*}"; cp "$1" "$2"; chown "$USER_ID:$USER_ID" "$2"; chmod 0640 "$2"; }
  fi
}
inst "$default_config" /etc/torrust/tracker/tracker.toml
inst "$default_database" /var/lib/torrust/tracker/database/sqlite3.db

# The real script switches with su-exec; busybox's start-stop-daemon does the same (no fork, env kept).
program=$1; shift
case "$program" in /*) ;; *) program=$(command -v "$program") ;; esac
exec start-stop-daemon -S -c "$USER_ID:$USER_ID" -x "$program" -- "$@"
