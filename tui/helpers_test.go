package tui

import (
	"errors"
	"github.com/dateline-news/dateline/internal/fixtures"

	"context"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/config"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/feeds/feedstest"
	"github.com/dateline-news/dateline/ingest"
	"github.com/dateline-news/dateline/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixtureRoot holds the hostile inputs (bad/); the pages are fixtures.FS.
const fixtureRoot = "../testdata/chinadaily"

var (
	beijing = time.FixedZone("CST", 8*3600)
	// The reader's zone in every test.
	testZone = time.FixedZone("CET", 3600)
	// The clock in every test: the morning after the newest fixture item.
	testNow = time.Date(2019, 11, 23, 9, 0, 0, 0, beijing)
)

func fixedNow() time.Time { return testNow }

// golden compares got with testdata/<name>.golden; -update rewrites it.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui -run %s -update to create it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file:\n%s", name, lineDiff(string(want), got))
	}
}

func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			fmt.Fprintf(&b, "line %d:\n- %q\n+ %q\n", i+1, w, g)
		}
	}
	return b.String()
}

// scheduled is what a timer Cmd returns under test: the harness keeps it
// instead of sleeping, and a test fires it when it wants.
type scheduled struct {
	d   time.Duration
	msg tea.Msg
}

// harness drives a Model through its real Update and View.
type harness struct {
	t      testing.TB
	m      *Model
	timers []scheduled
	quit   bool
	// hold, when set, keeps matching result messages back; release
	// delivers them later (a slow network, made deterministic).
	hold func(tea.Msg) bool
	held []tea.Msg
	w, h int
}

// testDeps are a test's parts: the TUI's settings and what its pipeline
// is built from. A nil Library is a new library file in t.TempDir().
type testDeps struct {
	Sources      []feeds.Source
	Fetch        func(ctx context.Context, src feeds.Source, cond feeds.Conditional) feeds.Result
	Article      func(ctx context.Context, url string) (*article.Article, error)
	FetchImage   func(ctx context.Context, url string) ([]byte, string, error)
	Entities     func(text string) []entity.Span
	Regions      func(spans []entity.Span) []string
	OpenURL      func(url string) error
	Now          func() time.Time
	RefreshEvery time.Duration
	Theme        string
	NoColor      bool
	Demo         bool
	Offline      bool
	Version      string
	Location     *time.Location
	Library      *store.Store
	LibraryErr   error
	KeepDays     int
}

// build opens the library (unless given) and the pipeline over it, as
// cmd/dateline wires them, and returns the TUI's Deps.
func (d testDeps) build(t testing.TB) Deps {
	t.Helper()
	if d.Now == nil {
		d.Now = fixedNow
	}
	if d.Location == nil {
		d.Location = testZone
	}
	if d.Regions == nil && d.Entities != nil {
		d.Regions = entity.Regions
	}
	library := d.Library
	if library == nil {
		var err error
		library, err = store.Open(filepath.Join(t.TempDir(), "library.db"),
			store.Options{Entities: d.Entities, Regions: d.Regions, Now: d.Now, SourceRank: fixtureRank})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { closeLib(library) })
	}
	p := ingest.New(ingest.Config{Library: library, Sources: d.Sources, Fetch: d.Fetch, ReadArticle: d.Article, FetchImage: d.FetchImage,
		Entities: d.Entities, Offline: d.Offline, PruneBefore: config.Config{KeepDays: d.KeepDays}.PruneBefore, Now: d.Now})
	return Deps{Pipeline: p, LibraryErr: d.LibraryErr, Entities: d.Entities, OpenURL: d.OpenURL, Now: d.Now,
		RefreshEvery: d.RefreshEvery, Theme: d.Theme, NoColor: d.NoColor, Demo: d.Demo, Version: d.Version,
		Location: d.Location}
}

func newHarness(t testing.TB, td testDeps, w, h int) *harness {
	t.Helper()
	return newHarnessWith(t, td, w, h, nil)
}

// newHarnessWith is newHarness with a last change to the TUI's Deps.
func newHarnessWith(t testing.TB, td testDeps, w, h int, change func(*Deps)) *harness {
	t.Helper()
	deps := td.build(t)
	if change != nil {
		change(&deps)
	}
	m := New(deps)
	m.tick = func(d time.Duration, msg tea.Msg) tea.Cmd {
		return func() tea.Msg { return scheduled{d, msg} }
	}
	hs := &harness{t: t, m: m, w: w, h: h}
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(hs.m.Init())
	hs.settleIndex()
	return hs
}

