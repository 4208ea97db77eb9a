# hardening_limits.sh: issue 8 item 3, the limits that classify_limits.sh,
# extract_zip.sh, extract_pdf.sh and the unit tests do not already show
# end to end: each hostile input goes through the real tools and must end
# with the right exit status, within a time bound, with the stamp that
# says what was not read.  Every input is made here at test time (python3);
# nothing big is committed.
#
# Each test says which limit or code makes it pass ("Protection:") and
# how that was checked by hand ("Defeated:").  Where the protection is a
# setting, HARDENING_DEFEAT=1 raises it to its maximum in the test's
# configuration, so that
#
#     HARDENING_DEFEAT=1 SEEMAIL_BIN=... sh tests/run-cli.sh hardening_limits.sh
#
# must FAIL every such test (the others, protected by code, are skipped
# in that mode: their comments say which code was removed, in a scratch
# worktree, to see them fail).

W_NS=http://schemas.openxmlformats.org/wordprocessingml/2006/main

# Time bounds are for a normal build; an AddressSanitizer build (make
# check-asan) is up to twenty times slower on the allocation-heavy walks
# here, so its bounds are SLOW times longer.
SLOW=1
if grep -q __asan_init "$SEEMAIL_BIN/seem-classify" 2>/dev/null; then
	SLOW=20
fi

# conf [KEY=VALUE...]: $T/c.conf, empty but for the settings given, which
# are written only under HARDENING_DEFEAT=1 (the protection removed).
conf() {
	: >"$T/c.conf"
	if [ -n "${HARDENING_DEFEAT:-}" ]; then
		for kv in "$@"; do
			printf '%s = %s\n' "${kv%%=*}" "${kv#*=}" >>"$T/c.conf"
		done
	fi
}

# by_code: a test whose protection is code, not a setting.
by_code() {
	[ -z "${HARDENING_DEFEAT:-}" ] || { skip "protected by code (see the comment)"; return 77; }
}

# attach FILE NAME [CTYPE]: a message with a marked body and FILE
# attached (base64) as NAME, on stdout.
attach() {
	printf 'From: ann@example.govt.nz\nTo: bob@example.govt.nz\nSubject: report\n'
	printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"\n\n'
	printf -- '--b1\nContent-Type: text/plain\n\n[SEEMAIL] see attached\n'
	printf -- '--b1\nContent-Type: %s\n' "${3:-application/octet-stream}"
	printf 'Content-Disposition: attachment; filename="%s"\n' "$2"
	printf 'Content-Transfer-Encoding: base64\n\n'
	base64 "$1"
	printf -- '--b1--\n'
}

# timed SECONDS CMD...: like run, killed past SECONDS (a failure), the
# wall-clock time in $ms.
timed() {
	_secs=$1
	shift
	rc=0
	_t0=$(date +%s%N)
	timeout -k 5 $((_secs * SLOW)) "$@" >"$T/out" 2>"$T/err" </dev/null || rc=$?
	ms=$((($(date +%s%N) - _t0) / 1000000))
	case $rc in
	124|137) fail "took longer than ${_secs}s: $*"; return 1 ;;
	esac
}

# classify_within SECONDS MSG: seem-classify -c $T/c.conf MSG, bounded;
# $T/stamps holds its stamps, unfolded, one per line.
classify_within() {
	timed "$1" seem-classify -c "$T/c.conf" "$2" || return 1
	stamps_of "$T/out" >"$T/stamps"
}

# The message itself follows the stamps, byte for byte.
expect_passed_through() {
	tail -c "$(wc -c <"$1")" "$T/out" | cmp -s - "$1" || fail "the message was not passed through"
}

# ---- ZIP and gzip bombs -------------------------------------------------

# bomb KIND OUT: a compression bomb, made in well under a second: the
# deflate stream of N MiB of zeros is one compressed MiB repeated (a full
# flush between them), so nothing big is ever inflated to make it.
bomb() {
	python3 - "$@" <<'EOF'
import io, random, struct, sys, zipfile, zlib

def kernel(mb, noise=0):
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    blk = co.compress(bytes(1 << 20)) + co.flush(zlib.Z_FULL_FLUSH)
    tail = random.Random(1).randbytes(noise)
    data = blk * mb + co.compress(tail) + co.flush(zlib.Z_FINISH)
    crc, z = 0, bytes(1 << 20)
    for _ in range(mb):
        crc = zlib.crc32(z, crc)
    return data, zlib.crc32(tail, crc), (mb << 20) + noise

def zip_of(names, data, crc, usize, overlap=False):
    """Entries holding one deflate stream; with overlap, every central
    directory entry points at the same local entry."""
    out, central, offs = bytearray(), bytearray(), []
    for i, n in enumerate(names):
        n = n.encode()
        if i == 0 or not overlap:
            offs.append(len(out))
            out += struct.pack("<IHHHHHIIIHH", 0x04034b50, 20, 0, 8, 0, 0x21,
                               crc, len(data), usize, len(n), 0) + n + data
        else:
            offs.append(offs[0])
    for n, off in zip(names, offs):
        n = n.encode()
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, 20, 20, 0, 8, 0, 0x21,
                               crc, len(data), usize, len(n), 0, 0, 0, 0, 0, off) + n
    cd = len(out)
    out += central + struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, len(names), len(names),
                                 len(central), cd, 0)
    return bytes(out)

