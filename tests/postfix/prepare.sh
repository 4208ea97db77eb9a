#!/bin/sh
# prepare.sh BUILD-DIR: what make check-postfix needs before its tests:
# root, and the postfix package unpacked in BUILD-DIR/postfix-pkg
# (apt-get download, dpkg -x; never installed, since Debian's postfix and
# exim4 packages conflict).  Fetched once; a failed download leaves
# nothing behind.
#
# Exit status: 0 ready; 77 cannot run here (the reason on standard
# output); anything else, an error.
set -u
b=$1
pkg=$b/postfix-pkg
dl=$b/postfix-dl

if [ "$(id -u)" != 0 ]; then
	echo "check-postfix: skipped: not root (it runs Postfix from the postfix package and adds the postfix, postdrop and seemail users and groups when absent); run make check-postfix as root"
	exit 77
fi
[ ! -x "$pkg/usr/sbin/postfix" ] || exit 0
for c in apt-get dpkg; do
	command -v "$c" >/dev/null 2>&1 ||
		{ echo "check-postfix: skipped: no $c here (the postfix package is fetched with apt-get download)"; exit 77; }
done
rm -rf "$dl" "$pkg" "$pkg.tmp"
mkdir -p "$dl" || exit 1
if ! (cd "$dl" && apt-get download postfix) >"$b/postfix-dl.log" 2>&1; then
	tail -n 3 "$b/postfix-dl.log"
	rm -rf "$dl"
	echo "check-postfix: skipped: cannot download the postfix package (apt-get download postfix failed; see $b/postfix-dl.log)"
	exit 77
fi
set -- "$dl"/postfix_*.deb
[ -f "$1" ] || { echo "check-postfix: apt-get download left no postfix_*.deb in $dl"; exit 1; }
dpkg -x "$1" "$pkg.tmp" || { rm -rf "$pkg.tmp"; echo "check-postfix: dpkg -x $1 failed"; exit 1; }
mv "$pkg.tmp" "$pkg"
echo "check-postfix: unpacked $(basename "$1") into $pkg"