// settleIndex waits for the library's background indexer to catch up
// with what the start-up refresh stored, then lets the TUI's poll see it
// (as its timer would), so a test's filter searches everything.
func (h *harness) settleIndex() {
	h.t.Helper()
	// (a library opened read-only cannot index; its tests say so)
	if err := h.m.library.WaitIndexed(context.Background()); err != nil && !errors.Is(err, store.ErrReadOnly) {
		h.t.Fatalf("indexing: %v", err)
	}
	h.fire(func(msg tea.Msg) bool { _, ok := msg.(pendingPollMsg); return ok })
	if h.m.list.pending > 0 || h.m.list.pollDue {
		h.send(pendingPollMsg{})
	}
}

// send feeds one message to Update and runs what it returns.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	next, cmd := h.m.Update(msg)
	h.m = next.(*Model)
	h.run(cmd)
}

// run executes a Cmd and feeds its messages back, breadth first,
// unpacking batches. Timer Cmds are collected, not waited for.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- c() }()
		var msg tea.Msg
		select {
		case msg = <-done:
		case <-time.After(20 * time.Second):
			h.t.Fatal("a Cmd did not return within 20s")
		}
		switch msg := msg.(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case scheduled:
			h.timers = append(h.timers, msg)
		case tea.QuitMsg:
			h.quit = true
		default:
			if h.hold != nil && h.hold(msg) {
				h.held = append(h.held, msg)
				continue
			}
			next, cmd := h.m.Update(msg)
			h.m = next.(*Model)
			queue = append(queue, cmd)
		}
	}
}

// release delivers the held messages that match, in order.
func (h *harness) release(match func(tea.Msg) bool) int {
	h.t.Helper()
	var keep, due []tea.Msg
	for _, m := range h.held {
		if match(m) {
			due = append(due, m)
		} else {
			keep = append(keep, m)
		}
	}
	h.held = keep
	for _, m := range due {
		h.send(m)
	}
	return len(due)
}

// fire delivers the pending timers whose message matches, in order.
func (h *harness) fire(match func(tea.Msg) bool) int {
	h.t.Helper()
	var keep, due []scheduled
	for _, s := range h.timers {
		if match(s.msg) {
			due = append(due, s)
		} else {
			keep = append(keep, s)
		}
	}
	h.timers = keep
	for _, s := range due {
		h.send(s.msg)
	}
	return len(due)
}

func isSettle(m tea.Msg) bool      { _, ok := m.(settleMsg); return ok }
func isStatusClear(m tea.Msg) bool { _, ok := m.(statusClearMsg); return ok }

// keyMsg builds the KeyPressMsg a terminal sends for a key name.
func keyMsg(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

func (h *harness) key(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		if r == ' ' {
			h.send(keyMsg("space"))
			continue
		}
		h.send(keyMsg(string(r)))
	}
}

// screen is the view without styles.
func (h *harness) screen() string { return ansi.Strip(h.m.View().Content) }

// rowTitles lists the titles of the visible rows, in order.
func (h *harness) rowTitles() []string {
	var out []string
	for _, e := range h.m.list.pane.rows {
		out = append(out, e.item.Title)
	}
	return out
}

// checkFrame asserts that the frame is exactly w x h cells.
func checkFrame(t *testing.T, v string, w, h int) {
	t.Helper()
	if w <= 0 || h <= 0 {
		if v != "" {
			t.Fatalf("%dx%d: want an empty frame, got %q", w, h, v)
		}
		return
	}
	lines := strings.Split(v, "\n")
	if len(lines) != h {
		t.Fatalf("%dx%d: %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw != w {
			t.Fatalf("%dx%d: line %d is %d cells: %q", w, h, i, lw, ansi.Strip(l))
		}
	}
}

// fixtureSources serves the China Daily fixtures on loopback and returns
// the two default sources pointed at it, with a real fetcher.
func fixtureDeps(t *testing.T) (testDeps, *httptest.Server) {
	t.Helper()
	srv := feedstest.NewServerFS(t, fixtures.FS())
	f := feeds.NewFetcher(feeds.Options{Client: srv.Client(), Now: fixedNow, Timeout: 10 * time.Second})
	return testDeps{
		Sources: []feeds.Source{
			{Name: "China Daily · Asia-Pacific", URL: srv.URL + "/world/asia_pacific"},
			{Name: "China Daily · World", URL: srv.URL + "/rss/world_rss.xml"},
		},
		Fetch:    f.Fetch,
		Entities: entity.Extract,
		Now:      fixedNow,
		Location: testZone,
		Theme:    "dark",
	}, srv
}

// fakeArticles is a Deps.Article that returns a canned article per URL
// and records every call.
type fakeArticles struct {
	mu    sync.Mutex
	calls []string
	errs  map[string]error
	make  func(url string) *article.Article
}

func (f *fakeArticles) get(_ context.Context, url string) (*article.Article, error) {
	f.mu.Lock()
	f.calls = append(f.calls, url)
	err := f.errs[url]
	f.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return f.make(url), nil
}