kind, out = sys.argv[1], sys.argv[2]
if kind == "single":            # 4 GB of zeros in one entry, honest header
    d, c, u = kernel(4095)
    z = zip_of(["zeros.bin"], d, c, u)
elif kind == "single-lie":      # the same, its header saying 1000 bytes
    d, c, _ = kernel(4095)
    z = zip_of(["zeros.bin"], d, c, 1000)
elif kind == "overlap":         # 1000 entries over one 50 MB stream whose
    d, c, u = kernel(50, 300000)    # ratio (about 140) is under the limit
    z = zip_of(["f%04d.bin" % i for i in range(1000)], d, c, u, overlap=True)
elif kind == "nested":          # 42.zip: 16^4 leaves of 4 GB, 281 TB
    d, c, u = kernel(4095)
    z = zip_of(["zeros.bin"], d, c, u)
    for level in range(4):
        b = io.BytesIO()
        with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as f:
            for i in range(16):
                f.writestr("l%d-%02d.zip" % (level, i), z)
        z = b.getvalue()
elif kind == "gzip":            # 4 GB of zeros, gzipped
    d, c, u = kernel(4095)
    z = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + d + struct.pack("<II", c, u & 0xffffffff)
open(out, "wb").write(z)
EOF
}

ZIP_BOMB='(expands past max_expanded_size|expands more than max_expansion_ratio|larger than its ZIP header says)'

test_zip_bomb_single_entry_of_4g_is_refused_before_inflating() {
	# Protection: zipwalk_read (src/lib/zipwalk.c) compares the size the
	# header declares with what is left of max_expanded_size (and the
	# ratio with max_expansion_ratio) before inflating a byte.
	# Defeated: max_expanded_size = 1T and max_expansion_ratio = 100000:
	# the child inflates the entry to hold it whole and dies of
	# extract_memory ("the ZIP extractor failed (exit status 75)"): no
	# ZIP bomb stamp, FAIL (seen).
	need_python || return 77
	bomb single z.zip
	[ "$(wc -c <z.zip)" -lt 5000000 ] || fail "the bomb is not small"
	attach z.zip z.zip >m
	conf max_expanded_size=1T max_expansion_ratio=100000
	classify_within 20 m
	expect_rc 0
	expect_stamp "^X-SEEMail-Uninspectable: \"$ZIP_BOMB.*\" in attachment \"z\\.zip\""
	expect_stamp '^X-SEEMail-Classification: SEEMAIL$'
	expect_passed_through m
	[ "$ms" -lt $((10000 * SLOW)) ] || fail "took $ms ms"
}

test_zip_bomb_single_entry_whose_header_lies_stops_at_the_lie() {
	# The header says 1000 bytes; the stream holds 4 GB.
	# Protection: zipwalk_read stops an entry the moment it inflates past
	# the size its header declared ("larger than its ZIP header says");
	# behind it the ratio and max_expanded_size still hold.
	# Defeated (by hand, a scratch copy of the tree without that check):
	# max_expanded_size stops the entry instead, with another stamp:
	# FAIL (seen).
	need_python || return 77
	by_code || return 77
	bomb single-lie z.zip
	attach z.zip z.zip >m
	conf
	classify_within 20 m
	expect_rc 0
	expect_stamp '^X-SEEMail-Uninspectable: "larger than its ZIP header says \(a ZIP bomb\?\)" in attachment "z\.zip" .*> zeros\.bin$'
	expect_stamp '^X-SEEMail-Classification: SEEMAIL$'
	[ "$ms" -lt $((10000 * SLOW)) ] || fail "took $ms ms"
}

test_zip_bomb_of_overlapping_entries_is_bounded_by_max_expanded_size() {
	# 1000 central directory entries share one local entry of 50 MB at a
	# ratio of about 140, under max_expansion_ratio: 50 GB from 350 KB.
	# Protection: the inflate budget of the attachment (max_expanded_size,
	# struct classify's "expanded"), shared by every entry.
	# Defeated: max_expanded_size = 1T: the child inflates until
	# extract_cpu kills it ("killed by signal 24 (out of CPU time)"), no
	# max_expanded_size stamp: FAIL (seen).
	need_python || return 77
	bomb overlap z.zip
	attach z.zip z.zip >m
	conf max_expanded_size=1T
	classify_within 60 m
	expect_rc 0
	expect_stamp '^X-SEEMail-Uninspectable: "expands past max_expanded_size.*" in attachment "z\.zip"'
	expect_no_stamp 'killed by signal|ran out of time'
	expect_stamp '^X-SEEMail-Classification: SEEMAIL$'
	[ "$ms" -lt $((15000 * SLOW)) ] || fail "took $ms ms"
}

