# tests/e2e/lib.sh: real Exim gateways on loopback for the end-to-end
# tests (tests/cli/e2e_exim.sh), built from the MTA kit of share/seemail.
# See ../../../shared/MTA-TESTING.md for why things are the way they are.
#
# e2e_begin starts, in a fresh directory $E (mode 755, so that the Exim
# user can reach it; removed on exit unless SEEMAIL_E2E_KEEP is set):
#
#   A  gw.alpha.test  Agency Alpha (restricted)  users alice, dave;
#                     inbound through procmail (the kit's recipe)
#   B  gw.beta.test   Agency Beta (restricted)   users bob, erin;
#                     inbound through the seemail-inbound pipe
#   S  a sink for gamma.test (Agency Gamma, a standard member)
#   X  a sink for other.test (not a member)
#
# each an Exim daemon (exim -bdf) on 127.0.0.1 with a free port, its own
# spool, logs and Maildirs.  The gateways' configurations are
# gateway.conf.in around the kit's seemail-macros, seemail-routers and
# seemail-transports; their seemail.conf and directory use the test PKI
# of tests/pki/make-pki.sh, made once per run.  The tools and the kit are
# copied under $E (the source tree may be out of the Exim user's reach).
#
# Mail from inside is sent from 127.0.0.2 (the gateways' relay_from_hosts),
# mail from outside from 127.0.0.1.  settle waits until every message is
# delivered: each hop spools its copy before it drops the old one, so the
# summed queues are back at their baseline only then (read twice, with
# the logs unchanged in between).

EXIM=${EXIM:-/usr/sbin/exim}
E2E=$SRC/tests/e2e

# e2e_require: skips unless this machine can run the gateways.
e2e_require() {
	[ "$(id -u)" = 0 ] || skip "end-to-end Exim tests need root (run make check as root)"
	[ -x "$EXIM" ] || skip "exim is not installed (make deps installs exim4-daemon-light)"
	id Debian-exim >/dev/null 2>&1 || skip "no Debian-exim user (Debian's exim4 packages make it)"
	for c in swaks procmail openssl; do
		command -v $c >/dev/null 2>&1 || skip "$c is not installed (make deps installs it)"
	done
}

# e2e_pki: the test PKI, once per run, in $P.
e2e_pki() { test_pki e2e; }

# e2e_directory DIR: the test PKI's three agencies as DIR/directory, with
# their certificates copied beside it (the gateways of both MTAs' tests).
e2e_directory() {
	cp "$P/ca.pem" "$P/alpha.pem" "$P/beta.pem" "$P/gamma.pem" "$1/"
	cat >"$1/directory" <<-EOF
	alpha.test  restricted  alpha.pem  Agency Alpha
	beta.test   restricted  beta.pem   Agency Beta
	gamma.test  standard    gamma.pem  Agency Gamma
	EOF
}

# free_port: a TCP port that nothing listens on (nor was handed out).
free_port() {
	while :; do
		_p=$(( $(od -An -N2 -tu2 /dev/urandom) % 40000 + 20000 ))
		_h=$(printf '%04X' "$_p")
		grep -qi ":$_h " /proc/net/tcp /proc/net/tcp6 2>/dev/null && continue
		grep -qx "$_p" "$E/ports" 2>/dev/null && continue
		echo "$_p" >>"$E/ports"
		echo "$_p"
		return
	done
}

# instance NAME: its directory, with what Exim must own.
instance() {
	mkdir -p "$E/$1/spool" "$E/$1/log" "$E/$1/mail"
	chown Debian-exim: "$E/$1/spool" "$E/$1/log" "$E/$1/mail"
}

# gateway NAME DOMAIN AGENCY INBOUND(procmail|pipe) USER...: a gateway's
# files (not started).  Its peers are in $E/routes (DOMAIN PORT lines).
gateway() {
	_n=$1 _dom=$2 _agency=$3 _in=$4
	shift 4
	D=$E/$_n
	instance "$_n"
	mkdir -p "$D/quarantine" "$D/etc"
	chown Debian-exim: "$D/quarantine"
	for u in "$@"; do echo "$u: $u"; done >"$D/users"
	# Certificates, and our key owned by the user that runs the kit.
	_k=$(echo "$_dom" | sed 's/\..*//')
	install -m 600 -o Debian-exim -g Debian-exim "$P/$_k.key" "$D/etc/gateway.key"
	e2e_directory "$D/etc"
	cat >"$D/etc/seemail.conf" <<-EOF
	agency = $_agency
	local_domains = $_dom
	directory = directory
	ca_file = ca.pem
	cert = $_k.pem
	key = gateway.key
	notify_from = SEEMail Gateway <seemail@$_dom>
	log = none
	EOF
	cat >"$D/kit.conf" <<-EOF
	SEEMAIL_CONF=$D/etc/seemail.conf
	SEEMAIL_REINJECT="$EXIM -C $D/exim.conf -oMr seemail-out -oi"
	SEEMAIL_REINJECT_IN="$EXIM -C $D/exim.conf -oMr seemail-in -oi"
	SEEMAIL_SUBMIT="$EXIM -C $D/exim.conf -oi"
	SEEMAIL_QUARANTINE=$D/quarantine
	SEEMAIL_KIT_LOG=$D/log/kit.log
	EOF
	_proc=
	if [ "$_in" = procmail ]; then
		_proc="SEEMAIL_INBOUND_PROCMAIL = yes
SEEMAIL_RCFILE = $D/procmailrc
SEEMAIL_LOCALPARTS = lsearch;$D/users"
		# The kit's example, with this gateway's paths.
		sed -e "s|/usr/local/share/seemail|$E/share/seemail|" \
		    -e "s|^MAILDIR=.*|MAILDIR=$D/mail|" \
		    "$E/share/seemail/procmail/procmailrc.example" >"$D/procmailrc"
	fi
	echo "$_n $_dom" >>"$E/gateways"
	awk -v d="$D" -v n="$_n" -v dom="$_dom" -v k="$E/share/seemail" -v proc="$_proc" '
	{ gsub(/@D@/, d); gsub(/@NAME@/, n); gsub(/@DOM@/, dom); gsub(/@K@/, k)
	  gsub(/@PROCMAIL@/, proc); print }' "$E2E/gateway.conf.in" >"$D/exim.conf.in"
}

