package web

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/tonedesk/tonedesk/dashboard"
)

// TestChartImagesManyOutlets draws the charts of a story with twelve
// outlets, some with long names, at the article preset: the images fit
// (nothing drawn in the margins) and the heat map turns its outlet names
// rather than break them into a column of syllables.
func TestChartImagesManyOutlets(t *testing.T) {
	ctx := context.Background()
	f := newFakeStore()
	_ = f.PutStory(ctx, dashboard.Story{ID: "many", Title: "Many", Spec: istanbulSpec})
	body := "Pakistan said \"no\". Kabul said \"yes\". Turkey said \"maybe\"."
	// Words and phrases of the statements' drivers, some long.
	words := []string{"unacceptable interference", "terrorism", "sovereignty", "constructive dialogue", "hostile", "peaceful coexistence",
		"cross-border attacks on civilians in the tribal districts", "betrayal", "mutual respect", "provocation", "ceasefire", "goodwill"}
	var arts []dashboard.Article
	names := []string{"Dawn", "Reuters", "Al Jazeera", "TOLOnews", "Anadolu Ajansı", "The Express Tribune", "Geo News", "Khaama Press", "BBC World Service", "Deutsche Welle", "Pajhwok Afghan News", "Associated Press of Pakistan"}
	for i, n := range names {
		arts = append(arts, dashboard.Article{ExternalID: fmt.Sprint(i), Source: n, Title: "T", Published: day(20, 8), Analysis: analysis(-0.3+0.05*float64(i), "none"), Body: body,
			Quotes: []dashboard.Quote{
				driven(quoteIn(body, `"no"`, "A", "pakistan", "", -0.5+0.08*float64(i)), words[i], -0.4-0.1*float64(i), "no", -0.3),
				driven(quoteIn(body, `"yes"`, "B", "afghanistan", "", 0.4-0.07*float64(i)), words[11-i], 0.2+0.1*float64(i), "yes", 0.3),
				quoteIn(body, `"maybe"`, "C", []string{"mediators", "ttp", "unknown"}[i%3], "", 0.1)},
			Comments: []dashboard.Comment{{ExternalID: fmt.Sprint("c", i), Author: "x", Text: "y", Posted: day(20+i%5, 8),
				Analysis: analysis(-0.5+0.1*float64(i), []string{"pro_pakistan", "pro_afghanistan", "balanced", "none"}[i%4])}}})
	}
	if _, err := f.Import(ctx, "many", dashboard.Batch{Articles: arts}); err != nil {
		t.Fatal(err)
	}
	x := NewExporter(f, sharedRenderer(t), nil)
	o := imagePresets["article"]
	for _, c := range ChartNames() {
		file, err := x.Export(ctx, ExportRequest{Story: "many", Chart: c, Format: FormatPNG, Image: o})
		if err != nil {
			t.Fatal(err)
		}
		saveFile(t, file.Name, file.Body)
		assertMargin(t, decodePNG(t, file.Body, 2*o.Width, 2*o.Height), 2*12)
	}
	p, err := x.prepare(ctx, ExportRequest{Story: "many", Chart: "side-source-heatmap", Format: FormatSVG, Image: o})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(p.option, &m); err != nil {
		t.Fatal(err)
	}
	if label := items(m["xAxis"])[0]["axisLabel"].(map[string]any); label["rotate"] == nil || label["overflow"] != "truncate" {
		t.Errorf("outlet labels %v: want them turned and cut", label)
	}
}
