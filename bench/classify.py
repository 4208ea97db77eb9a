#!/usr/bin/env python3
"""classify.py: seem-classify against grep and cat (issue 2).

Measures, as CPU-time ratios in one run (the tools alternating, medians of
at least 5 rounds):
  - a 10 MB quoted-printable message: seem-classify vs grep -F -i on the
    decoded text (goal <= 5x; stretch 3x) and MB/s excluding process start
    (goal >= 500);
  - a 25 MB base64 message: MB/s excluding process start (goal >= 400), and
    peak memory (goal <= message size + 32 MB);
  - a 5 KB message: seem-classify vs cat (goal <= 3x).
Usage: classify.py BINDIR [WORKDIR]"""
import base64, os, quopri, random, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import compare, verdict

bindir = sys.argv[1]
work = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="seemail-bench-")
os.makedirs(work, exist_ok=True)
classify = os.path.join(bindir, "seem-classify")

WORDS = ("the minister said that budget figures for the quarter would be released "
         "after review by officials and the committee agreed to consult iwi "
         "partners on the draft").split()

def prose(n, seed):
    rnd = random.Random(seed)
    out, size = [], 0
    while size < n:
        line = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 14)))
        if rnd.random() < 0.05:
            line += " caf\u00e9 \u2014 \u201cquoted\u201d M\u0101ori"
        out.append(line)
        size += len(line) + 1
    text = "\n".join(out) + "\n"
    mid = len(text) // 2
    return text[:mid] + " [RESTRICTED] " + text[mid:]

HDR = ("From: ann@dia.govt.nz\nTo: bob@mfat.govt.nz\nSubject: report\nMIME-Version: 1.0\n"
       "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: %s\n\n")

def write(name, data):
    path = os.path.join(work, name)
    with open(path, "wb") as f:
        f.write(data)
    return path

t10 = prose(10 << 20, 1).encode()
dec10 = write("dec10.txt", t10)
qp10 = write("qp10.eml", (HDR % "quoted-printable").encode() + quopri.encodestring(t10))
t25 = prose(int(18.5 * (1 << 20)), 2).encode()
dec25 = write("dec25.txt", t25)
b64 = write("b64-25.eml", (HDR % "base64").encode() + base64.encodebytes(t25))
small = write("small.eml", (HDR % "8bit").encode() + prose(5000, 3).encode()[:5000])

terms = write("terms", b"[seemail]\n[in-confidence]\n[sensitive]\n[restricted]\n"
              b"[confidential]\n[secret]\n[top secret]\n")
grep = ["grep", "-F", "-i", "-f", terms]

rounds = int(os.environ.get("ROUNDS", "7"))
r = compare({
    "classify-start": ([classify], small, 20),
    "classify-qp10": ([classify], qp10, 1),
    "grep-qp10": (grep, dec10, 1),
    "classify-b64": ([classify], b64, 1),
    "grep-b64": (grep, dec25, 1),
    "classify-5k": ([classify], small, 200),
    "cat-5k": (["cat"], small, 200),
}, rounds)

start = r["classify-start"][0] / 20
def mbps(path, t):
    return os.path.getsize(path) / (1 << 20) / max(t - start, 1e-9)

qp_ratio = r["classify-qp10"][0] / r["grep-qp10"][0]
qp_rate = mbps(qp10, r["classify-qp10"][0])
b64_rate = mbps(b64, r["classify-b64"][0])
b64_mem = r["classify-b64"][1] / 1024
b64_limit = os.path.getsize(b64) / (1 << 20) + 32
small_ratio = r["classify-5k"][0] / r["cat-5k"][0]

print("seem-classify benchmark (%d rounds, medians of CPU time)" % rounds)
print("  process start (5 KB message): %.2f ms" % (start * 1000))
print("  10 MB quoted-printable: %.1f ms, grep -F -i on the decoded text %.1f ms: "
      "%.2fx (goal <= 5x, stretch 3x) %s" % (r["classify-qp10"][0] * 1000, r["grep-qp10"][0] * 1000,
                                          qp_ratio, verdict(qp_ratio <= 5)))
print("      %.0f MB/s excluding process start (goal >= 500) %s" % (qp_rate, verdict(qp_rate >= 500)))
print("  25 MB base64: %.1f ms, %.0f MB/s excluding process start (goal >= 400) %s; "
      "grep on the decoded text %.1f ms" % (r["classify-b64"][0] * 1000, b64_rate,
                                           verdict(b64_rate >= 400), r["grep-b64"][0] * 1000))
print("      peak memory %.1f MB (goal <= %.1f MB) %s" % (b64_mem, b64_limit, verdict(b64_mem <= b64_limit)))
print("  5 KB message: %.3f ms vs cat %.3f ms: %.2fx (goal <= 3x) %s" % (
    r["classify-5k"][0] / 200 * 1000, r["cat-5k"][0] / 200 * 1000, small_ratio, verdict(small_ratio <= 3)))