# sink NAME: an Exim that keeps whatever it gets in $E/NAME/mail.
sink() {
	instance "$1"
	sed -e "s|@D@|$E/$1|g" -e "s|@NAME@|$1|g" "$E2E/sink.conf.in" >"$E/$1/exim.conf.in"
}

# start NAME: the daemon of an instance on a free port, once it listens
# (another port if that one was taken in the meantime).
start() {
	_d=$E/$1
	for _try in 1 2 3; do
		_port=$(free_port)
		echo "$_port" >"$_d/port"
		sed "s|@P@|$_port|" "$_d/exim.conf.in" >"$_d/exim.conf"
		"$EXIM" -C "$_d/exim.conf" -bdf </dev/null >"$_d/log/daemon.out" 2>&1 &
		echo $! >"$_d/pid"
		_w=0
		while kill -0 "$(cat "$_d/pid")" 2>/dev/null; do
			if listening "$1"; then
				echo "$1" >>"$E/daemons"
				return 0
			fi
			_w=$((_w + 1))
			[ "$_w" -lt 100 ] || break
			sleep 0.05
		done
		kill "$(cat "$_d/pid")" 2>/dev/null
		wait "$(cat "$_d/pid")" 2>/dev/null
	done
	cat "$_d/log/daemon.out" "$_d/log/paniclog" 2>/dev/null
	fail "exim $1 did not start"
}

# routes: every instance's port for the domains it serves, in each
# gateway's routes file (lsearch: DOMAIN: PORT).
routes() {
	{
		while read -r n dom; do echo "$dom: $(cat "$E/$n/port")"; done <"$E/gateways"
		echo "gamma.test: $(cat "$E/S/port")"
		echo "other.test: $(cat "$E/X/port")"
	} >"$E/routes"
}

# listening NAME: true once the daemon accepts connections.
listening() {
	_h=$(printf '%04X' "$(cat "$E/$1/port")")
	grep -qi ":$_h 00000000:0000 0A" /proc/net/tcp 2>/dev/null
}

# e2e_begin [on_block]: the four instances, started.
e2e_begin() {
	e2e_require
	e2e_pki
	E=$(mktemp -d "${TMPDIR:-/tmp}/seemail-e2e.XXXXXX")
	chmod 755 "$E"
	trap e2e_end EXIT
	trap 'exit 1' HUP INT TERM
	: >"$E/gateways"
	: >"$E/daemons"
	# The tools and the kit, where the Exim user can run them, laid out
	# as installed (the kit finds the tools at ../../../bin).
	mkdir -p "$E/bin" "$E/libexec/seemail" "$E/share/seemail"
	cp "$SEEMAIL_BIN"/seem-* "$E/bin/"
	cp "$SEEMAIL_BIN"/../libexec/seemail/* "$E/libexec/seemail/" 2>/dev/null || true
	cp -R "$SRC/share/seemail/kit" "$SRC/share/seemail/exim" "$SRC/share/seemail/procmail" \
	    "$E/share/seemail/"
	gateway A alpha.test "Agency Alpha" procmail alice dave
	gateway B beta.test "Agency Beta" pipe bob erin
	sink S
	sink X
	for i in A B S X; do start "$i"; done
	routes
	daemons="A B S X"
	baseline=0
	: >"$E/expect_defer"
}

# e2e_end: stops every daemon; keeps or removes $E.
e2e_end() {
	while read -r i; do
		_pid=$(cat "$E/$i/pid")
		kill -TERM "$_pid" 2>/dev/null && wait "$_pid" 2>/dev/null
	done <"$E/daemons"
	if [ -n "${SEEMAIL_E2E_KEEP:-}" ]; then
		echo "e2e: kept $E" >&2
	else
		rm -rf "$E"
	fi
}

# exim_of NAME ARG...: runs Exim with the configuration of an instance.
exim_of() {
	_i=$1
	shift
	"$EXIM" -C "$E/$_i/exim.conf" "$@"
}

# retry GW QID: tries a deferred message again (exim -M), once the
# process of the first attempt has let go of it.
retry() {
	_log=$E/$1/log/mainlog
	for _t in $(seq 100); do
		_n=$(grep -c "$2 Spool file for $2 is locked" "$_log" || true)
		exim_of "$1" -M "$2" >/dev/null 2>&1 || true
		[ "$(grep -c "$2 Spool file for $2 is locked" "$_log" || true)" != "$_n" ] || return 0
		sleep 0.1
	done
	fail "$2 stayed locked"
}

# send_in GW FROM TO[,TO...] FILE / send_out ...: submits FILE over SMTP
# to a gateway, from inside (127.0.0.2) or from outside (127.0.0.1), and
# sets $qid to the queue id.
send_in() { _send 127.0.0.2 "$@"; }
send_out() { _send 127.0.0.1 "$@"; }
_send() {
	swaks --server "127.0.0.1:$(cat "$E/$2/port")" --local-interface "$1" \
	    --helo client.test --from "$3" --to "$4" --data "$5" </dev/null >"$E/swaks.out" 2>&1 ||
		{ cat "$E/swaks.out"; fail "swaks to $2 failed"; return 1; }
	qid=$(sed -n 's/.*250 OK id=\([^ ]*\).*/\1/p' "$E/swaks.out" | tail -n 1)
	[ -n "$qid" ] || { cat "$E/swaks.out"; fail "no queue id from $2"; return 1; }
}

