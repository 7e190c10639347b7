package tui

// The headline list is a paged search of the library. Every read and
// write of the library runs in a tea.Cmd; results carry the list
// request's sequence number and stale ones are dropped. Rows are
// store.Headlines (no bodies); the body of the selected item, and its
// stored article, are loaded when it is selected. Each view is a query:
// the Asia-Pacific view is is:asia-pacific, which the library stored with
// each item (entity.InAsiaPacific), so it pages and counts in SQL.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/query"
	"github.com/dateline-news/dateline/store"
)

// Library tunables.
const (
	libPage      = 200                    // headlines per page
	libFirstPage = 100                    // the first page of a new filter or view: a keystroke reads no more
	libLoadAhead = 50                     // load the next page when the selection is this close to the end
	libKeepMax   = 5000                   // a re-query reloads at most this many rows
	requeryDelay = 300 * time.Millisecond // coalesces re-queries after background writes
	pendingPoll  = 500 * time.Millisecond // how often the search index's progress is checked
)

// libList is the library-backed list: the current request and the rows
// loaded so far.
type libList struct {
	seq     int         // request number; results of older requests are dropped
	q       query.Query // what the library is asked (filter + view)
	rows    []*entry    // library rows loaded, in order
	ids     map[string]bool
	off     int  // offset of the next page
	more    bool // the library may have more rows
	loading bool // a page request is in flight
	loaded  bool // a page of this request arrived
	started bool // the first page of the session arrived

	total   int  // rows matching (a lower bound when plus)
	plus    bool //
	counted bool // total is known

	viewTotal int // rows in the view before the filter
	viewPlus  bool
	viewKnown bool
	viewFor   string // view and data generation the view total is for

	items   int // items in the library
	pending int // items not yet searchable by their words
	dataGen int // bumped when a write may have changed what queries return

	requeryDue bool
	requeryGen int
	pollDue    bool
}

// overState is the read, saved and starred state the user set this
// session, applied over what the library reports (a write may still be in
// flight, or may have failed).
type overState struct {
	set, v [3]bool
}

// Library messages.
type (
	libPageMsg struct {
		Seq   int
		Reset bool // the first page of a request: replaces the rows
		Hs    []store.Headline
		Off   int
		More  bool
		Items int // items in the library, -1 when not counted
		Err   error
	}
	libCountMsg struct {
		Seq  int
		View string // set: the view total for this key
		N    int
		Plus bool
		Err  error
	}
	libLoadMsg struct {
		ID     string
		Item   *feeds.Item
		State  store.State
		Art    *article.Article
		Spans  [][]entity.Span
		Err    error
		ArtErr error
	}
	libFlagMsg struct {
		Err error
	}
	libMarkedMsg struct {
		N   int
		Err error
	}
	libPendingMsg struct {
		N   int
		Err error
	}
	requeryMsg     struct{ Gen int }
	pendingPollMsg struct{}
)

// capped turns a Search total into a count and whether it is a lower
// bound: Search counts up to max(CountLimit, offset+limit)+1.
func capped(total, off, limit int) (int, bool) {
	w := max(store.CountLimit, off+limit) + 1
	if total >= w {
		return w - 1, true
	}
	return total, false
}

func fmtCount(n int, plus bool) string {
	if plus {
		return itoa(n) + "+"
	}
	return itoa(n)
}

func recovered(r any) error { return fmt.Errorf("library: %v", r) }

// libPageCmd reads one page of a request.
func libPageCmd(ctx context.Context, st *store.Store, seq int, q query.Query, off, want int, reset, countItems bool) tea.Cmd {
	return func() (msg tea.Msg) {
		out := libPageMsg{Seq: seq, Reset: reset, Items: -1}
		defer func() {
			if r := recover(); r != nil {
				out.Err = recovered(r)
				msg = out
			}
		}()
		if countItems {
			if n, err := st.Count(ctx); err == nil {
				out.Items = n
			}
		}
		// The page alone: the count of a new request comes from its own
		// Cmd (libCountCmd), so the rows land first.
		hs, more, err := st.Page(ctx, q, want, off)
		out.Hs, out.Err = hs, err
		out.Off = off + len(hs)
		out.More = err == nil && out.Off < more
		return out
	}
}

