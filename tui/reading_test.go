package tui

import (
	"context"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/feeds"
)

// ] opens the next unread item, reading through the view; [ goes back.
func TestNextUnreadReadsThrough(t *testing.T) {
	d, _ := fixtureDeps(t)
	d.Article = (&fakeArticles{make: sampleArticle}).get
	h := newHarness(t, d, 140, 40)
	n := len(h.m.list.pane.rows)
	if n != 8 {
		t.Fatalf("%d rows", n)
	}
	h.key("j", "u") // the second row is read already: ] skips it
	h.key("g")
	h.key("]")
	first := h.m.reader.ID()
	if h.m.focus != focusReader || first != h.m.list.pane.rows[0].id() {
		t.Fatalf("] from the top opens %q, want the first row", first)
	}
	h.key("]")
	if got := h.m.reader.ID(); got != h.m.list.pane.rows[2].id() {
		t.Errorf("] skipped to %q, want the third row (the second is read)", got)
	}
	for range n {
		h.key("]")
	}
	if !strings.Contains(h.screen(), "No more unread headlines in this view.") {
		t.Errorf("at the end:\n%s", h.screen())
	}
	for _, r := range h.m.list.pane.rows {
		if !r.read {
			t.Errorf("%q is still unread after reading through", r.item.Title)
		}
	}
	h.key("u", "[")
	if !strings.Contains(h.screen(), "No unread headline above") && h.m.reader.ID() == "" {
		t.Errorf("[:\n%s", h.screen())
	}
}

// The header counts the view's unread items, from the library, and
// follows reading, u and U at once.
func TestUnreadCountPerView(t *testing.T) {
	d, _ := fixtureDeps(t)
	d.Article = (&fakeArticles{make: sampleArticle}).get
	h := newHarness(t, d, 140, 40)
	header := func() string { return ansi.Strip(strings.SplitN(h.m.list.pane.View(), "\n", 2)[0]) }
	want := func(s string) {
		t.Helper()
		if !strings.Contains(header(), s) {
			t.Errorf("header %q, want %q", header(), s)
		}
	}
	want("Asia-Pacific · 8 · 8 unread")
	h.key("enter")
	want("· 7 unread")
	h.key("h", "u")
	want("· 8 unread")
	h.key("2")
	want("All regions · 12 · 12 unread")
	h.key("U")
	want("· 0 unread")
	h.key("1")
	want("Asia-Pacific · 8 · 0 unread")
}

// 1–4 choose a view; the selection stays on its item when the view lists
// it; esc after an entity's filter returns to the view it was chosen from.
func TestViewsByKeyAndBackFromAnEntity(t *testing.T) {
	d, _ := fixtureDeps(t)
	d.Entities, d.Regions = fakeEntities, fakeRegions
	d.Article = (&fakeArticles{make: sampleArticle}).get
	h := newHarness(t, d, 140, 40)
	selectTitle(t, h, seedTitle)
	id := h.m.list.pane.SelectedID()
	h.key("2")
	if h.m.list.view != ViewAll || h.m.list.pane.SelectedID() != id {
		t.Errorf("2: view %v, selection %q (want it kept on %q)", h.m.list.view, h.m.list.pane.SelectedID(), id)
	}
	h.key("4")
	if h.m.list.view != ViewStarred || len(h.m.list.pane.rows) != 0 {
		t.Errorf("4: view %v, %d rows", h.m.list.view, len(h.m.list.pane.rows))
	}
	h.key("1")
	if h.m.list.view != ViewAsiaPacific || h.m.list.pane.SelectedID() != id {
		t.Errorf("1: view %v, selection %q", h.m.list.view, h.m.list.pane.SelectedID())
	}
	h.key("enter", "e", "enter") // filter by the first entity: all regions
	if h.m.list.view != ViewAll || !strings.HasPrefix(h.m.filter.Value(), "person:") {
		t.Fatalf("entity filter: view %v, filter %q", h.m.list.view, h.m.filter.Value())
	}
	h.key("esc")
	if h.m.list.view != ViewAsiaPacific || h.m.filter.Value() != "" {
		t.Errorf("esc after an entity filter: view %v, filter %q; want back in Asia-Pacific", h.m.list.view, h.m.filter.Value())
	}
}

