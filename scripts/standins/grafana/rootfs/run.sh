#!/bin/sh
# Stand-in for grafana/grafana: the admin user and password (GF_SECURITY_ADMIN_USER/PASSWORD, or their
# __FILE variants) are applied only when the database is created; later changes change nothing.
# Serves /api/health, and /api/user for a Basic login against the database.
DB=/var/lib/grafana/grafana.db
value_of() { eval "file=\${$1__FILE:-}; value=\${$1:-}"; if [ -n "$file" ]; then value=$(cat "$file") || exit 1; fi; printf %s "$value"; }
if [ ! -f "$DB" ]; then
  user=$(value_of GF_SECURITY_ADMIN_USER) || { echo "cannot read the admin user file" >&2; exit 1; }
  password=$(value_of GF_SECURITY_ADMIN_PASSWORD) || { echo "cannot read the admin password file" >&2; exit 1; }
  printf '%s\n%s\n' "$(printf %s "${user:-admin}" | base64 -w0)" "$(printf %s "${password:-admin}" | base64 -w0)" > "$DB" \
    || { echo "Grafana's database cannot be created in /var/lib/grafana" >&2; exit 1; }
  chmod 0640 "$DB"
  echo "Created the admin user (stand-in)"
fi
exec nc -ll -p 3000 -e /usr/bin/grafana-http
