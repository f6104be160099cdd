package web

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tonedesk/tonedesk/dashboard"
	"github.com/tonedesk/tonedesk/sentiment"
)

// readerSummary: comments of Dawn (pro Pakistan −0.5, −0.3; balanced 0.2)
// and of no outlet (none 0.4; pro "mars", a side the story file does not
// name, −0.6), on 25, 25, 27 Oct and one dated by its article on 27 Oct.
func readerSummary() dashboard.Summary {
	tone := func(stance string, scores ...float64) dashboard.StanceTone {
		var sum, sq float64
		for _, s := range scores {
			sum, sq = sum+s, sq+s*s
		}
		mean, sd := dashboard.MeanSD(len(scores), sum, sq)
		return dashboard.StanceTone{Stance: stance, Comments: len(scores), Mean: mean, SD: sd}
	}
	d := func(day int) time.Time { return time.Date(2025, 10, day, 0, 0, 0, 0, time.UTC) }
	return dashboard.Summary{
		Articles: 2, Comments: 5,
		StanceTones: []dashboard.StanceTone{tone("balanced", 0.2), tone("none", 0.4), tone("pro_mars", -0.6), tone("pro_pk", -0.5, -0.3)},
		SourceStances: []dashboard.SourceStance{{Source: "", Stance: "none", Comments: 1}, {Source: "", Stance: "pro_mars", Comments: 1},
			{Source: "Dawn", Stance: "balanced", Comments: 1}, {Source: "Dawn", Stance: "pro_pk", Comments: 2}},
		Days: []dashboard.DayTone{{Day: d(25), Comments: 2, Mean: -0.4}, {Day: d(27), Comments: 3, Mean: 0, Fallback: 1}},
	}
}

func TestToneByStance(t *testing.T) {
	sum := readerSummary()
	gs := newGroups(testSpec).chartGroups(nil)
	raw := optionOf(t, toneByStanceOption, testInput(sum, gs...))
	var opt sideOption
	if err := json.Unmarshal(raw, &opt); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(opt.YAxis[0].Data, "|"); got != "Pro Pakistan|Pro Afghanistan|Balanced|No stance|Pro mars" {
		t.Errorf("stances %q", got)
	}
	if got := strings.Join(opt.YAxis[1].Data, "|"); got != "−0.40 · n=2|no comments|+0.20 · n=1|+0.40 · n=1|−0.60 · n=1" {
		t.Errorf("value column %q", got)
	}
	bars := opt.Series[0].Data
	if bars[0].ItemStyle.Color != sideColors[0] || bars[0].Value != -0.4 || bars[1].Value != "-" {
		t.Errorf("bars %+v: want the side's colour and no bar without comments", bars)
	}
	if want := "Pro Pakistan\nmean −0.40, 95% interval −1.00 to +0.87\n2 comments"; bars[0].Name != want {
		t.Errorf("tooltip %q, want %q", bars[0].Name, want)
	}
	sgs := stanceGroups(gs, sum.StanceTones)
	alt := toneByStanceAlt(sum, sgs)
	want := "Tone by side — readers, mean sentiment of comments from −1 to +1 by the side they favour: Pro Pakistan −0.40 (n=2, 95% interval −1.00 to +0.87), " +
		"Balanced +0.20 (n=1), No stance +0.40 (n=1), Pro mars −0.60 (n=1). No comments: Pro Afghanistan."
	if alt != want {
		t.Errorf("alt\n%q\nwant\n%q", alt, want)
	}
	data := toneByStanceData(sum, sgs)
	if r := data.Rows[0]; r[0] != "Pro Pakistan" || r[1] != "pro_pk" || r[2] != 2 {
		t.Errorf("CSV row %v", r)
	}
	c, _ := buildToneByStance(testInput(dashboard.Summary{}, gs...))
	if c.Option != nil || c.Empty == "" || c.Alt != "Tone by side — readers: no comments yet." {
		t.Errorf("empty chart %+v", c)
	}
}

func TestStanceMix(t *testing.T) {
	sum := readerSummary()
	gs := newGroups(testSpec).chartGroups(nil)
	raw := optionOf(t, stanceMixOption, testInput(sum, gs...))
	var opt struct {
		YAxis []struct {
			Data []string `json:"data"`
		} `json:"yAxis"`
		Series []struct {
			Name  string `json:"name"`
			Stack string `json:"stack"`
			Data  []struct {
				Name  string `json:"name"`
				Value any    `json:"value"`
				Label struct {
					Formatter string `json:"formatter"`
				} `json:"label"`
			} `json:"data"`
		} `json:"series"`
		Color []string `json:"color"`
	}
	if err := json.Unmarshal(raw, &opt); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(opt.YAxis[0].Data, "|") + " " + strings.Join(opt.YAxis[1].Data, "|"); got != "Unknown outlet|Dawn n=2|n=3" {
		t.Errorf("outlets and counts %q", got)
	}
	if len(opt.Series) != 5 || opt.Series[0].Name != "Pro Pakistan" || opt.Series[0].Stack != "share" || opt.Color[1] != sideColors[1] {
		t.Fatalf("series %+v colours %v", opt.Series, opt.Color)
	}
	pk := opt.Series[0].Data
	if pk[0].Value != "-" || pk[1].Value != 66.7 || pk[1].Label.Formatter != "67%" || pk[1].Name != "Dawn\nPro Pakistan: 66.7% (2 of 3 comments)" {
		t.Errorf("pro Pakistan %+v", pk)
	}
	mixes := stanceMixes(sum)
	alt := stanceMixAlt(mixes, stanceGroups(gs, sum.StanceTones))
	if want := "Stance mix by source, share of each outlet's comments by the side they favour. Unknown outlet (2 comments): No stance 50%, Pro mars 50%. Dawn (3 comments): Pro Pakistan 67%, Balanced 33%."; alt != want {
		t.Errorf("alt\n%q\nwant\n%q", alt, want)
	}
}