// The reader says how far through the article it is: on its border when
// the panes are side by side, in the status line when it is alone.
func TestReaderPosition(t *testing.T) {
	d, _ := fixtureDeps(t)
	d.Article = (&fakeArticles{make: func(u string) *article.Article {
		a := sampleArticle(u)
		for i := 0; i < 40; i++ {
			a.Blocks = append(a.Blocks, article.Block{Kind: article.Paragraph, Text: "More of the article, paragraph after paragraph."})
		}
		return a
	}}).get
	h := newHarness(t, d, 140, 30)
	h.key("enter")
	bottom := func() string {
		ls := strings.Split(h.screen(), "\n")
		return ls[len(ls)-2] // the panes' bottom border (the status line is last)
	}
	if !strings.Contains(bottom(), " Top ─╯") {
		t.Errorf("at the top: %q", bottom())
	}
	h.key("space")
	if !regexp.MustCompile(` [0-9]+% ─╯`).MatchString(bottom()) {
		t.Errorf("a page down: %q", bottom())
	}
	h.key("G")
	if !strings.Contains(bottom(), " End ─╯") {
		t.Errorf("at the end: %q", bottom())
	}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.key("g")
	ls := strings.Split(h.screen(), "\n")
	if status := ls[len(ls)-1]; !strings.Contains(status, "Top") {
		t.Errorf("narrow: the status line lacks the position: %q", status)
	}
}

// The list pane is resized with < and >, or by dragging the border
// between the panes; the width is kept for the next run.
func TestResizeListPane(t *testing.T) {
	d, _ := fixtureDeps(t)
	var kept []int
	h := newHarnessWith(t, d, 140, 40, func(deps *Deps) {
		deps.ListWidth = 60
		deps.SaveListWidth = func(n int) error { kept = append(kept, n); return nil }
	})
	if h.m.listWidth != 60 {
		t.Fatalf("the kept width is not used: %d", h.m.listWidth)
	}
	h.key("<", "<")
	if h.m.listWidth != 52 || len(kept) != 2 || kept[1] != 52 {
		t.Errorf("< <: width %d, kept %v", h.m.listWidth, kept)
	}
	checkFrame(t, h.m.View().Content, 140, 40)
	// Drag the border (its column is listWidth-1) to column 79.
	h.send(tea.MouseClickMsg{X: h.m.listWidth - 1, Y: 5, Button: tea.MouseLeft})
	h.send(tea.MouseMotionMsg{X: 70, Y: 5, Button: tea.MouseLeft})
	h.send(tea.MouseMotionMsg{X: 79, Y: 6, Button: tea.MouseLeft})
	h.send(tea.MouseReleaseMsg{X: 79, Y: 6, Button: tea.MouseLeft})
	if h.m.listWidth != 80 || kept[len(kept)-1] != 80 || len(kept) != 3 {
		t.Errorf("drag: width %d, kept %v", h.m.listWidth, kept)
	}
	// Both panes stay usable whatever is asked.
	for range 30 {
		h.key(">")
	}
	if h.m.width-h.m.listWidth < minReaderWidth {
		t.Errorf("the reader is %d columns", h.m.width-h.m.listWidth)
	}
	checkFrame(t, h.m.View().Content, 140, 40)
}

