package units

import "testing"

func TestParse(t *testing.T) {
	cases := []struct {
		in   string
		em   Length
		want Length
		err  bool
	}{
		{"10pt", 0, 10 * Pt, false},
		{"25.4mm", 0, 72 * Pt, false},
		{"2.54cm", 0, 72 * Pt, false},
		{"1in", 0, In, false},
		{"2em", 10 * Pt, 20 * Pt, false},
		{"2em", 0, 0, true},
		{"12", 0, 0, true},
		{"12 parsecs", 0, 0, true},
		{"-3mm", 0, 0, true},
		{"NaNpt", 0, 0, true},
	}
	for _, c := range cases {
		got, err := Parse(c.in, c.em)
		if (err != nil) != c.err || !c.err && got != c.want {
			t.Errorf("Parse(%q) = %v, %v; want %v (error %v)", c.in, got, err, c.want, c.err)
		}
	}
}

func TestParseSize(t *testing.T) {
	w, h, err := ParseSize("210x285mm")
	if err != nil || w != FromMM(210) || h != FromMM(285) {
		t.Errorf("210x285mm: %v %v %v", w, h, err)
	}
	if w, h, err = ParseSize("8.5in x 11in"); err != nil || w != FromPt(612) || h != FromPt(792) {
		t.Errorf("8.5in x 11in: %v %v %v", w, h, err)
	}
	for _, bad := range []string{"210", "210x", "x285mm", "0x285mm", "210x285"} {
		if _, _, err := ParseSize(bad); err == nil {
			t.Errorf("ParseSize(%q) accepted", bad)
		}
	}
}

func TestScaleRounds(t *testing.T) {
	if got := Length(10).Scale(1, 3); got != 3 {
		t.Errorf("10/3 = %v", got)
	}
	if got := Length(-10).Scale(2, 3); got != -7 {
		t.Errorf("-20/3 = %v", got)
	}
}

// A number too large for a Length wrapped around: "99999999999999999999mm"
// became a negative length, reported as "must be positive".
func TestParseTooLarge(t *testing.T) {
	for _, s := range []string{"99999999999999999999mm", "1e300pt", "20000000in"} {
		if _, err := Parse(s, 0); err == nil || err.Error() != `length "`+s+`" is too large` {
			t.Errorf("Parse(%q): %v", s, err)
		}
	}
	if _, _, err := ParseSize("99999999999999999999x285mm"); err == nil || err.Error() != `length "99999999999999999999mm" is too large` {
		t.Errorf("ParseSize: %v", err)
	}
}