test_zip_bomb_nested_42_style_with_the_default_limits() {
	# Four levels of 16 archives over 4 GB leaves: 281 TB in 33 KB, read
	# with the default limits (extract_zip.sh lowers max_expanded_size).
	# Protection: max_expansion_ratio (each inner archive deflates about
	# 1000 to 1) and the attachment's max_expanded_size budget.
	# Defeated: both at their maximum: the innermost child holds a 4 GB
	# leaf and dies of extract_memory ("failed (exit status 75)"), no ZIP
	# bomb stamp: FAIL (seen); without extract_memory (AddressSanitizer
	# builds) extract_cpu ends it.
	need_python || return 77
	bomb nested z.zip
	[ "$(wc -c <z.zip)" -lt 100000 ] || fail "the bomb is not small"
	attach z.zip z.zip >m
	conf max_expanded_size=1T max_expansion_ratio=100000
	classify_within 60 m
	expect_rc 0
	expect_stamp "^X-SEEMail-Uninspectable: \"$ZIP_BOMB.*\" in attachment \"z\\.zip\""
	expect_no_stamp 'killed by signal|ran out of time'
	expect_stamp '^X-SEEMail-Classification: SEEMAIL$'
	expect_passed_through m
	[ "$ms" -lt $((15000 * SLOW)) ] || fail "took $ms ms"
}

test_gzip_bomb_is_bounded_by_max_expanded_size() {
	# A single gzip member of 4 GB of zeros (4 MB).
	# Protection: extract_gzip inflates under the attachment's budget
	# (max_expanded_size).
	# Defeated: max_expanded_size = 1T: the child holds what it inflates
	# and fails at extract_memory ("the gzip extractor failed (exit status
	# 75)"): no max_expanded_size stamp, FAIL (seen).
	need_python || return 77
	bomb gzip z.gz
	attach z.gz z.gz application/gzip >m
	conf max_expanded_size=1T
	classify_within 60 m
	expect_rc 0
	expect_stamp '^X-SEEMail-Uninspectable: "expands past max_expanded_size.*" in attachment "z\.gz"'
	expect_stamp '^X-SEEMail-Classification: SEEMAIL$'
	[ "$ms" -lt $((15000 * SLOW)) ] || fail "took $ms ms"
}

# ---- XML: entities, external references, depth -------------------------

# docx OUT DOCUMENT-XML [RELS-EXTRA]: a minimal .docx.
docx() {
	python3 - "$@" <<'EOF'
import sys, zipfile
out, doc = sys.argv[1], sys.argv[2]
extra = sys.argv[3] if len(sys.argv) > 3 else ""
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns='
               '"http://schemas.openxmlformats.org/package/2006/content-types"><Override '
               'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
               'officedocument.wordprocessingml.document.main+xml"/></Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
               'openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type='
               '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
               'officeDocument" Target="word/document.xml"/>' + extra + '</Relationships>')
    z.writestr("word/document.xml", doc)
EOF
}

# wdoc PROLOG BODY-XML: a WordprocessingML document.
wdoc() {
	printf '<?xml version="1.0" encoding="UTF-8" standalone="no"?>%s<w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:body></w:document>' \
	    "$1" "$W_NS" "$2"
}

test_xml_billion_laughs_is_refused_at_the_first_declaration() {
	# Ten levels of ten: 10^10 copies of "[SECRET] " if expanded.
	# Protection: xmltext.c refuses any entity declaration
	# (on_entity_decl stops the parser), so nothing is ever expanded.
	# Defeated (by hand, a scratch copy of the tree without the entity
	# declaration handler): expat's own amplification limit (2.4 and
	# later) stops the document, but only after "[SECRET]" was expanded
	# and found: SECRET, another stamp, FAIL (seen).
	need_python || return 77
	by_code || return 77
	laughs='<!DOCTYPE w:document [<!ENTITY l0 "[SECRET] ">'
	for i in 1 2 3 4 5 6 7 8 9 10; do
		r=$(printf "&l$((i - 1));%.0s" 1 2 3 4 5 6 7 8 9 10)
		laughs="$laughs<!ENTITY l$i \"$r\">"
	done
	docx a.docx "$(wdoc "$laughs]>" '&l10;')"
	attach a.docx a.docx >m
	conf
	classify_within 20 m
	expect_rc 0
	expect_stamp '^X-SEEMail-Uninspectable: "XML entity declarations are not allowed" in attachment "a\.docx" .*> word/document\.xml$'
	expect_stamp '^X-SEEMail-Classification: SEEMAIL$'
	[ "$ms" -lt $((10000 * SLOW)) ] || fail "took $ms ms"
}

# traced OUT CMD...: runs CMD under strace (every call that names a
# file), the trace in OUT; returns 77 when strace cannot run here, or
# under AddressSanitizer (whose leak checker cannot run under ptrace).
traced() {
	_o=$1
	shift
	[ "$SLOW" = 1 ] || return 77
	command -v strace >/dev/null 2>&1 && strace -f -qq -o /dev/null true 2>/dev/null || return 77
	rc=0
	strace -f -qq -e trace=%file -o "$_o" "$@" >"$T/out" 2>"$T/err" </dev/null || rc=$?
}

# never_opened TRACE PATH: PATH appears in no system call of TRACE.
never_opened() {
	if grep -F -- "$2" "$1" >/dev/null; then
		fail "$2 was named in a system call: $(grep -F -- "$2" "$1" | head -3)"
		return 1
	fi
}

