package issue

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// Text encodings of articles (contract version 2): manuscripts come from
// Windows Notepad (GBK, or "Unicode" = UTF-16 LE with BOM), from Macs and
// Word's plain-text export (UTF-8, with or without BOM) and from old PCs
// (GB2312, a subset of GBK, itself a subset of GB18030).
//
// decodeText decides by the byte-order mark, else by validity: a file that
// is valid UTF-8 is UTF-8 (GBK text of any length is almost never valid
// UTF-8); else a file that decodes as GB18030 without a replacement is
// GB18030 (reported as GBK when it uses only GBK's two-byte codes); else it
// is undecidable: an error at the first line that neither reads.
// UTF-16 without a BOM (every other byte NUL) is refused by name.
func decodeText(data []byte) (text, enc string, line int, err error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		data = data[3:]
		if !utf8.Valid(data) {
			return "", "", firstBadLine(data), fmt.Errorf("invalid UTF-8 text after a UTF-8 byte-order mark: save the file as UTF-8 again")
		}
		return string(data), "UTF-8", 0, nil
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		enc := "UTF-16LE"
		if data[0] == 0xfe {
			enc = "UTF-16BE"
		}
		if len(data)%2 != 0 {
			return "", "", 0, fmt.Errorf("%s text with an odd number of bytes: the file is cut short", enc)
		}
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		out, err := dec.Bytes(data)
		if err != nil {
			return "", "", 0, fmt.Errorf("cannot read the file as %s: %v", enc, err)
		}
		if i := bytes.IndexRune(out, utf8.RuneError); i >= 0 {
			return "", "", bytes.Count(out[:i], []byte("\n")) + 1, fmt.Errorf("invalid %s text (an unpaired surrogate)", enc)
		}
		return string(out), enc, 0, nil
	}
	if looksUTF16(data) {
		// (NUL bytes are valid UTF-8, so this comes first)
		return "", "", 1, fmt.Errorf("UTF-16 text without a byte-order mark: save the file as UTF-8 (or as UTF-16 with a BOM, Notepad's \"Unicode\")")
	}
	if utf8.Valid(data) {
		return string(data), "UTF-8", 0, nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err == nil && !bytes.ContainsRune(out, utf8.RuneError) {
		if two, gb2312, rare := gbCodes(data); two >= 8 && gb2312*2 < two {
			// Shift-JIS and much Big5 decode as GBK without a fault, into
			// rare characters: printed, that is mojibake
			return "", "", bytes.Count(data[:rare], []byte("\n")) + 1, fmt.Errorf("the text decodes as GBK but into rare characters (%d of its %d two-byte codes are outside GB2312): it looks like %s; save the file as UTF-8", two-gb2312, two, otherEncoding(data))
		}
		enc := "GB18030"
		if isGBK(data) {
			enc = "GBK"
		}
		return string(out), enc, 0, nil
	}
	if other := otherEncoding(data); other != unknownOther {
		return "", "", firstBadLine(data), fmt.Errorf("text in another encoding than UTF-8 or GB18030/GBK: it looks like %s; save the file as UTF-8", other)
	}
	return "", "", firstBadLine(data), fmt.Errorf("text in an unknown encoding: neither UTF-8 nor GB18030/GBK (nor UTF-16 with a BOM); save the file as UTF-8")
}

const unknownOther = "another encoding (Shift-JIS, Big5)"

// otherEncoding names the encoding text that is not GBK reads cleanly in:
// Shift-JIS when it has kana, else Big5 when it is nearly all hanzi.
func otherEncoding(data []byte) string {
	if out, err := japanese.ShiftJIS.NewDecoder().Bytes(data); err == nil && !bytes.ContainsRune(out, utf8.RuneError) &&
		strings.ContainsFunc(string(out), func(r rune) bool { return r >= 0x3040 && r <= 0x30ff }) {
		return "Shift-JIS (Japanese)"
	}
	if out, err := traditionalchinese.Big5.NewDecoder().Bytes(data); err == nil && !bytes.ContainsRune(out, utf8.RuneError) {
		n, all := 0, 0
		for _, r := range string(out) {
			if r >= 0x80 {
				all++
				if r >= 0x3000 && r <= 0x9fff || r >= 0xff00 && r <= 0xffef {
					n++
				}
			}
		}
		if all > 0 && n*10 >= all*9 {
			return "Big5 (traditional Chinese)"
		}
	}
	return unknownOther
}

// firstBadLine is the line of the first byte that is not UTF-8.
func firstBadLine(data []byte) int {
	for i, l := range strings.Split(string(data), "\n") {
		if !utf8.ValidString(l) {
			return i + 1
		}
	}
	return 0
}

// looksUTF16: NUL bytes (ASCII, line ends and U+3000 in UTF-16 have them;
// text in UTF-8 or GBK has none), and read as UTF-16 one way or the other
// the text is nearly all plausible characters (a stray NUL in UTF-8 text is
// a control character, reported as such).
func looksUTF16(data []byte) bool {
	n := min(len(data), 1<<16) &^ 1
	if bytes.Count(data[:n], []byte{0}) < 2 {
		return false
	}
	for _, order := range []unicode.Endianness{unicode.LittleEndian, unicode.BigEndian} {
		out, err := unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder().Bytes(data[:n])
		if err != nil {
			continue
		}
		good, all := 0, 0
		for _, r := range string(out) {
			all++
			if r == '\n' || r == '\r' || r == '\t' || r >= 0x20 && r < 0x7f || r >= 0x3000 && r < 0xa000 || r >= 0xff00 && r < 0xfff0 || r >= 0x2000 && r < 0x2070 {
				good++
			}
		}
		if all > 0 && good*100 >= all*95 {
			return true
		}
	}
	return false
}

// isGBK: only ASCII and GBK's two-byte codes (no four-byte GB18030 codes).
func isGBK(data []byte) bool {
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c < 0x80 {
			continue
		}
		if i+1 < len(data) && data[i+1] >= 0x30 && data[i+1] <= 0x39 {
			return false // the second byte of a four-byte code is a digit
		}
		i++
	}
	return true
}

// gbCodes counts the two-byte codes of GBK text and of them those in the
// GB2312 area (both bytes 0xA1–0xFE), where nearly all characters of
// Chinese text are; rare is the offset of the first one outside it (-1).
func gbCodes(data []byte) (two, gb2312, rare int) {
	rare = -1
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c < 0x80 || i+1 >= len(data) {
			continue
		}
		if d := data[i+1]; d >= 0x30 && d <= 0x39 {
			i += 3 // a four-byte GB18030 code
			continue
		}
		two++
		if c >= 0xA1 && c <= 0xFE && data[i+1] >= 0xA1 && data[i+1] <= 0xFE {
			gb2312++
		} else if rare < 0 {
			rare = i
		}
		i++
	}
	return two, gb2312, rare
}
