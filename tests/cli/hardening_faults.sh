# hardening_faults.sh: issue 8 item 4, faults that must lose nothing.
# Every tool, in every mode that writes a result, meets a full disk
# (/dev/full, a file size limit, a real full filesystem where one can be
# made), a closed pipe, unreadable configuration and keys, and memory
# exhaustion under ulimit -v: it exits 75 (or 78 for a broken
# configuration, as SPEC and the man pages say), never dies by a signal,
# and leaves nothing partial behind.  A real extractor child killed from
# outside leaves its part uninspectable.  Last, a fake MTA that retries on
# 75 runs the pipelines through one fault of each kind and must deliver
# every message exactly once.
#
# classify_basics.sh and sign_verify.sh already show /dev/full for
# seem-classify, seem-sign and seem-verify, and an unreadable (missing) key;
# extract_isolation.sh shows fake extractors that crash or are killed.
# What is here fills the gaps: every tool and mode, the other kinds of
# full disk and of unreadable file, memory, real children, the MTA.

# pki: $P, the test PKI of tests/pki/make-pki.sh, made once per run.
pki() { test_pki hardening_faults; }

# inputs [BODY-KB]: the input of every tool in $T/in.*, and in $T/cases
# one line per tool and mode: a label, its standard input, the command.
# The message carries a marked subject, a ZIP and a PDF, and BODY-KB
# kilobytes of text (default 300: more than a pipe holds).
inputs() {
	pki || return 1
	sh "$SRC/tests/fixtures/pdf/make-pdf.sh" -o "$T/r.pdf" "a page"
	python3 - "$T/z.zip" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("notes.txt", "nothing to see")
EOF
	{
		printf 'From: Ann <ann@alpha.test>\nTo: bob@beta.test\nSubject: Budget [IN-CONFIDENCE]\n'
		printf 'Date: Mon, 1 Jan 2024 10:00:00 +1300\nMessage-ID: <faults@alpha.test>\n'
		printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"\n\n'
		printf -- '--b1\nContent-Type: text/plain\n\n'
		i=0
		while [ $i -lt "${1:-300}" ]; do
			printf '%01023d\n' $i
			i=$((i + 1))
		done
		for f in r.pdf z.zip; do
			printf -- '--b1\nContent-Type: application/octet-stream\n'
			printf 'Content-Disposition: attachment; filename="%s"\n' $f
			printf 'Content-Transfer-Encoding: base64\n\n'
			base64 "$T/$f"
		done
		printf -- '--b1--\n'
	} >"$T/in.msg"
	C=$P/alpha.conf
	seem-classify -c "$C" "$T/in.msg" >"$T/in.classified" || fail "seem-classify failed"
	seem-policy -c "$C" -f ann@alpha.test bob@beta.test <"$T/in.classified" >"$T/in.deliver" ||
	    fail "seem-policy failed"
	rc=0
	seem-policy -c "$C" -f ann@alpha.test x@example.com <"$T/in.classified" >"$T/in.block" || rc=$?
	[ "$rc" = 77 ] || fail "seem-policy: $rc, not a block"
	seem-sign -c "$C" bob@beta.test <"$T/in.deliver" >"$T/in.signed" || fail "seem-sign failed"
	tab=$(printf '\t')
	cat >"$T/cases" <<EOF
classify${tab}in.msg${tab}seem-classify -c $C
classify --explain${tab}in.msg${tab}seem-classify -c $C --explain
classify --json${tab}in.msg${tab}seem-classify -c $C --json
classify FILE${tab}/dev/null${tab}seem-classify -c $C $T/in.msg
policy${tab}in.classified${tab}seem-policy -c $C -f ann@alpha.test bob@beta.test
policy block${tab}in.classified${tab}seem-policy -c $C -f ann@alpha.test x@example.com
policy --explain${tab}in.classified${tab}seem-policy -c $C --explain -f ann@alpha.test x@example.com
policy --json${tab}in.classified${tab}seem-policy -c $C --json -f ann@alpha.test x@example.com
notify deliver${tab}in.deliver${tab}seem-notify -c $C
notify block${tab}in.block${tab}seem-notify -c $C
sign${tab}in.deliver${tab}seem-sign -c $C bob@beta.test
sign unchanged${tab}in.classified${tab}seem-sign -c $C x@example.com
verify${tab}in.signed${tab}seem-verify -c $P/beta.conf
verify plain${tab}in.msg${tab}seem-verify -c $P/beta.conf
EOF
	# Each case's output when nothing goes wrong, to know its size.
	while IFS="$tab" read -r _label _in _cmd; do
		rc=0
		(cd "$T" && eval "$_cmd" <"$_in" >"$T/normal" 2>"$T/err") || rc=$?
		[ "$rc" = "$(ok_status "$_label")" ] || fail "$_label: exit status $rc: $(head -c 300 "$T/err")"
		printf '%s\t%s\t%s\t%s\n' "$_label" "$_in" "$_cmd" "$(wc -c <"$T/normal")"
	done <"$T/cases" >"$T/cases.sized"
	mv "$T/cases.sized" "$T/cases"
}

