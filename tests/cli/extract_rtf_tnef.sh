# extract_rtf_tnef.sh: seem-classify on RTF attachments and on winmail.dat
# (TNEF) parts: the term is found, and its location names the place in
# the document or the attachment inside the TNEF.  TNEF streams are built
# here record by record, or taken from ../shared/fixtures/tnef and given
# an extra attachment.

# Little-endian numbers and single bytes, as raw bytes.
le8() { printf "$(printf '\\%03o' $(($1 & 255)))"; }
le16() { printf "$(printf '\\%03o\\%03o' $(($1 & 255)) $(($1 >> 8 & 255)))"; }
le32() {
	printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) $(($1 >> 8 & 255)) \
	    $(($1 >> 16 & 255)) $(($1 >> 24 & 255)))"
}

# tnef_record LEVEL ID FILE: a record holding FILE's bytes; the checksum
# is left 0 (readers do not check it, nor does seemail).
tnef_record() {
	le8 "$1"
	le32 "$2"
	le32 $(($(wc -c <"$3")))
	cat "$3"
	le16 0
}

tnef_header() {
	le32 $((0x223e9f78))
	le16 1
}

# tnef_attachment TITLE FILE: attAttachRendData, attAttachTitle, attAttachData.
tnef_attachment() {
	printf '\001\000\377\377\377\377\000\000\000\000\000\000\000\000' >"$T/rend.bin"
	tnef_record 2 $((0x00069002)) "$T/rend.bin"
	printf '%s\000' "$1" >"$T/title.bin"
	tnef_record 2 $((0x00018010)) "$T/title.bin"
	tnef_record 2 $((0x0006800f)) "$2"
}

# tnef_subject TEXT: attSubject.
tnef_subject() {
	printf '%s\000' "$1" >"$T/subject.bin"
	tnef_record 1 $((0x00018004)) "$T/subject.bin"
}

# mail_with FILE NAME TYPE: a message with FILE attached (base64) as NAME.
mail_with() {
	printf 'From: a@example.govt.nz\nTo: b@example.govt.nz\nSubject: see attached\n'
	printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"\n\n'
	printf -- '--b1\nContent-Type: text/plain\n\nsee attached\n\n'
	printf -- '--b1\nContent-Type: %s; name="%s"\n' "$3" "$2"
	printf 'Content-Disposition: attachment; filename="%s"\n' "$2"
	printf 'Content-Transfer-Encoding: base64\n\n'
	base64 "$1"
	printf -- '--b1--\n'
}

test_rtf_header_term_is_found_in_the_header() {
	printf '%s' '{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Arial;}}{\info{\title memo}}' >memo.rtf
	printf '%s' '{\header \pard\plain\f0 [RESTRICTED]\par}\pard\plain body text\par}' >>memo.rtf
	mail_with memo.rtf memo.rtf application/rtf >m
	run seem-classify --explain m
	expect_rc 0
	expect_out '^Classification: RESTRICTED'
	expect_out 'where: +attachment "memo.rtf" \(part 2, application/rtf\) > header'
	run seem-classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: RESTRICTED'
	expect_no_out '^X-SEEMail-Uninspectable'
}