# queued: the messages in every queue.
queued() {
	_q=0
	for i in $daemons; do
		_q=$((_q + $(exim_of "$i" -bpc)))
	done
	echo "$_q"
}

# problems: deferrals and failures logged so far, but those expected.
problems() {
	for i in $daemons; do
		grep -E ' (==|\*\*) ' "$E/$i/log/mainlog" 2>/dev/null | sed "s/^/$i: /"
	done | grep -v -F -f "$E/expect_defer" 2>/dev/null || true
}

# logsize: the bytes in every mainlog, which any hop adds to.
logsize() {
	cat "$E"/*/log/mainlog 2>/dev/null | wc -c
}

# settle: waits (30 s at most) until every queue is back at $baseline
# and the logs are still, twice in a row (the queues are read one after
# the other, so one reading may miss a message passing between two);
# fails at once on an unexpected deferral or failure.
settle() {
	_w=0 _prev=
	while :; do
		_p=$(problems)
		[ -z "$_p" ] || { e2e_dump; fail "unexpected: $_p"; return 1; }
		if [ "$(queued)" -le "$baseline" ]; then
			_now=$(logsize)
			[ "$_now" != "$_prev" ] || return 0
			_prev=$_now
		else
			_prev=
		fi
		_w=$((_w + 1))
		[ "$_w" -lt 300 ] || { e2e_dump; fail "the queues did not empty in 30 s"; return 1; }
		sleep 0.1
	done
}

# msg FILE SUBJECT MARKER [FROM TO]: a small message (from Alice to Bob
# unless FROM and TO say otherwise; "" keeps the default).
msg() {
	cat >"$1" <<-EOF
	From: ${4:-Alice <alice@alpha.test>}
	To: ${5:-Bob <bob@beta.test>}
	Subject: $2
	Date: Sun, 29 Nov 2026 10:00:00 +1300
	Message-ID: <$(echo "$3" | tr '[:lower:]-' '[:upper:]_')@e2e.test>
	MIME-Version: 1.0
	Content-Type: text/plain; charset=utf-8

	$3: the figures for the meeting.
	EOF
}

e2e_dump() {
	for f in "$E"/*/log/*; do
		[ -s "$f" ] || continue
		echo "--- $f"
		tail -n 30 "$f"
	done
}

# mail_of NAME BOX: the messages delivered to a Maildir, one path a line.
mail_of() {
	find "$E/$1/mail/$2" -type f -path '*/new/*' 2>/dev/null | sort
}

# count_of NAME BOX: how many messages a Maildir holds.
count_of() {
	mail_of "$1" "$2" | wc -l | tr -d ' '
}

# expect_count NAME BOX N
expect_count() {
	_c=$(count_of "$1" "$2")
	[ "$_c" = "$3" ] || { e2e_dump; fail "$1 $2: $_c messages, expected $3"; return 1; }
}

# the NAME BOX: the one message of a Maildir (fails unless exactly one).
the() {
	expect_count "$1" "$2" 1 >&2 || return 1
	mail_of "$1" "$2"
}

# has FILE ERE / hasnt FILE ERE: a message matches, or does not.
has() {
	grep -Eq -- "$2" "$1" || { echo "--- $1"; head -c 3000 "$1"; fail "$1 does not match /$2/"; return 1; }
}
hasnt() {
	if grep -Eq -- "$2" "$1"; then
		echo "--- $1"; head -c 3000 "$1"; fail "$1 matches /$2/"; return 1
	fi
}

# held NAME: the messages in a gateway's quarantine.
held() {
	find "$E/$1/quarantine/new" "$E/$1/quarantine/cur" -type f 2>/dev/null | sort
}
