#!/usr/bin/env python3
"""make-seeds.py: writes the generated seed inputs of fuzz/corpus/.

Run from the top of the source tree: python3 fuzz/make-seeds.py.  The
seeds are small files made here (messages with the quirks real mail has,
header values, HTML, documents built byte by byte), plus the golden
messages of tests/corpus/classify and the files of share/seemail.  Every
file is written again each time; nothing else in fuzz/corpus/ is touched,
so seeds added by hand (and regression inputs) stay.
"""
import base64
import gzip
import io
import os
import shutil
import struct
import subprocess
import tempfile
import zipfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def put(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def crlf(s):
    return s.replace("\n", "\r\n")


# ---------------------------------------------------------------- messages

HDR = "From: a@dia.govt.nz\nTo: b@stats.govt.nz\nSubject: {subj}\nMIME-Version: 1.0\n"

MESSAGES = {
    "plain": HDR.format(subj="[RESTRICTED] plan") + "Content-Type: text/plain\n\nbody [SEEMAIL]\n",
    "dsn": HDR.format(subj="Undelivered") +
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\n\n'
    "--b1\nContent-Type: text/plain\n\nfailed\n"
    "--b1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx\n\n"
    "Final-Recipient: rfc822; x@y\nAction: failed\nStatus: 5.0.0\n\n"
    "--b1\nContent-Type: text/rfc822-headers\n\nSubject: [SECRET]\n\n--b1--\n",
    "digest": HDR.format(subj="digest") +
    "Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: one\n\n[SENSITIVE]\n"
    "--d\nContent-Type: message/rfc822\n\nSubject: two\n\nx\n--d--\n",
    "mhtml": HDR.format(subj="page") +
    'Content-Type: multipart/related; type="text/html"; boundary="r"\n\n'
    "--r\nContent-Type: text/html; charset=windows-1252\nContent-Transfer-Encoding: quoted-printable\n\n"
    "<html><body><p>[IN-CONFIDENCE]=3D&amp;<img src=3D\"cid:i\"></body></html>\n"
    "--r\nContent-ID: <i>\nContent-Type: image/gif\nContent-Transfer-Encoding: base64\n\n"
    "R0lGODlhAQABAAAAACw=\n--r--\n",
    "missing-subtype": HDR.format(subj="x") + "Content-Type: text\n\n[SECRET]\n",
    "empty-multipart": HDR.format(subj="x") + "Content-Type: multipart/mixed; boundary=e\n\n--e--\n",
    "epilogue": HDR.format(subj="x") +
    "Content-Type: multipart/alternative; boundary=\"=_x\"\n\npreamble\n--=_x\n\na\n--=_x\n"
    "Content-Type: text/enriched\n\n<bold>[TOP SECRET]</bold> <<\n--=_x--\nepilogue [SECRET]\n",
    "mbox": "From a@b Mon Jan  1 00:00:00 2026\n" + HDR.format(subj="one") +
    "Content-Length: 6\n\n>From x\nFrom c@d Mon Jan  1 00:00:00 2026\nSubject: two\n\nz\n",
    "crlf-attach": crlf(HDR.format(subj="=?UTF-8?B?W1JFU1RSSUNURURd?=") +
                        "Content-Type: multipart/mixed; boundary=\"q\"\n\n--q\nContent-Type: text/plain; format=flowed; delsp=yes\n\n"
                        "[RESTRI \nCTED] soft\n--q\nContent-Type: application/octet-stream;\n name*0*=utf-8''%E2%80%9Ca;\n name*1=b.zip\n"
                        "Content-Disposition: attachment; filename*=UTF-8''%5BSECRET%5D.txt\nContent-Transfer-Encoding: base64\n\n"
                        + base64.b64encode(b"PK\x05\x06" + b"\0" * 18).decode() + "\n--q--\n"),
    "uuencode": HDR.format(subj="uu") + "Content-Type: text/plain\nContent-Transfer-Encoding: x-uuencode\n\n"
    "begin 644 a.txt\n,6U-%0U)%5%T*\n`\nend\n",
    "calendar": HDR.format(subj="meet") + "Content-Type: text/calendar; method=REQUEST\n\n"
    "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:[RESTR\n ICTED] talk\\, now\\nDESCRIPTION:x\\;y\nEND:VEVENT\nEND:VCALENDAR\n",
    "headers-marking": "X-Protective-Marking: SEC=RESTRICTED, ORIGIN=x\nKeywords: SECRET; other\n"
    "Thread-Topic: =?iso-8859-1?Q?caf=E9_[SEEMAIL]?=\nSubject: a\n\nb\n",
    "utf16": HDR.format(subj="u") + "Content-Type: text/plain; charset=utf-16\nContent-Transfer-Encoding: base64\n\n"
    + base64.b64encode("\ufeff[SECRET] text".encode("utf-16-le")).decode() + "\n",
    "iso2022": HDR.format(subj="=?ISO-2022-JP?B?GyRCJEgbKEI=?=") + "Content-Type: text/plain; charset=iso-2022-jp\n\n"
    "\x1b$B$3$s$K$A$O\x1b(B [SEEMAIL]\n",
    "smime": HDR.format(subj="enc") + "Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\n"
    "Content-Transfer-Encoding: base64\n\nMIAGCSqGSIb3DQEHA6CAMIACAQAxggE=\n",
}


def nested(depth):
    s = HDR.format(subj="deep")
    for i in range(depth):
        s += 'Content-Type: multipart/mixed; boundary="n%d"\n\n--n%d\n' % (i, i)
    s += "Content-Type: text/plain\n\n[SECRET]\n"
    for i in reversed(range(depth)):
        s += "--n%d--\n" % i
    return s


def attached(depth):
    s = ""
    for i in range(depth):
        s += "Subject: level %d\nContent-Type: message/rfc822\n\n" % i
    return s + "Subject: [RESTRICTED]\n\nend\n"


MESSAGES["nested-40"] = nested(40)
MESSAGES["attached-40"] = attached(40)


def messages():
    for name, text in MESSAGES.items():
        put("fuzz_mime", name + ".eml", text)
        put("fuzz_stamp", name + ".eml", text)


# ---------------------------------------------------------------- headers

def headers():
    params = {
        "rfc2231": "filename\nattachment; filename*0*=iso-8859-1'en'%A3%20rate; filename*1=\" [SECRET]\"",
        "rfc2231-unordered": "name\ntext/plain; name*1=b; name*0=a; name*2*=%41",
        "quoted": "boundary\nmultipart/mixed; boundary=\"a\\\"b;c\"; charset=utf-8 (comment)",
        "encoded-in-quotes": "name\napplication/pdf; name=\"=?UTF-8?Q?=5BRESTRICTED=5D?=.pdf\"",
        "entity": "charset\nContent-Type: multipart/mixed; boundary=x\nSubject: s\n  folded\n\n--x\n\none\n--x\nX: y\n\ntwo\n--x--\n",
        "no-subtype": "format\ntext; format=flowed; delsp=yes",
    }
    for k, v in params.items():
        put("fuzz_header", k, v)
    words = {
        "b": "=?UTF-8?B?W1JFU1RSSUNURURd?=",
        "q-latin1": "=?ISO-8859-1?Q?caf=E9_au_lait?= plain",
        "adjacent-split": "=?utf-8?q?=E2=80?= =?utf-8?q?=9C_x?=",
        "lang": "=?us-ascii*en?q?hello?=",
        "in-quotes": "\"=?utf-8?b?w6k=?=\" <a@b>",
        "invalid": "=?x?y?z?= =?utf-8?B?!!!?= =?=?",
        "raw8bit": "caf\xe9 \xc3\xa9",
        "gb": "=?GB2312?B?1tDOxA==?=",
        "many-openers": "=?a?q?" * 40,
    }
    for k, v in words.items():
        put("fuzz_rfc2047", k, v.encode("latin-1"))
    addrs = {
        "list": "\"Smith, Ann\" <ann@a.test>, bob@b.test (Bob), Group: c@c.test, d@d.test;, <e@E.TEST.>",
        "route": "<@x.test:y@z.test>, \"q\\\"x\"@w.test",
        "authres": "mx.dia.govt.nz; spf=pass smtp.mailfrom=x.test; dmarc=pass (p=none) header.from=dia.govt.nz",
        "verified": "pass; agency=\"Department of Internal Affairs\"; domain=dia.govt.nz",
    }
    for k, v in addrs.items():
        put("fuzz_address", k, v)


# ---------------------------------------------------------------- text stages

def texts():
    html = {
        "basic": "<!DOCTYPE html><html><head><style>p{}</style><script>var x='[SECRET]';</script></head>"
        "<body><p>[RE<b>STRICT</b>ED]</p><br/>&lbrack;SECRET&rsqb; &#x5B;&#91 &amp &notin; &#128;</body></html>",
        "comments": "<!-- [SECRET] --><p>a<!--x--->b</p><?php echo 1 ?><![CDATA[x]]>",
        "attrs": "<a href='x>y' title=\"[SECRET]\" data-x=a>link</a><img alt=[RESTRICTED]>",
        "unterminated": "<p>text <script>never closed &#x1F600",
    }
    for k, v in html.items():
        put("fuzz_html", k, v)
    tf = {
        "enriched": b"\x00<bold><param>x</param>[SE</bold>CRET] <<literal\n\n",
        "calendar": b"\x01BEGIN:VEVENT\r\nSUMMARY:a\\,b\\;c\\n\r\n d\\\\e\r\n\tf\r\nEND:VEVENT\r\n",
        "flowed": b"\x02> quoted \n> line\n stuffed \nnot\n-- \nsig\n",
        "delsp": b"\x03[RESTRI \r\nCTED] \r\nend\r\n",
    }
    for k, v in tf.items():
        put("fuzz_textfmt", k, v)
    cs = {
        "utf8": ("UTF-8", "k\u0101 [SECRET] \u00e9".encode("utf-8") + b"\xff\xc3"),
        "latin1": ("iso-8859-1", b"caf\xe9 \x80"),
        "cp1252": ("windows-1252", b"\x93quoted\x94 \x80"),
        "utf16le": ("utf-16le", "[SECRET]\U0001F600".encode("utf-16-le") + b"\x00\xd8"),
        "utf16-bom": ("utf-16", "\ufeffab".encode("utf-16-be")),
        "utf32": ("utf-32", "\ufeffab".encode("utf-32-le")),
        "guess-bom": ("", b"\xef\xbb\xbfhello"),
        "guess-16": ("", "hello world".encode("utf-16-le")),
        "iso2022": ("ISO-2022-JP", b"\x1b$B$3$s\x1b(B x"),
        "sjis": ("shift_jis", "\u3053\u3093".encode("shift_jis")),
        "gb18030": ("gb18030", "\u4e2d\u6587".encode("gb18030")),
        "koi8": ("koi8-r", "\u043f\u0440".encode("koi8-r")),
        "unknown": ("x-bogus", b"text \xe9"),
    }
    for k, (label, data) in cs.items():
        put("fuzz_charset", k, bytes([len(label)]) + label.encode() + data)
    codec = {
        "base64": "base64\nW1JFU1RSSUNURURd\nW1NF\r\nQ1JFVF0=W1NF\n*junk*Q1JF\nVF0=\n",
        "qp": "quoted-printable\n[RE=\nSTRICTED] =5BSECRET=5d =ZZ =\r\nend=20\n",
        "uu": "x-uuencode\nbegin 644 a\n,6U-%0U)%5%T*\n`\nend\n",
        "identity": "8bit\nplain\x00bytes\xff",
    }
    for k, v in codec.items():
        put("fuzz_codec", k, v.encode("latin-1"))


# ---------------------------------------------------------------- matcher, config

def matcher():
    trig = open(os.path.join(ROOT, "share/seemail/triggers"), "rb").read()
    m = {
        "builtin": b"no file: [SEC=RESTRICTED] [SENSITIVE:BUDGET] [IN CONFIDENCE] TOP-SECRET",
        "shipped": trig + b"\0[RESTRICTED] text",
        "terms": b"RESTRICTED [RESTRICTED:CABINET]\nSENSITIVE budget sensitive\n"
                 b"disclaimer This email may contain [RESTRICTED] information.\n"
                 b"banner UNCLASSIFIED [SEEMAIL]\n\0"
                 b"x budget sensitive y. This email may contain [RESTRICTED] information. "
                 b"[RESTRICTED:CABINET] \xef\xbc\xbbSECRET\xef\xbc\xbd R\xc2\xadESTRICTED",
        "bad-file": b"NOPE term\nSECRET\n\0[SECRET]",
    }
    for k, v in m.items():
        put("fuzz_matcher", k, v)
    put("fuzz_config", "shipped.conf", open(os.path.join(ROOT, "share/seemail/seemail.conf"), "rb").read())
    put("fuzz_config", "full.conf",
        "agency = Department of Internal Affairs\nlocal_domains = dia.govt.nz, .dia.govt.nz\n"
        "directory = directory\ntriggers = /etc/t\nbuiltin_triggers = no\nmarking_headers = X-A X-B\n"
        "label = 1234-abcd RESTRICTED\nlabel = Secret SECRET\ncert = c.pem\nkey = k.pem\nca_file = ca.pem\n"
        "cipher = aes-256-gcm\nrsa_padding = pss\ndigest = sha512\nhide_subject = yes\n"
        "hidden_subject = \" spaced \"\non_block = uncleared\nauthserv_id = mx1\nnotify_from = a@b\n"
        "templates = tpl\nwarning_prefix = [W]  # c\nnotice_max_original = 1M\nlog = syslog\n"
        "max_message_size = 10MB\nmime_depth = 8\nmax_parts = 100\nextract_depth = 2\n"
        "max_expanded_size = 1G\nmax_expansion_ratio = 100\nmax_archive_entries = 10\n"
        "xml_depth = 8\nextract_cpu = 5\nextract_timeout = 4\nextract_memory = 64M\nmax_findings = 3\n")
    put("fuzz_config", "errors.conf", "nokey\nagency\nmime_depth = 0\nmax_message_size = 1X\nunknown = 1\n")
    put("fuzz_directory", "shipped", open(os.path.join(ROOT, "share/seemail/directory"), "rb").read()[:6000])
    put("fuzz_directory", "small",
        "a.test restricted - A Agency\n.sub.a.test standard,sge certs/b.pem B Agency # c\n"
        "x.sub.a.test restricted - C\nbad_domain standard - X\nA.TEST standard - dup\n")


# ---------------------------------------------------------------- stamps

def stamps():
    v = {
        "block": "X-SEEMail-Policy: block; code=1C; recipients=\"bob@ea.govt.nz\";\n"
                 "\trefused=\"bob@ea.govt.nz, eve@example.com\"\n"
                 "X-SEEMail-Policy: block; code=1A; recipients=\"eve@example.com\"\n"
                 "X-SEEMail-Policy: deliver; recipients=\"ann@dia.govt.nz\"\n"
                 "X-SEEMail-Policy: warn; code=unsigned-agency; from=\"x@dia.govt.nz\";\n"
                 " agency=\"Te Puni K\\u{14D}kiri \\\"q\\\" \\\\\"\nSubject: s\n\nbody\n",
        "deliver": "X-SEEMail-Policy: deliver\r\nSubject: s\r\n\r\nX-SEEMail-Policy: block\r\n",
        "bad": "X-SEEMail-Policy: maybe\n\nx",
    }
    for k, t in v.items():
        put("fuzz_verdict", k, t)
        put("fuzz_stamp", k, t)
    put("fuzz_stamp", "classification",
        "X-SEEMail-Classification: RESTRICTED\nX-SEEMail-Trigger: RESTRICTED; term=\"[RESTRICTED]\";\n"
        " where=\"header Subject\"\nx-seemail-uninspectable: \"a.zip\"; reason=\"\\u{1F600}\"\n"
        "Subject: [RESTRICTED]\n\nX-SEEMail-Trigger: not in the header\n")


# ---------------------------------------------------------------- documents

def ole2(streams):
    """A compound file (version 3, 512-byte sectors) holding small streams
    in the mini stream: sector 0 the FAT, 1 the directory, 2 the mini FAT,
    then the mini stream."""
    ENDCHAIN, FREE, FATSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    mini = b""
    entries = []
    for name, data in streams:
        start = len(mini) // 64
        mini += data + b"\0" * (-len(data) % 64)
        entries.append((name, start, len(data)))
    nmini = len(mini) // 64
    minifat = [i + 1 for i in range(nmini)]
    # each stream's chain ends where the next one starts
    for name, start, size in entries:
        last = start + max(1, -(-size // 64)) - 1
        minifat[last] = ENDCHAIN
    minifat += [FREE] * (128 - len(minifat))
    ministream_sectors = -(-len(mini) // 512)
    mini += b"\0" * (ministream_sectors * 512 - len(mini))
    fat = [FATSECT, ENDCHAIN, ENDCHAIN] + [4 + i for i in range(ministream_sectors)]
    fat[3 + ministream_sectors - 1] = ENDCHAIN
    fat += [FREE] * (128 - len(fat))

    def dirent(name, typ, left, right, child, start, size):
        n = name.encode("utf-16-le") + b"\0\0"
        return (n + b"\0" * (64 - len(n)) + struct.pack("<HBBIII", len(n), typ, 1, left, right, child)
                + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<III", start, size, 0))
    NOSTREAM = 0xFFFFFFFF
    d = dirent("Root Entry", 5, NOSTREAM, NOSTREAM, 1 if entries else NOSTREAM, 3, len(mini))
    for i, (name, start, size) in enumerate(entries):
        right = i + 2 if i + 1 < len(entries) else NOSTREAM
        d += dirent(name, 2, NOSTREAM, right, NOSTREAM, start, size)
    d += b"\0" * (-len(d) % 512)
    assert len(d) == 512, "at most 3 streams"
    hdr = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
           + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 2, 1, ENDCHAIN, 0)
           + struct.pack("<I", 0) + struct.pack("<I", FREE) * 108)
    assert len(hdr) == 512
    return (hdr + struct.pack("<128I", *fat) + d + struct.pack("<128I", *minifat) + mini)


def tnef_attr(level, attr, data):
    return struct.pack("<BII", level, attr, len(data)) + data + struct.pack("<H", sum(data) & 0xFFFF)


def tnef():
    body = tnef_attr(1, 0x00089006, struct.pack("<I", 0x10000))
    body += tnef_attr(1, 0x00069007, struct.pack("<II", 1252, 0))
    body += tnef_attr(1, 0x00078008, b"IPM.Microsoft Mail.Note\0")
    body += tnef_attr(1, 0x00018004, b"[RESTRICTED] subject\0")
    body += tnef_attr(1, 0x0002800C, b"body text [SECRET]")
    rtf = b"{\\rtf1\\ansi [SEEMAIL] body}"
    comp = struct.pack("<IIII", len(rtf) + 12, len(rtf), 0x414c454d, 0) + rtf
    props = struct.pack("<I", 2)
    subj = "[SENSITIVE]".encode("utf-16-le") + b"\0\0"
    props += struct.pack("<II", 0x0037001F, 1) + struct.pack("<I", len(subj)) + subj + b"\0" * (-len(subj) % 4)
    props += struct.pack("<II", 0x10090102, 1) + struct.pack("<I", len(comp)) + comp + b"\0" * (-len(comp) % 4)
    body += tnef_attr(1, 0x00069003, props)
    body += tnef_attr(2, 0x00069002, struct.pack("<HIIHH", 1, 0xFFFFFFFF, 0, 0, 0))
    body += tnef_attr(2, 0x00018010, b"a.txt\0")
    body += tnef_attr(2, 0x0006800F, b"[TOP SECRET] in a file")
    return struct.pack("<IH", 0x223e9f78, 0x1234) + body


def lzfu(raw, compress=True):
    """Compressed RTF: literals and back references ("LZFu"), or the raw
    bytes ("MELA").  References are made to earlier output only, greedily,
    which is enough for a seed."""
    if not compress:
        return struct.pack("<IIII", len(raw) + 12, len(raw), 0x414c454d, 0) + raw
    prefix = (b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss "
              b"\\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier"
              b"{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx")
    assert len(prefix) == 207
    dictionary = bytearray(prefix + b"\0" * (4096 - 207))
    w = 207
    tokens = []
    i = 0
    while i < len(raw):
        best = (0, 0)
        for off in range(4096):
            k = 0
            while k < 17 and i + k < len(raw) and dictionary[(off + k) % 4096] == raw[i + k] \
                    and (off + k) % 4096 != (w + k) % 4096 and off != w:
                k += 1
            if k > best[1]:
                best = (off, k)
        if best[1] >= 2:
            tokens.append(("ref", best[0], best[1]))
            n = best[1]
        else:
            tokens.append(("lit", raw[i]))
            n = 1
        for k in range(n):
            dictionary[w] = raw[i + k]
            w = (w + 1) % 4096
        i += n
    tokens.append(("ref", w, 2))        # the end mark: a reference to the write position
    body = b""
    for j in range(0, len(tokens), 8):
        group = tokens[j:j + 8]
        ctl = 0
        data = b""
        for b, t in enumerate(group):
            if t[0] == "ref":
                ctl |= 1 << b
                data += struct.pack(">H", t[1] << 4 | (t[2] - 2))
            else:
                data += bytes([t[1]])
        body += bytes([ctl]) + data
    return struct.pack("<IIII", len(body) + 12, len(raw), 0x75465a4c, 0) + body


def documents():
    def zbytes(files, method=zipfile.ZIP_DEFLATED):
        b = io.BytesIO()
        with zipfile.ZipFile(b, "w", method) as z:
            for n, d in files:
                z.writestr(zipfile.ZipInfo(n, (2026, 1, 1, 0, 0, 0)), d, compress_type=method)
        return b.getvalue()
    xmls = {
        "document.xml": '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:body><w:p><w:r><w:t>[RESTR</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">ICTED] </w:t></w:r><w:r><w:br/></w:r></w:p></w:body></w:document>',
        "sheet.xml": '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><headerFooter><oddHeader>&amp;L[SECRET]&amp;R&amp;P</oddHeader></headerFooter>'
        '<sheetData><row><c t="inlineStr"><is><t>a</t></is></c><c><v>1</v><f>SUM(A1)</f></c></row></sheetData></worksheet>',
        "shared.xml": '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><t>[SEN</t></r><r><t>SITIVE]</t></r></si></sst>',
        "slide.xml": '<p:sld xmlns:p="p" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:p><a:r><a:t>[SEEMAIL]</a:t></a:r></a:p>'
        '<p:cNvPr id="1" name="Title" descr="[RESTRICTED] picture"/></p:sld>',
        "odt.xml": '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><text:p>[SEC<text:s/>RET]<text:tab/>'
        '<text:line-break/></text:p></office:body></office:document-content>',
        "entities.xml": '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "x">]><d>&a;&amp;&#x5B;</d>',
        "external.xml": '<?xml version="1.0"?><!DOCTYPE d SYSTEM "file:///etc/passwd"><d>&ext;</d>',
        "deep.xml": "<a>" * 300 + "x" + "</a>" * 300,
        "utf16.xml": '<?xml version="1.0" encoding="UTF-16"?><a>[SECRET]</a>'.encode("utf-16"),
        "cdata.xml": '<a><![CDATA[[RESTRICTED]]]><?pi x?><!-- c --></a>',
    }
    for k, v in xmls.items():
        put("fuzz_xml", k, v)
    docx = zbytes([
        ("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
        ("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
         '<w:body><w:p><w:r><w:t>[RESTR</w:t></w:r><w:r><w:t>ICTED]</w:t></w:r></w:p></w:body></w:document>'),
        ("docProps/core.xml", '<cp:coreProperties xmlns:cp="x" xmlns:dc="y"><dc:title>[SECRET]</dc:title></cp:coreProperties>'),
    ])
    odt = zbytes([("mimetype", "application/vnd.oasis.opendocument.text"),
                  ("content.xml", '<office:document-content xmlns:office="o" xmlns:text="t"><office:body><text:p>[SEC<text:span>RET]</text:span></text:p></office:body></office:document-content>')],
                 zipfile.ZIP_STORED)
    xbomb = zbytes([("word/document.xml", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">'
                     '<!ENTITY e SYSTEM "file:///etc/passwd">]><d>&b;&e;</d>')])
    nested = zbytes([("inner.zip", zbytes([("a.txt", "[SECRET]")])), ("b.txt.gz", gzip.compress(b"[RESTRICTED]", mtime=0))])
    for k, v in {"docx": docx, "odt": odt, "xml-entities": xbomb, "nested": nested,
                 "plain": zbytes([("a.txt", "[TOP SECRET]" * 4)])}.items():
        put("fuzz_zip", k + ".zip", v)
        put("fuzz_file", k, b"\x00" + v)
    put("fuzz_gzip", "text.gz", gzip.compress(b"[RESTRICTED] inside gzip", mtime=0))
    put("fuzz_gzip", "zip.gz", gzip.compress(nested, mtime=0))
    rtfs = {
        "basic": b"{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}{\\info{\\title [SECRET]}}"
                 b"\\pard [RES\\b TRIC\\b0 TED] \\'5bSEEMAIL\\'5d \\u8220?q\\u8221? \\par}",
        "places": b"{\\rtf1{\\header [SENSITIVE]}{\\footer f}{\\footnote n}{\\*\\annotation c}"
                  b"{\\*\\bkmkstart x}\\uc2\\u21834\\'81\\'82 {\\pict\\bin4 abcd}{\\field{\\*\\fldinst HYPERLINK}{\\fldrslt r}}}",
        "objdata": b"{\\rtf1{\\object\\objemb{\\*\\objdata 01050000020000000b0000005061636b61676500000000000000000010000000"
                   b"5b5345435245545d2074657874}}}",
        "cpg": b"{\\rtf1\\ansi\\ansicpg932{\\fonttbl{\\f1\\fcharset128 MS;}}\\f1 \\'82\\'a0 {\\upr{a}{\\*\\ud{\\u12354?}}}}",
        "deep": b"{\\rtf1" + b"{" * 300 + b"x" + b"}" * 300 + b"}",
    }
    for k, v in rtfs.items():
        put("fuzz_rtf", k + ".rtf", v)
    put("fuzz_file", "rtf", b"\x09" + rtfs["basic"])
    rtfbody = b"{\\rtf1\\ansi\\ansicpg1252\\pard [RESTRICTED] body text body text\\par}"
    put("fuzz_lzfu", "lzfu", lzfu(rtfbody))
    put("fuzz_lzfu", "mela", lzfu(rtfbody, False))
    put("fuzz_lzfu", "truncated", lzfu(rtfbody)[:30])
    t = tnef()
    put("fuzz_tnef", "message.tnef", t)
    put("fuzz_tnef", "truncated.tnef", t[:60])
    put("fuzz_file", "tnef", b"\x0a" + t)
    msg = ole2([("__substg1.0_0037001F", "[RESTRICTED] subj".encode("utf-16-le")),
                ("__substg1.0_1000001F", "body [SECRET]".encode("utf-16-le")),
                ("__properties_version1.0", b"\0" * 32)])
    summ = ole2([("\x05SummaryInformation",
                  struct.pack("<HHI16sI", 0xFFFE, 0, 0x20002, b"\0" * 16, 1) + b"\xe0\x85\x9f\xf2\xf9\x4f\x68\x10\xab\x91\x08\x00\x2b\x27\xb3\xd9"
                  + struct.pack("<I", 48) + struct.pack("<III", 24, 1, 2) + struct.pack("<II", 0x1e, 9) + b"[SECRET]\0\0\0\0"),
                 ("CONTENTS", b"text [SEEMAIL] " * 4)])
    put("fuzz_ole2", "msg.ole", msg)
    put("fuzz_ole2", "summary.ole", summ)
    put("fuzz_ole2", "empty.ole", ole2([]))
    put("fuzz_file", "ole2", b"\x08" + msg)
    for k in ("plain", "utf16", "mhtml"):
        put("fuzz_file", "message-" + k, b"\x05" + MESSAGES[k].encode())
    put("fuzz_file", "html", b"\x02<p>[SECRET]&nbsp;</p>")
    put("fuzz_file", "bin", b"\x00\x89PNG\r\n\x1a\n[SECRET]")


def pdfs():
    def pdf(objs, trailer_extra=b""):
        out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
        offs = []
        for i, o in enumerate(objs):
            offs.append(len(out))
            out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
        x = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
        for o in offs:
            out += b"%010d 00000 n \n" % o
        out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, trailer_extra, x)
        return out
    content = b"BT /F1 12 Tf 72 720 Td ([RESTRICTED] page text) Tj ET"
    base = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Title ([SECRET] title) /Author (\xfe\xff\x00a) >>"]
    put("fuzz_pdf", "page.pdf", pdf(base, b"/Info 6 0 R "))
    att = b"[SEEMAIL] attached"
    withfile = list(base)
    withfile[0] = b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(a.txt) 7 0 R] >> >> >>"
    withfile.append(b"<< /Type /Filespec /F (a.txt) /EF << /F 8 0 R >> >>")
    withfile.append(b"<< /Type /EmbeddedFile /Subtype /text#2Fplain /Length %d >>\nstream\n" % len(att) + att + b"\nendstream")
    put("fuzz_pdf", "attachment.pdf", pdf(withfile))
    put("fuzz_pdf", "broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    for f in ("owner-only.pdf", "user-password.pdf"):
        p = os.path.join(ROOT, "tests/fixtures/pdf", f)
        if os.path.exists(p):
            put("fuzz_pdf", f, open(p, "rb").read())


def cms():
    """SignedData (opaque and detached) and EnvelopedData made by the
    openssl command with a throw-away key, DER and base64; skipped when
    openssl is missing, and kept when they are there (each run would make
    a new key)."""
    if shutil.which("openssl") is None or os.path.exists(os.path.join(CORPUS, "fuzz_cms", "signed.der")):
        return
    with tempfile.TemporaryDirectory() as d:
        def run(*args):
            subprocess.run(["openssl"] + list(args), cwd=d, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(os.path.join(d, "msg"), "wb") as f:
            f.write(b"Subject: [RESTRICTED]\r\n\r\nbody\r\n")
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "k.pem", "-out", "c.pem",
            "-subj", "/CN=gateway.dia.govt.nz", "-days", "3650")
        run("cms", "-sign", "-in", "msg", "-signer", "c.pem", "-inkey", "k.pem", "-nodetach",
            "-outform", "DER", "-out", "signed.der")
        run("cms", "-sign", "-in", "msg", "-signer", "c.pem", "-inkey", "k.pem",
            "-outform", "DER", "-out", "detached.der")
        run("cms", "-encrypt", "-in", "msg", "-aes256", "-outform", "DER", "-out", "env.der", "c.pem")
        run("cms", "-encrypt", "-in", "msg", "-aes-256-gcm", "-outform", "DER", "-out", "authenv.der", "c.pem")
        run("cms", "-encrypt", "-in", "msg", "-aes256", "-stream", "-indef", "-outform", "DER",
            "-out", "env-indef.der", "c.pem")
        for f in ("signed", "detached", "env", "authenv", "env-indef"):
            der = open(os.path.join(d, f + ".der"), "rb").read()
            put("fuzz_cms", f + ".der", der)
        put("fuzz_cms", "signed.b64", base64.encodebytes(open(os.path.join(d, "signed.der"), "rb").read()))


def golden():
    d = os.path.join(ROOT, "tests/corpus/classify")
    for f in sorted(os.listdir(d)):
        if f.endswith(".eml"):
            put("fuzz_mime", "golden-" + f, open(os.path.join(d, f), "rb").read())
    d = os.path.join(ROOT, "share/seemail/examples")
    for f in sorted(os.listdir(d)):
        if f.endswith(".eml"):
            put("fuzz_mime", "example-" + f, open(os.path.join(d, f), "rb").read())


if __name__ == "__main__":
    messages()
    headers()
    texts()
    matcher()
    stamps()
    documents()
    pdfs()
    cms()
    golden()
