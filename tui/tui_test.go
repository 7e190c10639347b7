package tui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/ingest"
)

const seedTitle = "Pressure kept on Seoul for intelligence pact with Japan"

func selectTitle(t *testing.T, h *harness, title string) {
	t.Helper()
	for i := 0; i < len(h.m.list.pane.rows); i++ {
		if e := h.m.list.pane.Selected(); e != nil && e.item.Title == title {
			return
		}
		h.key("j")
	}
	t.Fatalf("no row %q in %q", title, h.rowTitles())
}

func isRefresh(m tea.Msg) bool { _, ok := m.(refreshMsg); return ok }

// releaseOne delivers the first held message that matches.
func (h *harness) releaseOne(match func(tea.Msg) bool) bool {
	h.t.Helper()
	done := false
	return h.release(func(m tea.Msg) bool {
		if done || !match(m) {
			return false
		}
		done = true
		return true
	}) == 1
}

func TestStartupProgressAndArrival(t *testing.T) {
	d, _ := fixtureDeps(t)
	h := &harness{t: t, m: New(d.build(t)), hold: isRefresh}
	h.m.tick = func(d time.Duration, msg tea.Msg) tea.Cmd {
		return func() tea.Msg { return scheduled{d, msg} }
	}
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	first := h.screen()
	if !strings.Contains(first, "0 of 2 sources") || !strings.Contains(first, "Reading the library") {
		t.Fatalf("first frame shows no progress:\n%s", first)
	}
	// The library's first page, then the refresh: one event per source.
	h.run(h.m.Init())
	if !strings.Contains(h.screen(), "Fetching headlines") {
		t.Errorf("an empty library while fetching:\n%s", h.screen())
	}
	if !h.releaseOne(isRefresh) {
		t.Fatal("no source ended")
	}
	v := h.screen()
	if !strings.Contains(v, "1 of 2 sources") {
		t.Errorf("no progress after the first source:\n%s", v)
	}
	if len(h.m.list.pane.rows) == 0 {
		t.Errorf("headlines of the first source are not shown")
	}
	h.hold = nil
	h.release(isRefresh)
	v = h.screen()
	if strings.Contains(v, "of 2 sources") {
		t.Errorf("progress still shown when done:\n%s", v)
	}
	if !strings.Contains(v, "Updated · 12 new headlines") {
		t.Errorf("no summary when done:\n%s", v)
	}
}

// The event of a refresh round that is no longer current is dropped.
func TestStaleRefreshDropped(t *testing.T) {
	d, _ := fixtureDeps(t)
	h := newHarness(t, d, 120, 30)
	before := h.screen()
	h.send(refreshMsg{Round: h.m.refresh.round - 1, refreshEvent: refreshEvent{Res: ingest.SourceResult{Index: 0,
		Err: errors.New("an old failure")}}})
	if h.screen() != before || h.m.refresh.sources[0].err != nil {
		t.Fatal("a stale refresh event was applied")
	}
}

func TestSelectionStaysWhenItemsArriveAbove(t *testing.T) {
	d, srv := fixtureDeps(t)
	// The World feed arrives second and brings items newer than the
	// selected one.
	d.Sources = []feeds.Source{
		{Name: "AP", URL: srv.URL + "/world/asia_pacific"},
		{Name: "World", URL: srv.URL + "/rss/world_rss.xml"},
	}
	world := d.Fetch
	d.Fetch = func(ctx context.Context, s feeds.Source, c feeds.Conditional) feeds.Result {
		if s.Name == "World" {
			time.Sleep(200 * time.Millisecond) // it ends second
		}
		return world(ctx, s, c)
	}
	// A short window, so the list scrolls and the row can keep its place.
	h := &harness{t: t, m: New(d.build(t)), hold: isRefresh}
	h.m.tick = func(d time.Duration, msg tea.Msg) tea.Cmd {
		return func() tea.Msg { return scheduled{d, msg} }
	}
	h.send(tea.WindowSizeMsg{Width: 120, Height: 14})
	h.run(h.m.Init())
	h.key("v") // all regions
	if !h.releaseOne(isRefresh) {
		t.Fatal("no source ended")
	}
	selectTitle(t, h, "New Zealand kiwifruit growers expect record export season")
	id := h.m.list.pane.SelectedID()
	screenRow := h.m.list.pane.selected - h.m.list.pane.rowWindow.offset
	if h.m.list.pane.rowWindow.offset == 0 {
		t.Fatal("the list does not scroll in this window; the test needs it to")
	}
	h.hold = nil
	h.release(isRefresh)
	if got := h.m.list.pane.SelectedID(); got != id {
		t.Fatalf("selection moved to %q", h.m.list.pane.Selected().item.Title)
	}
	if h.m.list.pane.selected <= 7 {
		t.Fatalf("no items arrived above the selection: %q", h.rowTitles())
	}
	if got := h.m.list.pane.selected - h.m.list.pane.rowWindow.offset; got != screenRow {
		t.Errorf("selected row moved on screen from %d to %d", screenRow, got)
	}
}

