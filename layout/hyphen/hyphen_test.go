package hyphen

import "testing"

// Words hyphenated as TeX's plain patterns (and dictionaries) do.
func TestHyphenate(t *testing.T) {
	for word, want := range map[string]string{
		"hyphenation":           "hy-phen-ation",
		"internationalization":  "in-ter-na-tion-al-iza-tion",
		"incomprehensibilities": "in-com-pre-hen-si-bil-i-ties",
		"Schwarzschild":         "Schwarz-schild",
		"associate":             "as-so-ciate", // an exception
		"table":                 "ta-ble",      // 2 + 3 letters at least
		"tabs":                  "tabs",        // too short
		"Debian":                "De-bian",
		"configuration":         "con-fig-u-ra-tion",
		"x86":                   "x86", // not letters only
		"unattended":            "un-at-tended",
	} {
		if got := Hyphenate(word, "-"); got != want {
			t.Errorf("Hyphenate(%q) = %q, want %q", word, got, want)
		}
	}
}
