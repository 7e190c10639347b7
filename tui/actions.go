package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/query"
)

// The root's coordination of the components: the reader follows the
// list's selection, and what the user does to an item reaches the list,
// the loader and the library.

// pinned is the opened item the reader holds apart from the list's
// selection (its rows were replaced), or nil.
func (m *Model) pinned() *entry {
	if m.pin == "" || m.focus != focusReader || m.reader.ID() != m.pin {
		return nil
	}
	return m.list.Entry(m.pin)
}

// unpin drops the pin once the reader no longer has focus: the reader
// shows the list's selection again.
func (m *Model) unpin() tea.Cmd {
	if m.pin == "" || m.focus == focusReader {
		return nil
	}
	m.pin = ""
	if m.reader.ID() != m.list.pane.SelectedID() {
		return m.selectionChanged()
	}
	return nil
}

// current is the item the keys act on: the opened item while the reader
// holds it, else the list's selection.
func (m *Model) current() *entry {
	if e := m.pinned(); e != nil {
		return e
	}
	return m.list.pane.Selected()
}

// selectionChanged shows the newly selected item at once (feed text, or
// the cached article) and starts the settle timer; reader mode fetches
// when the selection rests.
func (m *Model) selectionChanged() tea.Cmd {
	m.pin = ""
	cmd := tea.Batch(m.showSelected(), m.list.LoadMore())
	e := m.list.pane.Selected()
	if e == nil {
		return cmd
	}
	m.settleSeq++
	m.settle = reqTag{ItemID: e.id(), Seq: m.settleSeq}
	return tea.Batch(cmd, m.tick(settleDelay, settleMsg{Tag: m.settle}))
}

// showSelected shows the selected item in the reader.
func (m *Model) showSelected() tea.Cmd {
	e := m.list.pane.Selected()
	if e == nil {
		m.reader.Clear()
		return nil
	}
	return m.show(e)
}

// show renders an item in the reader and asks for its body and the
// entities of its feed text when that is what it shows.
func (m *Model) show(e *entry) tea.Cmd {
	c := m.articles.Content(e)
	m.reader.SetContent(c, m.list.filter.Terms(), m.onlyEntities())
	m.setSpinner()
	if m.overlay == overlayEntities {
		m.refreshEntities()
	}
	var spans tea.Cmd
	if c.Kind == kindFeed && e.loaded {
		spans = m.articles.FeedSpans(e, c.Blocks)
	}
	return tea.Batch(m.articles.LoadBody(e), spans)
}

// refreshReader re-renders the reader for the item it shows.
func (m *Model) refreshReader() {
	if e := m.list.Entry(m.reader.ID()); e != nil {
		m.reader.SetContent(m.articles.Content(e), m.list.filter.Terms(), m.onlyEntities())
		m.setSpinner()
	}
}

// open marks an item read, shows it in the reader and reads its article
// now, with the next items ahead. The reader keeps the item (pin) while
// it has focus, even if the list is replaced by rows that lack it.
func (m *Model) open(id string) tea.Cmd {
	e := m.list.Entry(id)
	if e == nil {
		return nil
	}
	if m.list.pane.SelectedID() != id {
		m.list.pane.Select(id)
	}
	m.pin = id
	var mark tea.Cmd
	if !e.read {
		mark = m.setFlag([]*entry{e}, flagRead, true)
	}
	m.setFocus(focusReader)
	if m.articles.Retry(id) {
		e.rowErr = ""
	}
	cmd := m.show(e)
	return tea.Batch(mark, cmd, m.requestArticle(id, requestOpen), m.prefetch())
}

// requestArticle asks the loader for an item's article, and shows the
// spinner when it is the one on screen.
func (m *Model) requestArticle(id string, why requestKind) tea.Cmd {
	e := m.list.Entry(id)
	if e == nil {
		return nil
	}
	cmd := m.articles.Request(e, why)
	if cmd != nil && id == m.reader.ID() {
		m.refreshReader() // "fetching the full article…", with the spinner
	}
	return cmd
}