# each_case FUNCTION [MIN-BYTES]: calls FUNCTION LABEL INPUT COMMAND for
# every case (whose output is at least MIN-BYTES long), from $T (so that
# INPUT, a name there, can be opened).
each_case() {
	while IFS="$tab" read -r _label _in _cmd _size; do
		[ "$_size" -ge "${2:-0}" ] || continue
		"$1" "$_label" "$_in" "$_cmd" || return 1
	done <"$T/cases"
}

# The status a case has when nothing goes wrong: 77 for a policy block.
ok_status() {
	case $1 in "policy block"|"policy --explain"|"policy --json") echo 77 ;; *) echo 0 ;; esac
}

# ---- full disk, closed pipe ------------------------------------------

dev_full_case() {
	rc=0
	(cd "$T" && eval "$3" <"$2" >/dev/full 2>"$T/err") || rc=$?
	[ "$rc" = 75 ] || { fail "$1 to /dev/full: exit status $rc, expected 75: $(head -c 300 "$T/err")"; return 1; }
	grep -q 'No space left on device' "$T/err" || { fail "$1: the error is not named: $(head -c 300 "$T/err")"; return 1; }
}

test_dev_full_every_tool_and_mode_exits_75() {
	# Protection: output.c (out_finish checks every write and returns
	# EX_TEMPFAIL); every tool writes through it.
	# Defeated (by hand, a scratch copy with out_finish returning 0):
	# every case exits 0 (or 77): FAIL (seen).
	[ -w /dev/full ] || { skip "no /dev/full"; return 77; }
	need_python || return 77
	inputs || return 1
	each_case dev_full_case
}

# closed_pipe MODE CMD: runs CMD (a shell command line) with standard
# output a pipe whose reader is gone before it starts ("closed"), or reads
# one byte and goes ("midway"); prints the exit status (-N: signal N).
# SIGPIPE is left at its default, as an MTA would leave it.
closed_pipe() {
	python3 - "$@" <<'EOF'
import os, subprocess, sys
mode, cmd = sys.argv[1], sys.argv[2]
r, w = os.pipe()
if mode == "closed":
    os.close(r)
p = subprocess.Popen(["sh", "-c", cmd], stdout=w, stderr=open("err", "wb"),
                     restore_signals=True)
os.close(w)
if mode == "midway":
    os.read(r, 1)
    os.close(r)
print(p.wait())
EOF
}

pipe_case() {
	for mode in $modes; do
		st=$(cd "$T" && closed_pipe $mode "exec <$2; $3")
		[ "$st" = 75 ] || {
			fail "$1, the pipe $mode: exit status $st, expected 75: $(head -c 300 "$T/err")"
			return 1
		}
	done
}

test_closed_pipe_every_tool_and_mode_exits_75() {
	# Protection: tool_init ignores SIGPIPE (options.c), so a write to a
	# pipe without reader fails with EPIPE, which out_finish makes 75.
	# Defeated (by hand, a scratch copy without signal(SIGPIPE, SIG_IGN)
	# in tool_init): the tools die of SIGPIPE (exit 141): FAIL (seen).
	# seem-classify survives a message with attachments even then, as
	# extract_run ignores SIGPIPE too.
	need_python || return 77
	inputs || return 1
	modes=closed
	each_case pipe_case
	# A reader that goes midway: where the output is more than a pipe holds.
	modes=midway
	each_case pipe_case 200000
}

# fsize_case: the output to a file under a file size limit of 64 blocks
# (32 or 64 KB, less than the outputs it is given): a new file, and one appended
# to, which must keep what it held.
fsize_case() {
	printf 'what the file held before\n' >"$T/old"
	for how in new append; do
		cp "$T/old" "$T/file"
		rc=0
		if [ $how = new ]; then
			(cd "$T" && ulimit -f 64 && eval "$3" <"$2" >"$T/file" 2>"$T/err") || rc=$?
		else
			(cd "$T" && ulimit -f 64 && eval "$3" <"$2" >>"$T/file" 2>"$T/err") || rc=$?
		fi
		[ "$rc" = 75 ] || {
			fail "$1 past the file size limit ($how): exit status $rc, expected 75: $(head -c 300 "$T/err")"
			return 1
		}
		if [ $how = new ]; then
			[ ! -s "$T/file" ] || { fail "$1: $(wc -c <"$T/file") bytes left in a new file"; return 1; }
		else
			cmp -s "$T/file" "$T/old" || {
				fail "$1: the file appended to now holds $(wc -c <"$T/file") bytes, not what it held"
				return 1
			}
		fi
	done
}

test_file_size_limit_every_tool_exits_75_and_truncates_back() {
	# A file size limit (an MTA may set one) is a full disk too.
	# Protection: tool_init ignores SIGXFSZ (options.c), so the write
	# fails with EFBIG instead of killing the tool; out_finish then
	# truncates a regular file back to where the output started, which
	# for a file opened to append (O_APPEND) is its size at the start
	# (out_init).
	# Defeated: before those two fixes every case died of SIGXFSZ (exit
	# 153) leaving 32 KB of half message; with the first fix alone, the
	# file appended to was truncated to nothing, losing what it held:
	# FAIL (seen).
	need_python || return 77
	inputs || return 1
	# The outputs larger than the limit (not --explain or --json).
	each_case fsize_case 100000
}

