package layout

import (
	"bytes"
	"reflect"
	"testing"
)

// fill sets every field reachable from v to a value that is not zero, from
// a counter, so that a field the cache encoding forgets cannot survive a
// round trip.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(*n%100 + 1))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(*n%2 + 1)) // itemKind: kSpace or kBlock
	case reflect.String:
		v.SetString(string(rune('a' + *n%20)))
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), n)
		}
		v.Set(s)
	case reflect.Pointer:
		if v.Type().Elem() == reflect.TypeFor[fragment]() {
			p := reflect.New(v.Type().Elem())
			fill(p.Elem(), n)
			v.Set(p)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			fill(reflect.NewAt(v.Field(i).Type(), v.Field(i).Addr().UnsafePointer()).Elem(), n)
		}
	}
}

func TestCacheFileRoundTrip(t *testing.T) {
	c := NewCache()
	n := 0
	for k := range 3 {
		var en cacheEntry
		fill(reflect.ValueOf(&en.items).Elem(), &n)
		en.paras = k + 7
		for i := range en.items {
			en.items[i].startOf = placeholderArticle
		}
		if k == 1 {
			en.items[0].span = nil
			en.items[1].text = en.items[0].text // a back-reference
		}
		c.entries[[32]byte{byte(k)}] = &en
	}
	data, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	d := NewCache()
	if err := d.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	if len(d.entries) != len(c.entries) {
		t.Fatalf("%d entries read back, want %d", len(d.entries), len(c.entries))
	}
	for k, en := range c.entries {
		got := d.entries[k]
		if got == nil || got.paras != en.paras || !reflect.DeepEqual(got.items, en.items) {
			t.Errorf("entry %x: read back\n%+v\nwant\n%+v", k[:1], got, en)
		}
	}
	// written again from the bytes read: the same
	again, _ := d.MarshalBinary()
	if !bytes.Equal(again, data) {
		t.Error("an entry read back encodes differently")
	}
	// every truncation and a flipped byte are errors or a clean read,
	// never a panic
	for i := 0; i < len(data); i += 7 {
		if err := NewCache().UnmarshalBinary(data[:i]); err == nil {
			t.Errorf("truncated at %d: no error", i)
		}
		bad := bytes.Clone(data)
		bad[i] ^= 0x5a
		NewCache().UnmarshalBinary(bad)
	}
}
