#!/usr/bin/python3
"""Make issues of the kind the print shop's acceptance run uses (issue 13, item 8): phone photos,
print-trade TIFFs and supplied PDF advertisements, in 16- and 68-page plans of several trims, and
plans that must fail (an ad without embedded fonts, an encrypted one, a missing page …).

    /usr/bin/python3 scripts/heldback.py OUT            # write OUT/media, OUT/ads and OUT/<issue>/plan.toml
    scripts/heldback-check.sh OUT                       # build every issue and check it (see there)

Needs Pillow and numpy (Debian python3-pil, python3-numpy), ghostscript, qpdf and tiffcp
(libtiff-tools); the articles' text is taken from sample/files/articles.  Deterministic: every
picture is drawn from its own numpy generator seeded with a fixed number; Ghostscript is run with
SOURCE_DATE_EPOCH and fixed document IDs where it allows.  Nothing here is used by the tests
(pipeline/heldback_test.go makes its own small files in Go).

What is made (media/):
  photos   p12-srgb-o6.jpg    12 MP RGB, sRGB profile, EXIF orientation 6 (a phone held upright), 4:2:0
           p24-p3-o8.jpg      24 MP RGB, Display P3 profile, orientation 8, progressive, 4:2:2
           p33-adobe-o3.jpg   33 MP RGB, Adobe RGB profile, orientation 3 (upside down), 4:4:4
           p16-plain.jpg      16 MP RGB, no profile, progressive
           cmyk-ok.jpg        CMYK (Adobe APP14, inverted), within 300 %
           cmyk-400.jpg       CMYK up to 400 % ink
           grey.jpg           greyscale 12 MP
           rgb16.png          16-bit RGB PNG; alpha.png RGBA (flattened on white); palette.png
  TIFFs    t-cmyk-{none,lzw,zip,packbits}.tif, t-rgb-lzw.tif, t-grey-zip.tif, t-rgb16.tif,
           t-cmyk16.tif, t-rgba.tif (extra sample), t-cmyka.tif, t-multi.tif (2 pages),
           t-cmyk-tiled.tif, t-rgb-tiled.tif, t-cmyk-be.tif (big-endian), t-rgb-icc.tif (Adobe RGB),
           t-rgb-planar.tif, t-cmyk-planar.tif, t-rgb16-zip.tif, t-rgb-jpeg.tif (JPEG in TIFF, YCbCr),
           t-cmyk-jpeg.tif (JPEG in TIFF, CMYK, tiled)
  ads      ad-x1a-TRIM.pdf (CMYK, fonts embedded, bleed), ad-rgb.pdf, ad-multi.pdf (3 pages),
           ad-a4.pdf (A4, no bleed), ad-objstm.pdf (PDF 1.7, object streams), ad-crop.pdf (CropBox
           and TrimBox inside a larger MediaBox), ad-rot90.pdf (/Rotate 90), ad-lo.pdf (LibreOffice),
           ad-nofont.pdf, ad-encrypted.pdf, ad-owner.pdf (owner password only), ad-transp.pdf
"""

import io
import math
import os
import shutil
import struct
import subprocess
import sys
import zlib

import numpy as np
from PIL import Image, ImageCms

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1767571200", TZ="UTC")  # 2026-01-05


# ------------------------------------------------------------------------------------------ ICC
def s15(v):
    return struct.pack(">i", int(round(v * 65536)))