func libCountCmd(ctx context.Context, st *store.Store, seq int, view string, q query.Query) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = libCountMsg{Seq: seq, View: view, Err: recovered(r)}
			}
		}()
		q.SortRelevance = false
		_, total, err := st.Search(ctx, q, 1, 0)
		n, plus := capped(total, 0, 1)
		return libCountMsg{Seq: seq, View: view, N: n, Plus: plus, Err: err}
	}
}

// libLoadCmd reads an item's body and state, and its stored article.
func libLoadCmd(ctx context.Context, st *store.Store, id string) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = libLoadMsg{ID: id, Err: recovered(r)}
			}
		}()
		it, state, err := st.Item(ctx, id)
		out := libLoadMsg{ID: id, State: state, Err: err}
		if err != nil {
			return out
		}
		c := cleanItem(*it)
		out.Item = &c
		if state.HasArticle {
			a, spans, err := st.Article(ctx, id)
			switch {
			case err == nil:
				out.Art, out.Spans = cleanStored(a, spans)
			case !errors.Is(err, store.ErrNotFound):
				out.ArtErr = err
			}
		}
		return out
	}
}

func libFlagCmd(ctx context.Context, st *store.Store, f itemFlag, v bool, ids []string) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = libFlagMsg{Err: recovered(r)}
			}
		}()
		var err error
		keep := func(e error) {
			if e != nil && err == nil && !errors.Is(e, store.ErrNotFound) {
				err = e
			}
		}
		switch {
		case f == flagRead && v && len(ids) > 1:
			keep(st.MarkAllRead(ctx, ids))
		default:
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
		}
		return libFlagMsg{Err: err}
	}
}

// libMarkMatchingCmd marks every item of a request read, in one statement.
func libMarkMatchingCmd(ctx context.Context, st *store.Store, q query.Query) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = libMarkedMsg{Err: recovered(r)}
			}
		}()
		n, err := st.MarkReadMatching(ctx, q)
		return libMarkedMsg{N: n, Err: err}
	}
}

// libPendingCmd asks how many items are not yet searchable.
func libPendingCmd(ctx context.Context, st *store.Store) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = libPendingMsg{Err: recovered(r)}
			}
		}()
		n, err := st.Pending(ctx)
		return libPendingMsg{N: n, Err: err}
	}
}

// ---- the model's library side ----

// entry returns the entry with that id among the rows loaded, or nil.
func (m *Model) entry(id string) *entry { return m.s.entries[id] }

// viewQuery is what the library is asked for the current view, with the
// filter when withFilter is set.
func (m *Model) viewQuery(withFilter bool) query.Query {
	var q query.Query
	if withFilter {
		q = m.q
		q.Fields = append([]query.Field(nil), m.q.Fields...)
	}
	switch m.view {
	case ViewAsiaPacific:
		q.Fields = append(q.Fields, query.Field{Name: "is", Value: query.AsiaPacific})
	case ViewSaved:
		q.Fields = append(q.Fields, query.Field{Name: "is", Value: "saved"})
	case ViewStarred:
		q.Fields = append(q.Fields, query.Field{Name: "is", Value: "starred"})
	}
	return q
}

func (m *Model) viewKey() string { return m.view.String() + "\x00" + itoa(m.ll.dataGen) }

// requery asks the library for the current view and filter again (a new
// view or filter: the first page). The rows on screen stay until the
// answer lands; the selection then keeps its item (and its place on
// screen) when the item is still listed.
func (m *Model) requery() tea.Cmd { return m.query(false) }

// refreshRows re-reads the rows after the library changed (a refresh, a
// stored article), as many as are loaded.
func (m *Model) refreshRows() tea.Cmd { return m.query(true) }

func (m *Model) query(keep bool) tea.Cmd {
	ll := &m.ll
	if m.s.listCancel != nil {
		m.s.listCancel()
	}
	ctx, cancel := context.WithCancel(m.ctx)
	m.s.listCtx, m.s.listCancel = ctx, cancel
	ll.seq++
	ll.q = m.viewQuery(true)
	ll.loading = true
	want := libFirstPage
	if keep {
		want = min(max(len(ll.rows), libPage), libKeepMax)
	}
	cmds := []tea.Cmd{libPageCmd(ctx, m.lib, ll.seq, ll.q, 0, want, true, !ll.started)}
	if vk := m.viewKey(); vk != ll.viewFor {
		ll.viewFor, ll.viewKnown = vk, false
		if !m.q.Empty() {
			cmds = append(cmds, libCountCmd(m.ctx, m.lib, ll.seq, vk, m.viewQuery(false)))
		}
	}
	return tea.Batch(cmds...)
}

