package tui

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/store"
	"github.com/dateline-news/dateline/watch"
)

// watchRecorder keeps what the TUI saved and notified.
type watchRecorder struct {
	mu       sync.Mutex
	saved    []watch.Watch
	notified []string
}

func (r *watchRecorder) save(w watch.Watch) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.saved = append(r.saved, w)
	return nil
}

func (r *watchRecorder) Notify(_ context.Context, title, body string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notified = append(r.notified, title+": "+body)
	return "", nil
}

// seededDeps are fixtureDeps on a library that holds the fixtures
// already, as after an earlier run: a watch the library first sees now
// starts with nothing new.
func seededDeps(t *testing.T) testDeps {
	t.Helper()
	d, _ := fixtureDeps(t)
	st, _ := newLib(t)
	d.Library = st
	seedFixtures(t, st, d)
	return d
}

// moreGSOMIA makes the World feed carry one more GSOMIA item once more
// is set (the source then answers in full, not 304).
func moreGSOMIA(d *testDeps, more *atomic.Bool) {
	base := d.Fetch
	d.Fetch = func(ctx context.Context, src feeds.Source, cond feeds.Conditional) feeds.Result {
		if !more.Load() || !strings.HasSuffix(src.URL, "world_rss.xml") {
			return base(ctx, src, cond)
		}
		r := base(ctx, src, feeds.Conditional{})
		r.Items = append(r.Items, feeds.Item{ID: "gsomia-extra", Title: "Seoul says GSOMIA stays, for now",
			Summary: "South Korea suspends the expiry of GSOMIA with Japan.", Link: "https://www.chinadaily.com.cn/a/extra.html",
			SourceName: src.Name, SourceURL: src.URL, Published: testNow.Add(-time.Hour)})
		return r
	}
}

// w saves the filter as a watch; v reaches it after the four views and
// shows its story; a refresh that brings one more match says "1 new"
// and notifies a watch with notify = true once.
func TestWatchSaveViewAndRefresh(t *testing.T) {
	d := seededDeps(t)
	var more atomic.Bool
	moreGSOMIA(&d, &more)
	rec := &watchRecorder{}
	h := newHarnessWith(t, d, 80, 24, func(deps *Deps) {
		deps.SaveWatch, deps.Notifier = rec.save, rec
		deps.Watches = []watch.Watch{{Name: "Kono", Query: `person:"Taro Kono"`, Notify: true}}
	})
	h.fire(isStatusClear)
	h.key("w")
	if !strings.Contains(h.screen(), "Type a filter first") {
		t.Errorf("w without a filter:\n%s", h.screen())
	}
	h.key("/")
	h.typeText("GSOMIA")
	h.key("enter", "w")
	if !strings.Contains(h.screen(), "Save the filter as the watch [GSOMIA_]") {
		t.Fatalf("the name prompt:\n%s", h.screen())
	}
	h.key("enter")
	if len(rec.saved) != 1 || rec.saved[0] != (watch.Watch{Name: "GSOMIA", Query: "GSOMIA"}) {
		t.Fatalf("saved %+v", rec.saved)
	}
	if !strings.Contains(h.screen(), "Saved the watch GSOMIA") {
		t.Errorf("no word of the save:\n%s", h.screen())
	}
	h.key("esc")
	h.fire(isStatusClear)
	// v: Asia-Pacific → all → saved → starred → Kono → GSOMIA.
	h.key("v", "v", "v", "v", "v")
	if h.m.list.view != ViewWatch || h.m.list.watch.Name != "GSOMIA" {
		t.Fatalf("after five v: view %v watch %q", h.m.list.view, h.m.list.watch.Name)
	}
	golden(t, "watch_story_80x24", h.screen())
	// Back to Asia-Pacific; a refresh brings one more GSOMIA item.
	h.key("v")
	more.Store(true)
	h.key("r")
	if !strings.Contains(h.screen(), "GSOMIA: 1 new") {
		t.Errorf("after the refresh:\n%s", h.screen())
	}
	if len(rec.notified) != 0 {
		t.Errorf("notified %q: only watches with notify = true are, and Kono has nothing new", rec.notified)
	}
	h.fire(isStatusClear)
	if !strings.Contains(h.screen(), "GSOMIA: 1 new") {
		t.Errorf("the count does not stay on the status line:\n%s", h.screen())
	}
	// Opening the watch shows the new match and clears the count.
	h.key("v", "v", "v", "v", "v")
	if !strings.Contains(h.screen(), "1 new") || !strings.Contains(h.screen(), "Seoul says GSOMIA stays") {
		t.Errorf("the watch after the refresh:\n%s", h.screen())
	}
	h.key("v")
	if strings.Contains(h.screen(), "GSOMIA: 1 new") {
		t.Errorf("the count stays after opening the watch:\n%s", h.screen())
	}
}

