# install.sh: make install into a temporary DESTDIR gives working tools
# that find their helpers; make uninstall removes them.

test_install_into_destdir_and_run_the_installed_tools() {
	root=$T/root
	make -s -C "$SRC" $SEEMAIL_MAKEVARS install DESTDIR="$root" PREFIX=/usr sysconfdir=/etc >"$T/make.log" 2>&1 ||
		fail "make install: $(tail -5 "$T/make.log")"
	for t in seem-classify seem-policy seem-sign seem-verify seem-notify; do
		[ -x "$root/usr/bin/$t" ] || fail "$t not installed"
	done
	[ -x "$root/usr/libexec/seemail/seem-extract" ] || fail "helper not installed"
	[ -f "$root/usr/share/man/man1/seem-classify.1" ] || fail "man page not installed"
	[ -f "$root/usr/share/seemail/directory" ] || fail "directory not installed"
	[ -f "$root/etc/seemail/seemail.conf" ] || fail "configuration example not installed"
	# The installed tools run, and find the installed helper for a ZIP part.
	printf 'Subject: [SEEMAIL] x\nContent-Type: application/zip\nContent-Transfer-Encoding: base64\n\nUEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==\n' >m
	rc=0
	"$root/usr/bin/seem-classify" -c /dev/null m >out 2>err || rc=$?
	[ "$rc" = 0 ] || fail "installed seem-classify: $rc $(cat err)"
	grep -q '^X-SEEMail-Classification: SEEMAIL' out || fail "installed seem-classify output"
	if grep -q 'not installed or not executable' err; then fail "helper not found: $(cat err)"; fi
	"$root/usr/bin/seem-classify" -c /dev/null m | "$root/usr/bin/seem-policy" -c /dev/null --log none -- a@example.com >out || true
	grep -q '^X-SEEMail-Policy: block; code=1A' out || fail "installed seem-policy: $(head -3 out)"
	# A second install keeps the administrator's configuration.
	echo "agency = Ours" >"$root/etc/seemail/seemail.conf"
	make -s -C "$SRC" $SEEMAIL_MAKEVARS install DESTDIR="$root" PREFIX=/usr sysconfdir=/etc >"$T/make.log" 2>&1
	grep -q 'agency = Ours' "$root/etc/seemail/seemail.conf" || fail "install overwrote the configuration"
	make -s -C "$SRC" $SEEMAIL_MAKEVARS uninstall DESTDIR="$root" PREFIX=/usr sysconfdir=/etc >"$T/make.log" 2>&1
	[ ! -e "$root/usr/bin/seem-classify" ] || fail "uninstall left seem-classify"
	[ ! -e "$root/usr/libexec/seemail/seem-extract" ] || fail "uninstall left the helper"
	[ -f "$root/etc/seemail/seemail.conf" ] || fail "uninstall removed the configuration"
}
