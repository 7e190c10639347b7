package tui

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/ingest"
	"github.com/dateline-news/dateline/query"
	"github.com/dateline-news/dateline/store"
)

// What the user does to items: read, star and save state, mark the list
// read, save for offline reading, open links.

// itemFlag is a per-item state the user sets.
type itemFlag int

const (
	flagRead itemFlag = iota
	flagSaved
	flagStarred
)

func (f itemFlag) of(e *entry) *bool {
	switch f {
	case flagSaved:
		return &e.saved
	case flagStarred:
		return &e.starred
	}
	return &e.read
}

// Results of the library writes of item state.
type (
	flagMsg struct {
		Marked *store.Marked // what "mark the list read" marked
		All    bool
		Err    error
	}
	// undoneMsg is the outcome of z: how many items are unread again.
	undoneMsg struct {
		Count int
		Err   error
	}
	// savedMsg is the outcome of saving an item for offline reading.
	savedMsg struct {
		ItemID string
		Read   *ingest.Read
		Err    error
	}
	// openedMsg reports the browser launch.
	openedMsg struct {
		URL string
		Err error
	}
	// browserMsg is a terminal browser to give the terminal to.
	browserMsg struct {
		URL string
		Cmd *exec.Cmd
	}
)

// setFlag is the one place item state changes: in the session at once,
// and in the library (the Cmd it returns). Saving an article goes through
// save, which stores the article first.
func (m *Model) setFlag(es []*entry, f itemFlag, v bool) tea.Cmd {
	m.list.SetFlagLocal(es, f, v)
	if len(es) == 0 {
		return nil
	}
	ids := make([]string, len(es))
	for i, e := range es {
		ids[i] = e.id()
	}
	return flagCmd(m.ctx, m.library, f, v, ids)
}

func (m *Model) toggle(f itemFlag, on, off string) tea.Cmd {
	e := m.current()
	if e == nil {
		return nil
	}
	v := !*f.of(e)
	cmd := m.setFlag([]*entry{e}, f, v)
	if v {
		return tea.Batch(cmd, m.flash(on, false))
	}
	return tea.Batch(cmd, m.flash(off, false))
}

// markAllRead marks every item of the list read: the rows loaded at once,
// the rest in the library, in one statement.
func (m *Model) markAllRead() tea.Cmd {
	var unread []*entry
	for _, e := range m.list.pane.rows {
		if !e.read {
			unread = append(unread, e)
		}
	}
	m.list.SetFlagLocal(unread, flagRead, true)
	m.undo = &markUndo{entries: unread}
	m.status.Set("Marking the list read…", false) // the result's message replaces it
	return markMatchingCmd(m.ctx, m.library, m.list.viewQuery(true))
}

// markUndo is what one U marked read: in the library, and the rows on
// screen it marked at once.
type markUndo struct {
	marked  *store.Marked
	entries []*entry
}

// undoMarkAll (z) marks unread again what the last U marked read.
func (m *Model) undoMarkAll() tea.Cmd {
	u := m.undo
	if u == nil || u.marked == nil {
		return m.flash("Nothing to undo.", false)
	}
	m.undo = nil
	m.list.SetFlagLocal(u.entries, flagRead, false)
	m.showList()
	marked := u.marked
	st, ctx := m.library, m.ctx
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = undoneMsg{Err: recovered(r)}
			}
		}()
		n, err := st.Undo(ctx, marked)
		return undoneMsg{Count: n, Err: err}
	}
}

func (m *Model) onUndone(msg undoneMsg) tea.Cmd {
	if msg.Err != nil {
		return m.writeFailed(msg.Err)
	}
	m.list.Changed()
	return tea.Batch(m.list.CountUnread(), m.flash(fmt.Sprintf("Undone: %s unread again", plural(msg.Count, "item")), false))
}

func (m *Model) onFlagged(msg flagMsg) tea.Cmd {
	if msg.Err != nil {
		return m.writeFailed(msg.Err)
	}
	m.list.Changed()
	count := m.list.CountUnread()
	if msg.All {
		if m.undo != nil {
			m.undo.marked = msg.Marked
		}
		undo := ""
		if msg.Marked.Count() > 0 {
			undo = " · " + m.keys.Undo.Help().Key + " undoes"
		}
		return tea.Batch(count, m.flash(fmt.Sprintf("Marked %s read%s", plural(msg.Marked.Count(), "item"), undo), false))
	}
	return count
}

// save saves the selected item for offline reading (s), or unsaves it.
func (m *Model) save() tea.Cmd {
	e := m.current()
	if e == nil {
		return nil
	}
	switch {
	case e.saving:
		return m.flash("Already saving this article…", false)
	case e.saved:
		return tea.Batch(m.setFlag([]*entry{e}, flagSaved, false), m.flash("No longer saved", false))
	}
	if s := m.articles.State(e.id()); !e.hasArticle && (s == nil || !s.stored) {
		switch {
		case m.pipeline.Offline():
			return m.flash("Offline: the article cannot be fetched to save it.", true)
		case !m.pipeline.CanRead():
			return m.flash("Cannot save: reader mode is not available.", true)
		case e.item.Link == "":
			return m.flash("Cannot save: this headline has no link.", true)
		}
	}
	e.saving, e.rowErr = true, ""
	m.status.saving++
	m.updateProgress()
	return tea.Batch(
		m.flash("Saving “"+truncate(e.item.Title, 40)+"” for offline reading…", false),
		saveCmd(m.ctx, m.pipeline, e.id()),
	)
}

