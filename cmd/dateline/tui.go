package main

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/dateline-news/dateline/config"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/tui"
	"github.com/dateline-news/dateline/watch"
)

// tuiMemoryLimit is the Go heap's soft limit in the TUI.
const tuiMemoryLimit = 80 << 20

// tuiFPS is the most frames a second the TUI draws: a key's effect is
// on screen at most 1/120 s after Update (8 ms, against 17 ms at Bubble
// Tea's default 60), and so is the first frame. It costs nothing while
// the screen is still: since Bubble Tea v2.2 the frame ticker stops after
// half a second with nothing to draw and restarts on the next change
// (BENCHMARKS.md, "Everyday speed").
const tuiFPS = 120

// uiSettings checks the config's [keys] and [colors] against the TUI's
// actions and parts of the screen, and returns them ready for tui.Deps.
// A mistake is a config error naming the file, line and field.
func uiSettings(cfg config.Config) (*tui.KeyMap, map[string]string, error) {
	km := tui.DefaultKeyMap()
	line := map[string]int{}
	for _, b := range cfg.Keys {
		if err := km.Bind(b.Action, b.Keys); err != nil {
			return nil, nil, &config.Error{Path: cfg.Path, Line: b.Line, Field: "keys." + b.Action, Msg: err.Error()}
		}
		line[b.Action] = b.Line
	}
	if k, first, second, ok := km.Clash(); ok {
		// Name the action the file set; if it set both, the later line.
		field, at := first, line[first]
		if line[second] >= at {
			field, at = second, line[second]
		}
		other := first
		if field == first {
			other = second
		}
		msg := fmt.Sprintf("%q also does %s; give one of them another key", k, other)
		return nil, nil, &config.Error{Path: cfg.Path, Line: at, Field: "keys." + field, Msg: msg}
	}
	colors := map[string]string{}
	for _, c := range cfg.Colors {
		if err := tui.CheckColor(c.Name); err != nil {
			return nil, nil, &config.Error{Path: cfg.Path, Line: c.Line, Field: "colors." + c.Name, Msg: err.Error()}
		}
		colors[c.Name] = c.Value
	}
	return &km, colors, nil
}

func runTUI(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("tui", e)
	if err := parse(fs, args); err != nil {
		return err
	}
	if len(fs.pos) > 0 {
		return usagef("unexpected argument %q", fs.pos[0])
	}
	a, err := newApp(e, fs.common)
	if err != nil {
		return err
	}
	defer a.close()
	if err := a.connect(ctx); err != nil {
		return err
	}
	// The sample edition's headlines, read from the binary while its new
	// library is made, are painted until the library lists them.
	var preview chan []feeds.Item
	if a.edition != nil {
		preview = make(chan []feeds.Item, 1)
		go func() { preview <- demoPreview(ctx) }()
	}
	// The library file, else (busy, read-only, full, corrupt, newer) an
	// in-memory library through the same code: the status line says why,
	// and the refused file is never touched.
	lib, fileErr, err := a.openLibraryOrMemory()
	if err != nil {
		return err
	}
	defer lib.Close()
	if err := a.syncSources(ctx, lib); err != nil {
		return err
	}
	// The list lives in the library and the heap stays small, but a
	// refresh that brings 100,000 items parses and stores several large
	// feeds at once: a soft limit makes the collector run before the heap
	// doubles (peak RSS 121 MB rather than 133-147 MB; BENCHMARKS.md).
	// GOMEMLIMIT, when set, wins.
	if e.getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(tuiMemoryLimit)
	}
	deps := tui.Deps{
		Pipeline:        a.pipeline(lib),
		LibraryErr:      fileErr,
		Entities:        entity.Extract,
		OpenURL:         browser{getenv: e.getenv, demo: a.edition != nil}.open,
		TerminalBrowser: browser{getenv: e.getenv, demo: a.edition != nil}.terminal,
		Now:             time.Now,
		RefreshEvery:    a.cfg.RefreshInterval,
		Theme:           a.cfg.Theme,
		Colors:          a.colors,
		Keys:            a.keys,
		NoColor:         e.getenv("NO_COLOR") != "",
		Demo:            a.edition != nil,
		NoPrefetch:      !a.cfg.Prefetch,
		Images:          a.cfg.Images,
		Tmux:            e.getenv("TMUX") != "",
		ListWidth:       a.loadUIState().ListWidth,
		SaveListWidth:   a.saveListWidth,
		Version:         version,
		Watches:         a.cfg.Watches,
		SaveWatch:       func(w watch.Watch) error { return config.AddWatch(a.cfg.Path, w) },
		Notifier:        e.notifier,
	}
	if preview != nil {
		deps.Preview = <-preview
	}
	// lipgloss detected the colour profile when it was loaded (inside tmux
	// that runs "tmux info"); Bubble Tea would detect it again, the same
	// way, before its first frame.
	p := tea.NewProgram(tui.New(deps), tea.WithContext(ctx), tea.WithColorProfile(lipgloss.Writer.Profile), tea.WithFPS(tuiFPS))
	if _, err := p.Run(); err != nil && ctx.Err() == nil {
		return fmt.Errorf("terminal: %w", err)
	}
	return nil
}
