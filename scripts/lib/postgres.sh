# Sourced by scripts/test and ./pgcopy: makes sure PostgreSQL's server binaries (initdb, pg_ctl)
# are installed, installing Debian's postgresql package when they are not and apt-get exists.

have_server_binaries() {
  if [[ -n "${PGCOPY_PG_BIN:-}" ]]; then
    [[ -x "$PGCOPY_PG_BIN/initdb" ]] && return 0
  fi
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && return 0
  # libpq-dev has pg_config but no server: look for initdb next to it
  if command -v pg_config >/dev/null 2>&1; then
    [[ -x "$(pg_config --bindir)/initdb" ]] && return 0
  fi
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1
}

as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

install_postgres() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "pgcopy: no PostgreSQL server binaries and no apt-get to install them." >&2
    echo "Install PostgreSQL (Debian: apt-get install -y postgresql), set PGCOPY_PG_BIN to the" >&2
    echo "directory holding initdb and pg_ctl, or name a server with a URL" >&2
    echo "(jdbc:postgresql://host:port/db?user=..&password=..)." >&2
    exit 1
  fi
  echo "pgcopy: installing Debian's postgresql package" >&2
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
  # The package may create and start a "main" cluster on port 5432. pgcopy never uses it (it runs
  # its own server on a free port with its own socket directory), so it cannot interfere; stop it
  # only to give its memory back.
  if command -v pg_lsclusters >/dev/null 2>&1; then
    pg_lsclusters --no-header 2>/dev/null | while read -r version cluster _port status _rest; do
      if [[ "$status" == online* ]]; then
        as_root pg_ctlcluster "$version" "$cluster" stop || true
      fi
    done
  fi
}

ensure_postgres_binaries() {
  have_server_binaries || install_postgres
}

# The TLS tests make their certificates with the openssl command.
ensure_openssl() {
  command -v openssl >/dev/null 2>&1 && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "pgcopy: the TLS tests need the openssl command; install it (Debian: apt-get install -y openssl)." >&2
    exit 1
  fi
  echo "pgcopy: installing Debian's openssl package" >&2
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y openssl
}

# The compatibility runs unpack other PostgreSQL versions' server binaries (.txz in a jar from
# Maven Central) with tar -xJ, which needs xz.
ensure_xz() {
  command -v tar >/dev/null 2>&1 && command -v xz >/dev/null 2>&1 && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "pgcopy: the compatibility runs need tar and xz; install them (Debian: apt-get install -y tar xz-utils)." >&2
    exit 1
  fi
  echo "pgcopy: installing Debian's tar and xz-utils packages" >&2
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y tar xz-utils
}
