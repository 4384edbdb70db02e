#!/usr/bin/env bash
# Build every issue scripts/heldback.py made and check it as the print shop will (issue 13, item 8):
#   scripts/heldback-check.sh OUT [ISSUE...]     # default: every OUT/i*/ and OUT/bad-*/
# A good issue (OUT/i*): exit 0, pdfaudit print 11/11 and text ok, qpdf --check, poppler reads every
# page, no image above 450 ppi and none RGB (pdfimages -list), only the process plates in
# Ghostscript's separations, each ad's text on its page, a 16-page file under 30 MB, and the same
# bytes from a second build. A bad one (OUT/bad-*): exit 1, a file:line error, no panic, no PDF.
# Needs: go, pdfaudit (PDFAUDIT=… or /work/shared/tools/pdfaudit), poppler-utils, qpdf, ghostscript.
set -uo pipefail
out=${1:?usage: heldback-check.sh OUT [ISSUE...]}
shift
cd "$(dirname "$0")/.."
audit=${PDFAUDIT:-/work/shared/tools/pdfaudit}
bin=$(mktemp -d)/paiban
go build -o "$bin" ./cmd/paiban || exit 1
fail=0
bad() { echo "FAIL $1: $2"; fail=1; }
issues=("$@")
if ((${#issues[@]} == 0)); then
  for d in "$out"/i*/ "$out"/bad-*/; do issues+=("$(basename "$d")"); done
fi
for name in "${issues[@]}"; do
  dir=$out/$name
  pdf=$dir/out.pdf
  rm -rf "$pdf" "$pdf".cache "$pdf".manifest.json
  start=$(date +%s.%N)
  "$bin" build "$dir/plan.toml" -o "$pdf" -q >"$dir/build.log" 2>&1
  rc=$?
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  if grep -q -E 'panic|goroutine [0-9]+ \[' "$dir/build.log"; then bad "$name" "panic"; fi
  if [[ $name == bad-* ]]; then
    [[ $rc == 1 ]] || bad "$name" "exit $rc, want 1"
    [[ -e $pdf ]] && bad "$name" "a PDF was written"
    grep -q -E '^[^ ]+:[0-9]+(:[0-9]+)?: error: ' "$dir/build.log" || bad "$name" "no file:line error"
    echo "ok?  $name: $(grep -m1 'error:' "$dir/build.log")"
    continue
  fi
  if [[ $rc != 0 ]]; then bad "$name" "exit $rc: $(grep -m3 'error' "$dir/build.log")"; continue; fi
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  size=$(stat -c %s "$pdf")
  echo "---- $name: $pages pages, $((size / 1024 / 1024)) MB, ${secs%???????} s; warnings: $(grep -c 'warning:' "$dir/build.log")"
  if ((pages <= 16 && size >= 30 * 1024 * 1024)); then bad "$name" "$size bytes for $pages pages"; fi
  "$audit" print "$pdf" >"$dir/print.log" 2>&1 || bad "$name" "pdfaudit print: $(grep -v -i '^ok\|pass' "$dir/print.log" | head -5)"
  grep -q -E '11 passed, 0 failed' "$dir/print.log" || bad "$name" "pdfaudit print not 11/11: $(tail -2 "$dir/print.log")"
  rm -rf "$dir/text" && "$bin" text "$dir/plan.toml" -o "$dir/text" >/dev/null 2>&1
  "$audit" text "$pdf" "$dir"/text/*.txt >"$dir/text.log" 2>&1 || bad "$name" "pdfaudit text: $(tail -3 "$dir/text.log")"
  qpdf --check "$pdf" >"$dir/qpdf.log" 2>&1 || bad "$name" "qpdf --check: $(tail -3 "$dir/qpdf.log")"
  # poppler reads every page: a dangling reference (which qpdf --check lets pass) is an error here
  pdftotext "$pdf" /dev/null 2>"$dir/poppler.log"
  [[ -s $dir/poppler.log ]] && bad "$name" "pdftotext: $(head -2 "$dir/poppler.log")"
  # images: pdfimages -list columns: page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
  pdfimages -list "$pdf" | awk -v n="$name" 'NR > 2 && ($13 > 450 || $14 > 450) {print "FAIL " n ": page " $1 " image " $4 "x" $5 " at " $13 "x" $14 " ppi"}' | tee "$dir/ppi.log"
  [[ -s $dir/ppi.log ]] && fail=1
  pdfimages -list "$pdf" | awk 'NR > 2 {print $6}' | sort | uniq -c | tr '\n' ' '; echo
  pdfimages -list "$pdf" | awk -v n="$name" 'NR > 2 && $6 != "cmyk" && $6 != "gray" {print "FAIL " n ": page " $1 " a " $6 " image"}' | tee "$dir/rgb.log"
  [[ -s $dir/rgb.log ]] && fail=1
  # separations: Ghostscript's tiffsep names every plate; only the four process inks may appear
  sep=$(mktemp -d)
  gs -q -dNOPAUSE -dBATCH -sDEVICE=tiffsep -r20 -sOutputFile="$sep/p%02d.tif" "$pdf" >/dev/null 2>&1
  plates=$(ls "$sep" | sed -n 's/^p[0-9]*(\(.*\))\.tif$/\1/p' | sort -u | tr '\n' ' ')
  [[ $plates == "Black Cyan Magenta Yellow " ]] || bad "$name" "plates: $plates"
  rm -rf "$sep"
  # each ad's text on the page that places it: slot → page number
  awk -F'"' '/^slots/ {s=$2} /^content/ && /\.pdf/ {print s, $2}' "$dir/plan.toml" | while read -r slot file; do
    case $slot in 封面) p=1 ;; 封二) p=2 ;; 封三) p=$((pages - 1)) ;; 封底) p=$pages ;; *) p=$((10#$slot + 2)) ;; esac
    src=$dir/${file%#*}
    sp=1; [[ $file == *#* ]] && sp=${file#*#}
    want=$(pdftotext -f "$sp" -l "$sp" "$src" - 2>/dev/null | tr -s ' \n' ' ' | awk '{print $1, $2}')
    got=$(pdftotext -f "$p" -l "$p" "$pdf" - 2>/dev/null | tr -s ' \n' ' ')
    [[ -n $want && $got == *"$want"* ]] || bad "$name" "page $p ($slot, $file): ad text '$want' not found in '${got:0:80}'"
  done
  # same inputs, same bytes (a second build, without the cache)
  "$bin" build "$dir/plan.toml" -o "$dir/again.pdf" -q --no-cache >/dev/null 2>&1
  cmp -s "$pdf" "$dir/again.pdf" || bad "$name" "a second build gives other bytes"
  rm -rf "$dir/again.pdf" "$dir/again.pdf".*
  # the photos' orientation is checked by eye (gs -sDEVICE=png16m -r12 out.pdf)
done
exit $fail
