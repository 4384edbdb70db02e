#!/usr/bin/env bash
# typst-compare.sh: time typst 0.14 and paiban on the same text and geometry
# (issue 16 item 3; the method and the figures are in docs/compare/typst.md).
#
#   scripts/typst-compare.sh           # prints the figures and the ratios
#   RUNS=20 scripts/typst-compare.sh   # more runs per command (default 10)
#   KEEP=1 scripts/typst-compare.sh    # keeps the work directory (both PDFs, the .typ)
#   NO_HYPERFINE=1 scripts/typst-compare.sh   # times with /usr/bin/time even where hyperfine is
#
# Documentation for maintainers: the Go build and `go test` never run it, and it
# installs nothing. It needs:
#   - typst 0.14, one of
#       * the typst.ts node compiler (it embeds typst 0.14.2; node 18 or later):
#           npm install --prefix /tmp/typst @myriaddreamin/typst-ts-node-compiler@0.7.0
#         found there, or at TYPST_TS=/path/to/node_modules/@myriaddreamin/typst-ts-node-compiler
#       * a typst 0.14 command: TYPST=/path/to/typst (used instead of typst.ts when set)
#   - Go, poppler-utils (pdfinfo, pdftotext), python3, GNU time (/usr/bin/time, Debian time)
#   - hyperfine (Debian hyperfine) for the timings; without it a loop of RUNS runs
#     under /usr/bin/time gives them
#
# What it does: builds paiban, writes the sample issue (`paiban init`), writes
# from paiban's layout of it a typst document with the same pages, text and
# geometry (scripts/typstgen: what is and is not the same is in
# docs/compare/typst.md), compiles it once and checks that the typst PDF has
# the same pages and, page by page, the same characters as paiban's; then
# times, in the same minutes, as fresh processes: typst compiling the sample,
# typst compiling it without its images, typst compiling a one-line document
# (its fixed cost: process start, fonts found, the compiler loaded) and
# `paiban build --no-cache`; then each three more times under /usr/bin/time
# for its processor time and peak memory; and paiban in one process
# (BenchmarkSampleBuild).
# The load average is printed before and after: on a shared machine the
# figures are only indicative.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${RUNS:-10}"
PY="${PYTHON:-python3}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/paiban-typst.XXXXXX")"
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$WORK"' EXIT; else echo "work directory: $WORK"; fi
die() { echo "typst-compare.sh: $*" >&2; exit 2; }

for t in go pdfinfo pdftotext "$PY" /usr/bin/time; do
	command -v "$t" >/dev/null || die "$t not found"
done
FONTS="$ROOT/fonts/builtin"

# typst: a command, or typst.ts under node (a small driver that compiles like
# `typst compile --root / --font-path FONTS IN OUT`, system fonts searched too)
if [ -n "${TYPST:-}" ]; then
	typst_cmd() { "$TYPST" compile --root / --font-path "$FONTS" "$1" "$2"; }
	TYPST_Q="$TYPST compile --root / --font-path $FONTS"
	WHICH="$("$TYPST" --version)"
else
	TYPST_TS="${TYPST_TS:-/tmp/typst/node_modules/@myriaddreamin/typst-ts-node-compiler}"
	[ -d "$TYPST_TS" ] || die "no typst: set TYPST=/path/to/typst, or install typst.ts:
  npm install --prefix /tmp/typst @myriaddreamin/typst-ts-node-compiler@0.7.0"
	command -v node >/dev/null || die "node not found (typst.ts needs node 18 or later)"
	cat >"$WORK/typst-ts.js" <<'EOF'
// typst.ts as a command: node typst-ts.js ROOT FONTDIR IN.typ OUT.pdf
const [root, fontDir, input, output] = process.argv.slice(2);
const { NodeCompiler } = require(process.env.TYPST_TS);
const c = NodeCompiler.create({ workspace: root, fontArgs: [{ fontPaths: [fontDir] }] });
const r = c.compile({ mainFilePath: input });
if (r.hasError() || !r.result) { r.printDiagnostics(); process.exit(1); }
require('fs').writeFileSync(output, c.pdf(r.result));
EOF
	export TYPST_TS
	typst_cmd() { node "$WORK/typst-ts.js" / "$FONTS" "$1" "$2"; }
	TYPST_Q="TYPST_TS=$TYPST_TS node $WORK/typst-ts.js / $FONTS"
	WHICH="typst.ts $(node -p "require('$TYPST_TS/package.json').version") (node $(node --version))"
fi
echo '#sys.version' >"$WORK/version.typ"
typst_cmd "$WORK/version.typ" "$WORK/version.pdf"
TV="$(pdftotext "$WORK/version.pdf" - | tr -d '[:space:]')"
case "$TV" in 0.14.*) ;; *) die "typst $TV, not 0.14 ($WHICH)" ;; esac
echo "typst $TV: $WHICH"

# paiban and the sample
(cd "$ROOT" && go build -o "$WORK/paiban" ./cmd/paiban)
PAIBAN="$WORK/paiban"
"$PAIBAN" init "$WORK/s" >/dev/null
PLAN="$WORK/s/plan.toml"
"$PAIBAN" build "$PLAN" -o "$WORK/paiban.pdf" --no-cache --quiet

