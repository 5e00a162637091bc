#!/usr/bin/env bash
# Issue 7: several workers against one PostgreSQL database rescore every lead with no lead scored
# twice for one rule version. Starts a throw-away PostgreSQL cluster (Debian's binaries, fsync off:
# it lives for this run only), builds Release and runs the workers benchmark against it: LEADS leads
# seeded by COPY, one worker under rules v1 (the baseline), then WORKERS workers at once under v2.
# The cluster is stopped and deleted on exit, however the run ends.
# usage: [LEADS=1000000] [WORKERS=2] tools/faults/pg-workers.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
leads=${LEADS:-1000000}
workers=${WORKERS:-2}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install -y postgresql)" >&2
  exit 2
fi

# initdb and postgres refuse to run as root: as root, run them as Debian's postgres user.
as_server=()
if [ "$(id -u)" -eq 0 ]; then
  id -u postgres >/dev/null 2>&1 || { echo "running as root and there is no postgres OS user to run the server as" >&2; exit 2; }
  as_server=(runuser -u postgres --)
fi

work=$(mktemp -d /tmp/rulescoring-pg-workers-XXXXXX)
data="$work/data"
cleanup() {
  if [ -f "$data/postmaster.pid" ]; then
    "${as_server[@]}" "$bin/pg_ctl" stop -D "$data" -m immediate -w -s || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/socket"
[ ${#as_server[@]} -eq 0 ] || chown -R postgres "$work"

# Settings from a developer's shell (PGDATA, PGPORT, ...) must not steer this cluster.
unset PGDATA PGPORT PGHOST PGUSER PGDATABASE PGPASSWORD
"${as_server[@]}" "$bin/initdb" -D "$data" --locale=C -E UTF8 --auth=trust -U postgres --no-sync >/dev/null
cat >> "$data/postgresql.conf" <<EOF

# RuleScoring workers bench: a throw-away cluster, durability off
listen_addresses = '127.0.0.1'
unix_socket_directories = '$work/socket'
fsync = off
synchronous_commit = off
full_page_writes = off
max_wal_size = 4GB
shared_buffers = 512MB
EOF

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"${as_server[@]}" "$bin/pg_ctl" start -w -t 60 -s -D "$data" -l "$work/server.log" -o "-p $port" \
  || { cat "$work/server.log" >&2; exit 2; }
"$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres rulescoring
echo "PostgreSQL $("$bin/pg_config" --version | awk '{print $2}') on 127.0.0.1:$port ($data)"

dotnet build -c Release -v q -clp:ErrorsOnly -nologo tools/RuleScoring.Bench
dotnet run -c Release --no-build --project tools/RuleScoring.Bench -- workers \
  --db "Host=127.0.0.1;Port=$port;Username=postgres;Database=rulescoring" --leads "$leads" --workers "$workers"
