package sentiment

// featTable maps feature hashes (featureHash) to their three class
// weights: open addressing with linear probing in a power-of-two table at
// most half full. Keys come out of mix64, so their low bits are already
// uniform; a lookup is a mask, a compare or two and no string hashing.
// Key 0 marks an empty slot, so a feature hashing to 0 is kept aside.
type featTable struct {
	keys    []uint64
	vals    [][3]float32
	mask    uint64
	n       int
	hasZero bool
	zero    [3]float32
}

func newFeatTable(n int) featTable {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return featTable{keys: make([]uint64, size), vals: make([][3]float32, size), mask: uint64(size - 1)}
}

// put sets the weights of h; a second put of h replaces them.
func (t *featTable) put(h uint64, w [3]float32) {
	if h == 0 {
		if !t.hasZero {
			t.n++
		}
		t.hasZero, t.zero = true, w
		return
	}
	if 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		switch t.keys[i] {
		case 0:
			t.keys[i], t.vals[i] = h, w
			t.n++
			return
		case h:
			t.vals[i] = w
			return
		}
	}
}

func (t *featTable) grow() {
	old := *t
	*t = newFeatTable(max(8, 2*old.n))
	for i, k := range old.keys {
		if k != 0 {
			t.put(k, old.vals[i])
		}
	}
	if old.hasZero {
		t.put(0, old.zero)
	}
}

// get returns the weights of h, or false when the model has no such
// feature.
func (t *featTable) get(h uint64) (*[3]float32, bool) {
	if h == 0 {
		return &t.zero, t.hasZero
	}
	if len(t.keys) == 0 {
		return nil, false
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		switch t.keys[i] {
		case h:
			return &t.vals[i], true
		case 0:
			return nil, false
		}
	}
}
