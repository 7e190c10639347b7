package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"

	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/config"
	"github.com/dateline-news/dateline/demo"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/ingest"
	"github.com/dateline-news/dateline/tui"
)

// app is the wiring shared by the verbs: config, sources, the one HTTP
// fetcher, and the sample edition when --demo is on.
type app struct {
	e       *env
	flags   common
	cfg     config.Config
	sources []feeds.Source
	fetcher *feeds.Fetcher
	edition *demo.Edition     // --demo: the edition's server and library folder
	keys    *tui.KeyMap       // [keys] applied to the defaults
	colors  map[string]string // [colors]
	remote  ingest.Remote     // the sync server ([sync]), once connect made it
}

// newApp loads the config and builds the fetcher. Config errors come back
// as configError (exit 2), before any TUI starts.
func newApp(e *env, c common) (*app, error) {
	a := &app{e: e, flags: c}
	cfg, _, err := loadConfig(e, c)
	if err != nil {
		return nil, err
	}
	a.cfg = cfg
	if a.keys, a.colors, err = uiSettings(cfg); err != nil {
		return nil, configError{err}
	}
	for _, u := range c.feeds {
		if err := config.CheckURL(u); err != nil {
			return nil, usagef("--feed %s", err)
		}
	}
	switch {
	case c.demo:
		if len(c.feeds) > 0 {
			return nil, usagef("--demo and --feed cannot be used together")
		}
		ed, err := demo.Open(e.getenv("TMPDIR"))
		if err != nil {
			return nil, err
		}
		a.edition = ed
		for _, s := range ed.Sources() {
			a.sources = append(a.sources, feeds.Source{Name: s[0], URL: s[1]})
		}
	case len(c.feeds) > 0:
		for _, u := range c.feeds {
			a.sources = append(a.sources, feeds.Source{Name: feeds.URLName(u), URL: u, Untitled: true})
		}
	default:
		for _, s := range cfg.Sources {
			a.sources = append(a.sources, feeds.Source{Name: s.Name, URL: s.URL, Untitled: s.Untitled})
		}
	}
	fo := feeds.Options{
		Timeout:      cfg.RequestTimeout,
		UserAgent:    "Dateline/" + version + " (+terminal news reader)",
		AllowPrivate: cfg.AllowPrivateAddresses,
	}
	if a.edition != nil {
		fo.Client = &http.Client{Transport: a.edition.Transport()}
	}
	a.fetcher = feeds.NewFetcher(fo)
	return a, nil
}

// close stops the sample edition and removes its library folder.
func (a *app) close() {
	if a.edition != nil {
		_ = a.edition.Close()
	}
}

// dataDir is --data-dir, else $XDG_DATA_HOME/dateline, else
// ~/.local/share/dateline. The sample edition never touches it: it has a
// folder of its own.
func (a *app) dataDir() string {
	if a.edition != nil {
		return a.edition.Dir
	}
	if a.flags.dataDir != "" {
		return a.flags.dataDir
	}
	base := a.e.getenv("XDG_DATA_HOME")
	if base == "" || !filepath.IsAbs(base) {
		base = filepath.Join(homeDir(a.e), ".local", "share")
	}
	return filepath.Join(base, "dateline")
}

// readArticle fetches and extracts every page of the article at u.
func (a *app) readArticle(ctx context.Context, u string) (*article.Article, error) {
	return article.Fetch(ctx, func(ctx context.Context, u string) ([]byte, string, error) {
		p, err := a.fetcher.Get(ctx, u)
		if err != nil {
			return nil, "", err
		}
		return p.Body, p.ContentType, nil
	}, u)
}

// fetchImage fetches a picture of an article (the same pool, caps,
// time-out and address policy as pages).
func (a *app) fetchImage(ctx context.Context, u string) ([]byte, string, error) {
	p, err := a.fetcher.Get(ctx, u)
	if err != nil {
		return nil, "", err
	}
	return p.Body, p.ContentType, nil
}

func homeDir(e *env) string {
	if h := e.getenv("HOME"); h != "" {
		return h
	}
	h, _ := os.UserHomeDir()
	return h
}