test_rtf_term_split_across_formatting_and_escapes() {
	cat >split.rtf <<'EOF'
{\rtf1\ansi{\b [SENS}{\i ITIVE:BUD}GET] and \u91?SEC\'52ET\u93?}
EOF
	mail_with split.rtf split.rtf text/rtf >m
	run seem-classify --explain m
	expect_rc 0
	expect_out '^Classification: SECRET'
	expect_out '"\[SENSITIVE:BUDGET\]"'
	expect_out 'attachment "split.rtf" .* > body'
}

test_rtf_properties_and_footnotes() {
	printf '%s' '{\rtf1{\info{\subject [IN-CONFIDENCE:STAFF]}}text{\footnote [SEEMAIL]}}' >p.rtf
	mail_with p.rtf p.rtf application/octet-stream >m
	run seem-classify --explain m
	expect_rc 0
	expect_out '^Classification: IN-CONFIDENCE'
	expect_out 'attachment "p.rtf" .* > properties'
	expect_out 'attachment "p.rtf" .* > footnote'
}

test_tnef_attachment_term_names_the_attachment_inside() {
	printf 'these notes are [SENSITIVE:BUDGET] for now\n' >budget.txt
	{
		tnef_header
		tnef_subject 'quarterly figures'
		tnef_attachment 'budget notes.txt' budget.txt
	} >winmail.dat
	mail_with winmail.dat winmail.dat application/ms-tnef >m
	run seem-classify --explain m
	expect_rc 0
	expect_out '^Classification: SENSITIVE'
	expect_out 'where: +attachment "winmail.dat" \(part 2, application/ms-tnef\) > "budget notes.txt"'
	run seem-classify m
	expect_out '^X-SEEMail-Classification: SENSITIVE'
	# Stamps are folded: join the lines of each field first.
	stamps_of "$T/out" >unfolded
	grep -q '^X-SEEMail-Trigger: SENSITIVE "\[SENSITIVE:BUDGET\]" in attachment "winmail.dat" .* > "budget notes.txt"' \
	    unfolded || fail "no trigger stamp naming budget notes.txt: $(grep X-SEEMail-Trigger unfolded)"
	expect_no_out '^X-SEEMail-Uninspectable'
}

test_tnef_subject_and_attachment_name_are_scanned() {
	printf 'nothing here\n' >plain.txt
	{
		tnef_header
		tnef_subject 'Re: [SEC=RESTRICTED] plans'
		tnef_attachment '[SEEMAIL] agenda.txt' plain.txt
	} >winmail.dat
	mail_with winmail.dat winmail.dat application/ms-tnef >m
	run seem-classify --explain m
	expect_rc 0
	expect_out '^Classification: RESTRICTED'
	expect_out 'winmail.dat.* > subject'
	expect_out '"\[SEEMAIL\]"'
}

test_tnef_carrying_an_rtf_file_is_read_recursively() {
	printf '%s' '{\rtf1\ansi{\footer [CONFIDENTIAL]}body}' >memo.rtf
	{
		tnef_header
		tnef_attachment 'memo.rtf' memo.rtf
	} >winmail.dat
	mail_with winmail.dat winmail.dat application/ms-tnef >m
	run seem-classify --explain m
	expect_rc 0
	expect_out '^Classification: CONFIDENTIAL'
	expect_out 'where: +attachment "winmail.dat" .* > memo.rtf > footer'
}

test_real_tnef_with_an_added_attachment() {
	[ -n "${SHARED:-}" ] || skip "no ../shared/fixtures"
	printf 'the [TOP SECRET] part\n' >added.txt
	{
		cat "$SHARED/fixtures/tnef/two-files.tnef"
		tnef_attachment 'added.txt' added.txt
	} >winmail.dat
	mail_with winmail.dat winmail.dat application/ms-tnef >m
	run seem-classify --explain m
	expect_rc 0
	expect_out '^Classification: TOP-SECRET'
	expect_out 'where: +attachment "winmail.dat" .* > added.txt'
	expect_no_out 'Uninspectable|uninspectable'
}

test_real_tnef_fixtures_classify_clean() {
	[ -n "${SHARED:-}" ] || skip "no ../shared/fixtures"
	for f in christmas rtf winmail MAPI_ATTACH_DATA_OBJ body; do
		mail_with "$SHARED/fixtures/tnef/$f.tnef" winmail.dat application/ms-tnef >m
		run seem-classify m
		expect_rc 0
		expect_out '^X-SEEMail-Classification: UNCLASSIFIED'
	done
}

test_truncated_tnef_is_uninspectable_and_keeps_what_was_read() {
	printf 'early [RESTRICTED] text\n' >a.txt
	printf 'later text that gets cut\n' >b.txt
	{
		tnef_header
		tnef_attachment 'a.txt' a.txt
		tnef_attachment 'b.txt' b.txt
	} >full.dat
	head -c $(($(wc -c <full.dat) - 10)) full.dat >winmail.dat
	mail_with winmail.dat winmail.dat application/ms-tnef >m
	run seem-classify m
	expect_rc 0
	expect_out '^X-SEEMail-Classification: RESTRICTED'
	expect_out '^X-SEEMail-Uninspectable: "a TNEF record runs past the end of the stream'
}

test_not_tnef_despite_the_name() {
	printf 'x\000\001\002 [SECRET]' >winmail.dat
	mail_with winmail.dat winmail.dat application/ms-tnef >m
	run seem-classify --explain m
	expect_rc 0
	# Sniffed as what it is (not TNEF), and still scanned.
	expect_out '^Classification: SECRET'
}

# The LibreOffice-made RTF documents of tests/fixtures/docs (made by
# tests/fixtures/make-docs.sh), when they are there.  MANIFEST.tsv has a
# line per document: file, "find" or "none", the level, the term and the
# place (a part of the location, "-" for any).  Each RTF document must
# classify at its level, the term must be found, and in the place the file
# name says (header, footer, document properties), else in the body.
test_libreoffice_rtf_fixtures() {
	docs=$SRC/tests/fixtures/docs
	[ -f "$docs/MANIFEST.tsv" ] || skip "no tests/fixtures/docs/MANIFEST.tsv yet"
	awk -F'\t' '$1 ~ /\.rtf$/' "$docs/MANIFEST.tsv" >rows
	[ -s rows ] || skip "MANIFEST.tsv lists no RTF document"
	while IFS='	' read -r file expect level term place; do
		[ -f "$docs/$file" ] || fail "MANIFEST.tsv names $file, which is not there"
		mail_with "$docs/$file" "$file" application/rtf >m
		run seem-classify --explain m
		expect_rc 0
		grep -q "^Classification: $level\$" "$T/out" ||
		    fail "$file: expected $level, got: $(head -1 "$T/out")"
		expect_no_out 'Could not be inspected'
		[ "$expect" = find ] || continue
		grep -qF "\"$term\"" "$T/out" || fail "$file: $term not found: $(cat "$T/out")"
		case $file in
		header*) want='> header' ;;
		footer*) want='> footer' ;;
		prop-*) want='> properties' ;;
		*) want='> body' ;;
		esac
		[ "$place" = - ] || want=$place
		grep -A1 -F "\"$term\"" "$T/out" | grep -qF -- "$want" ||
		    fail "$file: $term not found in $want: $(cat "$T/out")"
	done <rows
}
