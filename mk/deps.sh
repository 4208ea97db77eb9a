#!/bin/sh
# deps.sh: install the Debian packages that seemail's build and tests need.
#
# As root on Debian it runs apt-get; anywhere else it prints the exact
# command and exits 1, so that nothing is half-installed behind your back.
# The MTA packages are installed with a policy-rc.d that keeps their
# postinst from starting system daemons: the tests start their own.

set -eu

# Build: compiler, pkg-config and the four libraries of the design card.
build="build-essential pkg-config libssl-dev libzip-dev libexpat1-dev
libpoppler-cpp-dev check"
# Tests: independent checkers (openssl, gpgsm, python3), real MTAs, document
# tools for the benchmarks, sanitizer runtimes, fuzzing and the man linter.
tests="openssl gpgsm python3 exim4-daemon-light swaks procmail
poppler-utils unzip zip mandoc valgrind clang libclang-rt-14-dev
file time zsh shellcheck strace"

pkgs=$(echo $build $tests)

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
	for p in $pkgs; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing="$missing $p"
	done
else
	missing=" $pkgs"
fi
[ -n "$missing" ] || { echo "deps: all packages present"; exit 0; }

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ] || [ ! -r /etc/debian_version ]; then
	echo "deps: missing:$missing" >&2
	echo "deps: run as root on Debian 12:" >&2
	echo "  apt-get update && DEBIAN_FRONTEND=noninteractive $cmd" >&2
	exit 1
fi

# Keep package scripts from starting exim4 as a system service.
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q </dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing </dev/null