// scheduleRequery re-queries a little later, once for a burst of writes.
func (m *Model) scheduleRequery() tea.Cmd {
	if m.ll.requeryDue {
		return nil
	}
	m.ll.requeryDue = true
	m.ll.requeryGen++
	return m.tick(requeryDelay, requeryMsg{Gen: m.ll.requeryGen})
}

// maybeLoadMore asks for the next page when the selection nears the end
// of what is loaded.
func (m *Model) maybeLoadMore() tea.Cmd {
	ll := &m.ll
	if !ll.more || ll.loading || !ll.loaded || m.list.sel < len(m.list.rows)-libLoadAhead {
		return nil
	}
	ll.loading = true
	return libPageCmd(m.s.listCtx, m.lib, ll.seq, ll.q, ll.off, libPage, false, false)
}

// rowEntry makes (or updates) the entry of a library row.
func (m *Model) rowEntry(h *store.Headline) *entry {
	it := feeds.Item{
		ID: h.ID, Title: oneLine(h.Title), Link: oneLine(h.Link), Author: oneLine(h.Author),
		SourceName: oneLine(h.SourceName), SourceURL: h.SourceURL, Section: oneLine(h.Section), Published: h.Published,
	}
	e := m.s.entries[h.ID]
	switch {
	case e == nil:
		e = &entry{}
	case e.item.Title != it.Title || e.item.Link != it.Link || !e.item.Published.Equal(it.Published):
		e.ver++
		e.loaded = false // the body may have changed too
	case e.loaded:
		it.Summary, it.Content, it.ContentHTML = e.item.Summary, e.item.Content, e.item.ContentHTML
		it.Categories, it.GUID, it.ImageURL = e.item.Categories, e.item.GUID, e.item.ImageURL
	}
	e.item = it
	e.read, e.starred, e.saved = h.Read, h.Starred, h.Saved
	if o, ok := m.s.over[h.ID]; ok {
		for f := flagRead; f <= flagStarred; f++ {
			if o.set[f] {
				*f.of(e) = o.v[f]
			}
		}
	}
	e.hasArticle = e.hasArticle || h.HasArticle
	return e
}

func (m *Model) onLibPage(msg libPageMsg) tea.Cmd {
	ll := &m.ll
	if msg.Seq != ll.seq {
		return nil
	}
	ll.loading = false
	var cmds []tea.Cmd
	if msg.Items >= 0 {
		ll.items = msg.Items
	}
	if !ll.started {
		ll.started = true
		cmds = append(cmds, m.startDeferredRound())
	}
	ll.loaded = true
	if msg.Err != nil {
		ll.more = false
		m.refilter()
		return tea.Batch(append(cmds, m.flash("Library: "+oneLine(msg.Err.Error()), true))...)
	}
	m.takeRows(msg)
	switch {
	case !ll.more:
		ll.total, ll.plus, ll.counted = len(ll.rows), false, true
	case msg.Reset:
		ll.counted = false
		cmds = append(cmds, libCountCmd(m.s.listCtx, m.lib, ll.seq, "", ll.q))
	}
	if ll.counted && m.q.Empty() && m.viewKey() == ll.viewFor {
		ll.viewTotal, ll.viewPlus, ll.viewKnown = ll.total, ll.plus, true
	}
	cmds = append(cmds, m.refilterSel())
	if m.list.SelectedID() != "" && m.reader.ID() == "" {
		cmds = append(cmds, m.selectionChanged())
	}
	cmds = append(cmds, m.maybeLoadMore())
	return tea.Batch(cmds...)
}

// takeRows adds (or, for the first page of a request, replaces) the rows
// of a page. Entries whose body is loaded are kept: the selection often
// stays on one.
func (m *Model) takeRows(msg libPageMsg) {
	ll := &m.ll
	if msg.Reset {
		old := m.s.entries
		m.s.entries = make(map[string]*entry, len(msg.Hs))
		for id, e := range old {
			if e.loaded || e.loadingBody {
				m.s.entries[id] = e
			}
		}
		ll.rows = make([]*entry, 0, len(msg.Hs))
		ll.ids = make(map[string]bool, len(msg.Hs))
	}
	for i := range msg.Hs {
		h := &msg.Hs[i]
		if ll.ids[h.ID] {
			continue
		}
		e := m.rowEntry(h)
		m.s.entries[h.ID] = e
		ll.rows = append(ll.rows, e)
		ll.ids[h.ID] = true
	}
	if msg.Reset && len(m.s.entries) > len(ll.rows)+64 {
		for id := range m.s.entries {
			if !ll.ids[id] && id != m.list.SelectedID() && id != m.reader.ID() {
				delete(m.s.entries, id)
			}
		}
	}
	ll.off, ll.more = msg.Off, msg.More
}

