#!/usr/bin/env bash
# Installs the Debian packages Tafel needs. `--test` adds what the tests need (Node.js,
# Chromium, sanitizer runtimes) and the npm packages from package-lock.json.
# Only missing packages are installed, so a second run is quick and needs no network.
set -euo pipefail
cd "$(dirname "$0")/.."

# libwebsockets-evlib-uv is the plugin lws loads at run time for LWS_SERVER_OPTION_LIBUV.
# esbuild and gzip make the web app as it is served (one bundle, gzip copies: docs/webapp.md).
# file: `cmake --build build --target package` (docs/operations.md) needs it, CPack's DEB
# generator finding the binaries for dpkg-shlibdeps with it; a minimal Debian lacks it.
build_pkgs=(build-essential cmake pkg-config libwebsockets-dev libwebsockets-evlib-uv libuv1-dev
            libcjson-dev libsqlite3-dev libqrencode-dev libssl-dev esbuild gzip file)
# libreoffice-writer-nogui (about 210 MB, 50 packages, 40 s from a Debian mirror) and unzip let
# tests/export/word.test.mjs open the Word export the way a reader's word processor does.
test_pkgs=(nodejs npm chromium sqlite3 clang libclang-rt-14-dev strace e2fsprogs poppler-utils cmark-gfm
           libreoffice-writer-nogui unzip)
# The package tests (tests/package): dpkg-shlibdeps (dpkg-dev), systemd-analyze (systemd),
# nginx and openssl for the TLS proxy, adduser for the package's maintainer scripts.
test_pkgs+=(dpkg-dev systemd nginx-light openssl adduser)

want=("${build_pkgs[@]}")
if [[ "${1:-}" == "--test" ]]; then want+=("${test_pkgs[@]}"); fi

missing=()
for p in "${want[@]}"; do
  # node and npm may come from elsewhere than Debian (a newer Node.js); accept those.
  if [[ "$p" == nodejs ]] && command -v node >/dev/null; then continue; fi
  if [[ "$p" == npm ]] && command -v npm >/dev/null; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # Debian starts nginx's default site (port 80, every address) when it is installed on a
  # machine run by systemd; the tests run their own nginx on loopback and need not that one.
  if [[ " ${missing[*]} " == *" nginx-light "* ]] && [[ -d /run/systemd/system ]]; then
    $sudo systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
fi

if [[ "${1:-}" == "--test" ]]; then
  if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules ]]; then
    npm ci --no-audit --no-fund
  fi
fi
