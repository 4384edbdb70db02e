#!/usr/bin/env bash
# gridcheck.sh: set ~8 plans unlike the sample issue (trims, columns, sizes,
# page counts, picture articles, many short articles, figures, "wide"
# figures) from the sample's articles and images, and run the referee's typo
# audit on each. Prints one row per plan: the 10 checks (P/F) and check 8's
# share of baselines matching the neighbouring column.
#
#   scripts/gridcheck.sh              # builds bin/paiban, prints the table
#   KEEP=1 scripts/gridcheck.sh       # keeps the work directory (plans, PDFs, audits)
#   PLANS="p1 p3" scripts/gridcheck.sh
#
# For maintainers: the Go build and `go test` never run it. Needs Go and
# /work/shared/tools/pdfaudit (mutool, qpdf); set PDFAUDIT to another copy.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PDFAUDIT="${PDFAUDIT-/work/shared/tools/pdfaudit}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/paiban-grid.XXXXXX")"
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$WORK"' EXIT; else echo "work directory: $WORK"; fi

(cd "$ROOT" && go build -o "$WORK/paiban" ./cmd/paiban)
"$WORK/paiban" init "$WORK/s" >/dev/null
A="$WORK/s/articles"
# "wide" variants of two figure articles
sed -e "s/){[^}]*}$/)/" -e 's/^\(!\[[^]]*\]([^) ]*\))$/\1 "wide")/' "$A/weigushi-2.md" >"$A/wide-2.md"
sed -e "s/){[^}]*}$/)/" -e 's/^\(!\[[^]]*\]([^) ]*\))$/\1 "wide")/' "$A/liangdian.md" >"$A/wide-ld.md"
grep -q '"wide"' "$A/wide-2.md" "$A/wide-ld.md"

# plan NAME TRIM COLUMNS SIZE INNER_PAGES < ranges
# ranges: one per line, "SLOTS|SECTION|file file ..." (files under articles/ or images/)
plan() {
	local name=$1 trim=$2 cols=$3 size=$4 pages=$5 f="$WORK/s/$1.toml"
	{
		printf '[issue]\ntitle = "之江月刊"\nnumber = "测试%s"\n\n' "$name"
		printf '[paper]\ntrim = "%s"\ninner_pages = %s\n\n' "$trim" "$pages"
		printf '[print]\nmin_ppi_warn = 0\nmin_ppi_error = 100\n\n'
		printf '[text]\nsize = "%spt"\ncolumns = %s\n\n' "$size" "$cols"
		while IFS='|' read -r slots section files; do
			[ -n "$slots" ] || continue
			printf '[[page]]\nslots = "%s"\nsection = "%s"\ncontent = [' "$slots" "$section"
			local sep=""
			for x in $files; do
				case $x in *.jpg | *.png) x="images/$x" ;; *) x="articles/$x" ;; esac
				printf '%s"%s"' "$sep" "$x"
				sep=", "
			done
			printf ']\n\n'
		done
	} >"$f"
}

plan p1 210x285mm 3 10 16 <<'P'
01-07|短文|shengyin.md miankong.md dushu.md zhongdian.txt fengmian.md luntan-1.txt luntan-2.txt weigushi-8.md
08-10|微故事|weigushi-1.md weigushi-2.md
11-12|图故事|tugushi.md
13-16|新事|xinshi-1.md xinshi-2.txt xinshi-3.txt
P
plan p2 185x260mm 3 10 16 <<'P'
01-14|综合|dangke.txt weigushi-1.md anli.txt fanfu.md tugushi.md sudi.md
P
plan p3 170x240mm 2 9 32 <<'P'
01-07|党课|dangke.txt anli.txt guangjiao.md
09-20|微故事|weigushi-1.md weigushi-2.md weigushi-3.md weigushi-4.md weigushi-5.md weigushi-6.md
21-22|形象展示|xingxiang.md
23-30|广闻|guangwen.md xinli.md mianduimian.md
P
plan p4 210x297mm 3 11 32 <<'P'
01-09|宽图|wide-2.md wide-ld.md sudi.md
11-12|图故事|tugushi.md
13-23|故事|weigushi-3.md weigushi-4.md weigushi-5.md weigushi-6.md weigushi-7.md xiangzhen-2.md
24-32|论坛|luntan-1.txt luntan-2.txt lianjie.txt jingshi.txt fig-logo.png renmian.txt
P
plan p5 210x285mm 1 11 16 <<'P'
01-10|卷首|qiangzhudong.txt shengyin.md miankong.md dushu.md fengmian.md zhongdian.txt
P
plan p6 185x260mm 2 11 64 <<'P'
01-13|新事|xinshi-1.md xinshi-2.txt xinshi-3.txt liangdian.md xiangzhen-1.txt xiangzhen-2.md
15-16|图故事|tugushi.md
17-34|速递|sudi.md guangwen.md mianduimian.md xinli.md fanfu.md
39-40|形象展示|xingxiang.md
41-58|短文|shengyin.md miankong.md dushu.md zhongdian.txt fengmian.md luntan-1.txt luntan-2.txt weigushi-8.md tagushi-2.txt tagushi-1.txt renmian.txt
P
plan p7 210x297mm 2 9 16 <<'P'
01-06|广角|guangjiao.md liangdian.md xinli.md xinshi-1.md
07-08|形象展示|xingxiang.md
09-13|案例|anli.txt jingshi.txt wide-2.md
P
plan p8 170x240mm 3 9 32 <<'P'
01-09|速递|sudi.md shengyin.md miankong.md dushu.md zhongdian.txt
13-14|图故事|tugushi.md
15-27|微故事|weigushi-1.md weigushi-2.md weigushi-3.md weigushi-4.md weigushi-5.md weigushi-6.md weigushi-7.md weigushi-8.md
P

printf '%-5s %-9s %-4s %-4s %-5s  %-10s %8s  %s\n' plan trim cols size pages "checks1-10" "grid%" "build"
for p in ${PLANS:-p1 p2 p3 p4 p5 p6 p7 p8}; do
	f="$WORK/s/$p.toml"
	trim=$(sed -n 's/^trim = "\(.*\)"/\1/p' "$f")
	cols=$(sed -n 's/^columns = //p' "$f")
	size=$(sed -n 's/^size = "\(.*\)pt"/\1/p' "$f")
	pages=$(sed -n 's/^inner_pages = //p' "$f")
	if ! "$WORK/paiban" build "$f" -o "$WORK/$p.pdf" >"$WORK/$p.build" 2>&1; then
		printf '%-5s %-9s %-4s %-4s %-5s  %s\n' "$p" "$trim" "$cols" "$size" "$pages" "BUILD FAILED: $(grep -v -e '^  ' -e 'warning:' -e 'note:' "$WORK/$p.build" | head -1)"
		continue
	fi
	warn=$(grep -i 'warning:' "$WORK/$p.build" | grep -vc 'blank slots' || true)
	"$PDFAUDIT" typo "$WORK/$p.pdf" >"$WORK/$p.typo" 2>&1 || true
	res=$(grep -E '^(PASS|FAIL)' "$WORK/$p.typo" | cut -c1 | tr -d '\n')
	grid=$(grep 'baseline grid' "$WORK/$p.typo" | sed -n 's/.*neighbouring column \([0-9.]*%\).*/\1/p')
	printf '%-5s %-9s %-4s %-4s %-5s  %-10s %8s  %s\n' "$p" "$trim" "$cols" "$size" "$pages" "$res" "$grid" "${warn} warnings"
done
