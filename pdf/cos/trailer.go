package cos

// documentTrailer is the document's trailer as read from the newest
// cross-reference section: without what belongs to that section only — its
// /Prev, /XRefStm, a cross-reference stream's /Type, /W, /Index, /Filter,
// /DecodeParms and /Length — which would be wrong in the one classic
// section Bytes writes (a /Prev offset into the old file made the written
// file unreadable).
func documentTrailer(t *Dict) *Dict {
	out := &Dict{}
	for _, k := range t.Keys() {
		switch k {
		case "Prev", "XRefStm", "Type", "W", "Index", "Filter", "DecodeParms", "Length":
		default:
			out.Set(k, t.Get(k))
		}
	}
	return out
}
