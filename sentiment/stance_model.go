package sentiment

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The trained half of the stance classifier: a multinomial logistic
// regression that reads a text from the point of view of one side at a
// time. Every mention of that side becomes "<s>", of any other side "<o>",
// of a party "<p>", so the weights never see a side's name and carry over to
// the next story. Its four classes are perspective classes: the text
// favours this side (self), another side (other), is balanced, or takes no
// stance (none). Features: the words just before and after the side's
// mentions and the other sides' mentions, and the rule sums of
// stance_rules.go. The mean class-weighted
// cross-entropy plus an L2 penalty is minimised by full-batch AdaGrad from
// zero: the same examples give the same model.
//
// For a story with n sides the perspectives are combined:
// P(pro_s) = (P_s(self) + Σ_{t≠s} P_t(other)/(n-1)) / n, and balanced and
// none are the means of the perspectives' balanced and none.

// Perspective classes of the stance model.
const (
	pcSelf = iota
	pcOther
	pcBalanced
	pcNone
	numPC
)

// stanceModelFormat names the JSON layout of a StanceModel.
const stanceModelFormat = "tonedesk-stance/1"

// StanceModel is a trained stance classifier. Its JSON form (written by
// WriteTo, read by ReadStanceModel or json.Unmarshal) lists each feature by
// name with one weight per perspective class. A StanceModel is safe for
// concurrent use once built.
type StanceModel struct {
	Format   string                    `json:"format"`
	Classes  [numPC]string             `json:"classes"`
	Bias     [numPC]float64            `json:"bias"`
	Features map[string][numPC]float64 `json:"features"`
	// Trained describes the data the model was fitted on.
	Trained string `json:"trained,omitempty"`

	table   stanceTable // feature key -> row of weights
	weights [][numPC]float64
	// ruleRows is the row of each rule feature (ruleKeys), or -1, so
	// that scoring looks none of them up.
	ruleRows [numRules]int32
}

// StanceExample is one labelled text for TrainStance: the id of its story
// (a key of the stories map), the text, and its stance label
// ("pro_<side id>", "balanced" or "none").
type StanceExample struct {
	Story  string
	Text   string
	Stance string
}

// stanceTrainOptions are the knobs of trainStance; defaultTrainOptions is
// what TrainStance uses.
type stanceTrainOptions struct {
	softmaxFit          // L2, AdaGrad rate and iterations
	MinCount   int      // keep a word feature seen in at least this many texts
	Drop       []string // leave out features with these prefixes (ablation)
}

var defaultTrainOptions = stanceTrainOptions{softmaxFit: softmaxFit{L2: 0.008, Iter: 300, Rate: 0.2}, MinCount: 2}

// TrainStance fits a stance model on examples, whose Story fields name
// stories in the stories map. Training is deterministic: the same examples
// in the same order give the same model. It returns an error when an
// example names an unknown story or an invalid label, or when there are no
// examples.
func TrainStance(examples []StanceExample, stories map[string]*Story) (*StanceModel, error) {
	return trainStance(examples, stories, defaultTrainOptions)
}

// trainRow is one perspective of one example: sparse features and class.
type trainRow struct {
	idx   []int32
	val   []float64
	class int
}