// A watch with notify = true sends one notification per refresh that
// brings it new matches.
func TestWatchNotifiesOncePerRefresh(t *testing.T) {
	d := seededDeps(t)
	var more atomic.Bool
	moreGSOMIA(&d, &more)
	rec := &watchRecorder{}
	h := newHarnessWith(t, d, 140, 40, func(deps *Deps) {
		deps.Notifier = rec
		deps.Watches = []watch.Watch{{Name: "GSOMIA", Query: `GSOMIA OR "intelligence pact"`, Notify: true}}
	})
	more.Store(true)
	h.key("r")
	h.key("r")
	if len(rec.notified) != 1 || rec.notified[0] != "Dateline · GSOMIA: 1 new match" {
		t.Errorf("notified %q, want one", rec.notified)
	}
	h.fire(isStatusClear)
	golden(t, "watch_status_140x40", h.screen())
	h.key("v", "v", "v", "v")
	h.fire(isStatusClear)
	golden(t, "watch_story_140x40", h.screen())
}

// The timeline has a bar per day up to the last match, scaled to the
// busiest day.
func TestTimeline(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2019, 11, d, 0, 0, 0, 0, time.UTC) }
	got := timeline(storyDays(day(18), 1, day(20), 4, day(21), 2), 40)
	// 1, 2 and 4 matches are 1 + ⌈7·n/4⌉ eighths: ▃, ▅ and █.
	if got != "Nov 18 ▃·█▅ Nov 21" {
		t.Errorf("timeline %q", got)
	}
	if got := timeline(nil, 40); got != "no matches" {
		t.Errorf("no days: %q", got)
	}
}

func storyDays(pairs ...any) []store.DayCount {
	var out []store.DayCount
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, store.DayCount{Day: pairs[i].(time.Time), Count: pairs[i+1].(int)})
	}
	return out
}

// In a watch's view the filter narrows the watch's matches; the name
// prompt can be cancelled, and refuses a name a watch has.
func TestWatchViewFilterAndPrompt(t *testing.T) {
	d := seededDeps(t)
	rec := &watchRecorder{}
	h := newHarnessWith(t, d, 140, 40, func(deps *Deps) {
		deps.SaveWatch = rec.save
		deps.Watches = []watch.Watch{{Name: "Seoul", Query: "seoul"}}
	})
	h.key("v", "v", "v", "v")
	all := h.rowTitles()
	if len(all) < 2 {
		t.Fatalf("the watch lists %q; the test wants two or more", all)
	}
	for _, title := range all {
		if !strings.Contains(strings.ToLower(title), "seoul") {
			t.Errorf("%q in the Seoul watch", title)
		}
	}
	h.key("/")
	h.typeText("lanterns")
	h.key("enter")
	if got := h.rowTitles(); len(got) != 1 || got[0] != "Lanterns light up Seoul's Cheonggyecheon stream" {
		t.Errorf("the watch narrowed by lanterns: %q", got)
	}
	h.key("w", "esc")
	if len(rec.saved) != 0 || strings.Contains(h.screen(), "Save the filter") {
		t.Errorf("esc saved %+v:\n%s", rec.saved, h.screen())
	}
	h.key("w")
	for range len("lanterns") {
		h.key("backspace")
	}
	h.typeText("SEOUL")
	h.key("enter")
	if len(rec.saved) != 0 || !strings.Contains(h.screen(), "There is a watch named Seoul already.") {
		t.Errorf("a second Seoul: saved %+v:\n%s", rec.saved, h.screen())
	}
}

// A count that was asked for before the watch was opened lands after it:
// the opened watch stays at 0, the others take theirs.
func TestWatchCountFromBeforeOpeningIsNotTaken(t *testing.T) {
	d := seededDeps(t)
	var more atomic.Bool
	moreGSOMIA(&d, &more)
	h := newHarnessWith(t, d, 140, 40, func(deps *Deps) {
		deps.Watches = []watch.Watch{{Name: "GSOMIA", Query: "gsomia"}, {Name: "Japan", Query: "japan"}}
	})
	more.Store(true)
	h.hold = func(msg tea.Msg) bool { _, ok := msg.(watchCountsMsg); return ok }
	h.key("r")
	h.hold = nil
	h.key("v", "v", "v", "v") // GSOMIA opens while its count is on the way
	if n := h.release(func(msg tea.Msg) bool { _, ok := msg.(watchCountsMsg); return ok }); n != 1 {
		t.Fatalf("%d counts held, want 1", n)
	}
	if h.m.watches.counts["GSOMIA"] != 0 || h.m.watches.counts["Japan"] != 1 {
		t.Errorf("counts %v, want GSOMIA 0 (opened) and Japan 1", h.m.watches.counts)
	}
	if h.m.watches.status != "Japan: 1 new" {
		t.Errorf("status %q", h.m.watches.status)
	}
}