test_xml_external_entities_and_references_never_read_a_local_file() {
	# The local file holds a trigger: had any of these been followed, the
	# message would be TOP-SECRET.  With strace, the proof is stronger:
	# no process of the tool ever names the file.
	# Protection: xmltext.c: entity declarations refused, an undefined
	# entity (an external DTD's) stops the part (on_skipped), parameter
	# entities never parsed, no external entity handler that reads;
	# expat has no XInclude; relationships are not followed.
	# Defeated (by hand, a scratch copy of the tree without the entity
	# declaration handler, with parameter entities parsed and an external
	# entity handler that opens file:// ids, as a parser that "just
	# works" would): entity.docx reads the file, TOP-SECRET: FAIL (seen).
	need_python || return 77
	by_code || return 77
	secret=$T/secret.txt
	printf '[TOP SECRET] from a local file\n' >"$secret"
	printf '<!ENTITY x "[TOP SECRET] from a DTD">\n' >"$T/secret.dtd"
	docx entity.docx "$(wdoc "<!DOCTYPE w:document [<!ENTITY x SYSTEM \"file://$secret\">]>" '&x;')"
	docx dtd.docx "$(wdoc "<!DOCTYPE w:document SYSTEM \"file://$T/secret.dtd\">" '&x;')"
	docx param.docx "$(wdoc "<!DOCTYPE w:document [<!ENTITY % p SYSTEM \"file://$T/secret.dtd\"> %p;]>" '&x;')"
	docx xinclude.docx "$(wdoc '' "</w:t></w:r><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file://$secret\" parse=\"text\"/><w:r><w:t>x")"
	docx rels.docx "$(wdoc '' 'plain')" \
	    "<Relationship Id=\"r9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk\" Target=\"file://$secret\" TargetMode=\"External\"/>"
	python3 - "$secret" <<'EOF'
import sys, zipfile
with zipfile.ZipFile("entity.odt", "w") as z:
    z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    z.writestr("content.xml", '<?xml version="1.0"?><!DOCTYPE office:document-content '
               '[<!ENTITY x SYSTEM "file://%s">]><office:document-content xmlns:office='
               '"urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:'
               'names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>&x;'
               '</text:p></office:text></office:body></office:document-content>' % sys.argv[1])
EOF
	conf
	for d in entity.docx dtd.docx param.docx xinclude.docx rels.docx entity.odt; do
		attach "$d" "$d" >m
		classify_within 20 m
		expect_rc 0
		expect_stamp '^X-SEEMail-Classification: SEEMAIL$'
		expect_no_stamp 'TOP SECRET|TOP-SECRET'
		case $d in
		entity.*|param.*)
			expect_stamp '^X-SEEMail-Uninspectable: "XML entity declarations are not allowed"' ;;
		dtd.*)
			expect_stamp '^X-SEEMail-Uninspectable: "XML refers to an entity that is not defined in it' ;;
		esac
		st=0
		traced "$T/trace" seem-classify -c "$T/c.conf" m || st=$?
		if [ "$st" = 0 ]; then
			expect_rc 0
			never_opened "$T/trace" "$secret"
			never_opened "$T/trace" "$T/secret.dtd"
		fi
	done
}

test_xml_elements_nested_past_xml_depth() {
	# 20,000 nested elements (attributes vary so that the part deflates
	# under the ratio limit); the term before them is still found.
	# Protection: xml_depth (xmltext.c keeps its stack bounded by it).
	# Defeated: xml_depth = 100000: no stamp: FAIL (seen).
	need_python || return 77
	python3 - <<EOF
import random, zipfile
r = random.Random(1)
n = 20000
doc = ('<?xml version="1.0"?><w:document xmlns:w="$W_NS"><w:body><w:p><w:r>'
       '<w:t>[RESTRICTED] before</w:t></w:r></w:p>'
       + "".join('<w:sdt w:id="%d">' % r.getrandbits(30) for _ in range(n))
       + "<w:p><w:r><w:t>deep</w:t></w:r></w:p>" + "</w:sdt>" * n + "</w:body></w:document>")
with zipfile.ZipFile("deep.docx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("word/document.xml", doc)
EOF
	attach deep.docx deep.docx >m
	conf xml_depth=100000
	classify_within 20 m
	expect_rc 0
	expect_stamp '^X-SEEMail-Uninspectable: "XML elements nested deeper than xml_depth" in attachment "deep\.docx" .*> word/document\.xml$'
	expect_stamp '^X-SEEMail-Classification: RESTRICTED$'
	[ "$ms" -lt $((10000 * SLOW)) ] || fail "took $ms ms"
}

# ---- PDF ----------------------------------------------------------------

# mkpdf KIND OUT [ARG]: a PDF with a flaw that make-pdf.sh does not plant.
mkpdf() {
	python3 - "$@" <<'EOF'
import sys
def pdf(objs):
    out, offs = bytearray(b"%PDF-1.4\n"), []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offs)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    return bytes(out)
def stream(d, extra=b""):
    return b"<< /Length %d %s>>\nstream\n" % (len(d), extra) + d + b"\nendstream"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
def page(contents, parent=2, res=b""):
    return (b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font "
            b"<< /F1 5 0 R >> %s>> /Contents %s >>" % (parent, res, contents))
kind, out = sys.argv[1], sys.argv[2]
if kind == "self-form":
    # A form XObject that draws itself, forever if let.
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            page(b"4 0 R", res=b"/XObject << /Fm1 6 0 R >> "),
            stream(b"BT /F1 12 Tf 72 720 Td ([RESTRICTED] before the form) Tj ET /Fm1 Do"),
            FONT,
            stream(b"BT /F1 12 Tf 72 700 Td (again) Tj ET /Fm1 Do",
                   b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources "
                   b"<< /XObject << /Fm1 6 0 R >> /Font << /F1 5 0 R >> >> ")]