func trainStance(examples []StanceExample, stories map[string]*Story, opt stanceTrainOptions) (*StanceModel, error) {
	if len(examples) == 0 {
		return nil, errors.New("train stance: no examples")
	}
	analyzers := map[string]*Analyzer{}
	type pending struct {
		keys  []uint64
		vals  []float64
		class int
	}
	var rows []pending
	names := map[uint64]string{}
	docFreq := map[uint64]int{}
	sink := &featSink{names: names}
	perStory := map[string]int{}
	for n, ex := range examples {
		st := stories[ex.Story]
		if st == nil {
			return nil, fmt.Errorf("train stance: example %d: unknown story %q", n+1, ex.Story)
		}
		a := analyzers[ex.Story]
		if a == nil {
			a = NewAnalyzer(st)
			analyzers[ex.Story] = a
		}
		target, err := stanceTarget(st, ex.Stance)
		if err != nil {
			return nil, fmt.Errorf("train stance: example %d: %w", n+1, err)
		}
		perStory[ex.Story]++
		d := a.buildStanceDoc(ex.Text, a.story.Mentions(ex.Text))
		seen := map[uint64]bool{}
		for s := range st.Sides {
			sink.reset()
			d.features(s, sink)
			class := perspectiveClass(target, s)
			rows = append(rows, pending{keys: slices.Clone(sink.keys), vals: slices.Clone(sink.vals), class: class})
			for _, k := range sink.keys {
				if !seen[k] {
					seen[k] = true
					docFreq[k]++
				}
			}
		}
	}
	// The vocabulary: rule features always, words seen often enough.
	var keep []string
	for k, name := range names {
		if slices.ContainsFunc(opt.Drop, func(p string) bool { return strings.HasPrefix(name, p) }) {
			continue
		}
		if strings.HasPrefix(name, "r:") || docFreq[k] >= opt.MinCount {
			keep = append(keep, name)
		}
	}
	slices.Sort(keep)
	col := make(map[uint64]int32, len(keep))
	for i, name := range keep {
		col[featureKey(name)] = int32(i)
	}
	train := make([]trainRow, len(rows))
	var classCount [numPC]float64
	for i, r := range rows {
		tr := trainRow{class: r.class}
		for j, k := range r.keys {
			if c, ok := col[k]; ok {
				tr.idx = append(tr.idx, c)
				tr.val = append(tr.val, r.vals[j])
			}
		}
		train[i] = tr
		classCount[r.class]++
	}
	ws, bs := opt.fit(train, len(keep), numPC, classCount[:])
	m := &StanceModel{
		Format:   stanceModelFormat,
		Classes:  [numPC]string{"self", "other", "balanced", "none"},
		Features: make(map[string][numPC]float64, len(keep)),
	}
	copy(m.Bias[:], roundAll(bs))
	var desc []string
	for id, n := range perStory {
		desc = append(desc, fmt.Sprintf("%s:%d", id, n))
	}
	slices.Sort(desc)
	m.Trained = strings.Join(desc, " ")
	for i, name := range keep {
		var row [numPC]float64
		if roundWeights(row[:], ws[i]) {
			m.Features[name] = row
		}
	}
	m.prepare()
	return m, nil
}

// roundWeights sets row to w rounded to 4 decimals, for the stance and
// flag model files, and reports whether any rounded weight is 0.002 or more
// in size: a feature with none is left out of the file.
func roundWeights(row, w []float64) bool {
	big := false
	for c := range row {
		row[c] = round4(w[c])
		big = big || math.Abs(row[c]) >= 0.002
	}
	return big
}

// softmax4 is the softmax of the stance model's four logits.
func softmax4(z [numPC]float64) [numPC]float64 {
	softmaxInPlace(z[:])
	return z
}

// stanceTarget returns the side index a label favours, -1 for balanced or
// -2 for none, or an error for a label that is none of these.
func stanceTarget(st *Story, label string) (int, error) {
	switch label {
	case StanceBalanced:
		return -1, nil
	case StanceNone, "":
		return -2, nil
	}
	if id, ok := strings.CutPrefix(label, "pro_"); ok {
		for i, g := range st.Sides {
			if g.ID == id {
				return i, nil
			}
		}
	}
	return 0, fmt.Errorf("stance %q is not pro_<side>, balanced or none for story %s", label, st.ID)
}

// perspectiveClass is the class of a text whose target is given (see
// stanceTarget), read from side s.
func perspectiveClass(target, s int) int {
	switch {
	case target == -1:
		return pcBalanced
	case target < 0:
		return pcNone
	case target == s:
		return pcSelf
	}
	return pcOther
}

// prepare builds the key table from Features.
func (m *StanceModel) prepare() {
	names := make([]string, 0, len(m.Features))
	for k := range m.Features {
		names = append(names, k)
	}
	slices.Sort(names)
	m.table = newStanceTable(len(names))
	m.weights = make([][numPC]float64, len(names))
	for i, k := range names {
		m.table.put(featureKey(k), int32(i))
		m.weights[i] = m.Features[k]
	}
	for r, k := range ruleKeys {
		m.ruleRows[r] = m.table.get(k)
	}
}

// UnmarshalJSON reads a model written by WriteTo (or json.Marshal). It
// returns an error for another format.
func (m *StanceModel) UnmarshalJSON(data []byte) error {
	type plain StanceModel
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return fmt.Errorf("stance model: %w", err)
	}
	if p.Format != stanceModelFormat {
		return fmt.Errorf("stance model: format %q, want %q", p.Format, stanceModelFormat)
	}
	*m = StanceModel(p)
	m.prepare()
	return nil
}