func TestTimeline(t *testing.T) {
	sum := readerSummary()
	days := timelineDays(sum)
	if len(days) != 3 || days[1].Comments != 0 || !days[1].RollingOK || days[1].Rolling != -0.4 {
		t.Fatalf("days %+v: want 25–27 Oct, the empty 26th carrying the rolling mean", days)
	}
	// 27 Oct: (2·−0.4 + 3·0) / 5 over 25–27 Oct.
	if r := days[2].Rolling; r < -0.1600001 || r > -0.1599999 {
		t.Errorf("rolling mean of 27 Oct %v, want −0.16", r)
	}
	raw := optionOf(t, timelineOption, testInput(sum))
	var opt struct {
		Title  map[string]any            `json:"title"`
		XAxis  []struct{ Data []string } `json:"xAxis"`
		Series []struct {
			Type       string `json:"type"`
			YAxisIndex int    `json:"yAxisIndex"`
			Data       []struct {
				Value any `json:"value"`
			} `json:"data"`
		} `json:"series"`
	}
	if err := json.Unmarshal(raw, &opt); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(opt.XAxis[0].Data, "|"); got != "25 Oct|26 Oct|27 Oct" {
		t.Errorf("days %q", got)
	}
	if len(opt.Series) != 2 || opt.Series[0].Type != "bar" || opt.Series[1].Type != "line" || opt.Series[1].YAxisIndex != 1 {
		t.Fatalf("series %+v", opt.Series)
	}
	if sub := opt.Title["subtext"].(string); !strings.Contains(sub, "3-day rolling mean") || !strings.Contains(sub, "1 comment with no posted time counted on its article's publication day") {
		t.Errorf("subtitle %q: want the smoothing and the fallback", sub)
	}
	alt := timelineAlt(sum, days)
	want := "Timeline of 5 comments over 3 days, 25–27 Oct 2025: the busiest day is 27 Oct 2025 with 3 comments (mean 0.00). " +
		"The 3-day mean tone runs from −0.40 (25 Oct) to −0.16 (27 Oct). 1 comment with no posted time is counted on the day its article was published."
	if alt != want {
		t.Errorf("alt\n%q\nwant\n%q", alt, want)
	}
	if rows := timelineData(days).Rows; rows[1][0] != "2025-10-26" || rows[1][2] != nil || rows[2][4] != 1 {
		t.Errorf("CSV rows %v", rows)
	}
	c, _ := buildTimeline(testInput(dashboard.Summary{Comments: 1, UndatedComments: 1}))
	if c.Option != nil || c.Alt != "Timeline: no dated comments (1 comment without a date)." {
		t.Errorf("undated: %+v", c)
	}
}

func TestDrivers(t *testing.T) {
	spec := &sentiment.Story{Sides: []sentiment.Group{{ID: "a", Name: xssBreakout}, {ID: "b", Name: "B"}},
		Parties: []sentiment.Group{{ID: "p", Name: "P"}}}
	sum := dashboard.Summary{Quotes: 3, Articles: 1,
		SideTones: []dashboard.SideTone{{Side: "a", Quotes: 2}, {Side: "p", Quotes: 1}},
		Drivers: []dashboard.SideDriver{
			{Side: "a", Text: xssImg, Weight: -1.5, Abs: 1.5, Quotes: 2},
			{Side: "a", Text: "=HYPERLINK(\"x\")", Weight: 0.5, Abs: 0.7, Quotes: 1},
			{Side: "p", Text: "party word", Weight: 1, Abs: 1, Quotes: 1},
		}}
	gs := newGroups(spec).chartGroups(sum.SideTones)
	dgs := driverGroups(sum, gs)
	if len(dgs) != 1 || dgs[0].Group.ID != "a" {
		t.Fatalf("groups %+v: want the one side with drivers, no party", dgs)
	}
	raw := optionOf(t, driversOption, testInput(sum, gs...))
	if strings.ContainsAny(string(raw), "<>&\u2028") || !strings.Contains(string(raw), `\u003cimg src=x`) {
		t.Errorf("option not HTML-safe: %s", raw)
	}
	var opt struct {
		Title  []map[string]any          `json:"title"`
		YAxis  []struct{ Data []string } `json:"yAxis"`
		Series []struct {
			Data []struct {
				Value float64 `json:"value"`
			} `json:"data"`
		} `json:"series"`
	}
	if err := json.Unmarshal(raw, &opt); err != nil {
		t.Fatal(err)
	}
	if len(opt.Title) != 2 || opt.Title[1]["text"] != shorten(xssBreakout, 40) {
		t.Errorf("titles %v: want the side's name heading its panel", opt.Title)
	}
	if got := opt.YAxis[0].Data; len(got) != 2 || got[0] != shorten(xssImg, maxWordLabel) || opt.Series[0].Data[0].Value != -1.5 {
		t.Errorf("words %q, values %+v", got, opt.Series[0].Data)
	}
	csv, err := driversData(dgs).encode()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(csv), `"'=HYPERLINK(""x"")"`) {
		t.Errorf("CSV does not guard the formula: %s", csv)
	}
	if alt := driversAlt(dgs); !strings.Contains(alt, "“"+xssImg+"” −1.50 (2 statements)") {
		t.Errorf("alt %q", alt)
	}
	c, _ := buildDrivers(testInput(dashboard.Summary{}, gs...))
	if c.Option != nil || c.Empty == "" {
		t.Errorf("empty chart %+v", c)
	}
}
