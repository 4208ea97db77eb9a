#!/usr/bin/env python3
"""check_notice.py: checks a notice of seem-notify with an independent parser.

    check_notice.py block NOTICE ORIGINAL [options]
    check_notice.py warn NOTICE ORIGINAL [options]

Parses NOTICE with Python's email package (policy=email.policy.default) and
asserts the structure that tests/cli/notify.sh relies on:

block: multipart/report; report-type=delivery-status (RFC 6522) with exactly
  three parts: text/plain, message/delivery-status (RFC 3464: Reporting-MTA,
  Arrival-Date, then per recipient Final-Recipient, Action: failed,
  Status: 5.7.1, Diagnostic-Code) and the original (message/rfc822, byte
  for byte, or text/rfc822-headers with --headers-only); Auto-Submitted:
  auto-replied; In-Reply-To the original's Message-ID.
warn: multipart/mixed with text/plain and the original as message/rfc822,
  byte for byte; Auto-Submitted: auto-generated.

Both: only the expected header fields at the top (nothing injected), the
header in ASCII with lines of at most 998 bytes, no parser defects, the
line ends of the original, a boundary that does not occur in the original.

Options:
  --code C        the text names "SEEMail C" (repeatable; the first is the
                  primary and must come first)
  --to ADDR       (block) the notice's To; (warn) one of its To/Cc
                  (repeatable)
  --refused ADDR  (block) a Final-Recipient, and named in the text
                  (repeatable); the set must be exact when given
  --subject S     the decoded Subject must be exactly S
  --text S        the decoded text must contain S (repeatable)
  --no-text S     the decoded text must not contain S (repeatable)
  --headers-only  (block) the original is attached as text/rfc822-headers
  --show          print the decoded text too

Prints what it found; exits 1 with the first failed assertion.
"""
import argparse
import email
import email.policy
import email.utils
import re
import sys

TOP_FIELDS = {
    "block": {"from", "to", "subject", "date", "message-id", "in-reply-to",
              "references", "auto-submitted", "mime-version", "content-type"},
    "warn": {"from", "to", "cc", "subject", "date", "message-id", "references",
             "auto-submitted", "mime-version", "content-type"},
}


