#!/usr/bin/python3
"""Draw the sample issue's images (sample/files/images/) procedurally.

    /usr/bin/python3 scripts/mkimages.py            # write every image
    /usr/bin/python3 scripts/mkimages.py cover gongyi   # only these (names without extension)
    /usr/bin/python3 scripts/mkimages.py --preview DIR [names...]   # small RGB PNGs for a quick look
                                              # (MKIMAGES_SCALE=0.5 for larger ones; default 0.3)

Needs only Pillow (Debian python3-pil, 9.4 or later).  The output is deterministic: every scene
draws from its own random.Random seeded with a fixed number, so rerunning gives identical files.

Print rules the images follow (see sample/files/plan.toml):
  * CMYK JPEG, quality 82, 300 ppi, except fig-xinli.jpg and fig-sudi.jpg (grayscale) and fig-logo.png (grayscale PNG);
    nothing is RGB.  RGB art is separated with grey-component replacement and a total ink limit of
    280 % (a naive conversion puts up to 300 % on dark tones and no black at all); see to_cmyk.
  * Full pages (210x285 mm trim + 3 mm bleed = 216x291 mm) are 2552x3437 px; the opening image
    2552x1680 (216 x 142 mm); column figures 1000x750 (fig-weigushi-3 2100x1575 across the type area,
    fig-liangdian 2600x1950 across the page to the bleed, fig-sudi 1400x1050 across two of three columns);
    picture-page images 2100x1575 or 2100x2800 (picture pages may set them across the type area):
    all at least 300 ppi where placed.
  * No text in the art (the typesetter sets all text); the cover keeps its top third calm for the masthead.
  * Smooth, noise-free shapes and gradients keep the whole set small (about 8 MB).

Everything is drawn in RGB at twice the final size and reduced by averaging (anti-aliasing),
then separated to CMYK.
"""

import math
import os
import random
import sys

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageMath, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "sample", "files", "images"))

SS = 2  # supersampling factor

FULL = (2552, 3437)  # 216 x 291 mm at 300 ppi
FIG = (1000, 750)
LAND = (2100, 1575)  # picture pages: 300 ppi across the whole type area (177 mm), where the layout may set them
PORT = (2100, 2800)
OPEN = (2552, 1680)  # an opening image across the top of a page to the bleed: 216 x 142 mm at 300 ppi
WIDEFIG = (2100, 1575)  # a figure across the type area (width=page): 177 mm at 300 ppi
BLEEDFIG = (2600, 1950)  # a figure across the page to the bleed (width=bleed): 219 mm at 300 ppi
SPANFIG = (1400, 1050)  # a figure across two of three columns (width=2col): 116 mm at 300 ppi


# ----------------------------------------------------------------------------------------------
# colour helpers

def C(s):
    """'#rrggbb' -> (r, g, b)."""
    s = s.lstrip("#")
    return tuple(int(s[i:i + 2], 16) for i in (0, 2, 4))


def mix(a, b, t):
    t = max(0.0, min(1.0, t))
    return tuple(int(round(a[i] + (b[i] - a[i]) * t)) for i in range(3))


def shade(c, f):
    """f < 0 darkens towards black, f > 0 lightens towards white."""
    return mix(c, (0, 0, 0), -f) if f < 0 else mix(c, (255, 255, 255), f)


def at(stops, t):
    """Colour at t in a list of (t, colour) stops."""
    if t <= stops[0][0]:
        return stops[0][1]
    for (t0, c0), (t1, c1) in zip(stops, stops[1:]):
        if t <= t1:
            return mix(c0, c1, (t - t0) / (t1 - t0) if t1 > t0 else 1.0)
    return stops[-1][1]


def smooth(t):
    t = max(0.0, min(1.0, t))
    return t * t * (3 - 2 * t)


# ----------------------------------------------------------------------------------------------
# the canvas: normalised coordinates (0..1 across, 0..1 down), drawn at SS times the final size

class Art:
    def __init__(self, size, bg=(255, 255, 255), ss=SS):
        self.size = size
        self.W, self.H = size[0] * ss, size[1] * ss
        self.img = Image.new("RGB", (self.W, self.H), bg)
        self.draw = ImageDraw.Draw(self.img)
        self.aspect = self.W / self.H  # >1 landscape
        self.ss = ss

    # coordinates ---------------------------------------------------------------------------
    def P(self, pts):
        return [(x * self.W, y * self.H) for x, y in pts]

    def ux(self, v):
        """A length given as a fraction of the shorter side, in x units."""
        return v * min(self.W, self.H) / self.W

    def uy(self, v):
        return v * min(self.W, self.H) / self.H

    def px(self, v):
        """A length given as a fraction of the shorter side, in pixels."""
        return v * min(self.W, self.H)

    # masks ---------------------------------------------------------------------------------
    def _box(self, pp, pad=1):
        xs = [p[0] for p in pp]
        ys = [p[1] for p in pp]
        x0 = max(0, int(math.floor(min(xs))) - pad)
        y0 = max(0, int(math.floor(min(ys))) - pad)
        x1 = min(self.W, int(math.ceil(max(xs))) + pad + 1)
        y1 = min(self.H, int(math.ceil(max(ys))) + pad + 1)
        if x1 <= x0 or y1 <= y0:
            return None
        return x0, y0, x1, y1

    def _paste(self, fill, box, mask):
        x0, y0, x1, y1 = box
        if isinstance(fill, Image.Image):
            self.img.paste(fill, (x0, y0), mask)
        else:
            self.img.paste(fill, (x0, y0, x1, y1), mask)

    def vgrad_img(self, box, stops, gy0, gy1):
        """An image for box holding a vertical gradient running from canvas y gy0 to gy1 (normalised)."""
        x0, y0, x1, y1 = box
        h = y1 - y0
        a, b = gy0 * self.H, gy1 * self.H
        col = [at(stops, (y0 + i + 0.5 - a) / (b - a) if b != a else 0) for i in range(h)]
        strip = Image.new("RGB", (1, h))
        strip.putdata(col)
        return strip.resize((x1 - x0, h), Image.NEAREST)

    def hgrad_img(self, box, stops, gx0, gx1):
        x0, y0, x1, y1 = box
        w = x1 - x0
        a, b = gx0 * self.W, gx1 * self.W
        col = [at(stops, (x0 + i + 0.5 - a) / (b - a) if b != a else 0) for i in range(w)]
        strip = Image.new("RGB", (w, 1))
        strip.putdata(col)
        return strip.resize((w, y1 - y0), Image.NEAREST)

    # shapes --------------------------------------------------------------------------------
    def poly(self, pts, fill, alpha=1.0, grad=None, hgrad=None, blur=0):
        """Fill a polygon (normalised points) with a colour, or a vertical gradient
        grad=(stops, y0, y1), or a horizontal one hgrad=(stops, x0, x1); optional alpha and soft edge."""
        pp = self.P(pts)
        pad = int(blur * 3) + 1
        box = self._box(pp, pad)
        if box is None:
            return
        x0, y0, x1, y1 = box
        m = Image.new("L", (x1 - x0, y1 - y0), 0)
        ImageDraw.Draw(m).polygon([(x - x0, y - y0) for x, y in pp], fill=int(round(255 * alpha)))
        if blur:
            m = m.filter(ImageFilter.GaussianBlur(blur))
        if grad:
            fill = self.vgrad_img(box, *grad)
        elif hgrad:
            fill = self.hgrad_img(box, *hgrad)
        self._paste(fill, box, m)

    def rect(self, x0, y0, x1, y1, fill, alpha=1.0, grad=None, hgrad=None):
        self.poly([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], fill, alpha, grad, hgrad)

    def solid_rect(self, x0, y0, x1, y1, fill):
        self.draw.rectangle([x0 * self.W, y0 * self.H, x1 * self.W - 1, y1 * self.H - 1], fill=fill)

    def ellipse(self, cx, cy, rx, ry, fill, alpha=1.0, blur=0, grad=None):
        """Ellipse with radii in normalised x / y units."""
        n = 96
        pts = [(cx + rx * math.cos(2 * math.pi * i / n), cy + ry * math.sin(2 * math.pi * i / n)) for i in range(n)]
        self.poly(pts, fill, alpha, grad=grad, blur=blur)

    def circle(self, cx, cy, r, fill, alpha=1.0, blur=0, grad=None):
        """Circle with radius r as a fraction of the shorter side."""
        self.ellipse(cx, cy, self.ux(r), self.uy(r), fill, alpha, blur, grad)

    def glow(self, cx, cy, r, color, strength=1.0, squash=1.0):
        """A soft radial light: opacity falls from strength at the centre to 0 at radius r (shorter-side units)."""
        R = self.px(r)
        box = self._box([(cx * self.W - R, cy * self.H - R * squash), (cx * self.W + R, cy * self.H + R * squash)])
        if box is None:
            return
        x0, y0, x1, y1 = box
        g = Image.radial_gradient("L")  # 256x256, 0 at centre .. 255 at the corners (radius 128 -> 128)
        g = g.point(lambda v: int(255 * strength * (1 - smooth(min(1.0, v / 128.0))) ** 1.6))
        full = g.resize((max(1, int(2 * R)), max(1, int(2 * R * squash))), Image.BILINEAR)
        ox = int(cx * self.W - R) - x0
        oy = int(cy * self.H - R * squash) - y0
        m = Image.new("L", (x1 - x0, y1 - y0), 0)
        m.paste(full, (ox, oy))
        self._paste(color, box, m)

    def veil(self, y0, y1, color, a0, a1, x0=0.0, x1=1.0):
        """A horizontal band whose opacity runs from a0 at y0 to a1 at y1 (haze, mist, shadow)."""
        box = self._box(self.P([(x0, y0), (x1, y1)]), 0)
        if box is None:
            return
        bx0, by0, bx1, by1 = box
        h = by1 - by0
        vals = []
        for i in range(h):
            t = (by0 + i + 0.5 - y0 * self.H) / ((y1 - y0) * self.H)
            vals.append(int(round(255 * (a0 + (a1 - a0) * smooth(t)))))
        strip = Image.new("L", (1, h))
        strip.putdata(vals)
        self._paste(color, box, strip.resize((bx1 - bx0, h), Image.NEAREST))

    def mist(self, y, thick, color=(255, 255, 255), alpha=0.7, x0=-0.1, x1=1.1, rng=None, wav=0.01):
        """A soft wavy band of mist centred on y."""
        rng = rng or random.Random(1)
        top = ridge(rng, y - thick / 2, wav, x0=x0, x1=x1)
        bot = ridge(rng, y + thick / 2, wav, x0=x0, x1=x1)
        self.poly(top + bot[::-1], color, alpha, blur=self.px(thick) * 0.45)

    def line(self, pts, fill, width):
        """A polyline; width as a fraction of the shorter side."""
        self.draw.line(self.P(pts), fill=fill, width=max(1, int(round(self.px(width)))), joint="curve")

    def finish(self):
        if self.ss == 1:
            return self.img
        # exact SSxSS averaging, then a barely visible softening (0.45 px = 0.04 mm at 300 ppi) that keeps
        # the JPEGs small
        return self.img.resize(self.size, Image.BOX).filter(ImageFilter.GaussianBlur(0.45))


# ----------------------------------------------------------------------------------------------
# generators of shapes

def ridge(rng, base, amp, freqs=(1, 2, 3, 5, 8, 13), rough=0.55, x0=-0.02, x1=1.02, n=240, peaks=()):
    """A ridge line: points (x, y) from x0 to x1 around height base, wobbling by about amp.
    peaks: (cx, height, width) Gaussian bumps (height > 0 goes up)."""
    comps = [(amp * rough ** i, f, rng.uniform(0, 2 * math.pi)) for i, f in enumerate(freqs)]
    pts = []
    for i in range(n + 1):
        x = x0 + (x1 - x0) * i / n
        y = base - sum(a * math.sin(2 * math.pi * f * x + p) for a, f, p in comps)
        for cx, hgt, w in peaks:
            y -= hgt * math.exp(-((x - cx) / w) ** 2)
        pts.append((x, y))
    return pts


def under(line, bottom=1.05):
    """Close a ridge line down to the bottom of the picture."""
    return line + [(line[-1][0], bottom), (line[0][0], bottom)]


def curve_y(line, x):
    """Height of a ridge line at x (linear interpolation)."""
    for (xa, ya), (xb, yb) in zip(line, line[1:]):
        if xa <= x <= xb:
            return ya + (yb - ya) * ((x - xa) / (xb - xa) if xb > xa else 0)
    return line[-1][1] if x > line[-1][0] else line[0][1]


def sky(a, stops, y0=0.0, y1=1.0):
    a.rect(-0.01, -0.01, 1.01, 1.01, None, grad=(stops, y0, y1))


def mountains(a, rng, layers, top, bottom, near, far, haze=None, amp=0.03, peaks=2, mistc=(255, 255, 255),
              mist=0.5, fill_to=1.05):
    """Layered ranges from far (top) to near (bottom), colours from far to near, mist at each foot."""
    for i in range(layers):
        t = i / max(1, layers - 1)
        base = top + (bottom - top) * t
        col = mix(far, near, t ** 0.9)
        pk = [(rng.uniform(-0.1, 1.1), rng.uniform(0.02, 0.08) * (1 - 0.4 * t), rng.uniform(0.06, 0.2)) for _ in range(peaks)]
        ln = ridge(rng, base, amp * (0.6 + 0.8 * t), peaks=pk)
        a.poly(under(ln, fill_to), col, grad=([(0, col), (1, shade(col, -0.15))], base - 0.05, base + 0.25))
        if mist and i < layers - 1:
            a.mist(base + 0.03 + 0.02 * t, 0.05 + 0.02 * t, mistc, mist * (1 - 0.4 * t), rng=rng)
        if haze:
            haze(a, i, base)