func TestNavigationAndFocus(t *testing.T) {
	d, _ := fixtureDeps(t)
	h := newHarness(t, d, 140, 24)
	if h.m.list.view != ViewAsiaPacific {
		t.Fatalf("default view is %v", h.m.list.view)
	}
	if h.m.list.pane.selected != 0 || h.m.focus != focusList {
		t.Fatal("does not start on the first row of the list")
	}
	h.key("j", "down", "j")
	if h.m.list.pane.selected != 3 {
		t.Errorf("j/down: sel = %d", h.m.list.pane.selected)
	}
	h.key("k", "up")
	if h.m.list.pane.selected != 1 {
		t.Errorf("k/up: sel = %d", h.m.list.pane.selected)
	}
	h.key("G")
	if h.m.list.pane.selected != len(h.m.list.pane.rows)-1 {
		t.Errorf("G: sel = %d", h.m.list.pane.selected)
	}
	h.key("g")
	if h.m.list.pane.selected != 0 {
		t.Errorf("g: sel = %d", h.m.list.pane.selected)
	}
	h.key("end")
	if h.m.list.pane.selected != len(h.m.list.pane.rows)-1 {
		t.Errorf("end: sel = %d", h.m.list.pane.selected)
	}
	h.key("home")
	// The reader follows the selection.
	if !strings.Contains(h.screen(), h.m.list.pane.Selected().item.Title) {
		t.Error("reader does not show the selected item")
	}
	h.key("tab")
	if h.m.focus != focusReader {
		t.Fatal("tab does not focus the reader")
	}
	// j scrolls the reader now, not the list.
	h.key("j", "j")
	if h.m.list.pane.selected != 0 || h.m.reader.lineWindow.offset != 2 {
		t.Errorf("j in the reader: sel %d off %d", h.m.list.pane.selected, h.m.reader.lineWindow.offset)
	}
	h.key("g")
	if h.m.reader.lineWindow.offset != 0 {
		t.Errorf("g in the reader: off %d", h.m.reader.lineWindow.offset)
	}
	h.key("space")
	if h.m.reader.lineWindow.offset == 0 {
		t.Error("space does not page the article")
	}
	h.key("pgup")
	if h.m.reader.lineWindow.offset != 0 {
		t.Errorf("pgup: off %d", h.m.reader.lineWindow.offset)
	}
	h.key("tab")
	if h.m.focus != focusList {
		t.Fatal("tab does not return to the list")
	}
	// enter opens: marks read and focuses the reader.
	h.key("j", "enter")
	if h.m.focus != focusReader || !h.m.list.pane.Selected().read {
		t.Error("enter does not open the item")
	}
	h.key("h")
	if h.m.focus != focusList {
		t.Error("h does not go back to the list")
	}
	h.key("l")
	if h.m.focus != focusReader {
		t.Error("l does not open")
	}
	// space pages the article from the list too.
	h.key("tab", "g") // the first item has a long text
	before := h.m.reader.lineWindow.offset
	h.key("pgdown")
	if h.m.reader.lineWindow.offset == before {
		t.Error("pgdown from the list does not scroll the article")
	}
}

