#!/bin/sh
# Stand-in for torrust/tracker-backup (deployer docker/backup/backup.sh), run as uid 1000 like the
# real image: sources /etc/backup/backup.conf, dumps the database, archives the paths listed in
# BACKUP_PATHS_FILE and removes backups older than the retention; any failure exits 1 at once, before
# the cleanup, as the real script does.
set -e
log() { echo "[$(date +'%Y-%m-%d %H:%M:%S')] $*" >&2; }
fail() { log "ERROR: $*"; exit 1; }
CONFIG_FILE=${CONFIG_FILE:-/etc/backup/backup.conf}
[ -f "$CONFIG_FILE" ] || fail "Configuration file not found: $CONFIG_FILE"
[ -r "$CONFIG_FILE" ] || fail "Configuration file not readable: $CONFIG_FILE"
. "$CONFIG_FILE"
BACKUP_RETENTION_DAYS=${BACKUP_RETENTION_DAYS:-7}
DB_TYPE=${DB_TYPE:-none}
stamp=$(date +%Y%m%d_%H%M%S)

case "$DB_TYPE" in
  mysql)
    for v in DB_HOST DB_PORT DB_USER DB_PASSWORD DB_NAME; do eval "[ -n \"\${$v:-}\" ]" || fail "MySQL backup enabled but missing required variables: $v"; done
    mkdir -p /backups/mysql
    out=/backups/mysql/mysql_$stamp.sql.gz
    dump=$(printf 'LOGIN %s %s\nDUMP %s\n' "$(printf '%s' "$DB_USER" | base64 -w0)" "$(printf '%s' "$DB_PASSWORD" | base64 -w0)" "$DB_NAME" \
      | nc -w 10 "$DB_HOST" "$DB_PORT" 2>/dev/null) || true
    case "$dump" in OK*"-- MySQL dump"*) printf '%s\n' "${dump#OK}" | gzip > "$out" ;; *) rm -f "$out"; fail "MySQL backup failed: ${dump:-no answer}" ;; esac
    log "MySQL backup completed: $out" ;;
  sqlite)
    [ -n "${DB_PATH:-}" ] || fail "SQLite backup enabled but DB_PATH not set"
    [ -f "$DB_PATH" ] || fail "SQLite database file not found: $DB_PATH"
    mkdir -p /backups/sqlite
    out=/backups/sqlite/sqlite_$stamp.db
    cp "$DB_PATH" "$out" && gzip "$out" || { rm -f "$out" "$out.gz"; fail "SQLite backup failed"; }
    log "SQLite backup completed: $out.gz" ;;
  none) log "Database backup disabled (DB_TYPE=none)" ;;
  *) fail "Unknown database type: $DB_TYPE" ;;
esac

if [ -n "${BACKUP_PATHS_FILE:-}" ]; then
  [ -f "$BACKUP_PATHS_FILE" ] || fail "Backup paths file not found: $BACKUP_PATHS_FILE"
  set --
  while IFS= read -r line; do
    case "$line" in ''|'#'*) continue ;; esac
    if [ -e "$line" ]; then set -- "$@" "${line#/}"; else log "Warning: Path not found, skipping: $line"; fi
  done < "$BACKUP_PATHS_FILE"
  if [ $# -gt 0 ]; then
    mkdir -p /backups/config
    out=/backups/config/config_$stamp.tar.gz
    tar -czf "$out" -C / "$@" || { rm -f "$out"; fail "Config backup failed"; }
    log "Config backup completed: $out ($# paths)"
  fi
fi

log "Cleaning up backups older than $BACKUP_RETENTION_DAYS days"
for d in /backups/mysql /backups/sqlite /backups/config; do
  [ -d "$d" ] && find "$d" -type f -mtime +"$BACKUP_RETENTION_DAYS" -exec rm -f {} \;
done
log "Backup complete"
