#!/usr/bin/env bash
# Installs what Oversight needs and is missing, then builds the front-end assets.
#
#   scripts/setup.sh             PostgreSQL server binaries, Node packages, assets
#   scripts/setup.sh --browser   the same, plus Chromium (and an Arial-compatible font)
#                                for the browser tests
#   scripts/setup.sh --servers   the same, plus the servers some tests start: S3 (moto) and
#                                SMTP (aiosmtpd), from PyPI, in a virtual environment under
#                                target/tools
#
# Idempotent and quiet: it prints one line for each thing it does and nothing when everything
# is already there. System packages come from apt (Debian/Ubuntu), as root or through sudo.
# Rust and Node/npm are assumed to be installed already.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

browser=false
servers=false
for arg in "$@"; do
  case "$arg" in
    --browser) browser=true ;;
    --servers) servers=true ;;
    -h | --help)
      sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "setup: unknown option: $arg (try --help)" >&2
      exit 2
      ;;
  esac
done

say() { echo "setup: $*"; }
die() {
  echo "setup: $*" >&2
  exit 1
}

# Runs a command as root: directly when we are root, else through sudo when there is one.
as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root to run '$*' (not root, and sudo is not installed)"
  fi
}

apt_updated=false
apt_install() {
  command -v apt-get >/dev/null 2>&1 ||
    die "cannot install $* automatically (no apt-get): please install it and run me again"
  if [[ $apt_updated == false ]]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    apt_updated=true
  fi
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# -- PostgreSQL server binaries (initdb, pg_ctl, postgres) -----------------------------------
# The server and the tests find them on PATH or in Debian's versioned directory.
have_initdb() {
  command -v initdb >/dev/null 2>&1 && return 0
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}
if ! have_initdb; then
  say "installing PostgreSQL (apt-get install postgresql postgresql-contrib)"
  apt_install postgresql postgresql-contrib
  have_initdb || die "PostgreSQL was installed but initdb is still not found"
fi

# -- Chromium for the browser tests -------------------------------------------------------------
if [[ $browser == true ]]; then
  if [[ ! -x /usr/bin/chromium ]] && ! command -v chromium >/dev/null 2>&1; then
    # fonts-liberation: metric-compatible with Arial, the font our stylesheet asks for.
    say "installing Chromium (apt-get install chromium fonts-liberation)"
    apt_install chromium fonts-liberation
  fi
fi

# -- The servers some tests start: S3 (moto's server mode) and SMTP (aiosmtpd) -----------------
# Pinned, in a virtual environment of their own (target/ is not committed).
server_packages="moto[server]==5.2.6 aiosmtpd==1.4.6"
servers_dir=target/tools/servers
stamp="$servers_dir/.installed-$(echo "$server_packages" | sha256sum | cut -c1-12)"
if [[ $servers == true && ! -f $stamp ]]; then
  command -v python3 >/dev/null 2>&1 || apt_install python3
  say "installing $server_packages (pip, into $servers_dir)"
  rm -rf "$servers_dir"
  # Debian ships venv without pip unless python3-venv is installed: try, then install it.
  if ! python3 -m venv "$servers_dir" >/dev/null 2>&1; then
    rm -rf "$servers_dir"
    apt_install python3-venv
    python3 -m venv "$servers_dir"
  fi
  # shellcheck disable=SC2086 # one word per package
  "$servers_dir/bin/pip" install --quiet --disable-pip-version-check $server_packages
  touch "$stamp"
fi

# -- Node packages -------------------------------------------------------------------------------
command -v npm >/dev/null 2>&1 || die "npm is not installed: install Node.js (20.19 or later) first"
# npm writes node_modules/.package-lock.json on every install; it is our "installed at" stamp.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing Node packages (npm ci)"
  npm ci --no-fund --no-audit --loglevel=error >/dev/null
fi

# -- Front-end assets -------------------------------------------------------------------------
# Rebuilt when missing or older than any of their inputs.
built=static/dist/application.css
if [[ ! -f $built ]] ||
  [[ -n $(find assets scripts/build-assets.mjs package-lock.json -newer "$built" -print -quit) ]]; then
  say "building front-end assets (npm run build:assets)"
  npm run --silent build:assets >/dev/null
fi
