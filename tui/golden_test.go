package tui

import (
	"strings"
	"testing"
)

// Golden screens: the view without styles, at fixed sizes, with a fixed
// clock, zone and styles. Regenerate with: go test ./tui -run Golden -update

func TestGoldenList80x24(t *testing.T) {
	d, _ := fixtureDeps(t)
	h := newHarness(t, d, 80, 24)
	h.fire(isStatusClear)
	golden(t, "list_80x24", h.screen())
}

func TestGoldenReader80x24(t *testing.T) {
	d, _ := fixtureDeps(t)
	d.Entities = fakeEntities
	h := newHarness(t, d, 80, 24)
	selectTitle(t, h, seedTitle)
	h.key("enter")
	h.fire(isStatusClear)
	golden(t, "reader_80x24", h.screen())
}

func TestGoldenWide140x40(t *testing.T) {
	d, _ := fixtureDeps(t)
	h := newHarness(t, d, 140, 40)
	h.fire(isStatusClear)
	golden(t, "wide_140x40", h.screen())
}

func TestGoldenReaderMode140x40(t *testing.T) {
	d, _ := fixtureDeps(t)
	d.Entities = fakeEntities
	d.Article = (&fakeArticles{make: sampleArticle}).get
	h := newHarness(t, d, 140, 40)
	selectTitle(t, h, seedTitle)
	h.key("enter", "/")
	h.typeText("gsomia")
	h.key("enter")
	h.fire(isStatusClear)
	golden(t, "readermode_filter_140x40", h.screen())
}

func TestGoldenHelp80x24(t *testing.T) {
	d, _ := fixtureDeps(t)
	h := newHarness(t, d, 80, 24)
	h.fire(isStatusClear)
	h.key("?")
	golden(t, "help_80x24", h.screen())
}

func TestGoldenEntities140x40(t *testing.T) {
	d, _ := fixtureDeps(t)
	d.Entities = fakeEntities
	d.Article = (&fakeArticles{make: sampleArticle}).get
	h := newHarness(t, d, 140, 40)
	selectTitle(t, h, seedTitle)
	h.key("enter", "e")
	h.fire(isStatusClear)
	golden(t, "entities_140x40", h.screen())
}

func TestGoldenCJK60x20(t *testing.T) {
	d, _ := fixtureDeps(t)
	h := newHarness(t, d, 60, 20)
	selectTitle(t, h, "Tokyo exhibition traces calligraphy from Tang Dynasty to Reiwa era")
	h.key("enter")
	h.fire(isStatusClear)
	// Page down to the lines with Japanese and Chinese text.
	for i := 0; i < 10 && !strings.Contains(h.screen(), "春眠"); i++ {
		h.key("space")
	}
	if !strings.Contains(h.screen(), "春眠") {
		t.Fatal("no CJK text on screen")
	}
	checkFrame(t, h.m.View().Content, 60, 20)
	golden(t, "cjk_60x20", h.screen())
}
