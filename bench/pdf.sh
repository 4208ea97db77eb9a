#!/bin/sh
# pdf.sh [BINDIR [WORKDIR]]: seem-classify on a message carrying a
# 300-page PDF against pdftotext on the same file (issue 3 item 9: at most
# 1.1 times the CPU time; the engine is the same, poppler).
#
# The PDF is made here by LibreOffice headless from a flat OpenDocument
# text written by awk: 300 pages of prose, one section a page, a header
# and a footer on every page, one [SENSITIVE:BUDGET] on page 150.  CPU
# time is user + system of the command and every child it waited for
# (seem-classify's extractor included): through $RUNONE (bench/runone,
# wait4) under make bench, else GNU time.  The tools run in turn, each
# round, so that both see the same machine; the figure is the median of
# $ROUNDS rounds (default 7, at least 5).
#
# Needs soffice and pdftotext (poppler-utils); says so and exits 0 when
# one is missing, as the other benchmarks do.  Exit status 1 if the goal
# is missed or seem-classify does not find the term.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
bindir=$(cd "${1:-$here/../bin}" && pwd)
work=${2:-}
rounds=${ROUNDS:-7}
pages=${PAGES:-300}
goal=1.1
[ "$rounds" -ge 5 ] || rounds=5

for t in soffice pdftotext; do
	command -v $t >/dev/null 2>&1 || { echo "pdf: skipped: no $t on this machine"; exit 0; }
done
if [ -z "${RUNONE:-}" ] || [ ! -x "$RUNONE" ]; then
	RUNONE=
	[ -x /usr/bin/time ] || { echo "pdf: skipped: neither \$RUNONE nor /usr/bin/time"; exit 0; }
fi
if [ -z "$work" ]; then
	work=$(mktemp -d "${TMPDIR:-/tmp}/seemail-bench-pdf.XXXXXX")
	trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

# ---- the document ----
awk -v pages="$pages" 'BEGIN {
	print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	print "<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
	print " xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""
	print " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
	print " xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\""
	print " office:version=\"1.3\" office:mimetype=\"application/vnd.oasis.opendocument.text\">"
	print "<office:automatic-styles>"
	print "<style:style style:name=\"Break\" style:family=\"paragraph\"><style:paragraph-properties fo:break-before=\"page\"/></style:style>"
	print "<style:page-layout style:name=\"pm1\"><style:page-layout-properties fo:page-width=\"21cm\" fo:page-height=\"29.7cm\" fo:margin-top=\"1.5cm\" fo:margin-bottom=\"1.5cm\" fo:margin-left=\"2cm\" fo:margin-right=\"2cm\"/></style:page-layout>"
	print "</office:automatic-styles>"
	print "<office:master-styles><style:master-page style:name=\"Standard\" style:page-layout-name=\"pm1\">"
	print "<style:header><text:p>[SEEMAIL] Ministry of Examples: Annual Review</text:p></style:header>"
	print "<style:footer><text:p>UNCLASSIFIED draft for consultation</text:p></style:footer>"
	print "</style:master-page></office:master-styles>"
	print "<office:body><office:text>"
	split("the minister agency review budget programme outcome service region funding " \
	    "delivery policy report council community forecast measure target annual " \
	    "quarter performance capital operating expenditure revenue analysis", w, " ")
	nw = 0; for (k in w) nw++
	s = 7
	for (p = 1; p <= pages; p++) {
		printf "<text:h%s text:outline-level=\"1\">Section %d: review of the programme</text:h>\n",
		    (p > 1 ? " text:style-name=\"Break\"" : ""), p
		for (q = 1; q <= 6; q++) {
			line = ""
			for (i = 1; i <= 55; i++) {
				s = (s * 1103515245 + 12345) % 2147483648
				line = line (i > 1 ? " " : "") w[1 + int(s / 65536) % nw]
			}
			if (p == int(pages / 2) && q == 4)
				line = line " [SENSITIVE:BUDGET] figures follow."
			printf "<text:p>%s.</text:p>\n", line
		}
	}
	print "</office:text></office:body></office:document>"
}' >"$work/review.fodt"

# A profile of its own, so that a desktop session or another run of
# LibreOffice does not get in the way.
soffice -env:UserInstallation="file://$work/lo-profile" --headless \
    --convert-to pdf --outdir "$work" "$work/review.fodt" >"$work/soffice.log" 2>&1 ||
	{ echo "pdf: soffice failed:"; cat "$work/soffice.log"; exit 1; }
pdf=$work/review.pdf
n=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
size=$(wc -c <"$pdf" | tr -d ' ')

# ---- the message ----
{
	printf 'From: analyst@example.govt.nz\nTo: reviewer@example.govt.nz\n'
	printf 'Subject: annual review\nMIME-Version: 1.0\n'
	printf 'Content-Type: multipart/mixed; boundary="=b"\n\n--=b\n'
	printf 'Content-Type: text/plain\n\nThe review is attached.\n--=b\n'
	printf 'Content-Type: application/pdf; name="review.pdf"\n'
	printf 'Content-Disposition: attachment; filename="review.pdf"\n'
	printf 'Content-Transfer-Encoding: base64\n\n'
	base64 "$pdf"
	printf -- '--=b--\n'
} >"$work/review.eml"

# The run must be a real one: the term on the middle page is found.
"$bindir/seem-classify" --explain "$work/review.eml" >"$work/explain.txt" 2>&1 || true
grep -q 'SENSITIVE' "$work/explain.txt" ||
	{ echo "pdf: seem-classify did not find the term:"; head -20 "$work/explain.txt"; exit 1; }

# cpu CMD...: CPU seconds (user + system, children included) of CMD.
cpu() {
	if [ -n "$RUNONE" ]; then
		"$RUNONE" 1 - "$@" | awk '{ print $1 }'
	else
		/usr/bin/time -f '%U %S' -o "$work/time" "$@" >/dev/null 2>&1 </dev/null
		awk '{ printf "%.2f\n", $1 + $2 }' "$work/time"
	fi
}

median() {
	sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

: >"$work/classify.t"
: >"$work/pdftotext.t"
r=0
while [ "$r" -lt "$rounds" ]; do
	cpu "$bindir/seem-classify" "$work/review.eml" >>"$work/classify.t"
	cpu pdftotext "$pdf" - >>"$work/pdftotext.t"
	r=$((r + 1))
done
mc=$(median <"$work/classify.t")
mp=$(median <"$work/pdftotext.t")
ratio=$(awk -v a="$mc" -v b="$mp" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
ok=$(awk -v r="$ratio" -v g="$goal" 'BEGIN { print (r + 0 <= g + 0 ? "ok" : "MISSED") }')

printf 'pdf: %s pages, %s bytes (LibreOffice), %s rounds, CPU seconds, median\n' "$n" "$size" "$rounds"
rounds_of() {
	awk '{ printf "%s%.3f", (NR > 1 ? " " : ""), $1 }' "$1"
}
printf '  seem-classify (message, base64)  %8.3f   rounds: %s\n' "$mc" "$(rounds_of "$work/classify.t")"
printf '  pdftotext FILE -                 %8.3f   rounds: %s\n' "$mp" "$(rounds_of "$work/pdftotext.t")"
printf '  ratio %s (goal <= %s): %s\n' "$ratio" "$goal" "$ok"
[ "$ok" = ok ]
