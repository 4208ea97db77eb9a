#!/bin/sh
# tests/valgrind/run.sh BIN LIBEXEC [UNIT-TEST...]: memcheck over a
# representative subset (make check-valgrind, issue 8 item 2).
#
# Each tool, under valgrind, on messages whose attachments cover every
# format (OOXML, OpenDocument, OLE2 Word, Excel, PowerPoint and Publisher,
# encrypted Office, RTF, TNEF, PDF, ZIP in ZIP, gzip, tar) and every mode
# (the message, --explain, --json, blocks, notices, warnings, signing,
# verifying, a failed write); then each extractor child on each attachment,
# with the arguments seem-classify gives it; then the unit tests named
# (CK_FORK=no: in one process).  Any error, or any definitely lost block,
# fails the run (valgrind's exit status 70), and so does a tool that
# exits with another status than expected.
#
# Why the children run on their own, not through seem-classify with
# --trace-children=yes: a child runs under RLIMIT_FSIZE 0 (extract.c), and
# valgrind cannot start under that limit (it writes files of its own and
# dies of SIGXFSZ); nor can the hard limit be raised again without
# CAP_SYS_RESOURCE.  So seem-classify runs under memcheck with its real
# children running natively, and each child runs under memcheck on the
# same bytes.  For the same reason nothing runs with --trace-children=yes
# (a child's own child, the PDF reader of a PDF in a ZIP, runs natively;
# seem-extract-pdf itself is run under memcheck on every PDF).
set -u
BIN=$(cd "$1" && pwd)
LIBEXEC=$(cd "$2" && pwd)
shift 2
units=
for t in "$@"; do
	units="$units $(cd "$(dirname "$t")" && pwd)/$(basename "$t")"
done
SRC=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=$SRC/../shared
PATH=$BIN:$PATH
SEEMAIL_CONF=
SEEMAIL_LIBEXEC=$LIBEXEC
export PATH SEEMAIL_CONF SEEMAIL_LIBEXEC

command -v valgrind >/dev/null 2>&1 || { echo "valgrind: not installed (make deps)" >&2; exit 1; }
W=$(mktemp -d "${TMPDIR:-/tmp}/seemail-valgrind.XXXXXX")
trap 'rm -rf "$W"' EXIT
VG="valgrind -q --error-exitcode=70 --leak-check=full --errors-for-leak-kinds=definite
    --vgdb=no --trace-children=no --num-callers=30"
fails=0 runs=0

# vg WANT NAME CMD...: CMD under memcheck (stdin as given by the caller,
# stdout to $W/out or $VG_OUT); its exit status must be WANT ("0|77").
vg() {
	_want=$1 _name=$2
	shift 2
	rc=0
	$VG "$@" >"${VG_OUT:-$W/out}" 2>"$W/err" || rc=$?
	runs=$((runs + 1))
	case "|$_want|" in
	*"|$rc|"*)
		# A child's memcheck report reaches us as its stderr.
		if grep -q '==[0-9]*==' "$W/err"; then
			echo "FAIL  $_name: a child's memcheck report" >&2
			sed 's/^/      /' "$W/err" | head -60 >&2
			fails=$((fails + 1))
		else
			echo "ok    $_name"
		fi ;;
	*)
		echo "FAIL  $_name: exit status $rc, expected $_want" >&2
		sed 's/^/      /' "$W/err" | head -60 >&2
		fails=$((fails + 1)) ;;
	esac
}

# ---- inputs ---------------------------------------------------------------
D=$SRC/tests/fixtures/docs
cd "$W" || exit 1
P=$W/pki
sh "$SRC/tests/pki/make-pki.sh" "$P" >/dev/null 2>&1 || { echo "make-pki.sh failed" >&2; exit 1; }
# Children may be slow under their own limits: valgrind is not in them,
# but the parent waits for them under memcheck.
printf 'extract_cpu = 300\nextract_timeout = 600\n' >vg.conf
cat "$P/alpha.conf" vg.conf >alpha.conf
cat "$P/beta.conf" vg.conf >beta.conf

