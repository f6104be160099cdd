package sentiment

// featTable maps feature hashes (featureHash) to their three class
// weights: open addressing with linear probing in a power-of-two table at
// most half full. Keys come out of mix64, so their low bits are already
// uniform; a lookup is a mask, a compare or two and no string hashing.
// Each slot holds its key next to its weights, so a lookup touches one
// cache line. Key 0 marks an empty slot, so a feature hashing to 0 is kept
// aside.
type featTable struct {
	slots   []featSlot
	mask    uint64
	n       int
	hasZero bool
	zero    featSlot
}

// featSlot is one slot of a featTable: the sentiment model's three class
// weights and, in a table built by Model.withFlags, the flag model's row
// of the feature plus one (0: none). The row fits in the padding of key
// and w: a slot is 24 bytes with or without it.
type featSlot struct {
	key  uint64
	w    [3]float32
	flag int32
}

func newFeatTable(n int) featTable {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return featTable{slots: make([]featSlot, size), mask: uint64(size - 1)}
}

// put sets the weights of h; a second put of h replaces them.
func (t *featTable) put(h uint64, w [3]float32) { t.slot(h).w = w }

func (t *featTable) grow() {
	old := *t
	*t = newFeatTable(max(8, 2*old.n))
	for _, s := range old.slots {
		if s.key != 0 {
			*t.slot(s.key) = s
		}
	}
	if old.hasZero {
		*t.slot(0) = old.zero
	}
}

// slot returns the slot of h, adding it with zero weights when t has no
// such feature.
func (t *featTable) slot(h uint64) *featSlot {
	if h == 0 {
		if !t.hasZero {
			t.n++
			t.hasZero = true
		}
		return &t.zero
	}
	if 2*(t.n+1) > len(t.slots) {
		t.grow()
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		switch s.key {
		case 0:
			s.key = h
			t.n++
			return s
		case h:
			return s
		}
	}
}

// get returns the slot of h, or false when the model has no such
// feature.
func (t *featTable) get(h uint64) (*featSlot, bool) {
	if h == 0 {
		return &t.zero, t.hasZero
	}
	if len(t.slots) == 0 {
		return nil, false
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		switch s.key {
		case h:
			return s, true
		case 0:
			return nil, false
		}
	}
}
