#!/usr/bin/env python3
"""make-corpus.py: writes the golden corpus of seem-classify under classify/.

Each NAME.eml is a message built to exercise one evasion (or one negative)
of SPEC.md; NAME.expected beside it holds the stamps seem-classify must
prepend, written and checked by hand.  Run from this directory; it only
rewrites the .eml files."""
import base64, quopri

def msg(name, headers, body, crlf=False):
    text = "".join("%s: %s\n" % h for h in headers) + "\n" + body
    data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text
    if crlf:
        data = data.replace(b"\n", b"\r\n")
    open("classify/%s.eml" % name, "wb").write(data)

def b64(b):
    return base64.encodebytes(b).decode()

H = [("From", "Ann Tui <ann@dia.govt.nz>"), ("To", "bob@mfat.govt.nz"),
     ("Date", "Mon, 2 Nov 2026 10:00:00 +1300"), ("Message-ID", "<c1@dia.govt.nz>"),
     ("MIME-Version", "1.0")]

def simple(name, subject, body, ctype="text/plain; charset=utf-8", cte=None, crlf=False, extra=()):
    hs = H + [("Subject", subject), ("Content-Type", ctype)] + list(extra)
    if cte:
        hs.append(("Content-Transfer-Encoding", cte))
    msg(name, hs, body, crlf)

# Encoded words.
simple("subject-encoded-word", "=?utf-8?B?" + base64.b64encode("Budget [RESTRICTED] draft".encode()).decode() + "?=", "Hello.\n")
simple("subject-split-words", "=?utf-8?q?Plan_=5BRESTR?= =?utf-8?q?ICTED=5D_v2?=", "Hello.\n")
simple("subject-latin1-q", "=?iso-8859-1?q?R=E9sum=E9_=5BIN-CONFIDENCE=5D?=", "Hello.\n", crlf=True)
# Quoted-printable soft break inside a term.
simple("qp-soft-break", "Update", "Please note this is [SENS=\nITIVE:BUDGET] material.\n", cte="quoted-printable")
simple("qp-escaped-brackets", "Update", "=5BSEC=3DRESTRICTED=5D\n", cte="quoted-printable", crlf=True)
# HTML: tags, comments and entities inside a term; script is not seen.
simple("html-tags-in-term", "Notes", "<html><body><p>[RESTR<b>ICT</b><span style=\"x\">ED</span>]</p></body></html>\n",
       ctype="text/html; charset=utf-8")
simple("html-entities", "Notes", "<p>&#91;SECRET&#93; and &lsqb;SEEMAIL&rsqb; and &#x5B;IN&#x2011;CONFIDENCE&#x5D;</p>\n",
       ctype="text/html; charset=us-ascii")
simple("html-comment-in-term", "Notes", "<div>[TOP<!-- x -->&nbsp;SECRET]</div>\n", ctype="text/html")
# A mail client that blocks images shows their alt text; title is a tooltip.
simple("html-alt-text", "Chart", "<p>See the chart.</p><img src=\"cid:c1\" alt=\"Chart [SEC=SENSITIVE]\">\n",
       ctype="text/html; charset=utf-8")
simple("html-script-only", "Notes", "<p>Hello</p><script>var x = '[SECRET]';</script><style>/* [RESTRICTED] */</style>\n",
       ctype="text/html; charset=utf-8")
# HTML5 numeric references need no ';'; text hidden inside a term is read apart.
simple("html-numeric-no-semicolon", "Notes", "<p>&#91RESTRICTED&#x5d</p>\n", ctype="text/html; charset=us-ascii")
simple("html-hidden-in-term", "Notes",
       "<p>[SEC=<span style=\"display:none;mso-hide:all\">x</span>SECRET]</p>\n", ctype="text/html; charset=utf-8")
# Invisible and look-alike characters.
simple("zero-width-space", "Minutes", "Item: [RES\u200bTRICTED] tabled.\n", cte="8bit")
simple("soft-hyphen", "Minutes", "Item: [RESTRIC\u00adTED] tabled.\n", cte="8bit")
simple("no-break-space", "Minutes", "Item: [TOP\u00a0SECRET] tabled.\n", cte="8bit")
simple("no-break-hyphen", "Minutes", "Item: [IN\u2011CONFIDENCE] tabled.\n", cte="8bit")
simple("fullwidth-brackets", "Minutes", "Item: \uff3bSEEMAIL\uff3d tabled.\n", cte="8bit")
simple("zero-width-joiner-qp", "Minutes", quopri.encodestring("Item: [SEN\u200dSITIVE] tabled.\n".encode()).decode(),
       cte="quoted-printable")
# Forms of the term.
simple("endorsements", "Forms", "First [SENSITIVE:BUDGET], then [IN-CONFIDENCE: STAFF].\n")
simple("sec-form", "Forms", "Marked [SEC=RESTRICTED] by the author.\n")
simple("highest-level-wins", "[SEEMAIL] weekly", "Also [SENSITIVE] and [CONFIDENTIAL] here.\n")
simple("case-and-spacing", "Forms", "[ top   secret ] and [Restricted ]\n")
# Negatives.
simple("negative-prose", "Access review", "The room has restricted access. We handle sensitive data.\n"
       "This is RESTRICTED in prose, not a marking. [UNCLASSIFIED]\n")
simple("negative-near-misses", "Near misses", "[RESTRICTEDX] [RESTRICTED STAFF] [SECRET [SEEMAIL\n")
# Marking headers carry the level without brackets.
simple("marking-header", "Plain subject", "Body.\n",
       extra=[("X-Protective-Marking", "VER=2018.1, NS=gov.au, SEC=RESTRICTED, ORIGIN=ann@dia.govt.nz")])
