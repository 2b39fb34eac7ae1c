#!/usr/bin/env bash
# Installs what building and testing Zhaji needs on a Debian/Ubuntu machine, skipping whatever is
# already there. Usage: scripts/setup.sh [core|desktop]   (desktop includes core)
set -euo pipefail
what=${1:-desktop}

need_apt=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
# syncthing: the core's test of two libraries kept in step by a real Syncthing pair on loopback.
core_pkgs=(build-essential pkg-config syncthing)
# chromium and chromium-driver: the browser extension's end-to-end tests (clipper/).
desktop_pkgs=(libwebkit2gtk-4.1-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev
  xvfb xauth webkit2gtk-driver fonts-noto-cjk imagemagick
  chromium chromium-driver)
pkgs=("${core_pkgs[@]}")
[ "$what" = desktop ] && pkgs+=("${desktop_pkgs[@]}")
for p in "${pkgs[@]}"; do have "$p" || need_apt+=("$p"); done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${need_apt[*]}"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

if [ "$what" = desktop ]; then
  if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
    echo "setup: installing tauri-driver"
    cargo install tauri-driver --locked
  fi
  if [ -f ui/package.json ] && { [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; }; then
    echo "setup: installing npm packages"
    (cd ui && npm ci --no-audit --no-fund)
  fi
fi
