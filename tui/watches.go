package tui

// Watches in the TUI: w saves the filter as a watch (a name prompt in the
// status line), v reaches each watch after the four views, the status
// line says how many new matches the watches have, and a watch's view
// shows its story (matches per day, the names most found) above its
// matches. Every library read and write runs in a tea.Cmd through the
// package watch, the functions `dateline watch` runs too.

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/dateline-news/dateline/config"
	"github.com/dateline-news/dateline/query"
	"github.com/dateline-news/dateline/store"
	"github.com/dateline-news/dateline/watch"
)

// watchBoard is the watches component: the watches (the config's and
// those saved this session), their new matches, the story of the open
// one, and the prompt that names a new one.
type watchBoard struct {
	ctx      context.Context
	library  *store.Store
	loc      *time.Location
	notifier watch.Notifier
	save     func(watch.Watch) error

	list     []watch.Watch
	counts   map[string]int // new matches, by name
	tally    watch.Tally    // where the last count stopped (the next goes on from it)
	countSeq int            // the counts request; older answers are dropped
	// openedAt is the last counts request made before each watch was
	// opened: an answer to it or an earlier one predates the mark.
	openedAt map[string]int
	status   string // watch.Status of the counts
	storySeq int
	// opened is the new matches the open watch had when it was opened
	// (the header says so while it is open).
	opened int
	prompt namePrompt
}

// namePrompt reads a new watch's name in the status line.
type namePrompt struct {
	active    bool
	value     []rune
	query     string // the filter it saves
	statusSeq int
}

// Messages of the watches' requests.
type (
	watchCountsMsg struct {
		Seq     int
		Refresh bool // after a refresh: announce them
		Report  watch.Report
		Err     error
	}
	watchStoryMsg struct {
		Seq   int
		Name  string
		Story store.Story
		Err   error
	}
	watchSavedMsg struct {
		Watch watch.Watch
		Err   error
	}
)

func newWatchBoard(ctx context.Context, lib *store.Store, d Deps, loc *time.Location) watchBoard {
	return watchBoard{ctx: ctx, library: lib, loc: loc, notifier: d.Notifier, save: d.SaveWatch,
		list: slices.Clone(d.Watches), counts: map[string]int{}, openedAt: map[string]int{}}
}

// CountsCmd asks for every watch's new matches (refresh: after a
// refresh, with the notifications it calls for).
func (b *watchBoard) CountsCmd(refresh bool) tea.Cmd {
	if len(b.list) == 0 {
		return nil
	}
	b.countSeq++
	ctx, lib, ws, loc, seq, n := b.ctx, b.library, slices.Clone(b.list), b.loc, b.countSeq, b.notifier
	prev := watch.Tally{Top: b.tally.Top, New: maps.Clone(b.tally.New), Marks: maps.Clone(b.tally.Marks)}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = watchCountsMsg{Seq: seq, Err: recovered(r)}
			}
		}()
		if !refresh {
			counts, tally, err := watch.CountsFrom(ctx, lib, ws, loc, prev)
			return watchCountsMsg{Seq: seq, Report: watch.Report{Counts: counts, Status: watch.Status(counts), Tally: tally}, Err: err}
		}
		r, err := watch.AfterRefresh(ctx, lib, ws, prev, n, loc)
		return watchCountsMsg{Seq: seq, Refresh: true, Report: r, Err: err}
	}
}

// OnCounts takes the counts of the current request (ok false: stale).
func (b *watchBoard) OnCounts(msg watchCountsMsg) bool {
	if msg.Seq != b.countSeq || msg.Err != nil {
		return false
	}
	b.tally = msg.Report.Tally
	for _, c := range msg.Report.Counts {
		if at, ok := b.openedAt[c.Watch.Name]; !ok || msg.Seq > at {
			b.counts[c.Watch.Name] = c.New
		} else {
			b.forget(c.Watch.Name)
		}
	}
	b.restatus()
	return true
}

func (b *watchBoard) restatus() {
	counts := make([]watch.Count, len(b.list))
	for i, w := range b.list {
		counts[i] = watch.Count{Watch: w, New: b.counts[w.Name]}
	}
	b.status = watch.Status(counts)
}

// Open records that the watch is opened (its count shows in the header
// until another view is chosen) and asks the library to mark it seen
// (when mark) and for its story.
func (b *watchBoard) Open(w watch.Watch, mark bool) tea.Cmd {
	if mark {
		b.opened = b.counts[w.Name]
		b.counts[w.Name] = 0
		b.forget(w.Name)
		b.openedAt[w.Name] = b.countSeq // a count in flight predates the mark
		b.restatus()
	}
	b.storySeq++
	ctx, lib, loc, seq := b.ctx, b.library, b.loc, b.storySeq
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = watchStoryMsg{Seq: seq, Name: w.Name, Err: recovered(r)}
			}
		}()
		if mark {
			if err := watch.Seen(ctx, lib, w.Name); err != nil {
				return watchStoryMsg{Seq: seq, Name: w.Name, Err: err}
			}
		}
		st, err := watch.Story(ctx, lib, w, loc)
		return watchStoryMsg{Seq: seq, Name: w.Name, Story: st, Err: err}
	}
}

