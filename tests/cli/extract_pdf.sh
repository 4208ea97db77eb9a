# extract_pdf.sh: PDFs through seem-classify and seem-extract-pdf (issue 3
# item 4; issue 8 item 3 "a PDF that loops" and the PDF bombs): the text
# of every page and the document information are read and each finding
# says where; a PDF that needs a password or cannot be parsed is
# uninspectable with the reason; loops and bombs end in bounded time.
#
# The PDFs are made here by tests/fixtures/pdf/make-pdf.sh (printf), but
# for the encrypted ones, which it made once with qpdf and which are
# committed beside it.  LibreOffice-made fixtures of tests/fixtures/docs
# are run when they are present.

PDFDIR=$SRC/tests/fixtures/pdf

mkpdf() {
	sh "$PDFDIR/make-pdf.sh" "$@"
}

# pdf_message PDF [NAME]: a message carrying PDF as a base64 attachment.
pdf_message() {
	_name=${2:-$(basename "$1")}
	printf 'From: a@example.govt.nz\nTo: b@example.govt.nz\nSubject: the report\n'
	printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="=b"\n\n'
	printf -- '--=b\nContent-Type: text/plain\n\nPlease find the report attached.\n'
	printf -- '--=b\nContent-Type: application/pdf; name="%s"\n' "$_name"
	printf 'Content-Disposition: attachment; filename="%s"\n' "$_name"
	printf 'Content-Transfer-Encoding: base64\n\n'
	base64 "$1"
	printf -- '--=b--\n'
}

# classify MSG [OPTION...]: runs seem-classify; $T/out then holds the
# stamps with folded lines joined (one stamp a line), $T/raw the output.
classify() {
	_m=$1
	shift
	run seem-classify "$@" "$_m"
	cp "$T/out" "$T/raw"
	stamps_of "$T/raw" >"$T/out"
}

# An AddressSanitizer build reserves terabytes of address space, so its
# children run without the extract_memory limit: memory bombs are not
# for it.
no_memory_limit() {
	grep -q __asan_init "$SEEMAIL_BIN/../libexec/seemail/seem-extract-pdf" 2>/dev/null
}

# within SECONDS: fails unless the last classify took less (wall clock).
started() {
	t0=$(date +%s%N)
}
within() {
	_ms=$((($(date +%s%N) - t0) / 1000000))
	[ "$_ms" -lt $(($1 * 1000)) ] || fail "took ${_ms} ms, more than $1 s"
}

test_term_on_page_3_only_is_found_on_page_3() {
	mkpdf -o r.pdf -t "Quarterly report" "Introduction" "Figures for the year" \
	    "Distribution: [RESTRICTED] staff only" "Appendix"
	pdf_message r.pdf >m
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: RESTRICTED$'
	expect_out '^X-SEEMail-Trigger: RESTRICTED "\[RESTRICTED\]" in attachment "r\.pdf" .*> "page 3"$'
	[ "$(grep -c '^X-SEEMail-Trigger' "$T/out")" = 1 ] || fail "more than one finding"
	expect_no_out 'Uninspectable'
	# The message passes through byte for byte.
	tail -c "$(wc -c <m)" "$T/raw" | cmp -s - m || fail "message not passed through"
}

test_term_only_in_the_title_is_found_in_the_document_information() {
	mkpdf -o t.pdf -t "Budget 2025 [SENSITIVE:BUDGET]" "Nothing to see on the page"
	pdf_message t.pdf >m
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: SENSITIVE$'
	expect_out '^X-SEEMail-Trigger: SENSITIVE "\[SENSITIVE:BUDGET\]" in attachment "t\.pdf" .*> "document information"$'
	expect_no_out 'page 1'
}

test_subject_keywords_and_author_are_read() {
	mkpdf -o s.pdf -s "Subject [IN-CONFIDENCE]" -k "budget, [SEC=RESTRICTED]" -a "[SEEMAIL] team" "text"
	pdf_message s.pdf >m
	classify m --json
	expect_rc 0
	grep -q '"term":"\[IN-CONFIDENCE\]"' "$T/raw" || fail "subject not read"
	grep -q '"term":"\[SEC=RESTRICTED\]"' "$T/raw" || fail "keywords not read"
	grep -q '"term":"\[SEEMAIL\]"' "$T/raw" || fail "author not read"
	grep -q '"classification":"RESTRICTED"' "$T/raw" || fail "wrong level: $(cat "$T/raw")"
}

