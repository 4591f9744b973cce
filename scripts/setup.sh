#!/usr/bin/env bash
# Installs what Oversight needs and is missing, then builds the front-end assets.
#
#   scripts/setup.sh             PostgreSQL server binaries, Node packages, assets
#   scripts/setup.sh --browser   the same, plus Chromium (and an Arial-compatible font)
#                                for the browser tests
#   scripts/setup.sh --s3        the same, plus an S3-compatible server (moto, from PyPI, in
#                                a virtual environment under target/tools) for the S3 test
#
# Idempotent and quiet: it prints one line for each thing it does and nothing when everything
# is already there. System packages come from apt (Debian/Ubuntu), as root or through sudo.
# Rust and Node/npm are assumed to be installed already.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

browser=false
s3=false
for arg in "$@"; do
  case "$arg" in
    --browser) browser=true ;;
    --s3) s3=true ;;
    -h | --help)
      sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
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

# -- An S3-compatible server for the S3 test -----------------------------------------------------
# moto's server mode, pinned, in a virtual environment of its own (target/ is not committed).
moto_version=5.2.6
moto_dir=target/tools/moto
if [[ $s3 == true && ! -x $moto_dir/bin/moto_server ]] ||
  [[ $s3 == true && ! -f $moto_dir/.version-$moto_version ]]; then
  command -v python3 >/dev/null 2>&1 || apt_install python3
  python3 -m venv --help >/dev/null 2>&1 || apt_install python3-venv
  say "installing moto $moto_version (pip, into $moto_dir)"
  rm -rf "$moto_dir"
  python3 -m venv "$moto_dir"
  "$moto_dir/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$moto_version"
  touch "$moto_dir/.version-$moto_version"
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
