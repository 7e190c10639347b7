package tui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/ingest"
	"github.com/dateline-news/dateline/query"
	"github.com/dateline-news/dateline/store"
	"github.com/dateline-news/dateline/store/gen"
)

// Library tests run the TUI on a real SQLite library in t.TempDir(), with
// the real entity extractor and region tags.

func libOptions(now func() time.Time) store.Options {
	return store.Options{Now: now, Entities: entity.Extract, Regions: entity.Regions, SourceRank: fixtureRank}
}

// fixtureRank ranks the fixture sources as the app ranks the user's
// (ingest.LibraryOptions): the Asia-Pacific desk, then the World feed,
// whatever port the fixture server has. An article both carry is the
// desk's, whichever fetch ends first.
func fixtureRank(u string) (int, bool) {
	switch {
	case strings.HasSuffix(u, "/world/asia_pacific"):
		return 0, true
	case strings.HasSuffix(u, "/rss/world_rss.xml"):
		return 1, true
	}
	return 0, false
}

// openLib opens (creating) a library file and closes it with the test.
func openLib(t testing.TB, path string, o store.Options) *store.Store {
	t.Helper()
	st, err := store.Open(path, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeLib(st) })
	return st
}

var closed sync.Map

// closeLib closes a library once (a second Close panics in the store).
func closeLib(st *store.Store) {
	if _, done := closed.LoadOrStore(st, true); !done {
		st.Close()
	}
}

func newLib(t testing.TB) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "library.db")
	return openLib(t, path, libOptions(fixedNow)), path
}

// countingFetch wraps a fetch function and counts its calls.
type countingFetch struct {
	mu    sync.Mutex
	n     int
	conds []feeds.Conditional
	fetch func(context.Context, feeds.Source, feeds.Conditional) feeds.Result
}

func (c *countingFetch) Fetch(ctx context.Context, s feeds.Source, cond feeds.Conditional) feeds.Result {
	c.mu.Lock()
	c.n++
	c.conds = append(c.conds, cond)
	c.mu.Unlock()
	return c.fetch(ctx, s, cond)
}

func (c *countingFetch) calls() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// realArticles is reader mode on the fixture server: every page fetched
// and extracted by the article package.
type realArticles struct {
	f     *feeds.Fetcher
	mu    sync.Mutex
	calls int
}

func (r *realArticles) get(ctx context.Context, u string) (*article.Article, error) {
	r.mu.Lock()
	r.calls++
	r.mu.Unlock()
	return article.Fetch(ctx, func(ctx context.Context, u string) ([]byte, string, error) {
		p, err := r.f.Get(ctx, u)
		if err != nil {
			return nil, "", err
		}
		return p.Body, p.ContentType, nil
	}, u)
}

func (r *realArticles) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls
}

// libDeps is fixtureDeps with the library, the real extractor and real
// reader mode on the fixture server.
func libDeps(t *testing.T, st *store.Store) (testDeps, *realArticles, string) {
	t.Helper()
	d, srv := fixtureDeps(t)
	d.Library = st
	d.Entities, d.Regions = entity.Extract, entity.Regions
	ra := &realArticles{f: feeds.NewFetcher(feeds.Options{Client: srv.Client(), Now: fixedNow, Timeout: 10 * time.Second})}
	d.Article = ra.get
	return d, ra, srv.URL
}