# the typst document, compiled once and checked against paiban's PDF
(cd "$ROOT" && go run ./scripts/typstgen "$PLAN" "$WORK/sample.typ")
typst_cmd "$WORK/sample.typ" "$WORK/typst.pdf"
echo '= one line' >"$WORK/tiny.typ"
grep -v '^  I(' "$WORK/sample.typ" >"$WORK/text.typ" # the same without the images (typstgen's I(…) lines)
"$PY" - "$WORK/paiban.pdf" "$WORK/typst.pdf" <<'EOF'
import collections, subprocess, sys

def pages(f):
    n = int([l for l in subprocess.run(["pdfinfo", f], capture_output=True, text=True).stdout.splitlines()
             if l.startswith("Pages:")][0].split()[1])
    t = subprocess.run(["pdftotext", "-enc", "UTF-8", f, "-"], capture_output=True, text=True, check=True).stdout
    return n, [collections.Counter(c for c in p if not c.isspace() and c != "\u00ad") for p in t.split("\f")[:n]]

(na, a), (nb, b) = pages(sys.argv[1]), pages(sys.argv[2])
total = sum(sum(p.values()) for p in a)
diff = sum(sum(((x - y) + (y - x)).values()) for x, y in zip(a, b))
print(f"pages: paiban {na}, typst {nb}; characters (pdftotext, no white space): paiban {total}, "
      f"typst {sum(sum(p.values()) for p in b)}, differing page by page {diff}")
if na != nb or diff > total // 1000:
    sys.exit("typst-compare.sh: the two PDFs do not hold the same pages and text")
EOF

# the timings, in the same minutes
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
T_SAMPLE="$TYPST_Q $WORK/sample.typ $WORK/t.pdf"
T_TINY="$TYPST_Q $WORK/tiny.typ $WORK/tiny.pdf"
T_TEXT="$TYPST_Q $WORK/text.typ $WORK/text.pdf"
P_COLD="$PAIBAN build $PLAN -o $WORK/p.pdf --no-cache --quiet"
if [ -z "${NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null; then
	hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/times.json" \
		-n typst "$T_SAMPLE" -n typst-text "$T_TEXT" -n typst-fixed "$T_TINY" -n paiban "$P_COLD"
else
	echo "(no hyperfine: $RUNS runs of each under /usr/bin/time)"
	for n in typst typst-text typst-fixed paiban; do
		case $n in typst) c=$T_SAMPLE ;; typst-text) c=$T_TEXT ;; typst-fixed) c=$T_TINY ;; paiban) c=$P_COLD ;; esac
		bash -c "$c" >/dev/null # warm-up
		for _ in $(seq "$RUNS"); do /usr/bin/time -f "$n %e" -a -o "$WORK/times.txt" bash -c "$c" >/dev/null; done
	done
fi
for n in typst typst-text typst-fixed paiban; do
	case $n in typst) c=$T_SAMPLE ;; typst-text) c=$T_TEXT ;; typst-fixed) c=$T_TINY ;; paiban) c=$P_COLD ;; esac
	for _ in 1 2 3; do # wall, user and system seconds, peak resident KiB (as /usr/bin/time -v gives it)
		/usr/bin/time -f "$n %e %U %S %M" -a -o "$WORK/peak.txt" bash -c "$c" >/dev/null
	done
done
BENCH="$(cd "$ROOT" && go test -run '^$' -bench SampleBuild -benchtime 10x ./pipeline | awk '/^BenchmarkSampleBuild/ {print $3}')"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

"$PY" - "$WORK" "$BENCH" <<'EOF'
import collections, json, os, statistics, sys

work, bench_ns = sys.argv[1], float(sys.argv[2])
t = collections.defaultdict(list)
if os.path.exists(f"{work}/times.json"):
    for r in json.load(open(f"{work}/times.json"))["results"]:
        t[r["command"]] = r["times"]
else:
    for line in open(f"{work}/times.txt"):
        n, s = line.split()
        t[n].append(float(s))
peak, cpu = collections.defaultdict(list), collections.defaultdict(list)
for line in open(f"{work}/peak.txt"):
    n, _, user, sys_, kb = line.split()
    peak[n].append(int(kb) / 1024)
    cpu[n].append(float(user) + float(sys_))
med = {n: statistics.median(v) for n, v in t.items()}
mcpu = {n: statistics.median(v) for n, v in cpu.items()}
inproc = bench_ns / 1e9
print()
print("| what | wall time, median of the runs (s) | min–max | processor time, user + system (s) | peak memory (MiB) |")
print("|---|---|---|---|---|")
for n, label in (("typst", "typst 0.14 compiling the sample, fresh process"),
                 ("typst-text", "typst 0.14 compiling the sample without its images, fresh process"),
                 ("typst-fixed", "typst 0.14 compiling one line (its fixed cost)"),
                 ("paiban", "`paiban build --no-cache`, fresh process")):
    print(f"| {label} | {med[n]:.3f} | {min(t[n]):.3f}–{max(t[n]):.3f} | {mcpu[n]:.2f} | {min(peak[n]):.0f}–{max(peak[n]):.0f} |")
print(f"| paiban in one process (BenchmarkSampleBuild, ns/op) | {inproc:.3f} | | | |")
print()
var = med["typst"] - med["typst-fixed"]
print(f"paiban process / typst process (wall):       {med['paiban'] / med['typst']:.2f}")
print(f"paiban process / typst process (processor):  {mcpu['paiban'] / mcpu['typst']:.2f}")
print(f"paiban in-process / typst process (wall):    {inproc / med['typst']:.2f}")
print(f"paiban in-process / (typst − its fixed cost, {var:.3f} s): {inproc / var:.2f}")
EOF