func (m *Model) onSaved(msg savedMsg) tea.Cmd {
	m.status.saving = max(m.status.saving-1, 0)
	m.updateProgress()
	e := m.list.Entry(msg.ItemID)
	if e != nil {
		e.saving = false
	}
	if msg.Err != nil {
		if e != nil {
			e.rowErr = "save: " + shortErr(msg.Err)
		}
		if isWriteErr(msg.Err) {
			m.writeErr = msg.Err
			m.updateFlags()
		}
		return m.flash("Could not save: "+oneLine(msg.Err.Error()), true)
	}
	m.articles.Saved(msg.ItemID, msg.Read)
	if e != nil {
		m.list.SetFlagLocal([]*entry{e}, flagSaved, true)
		e.hasArticle = true
		if strings.HasPrefix(e.rowErr, "reader:") {
			e.rowErr = ""
		}
	}
	m.list.Changed()
	if msg.ItemID == m.reader.ID() {
		m.refreshReader()
	}
	return tea.Batch(m.flash("Saved for offline reading", false), m.list.PollPending(), m.list.CountUnread(),
		m.pics.Keep(msg.ItemID, msg.Read))
}

// writeFailed reports a failed library write; the rows on screen stay.
func (m *Model) writeFailed(err error) tea.Cmd {
	m.writeErr = err
	m.updateFlags()
	return m.flash("Library: "+oneLine(err.Error()), true)
}

// isWriteErr: the library could not write (as opposed to a fetch error).
func isWriteErr(err error) bool {
	return errors.Is(err, store.ErrDiskFull) || errors.Is(err, store.ErrReadOnly) || errors.Is(err, store.ErrBusy)
}

// openLink opens the current item in the browser (o).
func (m *Model) openLink() tea.Cmd {
	e := m.current()
	switch {
	case e == nil:
		return nil
	case e.item.Link == "":
		return m.flash("This item has no link.", true)
	}
	return m.browse(e.item.Link)
}

// copyLink puts the current item's link on the clipboard (OSC 52), and
// shows it, for a terminal that refuses OSC 52.
func (m *Model) copyLink() tea.Cmd {
	e := m.current()
	switch {
	case e == nil:
		return nil
	case e.item.Link == "":
		return m.flash("This item has no link.", true)
	}
	return tea.Batch(tea.SetClipboard(e.item.Link), m.flash("Copied: "+e.item.Link, false))
}

// browse opens a link: a browser that draws in the terminal gets it
// (the TUI comes back when it ends), any other starts beside it.
func (m *Model) browse(link string) tea.Cmd {
	terminal, open := m.deps.TerminalBrowser, m.deps.OpenURL
	if terminal == nil && open == nil {
		return m.flash("No browser to open links with.", true)
	}
	return func() tea.Msg {
		if terminal != nil {
			if cmd := terminal(link); cmd != nil {
				return browserMsg{URL: link, Cmd: cmd}
			}
		}
		if open == nil {
			return openedMsg{URL: link, Err: errors.New("no browser")}
		}
		return openedMsg{URL: link, Err: open(link)}
	}
}

// startFootnote opens the footnote prompt (f), when the article has
// links.
func (m *Model) startFootnote() tea.Cmd {
	if !m.readerVisible() {
		return nil
	}
	n := len(m.reader.Links())
	if n == 0 {
		return m.flash("This article has no links.", false)
	}
	m.footnote.Start()
	m.footnote.statusSeq = m.status.Set(m.footnote.Prompt(n), false)
	return nil
}

func (m *Model) openFootnote(digits string, links []string) tea.Cmd {
	n := atoi(digits)
	if n < 1 || n > len(links) {
		return m.flash(fmt.Sprintf("No link %s (1–%d).", digits, len(links)), true)
	}
	return tea.Batch(m.flash(fmt.Sprintf("Opening [%d] %s", n, links[n-1]), false), m.browse(links[n-1]))
}

func labelName(l entity.Label) string {
	switch l {
	case entity.Person:
		return "person"
	case entity.Place:
		return "place"
	case entity.Org:
		return "org"
	}
	return "entity"
}

func recovered(r any) error { return fmt.Errorf("library: %v", r) }

func flagCmd(ctx context.Context, st *store.Store, f itemFlag, v bool, ids []string) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = flagMsg{Err: recovered(r)}
			}
		}()
		var err error
		keep := func(e error) {
			if e != nil && err == nil && !errors.Is(e, store.ErrNotFound) {
				err = e
			}
		}
		if f == flagRead && v && len(ids) > 1 {
			keep(st.MarkAllRead(ctx, ids))
			return flagMsg{Err: err}
		}
		for _, id := range ids {
			switch f {
			case flagRead:
				keep(st.MarkRead(ctx, id, v))
			case flagStarred:
				keep(st.SetStarred(ctx, id, v))
			case flagSaved:
				keep(st.SetSaved(ctx, id, v))
			}
		}
		return flagMsg{Err: err}
	}
}

// markMatchingCmd marks every item of a request read, in one statement.
func markMatchingCmd(ctx context.Context, st *store.Store, q query.Query) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = flagMsg{All: true, Err: recovered(r)}
			}
		}()
		marked, err := st.MarkReadMatching(ctx, q)
		return flagMsg{All: true, Marked: marked, Err: err}
	}
}

// saveCmd saves an item for offline reading through the pipeline (the
// same function `dateline save` runs).
func saveCmd(ctx context.Context, p *ingest.Pipeline, id string) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = savedMsg{ItemID: id, Err: fmt.Errorf("saving failed: %v", r)}
			}
		}()
		r, err := p.Save(ctx, id)
		if r != nil {
			r = cleanRead(r)
		}
		return savedMsg{ItemID: id, Read: r, Err: err}
	}
}

// plural writes a count with its noun: "1 item", "2 items", "1,204 items".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return thousands(n) + " " + noun + "s"
}
