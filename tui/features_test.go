package tui

import (
	"context"
	"image/color"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/query"
)

func TestRegionViewNarrowsWorldFeed(t *testing.T) {
	d, srv := fixtureDeps(t)
	d.Sources = []feeds.Source{{Name: "China Daily · World", URL: srv.URL + "/rss/world_rss.xml"}}
	d.Entities, d.Regions = fakeEntities, fakeRegions
	h := newHarness(t, d, 140, 40)
	ap := h.rowTitles()
	if !strings.Contains(h.screen(), "Asia-Pacific") {
		t.Errorf("the list header does not name the view:\n%s", h.screen())
	}
	h.key("v")
	all := h.rowTitles()
	if h.m.list.view != ViewAll || len(all) != 12 {
		t.Fatalf("v: view %v with %d rows", h.m.list.view, len(all))
	}
	if !strings.Contains(h.screen(), "All regions") {
		t.Errorf("header after v:\n%s", h.screen())
	}
	if len(ap) == 0 || len(ap) >= len(all) {
		t.Fatalf("Asia-Pacific view has %d of %d items", len(ap), len(all))
	}
	in := func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	}
	if !in(ap, seedTitle) {
		t.Errorf("the seed (Seoul, Tokyo) is not Asia-Pacific: %q", ap)
	}
	if in(ap, "Kenyan tea prices steady as Mombasa auction volumes rise") {
		t.Error("a Kenyan story is in the Asia-Pacific view")
	}
	// Every row is in the view exactly when what the library stored of
	// it (section, categories, main region) says so.
	for _, e := range h.m.list.rows {
		it, st, err := h.m.library.Item(context.Background(), e.id())
		if err != nil {
			t.Fatal(err)
		}
		evidence := entity.InAsiaPacific(append([]string{it.Section}, it.Categories...), st.Regions)
		if in(ap, it.Title) != evidence {
			t.Errorf("%q: in view %v, evidence %v (regions %q, section %q)", it.Title, in(ap, it.Title), evidence, st.Regions, it.Section)
		}
	}
	h.key("v", "v", "v") // saved, starred, Asia-Pacific
	if h.m.list.view != ViewAsiaPacific {
		t.Error("v does not cycle back to Asia-Pacific")
	}
}

func TestEntityPanelFilterAndMentions(t *testing.T) {
	d, _ := fixtureDeps(t)
	d.Entities, d.Regions = fakeEntities, fakeRegions
	d.Article = (&fakeArticles{make: sampleArticle}).get
	h := newHarness(t, d, 140, 40)
	selectTitle(t, h, seedTitle)
	h.key("enter")
	h.key("e")
	if h.m.overlay != overlayEntities {
		t.Fatal("e does not open the entity panel")
	}
	scr := h.screen()
	// "Kono" on the second page links to the "Taro Kono" of the first:
	// the extractor reads the article as one text.
	for _, want := range []string{"People", "Taro Kono", "×4", "Places", "Bangkok", "Organisations", "Kyodo News"} {
		if !strings.Contains(scr, want) {
			t.Errorf("panel lacks %q:\n%s", want, scr)
		}
	}
	h.key("enter") // the first row: Taro Kono, the most mentioned person
	if h.m.overlay != overlayNone {
		t.Fatal("choosing an entity does not close the panel")
	}
	if got := h.m.filter.Value(); got != `person:"Taro Kono"` {
		t.Fatalf("filter is %q", got)
	}
	if h.m.list.view != ViewAll {
		t.Errorf("an entity filter should search all regions, view is %v", h.m.list.view)
	}
	if !strings.Contains(h.screen(), `person:"Taro Kono"`) {
		t.Error("the filter bar does not show the entity")
	}
	rows := h.rowTitles()
	if len(rows) != 1 || rows[0] != seedTitle {
		t.Errorf("rows mentioning Taro Kono: %q", rows)
	}
	// n/N visit that person's mentions, wrapping around.
	h.key("n")
	if !strings.Contains(h.screen(), "person · Taro Kono (1 of 4)") {
		t.Errorf("n: status:\n%s", h.screen())
	}
	cur := h.m.styles.Current.Inherit(h.m.styles.Caption).Render("Taro Kono")
	if !strings.Contains(h.m.View().Content, cur) {
		t.Error("the current mention is not highlighted")
	}
	h.key("n", "n", "n", "n")
	if !strings.Contains(h.screen(), "(1 of 4)") {
		t.Errorf("n does not wrap around:\n%s", h.screen())
	}
	h.key("N")
	if !strings.Contains(h.screen(), "(4 of 4)") {
		t.Errorf("N:\n%s", h.screen())
	}
	// Without an entity filter, n/N visit every mention.
	h.key("esc")
	h.key("n")
	if !strings.Contains(h.screen(), "of 1") && !strings.Contains(h.screen(), " of ") {
		t.Errorf("n without a filter:\n%s", h.screen())
	}
	if h.m.reader.Mentions() <= 4 {
		t.Errorf("only %d mentions without a filter", h.m.reader.Mentions())
	}
}