simple("security-classification-header", "Plain subject", "Body.\n",
       extra=[("X-Security-Classification", "IN-CONFIDENCE")])

def multipart(name, subject, parts, sub="mixed", boundary="b1", crlf=False, epilogue=True):
    body = "This is a MIME message.\n"
    for p in parts:
        body += "--%s\n%s" % (boundary, p)
    if epilogue:
        body += "--%s--\n" % boundary
    msg(name, H + [("Subject", subject), ("Content-Type", 'multipart/%s; boundary="%s"' % (sub, boundary))], body, crlf)

def part(ctype, body, cte=None, disp=None):
    h = "Content-Type: %s\n" % ctype
    if cte:
        h += "Content-Transfer-Encoding: %s\n" % cte
    if disp:
        h += "Content-Disposition: %s\n" % disp
    return h + "\n" + body + "\n"

# Attached message: inner header and body.
inner = "From: x@mfat.govt.nz\nSubject: =?utf-8?q?Inner_=5BSECRET=5D?=\nContent-Type: text/plain\n\nInner body [SEEMAIL].\n"
multipart("attached-message", "Fwd: something", [part("text/plain", "See below."), part("message/rfc822", inner)])
multipart("attached-message-base64", "Fwd", [part("text/plain", "See below."),
          part("message/rfc822", b64(inner.replace("\n", "\r\n").encode()), cte="base64")])
# File names: RFC 2231 and RFC 2047 in quotes.
multipart("filename-rfc2231", "Files", [part("text/plain", "Attached."),
          part("application/octet-stream; name=x.bin", b64(b"\x00\x01data"), cte="base64",
               disp="attachment; filename*=utf-8''%5BSEEMAIL%5D%20plan%20P%C5%ABrongo.txt")])
multipart("filename-rfc2047", "Files", [part("text/plain", "Attached."),
          part('application/octet-stream; name="=?utf-8?q?=5BIN-CONFIDENCE=5D_list.csv?="', b64(b"a,b\n"), cte="base64")])
# Text attachments in other charsets.
multipart("utf16-no-bom", "Files", [part("text/plain", "Attached."),
          part("application/octet-stream", b64("Notes: [RESTRICTED] only.\n".encode("utf-16-le")), cte="base64",
               disp='attachment; filename="notes.txt"')])
multipart("utf16-bom-text", "Files", [part("text/plain", "Attached."),
          part("text/plain; charset=utf-16", b64(b"\xff\xfe" + "Notes [SECRET].\n".encode("utf-16-le")), cte="base64",
               disp='attachment; filename="n.txt"')])
simple("iso-2022-jp", "Japanese", "\x1b$B$3$s$K$A$O\x1b(B [SEEMAIL]\n", ctype="text/plain; charset=iso-2022-jp", cte="7bit")
simple("latin1-body", "Latin", "Caf\udce9 [RESTRICTED]\n", ctype="text/plain; charset=iso-8859-1", cte="8bit")
simple("unknown-charset", "Unknown", "Body [SENSITIVE] here\n", ctype="text/plain; charset=x-no-such-thing")
# Calendar, enriched, flowed.
simple("calendar-folded", "Invite", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Budget [RESTR\n ICTED] review\nEND:VEVENT\nEND:VCALENDAR\n",
       ctype="text/calendar; method=REQUEST; charset=utf-8", crlf=True)
simple("enriched", "Rich", "<bold>[SENS</bold><italic>ITIVE]</italic> text\n", ctype="text/enriched")
simple("flowed-delsp", "Flowed", "This is [RESTRIC \nTED] text.\n", ctype="text/plain; format=flowed; delsp=yes")
# Structure: nesting, base64 HTML, missing boundary, no closing delimiter.
alt = ('Content-Type: multipart/alternative; boundary="b2"\n\n--b2\n' + part("text/plain", "Plain part.") +
       '--b2\nContent-Type: multipart/related; boundary="b3"\n\n--b3\n' +
       part("text/html; charset=utf-8", b64("<p>Deep [SEC=TOP SECRET]</p>".encode()), cte="base64") +
       "--b3--\n\n--b2--\n")
multipart("nested-multipart", "Nested", [alt, part("text/plain", "Trailer.")])
multipart("no-closing-delimiter", "Unclosed", [part("text/plain", "One."), part("text/plain", "Two [SEEMAIL].")], epilogue=False)
msg("multipart-without-boundary", H + [("Subject", "Broken"), ("Content-Type", "multipart/mixed")],
    "No boundary, so this reads as text: [RESTRICTED]\n")
multipart("x-uuencode-attachment", "Old style", [part("text/plain", "Attached."),
          part("application/octet-stream", "begin 644 a.txt\n" +
               __import__("binascii").b2a_uu(b"[SECRET] memo").decode() + "`\nend", cte="x-uuencode")])
multipart("signed-detached", "Signed", [part("text/plain", "Signed text [IN CONFIDENCE]."),
          part("application/pkcs7-signature; name=smime.p7s", b64(b"\x30\x80notreal"), cte="base64")],
          sub='signed; protocol="application/pkcs7-signature"; micalg=sha-256')
multipart("encrypted-part", "Opaque", [part("text/plain", "See attachment."),
          part("application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m",
               b64(b"\x30\x82\x01\x00\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x03" + b"\x00" * 40), cte="base64",
               disp="attachment; filename=smime.p7m")])