def icc_rgb(desc, primaries, white=(0.3127, 0.3290)):
    """A matrix/TRC RGB display profile (ICC v2) with the sRGB tone curve, for primaries
    given as xy chromaticities; adapted to D50 with Bradford, as profiles are."""
    def xyz(x, y):
        return np.array([x / y, 1.0, (1 - x - y) / y])
    W = xyz(*white)
    P = np.array([xyz(*p) for p in primaries]).T
    S = np.linalg.solve(P, W)
    M = P * S  # columns: XYZ of R, G, B at D65
    brad = np.array([[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]])
    D50 = np.array([0.9642, 1.0, 0.8249])
    cw, cd = brad @ W, brad @ D50
    A = np.linalg.inv(brad) @ np.diag(cd / cw) @ brad
    M50 = A @ M
    curve = [int(round(65535 * ((i / 1023) / 12.92 if i / 1023 <= 0.04045 else ((i / 1023 + 0.055) / 1.055) ** 2.4)))
             for i in range(1024)]
    tags = []
    d = desc.encode("ascii")
    tags.append((b"desc", b"desc\0\0\0\0" + struct.pack(">I", len(d) + 1) + d + b"\0" + b"\0" * 12 + b"\0" * 67))
    tags.append((b"cprt", b"text\0\0\0\0" + b"CC0 paiban test profile\0"))
    tags.append((b"wtpt", b"XYZ \0\0\0\0" + b"".join(s15(v) for v in D50)))
    for i, n in enumerate((b"rXYZ", b"gXYZ", b"bXYZ")):
        tags.append((n, b"XYZ \0\0\0\0" + b"".join(s15(v) for v in M50[:, i])))
    trc = b"curv\0\0\0\0" + struct.pack(">I", len(curve)) + b"".join(struct.pack(">H", c) for c in curve)
    for n in (b"rTRC", b"gTRC", b"bTRC"):
        tags.append((n, trc))
    off = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for sig, body in tags:
        while (off + len(data)) % 4:
            data += b"\0"
        table += sig + struct.pack(">II", off + len(data), len(body))
        data += body
    size = off + len(data)
    hdr = struct.pack(">I", size) + b"none" + bytes([2, 0x10, 0, 0]) + b"mntrRGB XYZ " + bytes(12) + b"acsp" + b"APPL"
    hdr += bytes(4) + b"none" + b"none" + bytes(8) + bytes(4) + s15(0.9642) + s15(1.0) + s15(0.8249) + b"none"
    hdr = hdr.ljust(128, b"\0")
    return hdr + struct.pack(">I", len(tags)) + table + data


SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
P3 = icc_rgb("Display P3 (paiban test)", [(0.680, 0.320), (0.265, 0.690), (0.150, 0.060)])
ADOBE = icc_rgb("Adobe RGB (1998) compatible (paiban test)", [(0.64, 0.33), (0.21, 0.71), (0.15, 0.06)])


