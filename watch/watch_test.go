package watch

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/store"
)

var (
	bg  = context.Background()
	day = time.Date(2019, 11, 20, 0, 0, 0, 0, time.UTC)
	src = feeds.Source{Name: "Kyodo", URL: "https://kyodo.example/rss"}
)

// recorder is a Notifier that keeps what it was asked to send; with
// noService it answers as a system without a notification service does.
type recorder struct {
	sent      []string
	noService bool
	fail      error
}

func (r *recorder) Notify(_ context.Context, title, body string) (string, error) {
	r.sent = append(r.sent, title+": "+body)
	if r.noService {
		return TerminalNotification(title, body), nil
	}
	return "", r.fail
}

func openLibrary(t *testing.T) *store.Store {
	t.Helper()
	lib, err := store.Open(filepath.Join(t.TempDir(), "library.db"), store.Options{Entities: entity.Extract})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	return lib
}

// put stores items whose titles are given, one hour apart from at.
func put(t *testing.T, lib *store.Store, prefix string, at time.Time, titles ...string) {
	t.Helper()
	var items []feeds.Item
	for i, title := range titles {
		items = append(items, feeds.Item{ID: fmt.Sprintf("%s-%d", prefix, i), Title: title,
			Link: fmt.Sprintf("https://kyodo.example/%s/%d", prefix, i), Published: at.Add(time.Duration(i) * time.Hour)})
	}
	if _, err := lib.PutResult(bg, feeds.Result{Source: src, Items: items, Status: 200}); err != nil {
		t.Fatal(err)
	}
}

var watches = []Watch{
	{Name: "GSOMIA", Query: `GSOMIA OR "intelligence pact"`, Notify: true},
	{Name: "Typhoons", Query: "typhoon"},
	{Name: "Kono", Query: "kono", Notify: true},
}