test_unicode_title_with_full_width_brackets_is_found() {
	# UTF-16BE: FULLWIDTH LEFT SQUARE BRACKET, SECRET, FULLWIDTH RIGHT
	# SQUARE BRACKET, space, e-acute, and a character beyond the BMP.
	mkpdf -o u.pdf -T "FF3B005300450043005200450054FF3D002000E9D83DDE00" "page"
	pdf_message u.pdf >m
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: SECRET$'
	expect_out 'document information'
}

test_owner_password_only_pdf_is_read() {
	# Opens without a password (the owner password only restricts
	# copying, which a reader may ignore): it must be read.
	pdf_message "$PDFDIR/owner-only.pdf" >m
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: RESTRICTED$'
	expect_out '"\[RESTRICTED\]" in attachment "owner-only\.pdf" .*> "page 1"$'
	expect_no_out 'Uninspectable'
}

test_user_password_pdf_is_uninspectable() {
	for f in user-password user-password-rc4; do
		pdf_message "$PDFDIR/$f.pdf" >m
		classify m
		expect_rc 0
		expect_out '^X-SEEMail-Uninspectable: "a PDF that needs a password to open" in attachment "'"$f"'\.pdf"'
		# The [SECRET] inside cannot be seen, and is not guessed.
		expect_out '^X-SEEMail-Classification: UNCLASSIFIED$'
	done
}

test_pdf_without_a_term_is_unclassified() {
	mkpdf -o n.pdf -t "Restricted access car park" "The restricted area is closed." \
	    "Secret Santa [list] and confidential matters" ""
	pdf_message n.pdf >m
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: UNCLASSIFIED$'
	expect_no_out 'Trigger|Uninspectable'
}

test_empty_page_among_others_is_not_uninspectable() {
	mkpdf -o e.pdf "" "[SEEMAIL]" ""
	pdf_message e.pdf >m
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: SEEMAIL$'
	expect_out '> "page 2"$'
	expect_no_out 'Uninspectable'
}

test_marking_on_every_page_is_one_finding_with_a_count() {
	# A template puts the marking in every page header: one stamp, at
	# the first page, counted, not one stamp per page.
	mkpdf -o h.pdf "[SEEMAIL] Annual review" "[SEEMAIL] Annual review" \
	    "[SEEMAIL] Annual review [RESTRICTED]" "[SEEMAIL] Annual review"
	pdf_message h.pdf >m
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: RESTRICTED$'
	[ "$(grep -c '^X-SEEMail-Trigger: SEEMAIL' "$T/out")" = 1 ] || fail "one stamp per page: $(cat "$T/out")"
	expect_out '^X-SEEMail-Trigger: SEEMAIL .*> "page 1"$'
	expect_out '^X-SEEMail-Trigger: RESTRICTED .*> "page 3"$'
	classify m --json
	grep -q '"term":"\[SEEMAIL\]"[^}]*"count":4' "$T/raw" || fail "not counted 4 times: $(cat "$T/raw")"
}

test_term_on_a_late_page_of_many_is_found() {
	# Each page goes to the scanner as it is read: page 60 of 60.
	set -- 
	i=1
	while [ $i -lt 60 ]; do
		set -- "$@" "Page $i of the annual report, nothing marked."
		i=$((i + 1))
	done
	mkpdf -o many.pdf "$@" "Last page [CONFIDENTIAL]"
	pdf_message many.pdf >m
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: CONFIDENTIAL$'
	expect_out '> "page 60"$'
}

test_pdf_sniffed_from_its_bytes_whatever_it_is_called() {
	mkpdf -o x.pdf "[RESTRICTED] inside"
	pdf_message x.pdf notes.txt | sed 's|application/pdf|application/octet-stream|' >m
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: RESTRICTED$'
	expect_out '> "page 1"$'
}

test_broken_pdf_is_uninspectable_with_the_reason() {
	for flaw in no-xref truncated; do
		mkpdf -o b.pdf -x $flaw "[SECRET] here"
		pdf_message b.pdf >m
		classify m
		expect_rc 0
		expect_out '^X-SEEMail-Uninspectable: "a PDF that cannot be read: Couldn.t find trailer dictionary" in attachment "b\.pdf"'
	done
	# Not a PDF past its header at all.
	printf '%%PDF-1.7\nthis is not really a PDF\n' >g.pdf
	pdf_message g.pdf >m
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Uninspectable: "a PDF that cannot be read'
}

