package issue

import (
	"encoding/json"
	"fmt"
	"testing"
)

func TestSmoke(t *testing.T) {
	is, d := Load("testdata/good/plan.toml")
	for _, x := range d {
		fmt.Println(x)
	}
	b, _ := json.MarshalIndent(is.Pages[3], "", " ")
	fmt.Println(string(b))
	for _, n := range is.FixNotes()[60:] { fmt.Println(n) }
}
