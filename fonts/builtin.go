package fonts

import (
	_ "embed"
	"fmt"
	"sync"
)

// The default faces: subsets of Noto Serif SC Regular and Noto Sans SC Bold
// (SIL OFL 1.1, see builtin/OFL.txt; rebuilt by scripts/mkfonts.sh). They
// cover GB2312, ASCII, Latin-1, general and CJK punctuation, fullwidth forms
// and the characters of sample/ and extra-chars.txt; nothing outside the BMP.

//go:embed builtin/NotoSerifSC-Regular.subset.ttf
var serifData []byte

//go:embed builtin/NotoSansSC-Bold.subset.ttf
var sansData []byte

type builtinFace struct {
	data []byte
	once sync.Once
	face *Face
	err  error
}

var builtins = map[string]*builtinFace{
	"serif": {data: serifData},
	"sans":  {data: sansData},
}

// Builtin returns an embedded default face: "serif" (Noto Serif SC Regular
// subset) or "sans" (Noto Sans SC Bold subset). Each is parsed once per
// process; every call returns the same *Face. Safe for concurrent use.
func Builtin(name string) (*Face, error) {
	b, ok := builtins[name]
	if !ok {
		return nil, fmt.Errorf("%w %q (the builtin fonts are \"serif\" and \"sans\")", ErrUnknownFont, name)
	}
	b.once.Do(func() { b.face, b.err = Parse("builtin:"+name, b.data, 0) })
	return b.face, b.err
}
