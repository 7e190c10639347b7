package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
	"runtime/debug"
)

// routeList sends the list's results to the list, then shows what
// changed: the rows, the counts, and (when the selection moved) the new
// selection in the reader.
func (m *Model) routeList(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case pageMsg:
		return m.onPage(msg)
	case countMsg:
		if m.list.OnCount(msg) {
			m.showList()
		}
	case unreadMsg:
		m.list.OnUnread(msg)
		m.showList()
	case pendingMsg:
		poll, requery := m.list.OnPending(msg)
		var cmds []tea.Cmd
		if poll {
			cmds = append(cmds, m.tick(pendingPoll, pendingPollMsg{}))
		}
		if requery {
			cmds = append(cmds, m.scheduleRequery())
		}
		m.showList()
		return tea.Batch(cmds...)
	case pendingPollMsg:
		m.list.pollDue = false
		return m.list.PollPending()
	case requeryMsg:
		if msg.Gen != m.list.requeryCount || !m.list.requeryDue {
			return nil
		}
		m.list.requeryDue = false
		return m.list.Requery(true)
	}
	return nil
}

// onPage shows a page of the list; the session's first page starts the
// first refresh.
func (m *Model) onPage(msg pageMsg) tea.Cmd {
	first := !m.list.started
	cmd, ok := m.list.OnPage(msg)
	if !ok {
		return nil
	}
	cmds := []tea.Cmd{cmd}
	if first {
		cmds = append(cmds, m.refresh.StartDeferred())
	}
	if msg.Err != nil {
		m.showList()
		return tea.Batch(append(cmds, m.flash("Library: "+oneLine(msg.Err.Error()), true))...)
	}
	if msg.Reset {
		m.list.Forget(m.list.pane.SelectedID(), m.reader.ID())
	}
	cmds = append(cmds, m.followList())
	if m.list.pane.SelectedID() != "" && m.reader.ID() == "" {
		cmds = append(cmds, m.selectionChanged())
	}
	if m.unreadWanted && !msg.Reset {
		m.unreadWanted = false
		cmds = append(cmds, m.openUnread(1))
	}
	return tea.Batch(append(cmds, m.list.LoadMore())...)
}

// scheduleRequery re-queries the list a little later, once for a burst
// of writes.
func (m *Model) scheduleRequery() tea.Cmd {
	if m.list.requeryDue {
		return nil
	}
	m.list.requeryDue = true
	m.list.requeryCount++
	return m.tick(requeryDelay, requeryMsg{Gen: m.list.requeryCount})
}

// routeReader sends reader mode's results to the article loader, then
// redraws the reader when they are for the item it shows.
func (m *Model) routeReader(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case bodyMsg:
		return m.onBody(msg)
	case articleMsg:
		return m.onArticle(msg)
	case feedSpansMsg:
		if !m.articles.OnFeedSpans(msg) {
			return nil
		}
		m.redrawReader(msg.Tag.ItemID)
		if msg.Err != nil {
			return m.flash(msg.Err.Error(), true)
		}
	case savedMsg:
		return m.onSaved(msg)
	case settleMsg:
		if msg.Tag != m.settle || m.list.pane.SelectedID() != msg.Tag.ItemID {
			return nil
		}
		return tea.Batch(m.requestArticle(msg.Tag.ItemID, requestSettle), m.prefetch())
	}
	return nil
}

func (m *Model) onBody(msg bodyMsg) tea.Cmd {
	e := m.list.Entry(msg.ItemID)
	m.articles.OnBody(msg, e)
	var cmds []tea.Cmd
	if msg.ArtErr != nil {
		cmds = append(cmds, m.flash("Library: "+oneLine(msg.ArtErr.Error()), true))
	}
	if msg.Err != nil && e != nil {
		cmds = append(cmds, m.flash("Library: "+oneLine(msg.Err.Error()), true))
	}
	if e != nil && m.reader.ID() == msg.ItemID {
		cmds = append(cmds, m.show(e))
		if e.wantArticle {
			e.wantArticle = false
			cmds = append(cmds, m.requestArticle(msg.ItemID, requestOpen))
		}
	}
	return tea.Batch(cmds...)
}

func (m *Model) onArticle(msg articleMsg) tea.Cmd {
	res := m.articles.OnArticle(msg, m.list.Entry(msg.Tag.ItemID))
	if !res.applied {
		return nil
	}
	var cmds []tea.Cmd
	switch {
	case res.storeErr != nil:
		cmds = append(cmds, m.writeFailed(res.storeErr))
	case res.fetched:
		// The article's text and entities are in the library now, and its
		// region tags come from it: a filter's or the region view's rows
		// may change.
		m.list.Changed()
		if !m.list.filter.Empty() || m.list.view == ViewAsiaPacific {
			cmds = append(cmds, m.scheduleRequery())
		}
		cmds = append(cmds, m.list.PollPending(), m.settled())
	}
	m.redrawReader(msg.Tag.ItemID)
	return tea.Batch(cmds...)
}