func TestEntityHighlightStylesAndFilterOnTop(t *testing.T) {
	for _, noColor := range []bool{false, true} {
		d, _ := fixtureDeps(t)
		d.NoColor = noColor
		d.Entities = fakeEntities
		d.Article = (&fakeArticles{make: sampleArticle}).get
		h := newHarness(t, d, 160, 40)
		selectTitle(t, h, seedTitle)
		h.key("enter")
		st := h.m.styles
		v := h.m.View().Content
		for _, want := range []string{
			st.Person.Inherit(st.Body).Render("Taro Kono"),
			st.Place.Inherit(st.Body).Render("Bangkok"),
			st.Org.Inherit(st.Body).Render("Kyodo News"),
		} {
			if !strings.Contains(v, want) {
				t.Errorf("noColor=%v: no %q", noColor, want)
			}
		}
		// A filter match on an entity shows the match style.
		h.key("/")
		h.typeText("bangkok")
		h.key("enter")
		v = h.m.View().Content
		if !strings.Contains(v, st.Match.Inherit(st.Body).Render("Bangkok")) {
			t.Errorf("noColor=%v: the filter match is not on top of the entity", noColor)
		}
	}
}

func TestNoColorStyles(t *testing.T) {
	s := NoColorStyles()
	if !s.Person.GetBold() || !s.Place.GetUnderline() || !s.Org.GetItalic() || !s.Match.GetReverse() {
		t.Error("NO_COLOR highlights must differ by attribute")
	}
	d, _ := fixtureDeps(t)
	d.NoColor = true
	d.Entities = fakeEntities
	h := newHarness(t, d, 140, 40)
	h.key("/")
	h.typeText("seoul")
	colour := regexp.MustCompile("\x1b\\[[0-9;:]*(3[0-9]|4[0-9]|9[0-7]|10[0-7])[;m]")
	for _, v := range []string{h.m.View().Content} {
		if loc := colour.FindStringIndex(v); loc != nil {
			t.Errorf("NO_COLOR view has a colour sequence: %q", v[loc[0]:min(loc[1]+10, len(v))])
		}
	}
	if h.m.View().Content == h.screen() {
		t.Error("NO_COLOR view has no attributes at all")
	}
}

func TestBackgroundColorRebuildsStyles(t *testing.T) {
	d, _ := fixtureDeps(t)
	d.Theme = "auto"
	h := newHarness(t, d, 100, 20)
	h.send(tea.BackgroundColorMsg{Color: color.White})
	if h.m.styles.Dark {
		t.Error("a white background kept dark styles")
	}
	h.send(tea.BackgroundColorMsg{Color: color.Black})
	if !h.m.styles.Dark {
		t.Error("a black background kept light styles")
	}
	d.Theme = "light"
	h = newHarness(t, d, 100, 20)
	h.send(tea.BackgroundColorMsg{Color: color.Black})
	if h.m.styles.Dark {
		t.Error("theme=light was overridden by the terminal")
	}
}