func (m *Model) onLibCount(msg libCountMsg) tea.Cmd {
	ll := &m.ll
	if msg.Err != nil {
		return nil // the count is an extra; the rows are there
	}
	switch {
	case msg.View != "":
		if msg.View != ll.viewFor {
			return nil
		}
		ll.viewTotal, ll.viewPlus, ll.viewKnown = msg.N, msg.Plus, true
	case msg.Seq == ll.seq:
		ll.total, ll.plus, ll.counted = msg.N, msg.Plus, true
		if m.q.Empty() && m.viewKey() == ll.viewFor {
			ll.viewTotal, ll.viewPlus, ll.viewKnown = msg.N, msg.Plus, true
		}
	default:
		return nil
	}
	m.refilter()
	return nil
}

// refilter shows the rows of the current request with their counts.
func (m *Model) refilter() {
	ll := &m.ll
	total, plus := ll.total, ll.plus
	if !ll.counted {
		total, plus = len(ll.rows), ll.more
	}
	m.list.title = m.view.String()
	m.list.terms = m.q.Terms()
	m.list.SetRows(ll.rows, total)
	m.list.count = fmtCount(total, plus)
	count := ""
	if m.filter.Active() {
		count = fmtCount(total, plus)
		if ll.viewKnown {
			count += " of " + fmtCount(ll.viewTotal, ll.viewPlus)
		}
		m.list.count = count
	}
	m.filter.SetCount(count, m.q.Errors)
	m.filter.SetNote(m.pendingNote())
	m.list.empty = m.emptyText(total)
}

// pendingNote says how many new items the filter cannot find yet.
func (m *Model) pendingNote() string {
	if m.ll.pending == 0 || !store.NeedsIndex(m.q) {
		return ""
	}
	if m.ll.pending == 1 {
		return "1 new item not yet searchable"
	}
	return thousands(m.ll.pending) + " new items not yet searchable"
}

// pollPending checks the search index's progress while items wait for it.
func (m *Model) pollPending() tea.Cmd {
	if m.ll.pollDue {
		return nil
	}
	m.ll.pollDue = true
	return libPendingCmd(m.ctx, m.lib)
}

func (m *Model) onLibPending(msg libPendingMsg) tea.Cmd {
	m.ll.pollDue = false
	if msg.Err != nil {
		return nil
	}
	was := m.ll.pending
	m.ll.pending = msg.N
	var cmds []tea.Cmd
	if msg.N > 0 {
		m.ll.pollDue = true
		cmds = append(cmds, m.tick(pendingPoll, pendingPollMsg{}))
	}
	if msg.N < was && store.NeedsIndex(m.q) {
		// Newly searchable items may match the filter.
		m.ll.dataGen++
		cmds = append(cmds, m.scheduleRequery())
	}
	m.refilter()
	return tea.Batch(cmds...)
}

// loadBody asks the library for an entry's body and stored article.
func (m *Model) loadBody(e *entry) tea.Cmd {
	if e.loaded || e.loadingBody {
		return nil
	}
	e.loadingBody = true
	return libLoadCmd(m.ctx, m.lib, e.id())
}

func (m *Model) onLibLoad(msg libLoadMsg) tea.Cmd {
	var cmds []tea.Cmd
	if msg.Art != nil {
		if a := m.s.arts[msg.ID]; a == nil || (a.art == nil && !a.loading) {
			m.s.arts[msg.ID] = &artState{art: msg.Art, spans: msg.Spans, stored: true, fromLib: true}
		}
	}
	if msg.ArtErr != nil {
		cmds = append(cmds, m.flash("Library: "+oneLine(msg.ArtErr.Error()), true))
	}
	e := m.s.entries[msg.ID]
	if e == nil {
		return tea.Batch(cmds...)
	}
	e.loadingBody = false
	e.loaded = true
	switch {
	case msg.Err != nil && !errors.Is(msg.Err, store.ErrNotFound):
		cmds = append(cmds, m.flash("Library: "+oneLine(msg.Err.Error()), true))
	case msg.Item != nil:
		it := msg.Item
		e.item.Summary, e.item.Content, e.item.ContentHTML = it.Summary, it.Content, it.ContentHTML
		e.item.Categories, e.item.GUID, e.item.ImageURL = it.Categories, it.GUID, it.ImageURL
		e.hasArticle = msg.State.HasArticle && msg.Art != nil
	}
	if m.reader.ID() == msg.ID {
		cmds = append(cmds, m.show(e))
		if e.wantArticle {
			e.wantArticle = false
			cmds = append(cmds, m.requestArticle(msg.ID, false))
		}
	}
	return tea.Batch(cmds...)
}