// WriteTo writes m as indented JSON (feature names sorted, so the same
// model gives the same bytes). It returns the bytes written and any write
// error.
func (m *StanceModel) WriteTo(w io.Writer) (int64, error) {
	return writeModelJSON(w, "stance model", m)
}

// writeModelJSON writes v as indented JSON and a newline, for the stance
// and flag models' WriteTo; op prefixes a marshalling error. It returns
// the bytes written and any error.
func writeModelJSON(w io.Writer, op string, v any) (int64, error) {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	b = append(b, '\n')
	n, err := w.Write(b)
	return int64(n), err
}

// ReadStanceModel reads a model written by WriteTo. It returns an error
// when r fails or holds no stance model.
func ReadStanceModel(r io.Reader) (*StanceModel, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("stance model: %w", err)
	}
	m := new(StanceModel)
	if err := json.Unmarshal(data, m); err != nil {
		return nil, err
	}
	return m, nil
}

//go:embed lexicon/stance_model.json
var stanceModelJSON []byte

// DefaultStanceModel returns the stance model built into the binary,
// trained on testdata/labelled (see stance_eval_test.go to retrain it). It
// is loaded once and shared; it panics if the embedded file is broken, which
// the package tests rule out.
func DefaultStanceModel() *StanceModel { return defaultStanceModel() }

var defaultStanceModel = sync.OnceValue(func() *StanceModel {
	m, err := ReadStanceModel(bytes.NewReader(stanceModelJSON))
	if err != nil {
		panic(err)
	}
	return m
})

// score adds to z the weight row of the word feature of key k times v.
func (m *StanceModel) score(z *[numPC]float64, k uint64, v float64) {
	if r := m.table.get(k); r >= 0 {
		row := &m.weights[r]
		for c := range numPC {
			z[c] += row[c] * v
		}
	}
}

// stanceTable maps feature keys to weight rows: open addressing with linear
// probing, faster than a Go map for this one job. Key 0 is never stored
// (featureKey avoids it).
type stanceTable struct {
	mask uint64
	keys []uint64
	rows []int32
}

func newStanceTable(n int) stanceTable {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return stanceTable{mask: uint64(size - 1), keys: make([]uint64, size), rows: make([]int32, size)}
}

func (t *stanceTable) put(k uint64, row int32) {
	for i := k & t.mask; ; i = (i + 1) & t.mask {
		if t.keys[i] == 0 || t.keys[i] == k {
			t.keys[i], t.rows[i] = k, row
			return
		}
	}
}

// get returns the row of k, or -1.
func (t *stanceTable) get(k uint64) int32 {
	if len(t.keys) == 0 {
		return -1
	}
	for i := k & t.mask; ; i = (i + 1) & t.mask {
		switch t.keys[i] {
		case k:
			return t.rows[i]
		case 0:
			return -1
		}
	}
}

// Feature keys. A feature's name is a prefix ending in ':' and one or two
// words joined by '|' ("sa:lies", "r:lead"); its key mixes the
// FNV-1a hashes of the parts, so the words of a text are hashed once and
// reused by every feature and perspective.

func key1(ph, wh uint64) uint64 {
	k := mix64(ph*0x9e3779b97f4a7c15 + wh)
	return max(k, 1)
}

func key2(ph, h1, h2 uint64) uint64 {
	k := mix64(mix64(ph*0x9e3779b97f4a7c15+h1)*0x9e3779b97f4a7c15 + h2)
	return max(k, 1)
}

// featureKey returns the key of a feature name, as the extractors compute
// it.
func featureKey(name string) uint64 {
	c := strings.IndexByte(name, ':')
	ph := fnv64(name[:c+1])
	rest := name[c+1:]
	if a, b, ok := strings.Cut(rest, "|"); ok && rest != "|" {
		return key2(ph, fnv64(a), fnv64(b))
	}
	return key1(ph, fnv64(rest))
}

// Prefix hashes.
var (
	phRule = fnv64("r:")
	phSA   = fnv64("sa:")
	phSB   = fnv64("sb:")
	phOA   = fnv64("oa:")
	phOB   = fnv64("ob:")
	hSelf  = fnv64("<s>")
	hOther = fnv64("<o>")
)

// featSink collects features as keys and values. In training, names maps
// each key to the feature's name. With a model m, it scores them instead,
// as they come: z is the bias plus each feature's weight row times its
// value, added in the order of the features (keys and vals stay empty).
type featSink struct {
	keys  []uint64
	vals  []float64
	names map[uint64]string
	m     *StanceModel
	z     [numPC]float64
}