func TestFilterGSOMIALeavesSeed(t *testing.T) {
	d, _ := fixtureDeps(t)
	h := newHarness(t, d, 140, 40)
	total := len(h.m.list.pane.rows)
	h.key("/")
	if !h.m.filter.Focused() {
		t.Fatal("/ does not focus the filter")
	}
	h.typeText("GSOMIA")
	if got := h.rowTitles(); len(got) != 1 || got[0] != seedTitle {
		t.Fatalf("rows after /GSOMIA: %q", got)
	}
	scr := h.screen()
	if want := fmt.Sprintf("1 of %d", total); !strings.Contains(scr, want) {
		t.Errorf("count %q not shown:\n%s", want, scr)
	}
	// The match is highlighted in the article (styled differently from
	// the text around it).
	if !strings.Contains(h.m.View().Content, h.m.styles.Match.Inherit(h.m.styles.Body).Render("GSOMIA")) {
		t.Error("GSOMIA is not highlighted in the reader")
	}
	// Keys go to the input, not to shortcuts, while it is focused.
	h.typeText(" qv?")
	if h.quit || h.m.list.view != ViewAsiaPacific || h.m.overlay != overlayNone {
		t.Fatal("a shortcut fired while typing in the filter")
	}
	if h.m.filter.Value() != "GSOMIA qv?" {
		t.Errorf("filter value %q", h.m.filter.Value())
	}
	h.key("backspace", "backspace", "backspace", "backspace")
	h.key("enter")
	if h.m.filter.Focused() || len(h.m.list.pane.rows) != 1 {
		t.Fatal("enter should keep the filter and leave the input")
	}
	// All regions: still only the seed.
	h.key("v")
	if got := h.rowTitles(); len(got) != 1 || got[0] != seedTitle {
		t.Fatalf("all regions, rows: %q", got)
	}
	if !strings.Contains(h.screen(), "1 of 12") {
		t.Errorf("count in all regions:\n%s", h.screen())
	}
	h.key("esc")
	if h.m.filter.Value() != "" || len(h.m.list.pane.rows) != 12 {
		t.Fatalf("esc does not clear the filter: %d rows", len(h.m.list.pane.rows))
	}
	// Phrases, exclusion, case-insensitivity.
	h.key("/")
	h.typeText(`"south wales" -nothingmatches`)
	if got := h.rowTitles(); len(got) != 1 || !strings.Contains(got[0], "New South Wales") {
		t.Errorf("phrase filter: %q", got)
	}
	h.key("esc")
	h.key("/")
	h.typeText("seoul -lanterns")
	for _, title := range h.rowTitles() {
		if strings.Contains(title, "Lanterns") {
			t.Errorf("-lanterns kept %q", title)
		}
	}
	if len(h.rowTitles()) == 0 {
		t.Error("seoul matched nothing")
	}
}

func TestFilterSourceName(t *testing.T) {
	d, _ := fixtureDeps(t)
	h := newHarness(t, d, 140, 40)
	h.key("v", "/")
	h.typeText("source:world")
	for _, e := range h.m.list.pane.rows {
		if !strings.Contains(strings.ToLower(e.item.SourceName), "world") {
			t.Errorf("source:world kept %q from %q", e.item.Title, e.item.SourceName)
		}
	}
	if len(h.m.list.pane.rows) == 0 {
		t.Error("source:world matched nothing")
	}
}

func TestNarrowModeOnePaneAtATime(t *testing.T) {
	d, _ := fixtureDeps(t)
	h := newHarness(t, d, 80, 24)
	if h.m.wide {
		t.Fatal("80 columns is not narrow")
	}
	scr := h.screen()
	if strings.Contains(scr, "Karen Whitford") || strings.ContainsAny(scr, "╭│") {
		t.Fatalf("narrow list shows the reader or borders:\n%s", scr)
	}
	h.key("enter")
	scr = h.screen()
	if h.m.focus != focusReader || !strings.Contains(scr, "Karen Whitford") || strings.Contains(scr, "Asia-Pacific 8") {
		t.Fatalf("enter does not switch to the reader:\n%s", scr)
	}
	h.key("tab")
	if h.m.focus != focusList || !strings.Contains(h.screen(), "Asia-Pacific") {
		t.Fatal("tab does not switch back to the list")
	}
	h.key("tab")
	h.key("esc")
	if h.m.focus != focusList {
		t.Fatal("esc in the narrow reader does not go back")
	}
	// Growing the window shows both panes.
	h.send(tea.WindowSizeMsg{Width: 130, Height: 30})
	if !h.m.wide || !strings.Contains(h.screen(), "Karen Whitford") {
		t.Fatal("wide window does not show both panes")
	}
}