def round_tree(a, rng, x, y, r, dark, light=None, n=7):
    """A rounded broadleaf tree standing at (x, y) with crown radius r (shorter-side units)."""
    light = light or shade(dark, 0.25)
    a.poly([(x - a.ux(r * 0.08), y), (x - a.ux(r * 0.05), y - a.uy(r * 1.1)), (x + a.ux(r * 0.05), y - a.uy(r * 1.1)),
            (x + a.ux(r * 0.08), y)], shade(dark, -0.4))
    cy = y - a.uy(r * 1.5)
    for i in range(n):
        ang = rng.uniform(0, 2 * math.pi)
        d = rng.uniform(0, 0.55) * r
        rr = r * rng.uniform(0.45, 0.7)
        a.circle(x + a.ux(d * math.cos(ang)), cy + a.uy(d * math.sin(ang) * 0.8), rr, dark)
    for i in range(n // 2):
        ang = rng.uniform(-2.4, -0.8)
        d = rng.uniform(0.2, 0.5) * r
        a.circle(x + a.ux(d * math.cos(ang)), cy + a.uy(d * math.sin(ang) * 0.8), r * rng.uniform(0.25, 0.4), light)


def pine(a, x, y, h, col, tiers=4):
    """A conifer silhouette standing at (x, y), height h (shorter-side units)."""
    a.rect(x - a.ux(h * 0.02), y - a.uy(h * 0.25), x + a.ux(h * 0.02), y, shade(col, -0.3))
    for i in range(tiers):
        t = i / tiers
        w = h * (0.32 - 0.22 * t)
        yb = y - a.uy(h * (0.15 + 0.75 * t))
        yt = yb - a.uy(h * 0.35)
        a.poly([(x - a.ux(w), yb), (x, yt), (x + a.ux(w), yb)], col)


def willow(a, rng, x, y, h, lean, trunk, leaf, strands=90, spread=0.5):
    """A weeping willow: a leaning trunk, a soft crown and drooping strands (sizes in shorter-side units)."""
    tx = x + a.ux(lean * h)
    ty = y - a.uy(h)
    a.poly([(x - a.ux(h * 0.05), y), (tx - a.ux(h * 0.02), ty), (tx + a.ux(h * 0.02), ty), (x + a.ux(h * 0.05), y)],
           trunk)
    tips = []
    for k in range(6):
        ang = -math.pi / 2 + rng.uniform(-1.1, 1.1)
        L = h * rng.uniform(0.2, 0.4)
        mx = tx + a.ux(L * 0.5 * math.cos(ang))
        my = ty + a.uy(L * 0.5 * math.sin(ang)) - a.uy(h * 0.03)
        ex = tx + a.ux(L * math.cos(ang))
        ey = ty + a.uy(L * math.sin(ang))
        a.line([(tx, ty + a.uy(h * 0.08)), (mx, my), (ex, ey)], trunk, h * 0.012)
        tips.append((ex, ey))
    dark = shade(leaf, -0.3)
    for ex, ey in tips:
        for j in range(6):
            a.ellipse(ex + a.ux(rng.uniform(-0.12, 0.12) * h), ey + a.uy(rng.uniform(-0.03, 0.12) * h),
                      a.ux(h * rng.uniform(0.05, 0.1)), a.uy(h * rng.uniform(0.04, 0.1)),
                      dark if j < 2 else mix(leaf, shade(leaf, 0.3), rng.random()), 0.75, blur=a.px(h) * 0.012)
    for s in range(strands):
        ex, ey = tips[s % len(tips)]
        sx = ex + a.ux(rng.gauss(0, spread * h * 0.25))
        sy = ey + a.uy(rng.uniform(-0.02, 0.1) * h)
        L = h * rng.uniform(0.3, 0.85)
        sway = rng.uniform(-0.06, 0.06) * h
        pts = []
        for i in range(12):
            t = i / 11
            pts.append((sx + a.ux(sway * t * t), sy + a.uy(L * t)))
        c = mix(leaf, shade(leaf, 0.35 if s % 3 == 0 else -0.25), rng.random() * 0.7)
        a.line(pts, c, h * rng.uniform(0.005, 0.01))


def huizhou_house(a, x, y, w, h, wall=(246, 244, 238), roof=(52, 55, 60), rng=None, windows=True, gables=True):
    """A house with white walls and a black tiled roof (粉墙黛瓦), horse-head gables, standing on y.
    x, w in x units; y, h in y units (normalised)."""
    rng = rng or random.Random(3)
    shadow = shade(wall, -0.1)
    a.rect(x, y - h, x + w, y, wall, hgrad=([(0, shade(wall, -0.06)), (0.2, wall), (0.8, wall), (1, shade(wall, -0.16))], x, x + w))
    if gables:
        a.rect(x, y - h * 0.53, x + w, y - h * 0.45, shadow, 0.6)
    a.rect(x, y - h * 0.12, x + w, y, shade(wall, -0.25), 0.35)
    # roof band just below the top of the wall
    rh = h * 0.16
    if gables:
        a.poly([(x - w * 0.04, y - h * 0.55), (x + w * 1.04, y - h * 0.55), (x + w, y - h * 0.55 - rh), (x, y - h * 0.55 - rh)],
               roof)
        a.rect(x - w * 0.04, y - h * 0.55, x + w * 1.04, y - h * 0.53, shade(roof, -0.3))
        # stepped horse-head walls at both ends
        steps = 2 if w < 0.12 else 3
        for side in (0, 1):
            for s in range(steps):
                sw = w * 0.16
                sx = x + (s * sw * 0.6 if side == 0 else w - sw - s * sw * 0.6)
                top = y - h - h * 0.12 * (steps - s - 1) * 0.9 - h * 0.05
                a.rect(sx, top, sx + sw, y - h * 0.6, wall)
                a.poly([(sx - sw * 0.15, top), (sx + sw * 1.15, top), (sx + sw * 1.05, top - h * 0.06),
                        (sx - sw * 0.05, top - h * 0.06)], roof)
    else:
        a.poly([(x - w * 0.05, y - h), (x + w * 1.05, y - h), (x + w * 0.9, y - h * 1.25), (x + w * 0.1, y - h * 1.25)],
               roof)
    if windows:
        n = max(1, int(w / 0.05))
        for i in range(n):
            wx = x + w * (i + 0.5) / n
            ww = w * 0.18 / n * 2
            a.rect(wx - ww / 2, y - h * 0.9, wx + ww / 2, y - h * 0.72, shade(roof, 0.15))
        dx = x + w * rng.uniform(0.3, 0.6)
        a.rect(dx, y - h * 0.38, dx + w * 0.12, y, shade(roof, 0.05))


def lantern(a, x, y, r, body=(204, 40, 36), cap=(212, 168, 70), glow=True, string=0.08):
    """A round red lantern hanging at (x, y) (centre), radius r in shorter-side units."""
    if string:
        a.line([(x, y - a.uy(r) - a.uy(string)), (x, y - a.uy(r))], (40, 30, 30), r * 0.06)
    if glow:
        a.glow(x, y, r * 3.2, (255, 170, 90), 0.45)
    a.ellipse(x, y, a.ux(r * 1.1), a.uy(r * 0.9), body,
              grad=([(0, shade(body, 0.25)), (0.5, body), (1, shade(body, -0.35))], y - a.uy(r), y + a.uy(r)))
    for k in (-0.55, 0, 0.55):
        a.ellipse(x + a.ux(r * k), y, a.ux(r * 0.05 + r * 0.45 * (1 - abs(k))), a.uy(r * 0.88), shade(body, -0.15), 0.5)
    a.rect(x - a.ux(r * 0.45), y - a.uy(r * 1.02), x + a.ux(r * 0.45), y - a.uy(r * 0.8), cap)
    a.rect(x - a.ux(r * 0.45), y + a.uy(r * 0.8), x + a.ux(r * 0.45), y + a.uy(r * 1.02), cap)
    a.poly([(x - a.ux(r * 0.12), y + a.uy(r * 1.02)), (x + a.ux(r * 0.12), y + a.uy(r * 1.02)),
            (x + a.ux(r * 0.2), y + a.uy(r * 1.7)), (x - a.ux(r * 0.2), y + a.uy(r * 1.7))], body)


def boat(a, x, y, w, hull=(48, 40, 36), awning=(38, 38, 42), awnings=True):
    """A small wooden boat (乌篷船) floating at (x, y), length w (x units)."""
    h = w * a.aspect * 0.16
    a.poly([(x - w / 2, y - h * 0.5), (x + w / 2, y - h * 0.65), (x + w * 0.38, y), (x - w * 0.4, y)], hull)
    if awnings:
        for cx, cw in ((-0.05, 0.22), (0.17, 0.16)):
            x0 = x + w * cx - w * cw / 2
            x1 = x + w * cx + w * cw / 2
            pts = [(x0, y - h * 0.5)]
            for i in range(13):
                t = i / 12
                pts.append((x0 + (x1 - x0) * t, y - h * 0.5 - h * 0.75 * math.sin(math.pi * t)))
            pts.append((x1, y - h * 0.5))
            a.poly(pts, awning)


def reflect(a, horizon, depth, water, strength=0.55, blur=4, ripples=None, rng=None):
    """Mirror the picture above the horizon into the water below it, tinted with the water colour."""
    H = a.H
    hy = int(horizon * H)
    d = int(depth * H)
    d = min(d, hy, H - hy)
    if d <= 0:
        return
    src = a.img.crop((0, hy - d, a.W, hy)).transpose(Image.FLIP_TOP_BOTTOM)
    if blur:
        src = src.filter(ImageFilter.GaussianBlur(blur * a.ss))
    tint = Image.new("RGB", src.size, water)
    src = Image.blend(tint, src, strength)
    # fade the reflection out with depth
    fade = Image.linear_gradient("L").resize(src.size, Image.BILINEAR).point(lambda v: 255 - int(v * 0.85))
    a.img.paste(src, (0, hy), fade)
    if ripples:
        rng = rng or random.Random(7)
        for i in range(ripples):
            t = rng.random() ** 1.6
            y = horizon + (1 - horizon) * t
            x = rng.uniform(-0.1, 1.0)
            L = rng.uniform(0.03, 0.16) * (0.4 + t)
            c = shade(water, 0.35 if i % 2 else -0.15)
            a.line([(x, y), (x + L, y)], c, 0.0015 + 0.002 * t)


def person(a, x, y, h, col, hat=None, basket=None):
    """A simple standing figure seen from behind, feet at (x, y), height h (shorter-side units)."""
    w = h * 0.28
    # legs / trousers
    a.poly([(x - a.ux(w * 0.35), y), (x - a.ux(w * 0.3), y - a.uy(h * 0.45)), (x + a.ux(w * 0.3), y - a.uy(h * 0.45)),
            (x + a.ux(w * 0.35), y)], shade(col, -0.45))
    # body
    a.poly([(x - a.ux(w * 0.5), y - a.uy(h * 0.42)), (x - a.ux(w * 0.42), y - a.uy(h * 0.78)),
            (x + a.ux(w * 0.42), y - a.uy(h * 0.78)), (x + a.ux(w * 0.5), y - a.uy(h * 0.42))], col)
    a.circle(x, y - a.uy(h * 0.86), h * 0.09, (70, 50, 40))
    if basket:
        a.poly([(x - a.ux(w * 0.4), y - a.uy(h * 0.48)), (x - a.ux(w * 0.45), y - a.uy(h * 0.75)),
                (x + a.ux(w * 0.45), y - a.uy(h * 0.75)), (x + a.ux(w * 0.4), y - a.uy(h * 0.48))], basket)
    if hat:
        a.ellipse(x, y - a.uy(h * 0.9), a.ux(h * 0.22), a.uy(h * 0.04), hat)
        a.poly([(x - a.ux(h * 0.12), y - a.uy(h * 0.91)), (x, y - a.uy(h * 1.02)), (x + a.ux(h * 0.12), y - a.uy(h * 0.91))],
               hat)


def birds(a, rng, n, x0, x1, y0, y1, col, size=0.012):
    for i in range(n):
        x = rng.uniform(x0, x1)
        y = rng.uniform(y0, y1)
        s = size * rng.uniform(0.6, 1.2)
        a.line([(x - a.ux(s), y - a.uy(s * 0.4)), (x - a.ux(s * 0.4), y - a.uy(s * 0.1)), (x, y + a.uy(s * 0.2)),
                (x + a.ux(s * 0.4), y - a.uy(s * 0.15)), (x + a.ux(s), y - a.uy(s * 0.5))], col, s * 0.18)


def terraces(a, rng, cx, top, bottom, k, rows, dark, light, path, x0=-0.05, x1=1.05, power=1.5, wob=0.012,
             warm=None, trees=0, tree_col=None):
    """Rows of tea bushes wrapping round a hill whose crest is at (cx, top); the rows widen towards
    the bottom (perspective).  warm: the highlight colour on the sunny (right) side."""
    phases = [rng.uniform(0, 6.3) for _ in range(4)]
    n = 160
    lines = []
    for i in range(rows + 1):
        s = (i / rows) ** power
        d = [rng.uniform(-0.3, 0.3) for _ in range(2)]
        pts = []
        for j in range(n + 1):
            x = x0 + (x1 - x0) * j / n
            w = (math.sin(2.1 * math.pi * x + phases[0] + d[0]) + 0.5 * math.sin(4.3 * math.pi * x + phases[1] + d[1])
                 + 0.25 * math.sin(9.1 * math.pi * x + phases[2]))
            y = top + (bottom - top) * s + k * (x - cx) ** 2 * (1 + 2.0 * s) + wob * w * (0.2 + s)
            pts.append((x, y))
        lines.append(pts)
    warm = warm or light
    for i in range(rows):
        A, B = lines[i], lines[i + 1]
        thick = (curve_y(B, cx) - curve_y(A, cx))
        a.poly(A + B[::-1], dark)
        # sunlit top of the hedge
        hl = [(x, y - thick * 0.55) for x, y in B[::-1]]
        hl2 = [(x, y + thick * 0.04) for x, y in A]
        a.poly(hl2 + hl, light, 0.85, hgrad=([(0, light), (1, warm)], 0.0, 1.0),
               blur=a.px(thick) * 0.25 * a.H / min(a.W, a.H))
        # the path between rows
        pth = [(x, y - thick * 0.1) for x, y in B]
        a.poly(pth + [(x, y + thick * 0.02) for x, y in B[::-1]], path, 0.8, blur=1.5 * a.ss)
    if trees:
        for t in range(trees):
            x = rng.uniform(0.05, 0.95)
            y = curve_y(lines[0], x)
            if y < 1.0:
                round_tree(a, rng, x, y + 0.002, rng.uniform(0.018, 0.03), tree_col or shade(dark, -0.25))
    return lines


# ----------------------------------------------------------------------------------------------
# scenes

def s_tea(a, rng, horizon=0.44, figures=True):
    """Tea terraces at dawn; calm sky above the horizon (the cover keeps its top third for the masthead)."""
    sky(a, [(0, C("#aebfd4")), (0.45, C("#d5d6da")), (0.8, C("#f1d6b8")), (1, C("#f7c596"))], 0, horizon + 0.02)
    a.glow(0.84, horizon - 0.01, 0.75, C("#ffe2b8"), 0.75, squash=0.6)
    a.glow(0.84, horizon - 0.065, 0.12, C("#fff6e8"), 0.8)
    a.circle(0.84, horizon - 0.065, 0.03, C("#fff4e2"))
    mountains(a, rng, 4, horizon - 0.035, horizon + 0.05, C("#6f8a92"), C("#bcc1cf"), amp=0.012, peaks=3,
              mistc=C("#f6e6d4"), mist=0.55)
    a.mist(horizon + 0.07, 0.06, C("#f8ecde"), 0.8, rng=rng)
    # the hill behind on the left
    terraces(a, rng, 0.12, horizon + 0.06, horizon + 0.28, 0.55, 9, C("#3e6b4a"), C("#8fb07a"), C("#55624a"),
             x0=-0.05, x1=0.55, warm=C("#b7bf83"), trees=4)
    a.mist(horizon + 0.2, 0.09, C("#f5eadc"), 0.55, rng=rng)
    # the main hill
    lines = terraces(a, rng, 0.62, horizon + 0.12, 1.12, 0.45, 19, C("#24532f"), C("#7fab5a"), C("#3f3d2c"),
                     x0=0.0 - 0.3, x1=1.3, warm=C("#d6cf7c"), trees=3)
    # warm morning light from the right
    a.glow(0.95, horizon + 0.2, 0.8, C("#ffd9a0"), 0.28, squash=0.8)
    if figures:
        for x, row, col in ((0.36, 6, C("#b23a3a")), (0.47, 7, C("#3e5fa0"))):
            y = curve_y(lines[row], x) + (curve_y(lines[row + 1], x) - curve_y(lines[row], x)) * 0.5
            person(a, x, y, 0.045, col, hat=C("#d9c08a"), basket=C("#9b7a4a"))
    birds(a, rng, 5, 0.15, 0.45, horizon - 0.16, horizon - 0.08, C("#6c6f7c"), 0.012)


def pagoda(a, x, y, h, col):
    """A pagoda silhouette standing at (x, y), height h (shorter-side units)."""
    tiers = 5
    for i in range(tiers):
        t = i / tiers
        w = h * (0.16 - 0.07 * t)
        yb = y - a.uy(h * 0.8 * t)
        yt = yb - a.uy(h * 0.8 / tiers)
        a.rect(x - a.ux(w * 0.8), yt, x + a.ux(w * 0.8), yb, col)
        a.poly([(x - a.ux(w * 1.35), yt + a.uy(h * 0.035)), (x + a.ux(w * 1.35), yt + a.uy(h * 0.035)),
                (x + a.ux(w * 0.9), yt - a.uy(h * 0.01)), (x - a.ux(w * 0.9), yt - a.uy(h * 0.01))], col)
    top = y - a.uy(h * 0.8)
    a.poly([(x - a.ux(h * 0.015), top), (x, top - a.uy(h * 0.2)), (x + a.ux(h * 0.015), top)], col)


def arch_bridge(a, x0, x1, base, deck, ax, ar, col, alpha=1.0, mirror=False, grad=None, rail=None):
    """A stone bridge from x0 to x1 standing on the water line base, deck rising to deck (normalised y) at
    its middle, with one round arch centred on ax of radius ar (x units).  mirror draws the reflection."""
    def Y(y):
        return 2 * base - y if mirror else y
    n = 40
    top = []
    for i in range(n + 1):
        t = i / n
        x = x0 + (x1 - x0) * t
        top.append((x, Y(base - (base - deck) * (0.35 + 0.65 * math.sin(math.pi * t) ** 0.7))))
    pts = top[:]
    pts.append((x1, Y(base)))
    ry = ar * a.aspect * 0.95
    arch = []
    for i in range(n + 1):
        ang = math.pi * i / n  # right foot -> over the top -> left foot
        arch.append((ax + ar * math.cos(ang), Y(base - ry * math.sin(ang))))
    pts += arch
    pts.append((x0, Y(base)))
    a.poly(pts, col, alpha, grad=grad)
    if rail:
        a.line([(x, y + (a.uy(0.006) if mirror else -a.uy(0.006))) for x, y in top], rail, 0.004)


def clouds(a, rng, n, y0, y1, col, alpha=0.6, size=0.1):
    for i in range(n):
        cx = rng.uniform(-0.05, 1.05)
        cy = rng.uniform(y0, y1)
        w = size * rng.uniform(0.7, 1.6)
        for k in range(5):
            a.ellipse(cx + a.ux(w * rng.uniform(-0.6, 0.6)), cy + a.uy(w * rng.uniform(-0.08, 0.05)),
                      a.ux(w * rng.uniform(0.35, 0.6)), a.uy(w * rng.uniform(0.1, 0.2)), col, alpha * 0.6,
                      blur=a.px(w) * 0.12)


def water(a, y0, stops):
    a.rect(-0.01, y0, 1.01, 1.01, None, grad=(stops, y0, 1.0))


def s_lake(a, rng, evening=False):
    """West Lake: hills with a pagoda, an arched bridge, willows, lotus leaves."""
    hz = 0.5 if a.aspect < 1 else 0.52
    if evening:
        sk = [(0, C("#5a6a9a")), (0.5, C("#d99a8a")), (1, C("#f3c28a"))]
        wt = [(0, C("#d8a78a")), (0.4, C("#8d8aa0")), (1, C("#4a5878"))]
        hill_far, hill_near = C("#a88fa0"), C("#5d5f78")
    else:
        sk = [(0, C("#9fc0da")), (0.7, C("#dfe8ea")), (1, C("#eef0e6"))]
        wt = [(0, C("#c9d9d6")), (0.4, C("#8fb2b4")), (1, C("#4f7f86"))]
        hill_far, hill_near = C("#b5c7c4"), C("#6c8c7c")
    sky(a, sk, 0, hz)
    if evening:
        a.glow(0.25, hz - 0.05, 0.5, C("#ffd49a"), 0.7, squash=0.6)
        a.circle(0.25, hz - 0.06, 0.035, C("#fff0d0"))
    else:
        clouds(a, rng, 5, 0.05, hz - 0.2, (255, 255, 255), 0.7, 0.18)
    mountains(a, rng, 3, hz - 0.07, hz - 0.025, hill_near, hill_far, amp=0.012, peaks=2,
              mistc=sk[-1][1], mist=0.4, fill_to=hz + 0.002)
    pagoda(a, 0.72, curve_y(ridge(random.Random(5), hz - 0.05, 0), 0.72) + 0.002, 0.09, shade(hill_near, -0.35))
    water(a, hz, wt)
    reflect(a, hz, 0.18, wt[1][1], strength=0.45, blur=3)
    a.mist(hz + 0.005, 0.012, sk[-1][1], 0.5, rng=rng)
    # bridge and its reflection
    base = hz + 0.09
    bc = C("#5d5650") if evening else C("#9a9182")
    arch_bridge(a, 0.2, 1.1, base, base - 0.06, 0.62, 0.065, bc, 0.45, mirror=True)
    arch_bridge(a, 0.2, 1.1, base, base - 0.06, 0.62, 0.065, bc, rail=shade(bc, -0.4),
                grad=([(0, shade(bc, 0.15)), (1, shade(bc, -0.25))], base - 0.05, base))
    for i in range(18):
        x = rng.uniform(0.0, 1.0)
        y = rng.uniform(hz + 0.1, 0.98)
        a.line([(x, y), (x + rng.uniform(0.04, 0.15), y)], shade(wt[1][1], 0.3), 0.002)
    # a rowing boat
    boat(a, 0.56, hz + 0.2, 0.13, awnings=True, hull=C("#3c3330"), awning=C("#2f3036"))
    # lotus leaves in the front right
    for i in range(14):
        x = rng.uniform(0.55, 1.05)
        y = rng.uniform(0.84, 1.0)
        r = rng.uniform(0.035, 0.07) * (0.6 + (y - 0.8) * 3)
        g = C("#3f7a4a") if i % 3 else C("#5d9550")
        a.ellipse(x, y, a.ux(r), a.uy(r * 0.35), g, grad=([(0, shade(g, 0.2)), (1, shade(g, -0.25))], y - a.uy(r * 0.35), y + a.uy(r * 0.35)))
    for x, y in ((0.75, 0.86), (0.88, 0.9)):
        a.line([(x, y + 0.02), (x, y - 0.05)], C("#496b3a"), 0.004)
        a.ellipse(x, y - 0.06, a.ux(0.02), a.uy(0.028), C("#e9a3b0"))
        a.ellipse(x, y - 0.065, a.ux(0.012), a.uy(0.02), C("#f6cbd2"))
    # the bank and willows on the left
    bank = ridge(rng, 0.93, 0.01, x0=-0.05, x1=0.45)
    bank = [(x, y + (x - 0.0) ** 2 * 0.6) for x, y in bank]
    a.poly(bank + [(0.45, 1.05), (-0.05, 1.05)], C("#36563a"))
    willow(a, rng, 0.12, 1.01, 0.58, 0.08, C("#3d3128"), C("#6f9a4a") if not evening else C("#5d7a45"), strands=55, spread=0.7)
    willow(a, rng, 0.32, 1.02, 0.42, -0.05, C("#3d3128"), C("#84aa55") if not evening else C("#6b8248"), strands=35)


def s_mistmtn(a, rng):
    """Misty mountains in layers, ink-wash colours, pines on the near ridge."""
    sky(a, [(0, C("#cfd8d9")), (0.6, C("#eef0ea")), (1, C("#f4efe2"))], 0, 0.6)
    a.circle(0.72, 0.16, 0.06, C("#f7e9d2"))
    a.glow(0.72, 0.16, 0.25, C("#fbf1e0"), 0.6)
    layers = 7
    for i in range(layers):
        t = i / (layers - 1)
        base = 0.3 + 0.62 * t ** 1.2
        col = mix(C("#b7c6c6"), C("#23403f"), t ** 0.8)
        pk = [(rng.uniform(0, 1), rng.uniform(0.04, 0.12) * (1 - 0.5 * t), rng.uniform(0.05, 0.14)) for _ in range(3)]
        ln = ridge(rng, base, 0.02 + 0.015 * t, peaks=pk)
        a.poly(under(ln), col, grad=([(0, col), (1, shade(col, 0.25))], base - 0.08, base + 0.2))
        if i < layers - 1:
            a.mist(base + 0.06, 0.09, C("#f3f2ec"), 0.75, rng=rng, wav=0.02)
        if i >= layers - 2:
            for k in range(9 if i == layers - 1 else 6):
                x = rng.uniform(0, 1)
                pine(a, x, curve_y(ln, x) + 0.01, rng.uniform(0.05, 0.1) * (1.4 if i == layers - 1 else 0.8),
                     shade(col, -0.3))
    birds(a, rng, 4, 0.2, 0.45, 0.2, 0.28, C("#555566"), 0.014)


def tower_list(rng, n, x0, x1, hmin, hmax):
    out = []
    x = x0
    while x < x1:
        w = rng.uniform(0.035, 0.085)
        h = rng.uniform(hmin, hmax) * (1.5 if rng.random() < 0.15 else 1.0)
        out.append((x, w, h, rng.choice(["flat", "step", "spire", "slant", "flat"])))
        x += w * rng.uniform(0.7, 1.05)
    return out


def skyline(a, rng, base, towers, body, win, lit=0.5, wincol2=None, glass=None):
    for x, w, h, kind in towers:
        top = base - h
        pts = [(x, base), (x, top), (x + w, top), (x + w, base)]
        if kind == "slant":
            pts = [(x, base), (x, top), (x + w, top + h * 0.12), (x + w, base)]
        a.poly(pts, body, grad=([(0, shade(body, 0.12)), (1, shade(body, -0.1))], top, base) if glass is None else
               ([(0, glass), (1, body)], top, base))
        if kind == "step":
            a.rect(x + w * 0.2, top - h * 0.1, x + w * 0.8, top + 0.001, body)
        if kind == "spire":
            a.poly([(x + w * 0.45, top), (x + w * 0.5, top - h * 0.25), (x + w * 0.55, top)], body)
        if win is None:
            continue
        cols = max(2, int(w / a.ux(0.016)))
        rows = max(2, int(h / a.uy(0.024)))
        cw = w / cols
        rh = h / rows
        for r in range(1, rows):
            c = 0
            while c < cols:
                run = min(cols - c, rng.randint(1, 4))
                if rng.random() < lit:
                    # a lit stretch of one floor: a run of windows seen as one band of light
                    wy = top + r * rh + rh * 0.2
                    colw = win if rng.random() < 0.8 or wincol2 is None else wincol2
                    a.solid_rect(x + c * cw + cw * 0.2, wy, x + (c + run) * cw - cw * 0.2, wy + rh * 0.45, colw)
                c += run


def s_city(a, rng, night=True):
    """A riverside skyline: night (lit windows, moon) or dusk."""
    hz = 0.6 if a.aspect < 1 else 0.62
    if night:
        sky(a, [(0, C("#07112b")), (0.55, C("#1d2656")), (0.85, C("#4a3a6e")), (1, C("#8a5a7a"))], 0, hz)
        for i in range(60):
            x, y = rng.uniform(0, 1), rng.uniform(0, hz * 0.6)
            a.circle(x, y, rng.uniform(0.0008, 0.0018), C("#e8ecff"), rng.uniform(0.4, 0.9))
        a.glow(0.78, 0.14, 0.16, C("#d8dcff"), 0.35)
        a.circle(0.78, 0.14, 0.035, C("#f4f1e2"))
        far, near, win, w2 = C("#2e3466"), C("#121731"), C("#ffd98a"), C("#cfe6ff")
        wt = [(0, C("#2a2850")), (1, C("#060b1c"))]
    else:
        sky(a, [(0, C("#6d8fc4")), (0.6, C("#e7b8a6")), (1, C("#f5cf9c"))], 0, hz)
        a.glow(0.3, hz - 0.04, 0.45, C("#ffe0a8"), 0.6, squash=0.5)
        clouds(a, rng, 4, 0.08, 0.3, C("#f6d8c8"), 0.7, 0.2)
        far, near, win, w2 = C("#9a8fb0"), C("#3d4466"), C("#ffe3a0"), None
        wt = [(0, C("#d9b0a0")), (1, C("#3a4a6a"))]
    skyline(a, rng, hz, tower_list(rng, 0, -0.02, 1.02, 0.08, 0.2), far, shade(far, 0.2) if night else None, 0.3)
    tw = tower_list(rng, 0, -0.03, 1.03, 0.1, 0.32)
    # a round landmark (a sphere on a podium) in the middle
    skyline(a, rng, hz, tw[: len(tw) // 2 - 1], near, win, 0.45 if night else 0.12, w2)
    a.circle(0.5, hz - 0.06, 0.07, C("#c9a45a") if night else C("#e0b870"),
             grad=([(0, C("#f4d58a")), (1, C("#8a6a34"))], hz - 0.06 - 0.06, hz))
    a.rect(0.43, hz - 0.03, 0.57, hz, near)
    skyline(a, rng, hz, tw[len(tw) // 2 + 2:], near, win, 0.45 if night else 0.12, w2)
    water(a, hz, wt)
    reflect(a, hz, 0.3, wt[0][1], strength=0.55, blur=2)
    # light streaks on the water
    for i in range(45 if night else 25):
        x = rng.uniform(0, 1)
        y = rng.uniform(hz + 0.01, 0.9)
        c = win if rng.random() < 0.7 else C("#ffffff")
        a.line([(x, y), (x + rng.uniform(0.01, 0.05), y)], c if night else shade(wt[0][1], 0.4), 0.002)
    # a bridge with lights across the river
    by = hz + 0.06
    pts = [(x / 40, by - 0.012 * math.sin(math.pi * x / 40)) for x in range(41)]
    a.poly(pts + [(1, by + 0.012), (0, by + 0.012)], C("#0c0f22") if night else C("#3a3f58"))
    for i in range(6):
        x = 0.08 + i * 0.17
        a.rect(x, by, x + 0.015, by + 0.06, C("#0c0f22") if night else C("#3a3f58"))
    if night:
        for i in range(40):
            x = i / 40 + 0.012
            a.circle(x, curve_y(pts, x) - 0.004, 0.0025, C("#ffe6a0"))
    # the near bank
    bank = ridge(rng, 0.94, 0.01)
    a.poly(under(bank), C("#05081a") if night else C("#2a3a32"))
    for i in range(10):
        x = rng.uniform(0, 1)
        round_tree(a, rng, x, curve_y(bank, x) + 0.01, rng.uniform(0.025, 0.045), C("#070b1e") if night else C("#26402f"))


def s_village(a, rng, hillside=False, dusk=False):
    """A village of white walls and black roofs (粉墙黛瓦) by a pond, hills behind."""
    hz = 0.42 if not hillside else 0.3
    if dusk:
        sky(a, [(0, C("#7b8fb8")), (0.7, C("#f0c4a0")), (1, C("#f6d8b0"))], 0, hz + 0.1)
    else:
        sky(a, [(0, C("#a9c6dd")), (1, C("#eef2ec"))], 0, hz + 0.1)
        clouds(a, rng, 4, 0.05, hz - 0.15, (255, 255, 255), 0.6, 0.18)
    mountains(a, rng, 3, hz - 0.05, hz + 0.05, C("#5f7f62"), C("#a8bbb4"), amp=0.02, peaks=2,
              mistc=C("#eef1ea"), mist=0.5)
    ground = C("#6f8f58")
    a.rect(-0.01, hz + 0.08, 1.01, 1.01, ground, grad=([(0, C("#7e9a62")), (1, C("#4e7040"))], hz + 0.08, 1.0))
    # houses from the back to the front
    wall = C("#f3f1ea") if not dusk else C("#efe3d2")
    roof = C("#3a3d44")
    if hillside:
        rows, ys, hs = 3, (hz + 0.24, hz + 0.44, hz + 0.68), (0.1, 0.13, 0.17)
    else:
        rows, ys, hs = 2, (hz + 0.17, hz + 0.3), (0.1, 0.15)
    for r in range(rows):
        yb, hh = ys[r], hs[r]
        x = rng.uniform(-0.12, -0.02)
        while x < 1.0:
            w = rng.uniform(1.1, 2.0) * hh
            yy = yb + rng.uniform(-0.015, 0.015)
            huizhou_house(a, x, yy, w, hh * rng.uniform(0.85, 1.15), mix(wall, C("#d8d4cc"), rng.random() * 0.4), roof, rng)
            if dusk:
                a.glow(x + w * 0.5, yy - hh * 0.8, 0.03, C("#ffc870"), 0.45)
            x += w + rng.uniform(0.01, 0.06)
            if rng.random() < 0.3:
                round_tree(a, rng, x - 0.02, yy - hh * 0.3, hh * 0.5, C("#355a34"))
    if not hillside:
        pond = ys[-1] + 0.005
        water(a, pond, [(0, C("#b9cccc")), (1, C("#6f9296"))])
        reflect(a, pond, 0.3, C("#8fb0b0"), strength=0.6, blur=2, ripples=24, rng=rng)
        bank = ridge(rng, 0.97, 0.008)
        a.poly(under(bank), C("#4a6a3c"))
        round_tree(a, rng, 0.1, 1.0, 0.2, C("#2f5230"), C("#5b8a45"), n=10)
    else:
        round_tree(a, rng, 0.92, 1.02, 0.2, C("#2f5230"), C("#5b8a45"), n=10)


def s_solar(a, rng):
    """A rural road winding through green hills past solar panels."""
    hz = 0.4
    sky(a, [(0, C("#6fa6d6")), (1, C("#d9ecf2"))], 0, hz)
    clouds(a, rng, 6, 0.05, 0.28, (255, 255, 255), 0.85, 0.16)
    mountains(a, rng, 3, hz - 0.04, hz + 0.04, C("#4f7f4a"), C("#9db9b0"), amp=0.02, peaks=2, mistc=C("#e6f0ee"), mist=0.4)
    fld = ridge(rng, hz + 0.08, 0.01)
    a.poly(under(fld), C("#7daa4f"), grad=([(0, C("#93b85c")), (1, C("#5f8f3c"))], hz + 0.05, 1.0))
    # field strips
    for i in range(10):
        y = hz + 0.1 + 0.6 * (i / 10) ** 1.5
        a.poly(under(ridge(rng, y, 0.006), y + 0.012 + 0.02 * i / 10), C("#a3c468") if i % 2 else C("#6f9d47"), 0.5)
    # the road: a ribbon narrowing to the distance
    pts_l, pts_r = [], []
    for i in range(41):
        t = i / 40
        y = 1.02 - (1.02 - hz - 0.085) * (1 - (1 - t) ** 1.4)
        cx = 0.55 + 0.22 * math.sin(2.6 * t + 0.3) * (1 - t) - 0.1 * t
        w = 0.16 * (1 - t) ** 1.3 + 0.004
        pts_l.append((cx - w, y))
        pts_r.append((cx + w, y))
    a.poly(pts_l + pts_r[::-1], C("#6b6b6e"), grad=([(0, C("#9a9aa0")), (1, C("#56565c"))], hz, 1.0))
    mid = [((l[0] + r[0]) / 2, l[1]) for l, r in zip(pts_l, pts_r)]
    for i in range(0, 38, 3):
        a.line(mid[i:i + 2], C("#f2f2ea"), 0.006 * (1 - i / 40) + 0.001)
    # solar arrays on the right slope
    for r in range(5):
        for c in range(7):
            t = r / 5
            y = hz + 0.14 + r * 0.055 + 0.01 * c
            x = 0.6 + c * 0.055 + r * 0.03
            w = 0.045 + 0.01 * t
            hgt = 0.03 + 0.006 * t
            panel = [(x, y), (x + w, y - 0.008), (x + w + 0.012, y + hgt - 0.008), (x + 0.012, y + hgt)]
            a.poly(panel, C("#1e3a6e"), grad=([(0, C("#4f74b0")), (1, C("#1a2f5c"))], y - 0.01, y + hgt))
            a.line([(x + w * 0.5, y - 0.004), (x + w * 0.5 + 0.012, y + hgt - 0.004)], C("#7f9ccc"), 0.0015)
            a.line([(x + 0.006, y + hgt / 2), (x + w + 0.006, y + hgt / 2 - 0.008)], C("#7f9ccc"), 0.0015)
    # a few houses with panels on the roof on the left
    for i, x in enumerate((0.04, 0.2)):
        huizhou_house(a, x, hz + 0.2 + 0.02 * i, 0.13, 0.08, C("#f4f2ea"), C("#43464c"), rng, gables=False)
        a.poly([(x + 0.02, hz + 0.2 + 0.02 * i - 0.09), (x + 0.1, hz + 0.2 + 0.02 * i - 0.09),
                (x + 0.09, hz + 0.2 + 0.02 * i - 0.1), (x + 0.03, hz + 0.2 + 0.02 * i - 0.1)], C("#2a4a86"))
    # street lights with small panels along the road
    for i in range(5):
        t = 0.1 + i * 0.16
        j = int(t * 40)
        x, y = pts_r[j]
        hgt = 0.15 * (1 - t) ** 1.2 + 0.02
        x += 0.02 * (1 - t)
        a.line([(x, y), (x, y - hgt)], C("#4a4a50"), 0.004 * (1 - t) + 0.001)
        a.poly([(x - 0.02 * (1 - t) - 0.004, y - hgt), (x + 0.02 * (1 - t) + 0.004, y - hgt - 0.01 * (1 - t)),
                (x + 0.02 * (1 - t) + 0.004, y - hgt - 0.02 * (1 - t) - 0.003), (x - 0.02 * (1 - t) - 0.004, y - hgt - 0.012 * (1 - t))],
               C("#25427a"))
    round_tree(a, rng, 0.93, 1.0, 0.14, C("#2f5a2c"), C("#5f9040"), n=10)


def s_watertown(a, rng, dusk=False):
    """A river town: a row of houses along a canal, a stone bridge, a covered boat, reflections."""
    hz = 0.58
    if dusk:
        sky(a, [(0, C("#556a9c")), (0.7, C("#e9a98c")), (1, C("#f4cf9e"))], 0, hz)
    else:
        sky(a, [(0, C("#b8cfe0")), (1, C("#f0efe6"))], 0, hz)
    mountains(a, rng, 2, 0.3, 0.34, C("#93a89e"), C("#c3ccc8"), amp=0.01, peaks=2, mistc=C("#eef0ea"), mist=0.4,
              fill_to=hz)
    x = -0.05
    while x < 1.05:
        w = rng.uniform(0.12, 0.2)
        hgt = rng.uniform(0.18, 0.28)
        huizhou_house(a, x, hz, w, hgt, C("#f1eee6") if not dusk else C("#eadccb"), C("#3b3c42"), rng)
        # wooden shop fronts at the water
        a.rect(x + w * 0.08, hz - hgt * 0.3, x + w * 0.92, hz, C("#6e4a34"))
        for k in range(4):
            xx = x + w * (0.1 + 0.2 * k)
            a.rect(xx, hz - hgt * 0.28, xx + w * 0.16, hz - hgt * 0.05, C("#8a6446") if not dusk else C("#f3c070"))
        if rng.random() < 0.7:
            lantern(a, x + w * 0.5, hz - hgt * 0.36, 0.014, glow=dusk, string=0.02)
        x += w
    water(a, hz, [(0, C("#8ea8a6")), (1, C("#3f5f66"))] if not dusk else [(0, C("#b89088")), (1, C("#384860"))])
    reflect(a, hz, 0.4, C("#6f8f90") if not dusk else C("#7a6a78"), strength=0.55, blur=2, ripples=30, rng=rng)
    base = hz + 0.02
    bc = C("#8d867a")
    arch_bridge(a, -0.05, 0.4, base, base - 0.19, 0.17, 0.1, bc, 0.5, mirror=True)
    arch_bridge(a, -0.05, 0.4, base, base - 0.19, 0.17, 0.1, bc, rail=shade(bc, -0.4),
                grad=([(0, shade(bc, 0.1)), (1, shade(bc, -0.3))], base - 0.2, base))
    boat(a, 0.66, 0.8, 0.3, hull=C("#3a2e28"), awning=C("#25262b"))
    person(a, 0.8, 0.75, 0.12, C("#3c4a6a"), hat=C("#2d2d30"))


def s_library(a, rng):
    """A reading room in one-point perspective: shelves on both sides, a tall window, long tables."""
    vx, vy = 0.5, 0.45
    a.rect(-0.01, -0.01, 1.01, 1.01, C("#d9c9a8"))
    # back wall with a tall window
    bx0, by0, bx1, by1 = 0.3, 0.2, 0.7, 0.62
    a.rect(bx0, by0, bx1, by1, C("#e8dcc0"))
    a.rect(0.4, 0.26, 0.6, 0.56, None, grad=([(0, C("#cfe3ef")), (1, C("#f7f3e0"))], 0.26, 0.56))
    a.line([(0.5, 0.26), (0.5, 0.56)], C("#8a6a4a"), 0.006)
    a.line([(0.4, 0.41), (0.6, 0.41)], C("#8a6a4a"), 0.006)
    a.glow(0.5, 0.45, 0.6, C("#fff3d6"), 0.5)
    # ceiling and floor
    a.poly([(0, 0), (1, 0), (bx1, by0), (bx0, by0)], C("#b79a74"), grad=([(0, C("#9c7e5c")), (1, C("#c7ab84"))], 0, by0))
    a.poly([(0, 1), (1, 1), (bx1, by1), (bx0, by1)], C("#a0764e"), grad=([(0, C("#b08a62")), (1, C("#7a5636"))], by1, 1))
    for i in range(12):
        t = i / 11
        a.line([(bx0 + (bx1 - bx0) * t, by1), (-0.6 + 2.2 * t, 1.0)], C("#8e6844"), 0.002)
    book_cols = [C(c) for c in ("#8c3b35", "#2f5a7a", "#c49a4a", "#4a6e4a", "#6a4a7a", "#d8cfb8", "#3a3a48", "#b5683a")]
    for side in (0, 1):
        # side wall of shelves between the near edge (x=0 / 1) and the back wall
        nx = 0.0 if side == 0 else 1.0
        fx = bx0 if side == 0 else bx1
        a.poly([(nx, 0), (fx, by0), (fx, by1), (nx, 1)], C("#6e4a30"))
        shelves = 6
        for k in range(shelves):
            # each shelf is a band between two lines converging to the vanishing point
            f0, f1 = k / shelves, (k + 1) / shelves
            n = 18
            for j in range(n):
                u0 = 1 - (1 - j / n) ** 0.6
                u1 = 1 - (1 - (j + 1) / n) ** 0.6
                xa = nx + (fx - nx) * u0
                xb = nx + (fx - nx) * u1
                ta = 0 + (by0 - 0) * u0
                ba = 1 + (by1 - 1) * u0
                tb = 0 + (by0 - 0) * u1
                bb = 1 + (by1 - 1) * u1
                ya0 = ta + (ba - ta) * (f0 + 0.12 / shelves)
                ya1 = ta + (ba - ta) * f1
                yb0 = tb + (bb - tb) * (f0 + 0.12 / shelves)
                yb1 = tb + (bb - tb) * f1
                c = book_cols[rng.randrange(len(book_cols))]
                top = rng.uniform(0.0, 0.25)
                a.draw.polygon(a.P([(xa, ya0 + (ya1 - ya0) * top), (xb, yb0 + (yb1 - yb0) * top), (xb, yb1), (xa, ya1)]),
                               fill=shade(c, -0.1 * (1 - u0)))
            # the shelf board
            a.poly([(nx, (k + 1) / shelves), (fx, by0 + (by1 - by0) * (k + 1) / shelves),
                    (fx, by0 + (by1 - by0) * (k + 1) / shelves + 0.004), (nx, (k + 1) / shelves + 0.02)], C("#4e3220"))
    # tables with lamps
    for i, (y, w) in enumerate(((0.66, 0.14), (0.75, 0.22), (0.88, 0.34))):
        d = 0.025 + 0.015 * i
        a.poly([(0.5 - w, y), (0.5 + w, y), (0.5 + w * 1.12, y + d), (0.5 - w * 1.12, y + d)], C("#9a6a40"),
               grad=([(0, C("#b0804e")), (1, C("#8a5c36"))], y, y + d))
        a.rect(0.5 - w * 1.12, y + d, 0.5 + w * 1.12, y + d + 0.008 + 0.004 * i, C("#5a361e"))
        for s_ in (-1, 1):
            lx = 0.5 + s_ * w * 1.05
            a.rect(lx - 0.004 - 0.002 * i, y + d, lx + 0.004 + 0.002 * i, y + d + 0.05 + 0.03 * i, C("#4a2c18"))
        for s_ in (-1, 1):
            lx = 0.5 + s_ * w * 0.55
            ly = y + d * 0.45
            a.glow(lx, ly - 0.02, 0.07 + 0.03 * i, C("#ffd98a"), 0.5)
            a.line([(lx, ly), (lx, ly - 0.03 - 0.01 * i)], C("#3c4a3a"), 0.003)
            a.ellipse(lx, ly - 0.035 - 0.01 * i, a.ux(0.018 + 0.006 * i), a.uy(0.009 + 0.004 * i), C("#2f6a4a"),
                      grad=([(0, C("#4f8a6a")), (1, C("#1f4a32"))], ly - 0.05 - 0.01 * i, ly - 0.03))
            a.ellipse(lx, ly - 0.026 - 0.008 * i, a.ux(0.016 + 0.005 * i), a.uy(0.003), C("#ffe8b0"))


def s_rice(a, rng, golden=False):
    """Rice fields in perspective with a farmhouse and hills."""
    hz = 0.4
    sky(a, [(0, C("#7fb0de")), (1, C("#e8f0ea"))] if not golden else [(0, C("#8fb4d8")), (1, C("#f4e6c8"))], 0, hz)
    clouds(a, rng, 5, 0.05, 0.25, (255, 255, 255), 0.8, 0.18)
    mountains(a, rng, 2, hz - 0.03, hz + 0.01, C("#5f7f66"), C("#a9bdb8"), amp=0.015, peaks=2, mistc=C("#eef2ee"),
              mist=0.4)
    g1, g2 = (C("#9cc44a"), C("#5f9a38")) if not golden else (C("#e5c25a"), C("#b8922e"))
    a.rect(-0.01, hz + 0.02, 1.01, 1.01, g1, grad=([(0, shade(g1, 0.2)), (1, g2)], hz, 1.0))
    # tree line and farmhouses on the horizon
    for i in range(14):
        x = rng.uniform(0, 1)
        round_tree(a, rng, x, hz + 0.03, rng.uniform(0.015, 0.03), C("#3f6a3a"))
    huizhou_house(a, 0.62, hz + 0.035, 0.08, 0.03, C("#f2f0e8"), C("#44464c"), rng, gables=False)
    # paddies between wavy bunds; rice rows converging to a point on the horizon in the nearer ones
    vx = 0.45
    bunds = []
    for k in range(9):
        y = hz + 0.03 + (1.05 - hz) * (k / 8) ** 1.7
        tilt = rng.uniform(-0.06, 0.06) * (k / 8)
        ln = [(x, yy + (x - 0.5) * tilt) for x, yy in ridge(rng, y, 0.004 + 0.01 * k / 8, freqs=(1, 2))]
        bunds.append(ln)
    for k in range(8):
        c = mix(g1, g2, rng.uniform(0.05, 0.65))
        y0, y1 = bunds[k][0][1], bunds[k + 1][0][1]
        a.poly(bunds[k] + bunds[k + 1][::-1], c, grad=([(0, shade(c, 0.15)), (1, c)], min(y0, y1) - 0.02, max(y0, y1)))
        if k >= 4:
            rowc = shade(c, -0.12)
            for i in range(-14, 15):
                xa = vx + i * 0.07
                ya = curve_y(bunds[k], xa)
                t0 = (ya - hz) / (1.05 - hz)
                xb = vx + i * 0.07 * 1.4
                a.line([(xa, ya), (xb, curve_y(bunds[k + 1], xb))], rowc, 0.0015 + 0.002 * t0)
    for k in range(1, 9):
        a.line(bunds[k], C("#8d7a4e") if not golden else C("#8d6a3a"), 0.002 + 0.006 * k / 8)
    person(a, 0.3, 0.7, 0.12, C("#b8433a") if golden else C("#3e5f9a"), hat=C("#d8c088"))


def s_lighthouse(a, rng, portrait=False):
    """A lighthouse on a rocky island at dusk, its beam across the sky."""
    hz = 0.62
    sky(a, [(0, C("#2c3f6e")), (0.55, C("#b07a8e")), (0.85, C("#f2a86e")), (1, C("#f8c88a"))], 0, hz)
    a.glow(0.25, hz, 0.5, C("#ffc27a"), 0.7, squash=0.5)
    a.circle(0.25, hz - 0.02, 0.05, C("#ffe2b0"))
    water(a, hz, [(0, C("#e8a678")), (0.3, C("#5a6a8e")), (1, C("#1e2f50"))])
    reflect(a, hz, 0.1, C("#c08a7a"), 0.5, 2)
    for i in range(40):
        x = rng.uniform(0, 1)
        y = hz + (1 - hz) * rng.random() ** 1.5
        a.line([(x, y), (x + rng.uniform(0.02, 0.1), y)], C("#f4b88a") if x < 0.45 and y < hz + 0.15 else C("#7a8ab0"), 0.0025)
    lx = 0.68
    island = ridge(rng, hz + 0.03, 0.01, x0=0.45, x1=1.05, peaks=[(0.7, 0.06, 0.12)])
    a.poly(island + [(1.05, hz + 0.08), (0.45, hz + 0.08)], C("#2a2a36"))
    ty = curve_y(island, lx) + 0.005
    th = 0.3 if portrait else 0.34
    w0, w1 = 0.035 if portrait else 0.028, 0.022 if portrait else 0.018
    top = ty - th
    # the beam
    a.poly([(lx, top - 0.02), (-0.1, top - 0.2), (-0.1, top + 0.08)], C("#fff4d0"), 0.25, blur=a.px(0.01))
    a.glow(lx, top - 0.02, 0.12, C("#fff4d0"), 0.8)
    a.poly([(lx - w0, ty), (lx - w1, top), (lx + w1, top), (lx + w0, ty)], C("#f1ece2"),
           hgrad=([(0, C("#fbf8f0")), (1, C("#b9b0b8"))], lx - w0, lx + w0))
    for k in range(3):
        y0 = ty - th * (0.2 + 0.27 * k)
        y1 = y0 - th * 0.1
        f0 = (ty - y0) / th
        f1 = (ty - y1) / th
        a.poly([(lx - w0 + (w0 - w1) * f0, y0), (lx - w0 + (w0 - w1) * f1, y1), (lx + w0 - (w0 - w1) * f1, y1),
                (lx + w0 - (w0 - w1) * f0, y0)], C("#c23a33"))
    a.rect(lx - w1 * 1.3, top - 0.004, lx + w1 * 1.3, top + 0.002, C("#2d2d33"))
    a.rect(lx - w1 * 0.8, top - 0.035, lx + w1 * 0.8, top - 0.004, C("#ffe9a8"))
    a.poly([(lx - w1, top - 0.035), (lx, top - 0.06), (lx + w1, top - 0.035)], C("#c23a33"))
    # a keeper's house
    huizhou_house(a, 0.78, curve_y(island, 0.82) + 0.01, 0.1, 0.045, C("#ece6dc"), C("#7a2e2a"), rng, gables=False)
    birds(a, rng, 5, 0.3, 0.6, 0.15, 0.3, C("#2a2a40"), 0.014)


def s_lanterns(a, rng):
    """Strings of red lanterns across an old street at dusk, roofs in silhouette."""
    sky(a, [(0, C("#27305a")), (0.6, C("#7a5a86")), (1, C("#e0987a"))], 0, 0.75)
    # eaves on both sides in silhouette with warm windows
    for side in (0, 1):
        for k in range(4):
            y = 0.35 + k * 0.16
            x0 = -0.02 if side == 0 else 0.72 + k * 0.03
            x1 = 0.28 - k * 0.03 if side == 0 else 1.02
            a.poly([(x0, y), (x1, y - 0.02), (x1 + (0.03 if side == 0 else -0.03), y + 0.02), (x0, y + 0.04)], C("#1c1a26"))
            a.rect(x0, y + 0.03, x1, y + 0.17, C("#2a2430"))
            for j in range(3):
                wx = x0 + (x1 - x0) * (0.15 + 0.3 * j)
                a.rect(wx, y + 0.06, wx + (x1 - x0) * 0.15, y + 0.13, C("#f0a858"))
                a.glow(wx + (x1 - x0) * 0.075, y + 0.095, 0.07, C("#ffb870"), 0.3)
    a.rect(-0.01, 0.92, 1.01, 1.01, C("#3a3038"), grad=([(0, C("#4a3a3e")), (1, C("#221c24"))], 0.92, 1))
    # bokeh
    for i in range(14):
        a.circle(rng.uniform(0.2, 0.8), rng.uniform(0.5, 0.9), rng.uniform(0.01, 0.03), C("#ffcf8a"), rng.uniform(0.15, 0.4),
                 blur=a.px(0.004))
    for row, (y, r, n) in enumerate(((0.18, 0.028, 9), (0.32, 0.045, 6), (0.5, 0.075, 4))):
        pts = [(x / 30 * 1.1 - 0.05, y + 0.06 * math.sin(math.pi * x / 30)) for x in range(31)]
        a.line(pts, C("#2a1a1a"), 0.003)
        for j in range(n):
            x = (j + 0.5 + 0.2 * row) / n
            lantern(a, x, curve_y(pts, x) + a.uy(r * 1.4), r, string=r * 0.4)


def s_harbour(a, rng, sunrise=True):
    """A fishing harbour: boats at anchor, hills with houses behind."""
    hz = 0.55
    sky(a, [(0, C("#7f9fcc")), (0.7, C("#f2c7a0")), (1, C("#f8dcb0"))] if sunrise else
        [(0, C("#86b3de")), (1, C("#e8f2f4"))], 0, hz)
    if sunrise:
        a.glow(0.78, hz - 0.08, 0.4, C("#ffd8a0"), 0.7)
        a.circle(0.78, hz - 0.1, 0.035, C("#fff0d0"))
    hill = ridge(rng, hz - 0.05, 0.02, peaks=[(0.15, 0.12, 0.2), (0.5, 0.06, 0.15)])
    a.poly(under(hill, hz + 0.001), C("#5f7f62"), grad=([(0, C("#6f8f6a")), (1, C("#46664c"))], hz - 0.2, hz))
    for i in range(16):
        x = rng.uniform(0.0, 0.65)
        y = curve_y(hill, x) + rng.uniform(0.03, hz - curve_y(hill, x) - 0.01)
        huizhou_house(a, x, y, rng.uniform(0.03, 0.05), 0.025, C("#f2efe6"),
                      rng.choice([C("#3f4248"), C("#8a3a30"), C("#35557a")]), rng, windows=False, gables=False)
    water(a, hz, [(0, C("#e8c0a0") if sunrise else C("#a8c8d8")), (0.4, C("#6f8fa8")), (1, C("#2f4a66"))])
    reflect(a, hz, 0.15, C("#9aa8b8"), 0.5, 2)
    # a jetty
    a.rect(0.0, hz + 0.05, 0.35, hz + 0.065, C("#5a4636"))
    for k in range(8):
        x = 0.02 + k * 0.045
        a.rect(x, hz + 0.065, x + 0.006, hz + 0.1, C("#4a382a"))
    for i, (x, y, w) in enumerate(((0.5, hz + 0.1, 0.22), (0.2, hz + 0.2, 0.3), (0.72, hz + 0.25, 0.36))):
        hull = [C("#2f5a8a"), C("#b8433a"), C("#2a6a5a")][i]
        hh = w * a.aspect * 0.13
        a.poly([(x - w / 2, y - hh), (x + w / 2, y - hh * 1.3), (x + w * 0.4, y), (x - w * 0.42, y)], hull)
        a.rect(x - w / 2, y - hh, x + w / 2, y - hh * 0.85, C("#f0ece2"))
        a.rect(x - w * 0.05, y - hh * 2.3, x + w * 0.22, y - hh, C("#f3f0e8"))
        a.rect(x - w * 0.02, y - hh * 2.0, x + w * 0.05, y - hh * 1.6, C("#3a4a5a"))
        a.line([(x - w * 0.25, y - hh), (x - w * 0.25, y - hh * 4.2)], C("#3a3030"), 0.003)
        a.line([(x - w * 0.25, y - hh * 4.2), (x + w * 0.3, y - hh * 1.2)], C("#3a3030"), 0.0015)
        a.line([(x - w * 0.25, y - hh * 4.2), (x - w * 0.48, y - hh)], C("#3a3030"), 0.0015)
        a.poly([(x - w / 2, y), (x + w * 0.4, y), (x + w * 0.38, y + hh * 0.8), (x - w * 0.4, y + hh * 0.8)], hull, 0.35)
    birds(a, rng, 6, 0.3, 0.7, 0.1, 0.25, C("#404050"), 0.012)


def s_coastvillage(a, rng, evening=False):
    """A new village on a green hillside above the sea."""
    hz = 0.48
    if evening:
        sky(a, [(0, C("#3d4f86")), (0.6, C("#d8889a")), (1, C("#f6b87a"))], 0, hz)
        a.glow(0.82, hz - 0.02, 0.45, C("#ffc680"), 0.8, squash=0.6)
        a.circle(0.82, hz - 0.03, 0.04, C("#ffe6b8"))
        wt = [(0, C("#f0a878")), (0.3, C("#8a7898")), (1, C("#2a3a62"))]
    else:
        sky(a, [(0, C("#5c9bd4")), (1, C("#dff0f4"))], 0, hz)
        clouds(a, rng, 5, 0.05, 0.3, (255, 255, 255), 0.85, 0.18)
        wt = [(0, C("#9fd0dc")), (1, C("#2f7296"))]
    water(a, hz, wt)
    for i in range(3):
        isl = ridge(rng, hz + 0.005, 0.003, x0=0.5 + 0.15 * i, x1=0.62 + 0.15 * i, peaks=[(0.56 + 0.15 * i, 0.03, 0.03)])
        a.poly(isl, C("#7f96a0") if not evening else C("#6a5a7a"))
    reflect(a, hz, 0.05, wt[0][1], 0.5, 2)
    for i in range(40):
        x = rng.uniform(0.3, 1.0)
        y = hz + (1 - hz) * rng.random() ** 1.3
        a.line([(x, y), (x + rng.uniform(0.02, 0.08), y)], shade(wt[-1][1], 0.4) if not evening else C("#f6c090"), 0.002)
    hill = [(x, y + 1.5 * max(0, x - 0.1) ** 1.6) for x, y in ridge(rng, 0.3, 0.02, x0=-0.05, x1=1.1)]
    g1, g2 = (C("#6fa05a"), C("#3d6a3a")) if not evening else (C("#5a6a4a"), C("#2e3a30"))
    a.poly(hill + [(1.1, 1.1), (-0.05, 1.1)], g1, grad=([(0, g1), (1, g2)], 0.25, 1.0))
    # beach along the foot of the slope
    a.poly(hill[-80:] + [(x, y + 0.02) for x, y in hill[-80:][::-1]], C("#e8dcb8") if not evening else C("#b8a08a"), 0.8)
    # terrace lines on the hill
    for k in range(1, 11):
        a.line([(x, y + 0.06 * k) for x, y in hill if y + 0.06 * k < 1.0], shade(g1, 0.2), 0.0025)
    # houses in rows down the slope
    for r in range(6):
        off = 0.1 + r * 0.1
        x = -0.02 + (r % 2) * 0.04
        while True:
            w = rng.uniform(0.06, 0.09)
            y = curve_y(hill, x + w / 2) + off
            if y > 0.97 or x > 0.95:
                break
            huizhou_house(a, x, y, w, 0.045, C("#f4f0e6"),
                          rng.choice([C("#3d4048"), C("#8e3b2e"), C("#3b5a80")]), rng, windows=not evening, gables=False)
            if evening:
                a.glow(x + w / 2, y - 0.02, 0.03, C("#ffd080"), 0.6)
            x += w + rng.uniform(0.05, 0.12)
    # a road along the slope
    road = [(x, y + 0.045) for x, y in hill if x > 0.0]
    a.line(road, C("#a8a49c") if not evening else C("#6a6470"), 0.012)
    for i in range(4):
        round_tree(a, rng, 0.05 + i * 0.08, 1.0, rng.uniform(0.04, 0.06), shade(g2, -0.2))


def s_gongyi(a, rng):
    """Public-service poster: a red sun over green hills, a river ribbon; a wide calm field for the slogan."""
    a.rect(-0.01, -0.01, 1.01, 1.01, C("#f3ede0"))
    a.circle(0.5, 0.3, 0.26, C("#c8372d"), grad=([(0, C("#d8473a")), (1, C("#b02a24"))], 0.12, 0.48))
    greens = [C("#7fb26a"), C("#4f9458"), C("#2f7448")]
    for i, (cx, w, top) in enumerate(((0.28, 0.32, 0.33), (0.72, 0.34, 0.3), (0.5, 0.4, 0.24))):
        pts = []
        for k in range(61):
            t = k / 60
            x = cx - w + 2 * w * t
            y = 0.56 - (0.56 - top) * math.exp(-((t - 0.5) / 0.24) ** 2)
            pts.append((x, y))
        a.poly(pts + [(cx + w, 0.58), (cx - w, 0.58)], greens[i])
    a.rect(-0.01, 0.56, 1.01, 0.6, greens[2])
    river = []
    for k in range(41):
        t = k / 40
        river.append((0.5 + 0.18 * math.sin(t * 5.5) * t, 0.42 + t * 0.18, 0.004 + 0.05 * t * t))
    a.poly([(x - w, y) for x, y, w in river] + [(x + w, y) for x, y, w in river[::-1]], C("#3d8fc4"))
    a.rect(0.14, 0.63, 0.86, 0.632, C("#c8372d"))


def s_logo(a, rng):
    """An emblem for tests: a ring, a wave and a hill (grayscale)."""
    a.rect(-0.01, -0.01, 1.01, 1.01, C("#ffffff"))
    a.circle(0.5, 0.5, 0.44, C("#303030"))
    a.circle(0.5, 0.5, 0.4, C("#ffffff"))
    a.poly([(0.2, 0.62), (0.42, 0.3), (0.56, 0.48), (0.64, 0.4), (0.8, 0.62)], C("#505050"))
    wave = [(0.16 + 0.68 * i / 40, 0.66 + 0.03 * math.sin(i / 40 * 4 * math.pi)) for i in range(41)]
    a.line(wave, C("#808080"), 0.035)


# ----------------------------------------------------------------------------------------------
# people and rooms (for the figures that illustrate the articles' captions)

SKIN = (226, 188, 152)


def stand(a, x, y, h, top, bottom=None, hair=(44, 36, 32), skin=SKIN, arms="down", back=False, hat=None):
    """A standing figure facing us (or with its back to us), feet at (x, y), height h (shorter-side units).
    arms: "down", "up" (raised over the head) or "out" (one hand forward, talking)."""
    bottom = bottom or shade(top, -0.45)
    X = lambda f: x + a.ux(h * f)
    Y = lambda f: y - a.uy(h * f)
    a.poly([(X(-0.11), Y(0)), (X(-0.1), Y(0.47)), (X(-0.005), Y(0.47)), (X(-0.02), Y(0))], bottom)
    a.poly([(X(0.02), Y(0)), (X(0.005), Y(0.47)), (X(0.1), Y(0.47)), (X(0.11), Y(0))], bottom)
    a.poly([(X(-0.12), Y(0.44)), (X(-0.14), Y(0.78)), (X(-0.08), Y(0.83)), (X(0.08), Y(0.83)), (X(0.14), Y(0.78)),
            (X(0.12), Y(0.44))], top, hgrad=([(0, shade(top, -0.12)), (1, shade(top, 0.12))], X(-0.14), X(0.14)))
    for sg in (-1, 1):
        if arms == "up":
            a.poly([(X(sg * 0.1), Y(0.8)), (X(sg * 0.15), Y(1.12)), (X(sg * 0.1), Y(1.14)), (X(sg * 0.05), Y(0.76))], top)
            a.circle(X(sg * 0.125), Y(1.15), h * 0.028, skin)
        elif arms == "out" and sg == 1:
            a.poly([(X(0.12), Y(0.79)), (X(0.26), Y(0.6)), (X(0.24), Y(0.55)), (X(0.11), Y(0.66))], shade(top, -0.08))
            a.circle(X(0.27), Y(0.575), h * 0.028, skin)
        else:
            a.poly([(X(sg * 0.12), Y(0.8)), (X(sg * 0.17), Y(0.5)), (X(sg * 0.13), Y(0.49)), (X(sg * 0.1), Y(0.7))],
                   shade(top, -0.08))
            a.circle(X(sg * 0.155), Y(0.475), h * 0.026, skin)
    a.rect(X(-0.025), Y(0.87), X(0.025), Y(0.82), shade(skin, -0.1))
    a.circle(x, Y(0.925), h * 0.068, hair if back else skin)
    if not back:
        a.ellipse(x, Y(0.955), a.ux(h * 0.07), a.uy(h * 0.045), hair)
    if hat:
        a.ellipse(x, Y(0.975), a.ux(h * 0.16), a.uy(h * 0.028), hat)
        a.poly([(X(-0.09), Y(0.98)), (x, Y(1.06)), (X(0.09), Y(0.98))], hat)


def bust(a, x, y, s, top, hair=(44, 36, 32), skin=SKIN, back=False, lean=0.0):
    """Head and shoulders of someone seated behind a table whose edge is at y; s = height (shorter-side units)."""
    X = lambda f: x + a.ux(s * f)
    Y = lambda f: y - a.uy(s * f)
    a.poly([(X(-0.32), Y(0)), (X(-0.3), Y(0.42)), (X(-0.16), Y(0.52)), (X(0.16), Y(0.52)), (X(0.3), Y(0.42)),
            (X(0.32), Y(0))], top, hgrad=([(0, shade(top, -0.12)), (1, shade(top, 0.12))], X(-0.32), X(0.32)))
    a.rect(X(-0.05 + lean), Y(0.6), X(0.05 + lean), Y(0.5), shade(skin, -0.1))
    a.circle(X(lean), Y(0.72), s * 0.14, hair if back else skin)
    if not back:
        a.ellipse(X(lean), Y(0.79), a.ux(s * 0.145), a.uy(s * 0.085), hair)


def room(a, back, wall, floor, ceiling=None, side=None):
    """A box seen in one-point perspective; back = (x0, y0, x1, y1) of the back wall."""
    x0, y0, x1, y1 = back
    side = side or shade(wall, -0.08)
    ceiling = ceiling or shade(wall, 0.1)
    a.rect(-0.01, -0.01, 1.01, 1.01, side)
    a.poly([(-0.01, -0.01), (1.01, -0.01), (x1, y0), (x0, y0)], ceiling, grad=([(0, shade(ceiling, -0.1)), (1, ceiling)], 0, y0))
    a.poly([(-0.01, 1.01), (1.01, 1.01), (x1, y1), (x0, y1)], floor, grad=([(0, shade(floor, -0.1)), (1, shade(floor, 0.08))], y1, 1))
    a.poly([(-0.01, -0.01), (x0, y0), (x0, y1), (-0.01, 1.01)], side, hgrad=([(0, shade(side, -0.1)), (1, side)], 0, x0))
    a.poly([(1.01, -0.01), (x1, y0), (x1, y1), (1.01, 1.01)], side, hgrad=([(0, side), (1, shade(side, -0.1))], x1, 1))
    a.rect(x0, y0, x1, y1, wall)


def window_view(a, x0, y0, x1, y1, frame, sky_=((0, (200, 225, 240)), (1, (235, 242, 235))), greens=True, rng=None,
                mullions=(2, 1)):
    """A window showing sky and trees outside."""
    rng = rng or random.Random(11)
    a.rect(x0, y0, x1, y1, None, grad=(list(sky_), y0, y1))
    if greens:
        saved = a.img.copy()  # the trees outside are clipped to the window
        for i in range(6):
            a.ellipse(rng.uniform(x0, x1), y1 - (y1 - y0) * rng.uniform(0.05, 0.3), (x1 - x0) * rng.uniform(0.12, 0.25),
                      (y1 - y0) * rng.uniform(0.15, 0.3), mix(C("#7fae6a"), C("#4f8a52"), rng.random()), 0.9,
                      blur=a.px(0.006))
        keep = Image.new("L", a.img.size, 255)
        ImageDraw.Draw(keep).rectangle([x0 * a.W, y0 * a.H, x1 * a.W - 1, y1 * a.H - 1], fill=0)
        a.img.paste(saved, (0, 0), keep)
    nx, ny = mullions
    fw = 0.006
    for i in range(nx + 1):
        xx = x0 + (x1 - x0) * i / nx
        a.rect(xx - a.ux(fw) / 2, y0, xx + a.ux(fw) / 2, y1, frame)
    for j in range(ny + 1):
        yy = y0 + (y1 - y0) * j / ny
        a.rect(x0, yy - a.uy(fw) / 2, x1, yy + a.uy(fw) / 2, frame)


def pendant(a, x, y, r, cord_top=0.0, col=(60, 60, 64), light=(255, 226, 160)):
    a.line([(x, cord_top), (x, y)], shade(col, -0.2), 0.002)
    a.glow(x, y + a.uy(r * 0.6), r * 4, light, 0.35)
    a.poly([(x - a.ux(r), y + a.uy(r * 0.7)), (x - a.ux(r * 0.3), y), (x + a.ux(r * 0.3), y), (x + a.ux(r), y + a.uy(r * 0.7))], col)
    a.ellipse(x, y + a.uy(r * 0.7), a.ux(r), a.uy(r * 0.15), light)


def round_table(a, x, y, rx, ry, top=(236, 230, 218), skirt=(200, 190, 175)):
    a.ellipse(x, y + ry * 0.5, rx, ry, skirt)
    a.ellipse(x, y, rx, ry, top, grad=([(0, shade(top, 0.05)), (1, shade(top, -0.08))], y - ry, y + ry))


PEOPLE = [C(c) for c in ("#3f6aa8", "#a8433a", "#5a7a4a", "#8a6a9a", "#c89a4a", "#4a5a6a", "#b86a5a", "#3a7a8a")]
HAIR_OLD = [C(c) for c in ("#d8d4cc", "#b8b4ac", "#8a8680", "#4a4440")]


def s_canteen(a, rng, close=False):
    """A community dining hall for the elderly: big windows, round tables, lamps."""
    back = (0.22, 0.2, 0.78, 0.55) if not close else (0.15, 0.12, 0.85, 0.5)
    room(a, back, C("#f1e6d2"), C("#c9a77e"), C("#f6efe2"), C("#e6d6bc"))
    x0, y0, x1, y1 = back
    for i in range(3):
        wx0 = x0 + (x1 - x0) * (0.06 + 0.32 * i)
        window_view(a, wx0, y0 + (y1 - y0) * 0.15, wx0 + (x1 - x0) * 0.26, y1 - (y1 - y0) * 0.2, C("#9a7a56"), rng=rng)
    a.glow(0.5, 0.4, 0.6, C("#fff4dc"), 0.35)
    for i in range(4 if not close else 3):
        pendant(a, 0.2 + 0.6 * i / (3 if not close else 2), y0 + 0.05, 0.025 if not close else 0.035, cord_top=0.0)
    tables = [(0.3, 0.62, 0.09), (0.7, 0.62, 0.09), (0.5, 0.8, 0.15)] if not close else [(0.78, 0.6, 0.1), (0.45, 0.82, 0.2)]
    for tx, ty, rx in tables:
        ry = rx * a.aspect * 0.32
        s = rx * a.aspect * 1.3
        for k in range(3):  # the far side
            bust(a, tx + rx * (k - 1) * 0.6, ty + ry * 0.2, s, PEOPLE[rng.randrange(8)], HAIR_OLD[rng.randrange(4)])
        round_table(a, tx, ty, rx, ry)
        for k in range(4):
            ang = rng.uniform(0, 2 * math.pi)
            bx, by = tx + rx * 0.5 * math.cos(ang), ty + ry * 0.4 * math.sin(ang)
            a.ellipse(bx, by, rx * 0.12, ry * 0.16, C("#f8f6f0"))
            a.ellipse(bx, by - ry * 0.02, rx * 0.08, ry * 0.09, rng.choice([C("#c98a4a"), C("#7aa85a"), C("#e8d8a8")]))
        for k in (-1, 1):  # the near side, backs to us
            bust(a, tx + rx * k * 0.55, ty + ry * 1.9, s * 1.1, PEOPLE[rng.randrange(8)], HAIR_OLD[rng.randrange(4)], back=True)
    if close:
        stand(a, 0.16, 0.98, 0.62, C("#c8473a"), C("#3a3a44"), C("#2a2220"), arms="out")


def s_meeting(a, rng):
    """A mediation room: a long table, people on both sides, a window and a landscape painting."""
    back = (0.28, 0.18, 0.72, 0.52)
    room(a, back, C("#e9efe8"), C("#a88a6a"), C("#f2f4ee"), C("#d8e0d6"))
    x0, y0, x1, y1 = back
    window_view(a, 0.31, 0.24, 0.47, 0.44, C("#8a6a4a"), rng=rng)
    # a framed landscape painting
    a.rect(0.53, 0.25, 0.69, 0.39, C("#6a4a30"))
    a.rect(0.54, 0.265, 0.68, 0.375, None, grad=([(0, C("#f4efe2")), (1, C("#dfe6de"))], 0.265, 0.375))
    for k, (px, ph) in enumerate(((0.58, 0.06), (0.63, 0.08), (0.66, 0.05))):
        a.poly([(px - 0.04, 0.375), (px, 0.375 - ph), (px + 0.04, 0.375)], mix(C("#9ab0a8"), C("#4a6a5a"), k / 2))
    # potted plant
    a.poly([(0.75, 0.62), (0.76, 0.52), (0.82, 0.52), (0.83, 0.62)], C("#b8643a"))
    for k in range(7):
        a.ellipse(0.79 + rng.uniform(-0.05, 0.05), 0.45 + rng.uniform(-0.05, 0.04), a.ux(0.03), a.uy(0.05), C("#4f8a4a"))
    # the long table receding to the back wall
    tl = [(0.38, 0.56), (0.62, 0.56), (0.8, 0.98), (0.2, 0.98)]
    people = [(0.36, 0.62, -1), (0.3, 0.74, -1), (0.24, 0.88, -1), (0.64, 0.62, 1), (0.7, 0.74, 1), (0.76, 0.88, 1)]
    for px, py, sd in people:
        t = (py - 0.56) / 0.42
        bust(a, px + sd * 0.06 * (1 + t), py, 0.14 + 0.18 * t, PEOPLE[rng.randrange(8)],
             HAIR_OLD[rng.randrange(4)] if rng.random() < 0.6 else C("#2a2420"), lean=-sd * 0.05)
    a.poly(tl, C("#8a5a36"), grad=([(0, C("#9a6a44")), (1, C("#7a4a2a"))], 0.56, 0.98))
    for k in range(5):
        t = 0.15 + 0.17 * k
        py = 0.56 + 0.42 * t
        for sd in (-1, 1):
            cx = 0.5 + sd * (0.12 + 0.18 * t) * 0.75
            a.poly([(cx - 0.02 - 0.02 * t, py), (cx + 0.02 + 0.02 * t, py - 0.004), (cx + 0.022 + 0.02 * t, py + 0.02 + 0.02 * t),
                    (cx - 0.018 - 0.02 * t, py + 0.024 + 0.02 * t)], C("#fbfaf6"))
        a.ellipse(0.5, py, a.ux(0.012 + 0.01 * t), a.uy(0.008 + 0.006 * t), C("#e6e8ea"))
        a.ellipse(0.5, py - 0.002, a.ux(0.008 + 0.007 * t), a.uy(0.005 + 0.004 * t), C("#9a7a3a"))


def s_screen(a, rng):
    """A village office with a large screen showing a map and charts; people looking at it."""
    back = (0.12, 0.12, 0.88, 0.6)
    room(a, back, C("#e4e8ee"), C("#8a8e96"), C("#f0f2f4"), C("#cfd4dc"))
    sx0, sy0, sx1, sy1 = 0.2, 0.17, 0.8, 0.52
    a.rect(sx0 - 0.008, sy0 - 0.012, sx1 + 0.008, sy1 + 0.012, C("#1a1e26"))
    a.rect(sx0, sy0, sx1, sy1, None, grad=([(0, C("#0e2a4a")), (1, C("#0a1a30"))], sy0, sy1))
    a.glow(0.5, 0.35, 0.45, C("#3a7ab0"), 0.35)
    # map: irregular land patches with a river
    mx0, mx1 = sx0 + 0.02, sx0 + 0.36
    for k in range(9):
        cx, cy = rng.uniform(mx0 + 0.04, mx1 - 0.04), rng.uniform(sy0 + 0.05, sy1 - 0.05)
        pts = []
        for j in range(10):
            ang = 2 * math.pi * j / 10
            rr = rng.uniform(0.03, 0.06)
            pts.append((cx + a.ux(rr) * math.cos(ang), cy + a.uy(rr) * math.sin(ang)))
        a.poly(pts, mix(C("#1f6a5a"), C("#3aa07a"), rng.random()), 0.85)
    a.line([(mx0, sy0 + 0.3), (mx0 + 0.1, sy0 + 0.2), (mx0 + 0.2, sy0 + 0.22), (mx1, sy0 + 0.1)], C("#4ab0e0"), 0.004)
    for k in range(8):
        a.circle(rng.uniform(mx0, mx1), rng.uniform(sy0 + 0.04, sy1 - 0.03), 0.006, C("#ffc84a"))
    # bar chart and a line chart
    bx = sx0 + 0.41
    for k in range(6):
        hgt = rng.uniform(0.04, 0.13)
        a.rect(bx + k * 0.025, sy0 + 0.16 - hgt, bx + k * 0.025 + 0.016, sy0 + 0.16, C("#4ac0d0") if k % 2 else C("#7ad08a"))
    pts = [(bx + k * 0.03, sy1 - 0.05 - 0.1 * (0.3 + 0.7 * (k / 6)) * rng.uniform(0.7, 1.0)) for k in range(6)]
    a.line(pts, C("#ffc84a"), 0.004)
    for p_ in pts:
        a.circle(p_[0], p_[1], 0.005, C("#ffe08a"))
    for k in range(3):
        a.circle(sx1 - 0.05, sy0 + 0.07 + k * 0.1, 0.03, C("#2a4a6a"))
        a.poly([(sx1 - 0.05, sy0 + 0.07 + k * 0.1)] + [(sx1 - 0.05 + a.ux(0.03) * math.cos(t / 10 * 2 * math.pi * (0.4 + 0.2 * k) - math.pi / 2),
                                                         sy0 + 0.07 + k * 0.1 + a.uy(0.03) * math.sin(t / 10 * 2 * math.pi * (0.4 + 0.2 * k) - math.pi / 2))
                                                        for t in range(11)], C("#4ac0d0"))
    a.rect(0.3, 0.6, 0.7, 0.64, C("#6a7078"))
    for i, (px, col) in enumerate(((0.3, C("#3a4a6a")), (0.5, C("#c8473a")), (0.68, C("#4a6a5a")))):
        stand(a, px, 1.0 + 0.02 * (i % 2), 0.62, col, C("#2a2a32"), C("#2a2420"), back=True, arms="out" if i == 1 else "down")


def s_teahouse(a, rng):
    """Inside a restored old house: a lattice window onto the garden, a tea table, host and guest."""
    a.rect(-0.01, -0.01, 1.01, 1.01, None, grad=([(0, C("#6a4a32")), (1, C("#4a3222"))], 0, 1))
    # beams
    a.rect(-0.01, 0.06, 1.01, 0.1, C("#3a2618"))
    for k in range(4):
        a.rect(0.05 + k * 0.3, -0.01, 0.08 + k * 0.3, 0.75, C("#3e2a1c"))
    # lattice window
    wx0, wy0, wx1, wy1 = 0.26, 0.16, 0.74, 0.6
    window_view(a, wx0, wy0, wx1, wy1, C("#5a3a24"), rng=rng, mullions=(8, 6),
                sky_=((0, C("#e8f0e0")), (1, C("#c8e0c0"))))
    a.circle(0.5, 0.38, 0.12, C("#5a3a24"))
    a.circle(0.5, 0.38, 0.105, C("#e6efde"))
    for k in range(5):
        a.ellipse(0.5 + rng.uniform(-0.06, 0.06), 0.42 + rng.uniform(-0.03, 0.03), a.ux(0.05), a.uy(0.035), C("#6fa060"), 0.9)
    a.rect(wx0 - 0.02, wy0 - 0.02, wx1 + 0.02, wy0, C("#3a2618"))
    a.rect(wx0 - 0.02, wy1, wx1 + 0.02, wy1 + 0.02, C("#3a2618"))
    a.glow(0.5, 0.38, 0.5, C("#fff2d0"), 0.35)
    # host and guest, the table in front
    bust(a, 0.3, 0.74, 0.36, C("#e8e2d4"), C("#2a2420"), lean=0.06)
    bust(a, 0.72, 0.74, 0.34, C("#4a6a8a"), C("#3a3430"), lean=-0.06)
    a.rect(-0.01, 0.72, 1.01, 1.01, C("#7a4a2a"), grad=([(0, C("#9a6a42")), (1, C("#5a3620"))], 0.72, 1.0))
    a.rect(-0.01, 0.72, 1.01, 0.735, C("#b08058"))
    # tea set
    a.ellipse(0.5, 0.8, a.ux(0.09), a.uy(0.025), C("#3a2a22"))
    a.ellipse(0.5, 0.74, a.ux(0.055), a.uy(0.05), C("#6a3a2a"), grad=([(0, C("#8a4a32")), (1, C("#4a2a1a"))], 0.69, 0.79))
    a.ellipse(0.5, 0.69, a.ux(0.02), a.uy(0.008), C("#4a2a1a"))
    a.poly([(0.555, 0.74), (0.6, 0.71), (0.605, 0.715), (0.56, 0.755)], C("#5a3222"))
    for cx in (0.36, 0.42, 0.58, 0.64):
        a.ellipse(cx, 0.8, a.ux(0.018), a.uy(0.01), C("#f4f0e6"))
        a.rect(cx - 0.014, 0.8, cx + 0.014, 0.818, C("#f4f0e6"))
        a.ellipse(cx, 0.8, a.ux(0.013), a.uy(0.006), C("#c8a050"))
    for k in range(3):
        a.line([(0.5 + 0.01 * math.sin(t * 0.6 + k), 0.67 - 0.012 * t) for t in range(8)], C("#f4efe6"), 0.002)


def s_workshop(a, rng):
    """A tea-processing workshop: skylights, rows of roasting drums, trays of green leaves, workers."""
    back = (0.3, 0.25, 0.7, 0.5)
    room(a, back, C("#dfe2e0"), C("#a8aca8"), C("#eef0ee"), C("#d2d6d2"))
    for k in range(4):
        t = k / 4
        y = 0.0 + 0.2 * t
        a.poly([(0.3 + 0.4 * t - 0.15 * (1 - t), y), (0.7 - 0.4 * t + 0.15 * (1 - t), y),
                (0.7 - 0.4 * t + 0.15 * (1 - t) - 0.02, y + 0.03), (0.3 + 0.4 * t - 0.15 * (1 - t) + 0.02, y + 0.03)], C("#f6faff"))
    a.glow(0.5, 0.15, 0.5, C("#ffffff"), 0.4)
    for side in (-1, 1):
        for k in range(5):
            t = k / 4
            x = 0.5 + side * (0.14 + 0.26 * (1 - t))
            y = 0.56 + 0.36 * (1 - t)
            r = 0.03 + 0.06 * (1 - t)
            a.rect(x - a.ux(r * 0.9), y - a.uy(r * 0.2), x + a.ux(r * 0.9), y + a.uy(r * 0.9), C("#6a6e74"))
            a.ellipse(x, y - a.uy(r * 0.5), a.ux(r * 1.4), a.uy(r * 0.8), C("#9aa0a6"),
                      grad=([(0, C("#c8ccd0")), (1, C("#7a7e84"))], y - a.uy(r * 1.3), y + a.uy(r * 0.3)))
            a.ellipse(x + side * a.ux(r * 1.2), y - a.uy(r * 0.5), a.ux(r * 0.35), a.uy(r * 0.7), C("#4a4e54"))
            a.ellipse(x + side * a.ux(r * 1.2), y - a.uy(r * 0.5), a.ux(r * 0.22), a.uy(r * 0.5), C("#3f7a3a"))
    for k in range(3):
        t = k / 2
        a.ellipse(0.5 + (t - 0.5) * 0.16, 0.9 - 0.05 * k, a.ux(0.07), a.uy(0.03), C("#b8945a"))
        a.ellipse(0.5 + (t - 0.5) * 0.16, 0.9 - 0.05 * k, a.ux(0.06), a.uy(0.024), C("#4f8a3a"))
    stand(a, 0.42, 0.78, 0.3, C("#f4f2ee"), C("#3a4a5a"), C("#2a2420"), hat=None)
    stand(a, 0.6, 0.72, 0.24, C("#f4f2ee"), C("#3a4a5a"), C("#2a2420"), arms="out")


def s_apartments(a, rng):
    """Old residential blocks with a new glass lift shaft being added; residents talking in front."""
    sky(a, [(0, C("#7fb2de")), (1, C("#e0eef2"))], 0, 0.7)
    clouds(a, rng, 4, 0.05, 0.25, (255, 255, 255), 0.85, 0.16)
    for bi, (x0, x1, top, col) in enumerate(((-0.05, 0.5, 0.14, C("#e8d8c0")), (0.56, 1.05, 0.22, C("#dcd8cc")))):
        a.rect(x0, top, x1, 0.8, col, hgrad=([(0, shade(col, 0.04)), (1, shade(col, -0.08))], x0, x1))
        a.rect(x0 - 0.01, top - 0.015, x1 + 0.01, top, shade(col, -0.3))
        floors = 6
        fh = (0.78 - top) / floors
        for f in range(floors):
            y = top + f * fh
            for k in range(4):
                wx = x0 + 0.03 + k * (x1 - x0 - 0.04) / 4
                ww = (x1 - x0 - 0.1) / 4
                a.rect(wx, y + fh * 0.25, wx + ww, y + fh * 0.75, C("#7a8e9a"),
                       grad=([(0, C("#a8c0cc")), (1, C("#5a6e7a"))], y + fh * 0.25, y + fh * 0.75))
                a.rect(wx - 0.005, y + fh * 0.72, wx + ww + 0.005, y + fh * 0.82, shade(col, -0.18))
        # the new lift shaft: glass with a steel frame
        if bi == 0:
            lx0, lx1 = 0.2, 0.3
            a.rect(lx0, top - 0.05, lx1, 0.8, None, grad=([(0, C("#a8d0e8")), (1, C("#5a8ab0"))], top, 0.8))
            for f in range(floors + 1):
                y = top - 0.05 + f * (0.85 - top) / (floors + 1)
                a.rect(lx0, y, lx1, y + 0.008, C("#3a4a5a"))
            a.rect(lx0, top - 0.05, lx0 + 0.008, 0.8, C("#3a4a5a"))
            a.rect(lx1 - 0.008, top - 0.05, lx1, 0.8, C("#3a4a5a"))
            a.poly([(lx0 + 0.02, top - 0.02), (lx0 + 0.05, top - 0.02), (lx0 + 0.02, 0.75)], C("#ffffff"), 0.25)
            # scaffolding on the right
            for k in range(8):
                a.line([(lx1 + 0.005, top + k * 0.08), (lx1 + 0.05, top + k * 0.08 + 0.04)], C("#8a8a8a"), 0.002)
            a.line([(lx1 + 0.05, top), (lx1 + 0.05, 0.8)], C("#8a8a8a"), 0.003)
    a.rect(-0.01, 0.8, 1.01, 1.01, C("#b8b4aa"), grad=([(0, C("#c8c4ba")), (1, C("#9a968c"))], 0.8, 1))
    for x in (0.06, 0.94):
        round_tree(a, rng, x, 0.95, 0.14, C("#3f6a3a"), C("#6f9a50"), n=9)
    people = ((0.4, C("#c8473a"), "out", HAIR_OLD[3]), (0.52, C("#4a5a7a"), "down", HAIR_OLD[0]),
              (0.6, C("#8a6a4a"), "down", HAIR_OLD[1]), (0.7, C("#5a7a5a"), "down", C("#2a2420")))
    for px, col, arms, hair in people:
        stand(a, px, 0.97, 0.26, col, C("#3a3a42"), hair, arms=arms)


def s_patrol(a, rng):
    """Rangers walking a mountain trail in single file, misty ranges behind."""
    sky(a, [(0, C("#b8cad0")), (1, C("#eef0e8"))], 0, 0.5)
    mountains(a, rng, 5, 0.3, 0.62, C("#3f5f4a"), C("#b0c0c0"), amp=0.03, peaks=3, mistc=C("#eef0ea"), mist=0.6)
    ridge_ = ridge(rng, 0.78, 0.02, peaks=[(0.2, 0.08, 0.25)])
    a.poly(under(ridge_), C("#4a6a3a"), grad=([(0, C("#5a7a44")), (1, C("#2e4a2a"))], 0.65, 1.0))
    path = [(x, y + 0.02) for x, y in ridge_]
    a.line(path, C("#b8a888"), 0.012)
    for i, x in enumerate((0.3, 0.38, 0.46, 0.55)):
        stand(a, x, curve_y(path, x) + 0.005, 0.16, C("#e0782a"), C("#3a4a3a"), C("#2a2420"), back=i > 0, hat=C("#f2c040"))
    for k in range(7):
        x = rng.uniform(0, 1)
        if not 0.25 < x < 0.6:
            pine(a, x, curve_y(ridge_, x) + 0.02, rng.uniform(0.12, 0.2), C("#24402a"))
    birds(a, rng, 3, 0.6, 0.85, 0.1, 0.2, C("#4a4a55"), 0.014)


def s_baduanjin(a, rng):
    """Office workers doing baduanjin exercises in a courtyard at noon (drawn for grayscale)."""
    sky(a, [(0, C("#9a9aa0")), (1, C("#e6e6e6"))], 0, 0.5)
    a.rect(0.05, 0.14, 0.95, 0.55, C("#c8c8c8"), grad=([(0, C("#d2d2d2")), (1, C("#b0b0b0"))], 0.14, 0.55))
    for f in range(4):
        for k in range(10):
            x = 0.08 + k * 0.087
            y = 0.18 + f * 0.09
            a.rect(x, y, x + 0.06, y + 0.05, C("#7a7a80"), grad=([(0, C("#9a9aa0")), (1, C("#6a6a70"))], y, y + 0.05))
    a.rect(-0.01, 0.55, 1.01, 1.01, C("#a8a8a8"), grad=([(0, C("#bcbcbc")), (1, C("#8a8a8a"))], 0.55, 1))
    for k in range(9):
        a.line([(0.5 + (k - 4) * 0.03, 0.55), (0.5 + (k - 4) * 0.3, 1.01)], C("#9a9a9a"), 0.002)
    for x in (0.03, 0.97):
        round_tree(a, rng, x, 0.7, 0.16, C("#4a4a4e"), C("#6a6a6e"), n=9)
    for row, (y, h) in enumerate(((0.7, 0.2), (0.9, 0.28))):
        for k in range(4 if row == 0 else 3):
            x = (0.22 + k * 0.19) if row == 0 else (0.3 + k * 0.2)
            stand(a, x, y, h, C("#e8e8e8") if (k + row) % 2 else C("#5a5a60"), C("#3a3a40"), C("#2a2a2a"), arms="up")


def s_village_gate(a, rng):
    """The entrance of a village: an old camphor tree, white-walled houses, two people talking."""
    hz = 0.4
    sky(a, [(0, C("#a9c6dd")), (1, C("#eef2ec"))], 0, hz + 0.1)
    clouds(a, rng, 3, 0.05, 0.2, (255, 255, 255), 0.7, 0.18)
    mountains(a, rng, 3, hz - 0.08, hz + 0.02, C("#5f7f62"), C("#a8bbb4"), amp=0.02, peaks=2, mistc=C("#eef1ea"), mist=0.5)
    a.rect(-0.01, hz + 0.05, 1.01, 1.01, None, grad=([(0, C("#8aa46a")), (1, C("#5a7a48"))], hz + 0.05, 1.0))
    x = 0.25
    while x < 1.05:
        w = rng.uniform(0.16, 0.24)
        huizhou_house(a, x, 0.68 + rng.uniform(-0.01, 0.01), w, 0.2 * rng.uniform(0.9, 1.1), C("#f3f1ea"), C("#3a3d44"), rng)
        x += w + rng.uniform(0.0, 0.03)
    # a stone-paved lane
    a.poly([(0.38, 1.02), (0.5, 0.68), (0.62, 0.68), (0.98, 1.02)], C("#b8b2a4"), grad=([(0, C("#c8c2b4")), (1, C("#9a9488"))], 0.68, 1.0))
    for k in range(7):
        t = (k / 7) ** 1.5
        y = 0.68 + 0.34 * t
        a.line([(0.5 - 0.12 * t, y), (0.62 + 0.36 * t, y)], C("#8a8478"), 0.002 + 0.002 * t)
    # the camphor tree
    a.poly([(0.1, 1.02), (0.14, 0.45), (0.19, 0.45), (0.24, 1.02)], C("#4a3a2e"),
           hgrad=([(0, C("#3a2c22")), (1, C("#6a5242"))], 0.1, 0.24))
    for k in range(22):
        a.ellipse(0.16 + rng.gauss(0, 0.14), 0.22 + rng.gauss(0, 0.08), a.ux(rng.uniform(0.07, 0.12)), a.uy(rng.uniform(0.06, 0.1)),
                  mix(C("#2f5a30"), C("#6a9a4a"), rng.random()), 0.95)
    stand(a, 0.52, 0.97, 0.5, C("#8a5a3a"), C("#3a3a44"), HAIR_OLD[2], arms="out")
    stand(a, 0.74, 0.98, 0.5, C("#c8473a"), C("#2a2a34"), C("#2a2220"), arms="out")
    # a basket of dried bamboo shoots between them
    a.ellipse(0.63, 0.95, a.ux(0.05), a.uy(0.018), C("#8a6a3a"))
    a.poly([(0.58, 0.95), (0.59, 0.99), (0.67, 0.99), (0.68, 0.95)], C("#a67c48"))
    a.ellipse(0.63, 0.948, a.ux(0.045), a.uy(0.012), C("#c8a060"))


def s_tea_live(a, rng):
    """Selling tea by live video in the tea garden: a phone on a tripod, two growers talking to it."""
    s_tea(a, rng, horizon=0.36, figures=False)
    a.line([(0.3, 0.98), (0.33, 0.62)], C("#2a2a2e"), 0.004)
    a.line([(0.36, 0.98), (0.33, 0.62)], C("#2a2a2e"), 0.004)
    a.line([(0.33, 0.99), (0.33, 0.62)], C("#2a2a2e"), 0.004)
    a.glow(0.33, 0.59, 0.08, C("#ffffff"), 0.5)
    a.rect(0.315, 0.55, 0.345, 0.62, C("#1e1e22"))
    a.rect(0.319, 0.555, 0.341, 0.615, C("#9ad0f0"))
    stand(a, 0.52, 0.98, 0.48, C("#5a7a4a"), C("#3a3a40"), HAIR_OLD[3], hat=C("#d8c088"))
    stand(a, 0.7, 0.99, 0.5, C("#2f5a8a"), C("#2a2a30"), C("#2a2220"), arms="out")
    # a handful of fresh leaves held out towards the camera
    a.ellipse(0.82, 0.68, a.ux(0.025), a.uy(0.012), C("#6aa040"))


def s_library_call(a, rng):
    """A school reading room: a teacher and a pupil on a video call with a tablet."""
    s_library(a, rng)
    bust(a, 0.4, 0.92, 0.4, C("#3f6aa8"), C("#2a2220"), lean=0.08)
    bust(a, 0.62, 0.92, 0.3, C("#c8473a"), C("#1e1a18"), lean=-0.08)
    a.rect(-0.01, 0.92, 1.01, 1.01, C("#8a5a36"), grad=([(0, C("#a0704a")), (1, C("#6a4428"))], 0.92, 1.0))
    a.glow(0.52, 0.86, 0.12, C("#cfe8ff"), 0.6)
    a.poly([(0.47, 0.92), (0.49, 0.8), (0.57, 0.8), (0.57, 0.92)], C("#1e1e22"))
    a.poly([(0.478, 0.915), (0.496, 0.808), (0.564, 0.808), (0.564, 0.915)], C("#8ac0e8"),
           grad=([(0, C("#b0d8f4")), (1, C("#6a9ac8"))], 0.8, 0.92))
    a.circle(0.53, 0.85, 0.02, C("#e0b898"))
    a.ellipse(0.53, 0.835, a.ux(0.02), a.uy(0.012), C("#3a2a22"))

SCENES = {}


def scene(name, size, seed, mode="CMYK"):
    def reg(f):
        SCENES[name] = (size, seed, mode, f)
        return f
    return reg


@scene("cover", FULL, 101)
def cover(a, rng):
    s_tea(a, rng, horizon=0.44)


@scene("inside-front", FULL, 102)
def inside_front(a, rng):
    s_lake(a, rng)


@scene("inside-back", FULL, 103)
def inside_back(a, rng):
    s_mistmtn(a, rng)


@scene("back-cover", FULL, 104)
def back_cover(a, rng):
    s_city(a, rng, night=True)


@scene("gongyi", FULL, 105)
def gongyi(a, rng):
    s_gongyi(a, rng)


# the opening image of 本期策划 (opening_image in the plan): a village in the hills at dusk
scene("open-weigushi", OPEN, 106)(lambda a, rng: s_village(a, rng, dusk=True))


# column figures, 1000 x 750; each drawn to fit its article's caption
scene("fig-miankong", FIG, 201)(s_village_gate)          # 何佳怡（右）在村口与村民商量笋干包装事宜
scene("fig-guangjiao", FIG, 202)(s_canteen)              # 社区邻里中心内，老人们在老年食堂用餐
scene("fig-mianduimian", FIG, 203)(lambda a, rng: s_canteen(a, rng, close=True))  # 王丽华（左）在社区食堂与老人们交谈
scene("fig-fengmian", FIG, 204)(lambda a, rng: s_tea(a, rng, horizon=0.36))  # 清晨，茶农在雾中的茶山上采摘白茶
scene("fig-weigushi-1", FIG, 211)(s_tea_live)            # 在茶园里直播卖茶
scene("fig-weigushi-2", FIG, 212)(s_apartments)          # 和居民商量加装电梯方案
scene("fig-weigushi-3", WIDEFIG, 213)(s_harbour)             # 在海岛上为老人测量血压
scene("fig-weigushi-4", FIG, 214)(s_patrol)              # 带领队员在山间巡查
scene("fig-weigushi-5", FIG, 215)(s_teahouse)            # 在修缮后的老屋里为客人泡茶
scene("fig-weigushi-6", FIG, 216)(s_library_call)        # 帮学生和海外的妈妈视频通话
scene("fig-weigushi-7", FIG, 217)(s_meeting)             # 在调解室里为村民调解纠纷
scene("fig-xinshi", FIG, 221)(s_screen)                  # 村干部在查看数字乡村平台
scene("fig-liangdian", BLEEDFIG, 222)(lambda a, rng: s_village(a, rng, hillside=True))  # 一处山村的新面貌
scene("fig-xiangzhen", FIG, 223)(s_workshop)             # 茶农在统一建设的加工车间里制茶
scene("fig-xinli", FIG, 224, mode="L")(s_baduanjin)      # 午休时间的八段锦练习 (grayscale)
scene("fig-sudi", SPANFIG, 225, mode="L")(s_mistmtn)      # (grayscale) 丽水山区，云雾中的青山 (across two of 速递's three columns)

# picture pages: 图故事 (a photo story, 山海之间的新村) and 形象展示
scene("tugushi-1", LAND, 301)(s_coastvillage)
scene("tugushi-2", PORT, 302)(lambda a, rng: s_lighthouse(a, rng, portrait=True))
scene("tugushi-3", LAND, 303)(lambda a, rng: s_harbour(a, rng, sunrise=False))
scene("tugushi-4", LAND, 304)(s_solar)
scene("tugushi-5", PORT, 305)(s_lanterns)
scene("tugushi-6", LAND, 306)(lambda a, rng: s_coastvillage(a, rng, evening=True))
scene("xingxiang-1", LAND, 401)(lambda a, rng: s_lake(a, rng, evening=True))
scene("xingxiang-2", LAND, 402)(lambda a, rng: s_watertown(a, rng, dusk=True))
scene("xingxiang-3", PORT, 403)(s_mistmtn)
scene("xingxiang-4", LAND, 404)(s_rice)

# a grayscale PNG, not placed in the plan (for trying PNG input)
scene("fig-logo-png", (600, 600), 501, mode="L")(s_logo)


# ----------------------------------------------------------------------------------------------
# separation and output

TAC = 280  # total area coverage limit, per cent


def _kcurve(v):
    x = v / 255.0
    if x <= 0.6:
        return 0
    return int(round(255 * 0.97 * ((x - 0.6) / 0.4) ** 1.2))


KCURVE = [_kcurve(v) for v in range(256)]


def to_cmyk(rgb):
    """Separate RGB art to CMYK with a light grey-component replacement: black takes over the grey
    part of tones darker than 60 % (mid tones stay CMY, which also keeps the JPEGs small); C, M and Y
    are rescaled so that (1 - C)(1 - K) keeps the RGB value (the usual device conversion, also
    Pillow's); the total ink is capped at TAC per cent (only near-black tones reach the cap)."""
    r, g, b = rgb.split()
    c, m, y = ImageOps.invert(r), ImageOps.invert(g), ImageOps.invert(b)
    k = ImageChops.darker(ImageChops.darker(c, m), y).point(KCURVE)
    cmy = [ImageMath.eval("(x - k) * 255 / max(255 - k, 1)", x=ch, k=k) for ch in (c, m, y)]
    lim = TAC * 255 // 100
    out = [ImageMath.eval("convert(v * (lim - k) / max(s, lim - k), 'L')", v=v, k=k, lim=lim,
                          s=ImageMath.eval("a + b + d", a=cmy[0], b=cmy[1], d=cmy[2])) for v in cmy]
    return Image.merge("CMYK", out + [k])


def render(name, ss=SS, scale=1.0):
    size, seed, mode, f = SCENES[name]
    size = (max(8, int(size[0] * scale)), max(8, int(size[1] * scale)))
    a = Art(size, ss=ss)
    f(a, random.Random(seed))
    return a.finish(), mode


def main(argv):
    preview = None
    if argv[:1] == ["--preview"]:
        preview = argv[1]
        argv = argv[2:]
    names = argv or list(SCENES)
    for n in names:
        if n not in SCENES:
            sys.exit("mkimages: no image named %r (have: %s)" % (n, " ".join(SCENES)))
    if preview:
        os.makedirs(preview, exist_ok=True)
        for n in names:
            img, mode = render(n, ss=1, scale=float(os.environ.get("MKIMAGES_SCALE", "0.3")))
            img.save(os.path.join(preview, n + ".png"))
            print(n)
        return
    os.makedirs(OUT, exist_ok=True)
    total = 0
    for n in names:
        img, mode = render(n)
        if mode == "L":
            img = img.convert("L")
        else:
            img = to_cmyk(img)
        if n.endswith("-png"):
            path = os.path.join(OUT, n[:-4] + ".png")
            img.save(path, "PNG", optimize=True, dpi=(300, 300))
        else:
            path = os.path.join(OUT, n + ".jpg")
            img.save(path, "JPEG", quality=82, dpi=(300, 300), optimize=True)
        sz = os.path.getsize(path)
        total += sz
        print("%-24s %s %5dx%-5d %8d bytes" % (os.path.basename(path), img.mode, img.size[0], img.size[1], sz))
    print("total %d bytes" % total)


if __name__ == "__main__":
    main(sys.argv[1:])
