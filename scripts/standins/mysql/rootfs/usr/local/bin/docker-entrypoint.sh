#!/bin/sh
# Stand-in for the official MySQL image's entrypoint: MYSQL_ROOT_PASSWORD(_FILE), MYSQL_USER,
# MYSQL_PASSWORD(_FILE) and MYSQL_DATABASE are applied only when the data directory is empty; later
# changes to them change nothing. Then the "server" runs as mysql (999).
DATADIR=/var/lib/mysql
file_env() { # VAR: the value of VAR, or of the file VAR_FILE names
  eval "value=\${$1:-}; file=\${$1_FILE:-}"
  if [ -n "$file" ]; then value=$(cat "$file") || { echo "error: cannot read $file" >&2; exit 1; }; fi
  printf '%s' "$value"
}
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
mkdir -p "$DATADIR"
if [ -z "$(ls -A "$DATADIR")" ]; then
  root_password=$(file_env MYSQL_ROOT_PASSWORD) || exit 1
  if [ -z "$root_password" ]; then
    echo "error: database is uninitialized and password option is not specified" >&2
    echo "  You need to specify one of the following as an environment variable:" >&2
    echo "  - MYSQL_ROOT_PASSWORD" >&2
    exit 1
  fi
  mkdir -p "$DATADIR/mysql"
  printf '%s' "$root_password" > "$DATADIR/mysql/user.$(hex root)"
  if [ -n "${MYSQL_USER:-}" ]; then
    printf '%s' "$(file_env MYSQL_PASSWORD)" > "$DATADIR/mysql/user.$(hex "$MYSQL_USER")"
  fi
  [ -z "${MYSQL_DATABASE:-}" ] || mkdir -p "$DATADIR/$MYSQL_DATABASE"
  echo "MySQL init process done. Ready for start up."
else
  echo "Database directory appears to contain a database; Skipping initialization"
fi
chown -R 999:999 "$DATADIR"
chmod 0750 "$DATADIR"
chmod 0600 "$DATADIR"/mysql/user.*
exec start-stop-daemon -S -c 999:999 -x /bin/nc -- -ll -p 3306 -e /usr/bin/mysql-server
