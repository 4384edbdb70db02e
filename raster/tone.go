package raster

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"image/color"
	"maps"
	"math"
	"slices"
	"sync"
)

// Tone is the mean colour, in CMYK percent, of the rows of an image from
// top to bottom (fractions of its height, 0 at the top), across its whole
// width, sampled every few pixels. A grey image is its K. Results are cached
// by content and band for the life of the process (a --watch rebuild does
// not decode the cover again).
func Tone(data []byte, top, bottom float64) ([4]float64, error) {
	return ToneSum(data, sha256.Sum256(data), top, bottom)
}

// ToneSum is Tone of data whose SHA-256 is content.
func ToneSum(data []byte, content [32]byte, top, bottom float64) ([4]float64, error) {
	key := toneKey{sum: content, top: top, bottom: bottom}
	if t, ok := toneCached(key); ok {
		return t, nil
	}
	// a mean needs no detail: a JPEG is decoded reduced (⅛ where it can)
	img, err := decodeUpright(data, 64, 64)
	if err != nil {
		return [4]float64{}, err
	}
	b := img.Bounds()
	y0 := b.Min.Y + int(top*float64(b.Dy()))
	y1 := max(y0+1, min(b.Max.Y, b.Min.Y+int(bottom*float64(b.Dy()))))
	step := max(1, b.Dx()/400)
	var sum [4]float64
	n := 0.0
	for y := y0; y < y1; y += step {
		for x := b.Min.X; x < b.Max.X; x += step {
			c := color.CMYKModel.Convert(img.At(x, y)).(color.CMYK)
			sum[0] += float64(c.C)
			sum[1] += float64(c.M)
			sum[2] += float64(c.Y)
			sum[3] += float64(c.K)
			n++
		}
	}
	var t [4]float64
	for i := range t {
		t[i] = sum[i] / n * 100 / 255
	}
	tones.Lock()
	tones.m[key] = t
	tones.Unlock()
	return t, nil
}

// ToneCached is Tone of the content whose SHA-256 is sum when it was
// computed (or imported: ImportTones) before.
func ToneCached(sum [32]byte, top, bottom float64) ([4]float64, bool) {
	return toneCached(toneKey{sum: sum, top: top, bottom: bottom})
}

func toneCached(key toneKey) ([4]float64, bool) {
	tones.Lock()
	defer tones.Unlock()
	t, ok := tones.m[key]
	return t, ok
}

// ExportTones encodes the tones computed so far, in key order: the build's
// disk cache keeps them, so that a fresh process does not decode the
// cover photo again to pick the masthead's colour.
func ExportTones() []byte {
	tones.Lock()
	defer tones.Unlock()
	keys := make([]toneKey, 0, len(tones.m))
	for k := range tones.m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b toneKey) int {
		return cmp.Or(bytes.Compare(a.sum[:], b.sum[:]), cmp.Compare(a.top, b.top), cmp.Compare(a.bottom, b.bottom))
	})
	var out []byte
	for _, k := range keys {
		out = append(out, k.sum[:]...)
		t := tones.m[k]
		for _, f := range append([]float64{k.top, k.bottom}, t[:]...) {
			out = binary.BigEndian.AppendUint64(out, math.Float64bits(f))
		}
	}
	return out
}

// toneRecord is the size of one entry of ExportTones.
const toneRecord = 32 + 6*8

// ImportTones primes Tone from what ExportTones wrote; a damaged encoding
// is an error and primes nothing.
func ImportTones(b []byte) error {
	if len(b)%toneRecord != 0 {
		return errors.New("tones: damaged")
	}
	m := map[toneKey][4]float64{}
	for ; len(b) > 0; b = b[toneRecord:] {
		var f [6]float64
		for i := range f {
			f[i] = math.Float64frombits(binary.BigEndian.Uint64(b[32+8*i:]))
			if math.IsNaN(f[i]) || f[i] < 0 || f[i] > 100 {
				return errors.New("tones: damaged")
			}
		}
		m[toneKey{sum: [32]byte(b[:32]), top: f[0], bottom: f[1]}] = [4]float64(f[2:])
	}
	tones.Lock()
	maps.Copy(tones.m, m)
	tones.Unlock()
	return nil
}

type toneKey struct {
	sum         [32]byte
	top, bottom float64
}

var tones = struct {
	sync.Mutex
	m map[toneKey][4]float64
}{m: map[toneKey][4]float64{}}