func TestFootnoteLinks(t *testing.T) {
	d, _ := fixtureDeps(t)
	d.Article = (&fakeArticles{make: sampleArticle}).get
	var mu sync.Mutex
	var opened []string
	d.OpenURL = func(u string) error { mu.Lock(); opened = append(opened, u); mu.Unlock(); return nil }
	h := newHarness(t, d, 160, 60)
	selectTitle(t, h, seedTitle)
	h.key("enter")
	scr := h.screen()
	for _, want := range []string{"Kyodo News[1]", "[1] Kyodo News — https://english.kyodonews.net/", "[2] ASEAN — https://asean.org/",
		"[image: Taro Kono speaks to reporters in Bangkok. [Photo/IC]]", "Talks in Bangkok", "│ We will continue", "• The pact expires", "  • Seoul said", "year  talks"} {
		if !strings.Contains(scr, want) {
			t.Errorf("reader lacks %q:\n%s", want, scr)
		}
	}
	// The image and its caption are one line: the caption is not repeated.
	if n := strings.Count(scr, "speaks to reporters"); n != 1 {
		t.Errorf("the caption shows %d times:\n%s", n, scr)
	}
	h.key("f", "2")
	h.key("f", "1")
	h.key("f", "9")
	if !strings.Contains(h.screen(), "No link 9") {
		t.Errorf("f 9:\n%s", h.screen())
	}
	h.key("f", "esc")
	if h.m.footnote.active {
		t.Error("esc does not leave link mode")
	}
	h.key("o")
	want := []string{"https://asean.org/", "https://english.kyodonews.net/", h.m.list.pane.Selected().item.Link}
	if strings.Join(opened, " ") != strings.Join(want, " ") {
		t.Errorf("opened %q, want %q", opened, want)
	}
}

func TestMouseClickAndWheel(t *testing.T) {
	d, _ := fixtureDeps(t)
	h := newHarness(t, d, 140, 20)
	// Wide: the list pane is the left 40%; row i starts on line 2+2i.
	h.send(tea.MouseClickMsg{X: 5, Y: 2 + 2*2, Button: tea.MouseLeft})
	if h.m.list.pane.selected != 2 || h.m.focus != focusList {
		t.Fatalf("click selected row %d", h.m.list.pane.selected)
	}
	h.send(tea.MouseClickMsg{X: 5, Y: 3 + 2*2, Button: tea.MouseLeft}) // second line of the same row
	if h.m.focus != focusReader || !h.m.list.pane.Selected().read {
		t.Error("clicking the selected row does not open it")
	}
	h.send(tea.MouseClickMsg{X: 5, Y: 2, Button: tea.MouseLeft})
	if h.m.focus != focusList || h.m.list.pane.selected != 0 {
		t.Error("a click on the list does not focus it")
	}
	h.send(tea.MouseClickMsg{X: 90, Y: 5, Button: tea.MouseLeft})
	if h.m.focus != focusReader {
		t.Error("a click on the reader does not focus it")
	}
	h.send(tea.MouseWheelMsg{X: 90, Y: 5, Button: tea.MouseWheelDown})
	if h.m.reader.lineWindow.offset != 3 {
		t.Errorf("wheel over the reader: off %d", h.m.reader.lineWindow.offset)
	}
	h.send(tea.MouseWheelMsg{X: 90, Y: 5, Button: tea.MouseWheelUp})
	if h.m.reader.lineWindow.offset != 0 {
		t.Errorf("wheel up over the reader: off %d", h.m.reader.lineWindow.offset)
	}
	h.send(tea.MouseWheelMsg{X: 5, Y: 5, Button: tea.MouseWheelDown})
	if h.m.list.pane.selected != 1 || h.m.reader.lineWindow.offset != 0 {
		t.Errorf("wheel over the list: sel %d", h.m.list.pane.selected)
	}
	// Narrow: a click on a row of the list selects it.
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.send(tea.MouseClickMsg{X: 5, Y: 3, Button: tea.MouseLeft})
	if h.m.focus != focusReader {
		t.Error("narrow: a click on the reader changed the pane")
	}
	h.key("h")
	h.send(tea.MouseClickMsg{X: 5, Y: 1 + 2*3, Button: tea.MouseLeft})
	if h.m.list.pane.selected != 3 {
		t.Errorf("narrow click selected %d", h.m.list.pane.selected)
	}
}

