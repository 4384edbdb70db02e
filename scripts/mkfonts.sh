#!/usr/bin/env bash
# mkfonts.sh: rebuild the embedded default fonts (fonts/builtin/) and the font
# test fixtures (fonts/testdata/) from pinned upstream sources.
#
#   scripts/mkfonts.sh            # both
#   scripts/mkfonts.sh builtin    # fonts/builtin/*.subset.ttf + OFL.txt only
#   scripts/mkfonts.sh testdata   # fonts/testdata/* only
#
# Documentation for maintainers: the Go build and `go test` never run it.
#
# Needs: npm (registry access), Debian python3-fonttools 4.38 (+ python3-brotli
# for the .woff2 fixture), sha256sum, tar. Sources are cached in $FONT_CACHE
# (default ~/.cache/paiban-fonts). Output is deterministic: rerunning with the
# same sources and the same sample/ texts gives byte-identical files.
#
# Rerun `scripts/mkfonts.sh builtin` whenever sample/ gains characters, or add
# characters to fonts/extra-chars.txt; then `go test ./fonts`.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-/usr/bin/python3}"   # Debian's python3 has fontTools
FONT_CACHE="${FONT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/paiban-fonts}"
WHAT="${1:-all}"

SERIF_PKG=@expo-google-fonts/noto-serif-sc@0.4.3
SANS_PKG=@expo-google-fonts/noto-sans-sc@0.4.3
SERIF_TGZ=expo-google-fonts-noto-serif-sc-0.4.3.tgz
SANS_TGZ=expo-google-fonts-noto-sans-sc-0.4.3.tgz
SERIF_SHA=ff6bcf5ba68d92dfecc05544bb150f9e724741a932354a0dd97e7289c40a3f5e
SANS_SHA=0d69d0f4971d2ff574e3d93cbc218dc950bf3f3f8f8e2c008d97687ed53aee59

BUILTIN="$ROOT/fonts/builtin"
TESTDATA="$ROOT/fonts/testdata"

# ---------------------------------------------------------------- 1. sources
mkdir -p "$FONT_CACHE"
cd "$FONT_CACHE"
for spec in "$SERIF_PKG:$SERIF_TGZ:$SERIF_SHA" "$SANS_PKG:$SANS_TGZ:$SANS_SHA"; do
	pkg="${spec%%:*}"; rest="${spec#*:}"; tgz="${rest%%:*}"; sha="${rest#*:}"
	if [ ! -f "$tgz" ]; then
		npm pack --silent "$pkg" >/dev/null
	fi
	echo "$sha  $tgz" | sha256sum -c --quiet - || { echo "mkfonts: $tgz: checksum mismatch" >&2; exit 1; }
	dir="${tgz%.tgz}"
	if [ ! -d "$dir" ]; then
		mkdir -p "$dir.tmp" && tar xzf "$tgz" -C "$dir.tmp" && mv "$dir.tmp" "$dir"
	fi
done
SERIF_SRC="$FONT_CACHE/${SERIF_TGZ%.tgz}/package/400Regular/NotoSerifSC_400Regular.ttf"
SANS_SRC="$FONT_CACHE/${SANS_TGZ%.tgz}/package/700Bold/NotoSansSC_700Bold.ttf"
SERIF_LICENSE="$FONT_CACHE/${SERIF_TGZ%.tgz}/package/LICENSE_FONT"
SANS_LICENSE="$FONT_CACHE/${SANS_TGZ%.tgz}/package/LICENSE_FONT"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# Common subsetting options. gopdf v0.37.0 uses only glyf/loca, cmap (3,1)
# format 4 and (3,10) format 12, hmtx, hhea, head, maxp, OS/2, post, name; it
# ignores OpenType layout and vertical metrics, so those are dropped:
#   --layout-features=''  no GSUB/GPOS closure (no vert/palt/... glyphs)
#   --drop-tables+=...    drop the (then empty) layout and vertical tables
#   --no-hinting          drop instructions, prep/fpgm/cvt
#   --name-IDs='*'        keep every name record (licence IDs 13/14 included)
SUBSET_OPTS=(
	--layout-features=
	--drop-tables+=GSUB,GPOS,GDEF,BASE,STAT,JSTF,vhea,vmtx,VORG,gasp,meta,DSIG,kern
	--no-hinting
	--name-IDs='*'
	--name-languages='*'
	--notdef-outline
)

