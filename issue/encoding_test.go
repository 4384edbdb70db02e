package issue

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/paiban/paiban/diag"
)

// Manuscripts as they arrive: GBK from Windows Notepad, UTF-16 with a BOM
// ("Unicode" in Notepad), GB18030 with four-byte codes, UTF-8 with and
// without BOM. Each is read, and any encoding but UTF-8 is noted.
func TestArticleEncodings(t *testing.T) {
	text := "保俶塔\n　　西湖边的保俶塔，是杭州的地标。\r\n　　它建于北宋。\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(text)
	gb18030, _ := simplifiedchinese.GB18030.NewEncoder().String(strings.Replace(text, "北宋", "北宋𠮷", 1))
	utf16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(text)
	utf16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String(text)
	for _, c := range []struct {
		name, data, enc, para string
	}{
		{"utf8", text, "", "西湖边的保俶塔，是杭州的地标。"},
		{"utf8-bom", "\xef\xbb\xbf" + text, "", "西湖边的保俶塔，是杭州的地标。"},
		{"gbk", gbk, "GBK", "西湖边的保俶塔，是杭州的地标。"},
		{"gb18030", gb18030, "GB18030", "它建于北宋𠮷。"},
		{"utf16le", utf16le, "UTF-16LE", "西湖边的保俶塔，是杭州的地标。"},
		{"utf16be", utf16be, "UTF-16BE", "西湖边的保俶塔，是杭州的地标。"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "a.txt")
			if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
				t.Fatal(err)
			}
			var d diag.List
			a := loadArticle(path, Pos{File: "plan.toml", Line: 3}, &d)
			if a == nil || d.HasErrors() {
				t.Fatalf("not read: %v", d)
			}
			if a.Title != "保俶塔" || len(a.Blocks) != 2 || (a.Blocks[0].Text != c.para && a.Blocks[1].Text != c.para) {
				t.Fatalf("read wrong: %q %+v", a.Title, a.Blocks)
			}
			noted := ""
			for _, x := range d {
				if x.Severity == diag.Note && strings.Contains(x.Message, "read as ") {
					noted = x.Message
				}
			}
			if c.enc == "" && noted != "" || c.enc != "" && !strings.Contains(noted, "read as "+c.enc+" ") {
				t.Errorf("encoding note %q, want %q", noted, c.enc)
			}
		})
	}
}

// Undecidable text is an error at its line; UTF-16 without a BOM is named.
func TestArticleEncodingErrors(t *testing.T) {
	for _, c := range []struct {
		name, data, want string
	}{
		{"latin junk", "标题\n　　正文\n  \xff\xfe\x80\n", ":3: text in an unknown encoding"},
		{"utf16 no bom", utf16NoBOM("Title\n  Some text, mostly ASCII.\n"), ":1: UTF-16 text without a byte-order mark"},
		{"odd utf16", "\xff\xfeh\x00i", "odd number of bytes"},
		{"chinese utf16 no bom", utf16NoBOM("保俶塔\n　　西湖边的保俶塔。\n　　它建于北宋。\n\n\n"), ":1: UTF-16 text without a byte-order mark"},
		// Shift-JIS decodes as GBK without a fault, into rare characters
		// (山道の郵便屋さん → 嶳摴偺梄曋...): mojibake, printed with a font
		// that has them
		{"shift-jis", "\x8eR\x93\xb9\x82\xcc\x97X\x95\xd6\x89\xae\x82\xb3\x82\xf1\n\n  \x8e\xfc\x82\xb3\x82\xf1\x82\xcd\x96\x88\x92\xa9\x8e\xb5\x8e\x9e\x82\xc9\x8fo\x94\xad\x82\xb7\x82\xe9\x81B\n", ":1: the text decodes as GBK but into rare characters"},
		{"shift-jis named", "\x8eR\x93\xb9\x82\xcc\x97X\x95\xd6\x89\xae\x82\xb3\x82\xf1\n\n  \x8e\xfc\x82\xb3\x82\xf1\x82\xcd\x96\x88\x92\xa9\x8e\xb5\x8e\x9e\x82\xc9\x8fo\x94\xad\x82\xb7\x82\xe9\x81B\n", "it looks like Shift-JIS (Japanese); save the file as UTF-8"},
		// a contributor in Hong Kong or Taiwan: Big5 (標題 / 這是繁體中文。)
		{"big5", "\xbc\xd0\xc3D\r\n\xa1@\xa1@\xb3o\xacO\xc1c\xc5\xe9\xa4\xa4\xa4\xe5\xa1C\r\n", "it looks like Big5 (traditional Chinese); save the file as UTF-8"},
	} {
		path := filepath.Join(t.TempDir(), "a.txt")
		if err := os.WriteFile(path, []byte(c.data), 0o644); err != nil {
			t.Fatal(err)
		}
		var d diag.List
		if a := loadArticle(path, Pos{File: "plan.toml", Line: 3}, &d); a != nil || !d.HasErrors() || !strings.Contains(d.Errors()[0].String(), c.want) {
			t.Errorf("%s: want an error containing %q, got %v", c.name, c.want, d)
		}
	}
}

func utf16NoBOM(s string) string {
	out, _ := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().String(s)
	return out
}
