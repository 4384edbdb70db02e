package issue

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxInnerPages bounds [paper].inner_pages so that inner slot codes (as many
// digits as the page count) never collide with the four-digit cover codes
// 0001 0002 9901 9902.
const MaxInnerPages = 999

// coverSlots are the cover slots in physical order with their codes; 封面 and
// 封二 come before the inner pages, 封三 and 封底 after them.
var coverSlots = [4]struct{ Code, Name string }{
	{"0001", "封面"}, {"0002", "封二"}, {"9901", "封三"}, {"9902", "封底"},
}

// BuildSlots returns the physical slots of an issue with n inner pages:
// 封面, 封二, 01 … NN, 封三, 封底. Inner codes have two digits, or as many as
// n has when n ≥ 100.
func BuildSlots(n int) []Slot {
	width := max(2, len(strconv.Itoa(n)))
	slots := make([]Slot, 0, n+4)
	add := func(s Slot) {
		s.Index = len(slots)
		slots = append(slots, s)
	}
	add(Slot{Code: coverSlots[0].Code, Name: coverSlots[0].Name, Cover: true})
	add(Slot{Code: coverSlots[1].Code, Name: coverSlots[1].Name, Cover: true})
	for i := 1; i <= n; i++ {
		c := fmt.Sprintf("%0*d", width, i)
		add(Slot{Code: c, Name: c, Folio: i})
	}
	add(Slot{Code: coverSlots[2].Code, Name: coverSlots[2].Name, Cover: true})
	add(Slot{Code: coverSlots[3].Code, Name: coverSlots[3].Name, Cover: true})
	return slots
}

// innerCount returns the number of inner slots of a slot table.
func innerCount(slots []Slot) int { return max(0, len(slots)-4) }

// innerRange describes the inner slots for messages: "01…64".
func innerRange(slots []Slot) string {
	n := innerCount(slots)
	if n == 0 {
		return "none"
	}
	return slots[2].Name + "…" + slots[n+1].Name
}

// FindSlot returns the index in slots of one slot given by name (封面 …),
// cover code (0001 …) or inner page number ("01", "1"; as many leading zeros
// as the inner codes have at most).
func FindSlot(slots []Slot, name string) (int, error) {
	name = strings.TrimSpace(name)
	n := innerCount(slots)
	if name == "" {
		return -1, fmt.Errorf("empty slot name")
	}
	for i, c := range coverSlots {
		if name == c.Code || name == c.Name {
			if i < 2 {
				return i, nil
			}
			return n + i, nil
		}
	}
	if strings.Trim(name, "0123456789") != "" {
		return -1, fmt.Errorf("unknown slot %q (slots are 封面 封二 %s 封三 封底, or the codes 0001 0002 9901 9902)", name, innerRange(slots))
	}
	width := max(2, len(strconv.Itoa(n)))
	v, err := strconv.Atoi(name)
	if err != nil || len(name) > width {
		return -1, fmt.Errorf("unknown slot %q (inner slots are %s; covers are 0001 0002 9901 9902)", name, innerRange(slots))
	}
	if v < 1 || v > n {
		return -1, fmt.Errorf("slot %s is out of range: this issue has inner pages %s", name, innerRange(slots))
	}
	return v + 1, nil
}

// ParseSlots reads the slots value of a [[page]]: one slot (see FindSlot) or
// an inclusive range of inner slots "16-27" (an en dash "16–27" works too).
// It returns slot indexes in physical order.
func ParseSlots(slots []Slot, spec string) ([]int, error) {
	spec = strings.TrimSpace(spec)
	dash := strings.IndexAny(spec, "-–")
	if dash < 0 {
		i, err := FindSlot(slots, spec)
		if err != nil {
			return nil, err
		}
		return []int{i}, nil
	}
	_, size := firstRune(spec[dash:])
	a, b := strings.TrimSpace(spec[:dash]), strings.TrimSpace(spec[dash+size:])
	if a == "" || b == "" {
		return nil, fmt.Errorf("bad range %q: write FIRST-LAST, e.g. \"16-27\"", spec)
	}
	from, err := FindSlot(slots, a)
	if err != nil {
		return nil, fmt.Errorf("range %q: %v", spec, err)
	}
	to, err := FindSlot(slots, b)
	if err != nil {
		return nil, fmt.Errorf("range %q: %v", spec, err)
	}
	for _, i := range []int{from, to} {
		if slots[i].Cover {
			return nil, fmt.Errorf("range %q includes the cover %s: ranges hold inner pages only (%s); give each cover its own [[page]]", spec, slots[i].Name, innerRange(slots))
		}
	}
	if from > to {
		return nil, fmt.Errorf("range %q is reversed: write %s-%s", spec, slots[to].Name, slots[from].Name)
	}
	out := make([]int, 0, to-from+1)
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out, nil
}

// slotNames lists slot names separated by spaces: "05 06 07".
func slotNames(slots []Slot, idx []int) string {
	names := make([]string, len(idx))
	for i, x := range idx {
		names[i] = slots[x].Name
	}
	return strings.Join(names, " ")
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}