# fullfs_case: the same on a filesystem that is really full ($T/fs).
fullfs_case() {
	printf 'what the file held before\n' >"$T/old"
	for how in new append; do
		rm -f "$T/fs/file"
		cp "$T/old" "$T/fs/file"
		rc=0
		if [ $how = new ]; then
			(cd "$T" && eval "$3" <"$2" >"$T/fs/file" 2>"$T/err") || rc=$?
		else
			(cd "$T" && eval "$3" <"$2" >>"$T/fs/file" 2>"$T/err") || rc=$?
		fi
		[ "$rc" = 75 ] || {
			fail "$1 to a full filesystem ($how): exit status $rc, expected 75: $(head -c 300 "$T/err")"
			return 1
		}
		if [ $how = new ]; then
			[ ! -s "$T/fs/file" ] || { fail "$1: $(wc -c <"$T/fs/file") bytes left in a new file"; return 1; }
		else
			cmp -s "$T/fs/file" "$T/old" || {
				fail "$1: the file appended to now holds $(wc -c <"$T/fs/file") bytes, not what it held"
				return 1
			}
		fi
	done
}

test_full_filesystem_every_tool_exits_75_and_truncates_back() {
	# A 64 KB tmpfs in a private mount namespace: needs root (CI is).
	# Protection and defeat: as the file size limit test (ENOSPC instead
	# of EFBIG); out_init's O_APPEND start is what keeps a mailbox whole.
	need_python || return 77
	[ "$(id -u)" = 0 ] || { skip "not root: no tmpfs of our own"; return 77; }
	command -v unshare >/dev/null 2>&1 || { skip "no unshare"; return 77; }
	unshare -m true 2>/dev/null || { skip "unshare -m is not allowed here"; return 77; }
	inputs || return 1
	mkdir -p "$T/fs"
	# The rest of the test runs in the namespace, this file sourced again.
	rc=0
	unshare -m sh -c '
		mount -t tmpfs -o size=64k seemail-test "$T/fs" || exit 77
		. "$SRC/tests/lib.sh"
		. "$SRC/tests/cli/hardening_faults.sh"
		tab=$(printf "\t")
		set -e
		each_case fullfs_case 100000' || rc=$?
	[ "$rc" != 77 ] || { skip "cannot mount a tmpfs here"; return 77; }
	[ "$rc" = 0 ] || return 1
}

# ---- unreadable configuration and keys --------------------------------

# as_other CMD: runs the shell command line CMD as an unprivileged user
# when we are root (so that a file of mode 600 is unreadable), else as
# ourselves; like run.
as_other() {
	rc=0
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups sh -c "$1" \
		    >"$T/out" 2>"$T/err" </dev/null || rc=$?
	else
		sh -c "$1" >"$T/out" 2>"$T/err" </dev/null || rc=$?
	fi
}

# private FILE: FILE readable by no one but root (or, not root, by no one).
private() {
	if [ "$(id -u)" = 0 ]; then
		chown root "$1"
		chmod 600 "$1"
	else
		chmod 000 "$1"
	fi
}