elif kind == "deep-tree":
    # The page tree nested 100,000 deep above its one page.
    n, first = 100000, 6
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % first,
            page(b"4 0 R", parent=first + n - 1),
            stream(b"BT /F1 12 Tf 72 720 Td ([RESTRICTED] deep down) Tj ET"),
            FONT]
    for i in range(n):
        me = first + i
        objs.append(b"<< /Type /Pages /Parent %d 0 R /Kids [%d 0 R] /Count 1 >>"
                    % (2 if i == 0 else me - 1, me + 1 if i + 1 < n else 3))
elif kind == "external":
    # A content stream kept in a local file (/F), and an attached file
    # named by path but not embedded.
    path = sys.argv[3].encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(s.txt) 6 0 R] >> >> >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            page(b"[4 0 R 7 0 R]"),
            b"<< /Length 0 /F (" + path + b") >>\nstream\n\nendstream",
            FONT,
            b"<< /Type /Filespec /F (" + path + b") /UF (" + path + b") >>",
            stream(b"BT /F1 12 Tf 72 720 Td (nothing here) Tj ET")]
open(out, "wb").write(pdf(objs))
EOF
}

test_pdf_form_that_draws_itself_and_a_page_tree_100000_deep() {
	# Two loops that extract_pdf.sh does not plant: recursion through a
	# form XObject, and a page tree nested 100,000 deep.
	# Protection: poppler's own guards (Gfx's form depth, the page tree
	# walk); behind them extract_cpu and extract_timeout.
	# Defeated: poppler's guards cannot be removed from here; without
	# them the child would spin until extract_cpu kills it, and the
	# "killed by signal" stamp fails the test (extract_isolation.sh shows
	# that stamp with a fake extractor that loops).
	need_python || return 77
	by_code || return 77
	conf
	for k in self-form deep-tree; do
		mkpdf $k p.pdf
		attach p.pdf p.pdf application/pdf >m
		classify_within 30 m
		expect_rc 0
		expect_no_stamp 'ran out of time|killed by signal'
		expect_stamp '^X-SEEMail-Trigger: RESTRICTED "\[RESTRICTED\]" in attachment "p\.pdf" .*> "page 1"$'
		[ "$ms" -lt $((20000 * SLOW)) ] || fail "$k: took $ms ms"
	done
}

test_pdf_external_stream_and_file_specification_are_never_read() {
	# Protection: poppler does not follow a stream's /F, and the shim
	# reads only embedded file data (pdf_attachment); no other file is
	# opened by name from the document.
	# Defeated: not by a setting; the strace check is the proof.
	need_python || return 77
	by_code || return 77
	secret=$T/secret.txt
	printf 'BT /F1 12 Tf 72 720 Td ([TOP SECRET] from a local file) Tj ET\n' >"$secret"
	mkpdf external p.pdf "$secret"
	attach p.pdf p.pdf application/pdf >m
	conf
	classify_within 20 m
	expect_rc 0
	expect_stamp '^X-SEEMail-Classification: SEEMAIL$'
	traced "$T/trace" seem-classify -c "$T/c.conf" m || { skip "no strace here (or AddressSanitizer): content check only"; return 77; }
	expect_rc 0
	never_opened "$T/trace" "$secret"
}

# ---- OLE2 (compound files) ----------------------------------------------

# ole KIND OUT: a compound file (version 3, 512-byte sectors) with a loop.
ole() {
	python3 - "$@" <<'EOF'
import struct, sys
END, FREE, FATSECT, DIFSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFC
def dirent(name, typ, left=FREE, right=FREE, child=FREE, start=END, size=0):
    n = (name + "\0").encode("utf-16-le")
    return (n.ljust(64, b"\0") + struct.pack("<HBB", len(n), typ, 1)
            + struct.pack("<III", left, right, child) + bytes(36)
            + struct.pack("<III", start, size, 0))
def header(nfat, firstdir, difat, firstmini=END, nmini=0, firstdif=END, ndif=0):
    return (bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16)
            + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
            + struct.pack("<IIII", 0, nfat, firstdir, 0)
            + struct.pack("<IIIII", 4096, firstmini, nmini, firstdif, ndif)
            + b"".join(struct.pack("<I", d) for d in (difat + [FREE] * 109)[:109]))
def sector(b):
    return b.ljust(512, b"\0")
def fat(entries):
    return sector(b"".join(struct.pack("<I", e) for e in (entries + [FREE] * 128)[:128]))
TEXT = sector(b"[SECRET] in a stream " * 24)
PAD = TEXT * 16         # the file holds more than any stream claims
kind = sys.argv[1]
if kind == "fat-loop":          # a stream of 8 KB whose chain goes 2 -> 3 -> 2
    d = dirent("Root Entry", 5, child=1) + dirent("Notes", 2, start=2, size=8192)
    out = header(1, 1, [0]) + fat([FATSECT, END, 3, 2] + [END] * 16) + sector(d) + TEXT * 2 + PAD
elif kind == "dir-loop":        # the directory's own chain: 1 -> 1
    d = dirent("Root Entry", 5, child=1) + dirent("Notes", 2, start=2, size=4608)
    out = header(1, 1, [0]) + fat([FATSECT, 1, END]) + sector(d) + TEXT + PAD