// After a refresh: the counts, the status line, and one notification per
// watch with notify = true that has more new matches than before.
func TestAfterRefresh(t *testing.T) {
	lib := openLibrary(t)
	put(t, lib, "a", day, "Seoul weighs GSOMIA", "Typhoon nears Okinawa")
	before, tally, err := CountsFrom(bg, lib, watches, time.UTC, Tally{})
	if err != nil {
		t.Fatal(err)
	}
	if s := Status(before); s != "" {
		t.Errorf("new watches start with nothing new, status %q", s)
	}
	put(t, lib, "b", day.Add(24*time.Hour), "GSOMIA deadline nears", "Intelligence pact in doubt", "Typhoon season ends",
		"GSOMIA talks with Kono")
	n := &recorder{}
	r, err := AfterRefresh(bg, lib, watches, tally, n, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != "GSOMIA: 3 new · Typhoons: 1 new · Kono: 1 new" {
		t.Errorf("status %q", r.Status)
	}
	want := []string{"Dateline · GSOMIA: 3 new", "Dateline · Kono: 1 new match"}
	if strings.Join(n.sent, "|") != strings.Join(want, "|") || r.Notified != 2 || r.Terminal != "" {
		t.Errorf("notifications %q (%d, terminal %q), want %q", n.sent, r.Notified, r.Terminal, want)
	}
	// A refresh that brings nothing new for them sends nothing, though
	// the counts stay until the watch is opened.
	n2 := &recorder{}
	r2, err := AfterRefresh(bg, lib, watches, r.Tally, n2, time.UTC)
	if err != nil || len(n2.sent) != 0 || r2.Status != r.Status {
		t.Errorf("a second refresh: sent %q, status %q, %v", n2.sent, r2.Status, err)
	}
	// Opening a watch clears its count, in the library.
	if err := Seen(bg, lib, "GSOMIA"); err != nil {
		t.Fatal(err)
	}
	after, err := Counts(bg, lib, watches, time.UTC)
	if err != nil || Status(after) != "Typhoons: 1 new · Kono: 1 new" {
		t.Errorf("after opening GSOMIA: %q %v", Status(after), err)
	}
}

// Without a notification service, the terminal is asked: the escapes
// come back for the caller to write, one pair per watch.
func TestAfterRefreshFallsBackToTheTerminal(t *testing.T) {
	lib := openLibrary(t)
	_, before, err := CountsFrom(bg, lib, watches, time.UTC, Tally{})
	if err != nil {
		t.Fatal(err)
	}
	put(t, lib, "a", day, "GSOMIA; a pact\x1b]0;evil\x07", "Kono speaks")
	r, err := AfterRefresh(bg, lib, watches, before, &recorder{noService: true}, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(r.Terminal, "\x1b]777;notify;"); got != 2 || strings.Count(r.Terminal, "\x1b]9;") != 2 {
		t.Errorf("terminal escapes %q", r.Terminal)
	}
	failed := &recorder{fail: errors.New("no bus")}
	r, err = AfterRefresh(bg, lib, watches, Tally{}, failed, time.UTC)
	if err != nil || r.NotifyErr == nil || r.Notified != 0 {
		t.Errorf("a failing notifier: %+v %v", r, err)
	}
}

// Desktop uses notify-send when it is installed, else the terminal.
func TestDesktopNotifier(t *testing.T) {
	var ran []string
	d := Desktop{
		LookPath: func(string) (string, error) { return "/usr/bin/notify-send", nil },
		Run: func(_ context.Context, name string, args ...string) error {
			ran = append(ran, name+" "+strings.Join(args, " "))
			return nil
		},
	}
	esc, err := d.Notify(bg, "Dateline · GSOMIA", "3 new\x1b[2J")
	if err != nil || esc != "" || len(ran) != 1 || ran[0] != "/usr/bin/notify-send --app-name=Dateline -- Dateline · GSOMIA 3 new" {
		t.Errorf("with notify-send: ran %q, escape %q, %v", ran, esc, err)
	}
	none := Desktop{LookPath: func(string) (string, error) { return "", errors.New("not found") },
		Run: func(context.Context, string, ...string) error { t.Error("ran a command"); return nil }}
	esc, err = none.Notify(bg, "Dateline · A;B", "1 new\x07")
	want := "\x1b]777;notify;Dateline · A,B;1 new\x07\x1b]9;Dateline · A,B: 1 new\x07"
	if err != nil || esc != want {
		t.Errorf("without notify-send: %q %v, want %q", esc, err, want)
	}
	broken := Desktop{LookPath: d.LookPath, Run: func(context.Context, string, ...string) error { return errors.New("exit 1") }}
	if esc, err := broken.Notify(bg, "t", "b"); err == nil || esc == "" {
		t.Errorf("a failing notify-send: %q %v, want the terminal's escape and the error", esc, err)
	}
}

// Story and Entries read the watch's matches from the library.
func TestStoryAndEntries(t *testing.T) {
	lib := openLibrary(t)
	put(t, lib, "a", day.Add(2*time.Hour), "Taro Kono presses Seoul on GSOMIA", "Typhoon nears Okinawa")
	put(t, lib, "b", day.Add(26*time.Hour), "Seoul keeps GSOMIA, Taro Kono says", "Intelligence pact saved")
	if err := lib.WaitIndexed(bg); err != nil {
		t.Fatal(err)
	}
	st, err := Story(bg, lib, watches[0], time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if st.Matches != 3 || len(st.Days) != 2 || st.Days[0].Count != 1 || st.Days[1].Count != 2 {
		t.Errorf("story %+v", st)
	}
	es, err := Entries(bg, lib, watches[0], day.Add(24*time.Hour), 10, time.UTC)
	if err != nil || len(es) != 2 || es[0].Item.ID != "b-1" || es[1].Item.ID != "b-0" {
		t.Errorf("entries since the second day: %d %v", len(es), err)
	}
	if es, err := Entries(bg, lib, watches[0], time.Time{}, 1, time.UTC); err != nil || len(es) != 1 {
		t.Errorf("one entry: %d %v", len(es), err)
	}
}

// Counting on from a tally gives what counting from the marks gives,
// across refreshes and the opening of a watch.
func TestCountsFromCarriesOn(t *testing.T) {
	lib := openLibrary(t)
	put(t, lib, "a", day, "Seoul weighs GSOMIA", "Typhoon nears Okinawa")
	_, tally, err := CountsFrom(bg, lib, watches, time.UTC, Tally{})
	if err != nil {
		t.Fatal(err)
	}
	step := func(what string) {
		t.Helper()
		got, next, err := CountsFrom(bg, lib, watches, time.UTC, tally)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Counts(bg, lib, watches, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		if Status(got) != Status(want) {
			t.Errorf("%s: carried on %q, counted afresh %q", what, Status(got), Status(want))
		}
		if next.Top < tally.Top {
			t.Errorf("%s: the tally went back from %d to %d", what, tally.Top, next.Top)
		}
		tally = next
	}
	put(t, lib, "b", day.Add(24*time.Hour), "GSOMIA deadline nears", "Typhoon season ends")
	step("a refresh")
	step("nothing new")
	put(t, lib, "c", day.Add(48*time.Hour), "Intelligence pact in doubt", "Kono and GSOMIA")
	step("another refresh")
	if err := Seen(bg, lib, "GSOMIA"); err != nil {
		t.Fatal(err)
	}
	step("GSOMIA opened")
	put(t, lib, "d", day.Add(72*time.Hour), "GSOMIA renewed")
	step("a refresh after opening")
	if s := Status(mustCounts(t, lib)); s != "GSOMIA: 1 new · Typhoons: 1 new · Kono: 1 new" {
		t.Errorf("at the end: %q", s)
	}
}

func mustCounts(t *testing.T, lib *store.Store) []Count {
	t.Helper()
	c, err := Counts(bg, lib, watches, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