test_unreadable_configuration_and_keys_exit_75_or_78_as_documented() {
	# SPEC: a key that cannot be read is transient (75); a broken
	# configuration is 78.  The man pages: seemail.conf, the directory,
	# the triggers, the templates and ca_file unreadable are 78; our key
	# and our certificate unreadable are 75 (seem-sign(1), seem-verify(1));
	# a read error (EIO) is 75 whatever the file.
	# Protection: config_read_file, certs_slurp and certs_read_key map
	# errno to the status.
	# Defeated (by hand, a scratch copy where config_read_file returns
	# EX_TEMPFAIL for EACCES): "seemail.conf unreadable" exits 75: FAIL
	# (seen).
	if [ "$(id -u)" = 0 ]; then
		command -v setpriv >/dev/null 2>&1 || { skip "root, and no setpriv to drop it"; return 77; }
		setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null ||
		    { skip "cannot run as nobody"; return 77; }
	fi
	need_python || return 77
	inputs || return 1
	# A copy of the PKI and the inputs that the other user can read.
	Q=$T/q
	mkdir -p "$Q"
	cp "$P"/*.pem "$P"/*.key "$P/directory" "$Q/"
	for n in alpha beta; do
		sed "s#$P#$Q#g" "$P/$n.conf" >"$Q/$n.conf"
	done
	sed -i "s#$P#$Q#g" "$Q/directory"
	cp "$T"/in.* "$Q/"
	printf 'SECRET [OURS]\n' >"$Q/triggers"
	mkdir -p "$Q/templates"
	cp "$SRC/share/seemail/templates/1A.txt" "$Q/templates/"
	chmod 755 "$T" "$Q" "$Q/templates"
	chmod 644 "$Q"/*
	if [ "$(id -u)" = 0 ]; then
		chown -R nobody "$Q"
		chmod 755 "${T%/*}"
	fi
	chmod 600 "$Q"/*.key
	# seem-verify needs beta's key; seem-sign alpha's.
	# check STATUS LABEL NAME=VALUE TOOL-LINE: the configuration of the
	# tool with NAME set to VALUE (or the whole file VALUE for "conf").
	check() {
		_want=$1 _label=$2 _set=$3 _tool=$4
		_n=${_tool%% *}
		_gw=alpha
		case $_tool in *verify*) _gw=beta ;; esac
		cp "$Q/$_gw.conf" "$Q/x.conf"
		chmod 644 "$Q/x.conf"
		if [ "${_set%%=*}" = conf ]; then
			_conf=${_set#conf=}
		else
			sed -i "/^${_set%%=*} =/d" "$Q/x.conf"
			printf '%s = %s\n' "${_set%%=*}" "${_set#*=}" >>"$Q/x.conf"
			_conf=$Q/x.conf
		fi
		as_other "$(printf "$_tool" "$_conf")"
		[ "$rc" = "$_want" ] || {
			fail "$_label: exit status $rc, expected $_want: $(head -c 300 "$T/err")"
			return 1
		}
		[ ! -s "$T/out" ] || { fail "$_label: wrote output"; return 1; }
	}
	cp "$Q/alpha.conf" "$Q/private.conf"
	private "$Q/private.conf"
	mkdir -p "$Q/conf.d"
	cp "$Q/directory" "$Q/dir.private"
	private "$Q/dir.private"
	cp "$Q/triggers" "$Q/triggers.private"
	private "$Q/triggers.private"
	cp "$Q/ca.pem" "$Q/ca.private"
	private "$Q/ca.private"
	cp "$Q/alpha.pem" "$Q/alpha.pem.private"
	private "$Q/alpha.pem.private"
	cp "$Q/beta.pem" "$Q/beta.pem.private"
	private "$Q/beta.pem.private"
	cp "$Q/alpha.key" "$Q/alpha.key.private"
	cp "$Q/beta.key" "$Q/beta.key.private"
	if [ "$(id -u)" = 0 ]; then
		chown root "$Q/alpha.key.private" "$Q/beta.key.private"
	else
		chmod 000 "$Q/alpha.key.private" "$Q/beta.key.private"
	fi
	chmod 700 "$Q/templates"
	[ "$(id -u)" = 0 ] && chown root "$Q/templates"
	cl="seem-classify -c %s $Q/in.msg"
	po="seem-policy -c %s -f ann@alpha.test bob@beta.test <$Q/in.classified"
	no="seem-notify -c %s <$Q/in.block"
	si="seem-sign -c %s bob@beta.test <$Q/in.deliver"
	ve="seem-verify -c %s <$Q/in.signed"
	for t in "$cl" "$po" "$no" "$si" "$ve"; do
		check 78 "${t%% *}: seemail.conf unreadable" "conf=$Q/private.conf" "$t" || return 1
		check 78 "${t%% *}: seemail.conf a directory" "conf=$Q/conf.d" "$t" || return 1
		check 75 "${t%% *}: seemail.conf cannot be read (EIO)" "conf=/proc/self/mem" "$t" || return 1
	done
	for t in "$po" "$si" "$ve"; do
		check 78 "${t%% *}: directory unreadable" "directory=$Q/dir.private" "$t" || return 1
	done
	check 78 "seem-classify: triggers unreadable" "triggers=$Q/triggers.private" "$cl" || return 1
	check 78 "seem-notify: templates unreadable" "templates=$Q/templates" "$no" || return 1
	check 78 "seem-verify: ca_file unreadable" "ca_file=$Q/ca.private" "$ve" || return 1
	check 75 "seem-sign: key unreadable" "key=$Q/alpha.key.private" "$si" || return 1
	check 75 "seem-verify: key unreadable" "key=$Q/beta.key.private" "$ve" || return 1
	check 75 "seem-sign: key cannot be read (EIO)" "key=/proc/self/mem" "$si" || return 1
	check 75 "seem-sign: certificate unreadable" "cert=$Q/alpha.pem.private" "$si" || return 1
	check 75 "seem-verify: certificate unreadable" "cert=$Q/beta.pem.private" "$ve" || return 1
}

# ---- memory exhaustion ------------------------------------------------

sanitized() {
	grep -q __asan_init "$SEEMAIL_BIN/seem-classify" 2>/dev/null
}

# limited KB CMD: the shell command line CMD under ulimit -v KB, from
# $T; the exit status in $rc (a signal N as 128+N).
limited() {
	rc=0
	(cd "$T" && ulimit -v "$1" && eval "exec $2") >"$T/out" 2>"$T/err" </dev/null || rc=$?
}

# lowest CMD [STATUS]: the smallest ulimit -v (KB, to 16 KB) under which
# CMD exits with STATUS (0).
lowest() {
	_lo=256 _hi=1048576 _ok=${2:-0}
	limited $_hi "$1"
	[ "$rc" = "$_ok" ] || { fail "exit status $rc even under ulimit -v $_hi: $1"; return 1; }
	while [ $((_hi - _lo)) -gt 16 ]; do
		_mid=$(((_lo + _hi) / 2))
		limited $_mid "$1"
		if [ "$rc" = "$_ok" ]; then _hi=$_mid; else _lo=$_mid; fi
	done
	echo $_hi
}

memory_case() {
	_tool=${3%% *}
	# Where the program itself can start at all (the loader and libc
	# need their share first: below that it is exit 127, not ours).
	start=$(lowest "$_tool --version") || return 1
	_ok=$(ok_status "$1")
	works=$(lowest "$3 <$2" "$_ok") || return 1
	# In between and a little above, every failure is a clean 75.
	kb=$start
	while [ "$kb" -le $((works + 512)) ]; do
		limited "$kb" "$3 <$2"
		case $rc in
		"$_ok"|75) ;;
		# 78 included: an OpenSSL malloc failure is transient too
		# (cms_config_status), never a configuration error.
		*) fail "$1 under ulimit -v $kb (it starts at $start, works at $works):" \
		       "exit status $rc: $(head -c 300 "$T/err")"
		   return 1 ;;
		esac
		[ "$rc" != 75 ] || [ ! -s "$T/out" ] || { fail "$1 under ulimit -v $kb: 75 with output"; return 1; }
		# Every 16 KB through the tool's own start-up, then every
		# 128 KB (where seem-classify's children need room to load).
		if [ "$kb" -lt $((start + 1024)) ]; then kb=$((kb + 16)); else kb=$((kb + 128)); fi
	done
	# Room to start, none for the big message: 75 and nothing written.
	limited $((works + 2048)) "$3 <$T/big.$2"
	[ "$rc" = 75 ] || { fail "$1, big message under ulimit -v $((works + 2048)): exit status $rc: $(head -c 300 "$T/err")"; return 1; }
	[ ! -s "$T/out" ] || { fail "$1: output with 75"; return 1; }
}

test_memory_exhaustion_every_tool_exits_75_never_a_crash() {
	# For each tool and mode: the smallest ulimit -v under which it
	# starts (--version) and under which it does its work; every limit
	# between them (every 16 KB for the first megabyte, then every
	# 128 KB) must give 0 or 75, never a signal; then a 64 MB message
	# with 2 MB of room must give 75 and no output.
	# Protection: every allocation is checked and becomes EX_TEMPFAIL
	# (buf.c's sticky error, input.c, config.c).
	# Defeated: before config_defaults stopped calling abort() when a
	# default could not be copied for want of memory, every tool died of
	# SIGABRT in a window of about 100 KB: FAIL (seen).
	# Known bug (reported): seem-sign and seem-verify exit 78 when
	# OpenSSL runs out of memory reading a certificate (certs.c) or
	# adding the signer (cms_sign.c); the test says so and skips until
	# it is fixed, then passes by itself.
	sanitized && { skip "AddressSanitizer build: ulimit -v cannot apply"; return 77; }
	need_python || return 77
	inputs 16 || return 1
	# The big inputs: the same, 64 MB larger.
	for f in in.msg in.classified in.deliver in.block in.signed; do
		python3 - "$T/$f" "$T/big.$f" <<'EOF'
import sys
d = open(sys.argv[1], "rb").read()
h, b = d.split(b"\n\n", 1)
open(sys.argv[2], "wb").write(h + b"\n\n" + (b"x" * 1023 + b"\n") * 65536 + b)
EOF
	done
	# Through standard input only: seem-classify FILE maps the file.
	grep -v 'classify FILE' "$T/cases" >"$T/cases.mem"
	mv "$T/cases.mem" "$T/cases"
	each_case memory_case
}

# ---- a real extractor child, killed -------------------------------------

# children PID: the processes whose parent is PID (from /proc: procps may
# not be installed).
children() {
	for _s in /proc/[0-9]*/stat; do
		read -r _pid _comm _state _ppid _rest <"$_s" 2>/dev/null || continue
		[ "$_ppid" = "$1" ] && echo "$_pid"
	done
	return 0
}

