#!/usr/bin/env bash
# Installs the Debian packages the tests drive (Chromium and its headless shell, Firefox ESR,
# WebKitGTK's WebDriver under a virtual X display, the interop peers, CFSSL as an external CA,
# PostgreSQL as the shared order store) when they are missing: as root it installs them,
# otherwise it prints the exact command and stops.
set -euo pipefail

missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }
need chromium chromium
need chromium-headless-shell chromium-headless-shell
need firefox-esr firefox-esr
need WebKitWebDriver webkit2gtk-driver
need xvfb-run xvfb
# xvfb-run needs it, and xvfb only recommends it.
need xauth xauth
need openssl openssl
need pk12util libnss3-tools
need certutil libnss3-tools
need certtool gnutls-bin
need keytool openjdk-17-jre-headless
need cfssl golang-cfssl
need cfssljson golang-cfssl
# Debian keeps initdb and pg_ctl out of PATH, under the server's major version.
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import cryptography' 2>/dev/null || missing+=(python3-cryptography)

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
command="apt-get update && apt-get install -y --no-install-recommends $packages"
if [ "$(id -u)" -eq 0 ]; then
	echo "Installing missing Debian packages: $packages"
	DEBIAN_FRONTEND=noninteractive bash -c "$command" >/tmp/cert-pickup-apt.log 2>&1 || {
		tail -n 30 /tmp/cert-pickup-apt.log
		exit 1
	}
else
	echo "These Debian packages are needed for the tests: $packages"
	echo "Install them as root with:"
	echo "  sudo sh -c '$command'"
	exit 1
fi