// settled returns releaseMemory when the last of a burst of work (a
// refresh round, reader-mode fetches) has ended: what it used is garbage
// now, and a session left alone should not keep it resident.
func (m *Model) settled() tea.Cmd {
	if m.refresh.Busy() || m.articles.inflight > 0 {
		return nil
	}
	return releaseMemory
}

// releaseMemory collects the garbage and returns the freed memory to the
// system now, rather than over the next minutes (Go's scavenger): the
// resident memory of an idle session is what its screen holds (about 9 MB
// less after a refresh and a prefetch; BENCHMARKS.md, "Everyday speed").
func releaseMemory() tea.Msg {
	debug.FreeOSMemory()
	return nil
}

// redrawReader re-renders the reader (and the entity panel) when it
// shows the item.
func (m *Model) redrawReader(id string) {
	if id != m.reader.ID() {
		return
	}
	m.refreshReader()
	if m.overlay == overlayEntities {
		m.refreshEntities()
	}
}

// onRefresh takes one event of a refresh round: a source ended, or the
// round did.
func (m *Model) onRefresh(msg refreshMsg) tea.Cmd {
	if msg.Done && msg.Err != nil && msg.Round == m.refresh.round {
		return tea.Batch(nextRefreshEvent(msg.Round, msg.next),
			m.flash("Library: pruning old headlines failed: "+oneLine(msg.Err.Error()), true))
	}
	if msg.Done && msg.Sum.Synced && msg.Round == m.refresh.round {
		return m.onSynced(msg)
	}
	next, res, roundDone := m.refresh.OnEvent(msg)
	if res == nil {
		return next
	}
	cmds := []tea.Cmd{next}
	if res.StoreErr != nil {
		cmds = append(cmds, m.writeFailed(res.StoreErr))
	}
	switch {
	case res.Err != nil:
		cmds = append(cmds, m.flash(res.Source.Name+": "+oneLine(res.Err.Error()), true))
	case res.StoreErr == nil:
		m.list.items += res.Added
		m.writeErr = nil
	}
	if res.Added > 0 {
		m.list.Changed()
		cmds = append(cmds, m.list.Requery(true), m.list.PollPending())
	}
	if roundDone {
		cmds = append(cmds, m.roundSummary(), m.settled(), m.watches.CountsCmd(true))
	}
	m.updateFlags()
	if m.overlay == overlaySources {
		m.sources.rows = m.refresh.Rows(m.sourceStates)
		cmds = append(cmds, sourcesCmd(m.ctx, m.library))
	}
	m.list.pane.empty = m.emptyText(m.list.pane.total)
	m.dropPreview()
	return tea.Batch(cmds...)
}

func (m *Model) roundSummary() tea.Cmd {
	m.updateFlags()
	if m.writeErr != nil {
		return m.flash("Library: "+oneLine(m.writeErr.Error())+" · "+itoa(m.refresh.roundAdded)+" new headlines", true)
	}
	return m.flash(m.refresh.Summary())
}

func (m *Model) onOpened(msg openedMsg) tea.Cmd {
	if msg.Err != nil {
		return m.flash("Could not open the link: "+oneLine(msg.Err.Error()), true)
	}
	return m.flash("Opened "+msg.URL, false)
}

// onBrowser gives the terminal to a terminal browser; the TUI comes back
// when it ends.
func (m *Model) onBrowser(msg browserMsg) tea.Cmd {
	return tea.ExecProcess(msg.Cmd, func(err error) tea.Msg { return openedMsg{URL: msg.URL, Err: err} })
}

// onSynced ends a refresh that was a sync with the server: the status
// line says what it did, or why it failed, and the list reads the
// library again.
func (m *Model) onSynced(msg refreshMsg) tea.Cmd {
	next := nextRefreshEvent(msg.Round, msg.next)
	if err := msg.Sum.SyncErr; err != nil {
		return tea.Batch(next, m.flash("Sync failed: "+oneLine(err.Error())+" · the library is intact", true))
	}
	r := msg.Sum.Sync
	text := fmt.Sprintf("Synced · %s entries pulled (%d new) · %s pushed", thousands(r.Pulled), r.Added, plural(r.Pushed, "state"))
	if r.Changed > 0 {
		text += fmt.Sprintf(" · %d changed on the server", r.Changed)
	}
	m.list.Changed()
	return tea.Batch(next, m.list.Requery(true), m.list.PollPending(), m.list.CountUnread(), m.flash(text, false),
		m.watches.CountsCmd(true)) // synced items count for the watches as fetched ones do
}
