package issue

import (
	"strings"
	"testing"
)

func TestBuildSlots(t *testing.T) {
	for _, c := range []struct {
		n     int
		codes string
		names string
	}{
		{64, "0001 0002 01 02 03 " + seq(4, 63) + " 64 9901 9902", "封面 封二 01 02 03 " + seq(4, 63) + " 64 封三 封底"},
		{32, "0001 0002 01 02 03 " + seq(4, 31) + " 32 9901 9902", "封面 封二 01 02 03 " + seq(4, 31) + " 32 封三 封底"},
		{4, "0001 0002 01 02 03 04 9901 9902", "封面 封二 01 02 03 04 封三 封底"},
	} {
		slots := BuildSlots(c.n)
		if len(slots) != c.n+4 {
			t.Fatalf("%d: %d slots", c.n, len(slots))
		}
		var codes, names []string
		for i, s := range slots {
			codes = append(codes, s.Code)
			names = append(names, s.Name)
			if s.Index != i {
				t.Errorf("%d: slot %s has index %d", c.n, s.Name, s.Index)
			}
			cover := i < 2 || i >= c.n+2
			if s.Cover != cover || !cover && s.Folio != i-1 || cover && s.Folio != 0 {
				t.Errorf("%d: slot %+v", c.n, s)
			}
		}
		if got := strings.Join(codes, " "); got != c.codes {
			t.Errorf("%d codes:\n%s\nwant\n%s", c.n, got, c.codes)
		}
		if got := strings.Join(names, " "); got != c.names {
			t.Errorf("%d names:\n%s\nwant\n%s", c.n, got, c.names)
		}
		// recto: 封面, odd inner pages (01 first), 封三
		var rectos []string
		for _, s := range slots {
			if s.Recto() {
				rectos = append(rectos, s.Name)
			}
		}
		if r := strings.Join(rectos, " "); !strings.HasPrefix(r, "封面 01 03 ") || !strings.HasSuffix(r, " 封三") || len(rectos) != c.n/2+2 {
			t.Errorf("%d rectos: %s", c.n, r)
		}
	}
	slots := BuildSlots(120)
	if slots[2].Code != "001" || slots[121].Code != "120" || slots[122].Code != "9901" {
		t.Errorf("120 pages: %s %s %s", slots[2].Code, slots[121].Code, slots[122].Code)
	}
}

func seq(a, b int) string {
	var s []string
	for i := a; i <= b; i++ {
		s = append(s, BuildSlots(99)[i+1].Code)
	}
	return strings.Join(s, " ")
}

func TestParseSlots(t *testing.T) {
	slots := BuildSlots(64)
	for _, c := range []struct {
		spec string
		want string // slot names, or "error: substring"
	}{
		{"封面", "封面"},
		{"0001", "封面"},
		{"封二", "封二"},
		{"0002", "封二"},
		{"封三", "封三"},
		{"9901", "封三"},
		{"封底", "封底"},
		{"9902", "封底"},
		{"01", "01"},
		{"1", "01"},
		{"9", "09"},
		{"64", "64"},
		{" 05 ", "05"},
		{"16-27", "16 17 18 19 20 21 22 23 24 25 26 27"},
		{"16–27", "16 17 18 19 20 21 22 23 24 25 26 27"},
		{"16 - 18", "16 17 18"},
		{"2-3", "02 03"},
		{"05-05", "05"},
		{"65", `error: slot 65 is out of range: this issue has inner pages 01…64`},
		{"0", `error: slot 0 is out of range`},
		{"00", `error: slot 00 is out of range`},
		{"001", `error: unknown slot "001"`},
		{"0003", `error: unknown slot "0003"`},
		{"封五", `error: unknown slot "封五"`},
		{"a1", `error: unknown slot "a1"`},
		{"", `error: empty slot name`},
		{"27-16", `error: range "27-16" is reversed: write 16-27`},
		{"封面-05", `error: range "封面-05" includes the cover 封面`},
		{"60-9901", `error: range "60-9901" includes the cover 封三`},
		{"60-70", `error: range "60-70": slot 70 is out of range`},
		{"-5", `error: bad range "-5"`},
		{"5-", `error: bad range "5-"`},
	} {
		idx, err := ParseSlots(slots, c.spec)
		got := ""
		if err != nil {
			got = "error: " + err.Error()
		} else {
			got = slotNames(slots, idx)
		}
		if strings.HasPrefix(c.want, "error: ") && strings.HasPrefix(got, c.want) || got == c.want {
			continue
		}
		t.Errorf("ParseSlots(%q) = %q, want %q", c.spec, got, c.want)
	}
	if _, err := ParseSlots(BuildSlots(120), "001"); err != nil {
		t.Errorf("001 with 120 pages: %v", err)
	}
}
