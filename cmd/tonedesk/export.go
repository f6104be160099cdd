package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/tonedesk/tonedesk/dashboard/store"
	"github.com/tonedesk/tonedesk/dashboard/web"
	"github.com/tonedesk/tonedesk/dashboard/web/render"
)

const exportSynopsis = `tonedesk export --db DSN --story ID --chart NAME [--format png|svg|csv|txt] --out FILE [image flags] [filter flags]
       tonedesk export --db DSN --story ID --all --out DIR [--chart NAME] [--format F] [image flags] [filter flags]

Writes a chart of a story as a PNG or SVG image, the CSV of its numbers or
its alt text (txt): the same files as the dashboard's chart links. --out -
writes to standard output; without --format, the format is --out's
extension. With --all, every chart in every format (or those --chart and
--format name) goes into DIR, named after story, chart, size and theme.

Charts: ` + "tone-by-side-statements, tone-by-source, comment-sentiment, side-source-heatmap" + `.
Image flags: --preset article (720×405 at 2x), social (1200×630), square
(1080×1080); --width and --height (200–4000, default 1200×675), --scale 1
or 2 (PNG), --theme light or dark; a flag given overrides the preset.
Filter flags, as the story page's filter: --source OUTLET (repeat it for
more outlets; --source '' is the articles with no outlet), --from DAY and
--to DAY (YYYY-MM-DD, both included, in UTC) bound the articles' published
day. The charts' subtitles state the filter.`

func runExport(ctx context.Context, e env, args []string) error {
	var c config
	c.load(e.getenv)
	fs := flagSet("export", exportSynopsis, e.stderr)
	c.dbFlag(fs)
	story := fs.String("story", "", "id of the story")
	chart := fs.String("chart", "", "chart name")
	format := fs.String("format", "", "png, svg, csv or txt (alt text)")
	out := fs.String("out", "", "file to write (- for standard output), or directory with --all")
	all := fs.Bool("all", false, "export every chart in every format into the --out directory")
	var set web.ImageSettings
	fs.StringVar(&set.Preset, "preset", "", "image preset: article, social or square")
	fs.IntVar(&set.Width, "width", 0, "image width in CSS pixels, 200–4000 (default 1200)")
	fs.IntVar(&set.Height, "height", 0, "image height in CSS pixels, 200–4000 (default 675)")
	fs.IntVar(&set.Scale, "scale", 0, "PNG scale, 1 or 2 (default 1)")
	fs.StringVar(&set.Theme, "theme", "", "light or dark (default light)")
	var sources []string
	fs.Func("source", "only the articles of this outlet (repeatable; '' for articles with no outlet)", func(v string) error {
		sources = append(sources, v)
		return nil
	})
	from := fs.String("from", "", "only articles published from this day, YYYY-MM-DD")
	to := fs.String("to", "", "only articles published up to this day (included), YYYY-MM-DD")
	timeout := fs.Duration("timeout", time.Minute, "stop an image that takes longer to draw")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	usage := func(format string, a ...any) error {
		return exitError{code: 2, err: fmt.Errorf("export: "+format, a...)}
	}
	switch {
	case fs.NArg() > 0:
		return usage("unexpected argument %q", fs.Arg(0))
	case *story == "":
		return usage("--story is required: the id of the story")
	case *out == "":
		return usage("--out is required: the file (or, with --all, the directory) to write")
	case !*all && *chart == "":
		return usage("--chart is required (or --all): one of %s", strings.Join(web.ChartNames(), ", "))
	case *all && *out == "-":
		return usage("--all writes files into a directory, not to standard output")
	}
	if *chart != "" && !slices.Contains(web.ChartNames(), *chart) {
		return usage("there is no chart %q: use %s", *chart, strings.Join(web.ChartNames(), ", "))
	}
	if !*all && *format == "" {
		*format = strings.TrimPrefix(filepath.Ext(*out), ".")
		if *format == "" {
			return usage("--format is required when --out has no extension")
		}
	}
	if *format != "" && !slices.Contains(web.Formats(), *format) {
		return usage("there is no format %q: use %s", *format, strings.Join(web.Formats(), ", "))
	}
	opts, err := set.Resolve()
	if err != nil {
		return exitError{code: 2, err: fmt.Errorf("export: %w", err)}
	}
	filter, err := web.ParseFilter(sources, *from, *to, time.UTC)
	if err != nil {
		return exitError{code: 2, err: fmt.Errorf("export: %w", err)}
	}

	charts, formats := web.ChartNames(), web.Formats()
	if *chart != "" {
		charts = []string{*chart}
	}
	if *format != "" {
		formats = []string{*format}
	}
	st, err := store.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	var r *render.Renderer
	if slices.ContainsFunc(formats, func(f string) bool { return f == web.FormatPNG || f == web.FormatSVG }) {
		log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
		if r, err = newRenderer(ctx, renderConfig{Runtimes: 1, Timeout: *timeout}, log, e.stderr); err != nil {
			return fmt.Errorf("export: chart renderer: %w", err)
		}
		defer r.Close()
	}
	x := web.NewExporter(st, r, nil)

	if !*all {
		f, err := x.Export(ctx, web.ExportRequest{Story: *story, Chart: *chart, Format: *format, Image: opts, Filter: filter})
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if *out == "-" {
			_, err = e.stdout.Write(f.Body)
			return err
		}
		if err := writeFileAtomic(*out, f.Body); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		fmt.Fprintf(e.stdout, "wrote %s (%s)\n", *out, sizeText(len(f.Body)))
		return nil
	}
	return exportAll(ctx, e, x, web.ExportRequest{Story: *story, Image: opts, Filter: filter}, charts, formats, *out)
}

