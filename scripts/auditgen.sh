#!/usr/bin/env bash
# auditgen.sh: the referee on generated issues. Writes the issues of the
# property test's generator (layout/gen_test.go: trims 140×203…230×300 mm,
# 1–4 columns, 8–12 pt, Latin words, URLs, figures, what newsrooms send
# (gennews_test.go) …), builds each with paiban
# and runs pdfaudit typo, pdfaudit print and pdfaudit text (against
# `paiban text`) on it.
# Prints one row per seed and a tally of failed checks.
#
#   scripts/auditgen.sh            # seeds 1-40
#   SEEDS="$(seq -s, 1 100)" scripts/auditgen.sh
#   KEEP=1 scripts/auditgen.sh     # keep the work directory
#   RICH=1 scripts/auditgen.sh     # with kickers, ### subheadings, lists, tables, footnotes, page design
#                                  # and newsroom text (URLs alone, English quotations, units, 〇 dates …) in every issue
#   FONTS="Noto Serif CJK SC|Noto Sans CJK SC Bold" scripts/auditgen.sh
#                                  # set with these [fonts] body|heading (installed families or
#                                  # files: /usr/share/fonts/truetype/wqy/wqy-microhei.ttc, …)
#
# For maintainers: go test never runs it. Needs Go and pdfaudit
# (PDFAUDIT, default /work/shared/tools/pdfaudit) with mutool, qpdf, poppler.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PDFAUDIT="${PDFAUDIT-/work/shared/tools/pdfaudit}"
SEEDS="${SEEDS-$(seq -s, 1 40)}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/paiban-gen.XXXXXX")"
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$WORK"' EXIT; else echo "work directory: $WORK"; fi
(cd "$ROOT" && go build -o "$WORK/paiban" ./cmd/paiban)
# (the property test may fail on some of these seeds: the issues are written
# all the same, and auditing them is the point)
(cd "$ROOT" && PAIBAN_GEN_DIR="$WORK/gen" PAIBAN_GEN_SEEDS="$SEEDS" PAIBAN_GEN_RICH="${RICH:-}" go test -count=1 -run TestGeneratedPlans ./layout >"$WORK/property.txt" 2>&1) ||
	echo "note: the property test fails on some of these seeds (see $WORK/property.txt)"

built=0 overset=0 other=0
: >"$WORK/fails"
for d in "$WORK"/gen/*/; do
	s=$(basename "$d")
	if [ -n "${FONTS:-}" ]; then
		printf '\n[fonts]\nbody = "%s"\nheading = "%s"\n' "${FONTS%%|*}" "${FONTS#*|}" >>"$d/plan.toml"
	fi
	if "$WORK/paiban" build "$d/plan.toml" -o "$d/out.pdf" >/dev/null 2>"$d/err.txt"; then
		built=$((built + 1))
		"$WORK/paiban" text "$d/plan.toml" -o "$d/text" >/dev/null 2>&1
		"$PDFAUDIT" typo "$d/out.pdf" >"$d/typo.txt" 2>&1 || true
		"$PDFAUDIT" text "$d/out.pdf" "$d"/text/*.txt >"$d/text.txt" 2>&1 || true
		"$PDFAUDIT" print "$d/out.pdf" >"$d/print.txt" 2>&1 || true
		f=$(grep -h '^FAIL' "$d/typo.txt" "$d/text.txt" "$d/print.txt" | cut -d: -f1 | sed 's/^FAIL *//' | tr '\n' ';' || true)
		echo "$s: ${f:-all pass}"
		grep -h '^FAIL' "$d/typo.txt" "$d/text.txt" "$d/print.txt" | cut -d: -f1 >>"$WORK/fails" || true
	elif grep -q 'overset:' "$d/err.txt"; then
		overset=$((overset + 1))
	else
		other=$((other + 1))
		echo "$s: BUILD FAILED: $(grep -v warning "$d/err.txt" | head -1)"
	fi
done
echo "built $built, overset $overset, other failures $other"
echo "failed checks (plans):"
sort "$WORK/fails" | uniq -c | sort -rn