printf 'plain text of a tarred file [SEEMAIL]\n' >tarred.txt
tar -cf files.tar tarred.txt
gzip -c tarred.txt >tarred.txt.gz
tar -czf files.tar.gz tarred.txt
python3 - "$D/page3.pdf" <<'EOF'
import sys, zipfile
with zipfile.ZipFile("pdf-in-zip.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.write(sys.argv[1], "inner/page3.pdf")
    z.writestr("inner/notes.txt", "[IN-CONFIDENCE] notes")
EOF
printf '\377\376' >utf16.txt
printf 'UTF-16 text [RESTRICTED]\r\n' | iconv -f UTF-8 -t UTF-16LE >>utf16.txt

# message OUT SUBJECT FILE...: a message with an HTML body and the files
# attached (base64).
message() {
	_out=$1 _subj=$2
	shift 2
	{
		printf 'From: Ann <ann@alpha.test>\nTo: bob@beta.test\nSubject: %s\n' "$_subj"
		printf 'Date: Mon, 1 Jan 2024 10:00:00 +1300\nMessage-ID: <%s@alpha.test>\n' "$(basename "$_out")"
		printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"\n\n'
		printf -- '--b1\nContent-Type: multipart/alternative; boundary="b2"\n\n'
		printf -- '--b2\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n'
		printf 'Kia ora, the [SEE=\nMAIL] notes.\n'
		printf -- '--b2\nContent-Type: text/html; charset=utf-8\n\n'
		printf '<p>Kia ora, the [SEN<b>SITIVE</b>&#93; &amp; notes&nbsp;</p>\n--b2--\n'
		for f in "$@"; do
			[ -f "$f" ] || continue
			printf -- '--b1\nContent-Type: application/octet-stream\n'
			printf 'Content-Disposition: attachment; filename="%s"\n' "$(basename "$f")"
			printf 'Content-Transfer-Encoding: base64\n\n'
			base64 "$f"
		done
		printf -- '--b1--\n'
	} >"$_out"
}

PUB=$SHARED/fixtures/publisher
TNEF=$SHARED/fixtures/tnef
OOXML="$D/body.docx $D/cell.xlsx $D/slide.pptx $D/msip-label.docx $D/encrypted.docx"
ODF="$D/body.odt $D/cell.ods $D/slide.odp"
OLE2="$D/body.doc $D/cell.xls $D/slide.ppt $D/embedded-sheet.doc $D/encrypted.xls"
OTHER="$D/body.rtf $D/unicode-escapes.rtf $D/page3.pdf $D/user-password.pdf $D/nested.zip
       $D/docx-in-zip.zip $D/encrypted-entry.zip pdf-in-zip.zip tarred.txt.gz files.tar
       files.tar.gz utf16.txt"
SHARED_FILES="$PUB/14.0_REG-TXT1-pub2010.pub $PUB/1.0_CALEND1.PUB $TNEF/body.tnef $TNEF/attachments.tnef"
message ooxml.eml 'Office [IN-CONFIDENCE]' $OOXML
message odf.eml 'OpenDocument' $ODF
message ole2.eml '=?utf-8?q?Legacy_=5BRESTRICTED=5D?=' $OLE2 $SHARED_FILES
message other.eml 'Other formats' $OTHER
plain=$SRC/share/seemail/examples/01-lunch.eml

# ---- the tools --------------------------------------------------------------
for m in ooxml odf ole2 other; do
	vg 0 "seem-classify $m" seem-classify -c alpha.conf $m.eml </dev/null
	cp "$W/out" $m.classified
	# The readers must have read: a child that failed (under its limits,
	# beside a parent slowed by memcheck) would make this no test of them.
	if grep -q '^X-SEEMail-Uninspectable: "the .* extractor' $m.classified; then
		echo "FAIL  seem-classify $m: an extractor failed" >&2
		grep '^X-SEEMail-Uninspectable: "the .* extractor' $m.classified | head -5 >&2
		fails=$((fails + 1))
	fi
done
vg 0 "seem-classify --explain" seem-classify -c alpha.conf --explain other.eml </dev/null
vg 0 "seem-classify --json" seem-classify -c alpha.conf --json ooxml.eml </dev/null
for e in "$SRC"/share/seemail/examples/*.eml; do
	vg 0 "seem-classify $(basename "$e")" seem-classify <"$e"
done
VG_OUT=/dev/full vg 75 "seem-classify to /dev/full" seem-classify -c alpha.conf ole2.eml </dev/null
vg 65 "seem-classify, not a message" seem-classify </dev/null
vg 78 "seem-classify, a broken configuration" seem-classify -c /nonexistent/seemail.conf </dev/null

seem-classify -c alpha.conf "$plain" >plain.classified
vg 0 "seem-policy deliver" seem-policy -c alpha.conf -f ann@alpha.test bob@beta.test <plain.classified
cp "$W/out" plain.deliver
vg 77 "seem-policy block" seem-policy -c alpha.conf -f ann@alpha.test x@example.com bob@beta.test <ooxml.classified
cp "$W/out" ooxml.block
vg 77 "seem-policy --explain" seem-policy -c alpha.conf --explain -f ann@alpha.test x@example.com <ooxml.classified
vg 77 "seem-policy --json" seem-policy -c alpha.conf --json -f ann@alpha.test x@example.com <other.classified
# The test PKI lists an expired certificate and one without digitalSignature.
vg 78 "seem-policy --check" seem-policy -c alpha.conf --check </dev/null
vg 0 "seem-policy --inbound" seem-policy -c beta.conf --inbound <ole2.classified
cp "$W/out" ole2.warn

vg 0 "seem-notify block" seem-notify -c alpha.conf <ooxml.block
vg 0 "seem-notify warn" seem-notify -c beta.conf <ole2.warn
vg 0 "seem-notify deliver" seem-notify -c alpha.conf <plain.deliver

vg 0 "seem-sign" seem-sign -c alpha.conf bob@beta.test <plain.deliver
cp "$W/out" plain.signed
printf 'cipher = aes-256-gcm\nrsa_padding = pss\n' | cat alpha.conf - >gcm.conf
vg 0 "seem-sign GCM, PSS, ECDSA destination" seem-sign -c gcm.conf bob@beta.test cy@gamma.test <plain.deliver
cp "$W/out" gcm.signed
VG_OUT=/dev/full vg 75 "seem-sign to /dev/full" seem-sign -c alpha.conf bob@beta.test <plain.deliver
vg 0 "seem-sign to a non-member" seem-sign -c alpha.conf x@example.com <plain.deliver
vg 77 "seem-sign refuses uninspectable content" seem-sign -c alpha.conf bob@beta.test <ooxml.block
vg 0 "seem-verify" seem-verify -c beta.conf <plain.signed
vg 0 "seem-verify GCM" seem-verify -c beta.conf <gcm.signed
vg 0 "seem-verify plain mail" seem-verify -c beta.conf <other.eml
sed '$d' plain.signed >tampered.signed
vg 0 "seem-verify tampered" seem-verify -c beta.conf <tampered.signed

# ---- the extractor children, on their own -------------------------------
# child TYPE FILE [HELPER]: the child as seem-classify runs it for FILE.
child() {
	_h=${3:-seem-extract}
	_n=$(basename "$2")
	vg 0 "$_h --type $1 $_n" "$LIBEXEC/$_h" -c "$W/vg.conf" --type "$1" --depth 1 --name "$_n" \
	    --where "attachment \"$_n\"" --part 2 --ctype application/octet-stream \
	    --filename "$_n" --header "" --inside "" <"$2"
	grep -q '^E$' "$W/out" || { echo "FAIL  $_h $_n: no end record" >&2; fails=$((fails + 1)); }
}
for f in $OOXML $ODF $D/nested.zip $D/docx-in-zip.zip $D/encrypted-entry.zip pdf-in-zip.zip; do
	child zip "$f"
done
for f in $OLE2 "$PUB/14.0_REG-TXT1-pub2010.pub" "$PUB/1.0_CALEND1.PUB"; do
	[ -f "$f" ] && child ole2 "$f"
done
for f in "$TNEF/body.tnef" "$TNEF/attachments.tnef"; do
	[ -f "$f" ] && child tnef "$f"
done
child rtf "$D/body.rtf"
child rtf "$D/unicode-escapes.rtf"
child gzip tarred.txt.gz
child gzip files.tar.gz
child tar files.tar
for f in "$D/page3.pdf" "$D/user-password.pdf" "$D/prop-keywords.pdf" "$SRC/tests/fixtures/pdf/owner-only.pdf"; do
	child pdf "$f" seem-extract-pdf
done

# ---- the unit tests ---------------------------------------------------------
# In one process, so that a leak is not hidden in a forked child.
CK_FORK=no
export CK_FORK
for t in $units; do
	vg 0 "$(basename "$t")" "$t" </dev/null
done

echo "valgrind: $runs runs, $fails failed"
[ "$fails" = 0 ]