// writeFailed reports a failed library write; the rows on screen stay.
func (m *Model) writeFailed(err error) tea.Cmd {
	m.writeErr = err
	m.updateFlags()
	return m.flash("Library: "+oneLine(err.Error()), true)
}

// setFlagLocal changes item state in the session (and remembers it over
// what the library reports).
func (m *Model) setFlagLocal(es []*entry, f itemFlag, v bool) {
	for _, e := range es {
		*f.of(e) = v
		o := m.s.over[e.id()]
		o.set[f], o.v[f] = true, v
		m.s.over[e.id()] = o
	}
}

func (m *Model) onLibFlag(msg libFlagMsg) tea.Cmd {
	if msg.Err != nil {
		return m.writeFailed(msg.Err)
	}
	m.ll.dataGen++
	return nil
}

// markAllRead marks every item of the list read: the rows loaded at once,
// the rest in the library.
func (m *Model) markAllRead() tea.Cmd {
	var unread []*entry
	for _, e := range m.list.rows {
		if !e.read {
			unread = append(unread, e)
		}
	}
	m.setFlagLocal(unread, flagRead, true)
	m.status.Set("Marking the list read…", false) // the result's message replaces it
	return libMarkMatchingCmd(m.ctx, m.lib, m.viewQuery(true))
}

func (m *Model) onLibMarked(msg libMarkedMsg) tea.Cmd {
	if msg.Err != nil {
		return m.writeFailed(msg.Err)
	}
	m.ll.dataGen++
	return m.flash(fmt.Sprintf("Marked %d read", msg.N), false)
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
	a := m.s.arts[e.id()]
	if !e.hasArticle && (a == nil || !a.stored) {
		switch {
		case m.p.Offline():
			return m.flash("Offline: the article cannot be fetched to save it.", true)
		case !m.p.CanRead():
			return m.flash("Cannot save: reader mode is not available.", true)
		case e.item.Link == "":
			return m.flash("Cannot save: this headline has no link.", true)
		}
	}
	e.saving, e.rowErr = true, ""
	m.s.saving++
	m.updateProgress()
	return tea.Batch(
		m.flash("Saving “"+truncate(e.item.Title, 40)+"” for offline reading…", false),
		saveCmd(m.ctx, m.p, e.id()),
	)
}

func (m *Model) onSaved(msg savedMsg) tea.Cmd {
	m.s.saving = max(m.s.saving-1, 0)
	m.updateProgress()
	e := m.entry(msg.ID)
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
	if a := m.s.arts[msg.ID]; a == nil || a.art == nil {
		m.s.arts[msg.ID] = &artState{art: msg.Read.Article, spans: msg.Read.Spans, stored: true}
	} else {
		a.stored = true
	}
	if e != nil {
		m.setFlagLocal([]*entry{e}, flagSaved, true)
		e.hasArticle = true
		if strings.HasPrefix(e.rowErr, "reader:") {
			e.rowErr = ""
		}
	}
	m.ll.dataGen++
	if msg.ID == m.reader.ID() {
		m.refreshReader()
	}
	return tea.Batch(m.flash("Saved for offline reading", false), m.pollPending())
}

// isWriteErr: the library could not write (as opposed to a fetch error).
func isWriteErr(err error) bool {
	return errors.Is(err, store.ErrDiskFull) || errors.Is(err, store.ErrReadOnly) || errors.Is(err, store.ErrBusy)
}

// startDeferredRound starts the first refresh once the library's
// headlines are on screen.
func (m *Model) startDeferredRound() tea.Cmd {
	if !m.deferFetch {
		return nil
	}
	m.deferFetch = false
	return refreshCmd(m.ctx, m.p, m.round)
}

// thousands writes n with thousands separators ("1,234").
func thousands(n int) string {
	s := itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
