#!/usr/bin/env python3
"""Look at a print PDF's separations, as a press would make plates of it.

    scripts/separations.py ISSUE.pdf PAGE [PAGE ...] [--dpi 150]

For each page, Ghostscript's tiffsep device renders the four process plates (one 8-bit
grey TIFF per plate; 0 = full ink, 255 = none), and this script reports with Pillow, per
plate (C M Y K):

  bleed   pixels with ink inside the BleedBox (the page itself)
  slug    pixels with ink outside the BleedBox (printer's marks live there)
  K only  pixels with black ink and no C, M or Y ink, and the pixels with black ink and some
          C, M or Y (on a text page, all black is text: "K and CMY" should be 0)
  TAC     the largest total ink of any pixel inside the BleedBox, in per cent (the sum of the
          four plates, to about 2 %)

Needs ghostscript (gs), poppler-utils (pdfinfo) and python3-pil. Used for docs/print.md.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

from PIL import Image, ImageChops

PLATES = ("Cyan", "Magenta", "Yellow", "Black")


def boxes(pdf, page):
    out = subprocess.run(["pdfinfo", "-box", "-f", str(page), "-l", str(page), pdf],
                         check=True, capture_output=True, text=True).stdout
    b = {}
    for name in ("MediaBox", "BleedBox"):
        m = re.search(r"Page\s+%d %s:\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)" % (page, name), out)
        b[name] = [float(x) for x in m.groups()]
    return b


def ink(img):
    """1 where the plate has ink, else 0 (mode L, 0/255)."""
    return img.point(lambda v: 255 if v < 255 else 0)


def count(mask):
    return mask.histogram()[255]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf")
    ap.add_argument("pages", nargs="+", type=int)
    ap.add_argument("--dpi", type=int, default=150)
    a = ap.parse_args()
    print("page  plate    bleed px   slug px")
    with tempfile.TemporaryDirectory() as tmp:
        for page in a.pages:
            base = os.path.join(tmp, "p%d.tif" % page)
            subprocess.run(["gs", "-q", "-dSAFER", "-dNOPAUSE", "-dBATCH", "-sDEVICE=tiffsep", "-r%d" % a.dpi,
                            "-dFirstPage=%d" % page, "-dLastPage=%d" % page, "-o", base, a.pdf], check=True)
            plates = {p: Image.open(os.path.join(tmp, "p%d(%s).tif" % (page, p))).convert("L") for p in PLATES}
            bx = boxes(a.pdf, page)
            media, bleed = bx["MediaBox"], bx["BleedBox"]
            w, h = plates["Black"].size
            s = a.dpi / 72.0
            # the BleedBox in pixels (y from the top)
            x0 = round((bleed[0] - media[0]) * s)
            x1 = round((bleed[2] - media[0]) * s)
            y0 = round((media[3] - bleed[3]) * s)
            y1 = round((media[3] - bleed[1]) * s)
            inside = Image.new("L", (w, h), 0)
            # 2 pixels of slack for rounding at the edge; marks start 3 mm (18 px at 150 dpi) out
            inside.paste(255, (x0 - 2, y0 - 2, x1 + 2, y1 + 2))
            masks = {}
            for p in PLATES:
                m = ink(plates[p])
                masks[p] = m
                total = count(m)
                bl = count(ImageChops.multiply(m, inside))
                print("%4d  %-7s %10d %9d" % (page, p, bl, total - bl))
            cmy = ImageChops.lighter(ImageChops.lighter(masks["Cyan"], masks["Magenta"]), masks["Yellow"])
            k_and_cmy = count(ImageChops.multiply(ImageChops.multiply(masks["Black"], cmy), inside))
            k_only = count(ImageChops.multiply(masks["Black"], inside)) - k_and_cmy
            # total area coverage inside the bleed (the marks outside it are in registration
            # colour, 400 %): 255 - v is a plate's ink; quarter each plate so the sum fits in 8 bits
            quarter = [ImageChops.invert(plates[p]).point(lambda v: v // 4) for p in PLATES]
            total = ImageChops.add(ImageChops.add(quarter[0], quarter[1]), ImageChops.add(quarter[2], quarter[3]))
            tac = round(ImageChops.multiply(total, inside).getextrema()[1] * 4 * 100 / 255)
            print("%4d  black pixels inside the bleed: %d K only, %d K and CMY; largest total ink about %d %%"
                  % (page, k_only, k_and_cmy, tac))
    return 0


if __name__ == "__main__":
    sys.exit(main())