test_pdf_that_loops_finishes_in_bounded_time() {
	# Each loop must be caught by the reader, not by a limit: the
	# configuration leaves minutes, the test allows seconds.
	printf 'extract_cpu = 120\nextract_timeout = 120\n' >c.conf
	for flaw in kids-loop length-loop prev-loop objstm-loop; do
		mkpdf -o l.pdf -x $flaw "[RESTRICTED] before the loop" "second page"
		pdf_message l.pdf >m
		started
		classify m -c c.conf
		within 10
		expect_rc 0
		expect_no_out 'ran out of time|killed by signal|not read: out of'
		# Either the page was read, or what could not be is stamped.
		grep -Eq '^X-SEEMail-(Trigger: RESTRICTED|Uninspectable)' "$T/out" ||
		    fail "$flaw: neither found nor uninspectable: $(cat "$T/out")"
	done
	# The page tree that lists itself: its real pages are still read
	# and the phantom one is stamped.
	mkpdf -o k.pdf -x kids-loop "[RESTRICTED] on page one"
	pdf_message k.pdf >m
	classify m -c c.conf
	expect_out '^X-SEEMail-Classification: RESTRICTED$'
	expect_out '^X-SEEMail-Uninspectable: "a page that cannot be read" in .*> "page 2"$'
}

test_pdf_text_bomb_is_bounded_by_extract_memory() {
	# 10^9 letters from 3 KB of forms drawing forms: stopped by the
	# child's address space limit long before the CPU limit.
	! no_memory_limit || skip "AddressSanitizer build: no extract_memory limit"
	printf 'extract_memory = 128M\nextract_cpu = 60\nextract_timeout = 60\n' >c.conf
	mkpdf -o b.pdf -x text-bomb "first page"
	[ "$(wc -c <b.pdf)" -lt 4000 ] || fail "the bomb is not small"
	pdf_message b.pdf >m
	started
	classify m -c c.conf
	within 30
	expect_rc 0
	expect_out '^X-SEEMail-Uninspectable: "(page 2 of 2 not read: out of memory \(extract_memory\)|the PDF extractor was killed by signal [0-9]+)'
}

test_pdf_work_bomb_is_bounded_by_extract_cpu() {
	printf 'extract_cpu = 2\nextract_timeout = 60\n' >c.conf
	mkpdf -o b.pdf -x work-bomb "first page"
	pdf_message b.pdf >m
	started
	classify m -c c.conf
	within 20
	expect_rc 0
	expect_out '^X-SEEMail-Uninspectable: "the PDF extractor (was killed by signal (9|24)|ran out of CPU)'
}

test_pdf_compression_bomb_is_bounded() {
	command -v python3 >/dev/null || skip "no python3"
	! no_memory_limit || skip "AddressSanitizer build: no extract_memory limit"
	# 256 MB of text in one content stream, 260 KB deflated.
	python3 - <<'EOF' >z.pdf
import sys, zlib
co = zlib.compressobj(9)
data = [co.compress(b"BT /F1 12 Tf 72 720 Td (")]
chunk = b"A" * (1 << 20)
for _ in range(256):
    data.append(co.compress(chunk))
data.append(co.compress(b") Tj ET") + co.flush())
stream = b"".join(data)
objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
out = bytearray(b"%PDF-1.4\n")
offsets = []
for i, o in enumerate(objs):
    offsets.append(len(out))
    out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
sys.stdout.buffer.write(out)
EOF
	printf 'extract_memory = 256M\nextract_cpu = 20\nextract_timeout = 60\n' >c.conf
	pdf_message z.pdf >m
	started
	classify m -c c.conf
	within 30
	expect_rc 0
	expect_out '^X-SEEMail-Uninspectable: "(page 1 of 1 not read: out of (memory|CPU)|the PDF extractor was killed by signal)'
}

test_slow_pages_stop_at_the_cpu_budget_keeping_findings() {
	# Page 1 is marked; 100 pages of 10^4 nested forms follow, about
	# 0.05 s of CPU each.  The child stops between pages at four fifths
	# of extract_cpu, so it is not killed and what it found is kept.
	printf 'extract_cpu = 3\nextract_timeout = 120\n' >c.conf
	mkpdf -o slow.pdf -x work-bomb -D 4 -n 100 "[SECRET] on the first page"
	pdf_message slow.pdf >m
	classify m -c c.conf
	expect_rc 0
	expect_out '^X-SEEMail-Classification: SECRET$'
	expect_out '^X-SEEMail-Trigger: SECRET .*> "page 1"$'
	expect_out '^X-SEEMail-Uninspectable: "pages [0-9]+ to 101 of 101 not read: out of CPU time \(extract_cpu\)"'
}

