package raster

import (
	"github.com/paiban/paiban/raster/icc"
)

// noLimit converts with the device formula and lets any CMYK through.
var noLimit = func() *Colour {
	c, err := NewColour("", nil, icc.Perceptual, 400)
	if err != nil {
		panic(err)
	}
	return c
}()