elif kind == "mini-loop":       # a mini stream chain 0 -> 1 -> 0
    d = dirent("Root Entry", 5, child=1, start=3, size=2048) + dirent("Notes", 2, start=0, size=1000)
    out = (header(1, 1, [0], firstmini=2, nmini=1) + fat([FATSECT, END, END, 4, 5, 6, END])
           + sector(d) + fat([1, 0]) + TEXT * 4 + PAD)
elif kind == "difat-loop":      # 300 FAT sectors claimed; the DIFAT sector
    dif = sector(struct.pack("<I", 0) * 127 + struct.pack("<I", 300))   # names itself next
    d = dirent("Root Entry", 5, child=1) + dirent("Notes", 2)
    out = (header(300, 1, [0] * 109, firstdif=300, ndif=2) + fat([FATSECT, END])
           + sector(d) + fat([]) * 298 + dif)
elif kind == "tree-loop":       # A's left sibling is B, whose right sibling is A
    d = (dirent("Root Entry", 5, child=1) + dirent("A", 2, left=2, start=2, size=4608)
         + dirent("B", 2, right=1, start=2, size=4608))
    out = header(1, 1, [0]) + fat([FATSECT, END] + list(range(3, 11)) + [END]) + sector(d) + PAD
open(sys.argv[2], "wb").write(out)
EOF
}

test_ole2_fat_cycle_and_other_loops_end_at_once() {
	# Protection: ole2.c: every FAT and mini FAT chain is walked with a
	# stamp per sector (fat_chain, mini_chain: "a sector chain loops"),
	# the DIFAT with a seen bit per sector, the directory tree with a
	# visited mark per entry (link_tree).
	# Defeated (by hand, a scratch copy of the tree without the stamp
	# check of fat_chain): "fat-loop" reads 2 -> 3 -> 2 until its 8 KB are
	# "read" and passes with no stamp; "dir-loop" grows the directory
	# until the budget stops it ("out of memory"): FAIL on both (seen).
	need_python || return 77
	by_code || return 77
	conf
	for k in fat-loop dir-loop mini-loop difat-loop tree-loop; do
		ole $k d.doc
		attach d.doc d.doc application/msword >m
		classify_within 20 m
		expect_rc 0
		expect_no_stamp 'ran out of time|killed by signal'
		case $k in
		fat-loop|dir-loop)
			expect_stamp '^X-SEEMail-Uninspectable: "a broken compound file: a sector chain loops" in attachment "d\.doc"' ;;
		mini-loop)
			expect_stamp '^X-SEEMail-Uninspectable: "a broken compound file: a mini sector chain loops" in attachment "d\.doc" .*> Notes$' ;;
		difat-loop)
			expect_stamp '^X-SEEMail-Uninspectable: "a broken compound file: the DIFAT chain loops" in attachment "d\.doc"' ;;
		tree-loop)
			# Each entry visited once: both streams read, nothing lost.
			expect_stamp '^X-SEEMail-Trigger: SECRET .*> A$'
			expect_stamp '^X-SEEMail-Trigger: SECRET .*> B$' ;;
		esac
		[ "$ms" -lt $((10000 * SLOW)) ] || fail "$k: took $ms ms"
	done
}

# ---- RTF ----------------------------------------------------------------

test_rtf_groups_nested_deeper_than_xml_depth() {
	# 50,000 nested groups that close, and 1,000,000 that never do; the
	# term before them is still found.
	# Protection: xml_depth bounds RTF group nesting too (rtf.c keeps an
	# explicit stack of at most that many groups).
	# Defeated: xml_depth = 100000: the 50,000 groups are read, no stamp:
	# FAIL (seen).
	need_python || return 77
	python3 -c '
n = 50000
open("closed.rtf", "w").write("{\\rtf1\\ansi [RESTRICTED] before " + "{\\b " * n + "deep" + "}" * n + " after}")
open("open.rtf", "w").write("{\\rtf1\\ansi [RESTRICTED] before " + "{" * 1000000)'
	conf xml_depth=100000
	for r in closed.rtf open.rtf; do
		attach $r $r application/rtf >m
		classify_within 20 m
		expect_rc 0
		expect_stamp "^X-SEEMail-Uninspectable: \"RTF groups nested too deeply\" in attachment \"$r\""
		expect_stamp '^X-SEEMail-Classification: RESTRICTED$'
		[ "$ms" -lt $((10000 * SLOW)) ] || fail "$r: took $ms ms"
	done
}

# ---- hostile shapes through every tool ------------------------------------
#
# classify_limits.sh shows seem-classify on these shapes; here the whole
# outbound and inbound pipelines meet them, each tool within a time bound:
# seem-policy, seem-notify, seem-sign and seem-verify read the same header
# and body, and none may be slower than linear, crash, or leave a forged
# stamp behind.
# Protection: seem-classify's mime_depth (the only tool that walks the
# nesting; the others treat the body as bytes) and header code that is
# linear: mime_split and the stamp removal of emit.c and smime_verdict.c
# make one pass.
# Defeated (by hand): without the mime_depth checks of classify.c the
# nested multiparts crash seem-classify (SIGSEGV, its stack) and the
# nested messages lose their stamp: FAIL; each input made ten times larger
# took ten times as long through every tool (linear, so the bounds below
# hold with a wide margin: every step takes well under a second).