test_file_attached_to_a_pdf_is_classified() {
	mkpdf -o a.pdf -A 'minutes.txt=Minutes of the board [RESTRICTED]' "cover page"
	pdf_message a.pdf >m
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: RESTRICTED$'
	expect_out '"\[RESTRICTED\]" in attachment "a\.pdf" .*> minutes\.txt$'
	# Its name is scanned too.
	mkpdf -o b.pdf -A '[SECRET] plan.txt=nothing' "cover page"
	pdf_message b.pdf >m
	classify m
	expect_out '^X-SEEMail-Classification: SECRET$'
}

test_pdf_attached_to_a_pdf_is_read() {
	mkpdf -o inner.pdf "one" "Inner page [SENSITIVE]"
	mkpdf -o outer.pdf -A "inner.pdf=$(cat inner.pdf)" "outer page"
	pdf_message outer.pdf >m
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: SENSITIVE$'
	expect_out '> inner\.pdf > "page 2"$'
}

test_archive_attached_to_a_pdf_is_not_passed_as_clean() {
	printf 'PK\003\004not really a zip' >z.zip
	mkpdf -o a.pdf -A "z.zip=$(cat z.zip)" "cover"
	pdf_message a.pdf >m
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Uninspectable: .* in attachment "a\.pdf" .*> z\.zip$'
}

test_bookmark_titles_are_read() {
	mkpdf -o b.pdf -O "Annex A [RESTRICTED]" "The report"
	pdf_message b.pdf >m
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Trigger: RESTRICTED "\[RESTRICTED\]" in attachment "b\.pdf" .*> bookmarks$'
	expect_no_out 'Uninspectable'
}

test_bookmarks_past_their_bounds_are_uninspectable() {
	need_python || return $?
	# PDF_OUTLINE_DEPTH (64) and PDF_OUTLINE_MAX (100,000), each at the
	# bound (read) and one past it (stamped).
	for c in "64 0 ok" "65 0 cut" "0 100000 ok" "0 100001 cut"; do
		set -- $c
		python3 "$PDFDIR/make-outline.py" o.pdf "$1" "$2"
		pdf_message o.pdf >m
		classify m
		expect_rc 0
		if [ "$3" = ok ]; then
			expect_no_out 'Uninspectable' || fail "depth $1, width $2"
		else
			expect_out '^X-SEEMail-Uninspectable: "bookmarks not read: more than 100,000' ||
			    fail "depth $1, width $2"
		fi
	done
}

test_file_attached_to_a_page_is_not_passed_as_clean() {
	# The paperclip on a page, not in /EmbeddedFiles: poppler-cpp does
	# not list it, so the PDF cannot be called clean.
	mkpdf -o a.pdf -P "notes.txt=Budget [RESTRICTED]" "cover"
	pdf_message a.pdf >m
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Uninspectable: "a file attached to a page \(a FileAttachment'
	# The same file in /EmbeddedFiles is read, and nothing is uninspectable.
	mkpdf -o e.pdf -A "notes.txt=Budget [RESTRICTED]" "cover"
	pdf_message e.pdf >m
	classify m
	expect_out '^X-SEEMail-Classification: RESTRICTED$'
	expect_no_out 'Uninspectable'
}

test_a_pdf_in_a_message_body_part_without_a_name() {
	mkpdf -o p.pdf "[IN-CONFIDENCE] memo"
	{
		printf 'Subject: scan\nMIME-Version: 1.0\nContent-Type: application/pdf\n'
		printf 'Content-Transfer-Encoding: base64\n\n'
		base64 p.pdf
	} >m
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: IN-CONFIDENCE$'
	expect_out '"page 1"$'
}

test_sticky_note_and_form_field_value_are_read() {
	# Neither is drawn on the page: poppler's page text does not hold
	# them; they are read from the file's annotations.
	mkpdf -o n.pdf -N "Please treat as [SEC=SENSITIVE]" -V "Handling=[RESTRICTED]" "A form to fill in"
	pdf_message n.pdf >m
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: RESTRICTED$'
	expect_out '^X-SEEMail-Trigger: RESTRICTED "\[RESTRICTED\]" in attachment "n\.pdf" .*> "annotations and form fields"$'
	expect_out '^X-SEEMail-Trigger: SENSITIVE "\[SEC=SENSITIVE\]" in attachment "n\.pdf" .*> "annotations and form fields"$'
	expect_no_out 'Uninspectable'
	# Without them, the same PDF is clean.
	mkpdf -o c.pdf "A form to fill in"
	pdf_message c.pdf >m
	classify m
	expect_out '^X-SEEMail-Classification: UNCLASSIFIED$'
}