func TestResizeNeverBreaksTheFrame(t *testing.T) {
	d, _ := fixtureDeps(t)
	d.Article = (&fakeArticles{make: sampleArticle}).get
	d.Entities = fakeEntities
	h := newHarness(t, d, 140, 40)
	sizes := [][2]int{{0, 0}, {1, 1}, {0, 10}, {10, 0}, {2, 2}, {5, 3}, {10, 3}, {20, 5}, {39, 9}, {40, 10},
		{41, 11}, {60, 15}, {80, 24}, {99, 30}, {100, 30}, {100, 6}, {100, 7}, {101, 9}, {120, 8}, {140, 40}, {200, 60}, {300, 100}}
	states := []struct {
		name string
		keys []string
	}{
		{"list", nil},
		{"reader", []string{"enter"}},
		{"filter", []string{"/", "s", "e", "o"}},
		{"help", []string{"?"}},
		{"sources", []string{"S"}},
		{"entities", []string{"enter", "e"}},
	}
	for _, st := range states {
		h := newHarness(t, d, 140, 40)
		h.key(st.keys...)
		for _, sz := range sizes {
			h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			v := h.m.View()
			if !v.AltScreen || v.MouseMode != tea.MouseModeCellMotion {
				t.Fatalf("%s: view is not full screen with the mouse", st.name)
			}
			checkFrame(t, v.Content, sz[0], sz[1])
			// Keys at every size must not panic either.
			h.key("j", "k")
		}
	}
	_ = h
}

func TestHelpOverlayFromKeyMap(t *testing.T) {
	d, _ := fixtureDeps(t)
	h := newHarness(t, d, 140, 40)
	h.key("?")
	if h.m.overlay != overlayHelp {
		t.Fatal("? does not open help")
	}
	scr := h.screen()
	for _, col := range h.m.keys.FullHelp() {
		for _, b := range col {
			if !strings.Contains(scr, b.Help().Desc) || !strings.Contains(scr, b.Help().Key) {
				t.Errorf("help lacks %q %q", b.Help().Key, b.Help().Desc)
			}
		}
	}
	h.key("j") // help eats keys: the list does not move
	if h.m.list.pane.selected != 0 {
		t.Error("a key behind the help overlay moved the list")
	}
	h.key("esc")
	if h.m.overlay != overlayNone {
		t.Fatal("esc does not close help")
	}
	h.key("?", "?")
	if h.m.overlay != overlayNone {
		t.Fatal("? does not toggle help")
	}
}

func TestSourceErrorInStatusAndSourcesView(t *testing.T) {
	d, srv := fixtureDeps(t)
	d.Sources = append(d.Sources, feeds.Source{Name: "Broken", URL: srv.URL + "/no/such/feed.xml"})
	h := newHarness(t, d, 140, 40)
	scr := h.screen()
	if !strings.Contains(scr, "Broken: HTTP 404") && !strings.Contains(scr, "1 of 3 sources failed") {
		t.Errorf("status line lacks the failure:\n%s", scr)
	}
	if h.m.list.items != 12 {
		t.Errorf("the other sources stopped: %d items", h.m.list.items)
	}
	h.key("S")
	scr = h.screen()
	for _, want := range []string{"Sources (3)", "Broken", "error: HTTP 404", "China Daily · World", "4 items", "fetched"} {
		if !strings.Contains(scr, want) {
			t.Errorf("sources view lacks %q:\n%s", want, scr)
		}
	}
	h.key("esc")
	// The message clears itself.
	if h.fire(isStatusClear) == 0 {
		t.Fatal("no timer to clear the status line")
	}
	if strings.Contains(h.screen(), "HTTP 404") {
		t.Errorf("status did not clear:\n%s", h.screen())
	}
}

// Every source unreachable (a network error): the status line says
// offline and suggests the sample edition. A source that answers with an
// error (HTTP 404) is not "offline", but with nothing to show the hint
// stays.
func TestAllSourcesFailSuggestsDemo(t *testing.T) {
	d, srv := fixtureDeps(t)
	down := httptest.NewServer(http.NotFoundHandler())
	downURL := down.URL
	down.Close() // connection refused from now on
	d.Sources = []feeds.Source{{Name: "Unreachable", URL: downURL + "/rss.xml"}}
	h := newHarness(t, d, 100, 20)
	h.fire(isStatusClear)
	scr := h.screen()
	if !strings.Contains(scr, "dateline --demo") || !strings.Contains(scr, "offline") {
		t.Errorf("no --demo hint or offline flag:\n%s", scr)
	}

	d.Sources = []feeds.Source{{Name: "Gone", URL: srv.URL + "/gone.xml"}}
	h = newHarness(t, d, 100, 20)
	h.fire(isStatusClear)
	scr = h.screen()
	if !strings.Contains(scr, "dateline --demo") {
		t.Errorf("404 everywhere: no --demo hint:\n%s", scr)
	}
	if strings.Contains(scr, "offline") {
		t.Errorf("a 404 is not offline:\n%s", scr)
	}
}