// forget drops a watch from the tally: it was opened, so its next count
// starts from its new mark, with nothing new before it.
func (b *watchBoard) forget(name string) {
	if b.tally.New != nil {
		b.tally.New[name] = 0
	}
	delete(b.tally.Marks, name)
}

// SaveCmd keeps a new watch: in the config (Deps.SaveWatch), and in the
// library with nothing new yet.
func (b *watchBoard) SaveCmd(w watch.Watch) tea.Cmd {
	ctx, lib, save := b.ctx, b.library, b.save
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = watchSavedMsg{Watch: w, Err: recovered(r)}
			}
		}()
		if save != nil {
			if err := save(w); err != nil {
				return watchSavedMsg{Watch: w, Err: err}
			}
		}
		return watchSavedMsg{Watch: w, Err: watch.Seen(ctx, lib, w.Name)}
	}
}

// Find is the watch of that name (letter case aside).
func (b *watchBoard) Find(name string) (watch.Watch, int) {
	for i, w := range b.list {
		if strings.EqualFold(w.Name, name) {
			return w, i
		}
	}
	return watch.Watch{}, -1
}

// watchQuery is what a watch's view asks the library: the watch's query,
// narrowed by the filter as a whole ("a OR b" and the filter "c" is
// "(a OR b) c").
func watchQuery(w watch.Watch, filter query.Query, loc *time.Location) query.Query {
	if filter.Empty() {
		return query.Parse(w.Query, loc)
	}
	return query.Parse("("+w.Query+") ("+filter.Raw+")", loc)
}

// ---- the root's part ----

// nextView is v: the four views, then each watch, then round again.
func (m *Model) nextView() tea.Cmd {
	ws := m.watches.list
	switch {
	case m.list.view == ViewWatch:
		if _, i := m.watches.Find(m.list.watch.Name); i >= 0 && i+1 < len(ws) {
			return m.openWatch(ws[i+1])
		}
		return m.setView(views[0])
	case m.list.view == ViewStarred && len(ws) > 0:
		return m.openWatch(ws[0])
	}
	return m.setView(m.list.view.next())
}

// openWatch shows a watch's view: its matches and its story.
func (m *Model) openWatch(w watch.Watch) tea.Cmd {
	m.list.watch, m.list.watchLoc = w, m.reader.loc
	m.list.pane.story = storyView{name: w.Name, opened: m.watches.opened}
	cmd := m.watches.Open(w, true)
	m.list.pane.story.opened = m.watches.opened
	m.updateFlags()
	return tea.Batch(m.setView(ViewWatch), cmd)
}

func (m *Model) onWatchCounts(msg watchCountsMsg) tea.Cmd {
	if !m.watches.OnCounts(msg) {
		return nil
	}
	m.updateFlags()
	if !msg.Refresh {
		return nil
	}
	var cmds []tea.Cmd
	if m.watches.status != "" && msg.Report.Status != "" {
		cmds = append(cmds, m.flash(m.watches.status, false))
	}
	if msg.Report.Terminal != "" {
		cmds = append(cmds, tea.Raw(msg.Report.Terminal))
	}
	if m.list.view == ViewWatch {
		cmds = append(cmds, m.watches.Open(m.list.watch, false))
	}
	return tea.Batch(cmds...)
}

func (m *Model) onWatchStory(msg watchStoryMsg) tea.Cmd {
	if msg.Seq != m.watches.storySeq || msg.Name != m.list.watch.Name {
		return nil
	}
	if msg.Err != nil {
		return m.flash("Watch "+oneLine(msg.Name)+": "+oneLine(msg.Err.Error()), true)
	}
	m.list.pane.story.story, m.list.pane.story.loaded = msg.Story, true
	return nil
}

func (m *Model) onWatchSaved(msg watchSavedMsg) tea.Cmd {
	if msg.Err != nil {
		return m.flash("Could not save the watch: "+oneLine(msg.Err.Error()), true)
	}
	if _, i := m.watches.Find(msg.Watch.Name); i < 0 {
		m.watches.list = append(m.watches.list, msg.Watch)
	}
	m.watches.counts[msg.Watch.Name] = 0
	m.watches.restatus()
	m.updateFlags()
	return m.flash("Saved the watch "+oneLine(msg.Watch.Name)+" · v goes through the views, then the watches", false)
}

