# tests/postfix/lib.sh: a real Postfix gateway on loopback for
# tests/postfix/e2e_postfix.sh, built from the kit's Postfix examples
# (share/seemail/postfix/*.example) and run from the binaries of an
# unpacked postfix package ($SEEMAIL_POSTFIX_ROOT, which make
# check-postfix fills with apt-get download and dpkg -x: Debian's postfix
# and exim4 packages conflict, so it is never installed).
#
# pf_begin starts, in a fresh directory $E (removed on exit unless
# SEEMAIL_E2E_KEEP is set):
#
#   G  gw.alpha.test, Agency Alpha: Postfix with its own configuration
#      directory ($E/G/etc, "postfix -c"), queue, data directory and log
#      file ($E/G/log/maillog); the examples' two smtpd services on
#      127.0.0.1 at free ports (outside: $E/G/port.out, inside:
#      $E/G/port.in), their content filters and pipes as written; alice
#      and dave at alpha.test are virtual(8) Maildirs under $E/G/mail.
#   S  an Exim sink for gamma.test (Agency Gamma, a standard member)
#   X  an Exim sink for other.test (not a member)
#
# The sinks, the test PKI and the waiting helpers are those of
# tests/e2e/lib.sh.  Mail from inside is sent from 127.0.0.2 (the only
# address in mynetworks), mail from outside from 127.0.0.1.
#
# What a real installation would not need, and the reason:
#   - LD_LIBRARY_PATH: the package's binaries find their libraries in
#     /usr/lib/postfix only when installed; main.cf passes it to the
#     daemons (import_environment) and to the pipes (export_environment),
#     which run sendmail.
#   - postdrop and postqueue are not set-gid (dpkg -x does not apply the
#     package's dpkg-statoverride, and a set-gid program would ignore
#     LD_LIBRARY_PATH): maildrop is made 1733 and public 0711, so that
#     sendmail run by the filter user can drop mail and wake pickup.
#   - SEEMAIL_KIT_CONF: kit.conf is not /etc/seemail/kit.conf; main.cf
#     passes its path to the pipes (export_environment).

# shellcheck source=../e2e/lib.sh
. "$SRC/tests/e2e/lib.sh"

PF_ROOT=${SEEMAIL_POSTFIX_ROOT:-}
PF_EXAMPLES=$SRC/share/seemail/postfix

# pf_require: skips unless this machine can run the Postfix gateway.
pf_require() {
	[ "$(id -u)" = 0 ] || skip "the Postfix end-to-end tests need root (run make check-postfix as root)"
	[ -n "$PF_ROOT" ] || skip "no unpacked postfix package (make check-postfix downloads it)"
	[ -x "$PF_ROOT/usr/sbin/postfix" ] || fail "$PF_ROOT: not an unpacked postfix package"
	[ -x "$EXIM" ] || skip "exim is not installed (make deps installs exim4-daemon-light; the sinks are Exim)"
	id Debian-exim >/dev/null 2>&1 || skip "no Debian-exim user (Debian's exim4 packages make it)"
	for c in swaks openssl; do
		command -v $c >/dev/null 2>&1 || skip "$c is not installed (make deps installs it)"
	done
}

# pf_users: the users and groups Postfix and the filters need, made as
# the postfix package and seemail(7) would make them.
pf_users() {
	getent group postdrop >/dev/null || groupadd --system postdrop
	for u in postfix seemail; do
		getent passwd "$u" >/dev/null ||
			useradd --system --user-group --no-create-home --home-dir /nonexistent \
			    --shell /usr/sbin/nologin "$u"
	done
}

# pf postfix-command ARG...: a command of the package with G's configuration.
pf() {
	_c=$1
	shift
	LD_LIBRARY_PATH=$PF_ROOT/usr/lib/postfix "$PF_ROOT/usr/sbin/$_c" -c "$E/G/etc" "$@"
}