func TestDemoAndOfflineFlags(t *testing.T) {
	d, _ := fixtureDeps(t)
	d.Demo = true
	h := newHarness(t, d, 100, 20)
	h.fire(isStatusClear)
	h.key("j", "enter", "?")
	if !strings.Contains(h.screen(), "sample edition") {
		t.Errorf("demo: no sample edition flag:\n%s", h.screen())
	}
	calls := 0
	d.Demo = false
	d.Offline = true
	d.Fetch = func(context.Context, feeds.Source, feeds.Conditional) feeds.Result { calls++; return feeds.Result{} }
	h = newHarness(t, d, 100, 20)
	h.key("r")
	if calls != 0 {
		t.Errorf("offline fetched %d times", calls)
	}
	if !strings.Contains(h.screen(), "offline") {
		t.Errorf("no offline flag:\n%s", h.screen())
	}
}

func TestRefreshKeepsValidatorsAndPeriodic(t *testing.T) {
	d, _ := fixtureDeps(t)
	var mu sync.Mutex
	var conds []feeds.Conditional
	fetch := d.Fetch
	d.Fetch = func(ctx context.Context, s feeds.Source, c feeds.Conditional) feeds.Result {
		mu.Lock()
		conds = append(conds, c)
		mu.Unlock()
		return fetch(ctx, s, c)
	}
	d.RefreshEvery = 30 * time.Minute
	h := newHarness(t, d, 140, 40)
	n := h.m.list.items
	h.key("r")
	if len(conds) != 4 {
		t.Fatalf("r fetched %d times in all", len(conds))
	}
	sawValidator := false
	for _, c := range conds[2:] {
		if c != (feeds.Conditional{}) {
			sawValidator = true
		}
	}
	if !sawValidator {
		t.Error("the refresh sent no validators from the first fetch")
	}
	if h.m.list.items != n || n != 12 {
		t.Errorf("refresh changed the item count: %d -> %d", n, h.m.list.items)
	}
	h.key("S")
	if !strings.Contains(h.screen(), "not modified") && !strings.Contains(h.screen(), "ok") {
		t.Errorf("sources view after refresh:\n%s", h.screen())
	}
	h.key("esc")
	if h.fire(func(m tea.Msg) bool { _, ok := m.(refreshTickMsg); return ok }) != 1 {
		t.Fatal("no periodic refresh timer")
	}
	if len(conds) != 6 {
		t.Errorf("the timer did not refresh: %d fetches", len(conds))
	}
	if h.fire(func(m tea.Msg) bool { _, ok := m.(refreshTickMsg); return ok }) != 1 {
		t.Fatal("the refresh timer does not re-arm")
	}
}

func TestReaderSummaryThenArticle(t *testing.T) {
	d, _ := fixtureDeps(t)
	fa := &fakeArticles{make: sampleArticle}
	d.Article = fa.get
	h := newHarness(t, d, 140, 40)
	h.hold = func(m tea.Msg) bool { _, ok := m.(articleMsg); return ok }
	selectTitle(t, h, seedTitle)
	h.key("enter")
	scr := h.screen()
	if !strings.Contains(scr, "Summary from the feed · fetching the full article") {
		t.Fatalf("no summary notice while fetching:\n%s", scr)
	}
	if !strings.Contains(scr, "The General Security of Military Information Agreement") && !strings.Contains(scr, "GSOMIA") {
		t.Errorf("feed text not shown at once:\n%s", scr)
	}
	// The spinner runs while the article loads, and shows in the reader.
	isSpin := func(m tea.Msg) bool { _, ok := m.(spinTickMsg); return ok }
	if !h.m.spinning {
		t.Fatal("no spinner while the article loads")
	}
	frame := h.m.frame
	h.fire(isSpin)
	if h.m.frame == frame || !strings.Contains(h.screen(), spinFrames[h.m.frame]+" Summary from the feed") {
		t.Errorf("the spinner does not turn in the reader:\n%s", h.screen())
	}
	// Prefetch: the selected item and the next three, no more.
	if got := fa.count(); got != 4 {
		t.Errorf("article requests: %d, want 4 (selected + next 3)", got)
	}
	h.hold = nil
	h.release(func(tea.Msg) bool { return true })
	h.fire(isSpin)
	if h.m.spinning {
		t.Error("the spinner keeps running when nothing loads")
	}
	scr = h.screen()
	for _, want := range []string{"Reader mode · 2 pages", "Wang Xu · Tokyo", "Tue 19 Nov 2019 02:27 CET (09:27 CST)",
		"China Daily · Asia Pacific", "A paragraph from the second page"} {
		if !strings.Contains(scr, want) {
			t.Errorf("reader lacks %q:\n%s", want, scr)
		}
	}
	// Moving down uses the prefetched result: no new request.
	h.key("tab", "j")
	h.fire(isSettle)
	if got := fa.count(); got != 5 {
		t.Errorf("after moving down: %d requests, want 5 (one more prefetch)", got)
	}
	if !strings.Contains(h.screen(), "Reader mode") {
		t.Error("the prefetched article is not shown at once")
	}
	// Width changes re-wrap without refetching.
	before := fa.count()
	for _, w := range []int{100, 180, 60, 140} {
		h.send(tea.WindowSizeMsg{Width: w, Height: 40})
	}
	if fa.count() != before {
		t.Error("resizing refetched articles")
	}
}