// prefetch reads the next few items of the list ahead of time.
func (m *Model) prefetch() tea.Cmd {
	var cmds []tea.Cmd
	rows, sel := m.list.pane.rows, m.list.pane.selected
	for i := sel + 1; i < len(rows) && i <= sel+prefetchAhead; i++ {
		cmds = append(cmds, m.requestArticle(rows[i].id(), requestPrefetch))
	}
	return tea.Batch(cmds...)
}

// ---- the list: view, filter, rows ----

// setView lists another view; the list's answer drives the reader (its
// selection stays on the same item when the view lists it).
func (m *Model) setView(v ListView) tea.Cmd {
	m.list.view = v
	m.viewBeforeEntity = -1
	m.pin = ""
	return tea.Batch(m.followList(), m.list.Requery(false))
}

// clearFilter empties the filter; after an entity's filter (chosen in the
// entity panel, which lists all regions) the view it was chosen from
// comes back.
func (m *Model) clearFilter() tea.Cmd {
	m.filter.Reset()
	if m.viewBeforeEntity >= 0 {
		m.list.view, m.viewBeforeEntity = m.viewBeforeEntity, -1
	}
	return m.applyFilter()
}

// openUnread opens the next (d=1) or previous (d=-1) unread item of the
// list after the current one: the way to read through the news. When the
// rows loaded hold none after it and the list has more, it loads the next
// page and looks again when it lands.
func (m *Model) openUnread(d int) tea.Cmd {
	rows := m.list.pane.rows
	from := m.list.pane.selected
	if e := m.pinned(); e != nil {
		for i, r := range rows {
			if r == e {
				from = i
			}
		}
	}
	start := from + d
	if m.focus == focusList && d > 0 {
		start = from // from the list, the selected row is next if unread
	}
	for i := start; i >= 0 && i < len(rows); i += d {
		if !rows[i].read {
			return m.open(rows[i].id())
		}
	}
	if d > 0 && m.list.more {
		m.unreadWanted = true
		return tea.Batch(m.flash("Looking for the next unread headline…", false), m.list.LoadMoreNow())
	}
	if d > 0 {
		return m.flash("No more unread headlines in this view.", false)
	}
	return m.flash("No unread headline above.", false)
}

func (m *Model) applyFilter() tea.Cmd {
	m.list.filter = query.Parse(m.filter.Value(), m.reader.loc)
	m.pin = "" // the list's answer drives the reader
	return tea.Batch(m.followList(), m.list.Requery(false))
}

// showList puts the list's rows and counts on screen.
func (m *Model) showList() {
	count := m.list.Show(m.filter.Active())
	m.filter.SetCount(count, m.list.filter.Errors)
	m.filter.SetNote(m.list.PendingNote())
	m.list.pane.empty = m.emptyText(m.list.Total())
	m.dropPreview()
}

// dropPreview ends the preview (Deps.Preview) for good once the list has
// rows, the first refresh has ended, or the user asked for another view
// or a filter.
func (m *Model) dropPreview() {
	if m.list.pane.preview != nil && (len(m.list.pane.rows) > 0 || !m.refresh.Busy() ||
		m.list.view != ViewAsiaPacific || !m.list.filter.Empty()) {
		m.list.pane.preview = nil
	}
}

// followList shows the list's rows and follows a change of selection,
// unless the reader holds an opened item (pin).
func (m *Model) followList() tea.Cmd {
	prev := m.list.pane.SelectedID()
	m.showList()
	if m.list.pane.SelectedID() != prev && m.pinned() == nil {
		return m.selectionChanged()
	}
	m.refreshReader()
	return nil
}