// y copies the current item's link (OSC 52) and shows it; o gives the
// terminal to a terminal browser, or starts another beside the TUI.
func TestCopyAndBrowse(t *testing.T) {
	d, _ := fixtureDeps(t)
	var opened []string
	h := newHarnessWith(t, d, 140, 40, func(deps *Deps) {
		deps.OpenURL = func(u string) error { opened = append(opened, u); return nil }
		deps.TerminalBrowser = func(u string) *exec.Cmd {
			if strings.Contains(u, "WS5dd344f2") {
				return exec.Command("true", u)
			}
			return nil
		}
	})
	link := h.m.list.pane.Selected().item.Link
	h.key("y")
	if !strings.Contains(h.screen(), "Copied: "+link[:20]) {
		t.Errorf("y:\n%s", h.screen())
	}
	h.key("o")
	if len(opened) != 1 || opened[0] != link {
		t.Errorf("o with a windowed browser: %v", opened)
	}
	isBrowser := func(m tea.Msg) bool { _, ok := m.(browserMsg); return ok }
	h.hold = isBrowser
	selectTitle(t, h, seedTitle)
	h.key("o")
	if len(h.held) != 1 || len(opened) != 1 {
		t.Fatalf("o with a terminal browser: %d held, opened %v", len(h.held), opened)
	}
	if c := h.held[0].(browserMsg).Cmd; c.Args[1] != h.m.list.pane.Selected().item.Link {
		t.Errorf("the terminal browser is not given the link: %v", c.Args)
	}
}

// The help has pages: the keys, the search syntax, the mouse.
func TestHelpPages(t *testing.T) {
	d, _ := fixtureDeps(t)
	h := newHarness(t, d, 120, 40)
	h.key("?")
	if !strings.Contains(h.screen(), "open next unread") {
		t.Errorf("the keys page:\n%s", h.screen())
	}
	h.key("tab")
	if scr := h.screen(); !strings.Contains(scr, `person:"taro kono"`) || !strings.Contains(scr, "is:asia-pacific") ||
		!strings.Contains(scr, "seoul OR tokyo") || !strings.Contains(scr, "-(seoul OR tokyo)") {
		t.Errorf("the search page:\n%s", scr)
	}
	h.key("tab")
	if !strings.Contains(h.screen(), "drag the border") {
		t.Errorf("the mouse page:\n%s", h.screen())
	}
	h.key("tab", "esc", "?")
	if h.m.help.page != 0 {
		t.Error("help does not open on its first page")
	}
}

// The sources view lists each source with its counts and what it last
// answered (a failure shows its error, when it was tried and when it is
// tried next, not "fetched"); enter lists that source's items, esc comes
// back.
func TestBrowseASource(t *testing.T) {
	d, srv := fixtureDeps(t)
	d.Sources = append(d.Sources, feeds.Source{Name: "Broken", URL: srv.URL + "/no/such/feed.xml"})
	h := newHarness(t, d, 140, 40)
	h.key("S")
	h.run(sourcesCmd(context.Background(), h.m.library))
	scr := h.screen()
	for _, want := range []string{"unread · ", "error: HTTP 404", "· tried ", "· next try ", "ok · HTTP 200 · fetched "} {
		if !strings.Contains(scr, want) {
			t.Errorf("sources view lacks %q:\n%s", want, scr)
		}
	}
	if strings.Contains(scr, "error: HTTP 404 · fetched") {
		t.Error("a failed source says it was fetched")
	}
	var worldItems int
	for _, r := range h.m.sources.rows {
		if r.URL == srv.URL+"/rss/world_rss.xml" {
			worldItems = r.Items
		}
	}
	h.key("j", "enter") // the World feed
	if h.m.overlay != overlayNone || !strings.HasPrefix(h.m.filter.Value(), "source:"+srv.URL+"/rss/world_rss.xml") {
		t.Fatalf("enter: overlay %v, filter %q", h.m.overlay, h.m.filter.Value())
	}
	if got := len(h.m.list.pane.rows); got == 0 || got != worldItems || h.m.list.view != ViewAll {
		t.Errorf("the World feed's items: %d rows in %v, the view says %d", got, h.m.list.view, worldItems)
	}
	for _, r := range h.m.list.pane.rows {
		if r.item.SourceURL != srv.URL+"/rss/world_rss.xml" {
			t.Errorf("a row of another source: %q", r.item.SourceName)
		}
	}
	h.key("esc")
	if h.m.list.view != ViewAsiaPacific || h.m.filter.Value() != "" {
		t.Errorf("esc: view %v, filter %q", h.m.list.view, h.m.filter.Value())
	}
}