# pf_gateway: G's files (not started).
pf_gateway() {
	D=$E/G
	mkdir -p "$D/etc" "$D/meta" "$D/spool" "$D/log" "$D/mail" "$D/quarantine" "$D/seemail"
	chown seemail: "$D/quarantine" "$D/seemail"
	chown nobody:nogroup "$D/mail"
	chmod 777 "$D/log"
	: >"$D/log/maillog"
	# The package's installation control files; dynamicmaps.cf is made by
	# its postinst, and nothing here needs a dynamically loaded map.
	cp "$PF_ROOT/etc/postfix/postfix-files" "$D/meta/"
	mkdir -p "$D/meta/postfix-files.d" "$D/meta/dynamicmaps.cf.d"
	: >"$D/meta/dynamicmaps.cf"
	# seemail.conf and the directory of gateway A, the key the seemail
	# user's.
	e2e_directory "$D/seemail"
	install -m 600 -o seemail -g seemail "$P/alpha.key" "$D/seemail/gateway.key"
	cat >"$D/seemail/seemail.conf" <<-EOF
	agency = Agency Alpha
	local_domains = alpha.test
	directory = directory
	ca_file = ca.pem
	cert = alpha.pem
	key = gateway.key
	notify_from = SEEMail Gateway <seemail@alpha.test>
	log = none
	EOF
	# kit.conf.example with this gateway's paths: the tools, their
	# configuration, this Postfix's sendmail, the quarantine, a log file.
	# sendmail finds this instance in MAIL_CONFIG, not "-C DIR": Postfix
	# refuses -C to a user but root unless /etc/postfix/main.cf lists the
	# directory in alternate_config_directories, and there is no
	# /etc/postfix here (the pipes also get MAIL_CONFIG from Postfix).
	sed -e "s|^SEEMAIL_BIN=.*|SEEMAIL_BIN=$E/bin|" \
	    -e "s|^SEEMAIL_CONF=.*|SEEMAIL_CONF=$D/seemail/seemail.conf|" \
	    -e "s|/usr/sbin/sendmail|env MAIL_CONFIG=$D/etc $PF_ROOT/usr/sbin/sendmail|" \
	    -e "s|^SEEMAIL_QUARANTINE=.*|SEEMAIL_QUARANTINE=$D/quarantine|" \
	    -e "s|^SEEMAIL_KIT_LOG=.*|SEEMAIL_KIT_LOG=$D/log/kit.log|" \
	    "$PF_EXAMPLES/kit.conf.example" >"$D/kit.conf"
	# master.cf: the package's, its "smtp inet" service replaced by the
	# example's services at our addresses, the kit where it is.
	_out=$(free_port) _in=$(free_port)
	echo "$_out" >"$D/port.out"
	echo "$_in" >"$D/port.in"
	{
		sed '/^smtp  *inet/d' "$PF_ROOT/usr/share/postfix/master.cf.dist"
		sed -e "s|^203\\.0\\.113\\.25:smtp |127.0.0.1:$_out |" \
		    -e "s|^10\\.1\\.2\\.25:smtp |127.0.0.1:$_in |" \
		    -e "s|/usr/local/share/seemail/|$E/share/seemail/|g" \
		    "$PF_EXAMPLES/master.cf.example"
	} >"$D/etc/master.cf"
	# main.cf: the example with our inside network, then the site.
	{
		sed 's|^mynetworks = .*|mynetworks = 127.0.0.2/32|' "$PF_EXAMPLES/main.cf.example"
		cat <<-EOF

		# --- the test site (tests/postfix/lib.sh) ---
		compatibility_level = 3.6
		command_directory = $PF_ROOT/usr/sbin
		daemon_directory = $PF_ROOT/usr/lib/postfix/sbin
		shlib_directory = $PF_ROOT/usr/lib/postfix
		meta_directory = $D/meta
		queue_directory = $D/spool
		data_directory = $D/data
		sendmail_path = $PF_ROOT/usr/sbin/sendmail
		newaliases_path = $PF_ROOT/usr/bin/newaliases
		mailq_path = $PF_ROOT/usr/bin/mailq
		mail_owner = postfix
		setgid_group = postdrop
		import_environment = MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C
		    LD_LIBRARY_PATH=$PF_ROOT/usr/lib/postfix
		export_environment = TZ MAIL_CONFIG LANG
		    LD_LIBRARY_PATH=$PF_ROOT/usr/lib/postfix SEEMAIL_KIT_CONF=$D/kit.conf
		maillog_file = $D/log/maillog
		maillog_file_prefixes = $D/log
		inet_interfaces = 127.0.0.1
		inet_protocols = ipv4
		myhostname = gw.alpha.test
		mydomain = alpha.test
		myorigin = alpha.test
		mydestination =
		alias_maps =
		alias_database =
		biff = no
		smtpd_peername_lookup = no
		smtp_dns_support_level = disabled
		smtp_host_lookup = native
		virtual_mailbox_domains = alpha.test
		virtual_mailbox_base = $D/mail
		virtual_mailbox_maps = inline:{ alice@alpha.test=alice/, dave@alpha.test=dave/ }
		virtual_uid_maps = static:$(id -u nobody)
		virtual_gid_maps = static:$(getent group nogroup | cut -d: -f3)
		transport_maps = inline:{ gamma.test=smtp:[127.0.0.1]:$(cat "$E/S/port"),
		    other.test=smtp:[127.0.0.1]:$(cat "$E/X/port") }
		EOF
	} >"$D/etc/main.cf"
}

# pf_start: starts G and waits until both smtpd services listen.
pf_start() {
	# Root-owned, as postfix-script checks; the queue directories are
	# made by "postfix start" (post-install create-missing).
	pf postfix check >"$E/G/log/start.out" 2>&1 || true
	chmod 1733 "$E/G/spool/maildrop"
	chmod 0711 "$E/G/spool/public"
	pf postfix start >>"$E/G/log/start.out" 2>&1 ||
		{ cat "$E/G/log/start.out" "$E/G/log/maillog"; fail "postfix did not start"; return 1; }
	echo G >>"$E/postfix"
	for _p in out in; do
		_h=$(printf '%04X' "$(cat "$E/G/port.$_p")")
		_w=0
		until grep -qi ":$_h 00000000:0000 0A" /proc/net/tcp 2>/dev/null; do
			_w=$((_w + 1))
			[ "$_w" -lt 100 ] ||
				{ cat "$E/G/log/start.out" "$E/G/log/maillog"; fail "smtpd ($_p) does not listen"; return 1; }
			sleep 0.05
		done
	done
}