build_builtin() {
	# ------------------------------------------------------ 2. character list
	# GB2312 (all 7,445 hanzi and symbols) + ASCII + Latin-1 + General
	# Punctuation + CJK Symbols and Punctuation + Halfwidth/Fullwidth Forms +
	# every character of sample/**/*.{txt,md} + fonts/extra-chars.txt +
	# the 8,105 characters of 《通用规范汉字表》 (fonts/tongyong-8105.txt).
	"$PY" - "$ROOT" "$WORK/unicodes.txt" <<'EOF'
import pathlib, sys, unicodedata
root, out = pathlib.Path(sys.argv[1]), sys.argv[2]
cps = set()
gb = 0
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            cps.add(ord(bytes([hi, lo]).decode("gb2312")))
            gb += 1
        except UnicodeDecodeError:
            pass
cps.update(range(0x20, 0x7F))       # ASCII
cps.update(range(0xA0, 0x100))      # Latin-1
cps.update(range(0x2000, 0x2070))   # General Punctuation
cps.update(range(0x3000, 0x3040))   # CJK Symbols and Punctuation
cps.update(range(0xFF00, 0xFFF0))   # Halfwidth and Fullwidth Forms
# symbols newsrooms type that GB2312 lacks (what the sources have of them):
# pinyin capitals with tones, Ā Œ đ; −, €, ™, ℉, ⅰ…ⅻ, ⇒, ⊕, ⑪…⑳, ❶…❿,
# ➀…➓, ✓, ▶, ☎, ㉑…㊿, ㈠, ㎡ ㎏ ㎞ …
cps.update(range(0x0100, 0x0180))   # Latin Extended-A
cps.update(range(0x01CD, 0x01DD))   # pinyin with caron (Ǎ ǎ …)
cps.update(range(0x0370, 0x0400))   # Greek
cps.update(range(0x2070, 0x20D0))   # Superscripts and Subscripts, Currency Symbols
cps.update(range(0x2100, 0x2300))   # Letterlike, Number Forms, Arrows, Mathematical Operators
cps.update(range(0x2460, 0x2500))   # Enclosed Alphanumerics
cps.update(range(0x25A0, 0x27C0))   # Geometric Shapes, Miscellaneous Symbols, Dingbats
cps.update(range(0x3200, 0x3300))   # Enclosed CJK Letters and Months
cps.update(range(0x3380, 0x33E0))   # CJK Compatibility: units (㎎ ㎏ ㎜ ㎝ ㎞ ㎡ ㏄ …)

def usable(c):
    return not c.isspace() and unicodedata.category(c) not in ("Cc", "Cs") and c != "\ufffd"

extra = set()
files = 0
sample = root / "sample"
if sample.is_dir():
    for p in sorted(sample.rglob("*")):
        if p.is_file() and p.suffix.lower() in (".txt", ".md"):
            files += 1
            text = p.read_bytes().decode("utf-8", errors="replace")
            extra.update(c for c in text if usable(c))
for name in ("extra-chars.txt", "tongyong-8105.txt"):
    for line in (root / "fonts" / name).read_text("utf-8").splitlines():
        if not line.startswith("#"):
            extra.update(c for c in line if usable(c))
new = sorted(ord(c) for c in extra if ord(c) not in cps)
cps.update(ord(c) for c in extra)
with open(out, "w") as f:
    for cp in sorted(cps):
        f.write("U+%04X\n" % cp)
with open(out + ".extra", "w", encoding="utf-8") as f:
    f.write("".join(sorted(extra)))
print("mkfonts: %d GB2312 characters, %d sample files, %d characters beyond the fixed ranges: %s"
      % (gb, files, len(new), "".join(chr(c) for c in new)), file=sys.stderr)
EOF

	# ------------------------------------------------------------ 3. subsets
	mkdir -p "$BUILTIN"
	"$PY" -m fontTools.subset "$SERIF_SRC" "${SUBSET_OPTS[@]}" \
		--unicodes-file="$WORK/unicodes.txt" --output-file="$BUILTIN/NotoSerifSC-Regular.subset.ttf"
	"$PY" -m fontTools.subset "$SANS_SRC" "${SUBSET_OPTS[@]}" \
		--unicodes-file="$WORK/unicodes.txt" --output-file="$BUILTIN/NotoSansSC-Bold.subset.ttf"

	# ------------------------------------------------------------- 4. licence
	{
		cat <<'EOF'
Fonts in this directory
=======================

NotoSerifSC-Regular.subset.ttf
    Subset (a Modified Version under the OFL) of Noto Serif SC Regular 2.003,
    NotoSerifSC_400Regular.ttf from npm @expo-google-fonts/noto-serif-sc@0.4.3.
    Copyright notice in the font (name ID 0): (c) 2017-2024 Adobe (http://www.adobe.com/).

NotoSansSC-Bold.subset.ttf
    Subset (a Modified Version under the OFL) of Noto Sans SC Bold 2.004,
    NotoSansSC_700Bold.ttf from npm @expo-google-fonts/noto-sans-sc@0.4.3.
    Copyright notice in the font (name ID 0): (c) 2014-2021 Adobe (http://www.adobe.com/),
    with Reserved Font Name 'Source'.

Both are licensed under the SIL Open Font License, Version 1.1. The licence
files of the two npm packages (LICENSE_FONT) follow unchanged.

================================================================================
LICENSE_FONT of @expo-google-fonts/noto-serif-sc@0.4.3
================================================================================

EOF
		cat "$SERIF_LICENSE"
		cat <<'EOF'

================================================================================
LICENSE_FONT of @expo-google-fonts/noto-sans-sc@0.4.3
================================================================================

EOF
		cat "$SANS_LICENSE"
	} >"$BUILTIN/OFL.txt"

	# ------------------------------------------------------------- 5. check
	"$PY" - "$BUILTIN" "$WORK/unicodes.txt.extra" <<'EOF'
import os, sys
from fontTools.ttLib import TTFont
d, extra = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
must = "\u3001\u3002\uff0c\u201c\u201d\u2014\u2026\u00b7\u6c38"
for name in ("NotoSerifSC-Regular.subset.ttf", "NotoSansSC-Bold.subset.ttf"):
    p = os.path.join(d, name)
    f = TTFont(p)
    cmap = f.getBestCmap()
    assert "glyf" in f and "CFF " not in f, name
    for t in ("GSUB", "GPOS", "vhea", "vmtx"):
        assert t not in f, (name, t)
    miss = [c for c in must if ord(c) not in cmap]
    assert not miss, (name, miss)
    absent = "".join(c for c in extra if ord(c) not in cmap)
    print("mkfonts: %s: %d bytes, %d glyphs, %d characters%s" % (
        name, os.path.getsize(p), f["maxp"].numGlyphs, len(cmap),
        "; NOT in the source font: " + absent if absent else ""), file=sys.stderr)
EOF

	# ---------------------------------------------- 6. the sums in fonts/sum.go
	# (the faces' cache keys; TestBuiltinSums checks them)
	local serif_sum sans_sum
	serif_sum=$(sha256sum "$BUILTIN/NotoSerifSC-Regular.subset.ttf" | cut -d' ' -f1)
	sans_sum=$(sha256sum "$BUILTIN/NotoSansSC-Bold.subset.ttf" | cut -d' ' -f1)
	sed -i -E "s/(\"serif\": unhex\(\")[0-9a-f]{64}/\1$serif_sum/; s/(\"sans\": +unhex\(\")[0-9a-f]{64}/\1$sans_sum/" "$ROOT/fonts/sum.go"
}

build_testdata() {
	# Small fixtures for fonts/*_test.go (a few KB each).
	#   serif-sub.ttf / sans-sub.ttf  Noto Serif SC Regular / Noto Sans SC Bold,
	#                                 ~30 characters incl. one non-BMP (U+20087)
	#   pair.ttc                      TTCollection: face 0 serif-sub, face 1 sans-sub
	#   serif-sub.woff / .woff2       serif-sub.ttf as WOFF / WOFF2
	#   cff.otf                       tiny CFF-outline OpenType font (FontBuilder)
	#   cff.otc                       2-face collection of CFF fonts
	mkdir -p "$TESTDATA"
	TEXT='永和九年岁在癸丑暮春之初中文排版，。、“”—…·Aa1 𠂇'
	"$PY" -m fontTools.subset "$SERIF_SRC" "${SUBSET_OPTS[@]}" --text="$TEXT" --output-file="$TESTDATA/serif-sub.ttf"
	"$PY" -m fontTools.subset "$SANS_SRC" "${SUBSET_OPTS[@]}" --text="$TEXT" --output-file="$TESTDATA/sans-sub.ttf"
	"$PY" - "$TESTDATA" <<'EOF'
import os, sys
from fontTools.ttLib import TTFont, TTCollection
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
d = sys.argv[1]
j = lambda n: os.path.join(d, n)
# recalcTimestamp=False and fixed head dates keep the output reproducible.
ttf = lambda n: TTFont(j(n), recalcTimestamp=False)

c = TTCollection()
c.fonts = [ttf("serif-sub.ttf"), ttf("sans-sub.ttf")]
c.save(j("pair.ttc"))

for flavor in ("woff", "woff2"):
    f = ttf("serif-sub.ttf")
    f.flavor = flavor
    f.save(j("serif-sub." + flavor))

def cff_font(family, width):
    fb = FontBuilder(1000, isTTF=False)
    order = [".notdef", "A", "uni6C38"]
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap({0x41: "A", 0x6C38: "uni6C38"})
    def box(w):
        p = T2CharStringPen(w, None)
        p.moveTo((50, 0)); p.lineTo((50, 700)); p.lineTo((w - 50, 700)); p.lineTo((w - 50, 0)); p.closePath()
        return p.getCharString()
    fb.setupCFF(family.replace(" ", ""), {"FullName": family}, {g: box(width) for g in order}, {})
    fb.setupHorizontalMetrics({g: (width, 50) for g in order})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": family, "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.font["head"].created = fb.font["head"].modified = 3786825600  # 2024-01-01
    fb.font.recalcTimestamp = False
    return fb.font

cff_font("Test CFF", 600).save(j("cff.otf"))
c = TTCollection()
c.fonts = [cff_font("Test CFF", 600), cff_font("Test CFF Wide", 900)]
c.save(j("cff.otc"))
for n in sorted(os.listdir(d)):
    print("mkfonts: testdata/%s: %d bytes" % (n, os.path.getsize(j(n))), file=sys.stderr)
EOF
}

case "$WHAT" in
all) build_builtin; build_testdata ;;
builtin) build_builtin ;;
testdata) build_testdata ;;
*) echo "usage: $0 [all|builtin|testdata]" >&2; exit 2 ;;
esac
