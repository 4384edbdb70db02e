package diag

import "testing"

func TestStringAndSorted(t *testing.T) {
	var l List
	l.Warnf("b.toml", 3, "blank slots: %s", "05")
	l.Errorf("a.txt", 12, "character %q (U+%04X) is in no configured font", "龘", '龘')
	l.Notef("a.txt", 0, "converted")
	l.Errorf("", 0, "no file")
	s := l.Sorted()
	want := []string{"no file", "a.txt: note: converted", `a.txt:12: character "龘" (U+9F98) is in no configured font`, "b.toml:3: warning: blank slots: 05"}
	for i, d := range s {
		if d.String() != want[i] {
			t.Errorf("%d: %q, want %q", i, d.String(), want[i])
		}
	}
	if !l.HasErrors() || len(l.Errors()) != 2 || l.Err() == nil {
		t.Error("errors not counted")
	}
	var ok List
	ok.Warnf("x", 1, "w")
	if ok.HasErrors() || ok.Err() != nil {
		t.Error("a warning is not an error")
	}
}