func (f *featSink) reset() { f.keys, f.vals = f.keys[:0], f.vals[:0] }

// add1 adds feature prefix+w (hashes ph, wh) with value v.
func (f *featSink) add1(prefix string, ph uint64, w string, wh uint64, v float64) {
	k := key1(ph, wh)
	if f.m != nil {
		f.m.score(&f.z, k, v)
		return
	}
	f.keys = append(f.keys, k)
	f.vals = append(f.vals, v)
	if f.names != nil {
		if _, ok := f.names[k]; !ok {
			f.names[k] = prefix + w
		}
	}
}

// rule adds rule feature r (see ruleNames) with value v.
func (f *featSink) rule(r int, v float64) {
	if m := f.m; m != nil {
		if row := m.ruleRows[r]; row >= 0 {
			w := &m.weights[row]
			for c := range numPC {
				f.z[c] += w[c] * v
			}
		}
		return
	}
	k := ruleKeys[r]
	f.keys = append(f.keys, k)
	f.vals = append(f.vals, v)
	if f.names != nil {
		if _, ok := f.names[k]; !ok {
			f.names[k] = "r:" + ruleNames[r]
		}
	}
}

// The rule features, by index into ruleNames.
const (
	rSD = iota
	rOD
	rSP
	rSN
	rOP
	rON
	rSSubj
	rSObj
	rOSubj
	rOObj
	rSSup
	rOSup
	rLead
	rSM
	rSM2
	rOM
	rOM2
	rSPron
	rOPron
	rPM
	rNoSide
	rBothMention
	rBoth
	rBoth2
	rQ
	rFlat
	rRLSelf
	rRLOther
	rRLBal
	rRLNone
	numRules
)

var ruleNames = [numRules]string{"sd", "od", "sp", "sn", "op", "on", "ssubj", "sobj", "osubj", "oobj",
	"ssup", "osup", "lead", "sm", "sm2", "om", "om2", "spron", "opron", "pm", "noside",
	"bothmention", "both", "both2", "q", "flat", "rl_self", "rl_other", "rl_bal", "rl_none"}

// ruleKeys are the feature keys of ruleNames.
var ruleKeys = func() (k [numRules]uint64) {
	for i, n := range ruleNames {
		k[i] = featureKey("r:" + n)
	}
	return k
}()

// featWords fills d.fw and d.fh: per token, the form word features use
// ("" to skip the token) and its hash. Side mentions (and pronouns
// resolved to a side) are "@" here: their form depends on the perspective
// (see form).
func (d *stanceDoc) featWords() {
	if d.hasFeat {
		return
	}
	d.hasFeat = true
	d.fw = grow(d.fw, len(d.toks))
	d.fh = grow(d.fh, len(d.toks))
	d.near = markNearRefs(d.near, d.toks, d.ref)
	for i := range d.toks {
		if !d.near[i] {
			continue // features never reads it: leave it ""
		}
		t := &d.toks[i]
		w := ""
		switch {
		case d.ref[i] >= 0:
			w = "@"
		case t.kind == tkParty:
			w = "<p>"
		case t.kind == tkWord:
			switch c := t.norm[0]; {
			case len(t.norm) > 24:
			case '0' <= c && c <= '9':
				w = "<num>"
			default:
				w = t.norm
			}
		case t.kind == tkPunct:
			if t.norm == "?" || t.norm == "!" {
				w = t.norm
			}
		case t.kind == tkSymbol:
			if r, _ := utf8.DecodeRuneInString(t.norm); unicode.Is(unicode.So, r) {
				w = "<emoji>"
			}
		}
		d.fw[i] = w
		switch {
		case w == "" || w == "@":
		case t.kind == tkWord && w == t.norm:
			d.fh[i] = t.hash
		default:
			d.fh[i] = fnv64(w)
		}
	}
}

// markNearRefs returns, in buf, whether each token is a referent (ref >=
// 0) or one of the four tokens before or after one in its clause: the
// tokens whose forms features reads.
func markNearRefs(buf []bool, toks []token, ref []int) []bool {
	near := grow(buf, len(toks))
	last := -1 // the last referent so far
	for i := range toks {
		if ref[i] >= 0 {
			last = i
		}
		near[i] = last >= 0 && i-last <= 4 && toks[last].clause == toks[i].clause
	}
	next := -1 // the next referent from here on
	for i := len(toks) - 1; i >= 0; i-- {
		if ref[i] >= 0 {
			next = i
		}
		near[i] = near[i] || next >= 0 && next-i <= 4 && toks[next].clause == toks[i].clause
	}
	return near
}

