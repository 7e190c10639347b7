package main

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/store"
	"github.com/dateline-news/dateline/tui"
)

// tuiMemoryLimit is the Go heap's soft limit in the TUI with a library.
const tuiMemoryLimit = 80 << 20

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
	// The library: a newer or corrupt file stops here, with its name
	// (exit 1; the file is left as it is). Busy, read-only or unwritable:
	// the TUI starts without it and says why in its status line.
	lib, libErr := a.openStore(false)
	if libErr != nil {
		if errors.Is(libErr, store.ErrNewer) || errors.Is(libErr, store.ErrCorrupt) {
			return libErr
		}
		lib = nil
	} else {
		defer lib.Close()
		// With the library the list lives on disk and the heap stays
		// small, but a refresh that brings 100,000 items parses and
		// stores several large feeds at once: a soft limit makes the
		// collector run before the heap doubles (peak RSS 121 MB rather
		// than 133-147 MB; BENCHMARKS.md). Without the library every
		// headline is in memory, so no limit. GOMEMLIMIT, when set, wins.
		if e.getenv("GOMEMLIMIT") == "" {
			debug.SetMemoryLimit(tuiMemoryLimit)
		}
	}
	theme := a.cfg.Theme
	deps := tui.Deps{
		Sources: a.sources,
		Fetch: func(ctx context.Context, src feeds.Source, cond feeds.Conditional) feeds.Result {
			return a.fetcher.Fetch(ctx, src, cond)
		},
		Article:      a.readArticle,
		Entities:     entity.Extract,
		Regions:      entity.Regions,
		OpenURL:      openURL(e.getenv),
		Now:          time.Now,
		RefreshEvery: a.cfg.RefreshInterval,
		Theme:        theme,
		NoColor:      e.getenv("NO_COLOR") != "",
		Demo:         a.demo != nil,
		Offline:      a.flags.offline,
		Version:      version,
		Library:      lib,
		LibraryErr:   libErr,
		KeepDays:     a.cfg.KeepDays,
	}
	// lipgloss detected the colour profile when it was loaded (inside tmux
	// that runs "tmux info"); Bubble Tea would detect it again, the same
	// way, before its first frame.
	p := tea.NewProgram(tui.New(deps), tea.WithContext(ctx), tea.WithColorProfile(lipgloss.Writer.Profile))
	if _, err := p.Run(); err != nil && ctx.Err() == nil {
		return fmt.Errorf("terminal: %w", err)
	}
	return nil
}
