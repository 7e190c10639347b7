package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/dateline-news/dateline/feeds"
)

// newPreviewHarness starts a TUI with Deps.Preview over a new library,
// holding the refresh's messages until the test releases them.
func newPreviewHarness(t *testing.T, td testDeps) *harness {
	t.Helper()
	deps := td.build(t)
	deps.Preview = []feeds.Item{
		{ID: "p1", Title: "Preview headline one", SourceName: "Sample desk", Published: testNow},
		{ID: "p2", Title: "Preview headline two", SourceName: "Sample desk", Published: testNow.Add(-time.Hour)},
	}
	h := &harness{t: t, m: New(deps), w: 120, h: 30}
	h.m.tick = func(d time.Duration, msg tea.Msg) tea.Cmd { return func() tea.Msg { return scheduled{d, msg} } }
	h.hold = func(m tea.Msg) bool { _, ok := m.(refreshMsg); return ok }
	h.send(tea.WindowSizeMsg{Width: h.w, Height: h.h})
	h.run(h.m.Init())
	return h
}

// The preview is on screen while the first refresh fills an empty
// library, not selectable and not counted; the library's rows replace it.
func TestPreviewUntilTheLibraryLists(t *testing.T) {
	td, _ := fixtureDeps(t)
	h := newPreviewHarness(t, td)
	s := h.screen()
	if !strings.Contains(s, "Preview headline one") || !strings.Contains(s, "Preview headline two") {
		t.Fatalf("the preview is not on screen:\n%s", s)
	}
	if strings.Contains(s, "Asia-Pacific · 0") {
		t.Errorf("the header counts the preview's rows as the library's:\n%s", s)
	}
	if h.m.list.pane.Selected() != nil {
		t.Errorf("a preview row is selectable")
	}
	releaseRefresh(h)
	s = h.screen()
	if strings.Contains(s, "Preview headline") {
		t.Errorf("the preview is still on screen after the refresh:\n%s", s)
	}
	if !strings.Contains(s, "Pressure kept on Seoul") {
		t.Errorf("the library's headlines are not listed:\n%s", s)
	}
	if h.m.list.pane.preview != nil {
		t.Errorf("the preview was kept")
	}
}

// A first refresh that brings nothing ends the preview too: the list
// then says what is wrong, as without one.
func TestPreviewEndsWithAFailedRefresh(t *testing.T) {
	td, srv := fixtureDeps(t)
	srv.Close()
	h := newPreviewHarness(t, td)
	releaseRefresh(h)
	if s := h.screen(); strings.Contains(s, "Preview headline") {
		t.Errorf("the preview is still on screen after a failed refresh:\n%s", s)
	}
}

// Another view or a filter ends the preview at once.
func TestPreviewEndsWithAnotherView(t *testing.T) {
	td, _ := fixtureDeps(t)
	h := newPreviewHarness(t, td)
	h.m.list.view = ViewAll
	h.m.showList()
	if h.m.list.pane.preview != nil {
		t.Errorf("the preview outlived a change of view")
	}
}

// releaseRefresh delivers the held refresh messages until the refresh
// has ended.
func releaseRefresh(h *harness) {
	for n := 1; n > 0; {
		n = h.release(func(m tea.Msg) bool { _, ok := m.(refreshMsg); return ok })
	}
}
