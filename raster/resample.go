package raster

import (
	"image"
	"image/color"

	"golang.org/x/image/draw"
)

// resample scales img to w×h pixels with the Catmull-Rom filter. CMYK is
// scaled channel by channel (never through RGB); colour images with
// transparency are flattened onto white (paper) as they are scaled.
func resample(img image.Image, w, h int, gray bool) image.Image {
	rect := image.Rect(0, 0, w, h)
	if m, ok := img.(*image.CMYK); ok && !gray {
		b := m.Bounds()
		out := image.NewCMYK(rect)
		plane := image.NewGray(b)
		scaled := image.NewGray(rect)
		for c := 0; c < 4; c++ {
			for y := b.Min.Y; y < b.Max.Y; y++ {
				src := m.Pix[m.PixOffset(b.Min.X, y):]
				dst := plane.Pix[plane.PixOffset(b.Min.X, y):]
				for x := 0; x < b.Dx(); x++ {
					dst[x] = src[4*x+c]
				}
			}
			draw.CatmullRom.Scale(scaled, rect, plane, b, draw.Src, nil)
			for i, v := range scaled.Pix {
				out.Pix[4*i+c] = v
			}
		}
		return out
	}
	if gray {
		out := image.NewGray(rect)
		draw.Draw(out, rect, image.NewUniform(color.White), image.Point{}, draw.Src)
		draw.CatmullRom.Scale(out, rect, img, img.Bounds(), draw.Over, nil)
		return out
	}
	out := image.NewRGBA(rect)
	draw.Draw(out, rect, image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.CatmullRom.Scale(out, rect, img, img.Bounds(), draw.Over, nil)
	return out
}
