package cos

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paiban/paiban/internal/testtool"
)

// A file with "security" that anyone may open (an owner password, the user
// password empty) reads as the file it was: every method qpdf writes —
// RC4 40 and 128 bits, AES-128, AES-256 (revisions 5 and 6), with and
// without object streams — gives the page's content and strings back, and
// no Encrypt entry; a file that needs a password to open is an error
// saying so.
func TestDecrypt(t *testing.T) {
	testtool.Need(t, "qpdf")
	dir := t.TempDir()
	plain := file(" ", "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 100 200] >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /PieceInfo << /Note (a secret string) >> >>",
		"<< /Length 34 >>\nstream\n0 0 0 1 k 10 10 50 50 re f (Hi) Tj\nendstream")
	src := filepath.Join(dir, "plain.pdf")
	os.WriteFile(src, plain, 0o644)
	for name, args := range map[string][]string{
		"rc4-40":      {"--allow-weak-crypto", "--encrypt", "", "owner", "40", "--"},
		"rc4-128":     {"--allow-weak-crypto", "--encrypt", "", "owner", "128", "--use-aes=n", "--"},
		"aes-128":     {"--encrypt", "", "owner", "128", "--use-aes=y", "--"},
		"aes-128-os":  {"--object-streams=generate", "--encrypt", "", "owner", "128", "--use-aes=y", "--"},
		"aes-256":     {"--encrypt", "", "owner", "256", "--"},
		"aes-256-r5":  {"--encrypt", "", "owner", "256", "--force-R5", "--"},
		"aes-256-os":  {"--object-streams=generate", "--encrypt", "", "owner", "256", "--"},
		"no-metadata": {"--encrypt", "", "owner", "256", "--cleartext-metadata", "--"},
	} {
		out := filepath.Join(dir, name+".pdf")
		if b, err := exec.Command("qpdf", append(args, src, out)...).CombinedOutput(); err != nil {
			t.Fatalf("%s: qpdf: %v\n%s", name, err, b)
		}
		data, _ := os.ReadFile(out)
		if !bytes.Contains(data, []byte("/Encrypt")) {
			t.Fatalf("%s: qpdf did not encrypt", name)
		}
		d, err := Read(data)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if d.Trailer.Get("Encrypt") != nil {
			t.Errorf("%s: the Encrypt entry is left", name)
		}
		pages, err := d.Pages()
		if err != nil || len(pages) != 1 {
			t.Fatalf("%s: pages %v", name, err)
		}
		list, _ := d.Contents(pages[0])
		c, err := Decode(d.Get(list[0]).(*Stream))
		if err != nil || !strings.Contains(string(c), "10 10 50 50 re f (Hi) Tj") {
			t.Errorf("%s: content %q, %v", name, c, err)
		}
		if s, _ := d.Dict(pages[0].Dict.Get("PieceInfo")).Get("Note").(String); string(s) != "a secret string" {
			t.Errorf("%s: string %q", name, s)
		}
		// and written out, it is an ordinary file
		if again, err := Read(d.Bytes()); err != nil || again.Trailer.Get("Encrypt") != nil {
			t.Errorf("%s: written again: %v", name, err)
		}
	}
	out := filepath.Join(dir, "user.pdf")
	if b, err := exec.Command("qpdf", "--encrypt", "user", "owner", "256", "--", src, out).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v\n%s", err, b)
	}
	data, _ := os.ReadFile(out)
	if _, err := Read(data); err == nil || !strings.Contains(err.Error(), "password needed to open it") {
		t.Errorf("a file that needs a password: %v", err)
	}
}

// The hash of revision 6 (ISO 32000-2 algorithm 2.B) for the empty
// password, against values computed independently (Python's hashlib and
// the cryptography package, following the standard): the number of rounds
// it takes depends on the data, so random files from qpdf alone would
// catch a wrong stopping rule only now and then.
func TestHash2B(t *testing.T) {
	for salt, want := range map[string]string{
		"12345678":                         "eace262798d0f7325982b486540ff1c118871e1515e59ad3ae35f093a26a54a6",
		"abcdefgh":                         "eb81524a284f88d1f7e7b1a24864149ff2df303b44148ac467344ddd490c5cf3",
		"\x00\x01\x02\x03\x04\x05\x06\x07": "1403c04eb647d2e60452dfc4eb0a5e0cf322e8a83a759eabbd17d498a93ba041",
		"\xff\xff\xff\xff\xff\xff\xff\xff": "47d51b9c3d77a95f476d54a54f8300c6a044dbb7c694f0ce515507f9e90ac9cb",
		"paiban!!":                         "a8beef26171d9d7df0ada17120d89a224b559b1fc985b216ca9b74d919ac9242",
		// the last byte of E is exactly the rounds done less 32 when it stops
		"salt0000": "36320fb56f7c9e24fa620e775a89d75ece91003478e009097e81a058323598ea",
		"salt0025": "cda33642e16fb22d7bb65f64890a0e444f6385977fe5054c64a57ac79aba3647",
	} {
		if got := fmt.Sprintf("%x", hash2B(nil, []byte(salt))); got != want {
			t.Errorf("salt %q: %s, want %s", salt, got, want)
		}
	}
}