func (f *fakeArticles) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

// seedID is in the seed article's URL.
const seedID = "WS5dd344f2a310cf3e355784fb"

// sampleArticle is a made-up reader-mode result: for the seed URL, one
// block of every kind and two links; for any other URL a short article.
func sampleArticle(url string) *article.Article {
	if !strings.Contains(url, seedID) {
		return &article.Article{
			URL: url, Title: "Another article", Source: "China Daily", Pages: 1,
			Blocks: []article.Block{{Kind: article.Paragraph, Text: "Reader-mode text of another article."}},
		}
	}
	p1 := "Defense Minister Taro Kono met his counterpart in Bangkok on Sunday, Kyodo News reported, and said Tokyo would keep GSOMIA under review."
	return &article.Article{
		URL: url, Title: "Pressure kept on Seoul for intelligence pact with Japan",
		Byline: "Wang Xu", Place: "Tokyo", Source: "China Daily", Section: "Asia Pacific",
		Published: time.Date(2019, 11, 19, 9, 27, 0, 0, beijing), Pages: 2,
		Blocks: []article.Block{
			{Kind: article.Image, Text: "Ministers at the meeting in Bangkok", Src: "https://img.example/1.jpg"},
			{Kind: article.Caption, Text: "Taro Kono speaks to reporters in Bangkok. [Photo/IC]"},
			{Kind: article.Paragraph, Text: p1, Links: []article.InlineLink{{Start: strings.Index(p1, "Kyodo News"), End: strings.Index(p1, "Kyodo News") + len("Kyodo News"), URL: "https://english.kyodonews.net/"}}},
			{Kind: article.Heading, Level: 2, Text: "Talks in Bangkok"},
			{Kind: article.Quote, Text: "We will continue to ask Seoul to make a wise decision, Taro Kono said."},
			{Kind: article.ListItem, Level: 1, Text: "The pact expires at midnight on Saturday."},
			{Kind: article.ListItem, Level: 2, Text: "Seoul said it would let it lapse."},
			{Kind: article.Preformatted, Text: "year  talks\n2016  signed"},
			{Kind: article.Paragraph, Text: "A paragraph from the second page: Seoul and Tokyo met again in Bangkok, Kono said."},
		},
		Links: []article.Link{{Text: "Kyodo News", URL: "https://english.kyodonews.net/"}, {Text: "ASEAN", URL: "https://asean.org/"}},
	}
}

// fakeEntities finds a fixed list of names: deterministic, so the TUI's
// entity features are tested apart from the extractor's quality.
func fakeEntities(text string) []entity.Span {
	names := []struct {
		s     string
		label entity.Label
		canon string
	}{
		{"Taro Kono", entity.Person, "Taro Kono"},
		{"Jeong Kyeong-doo", entity.Person, "Jeong Kyeong-doo"},
		{"Mark Esper", entity.Person, "Mark Esper"},
		{"Seoul", entity.Place, "Seoul"},
		{"Tokyo", entity.Place, "Tokyo"},
		{"Bangkok", entity.Place, "Bangkok"},
		{"Japan", entity.Place, "Japan"},
		{"New South Wales", entity.Place, "New South Wales"},
		{"Kenya", entity.Place, "Kenya"},
		{"Kyodo News", entity.Org, "Kyodo News"},
		{"ASEAN", entity.Org, "ASEAN"},
	}
	var out []entity.Span
	for _, n := range names {
		for off := 0; ; {
			i := strings.Index(text[off:], n.s)
			if i < 0 {
				break
			}
			s := off + i
			out = append(out, entity.Span{Start: s, End: s + len(n.s), Label: n.label, Text: n.s, Canonical: n.canon})
			off = s + len(n.s)
		}
	}
	// Document-level consistency, as the real extractor has it: a lone
	// "Kono" after a "Taro Kono" in the same text is Taro Kono.
	if first := strings.Index(text, "Taro Kono"); first >= 0 {
		for off := first + len("Taro Kono"); ; {
			i := strings.Index(text[off:], "Kono")
			if i < 0 {
				break
			}
			s := off + i
			if !strings.HasSuffix(text[:s], "Taro ") {
				out = append(out, entity.Span{Start: s, End: s + 4, Label: entity.Person, Text: "Kono", Canonical: "Taro Kono"})
			}
			off = s + 4
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// fakeRegions maps the places fakeEntities knows to regions.
func fakeRegions(spans []entity.Span) []string {
	region := map[string]string{
		"Seoul": "East Asia", "Tokyo": "East Asia", "Japan": "East Asia",
		"Bangkok": "Southeast Asia", "New South Wales": "Oceania", "Kenya": "Africa",
	}
	var out []string
	seen := map[string]bool{}
	for _, s := range spans {
		if r, ok := region[s.Canonical]; ok && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}