func (m *Model) emptyText(total int) string {
	have := m.list.items > 0
	switch {
	case !m.list.loaded:
		return "Reading the library…"
	case total > 0 || (!m.list.filter.Empty() && have):
		return "No headlines match. esc clears the filter."
	case have:
		return emptyViewText(m.list.view)
	case m.pipeline.Offline():
		return "Offline, and nothing is stored yet."
	case len(m.refresh.sources) == 0:
		return "No sources configured."
	case !m.pipeline.CanFetch():
		return "No way to fetch sources."
	case m.refresh.Busy():
		return "Fetching headlines…"
	case m.refresh.allFailed && !m.deps.Demo:
		return "No source could be reached. To try Dateline without the network, run: dateline --demo"
	}
	return "No headlines."
}

// emptyViewText is what an empty view says when the library has items.
func emptyViewText(v ListView) string {
	switch v {
	case ViewAsiaPacific:
		return "No Asia-Pacific headlines yet. v shows all regions."
	case ViewSaved:
		return "Nothing saved yet. s saves the selected article for offline reading. v changes the view."
	case ViewStarred:
		return "Nothing starred yet. * stars the selected headline. v changes the view."
	case ViewWatch:
		return "Nothing matches this watch yet. v changes the view."
	}
	return "Nothing in this view. v changes the view."
}

// onlyEntities are the entities the filter names (in any of its
// alternatives); n/N then visit their mentions only.
func (m *Model) onlyEntities() []query.Entity {
	var out []query.Entity
	for _, name := range []string{"person", "place", "org", "entity"} {
		label := strings.ToUpper(name)
		if name == "entity" {
			label = ""
		}
		for _, v := range m.list.filter.FieldValues(name) {
			out = append(out, query.Entity{Label: label, Name: v})
		}
	}
	return out
}

// startRefresh starts a round (r), or says why not.
func (m *Model) startRefresh(manual bool) tea.Cmd {
	cmd, why := m.refresh.Start(manual)
	if why != "" {
		if manual {
			return m.flash(why, false)
		}
		return nil
	}
	m.updateProgress()
	return cmd
}

// ---- entities ----

func (m *Model) openEntities() {
	m.overlay = overlayEntities
	m.ents.Reset()
	m.refreshEntities()
	m.layout()
}

func (m *Model) refreshEntities() {
	if m.current() == nil {
		m.ents.SetSpans("no article", nil, "Select an article first.")
		return
	}
	c := m.reader.Content()
	note := ""
	switch {
	case c.Kind == kindFeed && m.deps.Entities == nil:
		note = "Entity extraction is not available."
	case c.Spans == nil:
		note = "Finding entities…"
	}
	m.ents.SetSpans(c.Title, c.Spans, note)
}

// chooseSource lists one source's items, across all regions; esc comes
// back to the view it was chosen from.
func (m *Model) chooseSource(msg chooseSourceMsg) tea.Cmd {
	m.overlay = overlayNone
	if m.viewBeforeEntity < 0 {
		m.viewBeforeEntity = m.list.view
	}
	m.list.view = ViewAll
	m.pin = ""
	m.filter.SetValue("source:" + msg.URL)
	m.filter.Blur()
	m.setFocus(focusList)
	cmd := m.applyFilter()
	m.layout()
	return tea.Batch(cmd, m.flash("The items of "+msg.Name+" · esc returns", false))
}

// chooseEntity filters the list, across all regions, to the articles
// that mention the entity.
func (m *Model) chooseEntity(msg chooseEntityMsg) tea.Cmd {
	m.overlay = overlayNone
	if m.viewBeforeEntity < 0 {
		m.viewBeforeEntity = m.list.view
	}
	m.list.view = ViewAll
	m.pin = ""
	name := strings.ReplaceAll(msg.Name, `"`, "")
	if msg.Label == entity.Unknown {
		// The library indexes the names of people, places and
		// organisations; a name of unknown type is found as a phrase.
		m.filter.SetValue(`"` + name + `"`)
	} else {
		m.filter.SetValue(labelName(msg.Label) + `:"` + name + `"`)
	}
	m.filter.Blur()
	m.setFocus(focusList)
	cmd := m.applyFilter()
	m.layout()
	return cmd
}