// seedFixtures stores what the fixture sources serve, as a refresh would
// (fetched at the time given, if any).
func seedFixtures(t *testing.T, st *store.Store, d testDeps, at ...time.Time) {
	t.Helper()
	for _, src := range d.Sources {
		res := d.Fetch(context.Background(), src, feeds.Conditional{})
		if res.Err != nil {
			t.Fatal(res.Err)
		}
		if len(at) > 0 {
			res.FetchedAt = at[0]
		}
		if _, err := st.PutResult(context.Background(), res); err != nil {
			t.Fatal(err)
		}
	}
	// Searchable before the test goes on (or closes it for a read-only
	// open, which cannot index).
	if err := st.WaitIndexed(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func (h *harness) filterText() string { return h.m.filter.View() }

// Start-up paints the stored headlines from the library before any fetch,
// then refreshes.
func TestLibraryStartupPaintsBeforeFetch(t *testing.T) {
	st, _ := newLib(t)
	d, _, _ := libDeps(t, st)
	seedFixtures(t, st, d)
	cf := &countingFetch{fetch: d.Fetch}
	d.Fetch = cf.Fetch

	h := &harness{t: t, m: New(d.build(t)), w: 140, h: 40}
	h.m.tick = func(dur time.Duration, msg tea.Msg) tea.Cmd {
		return func() tea.Msg { return scheduled{dur, msg} }
	}
	h.send(tea.WindowSizeMsg{Width: 140, Height: 40})
	if !strings.Contains(h.screen(), "Reading the library") {
		t.Errorf("first frame:\n%s", h.screen())
	}
	// Init's Cmds: the library page (and the index's progress), no fetch.
	var page tea.Msg
	var rest []tea.Cmd
	for _, c := range unbatch(h.m.Init()) {
		msg := c()
		if p, ok := msg.(pageMsg); ok {
			page = p
			continue
		}
		if _, ok := msg.(refreshMsg); ok {
			t.Fatal("Init fetches before the library is painted")
		}
	}
	if page == nil {
		t.Fatal("Init does not read the library")
	}
	if cf.calls() != 0 {
		t.Fatalf("%d fetches before the first paint", cf.calls())
	}
	next, cmd := h.m.Update(page)
	h.m = next.(*Model)
	scr := h.screen()
	if got := h.rowTitles(); len(got) != 8 || !strings.Contains(strings.Join(got, "\n"), seedTitle) || !strings.Contains(scr, "Asia-Pacific · 8") {
		t.Fatalf("stored headlines not painted (%d rows):\n%s", len(got), scr)
	}
	if !strings.Contains(scr, "0 of 2 sources") {
		t.Errorf("no refresh progress:\n%s", scr)
	}
	if cf.calls() != 0 {
		t.Fatal("fetched before the paint")
	}
	rest = append(rest, cmd)
	for _, c := range rest {
		h.run(c)
	}
	if cf.calls() != 2 {
		t.Fatalf("the refresh after the paint made %d fetches", cf.calls())
	}
	// The refresh used the validators the library kept.
	for _, c := range cf.conds {
		if c == (feeds.Conditional{}) {
			t.Errorf("refresh without the stored validators: %+v", cf.conds)
		}
	}
	if got := h.rowTitles(); len(got) != 8 {
		t.Errorf("after the refresh: %d rows", len(got))
	}
	if !strings.Contains(h.screen(), "Updated · nothing new") {
		t.Errorf("no refresh summary:\n%s", h.screen())
	}
}

func unbatch(cmd tea.Cmd) []tea.Cmd {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Cmd
		for _, c := range b {
			out = append(out, unbatch(c)...)
		}
		return out
	}
	return []tea.Cmd{func() tea.Msg { return msg }}
}

// The Asia-Pacific view is the library's is:asia-pacific: 8 of the World
// feed's 12 items by their main region, the Philippine story (no place,
// filed under Asia Pacific) included.
func TestLibraryAsiaPacificView(t *testing.T) {
	st, _ := newLib(t)
	d, _, base := libDeps(t, st)
	d.Sources = []feeds.Source{{Name: "China Daily · World", URL: base + "/rss/world_rss.xml"}}
	h := newHarness(t, d, 140, 40)
	want := []string{
		"Firefighters in New South Wales brace for hotter weekend",
		"Bengaluru tests electric buses on busy airport route",
		"Philippine farmers turn to drought-tolerant rice as dry season nears",
		seedTitle,
		"Mekong countries agree to share dry-season river data",
		"Lanterns light up Seoul's Cheonggyecheon stream",
		"Tokyo exhibition traces calligraphy from Tang Dynasty to Reiwa era",
		"New Zealand kiwifruit growers expect record export season",
	}
	if got := h.rowTitles(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Asia-Pacific view:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(h.screen(), "Asia-Pacific · 8") {
		t.Errorf("header count:\n%s", h.screen())
	}
	h.key("v")
	if h.m.list.view != ViewAll || len(h.rowTitles()) != 12 || !strings.Contains(h.screen(), "All regions · 12") {
		t.Errorf("v: view %v, %d rows:\n%s", h.m.list.view, len(h.rowTitles()), h.screen())
	}
	// The view is a query of the library: its count is SQL too.
	if n, err := st.CountMatches(context.Background(), query.Parse("is:asia-pacific", nil)); err != nil || n != 8 {
		t.Errorf("is:asia-pacific counts %d, %v", n, err)
	}
}

func TestLibraryFilterRunsOnTheLibrary(t *testing.T) {
	st, _ := newLib(t)
	d, _, _ := libDeps(t, st)
	h := newHarness(t, d, 140, 40)
	h.key("/")
	h.typeText("gsomi") // a prefix, as typed
	if got := h.rowTitles(); len(got) != 1 || got[0] != seedTitle {
		t.Fatalf("gsomi: %q", got)
	}
	if !strings.Contains(ansiStrip(h.filterText()), "1 of 8") {
		t.Errorf("filter count: %q", ansiStrip(h.filterText()))
	}
	// Field filters reach the library with the view: the rows are the
	// library's answer to the filter in the Asia-Pacific view.
	for _, q := range []string{
		"source:china seoul", "-seoul source:daily", "is:unread", "is:starred",
		"after:2019-11-21", "before:2019-11-19", "kiwifruit sort:relevance", "place:Seoul", "seoul -lanterns",
	} {
		h.key("esc", "/")
		h.typeText(q)
		hs, _, err := st.Search(context.Background(), query.Parse(q+" is:asia-pacific", testZone), 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, r := range hs {
			want = append(want, r.Title)
		}
		if len(want) == 0 && q != "is:starred" {
			t.Errorf("%s: the library finds nothing; a poor test", q)
		}
		if got := h.rowTitles(); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: rows\n%s\nthe library's\n%s", q, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	h.key("esc")
	if len(h.rowTitles()) != 8 || h.m.filter.Active() {
		t.Errorf("esc: %d rows", len(h.rowTitles()))
	}
	// Stale results are dropped: an answer to an older keystroke.
	seq := h.m.list.sequence
	h.send(pageMsg{Seq: seq - 1, Reset: true, Items: -1})
	if len(h.rowTitles()) != 8 {
		t.Errorf("a stale page was applied: %d rows", len(h.rowTitles()))
	}
}

func ansiStrip(s string) string { return strings.TrimSpace(ansi.Strip(s)) }

// Save the seed article (both pages, entities) with s, then, offline,
// find it by person:"Taro Kono" and read both pages with no network.
func TestLibrarySaveThenReadOffline(t *testing.T) {
	st, path := newLib(t)
	d, ra, _ := libDeps(t, st)
	h := newHarness(t, d, 140, 40)
	selectTitle(t, h, seedTitle)
	id := h.m.list.pane.SelectedID()
	h.hold = func(m tea.Msg) bool { _, ok := m.(savedMsg); return ok }
	h.key("s")
	if !strings.Contains(h.screen(), "saving…") || !strings.Contains(h.screen(), "saving 1 article") {
		t.Errorf("no saving marker or status:\n%s", h.screen())
	}
	if !h.m.busy() || !h.m.spinning {
		t.Error("no spinner while saving")
	}
	h.hold = nil
	if h.release(func(tea.Msg) bool { return true }) != 1 {
		t.Fatal("no save result")
	}
	scr := h.screen()
	if !strings.Contains(scr, "saved") || !strings.Contains(scr, "Saved for offline reading") {
		t.Errorf("no saved marker:\n%s", scr)
	}
	_, state, err := st.Item(context.Background(), id)
	if err != nil || !state.Saved || !state.HasArticle {
		t.Fatalf("library state after s: %+v %v", state, err)
	}
	art, spans, err := st.Article(context.Background(), id)
	if err != nil || art.Pages != 2 {
		t.Fatalf("stored article: %v pages, %v", art, err)
	}
	found := false
	for _, bs := range spans {
		for _, s := range bs {
			found = found || s.Canonical == "Taro Kono"
		}
	}
	if !found {
		t.Error("the stored spans lack Taro Kono")
	}
	if ra.count() == 0 {
		t.Fatal("s did not fetch the article")
	}
	// The saved view lists it.
	h.key("v", "v")
	if h.m.list.view != ViewSaved || strings.Join(h.rowTitles(), "|") != seedTitle {
		t.Errorf("saved view %v: %q", h.m.list.view, h.rowTitles())
	}
	closeLib(st)

	// Restart offline on the same file: no fetch, no reader-mode network.
	st2 := openLib(t, path, libOptions(fixedNow))
	d2, ra2, _ := libDeps(t, st2)
	cf := &countingFetch{fetch: d2.Fetch}
	d2.Fetch, d2.Offline = cf.Fetch, true
	h2 := newHarness(t, d2, 140, 40)
	if !strings.Contains(h2.screen(), "offline") || len(h2.rowTitles()) != 8 {
		t.Fatalf("offline start:\n%s", h2.screen())
	}
	h2.key("/")
	h2.typeText(`person:"Taro Kono"`)
	h2.key("enter")
	if got := h2.rowTitles(); len(got) != 1 || got[0] != seedTitle {
		t.Fatalf(`person:"Taro Kono": %q`, got)
	}
	h2.key("enter")
	h2.fire(isSettle)
	scr = h2.screen()
	for _, want := range []string{"Reader mode · 2 pages · saved for offline reading", "Tokyo and Washington continued to exert pressure"} {
		if !strings.Contains(scr, want) {
			t.Errorf("offline reader lacks %q:\n%s", want, scr)
		}
	}
	// The second page's last paragraph.
	found = false
	for i := 0; i < 20 && !found; i++ {
		found = strings.Contains(h2.screen(), "withdraw from GSOMIA was inevitable")
		h2.key("space")
	}
	if !found {
		t.Errorf("the second page is not in the offline reader:\n%s", h2.screen())
	}
	if cf.calls() != 0 || ra2.count() != 0 {
		t.Errorf("offline: %d fetches, %d article fetches", cf.calls(), ra2.count())
	}
	// Entities come from the stored spans.
	h2.key("e")
	if !strings.Contains(h2.screen(), "Taro Kono") {
		t.Errorf("entity panel from stored spans:\n%s", h2.screen())
	}
	// Opening marked it read in the library.
	if _, state, _ := st2.Item(context.Background(), id); !state.Read {
		t.Error("opening did not mark the item read in the library")
	}
}

// Reader mode persists what it fetched: a later session reads it from
// the library.
func TestLibraryReaderModeIsPersisted(t *testing.T) {
	st, _ := newLib(t)
	d, _, _ := libDeps(t, st)
	h := newHarness(t, d, 140, 40)
	selectTitle(t, h, seedTitle)
	id := h.m.list.pane.SelectedID()
	h.key("enter")
	if !strings.Contains(h.screen(), "Reader mode · 2 pages") {
		t.Fatalf("reader mode:\n%s", h.screen())
	}
	art, spans, err := st.Article(context.Background(), id)
	if err != nil || art.Pages != 2 || len(spans) != len(art.Blocks) {
		t.Fatalf("not persisted: %v %v", art, err)
	}
	if _, state, _ := st.Item(context.Background(), id); !state.Read || state.Saved {
		t.Errorf("state after open: %+v", state)
	}
}

// u, U, * and s change the library; the saved and starred views list
// what they say.
func TestLibraryReadStarSaveKeys(t *testing.T) {
	st, _ := newLib(t)
	d, _, _ := libDeps(t, st)
	d.Article = (&fakeArticles{make: sampleArticle}).get
	h := newHarness(t, d, 140, 40)
	ctx := context.Background()
	id := h.m.list.pane.SelectedID()
	state := func(id string) store.State {
		t.Helper()
		_, s, err := st.Item(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	h.key("u")
	if !state(id).Read || !h.m.list.pane.Selected().read {
		t.Error("u does not mark read in the library")
	}
	h.key("u")
	if state(id).Read {
		t.Error("u does not toggle back")
	}
	h.key("*")
	if !state(id).Starred || !strings.Contains(h.screen(), "★") {
		t.Error("* does not star")
	}
	h.key("j", "s")
	id2 := h.m.list.pane.SelectedID()
	if s := state(id2); !s.Saved || !s.HasArticle {
		t.Errorf("s: %+v", s)
	}
	// U marks the filtered list read, in the library, and nothing else.
	h.key("/")
	h.typeText("seoul")
	h.key("enter")
	matched := map[string]bool{}
	for _, e := range h.m.list.pane.rows {
		matched[e.id()] = true
	}
	if len(matched) != 2 {
		t.Fatalf("seoul: %q", h.rowTitles())
	}
	h.key("U")
	if !strings.Contains(h.screen(), "Marked 2 items read · z undoes") {
		t.Errorf("U status:\n%s", h.screen())
	}
	hs, _, _ := st.Search(ctx, query.Query{}, 100, 0)
	for _, hl := range hs {
		if hl.Read != matched[hl.ID] {
			t.Errorf("%q: read %v, in the filtered list %v", hl.Title, hl.Read, matched[hl.ID])
		}
	}
	h.key("esc")
	// Views: Asia-Pacific → all → saved → starred.
	h.key("v", "v")
	if h.m.list.view != ViewSaved || len(h.rowTitles()) != 1 || h.m.list.pane.SelectedID() != id2 {
		t.Errorf("saved view: %q", h.rowTitles())
	}
	h.key("v")
	if h.m.list.view != ViewStarred || len(h.rowTitles()) != 1 || h.m.list.pane.SelectedID() != id {
		t.Errorf("starred view: %q", h.rowTitles())
	}
	if !strings.Contains(h.screen(), "Starred · 1") {
		t.Errorf("starred header:\n%s", h.screen())
	}
	h.key("v")
	if h.m.list.view != ViewAsiaPacific {
		t.Errorf("v after starred: %v", h.m.list.view)
	}
	// s on a saved item unsaves it.
	h.key("v", "v")
	h.key("s")
	if state(id2).Saved {
		t.Error("s on a saved item does not unsave it")
	}
}

// The Asia-Pacific U marks only the view's rows (the library's region
// filter would mark others).
func TestLibraryMarkAllReadAsiaPacific(t *testing.T) {
	st, _ := newLib(t)
	d, _, _ := libDeps(t, st)
	h := newHarness(t, d, 140, 40)
	inView := map[string]bool{}
	for _, e := range h.m.list.pane.rows {
		inView[e.id()] = true
	}
	h.key("U")
	hs, _, _ := st.Search(context.Background(), query.Query{}, 100, 0)
	read := 0
	for _, hl := range hs {
		if hl.Read != inView[hl.ID] {
			t.Errorf("%q: read %v, in the view %v", hl.Title, hl.Read, inView[hl.ID])
		}
		if hl.Read {
			read++
		}
	}
	if len(hs) != 12 || read != 8 || !strings.Contains(h.screen(), "Marked 8 items read · z undoes") {
		t.Errorf("U marked %d of %d:\n%s", read, len(hs), h.screen())
	}
	// z undoes it: the library and the rows on screen are unread again,
	// and the view's unread count is back.
	h.key("z")
	if n, _ := st.CountMatches(context.Background(), query.Parse("is:read", nil)); n != 0 {
		t.Errorf("%d items still read after z", n)
	}
	for _, e := range h.m.list.pane.rows {
		if e.read {
			t.Errorf("%q still shows read after z", e.item.Title)
		}
	}
	if s := h.screen(); !strings.Contains(s, "Undone: 8 items unread again") || !strings.Contains(s, "8 · 8 unread") {
		t.Errorf("after z:\n%s", s)
	}
	h.key("z")
	if !strings.Contains(h.screen(), "Nothing to undo.") {
		t.Errorf("a second z:\n%s", h.screen())
	}
}

// genLib stores n generated items from one source in a new library.
func genLib(t testing.TB, n int) (*store.Store, *gen.Corpus) {
	t.Helper()
	st, _ := newLib(t)
	c := gen.New(gen.Options{Seed: 7, Sources: 1, PerSource: n, End: testNow.Add(-time.Hour)})
	if _, err := st.PutItems(context.Background(), c.Sources[0], c.Items[0]); err != nil {
		t.Fatal(err)
	}
	return st, c
}

// The list pages through the library: 200 rows at a time, the next page
// when the selection nears the end, never a duplicate.
func TestLibraryPaging(t *testing.T) {
	st, _ := genLib(t, 1200)
	h := newHarness(t, testDeps{Library: st, Theme: "dark"}, 120, 30)
	h.key("v") // all regions
	if n := len(h.m.list.pane.rows); n != firstPageSize {
		t.Fatalf("first page: %d rows", n)
	}
	if !strings.Contains(h.screen(), "All regions · 1,200 · 1,200 unread") {
		t.Errorf("exact counts from the first page:\n%s", h.screen())
	}
	// Moving down loads the next page near the end of what is loaded.
	for i := 0; i < 100 && len(h.m.list.pane.rows) < firstPageSize+pageSize; i++ {
		h.key("j")
	}
	if n := len(h.m.list.pane.rows); n != firstPageSize+pageSize {
		t.Fatalf("after paging down: %d rows", n)
	}
	// G goes to the real end of the list at once, not the end of what is
	// loaded.
	h.key("G")
	if n := len(h.m.list.pane.rows); n != 1200 || h.m.list.more {
		t.Fatalf("after paging: %d rows (more %v)", n, h.m.list.more)
	}
	seen := map[string]bool{}
	for i, e := range h.m.list.pane.rows {
		if seen[e.id()] {
			t.Fatalf("row %d is a duplicate", i)
		}
		seen[e.id()] = true
		if i > 0 && e.item.Published.After(h.m.list.pane.rows[i-1].item.Published) {
			t.Fatalf("row %d is out of order", i)
		}
	}
	if last := h.m.list.pane.rows[len(h.m.list.pane.rows)-1]; h.m.list.pane.SelectedID() != last.id() {
		t.Errorf("after G the selection is on %q, not the last row", h.m.list.pane.SelectedID())
	}
	if !strings.Contains(h.screen(), "All regions · 1,200") {
		t.Errorf("exact count once everything is loaded:\n%s", h.screen())
	}
	// A filter keystroke re-queries from the first page.
	h.key("g", "/")
	h.typeText("a")
	if n := len(h.m.list.pane.rows); n == 0 || n > firstPageSize {
		t.Errorf("filter: %d rows", n)
	}
}

// A refresh that adds items above the selection keeps the selected item
// at its row on screen.
func TestLibrarySelectionStaysOnRefresh(t *testing.T) {
	st, _ := newLib(t)
	d, _, base := libDeps(t, st)
	d.Sources = []feeds.Source{{Name: "World", URL: base + "/rss/world_rss.xml"}}
	cut := time.Date(2019, 11, 20, 0, 0, 0, 0, beijing)
	fetch := d.Fetch
	first := true
	var mu sync.Mutex
	d.Fetch = func(ctx context.Context, s feeds.Source, _ feeds.Conditional) feeds.Result {
		res := fetch(ctx, s, feeds.Conditional{})
		mu.Lock()
		defer mu.Unlock()
		if first {
			first = false
			var old []feeds.Item
			for _, it := range res.Items {
				if it.Published.Before(cut) {
					old = append(old, it)
				}
			}
			res.Items = old
		}
		return res
	}
	h := newHarness(t, d, 120, 14)
	h.key("v")
	if n := len(h.rowTitles()); n == 0 || n >= 12 {
		t.Fatalf("first refresh stored %d items", n)
	}
	h.key("G", "k")
	id := h.m.list.pane.SelectedID()
	screenRow := h.m.list.pane.selected - h.m.list.pane.rowWindow.offset
	before := h.m.list.pane.selected
	if h.m.list.pane.rowWindow.offset == 0 {
		t.Fatal("the list does not scroll in this window; the test needs it to")
	}
	h.key("r")
	if len(h.rowTitles()) != 12 {
		t.Fatalf("after refresh: %d rows", len(h.rowTitles()))
	}
	if h.m.list.pane.SelectedID() != id {
		t.Fatalf("selection moved to %q", h.m.list.pane.Selected().item.Title)
	}
	if h.m.list.pane.selected <= before {
		t.Fatal("no items arrived above the selection")
	}
	if got := h.m.list.pane.selected - h.m.list.pane.rowWindow.offset; got != screenRow {
		t.Errorf("selected row moved on screen from %d to %d", screenRow, got)
	}
	if !strings.Contains(h.screen(), "Updated · ") {
		t.Errorf("no summary:\n%s", h.screen())
	}
}

// A refresh that reaches no source: everything in the library stays
// browsable, searchable and readable, and the status line says offline.
func TestLibraryNetworkDownIsOffline(t *testing.T) {
	st, _ := newLib(t)
	d, ra, _ := libDeps(t, st)
	seedFixtures(t, st, d)
	d.Fetch = func(_ context.Context, s feeds.Source, _ feeds.Conditional) feeds.Result {
		return feeds.Result{Source: s, Err: &feeds.SourceError{Kind: feeds.KindNetwork, Detail: "network error: connection refused"}}
	}
	d.Article = func(_ context.Context, _ string) (*article.Article, error) {
		return nil, &feeds.SourceError{Kind: feeds.KindNetwork, Detail: "network error"}
	}
	_ = ra
	h := newHarness(t, d, 140, 40)
	h.fire(isStatusClear)
	scr := h.screen()
	if !strings.Contains(scr, "offline") || len(h.rowTitles()) != 8 {
		t.Fatalf("network down:\n%s", scr)
	}
	if strings.Contains(scr, "--demo") {
		t.Error("the --demo hint with a library full of news")
	}
	h.key("/")
	h.typeText("kiwifruit")
	if len(h.rowTitles()) != 1 {
		t.Errorf("search offline: %q", h.rowTitles())
	}
	h.key("enter", "enter")
	if !strings.Contains(h.screen(), "kiwifruit") {
		t.Errorf("reading offline:\n%s", h.screen())
	}
}

// First start, empty library, no source reachable: suggest the sample
// edition.
func TestLibraryEmptyAndUnreachableSuggestsDemo(t *testing.T) {
	st, _ := newLib(t)
	d, _, _ := libDeps(t, st)
	d.Fetch = func(_ context.Context, s feeds.Source, _ feeds.Conditional) feeds.Result {
		return feeds.Result{Source: s, Err: &feeds.SourceError{Kind: feeds.KindTimeout, Detail: "timeout"}}
	}
	h := newHarness(t, d, 140, 40)
	h.fire(isStatusClear)
	scr := h.screen()
	if !strings.Contains(scr, "No source could be reached. Try dateline --demo for the sample edition.") || !strings.Contains(scr, "offline") {
		t.Errorf("no --demo hint:\n%s", scr)
	}
}

// The library file could not be opened: the session runs on an
// in-memory library through the same code, and the status line says why.
func TestLibraryUnavailableWorksInMemory(t *testing.T) {
	d, _ := fixtureDeps(t)
	d.Article = (&fakeArticles{make: sampleArticle}).get
	d.LibraryErr = fmt.Errorf("library /data/library.db: %w", store.ErrBusy)
	mem, err := ingest.OpenMemoryLibrary(ingest.LibraryOptions{Sources: d.Sources, Entities: d.Entities, Regions: entity.Regions, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeLib(mem) })
	d.Library = mem
	h := newHarness(t, d, 140, 40)
	h.fire(isStatusClear)
	scr := h.screen()
	if !strings.Contains(scr, "Library unavailable") || !strings.Contains(scr, "library in memory") {
		t.Errorf("no library error in the status line:\n%s", scr)
	}
	if len(h.rowTitles()) != 8 {
		t.Errorf("in memory: %d rows", len(h.rowTitles()))
	}
	h.key("/")
	h.typeText("gsomia")
	h.key("enter")
	if got := h.rowTitles(); len(got) != 1 || got[0] != seedTitle {
		t.Errorf("filter in memory: %q", got)
	}
	h.key("s")
	if _, st, err := mem.Item(context.Background(), h.m.list.pane.SelectedID()); err != nil || !st.Saved || !st.HasArticle {
		t.Errorf("s in memory: %+v %v", st, err)
	}
}

// Writes that fail at run time (a library that turned read-only here;
// disk full and busy take the same path): the error shows, what the
// library holds stays listed, searchable and readable.
func TestLibraryWriteErrorKeepsWorking(t *testing.T) {
	rw, path := newLib(t)
	d, _, _ := libDeps(t, rw)
	seedFixtures(t, rw, d)
	closeLib(rw)
	ro := openLib(t, path, store.Options{ReadOnly: true, Now: fixedNow, Entities: entity.Extract, Regions: entity.Regions})
	d.Library = ro
	d.Article = (&fakeArticles{make: sampleArticle}).get
	h := newHarness(t, d, 140, 40)
	scr := h.screen()
	if !strings.Contains(scr, "read-only") {
		t.Errorf("no write error in the status line:\n%s", scr)
	}
	if got := h.rowTitles(); len(got) != 8 {
		t.Fatalf("rows: %q", got)
	}
	h.key("/")
	h.typeText("gsomia")
	h.key("enter")
	if got := h.rowTitles(); len(got) != 1 || got[0] != seedTitle {
		t.Errorf("filter: %q", got)
	}
	h.key("u")
	if !h.m.list.pane.Selected().read {
		t.Error("u does not show the row read")
	}
	h.key("enter")
	if !strings.Contains(h.screen(), "Reader mode") {
		t.Errorf("reader mode with a library that cannot keep it:\n%s", h.screen())
	}
	if !errors.Is(h.m.writeErr, store.ErrReadOnly) {
		t.Errorf("write error %v", h.m.writeErr)
	}
}

// The refresh at start-up prunes what is older than KeepDays (not saved,
// not starred).
func TestLibraryPrunesAtStartup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "library.db")
	then := func() time.Time { return testNow.AddDate(0, 0, -30) }
	old := openLib(t, path, libOptions(then))
	d, _, _ := libDeps(t, old)
	seedFixtures(t, old, d, then())
	hs, _, _ := old.Search(context.Background(), query.Query{}, 100, 0)
	var keep string
	for _, hl := range hs {
		if hl.Title == seedTitle {
			keep = hl.ID
		}
	}
	if err := old.SetStarred(context.Background(), keep, true); err != nil {
		t.Fatal(err)
	}
	closeLib(old)
	st := openLib(t, path, libOptions(fixedNow))
	d.Library, d.KeepDays = st, 2
	// The refresh prunes before it fetches, even when no source answers.
	d.Fetch = func(_ context.Context, s feeds.Source, _ feeds.Conditional) feeds.Result {
		return feeds.Result{Source: s, Err: &feeds.SourceError{Kind: feeds.KindNetwork, Detail: "network error"}}
	}
	h := newHarness(t, d, 140, 40)
	h.key("v")
	if got := h.rowTitles(); len(got) != 1 || got[0] != seedTitle {
		t.Errorf("after pruning: %q", got)
	}
}

func TestGoldenLibrary140x40(t *testing.T) {
	st, _ := newLib(t)
	d, _, _ := libDeps(t, st)
	d.Article = (&fakeArticles{make: sampleArticle}).get
	d.Entities, d.Regions = fakeEntities, fakeRegions
	h := newHarness(t, d, 140, 40)
	h.key("v")
	selectTitle(t, h, seedTitle)
	h.key("s", "j", "*", "k")
	h.fire(isStatusClear)
	golden(t, "library_140x40", h.screen())
}

func TestGoldenLibrary80x24(t *testing.T) {
	st, _ := newLib(t)
	d, _, _ := libDeps(t, st)
	h := newHarness(t, d, 80, 24)
	h.key("/")
	h.typeText("seoul")
	h.fire(isStatusClear)
	golden(t, "library_filter_80x24", h.screen())
}

// The library keeps one row per article and the desk page (headline,
// section) and the World feed (full text) describe the same articles:
// whichever source is stored last, the row keeps the full text and the
// section, as memory mode's merge does.
func TestLibraryMergesSources(t *testing.T) {
	for _, order := range []string{"desk first", "feed first"} {
		st, _ := newLib(t)
		d, _, base := libDeps(t, st)
		desk := feeds.Source{Name: "China Daily · Asia-Pacific", URL: base + "/world/asia_pacific"}
		world := feeds.Source{Name: "China Daily · World", URL: base + "/rss/world_rss.xml"}
		d.Sources = []feeds.Source{desk, world}
		if order == "feed first" {
			d.Sources = []feeds.Source{world, desk}
		}
		h := newHarness(t, d, 140, 40)
		h.key("r") // and again: nothing is lost on a second round either
		if got := len(h.rowTitles()); got != 8 {
			t.Errorf("%s: Asia-Pacific view has %d rows", order, got)
		}
		h.key("/")
		h.typeText("gsomia")
		if got := h.rowTitles(); len(got) != 1 || got[0] != seedTitle {
			t.Errorf("%s: gsomia finds %q", order, got)
		}
		id := h.m.list.pane.SelectedID()
		it, _, err := st.Item(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(it.Content, "GSOMIA") || it.Section == "" {
			t.Errorf("%s: stored seed lost its text or section: section %q, %d bytes of content", order, it.Section, len(it.Content))
		}
	}
}

// Enter pressed while a newer search is in flight opens the row on
// screen, and the search result that replaces the list does not take the
// reader (or the keys) off it, even when the new rows lack it.
func TestLibraryEnterBeforeSearchLands(t *testing.T) {
	const mekong = "Mekong countries agree to share dry-season river data"
	for _, tc := range []struct {
		sel      string // the row selected when the filter is typed
		inResult bool   // the search result lists it
	}{
		{mekong, false},
		{seedTitle, true},
	} {
		t.Run(tc.sel[:6], func(t *testing.T) {
			st, _ := newLib(t)
			d, _, _ := libDeps(t, st)
			fa := &fakeArticles{make: sampleArticle}
			d.Article = fa.get
			h := newHarness(t, d, 140, 40)
			if len(h.rowTitles()) != 8 {
				t.Fatalf("start: %q", h.rowTitles())
			}
			selectTitle(t, h, tc.sel)
			id, link := h.m.list.pane.SelectedID(), h.m.list.pane.Selected().item.Link
			isPage := func(m tea.Msg) bool { _, ok := m.(pageMsg); return ok }
			h.hold = isPage
			h.key("/")
			h.typeText(`person:"Taro Kono"`)
			h.key("enter", "enter") // leave the filter; open the row on screen
			if len(h.rowTitles()) != 8 || h.m.reader.ID() != id || h.m.focus != focusReader {
				t.Fatalf("before the result: %d rows, reader on %q (want %q), focus %v", len(h.rowTitles()), h.m.reader.ID(), id, h.m.focus)
			}
			h.hold = nil
			if h.release(isPage) == 0 {
				t.Fatal("no search result was held")
			}
			if got := h.rowTitles(); len(got) != 1 || got[0] != seedTitle {
				t.Fatalf(`person:"Taro Kono" lists %q`, got)
			}
			h.fire(isSettle)
			scr := h.screen()
			if h.m.reader.ID() != id {
				t.Fatalf("the reader moved off %q to %q:\n%s", tc.sel, h.m.reader.ID(), scr)
			}
			wantText := "Reader-mode text of another article."
			if tc.sel == seedTitle {
				wantText = "Defense Minister Taro Kono met his counterpart"
			}
			if !strings.Contains(scr, "Reader mode") || !strings.Contains(scr, wantText) {
				t.Errorf("the opened article is not in reader mode:\n%s", scr)
			}
			if fa.count() == 0 || fa.calls[0] != link {
				t.Errorf("reader mode fetched %q, want %q first", fa.calls, link)
			}
			if tc.inResult && h.m.list.pane.SelectedID() != id {
				t.Errorf("the opened row is listed but not selected")
			}
			// The keys act on the article on screen.
			h.key("*")
			_, state, err := st.Item(context.Background(), id)
			if err != nil || !state.Read || !state.Starred {
				t.Errorf("library state of the opened item: %+v %v", state, err)
			}
			// Back in the list, the reader follows the list again.
			h.key("h")
			if h.m.reader.ID() != h.m.list.pane.SelectedID() {
				t.Errorf("back in the list, the reader shows %q, the list selects %q", h.m.reader.ID(), h.m.list.pane.SelectedID())
			}
		})
	}
}

// A filter with alternatives narrows the list as the library answers it,
// keystroke by keystroke, and a view ANDs with the whole filter: in
// Saved, "seoul OR kiwifruit" is the saved items with either word.
func TestLibraryFilterWithAlternatives(t *testing.T) {
	st, _ := newLib(t)
	d, _, _ := libDeps(t, st)
	seedFixtures(t, st, d)
	ctx := context.Background()
	ap := query.Field{Name: "is", Value: query.AsiaPacific}
	titles := func(q query.Query) []string {
		t.Helper()
		hs, _, err := st.Search(ctx, q, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range hs {
			out = append(out, r.Title)
		}
		return out
	}
	kiwi := titles(query.Parse("kiwifruit", nil).And(ap))
	seoul := titles(query.Parse("seoul", nil).And(ap))
	if len(kiwi) != 1 || len(seoul) < 2 || len(seoul) > 6 {
		t.Fatalf("fixtures: kiwifruit %q, seoul %q", kiwi, seoul)
	}
	hs, _, err := st.Search(ctx, query.Parse("kiwifruit", nil), 1, 0)
	if err != nil || len(hs) != 1 || st.SetSaved(ctx, hs[0].ID, true) != nil {
		t.Fatalf("saving the kiwifruit story: %v", err)
	}
	h := newHarness(t, d, 140, 40)
	h.key("/")
	typed := ""
	for _, r := range "(seoul OR kiwifruit)" {
		h.typeText(string(r))
		typed += string(r)
		want := titles(query.Parse(typed, testZone).And(ap))
		if got := h.rowTitles(); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("%q: rows\n%s\nthe library's\n%s", typed, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	got := h.rowTitles()
	if len(got) != len(seoul)+1 || !slices.Contains(got, kiwi[0]) || !slices.Contains(got, seoul[0]) {
		t.Errorf("(seoul OR kiwifruit): %q", got)
	}
	if terms := h.m.list.pane.terms; !slices.Contains(terms, "seoul") || !slices.Contains(terms, "kiwifruit") {
		t.Errorf("highlighted terms %q", terms)
	}
	// The Saved view: saved AND (seoul OR kiwifruit).
	h.key("enter", "v", "v")
	if h.m.list.view != ViewSaved {
		t.Fatalf("view %v", h.m.list.view)
	}
	if got := h.rowTitles(); len(got) != 1 || got[0] != kiwi[0] {
		t.Errorf("Saved view, (seoul OR kiwifruit): %q", got)
	}
}
