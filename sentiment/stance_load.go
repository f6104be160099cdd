package sentiment

import (
	"bytes"
	"fmt"
	"os"
)

// StanceModelFormat is the "format" field of a stance model file written by
// (*StanceModel).WriteTo.
const StanceModelFormat = stanceModelFormat

// WithStanceModel makes the analyzer decide stance with m (from
// TrainStance, LoadStanceModel or ReadStanceModel) instead of the built-in
// stance model. A nil m keeps the built-in model; a model without weights
// (a zero StanceModel) leaves the decision to the cue rules alone.
func WithStanceModel(m *StanceModel) Option {
	return func(a *Analyzer) {
		if m != nil {
			a.stanceM = m
		}
	}
}

// LoadStanceModel reads a stance model file written by WriteTo (`tonedesk
// train --stance-out`). Its errors name path: the file cannot be read, is
// not JSON, or is not a stance model (its "format" is not
// StanceModelFormat).
func LoadStanceModel(path string) (*StanceModel, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load stance model: %w", err)
	}
	m, err := ReadStanceModel(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// StanceModel returns the stance model the analyzer decides with: the one
// WithStanceModel gave, else the built-in one. Callers must not change it;
// its WriteTo output identifies it (for a fingerprint of what scored a
// text, say).
func (a *Analyzer) StanceModel() *StanceModel { return a.stanceModel() }
