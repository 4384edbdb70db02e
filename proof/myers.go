package proof

// op is one step of an edit script from a to b.
type op uint8

const (
	opEq  op = iota // a's rune kept as b's
	opDel           // a's rune removed
	opIns           // b's rune inserted
)

// diffRunes returns a shortest edit script from a to b (Myers, "An O(ND)
// difference algorithm", 1986), after the common prefix and suffix, or
// false when it needs more than maxD edits. Memory is O(D²) for D edits.
func diffRunes(a, b []rune, maxD int) ([]op, bool) {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	mid, ok := myers(a[pre:len(a)-suf], b[pre:len(b)-suf], maxD)
	if !ok {
		return nil, false
	}
	out := make([]op, 0, pre+len(mid)+suf)
	for range pre {
		out = append(out, opEq)
	}
	out = append(out, mid...)
	for range suf {
		out = append(out, opEq)
	}
	return out, true
}

func myers(a, b []rune, maxD int) ([]op, bool) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		out := make([]op, 0, n+m)
		for range n {
			out = append(out, opDel)
		}
		for range m {
			out = append(out, opIns)
		}
		return out, true
	}
	limit := min(n+m, maxD)
	off := limit + 1
	v := make([]int32, 2*limit+3)
	// trace[d] holds v[k] for k in −d…d before round d's moves were
	// taken (that is, after round d−1)
	var trace [][]int32
	at := func(snap []int32, d, k int) int { return int(snap[k+d]) }
	for d := 0; d <= limit; d++ {
		snap := make([]int32, 2*d+1)
		for k := -d; k <= d; k++ {
			snap[k+d] = v[k+off]
		}
		trace = append(trace, snap)
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[k-1+off] < v[k+1+off]) {
				x = int(v[k+1+off]) // down: an insertion
			} else {
				x = int(v[k-1+off]) + 1 // right: a deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[k+off] = int32(x)
			if x >= n && y >= m {
				return backtrack(trace, at, n, m), true
			}
		}
	}
	return nil, false
}

// backtrack walks the trace from (n, m) back to (0, 0).
func backtrack(trace [][]int32, at func([]int32, int, int) int, n, m int) []op {
	var rev []op
	x, y := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		snap := trace[d]
		k := x - y
		var pk int
		switch {
		case d == 0:
			pk = 0
		case k == -d || (k != d && at(snap, d, k-1) < at(snap, d, k+1)):
			pk = k + 1
		default:
			pk = k - 1
		}
		px := 0
		if d > 0 {
			px = at(snap, d, pk)
		}
		py := px - pk
		for x > px && y > py {
			rev = append(rev, opEq)
			x, y = x-1, y-1
		}
		if d > 0 {
			if x == px {
				rev = append(rev, opIns)
			} else {
				rev = append(rev, opDel)
			}
		}
		x, y = px, py
	}
	out := make([]op, len(rev))
	for i, o := range rev {
		out[len(rev)-1-i] = o
	}
	return out
}