func TestStaleAndUnselectedResults(t *testing.T) {
	d, _ := fixtureDeps(t)
	fa := &fakeArticles{make: sampleArticle, errs: map[string]error{}}
	d.Article = fa.get
	h := newHarness(t, d, 140, 40)
	h.hold = func(m tea.Msg) bool { _, ok := m.(articleMsg); return ok }
	selectTitle(t, h, seedTitle)
	seedID := h.m.list.pane.SelectedID()
	h.key("enter")
	// Move away before the result arrives: it is kept, not shown.
	h.key("tab", "j")
	other := h.m.list.pane.SelectedID()
	h.release(func(m tea.Msg) bool { return m.(articleMsg).Tag.ItemID == seedID })
	if a := h.m.articles.articles[seedID]; a == nil || a.art == nil {
		t.Fatal("the result for an unselected item was not kept")
	}
	if h.m.reader.ID() != other || strings.Contains(h.screen(), "A paragraph from the second page") {
		t.Fatal("the result for an unselected item was shown")
	}
	h.key("k")
	if !strings.Contains(h.screen(), "A paragraph from the second page") {
		t.Fatal("the kept result is not shown on return")
	}
	// A stale result (an older request) is dropped.
	a := h.m.articles.articles[seedID]
	stale := articleMsg{Tag: reqTag{ItemID: seedID, Seq: a.seq - 1}, Err: errors.New("stale")}
	h.send(stale)
	if h.m.articles.articles[seedID].err != nil {
		t.Fatal("a stale result was applied")
	}
	// Stale entity results are dropped too.
	h.send(feedSpansMsg{Tag: reqTag{ItemID: seedID, Seq: -5}, Spans: [][]entity.Span{{{Start: 0, End: 3, Label: entity.Person}}}})
	if es := h.m.articles.feedSpans[seedID]; es != nil && es.seq == -5 {
		t.Fatal("a stale entity result was applied")
	}
}

func TestReaderFailureKeepsFeedText(t *testing.T) {
	d, _ := fixtureDeps(t)
	fa := &fakeArticles{make: sampleArticle, errs: map[string]error{}}
	d.Article = func(_ context.Context, _ string) (*article.Article, error) {
		return nil, errors.New("HTTP 404")
	}
	_ = fa
	h := newHarness(t, d, 140, 40)
	selectTitle(t, h, seedTitle)
	h.key("enter")
	scr := h.screen()
	if !strings.Contains(scr, "full article unavailable: HTTP 404") {
		t.Errorf("no reason for the failure:\n%s", scr)
	}
	if !strings.Contains(scr, "GSOMIA") {
		t.Errorf("feed text lost:\n%s", scr)
	}
	// The row shows a short marker and keeps its date; the reason is in
	// the reader.
	row := ""
	for _, l := range strings.Split(scr, "\n") {
		if strings.Contains(l, "China Daily") && strings.Contains(l, "▌") && strings.Contains(l, "!") {
			row = l
		}
	}
	if row == "" || strings.Contains(row, "HTTP 404") || !strings.Contains(row, "! 19 Nov") {
		t.Errorf("the failed row's second line: %q\n%s", row, scr)
	}
}