class Failed(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failed(what)


def original_bytes(raw):
    """The message as seem-notify attaches it: without a BOM or mbox line."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith(b"From "):
        raw = raw[raw.index(b"\n") + 1:] if b"\n" in raw else b""
    return raw


def header_block(raw):
    """The header fields of a message (up to the blank line), as bytes."""
    m = re.search(rb"\r?\n\r?\n", raw)
    return raw[:m.start()] + (b"\r\n" if raw[m.start():m.start() + 1] == b"\r"
                              else b"\n") if m else raw


def raw_parts(raw, boundary, nl):
    """The bodies of the top-level parts, split on the delimiter by hand."""
    delim = nl + b"--" + boundary.encode("ascii")
    pieces = raw.split(delim)
    check(len(pieces) >= 3, "fewer delimiters than parts")
    last = pieces[-1]
    check(last in (b"--" + nl, b"--"), "something after the closing delimiter: %r"
          % last[:60])
    bodies = []
    for p in pieces[1:-1]:
        check(p.startswith(nl), "a delimiter line with trailing text")
        p = p[len(nl):]
        sep = p.find(nl + nl)
        check(sep >= 0, "a part without a blank line after its header")
        bodies.append((p[:sep + len(nl)], p[sep + 2 * len(nl):]))
    return bodies


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("kind", choices=["block", "warn"])
    ap.add_argument("notice")
    ap.add_argument("original")
    ap.add_argument("--code", action="append", default=[])
    ap.add_argument("--to", action="append", default=[])
    ap.add_argument("--refused", action="append", default=None)
    ap.add_argument("--subject")
    ap.add_argument("--text", action="append", default=[])
    ap.add_argument("--no-text", action="append", default=[])
    ap.add_argument("--headers-only", action="store_true")
    ap.add_argument("--show", action="store_true")
    a = ap.parse_args()

    raw = open(a.notice, "rb").read()
    orig = original_bytes(open(a.original, "rb").read())
    try:
        found = run(a, raw, orig)
    except Failed as e:
        print("check_notice: FAIL: %s" % e)
        return 1
    for k, v in found:
        print("%s: %s" % (k, v))
    print("check_notice: OK")
    return 0


def run(a, raw, orig):
    found = []
    check(raw, "empty notice")
    first = raw.split(b"\n", 1)[0]
    nl = b"\r\n" if first.endswith(b"\r") else b"\n"
    onl = b"\r\n" if orig.split(b"\n", 1)[0].endswith(b"\r") else b"\n"
    check(nl == onl, "line ends %r, but the original has %r" % (nl, onl))
    found.append(("line ends", "CRLF" if nl == b"\r\n" else "LF"))

    # The top-level header: ASCII, short lines, only our fields.
    head = raw[:raw.index(nl + nl)]
    check(all(b < 0x80 for b in head), "8-bit bytes in the header")
    for line in head.split(nl):
        check(len(line) <= 998, "a header line of %d bytes" % len(line))
        check(b"\r" not in line and b"\0" not in line, "a stray CR or NUL in the header")
    names = [line.split(b":", 1)[0].decode().lower() for line in head.split(nl)
             if line and line[:1] not in (b" ", b"\t")]
    for n in names:
        check(n in TOP_FIELDS[a.kind], "unexpected header field %r (injected?)" % n)
    for n in ("from", "subject", "date", "message-id", "auto-submitted", "mime-version",
              "content-type"):
        check(names.count(n) == 1, "%d %s fields" % (names.count(n), n))

    msg = email.message_from_bytes(raw, policy=email.policy.default)
    check(not msg.defects, "defects: %s" % msg.defects)
    for part in msg.walk():
        check(not part.defects, "defects in %s: %s" % (part.get_content_type(),
                                                       part.defects))
    check(email.utils.parsedate_to_datetime(str(msg["Date"])) is not None, "bad Date")
    check(re.fullmatch(r"<[^<>\s]+@[^<>\s]+>", str(msg["Message-ID"]).strip()),
          "bad Message-ID %r" % str(msg["Message-ID"]))
    check(str(msg["MIME-Version"]).strip() == "1.0", "MIME-Version")
    subject = str(msg["Subject"])
    found.append(("subject", subject))
    if a.subject is not None:
        check(subject == a.subject, "Subject %r, expected %r" % (subject, a.subject))
    found.append(("from", str(msg["From"])))

    orig_msg = email.message_from_bytes(orig, policy=email.policy.default)
    orig_id = orig_msg.get("Message-ID")
    boundary = msg.get_boundary()
    check(boundary, "no boundary")
    check(boundary.encode() not in orig, "the boundary occurs in the original")
    bodies = raw_parts(raw, boundary, nl)
    parts = msg.get_payload()
    types = [p.get_content_type() for p in parts]
    found.append(("parts", ", ".join(types)))

    if a.kind == "block":
        check(msg.get_content_type() == "multipart/report", "not multipart/report")
        check(msg.get_param("report-type") == "delivery-status", "report-type")
        want = ["text/plain", "message/delivery-status",
                "text/rfc822-headers" if a.headers_only else "message/rfc822"]
        check(types == want, "parts %s, expected %s" % (types, want))
        check(str(msg["Auto-Submitted"]).strip() == "auto-replied", "Auto-Submitted")
        to = [addr for _, addr in email.utils.getaddresses([str(msg["To"])])]
        found.append(("to", ", ".join(to)))
        if a.to:
            check(to == a.to, "To %s, expected %s" % (to, a.to))
        if orig_id:
            check(str(msg["In-Reply-To"]).strip() == orig_id.strip(), "In-Reply-To")
            check(orig_id.strip() in str(msg["References"]), "References")
    else:
        check(msg.get_content_type() == "multipart/mixed", "not multipart/mixed")
        check(types == ["text/plain", "message/rfc822"], "parts %s" % types)
        check(str(msg["Auto-Submitted"]).strip() == "auto-generated", "Auto-Submitted")
        rcpts = [addr for _, addr in email.utils.getaddresses(
            [str(msg.get("To", "")), str(msg.get("Cc", ""))]) if addr]
        found.append(("recipients", ", ".join(rcpts)))
        for t in a.to:
            check(t in rcpts, "%s not among the recipients %s" % (t, rcpts))
    check(len(bodies) == len(parts), "%d parts by hand, %d by the parser"
          % (len(bodies), len(parts)))

    # Our own parts: ASCII lines no longer than 998, the right line ends.
    for phead, pbody in bodies[:-1]:
        for chunk in (phead, pbody):
            check(all(b < 0x80 for b in chunk), "8-bit bytes in a part of ours")
            for line in chunk.split(nl):
                check(len(line) <= 998, "a line of %d bytes" % len(line))
                check(b"\r" not in line, "a stray CR")
            if nl == b"\r\n":
                check(b"\n" not in chunk.replace(b"\r\n", b""), "a bare LF")

    # The text.
    text_part = parts[0]
    check(text_part.get_content_charset() == "utf-8", "charset of the text")
    text = text_part.get_content()
    for t in text.splitlines():
        check(not re.match(r"--", t) or boundary not in t, "a boundary line in the text")
    codes = re.findall(r"SEEMail(?: warning)? (1A|1C|above-seemail|cannot-sign|4A|"
                       r"unsigned-agency|own-domain)\b", text)
    found.append(("codes named", ", ".join(dict.fromkeys(codes))))
    for i, c in enumerate(a.code):
        check(c in codes, "code %s not named in the text" % c)
    if a.code:
        check(codes and codes[0] == a.code[0], "the primary code %s does not lead (%s)"
              % (a.code[0], codes[:1]))
    for t in a.text:
        check(t in text, "the text does not contain %r" % t)
    for t in a.no_text:
        check(t not in text, "the text contains %r" % t)

    # The delivery-status part.
    if a.kind == "block":
        ds = parts[1].get_payload()
        check(isinstance(ds, list) and len(ds) >= 2, "delivery-status blocks")
        per_msg = ds[0]
        check(per_msg.get("Reporting-MTA", "").startswith("dns;"), "Reporting-MTA")
        check(email.utils.parsedate_to_datetime(per_msg.get("Arrival-Date")) is not None,
              "Arrival-Date")
        rcpts = []
        for blk in ds[1:]:
            fr = blk.get("Final-Recipient", "")
            check(re.match(r"(rfc822|utf-8);\s*\S", fr, re.I), "Final-Recipient %r" % fr)
            check(blk.get("Action", "").strip() == "failed", "Action")
            check(blk.get("Status", "").strip() == "5.7.1", "Status")
            dc = " ".join(blk.get("Diagnostic-Code", "").split())
            check(dc.startswith("smtp; 550 5.7.1 SEEMail"), "Diagnostic-Code %r" % dc)
            rcpts.append(fr.split(";", 1)[1].strip())
        found.append(("refused", ", ".join(rcpts)))
        if a.refused is not None:
            check(sorted(rcpts) == sorted(a.refused), "refused %s, expected %s"
                  % (rcpts, a.refused))
            for r in a.refused:
                check(r in text, "refused %s not named in the text" % r)

    # The original, byte for byte.
    got = bodies[-1][1]
    if a.kind == "block" and a.headers_only:
        check(got == header_block(orig), "the attached header is not the original's")
        found.append(("original", "header only, intact (%d bytes)" % len(got)))
    else:
        check(got == orig, "the attached original differs (%d bytes, expected %d)"
              % (len(got), len(orig)))
        inner = parts[-1].get_payload()
        inner = inner[0] if isinstance(inner, list) else inner
        check(str(inner.get("Subject", "")) == str(orig_msg.get("Subject", "")),
              "the parser's view of the attached Subject differs")
        found.append(("original", "intact (%d bytes)" % len(got)))
    if a.show:
        found.append(("text", "\n" + text))
    return found


if __name__ == "__main__":
    sys.exit(main())