# kill_child_of PID NAME: waits (up to 20 s) for a child of PID named NAME
# (or, NAME "grandchild:X", a child X of a child of PID), then kills it
# with SIGKILL, as the OOM killer or an operator would.
kill_child_of() {
	_w=0
	while [ $_w -lt 400 ]; do
		for _c in $(children "$1"); do
			case $2 in
			grandchild:*)
				for _g in $(children "$_c"); do
					if grep -q "${2#grandchild:}" "/proc/$_g/comm" 2>/dev/null; then
						kill -KILL "$_g" && return 0
					fi
				done ;;
			*)
				if grep -q "$2" "/proc/$_c/comm" 2>/dev/null; then
					kill -KILL "$_c" && return 0
				fi ;;
			esac
		done
		sleep 0.05
		_w=$((_w + 1))
	done
	fail "no child $2 of $1 to kill"
}

# slow_pdf OUT: a PDF whose second page takes minutes of CPU (and whose
# first is marked), so that its reader is still running when killed.
slow_pdf() {
	sh "$SRC/tests/fixtures/pdf/make-pdf.sh" -o "$1" -x work-bomb -D 12 "[RESTRICTED] page one"
}

# classify_killing CONF MSG NAME: seem-classify -c CONF MSG in the
# background, its child NAME killed; the stamps, unfolded, in $T/stamps.
classify_killing() {
	rc=0
	seem-classify -c "$1" "$2" >"$T/out" 2>"$T/err" </dev/null &
	_p=$!
	kill_child_of $_p "$3" || { kill $_p; return 1; }
	wait $_p || rc=$?
	stamps_of "$T/out" >"$T/stamps"
}

