package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func BenchmarkParseText(b *testing.B) {
	for _, p := range seedFiles(b) {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(filepath.Base(p)[:3], func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := ParseText("f.txt", strings.NewReader(string(data)), Meta{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