// form returns the form and hash of token i from side s's point of view.
func (d *stanceDoc) form(i, s int) (string, uint64) {
	if d.fw[i] == "@" {
		if d.ref[i] == s {
			return "<s>", hSelf
		}
		return "<o>", hOther
	}
	return d.fw[i], d.fh[i]
}

// features adds the features of d read from side s's point of view: the
// rule sums and the words next to the mentions. (The words of the whole
// text and word pairs were tried and left out: they added nothing in the
// leave-one-dispute-out tests, and cost time.)
func (d *stanceDoc) features(s int, f *featSink) {
	d.featWords()
	d.ruleFeatures(s, f)
	// Words next to the mentions: "sa:" after this side, "sb:" before it,
	// "oa:" and "ob:" for the other sides.
	for i := range d.toks {
		r := d.ref[i]
		if r < 0 {
			continue
		}
		pa, pb, pha, phb := "oa:", "ob:", phOA, phOB
		if r == s {
			pa, pb, pha, phb = "sa:", "sb:", phSA, phSB
		}
		cl := d.toks[i].clause
		for j := i + 1; j < len(d.toks) && j <= i+4 && d.toks[j].clause == cl; j++ {
			if w, h := d.form(j, s); w != "" {
				f.add1(pa, pha, w, h, 1)
			}
		}
		for j := i - 1; j >= 0 && j >= i-4 && d.toks[j].clause == cl; j-- {
			if w, h := d.form(j, s); w != "" {
				f.add1(pb, phb, w, h, 1)
			}
		}
	}
}

// ruleFeatures adds the rule sums from side s's point of view: this side,
// and the others together.
func (d *stanceDoc) ruleFeatures(s int, f *featSink) {
	sup := d.sup
	oDirect, oPos, oNeg, oSubj, oObj, oSup := 0.0, 0.0, 0.0, 0.0, 0.0, math.Inf(-1)
	oCount, oPron := 0, 0
	for t := 0; t < d.nSide; t++ {
		if t == s {
			continue
		}
		oDirect += d.direct[t]
		oPos = max(oPos, d.pos[t])
		oNeg = max(oNeg, d.neg[t])
		oSubj += d.subjPol[t]
		oObj += d.objPol[t]
		oSup = max(oSup, sup[t])
		oCount += d.count[t]
		oPron += d.pron[t]
	}
	if d.nSide < 2 {
		oSup = 0
	}
	cl := func(x float64) float64 { return max(-3, min(3, x)) }
	f.rule(rSD, cl(d.direct[s]))
	f.rule(rOD, cl(oDirect))
	f.rule(rSP, cl(d.pos[s]))
	f.rule(rSN, cl(d.neg[s]))
	f.rule(rOP, cl(oPos))
	f.rule(rON, cl(oNeg))
	f.rule(rSSubj, cl(d.subjPol[s]))
	f.rule(rSObj, cl(d.objPol[s]))
	f.rule(rOSubj, cl(oSubj))
	f.rule(rOObj, cl(oObj))
	f.rule(rSSup, cl(sup[s]))
	f.rule(rOSup, cl(oSup))
	f.rule(rLead, cl(sup[s]-oSup))
	bin := func(r int, ok bool) {
		if ok {
			f.rule(r, 1)
		}
	}
	bin(rSM, d.count[s] > 0)
	bin(rSM2, d.count[s] > 1)
	bin(rOM, oCount > 0)
	bin(rOM2, oCount > 1)
	bin(rSPron, d.pron[s] > 0)
	bin(rOPron, oPron > 0)
	bin(rPM, d.parties > 0)
	bin(rNoSide, d.count[s] == 0 && oCount == 0)
	bin(rBothMention, d.count[s] > 0 && oCount > 0)
	bin(rBoth, d.both > 0)
	bin(rBoth2, d.both > 1)
	bin(rQ, d.question)
	flat := d.count[s]+oCount > 0
	for t := 0; t < d.nSide; t++ {
		flat = flat && math.Abs(d.direct[t]) < 0.15
	}
	bin(rFlat, flat)
	switch rl := d.rule; {
	case rl == s:
		bin(rRLSelf, true)
	case rl >= 0:
		bin(rRLOther, true)
	case rl == -1:
		bin(rRLBal, true)
	default:
		bin(rRLNone, true)
	}
}
