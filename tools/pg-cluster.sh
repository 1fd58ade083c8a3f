#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, CI and benchmarks.
#
#   tools/pg-cluster.sh start DIR            initdb in DIR (if new) and start it; prints its URL
#   tools/pg-cluster.sh replica PRIMARY DIR  pg_basebackup -R of the cluster in PRIMARY into DIR,
#                                            started as a streaming replica; prints its URL
#   tools/pg-cluster.sh stop DIR             fast shutdown (no error when it is not running)
#   tools/pg-cluster.sh restart DIR          start again on the port it had; prints its URL
#
# The server runs as a non-root user: as root it runs as `postgres` (or as
# FACTCHECK_PG_USER) through runuser, since PostgreSQL refuses to run as root.
# It listens on 127.0.0.1 on a free port and on a socket in DIR; trust
# authentication, superuser `postgres`, database `factcheck`.
#
# With FACTCHECK_PG_TLS=1, a new cluster gets a certificate for `localhost`
# and 127.0.0.1 signed by a throwaway certificate authority (DIR/root.crt,
# which clients may trust with sslrootcert) and refuses unencrypted TCP
# connections (hostnossl reject).
set -euo pipefail

PG_BIN=${PG_BIN:-}
if [ -z "$PG_BIN" ]; then
    for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && PG_BIN=$d; done
fi
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    echo "pg-cluster: no PostgreSQL server binaries (install the Debian package postgresql)" >&2
    exit 3
fi

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u "${FACTCHECK_PG_USER:-postgres}" -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

prepare_dir() {
    mkdir -p "$1"
    if [ "$(id -u)" = 0 ]; then
        chown "${FACTCHECK_PG_USER:-postgres}" "$1"
        # A private temporary parent (mktemp -d) must let the server's user through.
        if ! runuser -u "${FACTCHECK_PG_USER:-postgres}" -- test -x "$1"; then
            chmod o+x "$(dirname "$1")"
        fi
    fi
}

start_server() { # DIR PORT
    as_owner "$PG_BIN/pg_ctl" -D "$1/data" -l "$1/log" -w -t 60 \
        -o "-p $2 -k $1 -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    echo "$2" >"$1/port"
    echo "postgresql://postgres@127.0.0.1:$2/factcheck"
}

cmd=${1:-}
case "$cmd" in
start)
    dir=$(realpath -m "${2:?usage: pg-cluster.sh start DIR}")
    prepare_dir "$dir"
    fresh=0
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$PG_BIN/initdb" -D "$dir/data" -A trust -U postgres --no-sync >/dev/null
        printf "wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\n" >>"$dir/data/postgresql.conf"
        echo "host replication postgres 127.0.0.1/32 trust" >>"$dir/data/pg_hba.conf"
        if [ "${FACTCHECK_PG_TLS:-}" = 1 ]; then
            # A throwaway certificate authority signs the server's certificate,
            # as in a real deployment (a self-signed CA certificate is not
            # accepted as a server's own by strict verifiers).
            tls="$dir/data/tls"
            as_owner mkdir -p "$tls"
            as_owner openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=factcheck-test-ca \
                -keyout "$tls/ca.key" -out "$tls/root.crt" 2>/dev/null
            as_owner openssl req -newkey rsa:2048 -nodes -subj /CN=localhost \
                -keyout "$dir/data/server.key" -out "$tls/server.csr" 2>/dev/null
            printf "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\n" \
                | as_owner tee "$tls/server.ext" >/dev/null
            as_owner openssl x509 -req -in "$tls/server.csr" -CA "$tls/root.crt" -CAkey "$tls/ca.key" \
                -CAcreateserial -days 2 -extfile "$tls/server.ext" -out "$dir/data/server.crt" 2>/dev/null
            as_owner chmod 600 "$dir/data/server.key"
            cp "$tls/root.crt" "$dir/root.crt"
            chmod 644 "$dir/root.crt"
            printf "ssl = on\n" >>"$dir/data/postgresql.conf"
            { echo "hostnossl all all 127.0.0.1/32 reject"; cat "$dir/data/pg_hba.conf"; } >"$dir/hba.tmp"
            cat "$dir/hba.tmp" >"$dir/data/pg_hba.conf"
            rm "$dir/hba.tmp"
        fi
        fresh=1
    fi
    port=${PGPORT_WANTED:-$(free_port)}
    url=$(start_server "$dir" "$port")
    if [ "$fresh" = 1 ]; then
        as_owner "$PG_BIN/psql" -q -h "$dir" -p "$port" -U postgres -d postgres \
            -c "CREATE DATABASE factcheck" >/dev/null
    fi
    echo "$url"
    ;;
replica)
    primary=$(realpath -m "${2:?usage: pg-cluster.sh replica PRIMARY DIR}")
    dir=$(realpath -m "${3:?usage: pg-cluster.sh replica PRIMARY DIR}")
    prepare_dir "$dir"
    as_owner "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$(cat "$primary/port")" -U postgres \
        -D "$dir/data" -R -X stream -c fast >/dev/null
    start_server "$dir" "$(free_port)"
    ;;
stop)
    dir=$(realpath -m "${2:?usage: pg-cluster.sh stop DIR}")
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    ;;
restart)
    dir=$(realpath -m "${2:?usage: pg-cluster.sh restart DIR}")
    start_server "$dir" "$(cat "$dir/port")"
    ;;
*)
    echo "usage: pg-cluster.sh start DIR | replica PRIMARY DIR | stop DIR | restart DIR" >&2
    exit 2
    ;;
esac