# ------------------------------------------------------------------------------------ pictures
def scene(w, h, seed):
    """An RGB photograph-like picture: sky, hills, a sun, texture and fine noise (so that it
    compresses like a photo, not like a flat drawing)."""
    rng = np.random.default_rng(seed)
    y = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    x = np.linspace(0, 1, w, dtype=np.float32)[None, :]
    sky = np.stack([0.35 + 0.4 * y + 0 * x, 0.55 + 0.3 * y + 0 * x, 0.9 - 0.2 * y + 0 * x], -1)
    img = sky
    for k in range(4):
        ph, fr, amp = rng.uniform(0, 6.3), rng.uniform(2, 7), rng.uniform(0.04, 0.1)
        ridge = 0.45 + 0.12 * k + amp * np.sin(fr * 6.283 * x + ph) + 0.03 * np.sin(23 * x + ph)
        col = np.array(rng.uniform([0.1, 0.3, 0.1], [0.5, 0.7, 0.4]), dtype=np.float32) * (1 - 0.15 * k)
        mask = (y > ridge)[..., None]
        img = np.where(mask, col[None, None, :] * (0.8 + 0.4 * (1 - y[..., None])), img)
    cx, cy, r = rng.uniform(0.2, 0.8), rng.uniform(0.1, 0.3), 0.06
    d = np.sqrt((x - cx) ** 2 * (w / h) ** 2 + (y - cy) ** 2)
    img = img + (np.clip(1 - d / r, 0, 1) ** 0.5)[..., None] * np.array([0.6, 0.4, 0.1], dtype=np.float32)
    # texture: small random field scaled up, and pixel noise
    tex = rng.random((max(2, h // 64), max(2, w // 64), 3), dtype=np.float32)
    tex = np.asarray(Image.fromarray((tex * 255).astype(np.uint8)).resize((w, h), Image.BICUBIC), np.float32) / 255
    img = img * (0.85 + 0.3 * tex) + rng.normal(0, 0.02, (h, w, 1)).astype(np.float32)
    # deep shadows, as photos have (and dark enough to go over an ink limit when separated naively)
    img = img * np.where((y > 0.9) & (x < 0.3), 0.1, 1.0)[..., None]
    return Image.fromarray((np.clip(img, 0, 1) * 255).astype(np.uint8), "RGB")


def exif(orientation):
    e = Image.Exif()
    e[0x0112] = orientation
    e[0x010F] = "paiban"
    e[0x0110] = "test phone"
    return e.tobytes()


def to_cmyk(img, limit):
    """A plain separation with grey replaced by K, then scaled to a total ink of at most limit % —
    or, with limit 400, every dark pixel driven to 400 % (a careless separation)."""
    a = np.asarray(img, np.float32) / 255
    k = 1 - a.max(-1)
    cmy = (1 - a - k[..., None]) / np.maximum(1 - k[..., None], 1e-6)
    if limit >= 400:
        dark = (k > 0.6)[..., None]
        cmy = np.where(dark, 1.0, cmy * (1 - k[..., None]))
        k = np.where(dark[..., 0], 1.0, k)
    else:
        cmy = cmy * (1 - k[..., None])
        tot = cmy.sum(-1) + k
        s = np.minimum(1, (limit / 100) / np.maximum(tot, 1e-6))
        cmy, k = cmy * s[..., None], k * s
    out = np.concatenate([cmy, k[..., None]], -1)
    return Image.fromarray((np.clip(out, 0, 1) * 255 + 0.5).astype(np.uint8), "CMYK")


def png16(path, arr):
    """A 16-bit RGB PNG (Pillow writes 16-bit grey only)."""
    h, w, _ = arr.shape
    raw = b"".join(b"\0" + arr[r].astype(">u2").tobytes() for r in range(h))
    def chunk(t, b):
        return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def tiff_raw(path, arr, photometric, bits=8, extra=None, be=False, icc=None):
    """An uncompressed, chunky TIFF in one strip per 64 rows: arr is h×w×spp (uint8 or uint16)."""
    h, w, spp = arr.shape
    o = ">" if be else "<"
    dt = np.dtype(o + ("u2" if bits == 16 else "u1"))
    rows = 64
    strips = [arr[r:r + rows].astype(dt).tobytes() for r in range(0, h, rows)]
    entries = []  # (tag, type, values)
    entries += [(256, 4, [w]), (257, 4, [h]), (258, 3, [bits] * spp), (259, 3, [1]), (262, 3, [photometric]),
                (273, 4, None), (277, 3, [spp]), (278, 4, [rows]), (279, 4, [len(s) for s in strips]),
                (284, 3, [1])]
    if extra is not None:
        entries.append((338, 3, [extra]))
    if icc is not None:
        entries.append((34675, 7, icc))
    entries.sort(key=lambda e: e[0])
    header = (b"MM\0*" if be else b"II*\0")
    ifd_off = 8
    n = len(entries)
    data_off = ifd_off + 2 + 12 * n + 4
    blobs = b""
    vals = {}
    def pack(typ, v):
        f = {3: "H", 4: "I", 7: "B"}[typ]
        return struct.pack(o + f * len(v), *v) if typ != 7 else bytes(v)
    strip_data_start = None
    for tag, typ, v in entries:
        if tag == 273:
            continue
        b = pack(typ, v)
        if len(b) > 4:
            vals[tag] = data_off + len(blobs)
            blobs += b
            if len(blobs) % 2:
                blobs += b"\0"
    strip_data_start = data_off + len(blobs) + 4 * len(strips)
    offs, pos = [], strip_data_start
    for s in strips:
        offs.append(pos)
        pos += len(s)
    so = struct.pack(o + "I" * len(offs), *offs)
    if len(so) > 4:
        vals[273] = data_off + len(blobs)
    blobs += so if len(so) > 4 else b"\0" * 4 * len(strips)
    out = header + struct.pack(o + "I", ifd_off) + struct.pack(o + "H", n)
    for tag, typ, v in entries:
        if tag == 273:
            v, b = offs, so
        else:
            b = pack(typ, v)
        cnt = len(v) if typ != 7 else len(b)
        field = struct.pack(o + "I", vals[tag]) if len(b) > 4 else b.ljust(4, b"\0")
        out += struct.pack(o + "HHI", tag, typ, cnt) + field
    out += struct.pack(o + "I", 0) + blobs
    assert len(out) == strip_data_start, (len(out), strip_data_start)
    with open(path, "wb") as f:
        f.write(out + b"".join(strips))


def tiffcp(args, src, dst):
    subprocess.run(["tiffcp"] + args + src + [dst], check=True)


def media(out):
    os.makedirs(out, exist_ok=True)
    def p(n):
        return os.path.join(out, n)
    # phone photos: the scene is drawn upright and stored as a phone's
    # landscape sensor holds it, with the orientation that turns it back
    # (Pillow's exif_transpose turns 6 by ROTATE_270, 8 by ROTATE_90, 3 by ROTATE_180)
    s = scene(3000, 4000, 1).transpose(Image.ROTATE_90)
    s.save(p("p12-srgb-o6.jpg"), quality=92, subsampling=2, icc_profile=SRGB, exif=exif(6))
    s = scene(4000, 6000, 2).transpose(Image.ROTATE_270)
    s.save(p("p24-p3-o8.jpg"), quality=90, subsampling=1, progressive=True, icc_profile=P3, exif=exif(8))
    s = scene(7000, 4700, 3).transpose(Image.ROTATE_180)
    s.save(p("p33-adobe-o3.jpg"), quality=88, subsampling=0, icc_profile=ADOBE, exif=exif(3))
    s = scene(4896, 3264, 4)
    s.save(p("p16-plain.jpg"), quality=85, progressive=True)
    s = scene(2400, 1800, 5)
    to_cmyk(s, 300).save(p("cmyk-ok.jpg"), quality=88)
    to_cmyk(s, 400).save(p("cmyk-400.jpg"), quality=88)
    scene(4000, 3000, 6).convert("L").save(p("grey.jpg"), quality=90)
    a = np.asarray(scene(1200, 900, 7), np.uint16) * 257
    png16(p("rgb16.png"), a)
    rgba = scene(1200, 900, 8).convert("RGBA")
    al = np.asarray(rgba).copy()
    al[:, :, 3] = np.linspace(255, 0, 1200, dtype=np.float32).astype(np.uint8)[None, :]
    Image.fromarray(al, "RGBA").save(p("alpha.png"))
    scene(1200, 900, 9).quantize(64).save(p("palette.png"))
    # TIFFs
    base = scene(1800, 1350, 10)
    cm = np.asarray(to_cmyk(base, 300))
    tiff_raw(p("t-cmyk-none.tif"), cm, 5)
    for c, n in (("lzw", "lzw"), ("zip", "zip"), ("packbits", "packbits")):
        tiffcp(["-c", c + (":2" if c != "packbits" else "")], [p("t-cmyk-none.tif")], p("t-cmyk-%s.tif" % n))
    tiffcp(["-c", "lzw:2", "-t", "-w", "256", "-l", "256"], [p("t-cmyk-none.tif")], p("t-cmyk-tiled.tif"))
    tiff_raw(p("t-cmyk-be.tif"), cm, 5, be=True)
    tiff_raw(p("t-rgb-none.tif"), np.asarray(base), 2)
    tiffcp(["-c", "lzw:2"], [p("t-rgb-none.tif")], p("t-rgb-lzw.tif"))
    tiffcp(["-c", "zip", "-t", "-w", "512", "-l", "512"], [p("t-rgb-none.tif")], p("t-rgb-tiled.tif"))
    tiff_raw(p("t-grey-none.tif"), np.asarray(base.convert("L"))[..., None], 1)
    tiffcp(["-c", "zip"], [p("t-grey-none.tif")], p("t-grey-zip.tif"))
    tiff_raw(p("t-rgb16.tif"), np.asarray(base, np.uint16) * 257, 2, bits=16)
    tiff_raw(p("t-cmyk16.tif"), cm.astype(np.uint16) * 257, 5, bits=16)
    rgbA = np.concatenate([np.asarray(base), np.full((1350, 1800, 1), 255, np.uint8)], -1)
    rgbA[:, :600, 3] = 0
    tiff_raw(p("t-rgba.tif"), rgbA, 2, extra=2)
    tiff_raw(p("t-cmyka.tif"), np.concatenate([cm, np.full((1350, 1800, 1), 255, np.uint8)], -1), 5, extra=2)
    tiff_raw(p("t-rgb-icc.tif"), np.asarray(base), 2, icc=ADOBE)
    tiffcp(["-c", "lzw"], [p("t-cmyk-lzw.tif"), p("t-rgb-lzw.tif")], p("t-multi.tif"))
    tiffcp(["-p", "separate", "-c", "lzw"], [p("t-rgb-none.tif")], p("t-rgb-planar.tif"))
    tiffcp(["-p", "separate", "-c", "zip"], [p("t-cmyk-none.tif")], p("t-cmyk-planar.tif"))
    tiffcp(["-c", "zip"], [p("t-rgb16.tif")], p("t-rgb16-zip.tif"))
    tiffcp(["-c", "jpeg"], [p("t-rgb-none.tif")], p("t-rgb-jpeg.tif"))  # JPEG in TIFF (YCbCr)
    tiffcp(["-c", "jpeg:90", "-t", "-w", "256", "-l", "256"], [p("t-cmyk-none.tif")], p("t-cmyk-jpeg.tif"))


# ------------------------------------------------------------------------------------ PDF ads
def mm(v):
    return v * 72 / 25.4


AD_PS = """%!PS
<< /PageSize [{W} {H}] >> setpagedevice
{boxes}
{bg} 0 0 {W} {H} rectfill
0 0 0 1 setcmykcolor
/Helvetica-Bold findfont {big} scalefont setfont {x} {y1} moveto ({title}) show
/Times-Roman findfont {small} scalefont setfont {x} {y2} moveto ({line}) show
{extra}
showpage
"""


def ad_ps(title, line, w, h, bleed=3.0, bg="0.1 0.6 0.9 0 setcmykcolor", extra="", pages=1):
    W, H = mm(w + 2 * bleed), mm(h + 2 * bleed)
    b = mm(bleed)
    boxes = ""
    if bleed > 0:
        boxes = "[/TrimBox [%.2f %.2f %.2f %.2f] /BleedBox [0 0 %.2f %.2f] /PAGE pdfmark" % (b, b, W - b, H - b, W, H)
    ps = ""
    for i in range(pages):
        t = title if pages == 1 else "%s %d" % (title, i + 1)
        ps += AD_PS.format(W="%.2f" % W, H="%.2f" % H, boxes=boxes, bg=bg, big=mm(w) / 8, small=mm(w) / 20,
                           x="%.2f" % (b + mm(15)), y1="%.2f" % (H * 0.7), y2="%.2f" % (H * 0.62), title=t, line=line,
                           extra=extra)
    return ps


CMYK_ARGS = ["-dPDFSETTINGS=/prepress", "-sProcessColorModel=DeviceCMYK", "-sColorConversionStrategy=CMYK"]


def gs_pdf(out, ps, args):
    src = out + ".ps"
    with open(src, "w") as f:
        f.write(ps)
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite", "-o", out] + args + [src],
                   check=True, env=ENV)
    os.remove(src)


def raw_pdf(path, w, h, content, resources, extra_page=""):
    """A small hand-written PDF (for what Ghostscript will not write from PostScript)."""
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] %s /Resources %s /Contents 4 0 R >>" % (w, h, extra_page, resources),
        "<< /Length %d >>\nstream\n%s\nendstream" % (len(content) + 0, content),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offs = []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += ("%d 0 obj\n%s\nendobj\n" % (i + 1, o)).encode("latin-1")
    x = len(out)
    out += ("xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)).encode()
    for o in offs:
        out += ("%010d 00000 n \n" % o).encode()
    out += ("trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)).encode()
    with open(path, "wb") as f:
        f.write(out)


TRIMS = {"a4": (210, 297), "16k": (185, 260), "dz": (210, 285), "a5": (148, 210)}


def ads(out):
    os.makedirs(out, exist_ok=True)
    def p(n):
        return os.path.join(out, n)
    for name, (w, h) in TRIMS.items():
        gs_pdf(p("ad-x1a-%s.pdf" % name), ad_ps("Longjing Tea %s" % name.upper(), "West Lake Hangzhou since 1915", w, h), CMYK_ARGS)
    gs_pdf(p("ad-a4.pdf"), ad_ps("Silk Road Travel", "Book before March", 210, 297, bleed=0), CMYK_ARGS)
    gs_pdf(p("ad-rgb.pdf"), ad_ps("Green Valley Bank", "Savings for every family", 185, 260,
                                  bg="0.2 0.7 0.3 setrgbcolor"), ["-dPDFSETTINGS=/prepress"])
    gs_pdf(p("ad-multi.pdf"), ad_ps("Agency Pack page", "Three ads in one file", 210, 285, pages=3), CMYK_ARGS)
    gs_pdf(p("ad-nofont.pdf"), ad_ps("Unembedded Fonts Ltd", "Helvetica not embedded", 210, 285),
           ["-dEmbedAllFonts=false", "-sProcessColorModel=DeviceCMYK", "-sColorConversionStrategy=CMYK"])
    subprocess.run(["qpdf", "--object-streams=generate", "--force-version=1.7", p("ad-x1a-dz.pdf"), p("ad-objstm.pdf")], check=True)
    subprocess.run(["qpdf", "--static-id", "--encrypt", "user", "owner", "256", "--", p("ad-x1a-dz.pdf"), p("ad-encrypted.pdf")], check=True)
    subprocess.run(["qpdf", "--static-id", "--encrypt", "", "owner", "256", "--modify=none", "--", p("ad-x1a-dz.pdf"), p("ad-owner.pdf")], check=True)
    # CropBox and TrimBox inside a larger MediaBox (a page with printer's marks around it)
    W, H = mm(210 + 40), mm(285 + 40)
    crop = "[/CropBox [%.2f %.2f %.2f %.2f] /TrimBox [%.2f %.2f %.2f %.2f] /BleedBox [%.2f %.2f %.2f %.2f] /PAGE pdfmark" % (
        mm(17), mm(17), W - mm(17), H - mm(17), mm(20), mm(20), W - mm(20), H - mm(20), mm(17), mm(17), W - mm(17), H - mm(17))
    ps = ("%%!PS\n<< /PageSize [%.2f %.2f] >> setpagedevice\n%s\n0.8 0.2 0 0 setcmykcolor %.2f %.2f %.2f %.2f rectfill\n"
          "0 0 0 1 setcmykcolor 0.3 setlinewidth %.2f 0 moveto %.2f %.2f lineto stroke\n"
          "/Helvetica-Bold findfont 30 scalefont setfont %.2f %.2f moveto (Cropped Harbour Hotel) show showpage\n") % (
        W, H, crop, mm(17), mm(17), W - mm(34), H - mm(34), mm(20), mm(20), mm(10), mm(60), H / 2)
    gs_pdf(p("ad-crop.pdf"), ps, CMYK_ARGS)
    # a landscape-drawn page turned upright with /Rotate 90, as some layout programs export
    W, H = mm(291), mm(216)
    ps = ("%%!PS\n<< /PageSize [%.2f %.2f] >> setpagedevice\n[/TrimBox [%.2f %.2f %.2f %.2f] /PAGE pdfmark\n"
          "0 0.3 0.9 0 setcmykcolor 0 0 %.2f %.2f rectfill 0 0 0 1 setcmykcolor\n"
          "/Helvetica-Bold findfont 40 scalefont setfont 60 300 moveto (Rotated Rice Wine) show showpage\n") % (
        W, H, mm(3), mm(3), W - mm(3), H - mm(3), W, H)
    gs_pdf(p("ad-land.pdf"), ps, CMYK_ARGS)
    subprocess.run(["qpdf", "--rotate=+90:1", p("ad-land.pdf"), p("ad-rot90.pdf")], check=True)
    # transparency: a 50 % fill over the text (fonts embedded by Ghostscript afterwards)
    raw_pdf(p("ad-transp-src.pdf"), mm(216), mm(291),
            "0 0 0 1 k BT /F1 36 Tf 60 500 Td (Glass House Cafe) Tj ET /G1 gs 0.9 0.1 0 0 k 40 400 400 200 re f",
            "<< /Font << /F1 5 0 R >> /ExtGState << /G1 << /Type /ExtGState /ca 0.5 /CA 0.5 >> >> >>",
            "/TrimBox [8.5 8.5 603.78 816.38]")
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite", "-o", p("ad-transp.pdf")] + CMYK_ARGS +
                   [p("ad-transp-src.pdf")], check=True, env=ENV)
    os.remove(p("ad-transp-src.pdf"))
    # LibreOffice: RGB, TrueType subsets, CJK text
    if shutil.which("soffice"):
        html = p("ad-lo.html")
        with open(html, "w", encoding="utf-8") as f:
            f.write("<html><body style='background:#d8f0e0'><h1 style='color:#c03020'>西湖龙井 Longjing LibreOffice</h1>"
                    "<p>明前新茶，现已上市。Spring tea is here.</p></body></html>")
        subprocess.run(["soffice", "--headless", "--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export", "--outdir", out, html],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
        os.remove(html)


# ----------------------------------------------------------------------------------- articles
def paragraphs():
    d = os.path.join(ROOT, "sample", "files", "articles")
    out = []
    for n in sorted(os.listdir(d)):
        if not n.endswith(".md") and not n.endswith(".txt"):
            continue
        for para in open(os.path.join(d, n), encoding="utf-8").read().split("\n\n"):
            para = para.strip()
            if len(para) > 60 and not para.startswith(("+", "#", "!", "|", "-", ">", "[", "*", "1")) and "\n" not in para and "[^" not in para:
                out.append(para)
    return out


PARAS = None


def article(path, title, figs, nparas, start):
    global PARAS
    if PARAS is None:
        PARAS = paragraphs()
    body = ['+++\ntitle = "%s"\nbyline = "本刊记者 测试"\n+++\n' % title]
    per = max(1, nparas // (len(figs) + 1))
    k = start
    for i in range(nparas):
        body.append(PARAS[k % len(PARAS)])
        k += 1
        if (i + 1) % per == 0 and figs:
            f, attrs = figs.pop(0)
            body.append("![图%d %s](%s)%s" % (i, os.path.basename(f), f, attrs))
    for f, attrs in figs:
        body.append("![图 %s](%s)%s" % (os.path.basename(f), f, attrs))
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n\n".join(body) + "\n")


def plan(dirname, trim, inner, pages, printkeys=""):
    os.makedirs(os.path.join(dirname, "articles"), exist_ok=True)
    s = ['[issue]\ntitle = "验收测试"\nnumber = "2026年第%s期"\ndate = 2026-01-05\n' % os.path.basename(dirname),
         '[paper]\ntrim = "%s"\ninner_pages = %d\n' % (trim, inner)]
    for slots, section, content in pages:
        s.append('[[page]]\nslots = "%s"\nsection = "%s"\ncontent = [%s]\n' % (
            slots, section, ", ".join('"%s"' % c for c in content)))
    if printkeys:
        s.append("[print]\n" + printkeys)
    with open(os.path.join(dirname, "plan.toml"), "w", encoding="utf-8") as f:
        f.write("\n".join(s))


def issues(out):
    M = "../media/"
    A = "../ads/"
    AM = "../../media/"
    # 16 pages, 210×285: every kind of photo and TIFF, and ads
    d = os.path.join(out, "i16-dz")
    os.makedirs(os.path.join(d, "articles"), exist_ok=True)
    article(os.path.join(d, "articles", "a.md"), "手机照片", [(AM + "p12-srgb-o6.jpg", ""), (AM + "p24-p3-o8.jpg", "{width=page}"),
            (AM + "p33-adobe-o3.jpg", ""), (AM + "p16-plain.jpg", "")], 14, 0)
    article(os.path.join(d, "articles", "b.md"), "印刷厂的TIFF", [(AM + "t-cmyk-lzw.tif", ""), (AM + "t-cmyk-zip.tif", ""),
            (AM + "t-cmyk-packbits.tif", ""), (AM + "t-cmyk-none.tif", ""), (AM + "t-rgb-lzw.tif", ""), (AM + "t-grey-zip.tif", "")], 14, 20)
    article(os.path.join(d, "articles", "c.md"), "各种图片", [(AM + "cmyk-ok.jpg", ""), (AM + "grey.jpg", ""), (AM + "rgb16.png", ""),
            (AM + "alpha.png", ""), (AM + "palette.png", ""), (AM + "t-rgb-icc.tif", "")], 14, 40)
    plan(d, "210x285mm", 12, [
        ("封面", "", [M + "p24-p3-o8.jpg"]),
        ("封二", "", [A + "ad-x1a-dz.pdf"]),
        ("01-04", "照片", ["articles/a.md"]),
        ("05-08", "TIFF", ["articles/b.md"]),
        ("09-10", "图片", ["articles/c.md"]),
        ("11", "", [A + "ad-multi.pdf#2"]),
        ("12", "", [A + "ad-objstm.pdf"]),
        ("封三", "", [A + "ad-multi.pdf#3"]),
        ("封底", "", [M + "cmyk-ok.jpg"]),
    ])
    # 16 pages, 185×260 (16开): an A4 ad, an RGB ad, the harder TIFFs, an over-limit CMYK photo
    d = os.path.join(out, "i16-16k")
    os.makedirs(os.path.join(d, "articles"), exist_ok=True)
    article(os.path.join(d, "articles", "a.md"), "更多TIFF", [(AM + "t-cmyk-tiled.tif", ""), (AM + "t-cmyk-be.tif", ""),
            (AM + "t-rgb-tiled.tif", ""), (AM + "t-rgb16.tif", ""), (AM + "t-rgba.tif", ""), (AM + "t-multi.tif", ""),
            (AM + "t-rgb-planar.tif", ""), (AM + "t-cmyk-planar.tif", ""), (AM + "t-rgb16-zip.tif", ""),
            (AM + "t-rgb-jpeg.tif", ""), (AM + "t-cmyk-jpeg.tif", "")], 20, 60)
    article(os.path.join(d, "articles", "b.md"), "更多照片", [(AM + "cmyk-400.jpg", ""), (AM + "t-cmyk16.tif", ""),
            (AM + "t-cmyka.tif", ""), (AM + "p12-srgb-o6.jpg", "")], 12, 80)
    plan(d, "185x260mm", 12, [
        ("封面", "", [M + "p33-adobe-o3.jpg"]),
        ("封二", "", [A + "ad-a4.pdf"]),
        ("01-05", "TIFF", ["articles/a.md"]),
        ("06-09", "照片", ["articles/b.md"]),
        ("10", "", [A + "ad-rgb.pdf"]),
        ("11", "", [A + "ad-x1a-16k.pdf"]),
        ("12", "", [A + "ad-crop.pdf"]),
        ("封三", "", [A + "ad-rot90.pdf"]),
        ("封底", "", [M + "cmyk-400.jpg"]),
    ])
    # 16 pages, A4 and A5
    for name, trim, ad in (("i16-a4", "210x297mm", "ad-x1a-a4.pdf"), ("i16-a5", "148x210mm", "ad-x1a-a5.pdf")):
        d = os.path.join(out, name)
        os.makedirs(os.path.join(d, "articles"), exist_ok=True)
        article(os.path.join(d, "articles", "a.md"), "照片与广告", [(AM + "p16-plain.jpg", ""), (AM + "t-cmyk-lzw.tif", ""),
                (AM + "p12-srgb-o6.jpg", ""), (AM + "grey.jpg", ""), (AM + "ad-lo.pdf".replace("media", "ads"), "")], 20, 100)
        with open(os.path.join(d, "articles", "a.md"), encoding="utf-8") as f:
            t = f.read().replace(AM + "ad-lo.pdf", "../../ads/ad-lo.pdf")
        with open(os.path.join(d, "articles", "a.md"), "w", encoding="utf-8") as f:
            f.write(t)
        plan(d, trim, 12, [
            ("封面", "", [M + "p12-srgb-o6.jpg"]),
            ("封二", "", [A + ad]),
            ("01-10", "综合", ["articles/a.md"]),
            ("11", "", [A + "ad-owner.pdf"]),
            ("12", "", [A + (ad if name == "i16-a4" else "ad-transp.pdf")]),  # transparency: PDF/X-4
            ("封三", "", [A + "ad-lo.pdf"]),
            ("封底", "", [M + "p16-plain.jpg"]),
        ])
    # 68 pages, 210×285: 40 photos of 12–33 MP in picture articles
    d = os.path.join(out, "i68-dz")
    os.makedirs(os.path.join(d, "articles"), exist_ok=True)
    photos = ["p12-srgb-o6.jpg", "p24-p3-o8.jpg", "p33-adobe-o3.jpg", "p16-plain.jpg"]
    pages = [("封面", "", [M + "p33-adobe-o3.jpg"]), ("封二", "", [A + "ad-x1a-dz.pdf"])]
    for i in range(8):
        figs = [(AM + photos[(i + j) % 4], "") for j in range(5)]
        article(os.path.join(d, "articles", "p%d.md" % i), "图片报道%d" % (i + 1), figs, 30, 7 * i)
        pages.append(("%02d-%02d" % (8 * i + 1, 8 * i + 8), "报道%d" % (i + 1), ["articles/p%d.md" % i]))
    pages += [("封三", "", [A + "ad-multi.pdf#1"]), ("封底", "", [A + "ad-objstm.pdf"])]
    plan(d, "210x285mm", 64, pages)
    # must fail: each at the line that places it, with no PDF written
    for name, content in (("bad-nofont", A + "ad-nofont.pdf"), ("bad-encrypted", A + "ad-encrypted.pdf"),
                          ("bad-page", A + "ad-multi.pdf#9"), ("bad-transp", A + "ad-transp.pdf")):
        d = os.path.join(out, name)
        # transparency is an error only for a condition paiban has no profile for
        keys = 'condition = "CGATS TR 001"\n' if name == "bad-transp" else ""
        plan(d, "210x285mm", 4, [("封面", "", [M + "grey.jpg"]), ("01", "", [content])], keys)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    media(os.path.join(out, "media"))
    ads(os.path.join(out, "ads"))
    issues(out)


if __name__ == "__main__":
    main()