func TestSaveStarReadToggles(t *testing.T) {
	d, _ := fixtureDeps(t)
	d.Article = (&fakeArticles{make: sampleArticle}).get
	h := newHarness(t, d, 140, 40)
	h.key("s")
	if !h.m.list.pane.Selected().saved || !strings.Contains(h.screen(), "saved") {
		t.Errorf("s: no saved marker:\n%s", h.screen())
	}
	h.key("*")
	if !h.m.list.pane.Selected().starred || !strings.Contains(h.screen(), "★") {
		t.Error("*: no star")
	}
	h.key("u")
	if !h.m.list.pane.Selected().read {
		t.Error("u does not mark read")
	}
	h.key("u")
	if h.m.list.pane.Selected().read {
		t.Error("u does not toggle back to unread")
	}
	h.key("/")
	h.typeText("seoul")
	h.key("enter", "U")
	visible := map[string]bool{}
	for _, r := range h.m.list.pane.rows {
		visible[r.id()] = true
	}
	all, _, err := h.m.library.Search(context.Background(), query.Query{}, 100, 0)
	if err != nil || len(all) < len(visible) {
		t.Fatal(len(all), err)
	}
	for _, r := range all {
		if r.Read != visible[r.ID] {
			t.Errorf("U: %q read=%v in the list=%v", r.Title, r.Read, visible[r.ID])
		}
	}
	// Read items lose their dot.
	if strings.Count(h.screen(), "●") != 0 {
		t.Errorf("read rows still show the unread dot:\n%s", h.screen())
	}
}

func TestHostileTextNeverReachesTheTerminal(t *testing.T) {
	evil := "Evil \x1b[2J\x1b]0;pwned\x07 title \u202eright\u009b2J \x07bell"
	d := testDeps{
		Sources: []feeds.Source{{Name: "Evil\x1b[31m source", URL: "http://127.0.0.1/evil"}},
		Fetch: func(_ context.Context, _ feeds.Source, _ feeds.Conditional) feeds.Result {
			return feeds.Result{Items: []feeds.Item{{
				ID: "x", Title: evil, Summary: evil, Content: evil + "\n\nSecond \x00 paragraph",
				Author: evil, Published: testNow.Add(-time.Hour), Section: "Asia Pacific",
			}}}
		},
		Entities: fakeEntities,
	}
	h := newHarness(t, d, 120, 30)
	h.key("enter")
	for _, v := range []string{h.m.View().Content} {
		for _, bad := range []string{"\x1b[2J", "\x1b]0;", "\u202e", "\u009b", "\x07", "\x00", "\x1b[31m source"} {
			if strings.Contains(v, bad) {
				t.Errorf("view contains %q", bad)
			}
		}
	}
	if !strings.Contains(h.screen(), "Evil title right bell") {
		t.Errorf("the text is not shown as plain text:\n%s", h.screen())
	}
}

func TestQuitKeys(t *testing.T) {
	d, _ := fixtureDeps(t)
	h := newHarness(t, d, 100, 20)
	h.key("q")
	if !h.quit {
		t.Error("q does not quit")
	}
	h = newHarness(t, d, 100, 20)
	h.key("/", "q")
	if h.quit {
		t.Fatal("q in the filter quits")
	}
	h.key("ctrl+c")
	if !h.quit {
		t.Error("ctrl+c does not quit from the filter")
	}
	if h.m.ctx.Err() == nil {
		t.Error("quitting does not cancel in-flight work")
	}
}

func TestNilDepsTolerated(t *testing.T) {
	h := newHarness(t, testDeps{}, 100, 20)
	h.key("j", "enter", "e", "esc", "n", "f", "o", "r", "S", "esc", "v", "s", "u", "U", "?", "esc", "/", "x", "esc")
	if !strings.Contains(h.screen(), "No sources configured") {
		t.Errorf("empty deps:\n%s", h.screen())
	}
	d, _ := fixtureDeps(t)
	d.Entities = nil
	d.Article = nil
	d.OpenURL = nil
	h = newHarness(t, d, 100, 30)
	h.key("enter", "e")
	if !strings.Contains(h.screen(), "Entity extraction is not available") {
		t.Errorf("no entities:\n%s", h.screen())
	}
	h.key("esc", "o")
	if !strings.Contains(h.screen(), "No browser") {
		t.Errorf("no OpenURL:\n%s", h.screen())
	}
	if !strings.Contains(h.screen(), "From the feed") {
		t.Errorf("no Article: the feed text should be marked:\n%s", h.screen())
	}
}

// With the real extractor and region tags, the region view narrows the
// China Daily World feed to its eight Asia-Pacific items (the fixture
// README lists which they are).
func TestRegionViewRealExtractor(t *testing.T) {
	d, srv := fixtureDeps(t)
	d.Sources = []feeds.Source{{Name: "China Daily · World", URL: srv.URL + "/rss/world_rss.xml"}}
	d.Entities, d.Regions = entity.Extract, entity.Regions
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
}