# pki: $P, the test PKI of tests/pki/make-pki.sh, made once per run.
pki() { test_pki hardening_limits; }

# shape KIND OUT: a message from ann@alpha.test to bob@beta.test.
shape() {
	python3 - "$@" <<'EOF'
import sys
kind, out = sys.argv[1], sys.argv[2]
s = ["From: ann@alpha.test\nTo: bob@beta.test\nDate: Mon, 1 Jan 2024 10:00:00 +1300\n"
     "Message-ID: <shape@alpha.test>\n"]
if kind == "multiparts":            # 10,000 nested multiparts
    s.append("Subject: deep\nMIME-Version: 1.0\n")
    for i in range(10000):
        s.append("Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n" % (i, i))
    s.append("Content-Type: text/plain\n\n[RESTRICTED]\n")
elif kind == "messages":            # 1,000 nested attached messages
    s.append("MIME-Version: 1.0\n")
    for i in range(1000):
        s.append("Subject: level %d\nContent-Type: message/rfc822\n\n" % i)
    s.append("Subject: [SECRET] innermost\n\nbody\n")
elif kind == "line":                # a header line of 1 MB
    s.append("Subject: " + "word " * 210000 + "[RESTRICTED]\n\nbody\n")
elif kind == "words":               # 1 MB of encoded words in one field
    s.append("Subject: " + "=?utf-8?q?w=C3=B6rd?= " * 45000 + "[RESTRICTED]\n\nbody\n")
elif kind == "fields":              # 100,000 header fields
    s += ["X-Filler-%d: value %d\n" % (i, i) for i in range(100000)]
    s.append("Subject: [SEEMAIL] at the end\n\nbody\n")
elif kind == "stamps":              # 100,000 forged stamps of every kind
    for i in range(20000):
        s.append('X-SEEMail-Classification: UNCLASSIFIED\nX-SEEMail-Trigger: SECRET "[SECRET]" '
                 'in forged %d\nX-SEEMail-Uninspectable: "forged"\nX-SEEMail-Policy: deliver\n'
                 'X-SEEMail-Verified: pass; agency="Agency Beta"\n' % i)
    s.append("Subject: plain\n\nbody\n")
open(out, "w").write("".join(s))
EOF
}

# count RE FILE: the header fields of FILE matching RE.
count() {
	awk '/^\r?$/ { exit } { print }' "$2" | grep -c -- "$1" || true
}

# step SECONDS NAME RCS IN CMD...: CMD with IN on stdin, bounded; its exit
# status must be one of RCS ("0" or "0|77"); the output is kept in NAME.
step() {
	_secs=$1 _name=$2 _rcs=$3 _in=$4
	shift 4
	rc=0
	_t0=$(date +%s%N)
	timeout -k 5 $((_secs * SLOW)) "$@" <"$_in" >"$T/$_name" 2>"$T/$_name.err" || rc=$?
	ms=$((($(date +%s%N) - _t0) / 1000000))
	case "|$_rcs|" in
	*"|$rc|"*) ;;
	*) fail "$_name: exit status $rc (expected $_rcs) after $ms ms: $(head -c 300 "$T/$_name.err")"
	   return 1 ;;
	esac
}

# through_every_tool MSG: the outbound pipeline to a SEEMail member, the
# notice, then MSG as it would arrive unsigned from outside, and the signed
# copy, through the inbound pipeline.
through_every_tool() {
	_b=20          # seconds per step: each takes well under one here
	step $_b c1 0 "$1" seem-classify -c "$P/alpha.conf" || return 1
	[ "$(count '^X-SEEMail-Classification:' "$T/c1")" = 1 ] || fail "seem-classify: not one classification"
	[ "$(count '^X-SEEMail-\(Policy\|Verified\):' "$T/c1")" = 0 ] ||
	    [ "$(count '^X-SEEMail-\(Policy\|Verified\):' "$T/c1")" = "$(count '^X-SEEMail-\(Policy\|Verified\):' "$1")" ] ||
	    fail "seem-classify removed stamps it does not own"
	step $_b p1 '0|77' "$T/c1" seem-policy -c "$P/alpha.conf" -f ann@alpha.test bob@beta.test || return 1
	[ "$(count '^X-SEEMail-Policy:' "$T/p1")" -ge 1 ] || fail "seem-policy: no policy stamp"
	step $_b n1 0 "$T/p1" seem-notify -c "$P/alpha.conf" || return 1
	if [ "$rc" = 0 ] && grep -q '^X-SEEMail-Policy: block' "$T/p1"; then
		[ -s "$T/n1" ] || fail "seem-notify: no notice for a block"
	fi
	step $_b s1 '0|77' "$T/p1" seem-sign -c "$P/alpha.conf" bob@beta.test || return 1
	if [ "$rc" = 77 ]; then
		grep -q '^X-SEEMail-Uninspectable:' "$T/p1" || fail "seem-sign refused a message it could sign"
		[ ! -s "$T/s1" ] || fail "seem-sign: output with 77"
	fi
	for in in "$1" "$T/s1"; do
		[ -s "$in" ] || continue
		step $_b v2 0 "$in" seem-verify -c "$P/beta.conf" || return 1
		[ "$(count '^X-SEEMail-' "$T/v2")" = 1 ] || fail "seem-verify left $(count '^X-SEEMail-' "$T/v2") stamps"
		step $_b c2 0 "$T/v2" seem-classify -c "$P/beta.conf" || return 1
		step $_b p2 0 "$T/c2" seem-policy -c "$P/beta.conf" --inbound || return 1
		[ "$(count '^X-SEEMail-Policy:' "$T/p2")" -ge 1 ] || fail "seem-policy --inbound: no policy stamp"
		step $_b n2 0 "$T/p2" seem-notify -c "$P/beta.conf" || return 1
		[ -s "$T/n2" ] || fail "seem-notify: nothing to deliver"
	done
}