// startWatchPrompt is w: name the filter to save it as a watch.
func (m *Model) startWatchPrompt() tea.Cmd {
	raw := strings.TrimSpace(m.filter.Value())
	if raw == "" {
		return m.flash("Type a filter first (/), then w saves it as a watch.", false)
	}
	if len(m.list.filter.Errors) > 0 {
		return m.flash("The filter has mistakes: "+oneLine(strings.Join(m.list.filter.Errors, "; ")), true)
	}
	name := []rune(oneLine(raw))
	if len(name) > config.MaxWatchName {
		name = name[:config.MaxWatchName]
	}
	m.watches.prompt = namePrompt{active: true, value: name, query: raw}
	m.showWatchPrompt()
	return nil
}

func (m *Model) showWatchPrompt() {
	p := &m.watches.prompt
	p.statusSeq = m.status.Set("Save the filter as the watch ["+string(p.value)+"_] · enter saves · esc cancels", false)
}

// onWatchPromptKey reads the watch's name: text, backspace, enter, esc.
func (m *Model) onWatchPromptKey(k tea.KeyPressMsg) tea.Cmd {
	p := &m.watches.prompt
	switch s := k.String(); {
	case s == "enter":
		p.active = false
		m.status.Clear(p.statusSeq)
		w := watch.Watch{Name: strings.TrimSpace(string(p.value)), Query: p.query}
		if field, err := config.CheckWatch(w.Name, w.Query); err != nil {
			return m.flash("Watch "+field+": "+oneLine(err.Error()), true)
		}
		if old, i := m.watches.Find(w.Name); i >= 0 {
			return m.flash("There is a watch named "+oneLine(old.Name)+" already.", true)
		}
		return m.watches.SaveCmd(w)
	case s == "esc":
		p.active = false
		m.status.Clear(p.statusSeq)
		return nil
	case s == "backspace":
		if len(p.value) > 0 {
			p.value = p.value[:len(p.value)-1]
		}
	case s == "ctrl+u":
		p.value = p.value[:0]
	case k.Text != "" && len(p.value) < config.MaxWatchName:
		p.value = append(p.value, []rune(oneLine(k.Text))...)
	}
	m.showWatchPrompt()
	return nil
}

// ---- the story above a watch's matches ----

// storyView is what the list pane shows of a watch above its matches.
type storyView struct {
	name   string
	opened int // new matches when it was opened
	story  store.Story
	loaded bool
}

// sparks are the timeline's bars, from no match to the most.
var sparks = []rune("·▁▂▃▄▅▆▇█")

// storyMinHeight is the list pane's height from which the story shows.
const storyMinHeight = 10

// Lines are the story's lines at width w, for a pane of height h (none
// when it is too small, or on another view).
func (v storyView) Lines(w, h int) []string {
	if v.name == "" || h < storyMinHeight || w < 20 {
		return nil
	}
	if !v.loaded {
		return []string{truncate("Reading the story…", w)}
	}
	head := thousands(v.story.Matches) + " matches"
	if v.story.Matches == 1 {
		head = "1 match"
	}
	if v.opened > 0 {
		head += " · " + thousands(v.opened) + " new"
	}
	out := []string{truncate(timeline(v.story.Days, w-len([]rune(head))-3)+" · "+head, w)}
	kinds := []struct {
		label string
		names []store.NameCount
	}{{"People", v.story.People}, {"Places", v.story.Places}, {"Orgs", v.story.Orgs}}
	for _, k := range kinds {
		if len(k.names) == 0 {
			continue
		}
		parts := make([]string, 0, len(k.names))
		for _, n := range k.names {
			parts = append(parts, oneLine(n.Name)+" "+itoa(n.Count))
		}
		out = append(out, truncate(k.label+": "+strings.Join(parts, ", "), w))
	}
	return out
}

// timeline is a bar per day, oldest to newest, of the days up to the
// last match that fit in w cells with their first and last dates.
func timeline(days []store.DayCount, w int) string {
	if len(days) == 0 {
		return "no matches"
	}
	last := days[len(days)-1].Day
	n := min(max(w-14, 1), 60)
	first := last.AddDate(0, 0, -(n - 1))
	if d0 := days[0].Day; d0.After(first) {
		first = d0
	}
	byDay := map[string]int{}
	peak := 0
	for _, d := range days {
		byDay[d.Day.Format(time.DateOnly)] = d.Count
		peak = max(peak, d.Count)
	}
	var b strings.Builder
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		c := byDay[d.Format(time.DateOnly)]
		i := 0
		if c > 0 {
			i = 1 + (c*(len(sparks)-2)+peak-1)/peak
			i = min(i, len(sparks)-1)
		}
		b.WriteRune(sparks[i])
	}
	if first.Equal(last) {
		return first.Format("Jan 2") + " " + b.String()
	}
	return first.Format("Jan 2") + " " + b.String() + " " + last.Format("Jan 2")
}