test_annotations_inside_a_compressed_object_stream_are_read() {
	# annots-objstm.pdf: the same note and field, written by qpdf
	# --object-streams=generate into a FlateDecode object stream.
	pdf_message "$PDFDIR/annots-objstm.pdf" >m
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: RESTRICTED$'
	expect_out '^X-SEEMail-Trigger: SENSITIVE "\[SEC=SENSITIVE\]" .*> "annotations and form fields"$'
	expect_no_out 'Uninspectable'
}

test_libreoffice_comment_exported_as_a_sticky_note_is_read() {
	# Made by LibreOffice 7.4 from comment.fodt (ExportNotes): the
	# marking is only in the comment.
	pdf_message "$PDFDIR/libreoffice-comment.pdf" >m
	classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: RESTRICTED$'
	expect_out '^X-SEEMail-Trigger: RESTRICTED "\[SEC=RESTRICTED\]" in attachment "libreoffice-comment\.pdf" .*> "annotations and form fields"$'
}

test_annotation_object_streams_past_max_expanded_size_are_uninspectable() {
	printf 'max_expanded_size = 1K\n' >c.conf
	# A PDF whose object stream inflates to 4 KB of notes: past 1 KB,
	# not all of it is read.
	python3 - <<'PY'
import zlib
objs = b"10 0 " + b"<< /Contents (note) >> " * 200
z = zlib.compress(objs)
bodies = [b"<< /Type /Catalog /Pages 2 0 R >>",
          b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
          b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
          b"<< /Type /ObjStm /N 1 /First 5 /Filter /FlateDecode /Length %d >>\nstream\n" % len(z)
          + z + b"\nendstream"]
out, offs = b"%PDF-1.5\n", []
for i, b in enumerate(bodies, 1):
    offs.append(len(out))
    out += b"%d 0 obj\n" % i + b + b"\nendobj\n"
x = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
out += b"".join(b"%010d 00000 n \n" % o for o in offs)
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, x)
open("p.pdf", "wb").write(out)
PY
	pdf_message p.pdf >m
	classify m -c c.conf
	expect_rc 0
	expect_out '^X-SEEMail-Uninspectable: "annotations and form fields not all read: object streams expand past max_expanded_size'
	# With the default limit, all of it is read and nothing is said.
	classify m
	expect_no_out 'Uninspectable'
}

test_libreoffice_pdf_fixtures() {
	# tests/fixtures/docs (another engineer's): documents made by real
	# software, listed in MANIFEST.tsv as FILE WHAT LEVEL TERM PLACE,
	# WHAT being find, none or uninspectable.  Here its PDFs.
	docs=$SRC/tests/fixtures/docs
	[ -f "$docs/MANIFEST.tsv" ] || skip "no tests/fixtures/docs/MANIFEST.tsv yet"
	n=0
	while IFS='	' read -r file what level term place; do
		case $file in *.pdf) ;; *) continue ;; esac
		[ -f "$docs/$file" ] || fail "$file: listed but missing"
		pdf_message "$docs/$file" >m
		classify m
		[ "$rc" = 0 ] || fail "$file: exit status $rc"
		grep -qx "X-SEEMail-Classification: $level" "$T/out" ||
		    fail "$file: not $level: $(cat "$T/out")"
		case $what in
		find)
			grep -F "X-SEEMail-Trigger: $level \"$term\" in attachment \"$file\"" "$T/out" |
			    grep -qF "> \"$place\"" || fail "$file: $term not found at $place: $(cat "$T/out")"
			;;
		uninspectable)
			grep -q "^X-SEEMail-Uninspectable: .* in attachment \"$file\"" "$T/out" ||
			    fail "$file: not stamped uninspectable: $(cat "$T/out")"
			;;
		none)
			if grep -q '^X-SEEMail-\(Trigger\|Uninspectable\)' "$T/out"; then
				fail "$file: should have nothing to report: $(cat "$T/out")"
			fi
			;;
		*) fail "$file: unknown expectation $what" ;;
		esac
		n=$((n + 1))
	done <"$docs/MANIFEST.tsv"
	[ "$n" -gt 0 ] || skip "no PDF in MANIFEST.tsv yet"
	echo "    $n LibreOffice PDFs checked"
}