test_every_tool_bounds_ten_thousand_nested_multiparts() {
	need_python || return 77
	by_code || return 77
	pki
	shape multiparts m
	through_every_tool m
	grep -q '^X-SEEMail-Uninspectable: "multiparts nested deeper than mime_depth"' "$T/c1" ||
	    fail "no mime_depth stamp"
	grep -q '^X-SEEMail-Policy: block; code=cannot-sign' "$T/p1" || fail "not blocked: $(grep Policy "$T/p1")"
}

test_every_tool_bounds_a_thousand_nested_attached_messages() {
	need_python || return 77
	by_code || return 77
	pki
	shape messages m
	through_every_tool m
	grep -q '^X-SEEMail-Uninspectable: "attached messages nested deeper than mime_depth"' "$T/c1" ||
	    fail "no mime_depth stamp"
}

test_every_tool_bounds_a_one_megabyte_header_line() {
	need_python || return 77
	by_code || return 77
	pki
	for k in line words; do
		shape $k m
		through_every_tool m
		grep -q '^X-SEEMail-Classification: RESTRICTED' "$T/c1" || fail "$k: not RESTRICTED"
		grep -q '^X-SEEMail-Verified: pass' "$T/v2" || fail "$k: the signed copy did not verify"
	done
}

test_every_tool_bounds_a_hundred_thousand_header_fields() {
	need_python || return 77
	by_code || return 77
	pki
	shape fields m
	through_every_tool m
	grep -q '^X-SEEMail-Classification: SEEMAIL' "$T/c1" || fail "not SEEMAIL"
	grep -q '^X-SEEMail-Verified: pass' "$T/v2" || fail "the signed copy did not verify"
}

test_every_tool_removes_a_hundred_thousand_forged_stamps() {
	need_python || return 77
	by_code || return 77
	pki
	shape stamps m
	through_every_tool m
	[ "$(count '^X-SEEMail-' "$T/c1")" = 40001 ] ||
	    fail "seem-classify: $(count '^X-SEEMail-' "$T/c1") stamps (its own 1, 40000 it does not own)"
	grep -q '^X-SEEMail-Classification: UNCLASSIFIED' "$T/c1" || fail "not UNCLASSIFIED"
	[ "$(count '^X-SEEMail-Policy:' "$T/p1")" = 1 ] || fail "forged policy stamps left"
	[ "$(count '^X-SEEMail-' "$T/s1")" = 0 ] || fail "seem-sign let stamps out of the agency"
	grep -q '^X-SEEMail-Verified: pass' "$T/v2" || fail "the signed copy did not verify"
}

test_mime_nesting_does_not_count_against_extract_depth() {
	# A PDF in a message forwarded as an attachment six times, each
	# forward an HTML mail (multipart/mixed > multipart/alternative):
	# twelve levels of MIME, under mime_depth (32), and no document
	# inside another.  The PDF must be read, not stamped uninspectable.
	# Protection: classify.c counts MIME nesting in c->nest against
	# mime_depth and documents in c->depth against extract_depth.
	# Defeated: before that fix one counter served both, and from the
	# fourth forward on the PDF was "documents nested deeper than
	# extract_depth" (a cannot-sign block for a SEEMail member): FAIL
	# (seen).
	need_python || return 77
	by_code || return 77
	sh "$SRC/tests/fixtures/pdf/make-pdf.sh" -o r.pdf "[RESTRICTED] in the PDF"
	python3 - <<'EOF'
import base64
pdf = base64.encodebytes(open("r.pdf", "rb").read()).decode()
m = ("From: a@example.govt.nz\nSubject: innermost\nMIME-Version: 1.0\n"
     "Content-Type: multipart/mixed; boundary=z\n\n--z\nContent-Type: text/plain\n\nsee\n"
     "--z\nContent-Type: application/pdf; name=r.pdf\nContent-Transfer-Encoding: base64\n\n"
     + pdf + "--z--\n")
for n in range(6):
    b = "b%d" % n
    m = ("From: a@example.govt.nz\nSubject: Fwd %d\nMIME-Version: 1.0\n"
         "Content-Type: multipart/mixed; boundary=%s\n\n--%s\n"
         "Content-Type: multipart/alternative; boundary=a%s\n\n--a%s\n"
         "Content-Type: text/plain\n\nfwd\n--a%s\nContent-Type: text/html\n\n<p>fwd</p>\n--a%s--\n"
         "--%s\nContent-Type: message/rfc822\n\n" % (n, b, b, b, b, b, b, b)) + m + "--%s--\n" % b
open("m", "w").write(m)
EOF
	conf
	classify_within 20 m
	expect_rc 0
	expect_no_stamp 'nested deeper'
	expect_stamp '^X-SEEMail-Trigger: RESTRICTED "\[RESTRICTED\]" in attachment "r\.pdf" .*> "page 1"$'
}