# pf_begin: the sinks and the Postfix gateway, started.
pf_begin() {
	pf_require
	pf_users
	e2e_pki
	E=$(mktemp -d "${TMPDIR:-/tmp}/seemail-pf.XXXXXX")
	chmod 755 "$E"
	trap pf_end EXIT
	trap 'exit 1' HUP INT TERM
	: >"$E/daemons"
	: >"$E/postfix"
	: >"$E/expect_defer"
	# The tools and the kit, laid out as installed, where the filter user
	# can run them.
	mkdir -p "$E/bin" "$E/libexec/seemail" "$E/share/seemail"
	cp "$SEEMAIL_BIN"/seem-* "$E/bin/"
	cp "$SEEMAIL_BIN"/../libexec/seemail/* "$E/libexec/seemail/" 2>/dev/null || true
	cp -R "$SRC/share/seemail/kit" "$E/share/seemail/"
	sink S
	sink X
	start S
	start X
	pf_gateway
	pf_start
	daemons="S X"
	baseline=0
}

# pf_end: stops Postfix and the sinks; keeps or removes $E.
pf_end() {
	if [ -s "$E/postfix" ]; then
		pf postfix stop >/dev/null 2>&1 || true
		# master exits once its children have; wait for it.
		_w=0
		while [ -f "$E/G/spool/pid/master.pid" ] &&
		    kill -0 "$(tr -d ' ' <"$E/G/spool/pid/master.pid")" 2>/dev/null; do
			_w=$((_w + 1))
			[ "$_w" -lt 100 ] || break
			sleep 0.05
		done
	fi
	e2e_end
}

# pf_send_in FROM TO[,TO...] FILE / pf_send_out ...: submits FILE to G's
# inside (from 127.0.0.2) or outside (from 127.0.0.1) service, and sets
# $qid to Postfix's queue id.
pf_send_in() { _pf_send 127.0.0.2 in "$@"; }
pf_send_out() { _pf_send 127.0.0.1 out "$@"; }
_pf_send() {
	swaks --server "127.0.0.1:$(cat "$E/G/port.$2")" --local-interface "$1" \
	    --helo client.test --from "$3" --to "$4" --data "$5" </dev/null >"$E/swaks.out" 2>&1 ||
		{ cat "$E/swaks.out"; fail "swaks to G ($2) failed"; return 1; }
	qid=$(sed -n 's/.*250 .*queued as \([0-9A-Za-z]*\).*/\1/p' "$E/swaks.out" | tail -n 1)
	[ -n "$qid" ] || { cat "$E/swaks.out"; fail "no queue id from G"; return 1; }
}

# pf_queued: the messages in G's queue (maildrop included).
pf_queued() {
	find "$E/G/spool/maildrop" "$E/G/spool/incoming" "$E/G/spool/active" \
	    "$E/G/spool/deferred" "$E/G/spool/hold" -type f 2>/dev/null | wc -l | tr -d ' '
}

# queued: G's queue and the sinks' (overrides tests/e2e/lib.sh's).
queued() {
	_q=$(pf_queued)
	for i in $daemons; do
		_q=$((_q + $(exim_of "$i" -bpc)))
	done
	echo "$_q"
}

# problems: deferrals, bounces and errors logged by G or the sinks, but
# those expected (overrides tests/e2e/lib.sh's).
problems() {
	{
		grep -E 'status=(deferred|bounced)|(fatal|panic|error):' "$E/G/log/maillog" | sed 's/^/G: /'
		for i in $daemons; do
			grep -E ' (==|\*\*) ' "$E/$i/log/mainlog" 2>/dev/null | sed "s/^/$i: /"
		done
	} | grep -v -F -f "$E/expect_defer" 2>/dev/null || true
}

# logsize: the bytes in every log, which any hop adds to.
logsize() {
	cat "$E/G/log/maillog" "$E"/*/log/mainlog 2>/dev/null | wc -c
}

# pf_held: the messages in G's quarantine.
pf_held() {
	find "$E/G/quarantine/new" "$E/G/quarantine/cur" -type f 2>/dev/null | sort
}

# pf_log_wait ERE: waits (10 s at most) until G's log matches.
pf_log_wait() {
	_w=0
	until grep -Eq -- "$1" "$E/G/log/maillog"; do
		_w=$((_w + 1))
		[ "$_w" -lt 200 ] || { e2e_dump; fail "G never logged /$1/"; return 1; }
		sleep 0.05
	done
}