// exportAll writes every chart in every format into dir, with progress on
// a terminal and a summary line; base gives the story, the image options and
// the filter. The story and its summary are read once for all the files.
// A chart with nothing to draw yet has no image: it is skipped, not an
// error.
func exportAll(ctx context.Context, e env, x *web.Exporter, base web.ExportRequest, charts, formats []string, dir string) error {
	story := base.Story
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	sx, err := x.Story(ctx, story, base.Filter)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	progress := isTerminal(e.stderr)
	start := time.Now()
	total := len(charts) * len(formats)
	var written, bytes int
	var skipped []string
	i := 0
	for _, chart := range charts {
		for _, format := range formats {
			i++
			if progress {
				fmt.Fprintf(e.stderr, "\r\033[K[%d/%d] %s.%s", i, total, chart, format)
			}
			f, err := sx.Export(ctx, chart, format, base.Image)
			if errors.Is(err, web.ErrNoData) {
				skipped = append(skipped, chart+"."+format)
				continue
			}
			if err != nil {
				if progress {
					fmt.Fprint(e.stderr, "\r\033[K")
				}
				return fmt.Errorf("export: %w", err)
			}
			if err := writeFileAtomic(filepath.Join(dir, f.Name), f.Body); err != nil {
				return fmt.Errorf("export: %w", err)
			}
			written++
			bytes += len(f.Body)
		}
	}
	if progress {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	fmt.Fprintf(e.stdout, "exported %s (%s × %s, %s) of story %s to %s in %v",
		plural(written, "file"), plural(len(charts), "chart"), plural(len(formats), "format"),
		sizeText(bytes), story, dir, time.Since(start).Round(10*time.Millisecond))
	if len(skipped) > 0 {
		fmt.Fprintf(e.stdout, "; skipped %d with nothing to draw yet: %s", len(skipped), strings.Join(skipped, ", "))
	}
	fmt.Fprintln(e.stdout)
	return nil
}

// sizeText writes a byte count for people: "812 B", "48.2 kB", "1.3 MB".
func sizeText(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f kB", float64(n)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