test_real_extractor_children_killed_from_outside_leave_their_part_uninspectable() {
	# extract_isolation.sh does this with fake extractors that kill
	# themselves; here the real seem-extract-pdf, seem-extract and a
	# seem-extract-pdf started by seem-extract (a PDF in a ZIP) are
	# killed by SIGKILL from outside, in the middle of their work.
	# Protection: extract.c: a child that dies by a signal makes its part
	# uninspectable ("killed by signal 9"); findings it sent before stay.
	# Defeated (by hand, a scratch copy whose failure() ignores
	# WIFSIGNALED): the part passes with no stamp: FAIL (seen).
	need_python || return 77
	printf 'extract_cpu = 120\nextract_timeout = 120\n' >c.conf
	slow_pdf slow.pdf
	python3 - <<'EOF'
import zipfile
with zipfile.ZipFile("slow.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.write("slow.pdf", "inner/slow.pdf")
EOF
	for f in slow.pdf slow.zip; do
		{
			printf 'From: ann@alpha.test\nTo: bob@beta.test\nSubject: killed\nMIME-Version: 1.0\n'
			printf 'Content-Type: multipart/mixed; boundary="b1"\n\n--b1\nContent-Type: text/plain\n\nsee\n'
			printf -- '--b1\nContent-Type: application/octet-stream\n'
			printf 'Content-Disposition: attachment; filename="%s"\nContent-Transfer-Encoding: base64\n\n' $f
			base64 $f
			printf -- '--b1--\n'
		} >m.$f
	done
	t0=$(date +%s)
	classify_killing c.conf m.slow.pdf seem-extract-pd
	expect_rc 0
	grep -q '^X-SEEMail-Uninspectable: "the PDF extractor was killed by signal 9" in attachment "slow\.pdf"' "$T/stamps" ||
	    fail "PDF child: $(cat "$T/stamps")"
	# Page one was sent before the kill: its finding stays.
	grep -q '^X-SEEMail-Classification: RESTRICTED$' "$T/stamps" || fail "the finding before the kill was lost"
	tail -c "$(wc -c <m.slow.pdf)" "$T/out" | cmp -s - m.slow.pdf || fail "the message was not passed through"

	classify_killing c.conf m.slow.zip seem-extract
	expect_rc 0
	grep -q '^X-SEEMail-Uninspectable: "the ZIP extractor was killed by signal 9" in attachment "slow\.zip"' "$T/stamps" ||
	    fail "ZIP child: $(cat "$T/stamps")"

	classify_killing c.conf m.slow.zip grandchild:seem-extract-pd
	expect_rc 0
	grep -q '^X-SEEMail-Uninspectable: "the PDF extractor was killed by signal 9" in attachment "slow\.zip" .*> inner/slow\.pdf' "$T/stamps" ||
	    fail "PDF grandchild: $(cat "$T/stamps")"
	grep -q '^X-SEEMail-Classification: RESTRICTED$' "$T/stamps" || fail "the grandchild's finding was lost"
	[ $(($(date +%s) - t0)) -lt 60 ] || fail "took $(($(date +%s) - t0)) s"
}

# ---- an MTA that retries on 75 ----------------------------------------
#
# The fake MTA keeps a queue of messages with their envelopes and hands
# each, in rounds, to a pipe transport (the glue below, shaped as in
# ../shared/MTA-TESTING.md: each stage into a file of its own, the last
# one streamed to the next hop).  Exit 0: done; 75: the message stays
# queued and is tried again in the next round; the MTA's own timeout
# (its transport killed): deferred too, as Exim's timeout_defer does;
# any other status: bounced, which here means LOST.  Each attempt may
# carry one fault, which the next attempt no longer has.

# mta_setup: the glue, the next hops and the messages, in $T.
mta_setup() {
	inputs 4 || return 1
	mkdir -p queue delivered notices local
	cp "$P/alpha.conf" alpha.conf
	cp "$P/beta.conf" beta.conf
	# The next hops: each stores what it is given as a new file.
	cat >hop <<-'EOF'
	#!/bin/sh
	# hop DIR: stores standard input as a new file in DIR, unless it is
	# empty (as an SMTP server takes no message without DATA); with
	# HOP_CLOSED set, goes without reading (a closed pipe).
	[ -z "${HOP_CLOSED:-}" ] || exit 75
	f=$(mktemp "$1/tmp.XXXXXX") || exit 75
	cat >"$f" && [ -s "$f" ] || { rm -f "$f"; exit 75; }
	mv "$f" "$f.eml"
	EOF
	# A seem-extract that cannot be started (FAULT=extractor).
	mkdir -p broken
	printf '#!/nonexistent/interpreter\n' >broken/seem-extract
	printf '#!/nonexistent/interpreter\n' >broken/seem-extract-pdf
	chmod 755 hop broken/*
	cat >glue <<-'EOF'
	#!/bin/sh
	# glue out|in SENDER RCPT...: the pipe transport.  Exit: the failing
	# tool's status, 75 for our own failures.
	way=$1 sender=$2
	shift 2
	tmp=$(mktemp -d) || exit 75
	trap 'rm -rf "$tmp"' EXIT
	cat >"$tmp/0" || exit 75
	# t NAME ARGS...: a tool, under the fault meant for it.
	t() {
		case $FAULT in
		memory) (ulimit -v 12000 && exec "$@") ;;
		fsize) (ulimit -f 1 && exec "$@") ;;
		extractor) SEEMAIL_LIBEXEC=$T/broken "$@" ;;
		killed:$1) sleep 60; "$@" ;;
		full:$1) "$@" >/dev/full ;;
		*) "$@" ;;
		esac
	}
	if [ "$way" = out ]; then
		t seem-classify -c "$T/$GW.conf" <"$tmp/0" >"$tmp/1" || exit $?
		st=0
		t seem-policy -c "$T/$GW.conf" -f "$sender" "$@" <"$tmp/1" >"$tmp/2" || st=$?
		if [ $st = 77 ]; then
			# Refused: the notice goes to the sender; the message
			# itself is done.
			t seem-notify -c "$T/$GW.conf" -f "$sender" <"$tmp/2" >"$tmp/3" || exit $?
			[ ! -s "$tmp/3" ] || "$T/hop" "$T/notices" <"$tmp/3" || exit 75
			exit 0
		fi
		[ $st = 0 ] || exit $st
		# The last stage streams to the next hop: its status and the
		# hop's both count.
		{ t seem-sign -c "$T/$GW.conf" "$@" <"$tmp/2"; echo $? >"$tmp/st"; } |
		    HOP_CLOSED=${HOP_CLOSED:-} "$T/hop" "$T/delivered" || {
			st=$(cat "$tmp/st")
			[ "$st" != 0 ] || st=75
			exit $st
		}
		exit "$(cat "$tmp/st")"
	else
		t seem-verify -c "$T/$GW.conf" <"$tmp/0" >"$tmp/1" || exit $?
		t seem-classify -c "$T/$GW.conf" <"$tmp/1" >"$tmp/2" || exit $?
		t seem-policy -c "$T/$GW.conf" --inbound -f "$sender" <"$tmp/2" >"$tmp/3" || exit $?
		t seem-notify -c "$T/$GW.conf" -f "$sender" <"$tmp/3" >"$tmp/4" || exit $?
		[ -s "$tmp/4" ] || exit 75
		"$T/hop" "$T/local" <"$tmp/4" || exit 75
	fi
	EOF
	chmod 755 glue
	# The queue: NAME, way, gateway, sender, recipients, then the faults
	# of its attempts, one a line in NAME.faults.
	mkmsg() {
		_id=$1 _subj=$2 _to=$3
		shift 3
		{
			printf 'From: Ann <ann@alpha.test>\nTo: %s\nSubject: %s\n' "$_to" "$_subj"
			printf 'Date: Mon, 1 Jan 2024 10:00:00 +1300\nMessage-ID: <%s@alpha.test>\n' "$_id"
			printf 'MIME-Version: 1.0\n'
			"$@"
		} >"queue/$_id.eml"
	}
	plain() {
		printf 'Content-Type: text/plain\n\nmarker-%s\n' "$_id"
		i=0
		while [ $i -lt "${1:-1}" ]; do printf '%01023d\n' $i; i=$((i + 1)); done
	}
	attached() {
		printf 'Content-Type: multipart/mixed; boundary="b1"\n\n--b1\nContent-Type: text/plain\n\nmarker-%s\n' "$_id"
		for f in r.pdf z.zip; do
			printf -- '--b1\nContent-Type: application/octet-stream\n'
			printf 'Content-Disposition: attachment; filename="%s"\n' $f
			printf 'Content-Transfer-Encoding: base64\n\n'
			base64 "$T/$f"
		done
		printf -- '--b1--\n'
	}
	mkmsg m1 "Lunch" bob@beta.test plain
	echo "out alpha ann@alpha.test bob@beta.test" >queue/m1.env
	printf 'key\nkilled:seem-sign\n' >queue/m1.faults
	mkmsg m2 "Budget [SEEMAIL]" x@example.com plain
	echo "out alpha ann@alpha.test x@example.com" >queue/m2.env
	printf 'full:seem-notify\nkilled:seem-notify\n' >queue/m2.faults
	mkmsg m3 "Files" bob@beta.test attached
	echo "out alpha ann@alpha.test bob@beta.test" >queue/m3.env
	printf 'extractor\nfsize\n' >queue/m3.faults
	mkmsg m4 "Big" bob@beta.test plain 4096
	echo "out alpha ann@alpha.test bob@beta.test" >queue/m4.env
	printf 'memory\nclosed\nfull:seem-sign\n' >queue/m4.faults
	# Inbound at beta: one signed by alpha, one plain from outside.
	mkmsg m5 "Report" bob@beta.test plain
	seem-sign -c "$P/alpha.conf" bob@beta.test <queue/m5.eml >m5.signed || fail "sign m5"
	mv m5.signed queue/m5.eml
	echo "in beta ann@alpha.test bob@beta.test" >queue/m5.env
	printf 'key\nfull:seem-verify\n' >queue/m5.faults
	mkmsg m6 "Figures [IN-CONFIDENCE]" bob@beta.test attached
	sed -i 's/ann@alpha\.test/xavier@other.test/' queue/m6.eml
	echo "in beta xavier@other.test bob@beta.test" >queue/m6.env
	printf 'memory\nfsize\nextractor\n' >queue/m6.faults
}

# mta_attempt NAME FAULT: one delivery attempt; its outcome in $outcome
# (done, deferred or LOST).  Under AddressSanitizer, which cannot run
# under ulimit -v, the fault "memory" is a full disk under seem-classify.
mta_attempt() {
	if [ "$2" = memory ] && sanitized; then
		set -- "$1" full:seem-classify
	fi
	read -r _way _gw _sender _rcpts <"queue/$1.env"
	# The fault "key": the gateway key is not where the configuration
	# says (a key being replaced); "closed": the next hop goes at once.
	cp "$P/$_gw.conf" "$_gw.conf"
	[ "$2" != key ] || echo "key = $T/missing.key" >>"$_gw.conf"
	_hop=
	[ "$2" != closed ] || _hop=1
	rc=0
	# The MTA's timeout: 5 s (Exim's is longer; the fault "killed:TOOL"
	# makes TOOL sleep past it).  timeout kills the transport's process
	# group, as Exim does.
	_to=5
	! sanitized || _to=30
	FAULT=$2 GW=$_gw HOP_CLOSED=$_hop T=$T timeout -s KILL $_to \
	    ./glue "$_way" "$_sender" $_rcpts <"queue/$1.eml" >"$T/glue.out" 2>"$T/glue.err" || rc=$?
	case $rc in
	0) outcome=done ;;
	75|137) outcome=deferred ;;
	*) outcome=LOST ;;
	esac
	echo "$1 fault=${2:-none} exit=$rc $outcome $(tr '\n' ' ' <"$T/glue.err" | head -c 200)" >>"$T/mta.log"
}

test_mta_retrying_on_75_delivers_every_message_exactly_once() {
	# Six messages, outbound and inbound, each meeting one or more faults
	# on its first attempts: the gateway key missing, the MTA's timeout
	# killing a stage, a full disk under seem-notify, seem-sign and
	# seem-verify (/dev/full), an extractor that cannot be started, a
	# file size limit, ulimit -v, the next hop closing its pipe.
	# Protection: every tool exits 75 on a transient failure and writes
	# nothing (output.c, status.c), so the MTA keeps the message; the
	# glue hands over only complete results.
	# Defeated (by hand, scratch copies of the tree): with SIGXFSZ left
	# at its default, m3 died of it (exit 153) and was bounced; with
	# SIGPIPE not ignored, m4 died of it (141) and was bounced; with
	# out_finish returning 0 after a failed write, seem-verify "passed"
	# m5 on with nothing written and the next stage bounced it: LOST,
	# FAIL each time (seen).
	need_python || return 77
	mta_setup || return 1
	round=1
	while [ $round -le 6 ] && ls queue/*.env >/dev/null 2>&1; do
		for e in queue/*.env; do
			n=$(basename "$e" .env)
			fault=$(sed -n "${round}p" "queue/$n.faults")
			mta_attempt "$n" "$fault"
			case $outcome in
			done) rm -f "queue/$n.env" ;;
			deferred) [ -n "$fault" ] || fail "$n deferred with no fault: $(tail -1 "$T/mta.log")" ;;
			LOST) fail "$n was bounced: $(tail -1 "$T/mta.log")"; return 1 ;;
			esac
		done
		round=$((round + 1))
	done
	[ ! -e queue/m1.env ] && ! ls queue/*.env >/dev/null 2>&1 ||
	    { fail "still queued after 6 rounds: $(ls queue/*.env); $(cat "$T/mta.log")"; return 1; }
	# Every fault was met, and deferred the message.
	mem=memory
	! sanitized || mem=full:seem-classify
	for f in key killed:seem-sign full:seem-notify killed:seem-notify extractor fsize $mem closed \
	    full:seem-sign full:seem-verify; do
		grep -q "fault=$f exit=\(75\|137\) deferred" "$T/mta.log" ||
		    fail "fault $f did not defer: $(grep "fault=$f " "$T/mta.log")"
	done
	# Exactly once: m1, m3, m4 to beta, signed; m2 refused, one notice;
	# m5, m6 delivered at beta (m6 as a 4A warning).
	for n in m1 m3 m4; do
		c=$(grep -l "marker-$n" delivered/*.eml 2>/dev/null | wc -l)
		[ "$c" = 0 ] || fail "$n: its marker is readable on the wire"
		c=0
		for d in delivered/*.eml; do
			seem-verify -c "$P/beta.conf" <"$d" >v 2>/dev/null || continue
			if grep -q "marker-$n" v; then
				c=$((c + 1))
				grep -q '^X-SEEMail-Verified: pass' v || fail "$n does not verify"
			fi
		done
		[ "$c" = 1 ] || fail "$n delivered $c times"
	done
	[ "$(ls delivered/*.eml | wc -l)" = 3 ] || fail "$(ls delivered/*.eml | wc -l) deliveries to beta, not 3"
	[ "$(ls notices/*.eml 2>/dev/null | wc -l)" = 1 ] || fail "$(ls notices | wc -l) notices, not 1"
	grep -q 'marker-m2' notices/*.eml || fail "the notice is not about m2"
	grep -q '^Subject: Not sent (SEEMail 1A)' notices/*.eml || fail "not a 1A notice"
	for n in m5 m6; do
		c=$(grep -l "marker-$n" local/*.eml 2>/dev/null | wc -l)
		[ "$c" = 1 ] || fail "$n delivered $c times at beta"
	done
	grep -l 'marker-m5' local/*.eml | xargs grep -q '^X-SEEMail-Verified: pass' || fail "m5 not verified"
	grep -l 'marker-m6' local/*.eml | xargs grep -q '^X-SEEMail-Policy: warn; code=4A' || fail "m6 not a 4A warning"
}
