package tui

// The headline list is a paged search of the library. Every read of it
// runs in a tea.Cmd; results carry the request's sequence number and
// stale ones are dropped. Rows are store.Headlines (no bodies); the body
// of the selected item, and its stored article, are loaded when it is
// selected (articleLoader). Each view is a query: the Asia-Pacific view
// is is:asia-pacific, which the library stored with each item
// (entity.InAsiaPacific), so it pages and counts in SQL.

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/query"
	"github.com/dateline-news/dateline/store"
	"github.com/dateline-news/dateline/watch"
)

// List tunables.
const (
	pageSize      = 200                    // headlines per page
	firstPageSize = 100                    // the first page of a new filter or view: a keystroke reads no more
	loadAhead     = 50                     // load the next page when the selection is this close to the end
	keepMax       = 5000                   // a re-query reloads at most this many rows
	requeryDelay  = 300 * time.Millisecond // coalesces re-queries after background writes
	pendingPoll   = 500 * time.Millisecond // how often the search index's progress is checked
)

// headlineList is the list component: what is listed (view and filter),
// the library request and its rows and counts, and the pane that draws
// them.
type headlineList struct {
	pane    listPane
	library *store.Store
	ctx     context.Context // the session's: ends on quit

	view   ListView
	filter query.Query
	// watch is the watch ViewWatch lists (its query, narrowed by the
	// filter; see watchQuery).
	watch    watch.Watch
	watchLoc *time.Location // dates in the watch's query

	sequence  int         // request number; results of older requests are dropped
	request   query.Query // what the library is asked (filter + view)
	rows      []*entry    // rows loaded, in order
	listed    map[string]bool
	nextOff   int  // offset of the next page
	more      bool // the library may have more rows
	loading   bool // a page request is in flight
	loaded    bool // a page of this request arrived
	started   bool // the first page of the session arrived
	cancelReq context.CancelFunc
	reqCtx    context.Context

	total, viewTotal     int // rows matching; rows in the view before the filter
	counted, viewCounted bool
	// unread is the view's unread count (without the filter), asked of
	// the library again after every write and adjusted at once by the
	// session's own changes; unreadSeq drops stale answers.
	unread      int
	unreadKnown bool
	unreadSeq   int
	// toEnd: G asked for the rest of the list; the selection goes to the
	// last row when it lands.
	toEnd, selectLast bool
	viewCountKey      string // view and data generation viewTotal is for

	items        int // items in the library
	pending      int // items not yet searchable by their words
	dataVersion  int // bumped when a write may have changed what queries return
	requeryDue   bool
	requeryCount int
	pollDue      bool

	entries   map[string]*entry // the rows loaded (and bodies kept)
	overrides map[string]overState
}

// overState is the read, saved and starred state the user set this
// session, applied over what the library reports (a write may still be in
// flight, or may have failed).
type overState struct {
	set, value [3]bool
}

// Messages of the list's library requests.
type (
	pageMsg struct {
		Seq   int
		Reset bool // the first page of a request: replaces the rows
		Rows  []store.Headline
		Next  int // offset of the page after it
		More  bool
		Items int // items in the library, -1 when not counted
		Err   error
	}
	countMsg struct {
		Seq   int
		View  string // set: the view total for this key
		Count int
		Err   error
	}
	unreadMsg struct {
		Seq   int
		Count int
		Err   error
	}
	pendingMsg struct {
		Count int
		Err   error
	}
	requeryMsg     struct{ Gen int }
	pendingPollMsg struct{}
)

func newHeadlineList(ctx context.Context, lib *store.Store, pane listPane) headlineList {
	l := headlineList{pane: pane, library: lib, ctx: ctx, reqCtx: ctx, view: ViewAsiaPacific,
		entries: map[string]*entry{}, overrides: map[string]overState{}}
	l.request = l.viewQuery(true)
	l.viewCountKey = l.viewKey()
	l.sequence, l.loading = 1, true
	l.unreadSeq = 1
	return l
}

// firstPage reads the session's first page (request 1, made by
// newHeadlineList: Init cannot change the model).
func (l *headlineList) firstPage() tea.Cmd {
	q := l.viewQuery(false)
	q = q.And(query.Field{Name: "is", Value: "unread"})
	return tea.Batch(pageCmd(l.reqCtx, l.library, l.sequence, l.request, 0, firstPageSize, true, true),
		unreadCmd(l.ctx, l.library, l.unreadSeq, q))
}

// viewQuery is what the library is asked for the view, with the filter
// when withFilter is set.
func (l *headlineList) viewQuery(withFilter bool) query.Query {
	var q query.Query
	if withFilter {
		q = l.filter
	}
	if l.view == ViewWatch {
		return watchQuery(l.watch, q, l.watchLoc)
	}
	// The view narrows the whole filter: in Saved, "a OR b" is saved
	// items with a or b.
	switch l.view {
	case ViewAsiaPacific:
		q = q.And(query.Field{Name: "is", Value: query.AsiaPacific})
	case ViewSaved:
		q = q.And(query.Field{Name: "is", Value: "saved"})
	case ViewStarred:
		q = q.And(query.Field{Name: "is", Value: "starred"})
	}
	return q
}

func (l *headlineList) viewKey() string {
	return l.view.String() + "\x00" + l.watch.Name + "\x00" + itoa(l.dataVersion)
}

// Entry returns the entry with that id among the rows loaded, or nil.
func (l *headlineList) Entry(id string) *entry { return l.entries[id] }

// Changed records that the library changed under the list.
func (l *headlineList) Changed() { l.dataVersion++ }

// Requery asks the library for the view and filter again: the first page
// (keep false: a new view or filter), or as many rows as are loaded (keep
// true: the library changed). The rows on screen stay until the answer
// lands.
func (l *headlineList) Requery(keep bool) tea.Cmd {
	if l.cancelReq != nil {
		l.cancelReq()
	}
	l.reqCtx, l.cancelReq = context.WithCancel(l.ctx)
	l.sequence++
	l.request = l.viewQuery(true)
	l.loading = true
	want := firstPageSize
	if keep {
		want = min(max(len(l.rows), pageSize), keepMax)
	}
	l.toEnd = false
	cmds := []tea.Cmd{pageCmd(l.reqCtx, l.library, l.sequence, l.request, 0, want, true, !l.started)}
	if vk := l.viewKey(); vk != l.viewCountKey {
		l.viewCountKey, l.viewCounted = vk, false
		if !l.filter.Empty() {
			cmds = append(cmds, countCmd(l.ctx, l.library, l.sequence, vk, l.viewQuery(false)))
		}
		cmds = append(cmds, l.CountUnread())
	}
	return tea.Batch(cmds...)
}

// CountUnread asks the library for the view's unread count.
func (l *headlineList) CountUnread() tea.Cmd {
	l.unreadSeq++
	q := l.viewQuery(false)
	q = q.And(query.Field{Name: "is", Value: "unread"})
	return unreadCmd(l.ctx, l.library, l.unreadSeq, q)
}

// OnUnread takes the view's unread count (stale answers are dropped).
func (l *headlineList) OnUnread(msg unreadMsg) {
	if msg.Seq != l.unreadSeq || msg.Err != nil {
		return
	}
	l.unread, l.unreadKnown = msg.Count, true
}

// LoadRest asks for every row not loaded yet (G: the real end of the
// list, not the end of what is loaded); the selection goes to the last
// row when they land. Rows are small: 100,000 of them are a few tens of
// megabytes, read in well under a second.
func (l *headlineList) LoadRest() tea.Cmd {
	if !l.more || !l.loaded {
		return nil
	}
	l.toEnd = true
	if l.loading {
		return nil // the page in flight ends with another request
	}
	l.loading = true
	want := keepMax
	if l.counted {
		want = max(l.total-len(l.rows), pageSize)
	}
	return pageCmd(l.reqCtx, l.library, l.sequence, l.request, l.nextOff, want, false, false)
}

// LoadMore asks for the next page when the selection nears the end of
// what is loaded.
func (l *headlineList) LoadMore() tea.Cmd {
	if !l.more || l.loading || !l.loaded || l.pane.selected < len(l.pane.rows)-loadAhead {
		return nil
	}
	l.loading = true
	return pageCmd(l.reqCtx, l.library, l.sequence, l.request, l.nextOff, pageSize, false, false)
}

// LoadMoreNow asks for the next page wherever the selection is (the
// search for the next unread item).
func (l *headlineList) LoadMoreNow() tea.Cmd {
	if !l.more || l.loading || !l.loaded {
		return nil
	}
	l.loading = true
	return pageCmd(l.reqCtx, l.library, l.sequence, l.request, l.nextOff, pageSize, false, false)
}

// OnPage takes a page of the current request; stale pages are dropped
// (ok false).
func (l *headlineList) OnPage(msg pageMsg) (cmd tea.Cmd, ok bool) {
	if msg.Seq != l.sequence {
		return nil, false
	}
	l.loading = false
	if msg.Items >= 0 {
		l.items = msg.Items
	}
	l.started, l.loaded = true, true
	if msg.Err != nil {
		l.more = false
		return nil, true
	}
	l.takeRows(msg)
	switch {
	case !l.more:
		l.total, l.counted = len(l.rows), true
	case msg.Reset:
		l.counted = false
		cmd = countCmd(l.reqCtx, l.library, l.sequence, "", l.request)
	}
	if l.counted && l.filter.Empty() && l.viewKey() == l.viewCountKey {
		l.viewTotal, l.viewCounted = l.total, true
	}
	if l.toEnd && !msg.Reset {
		if l.more {
			// more came in meanwhile: keep going
			l.loading = false
			return tea.Batch(cmd, l.LoadRest()), true
		}
		l.toEnd, l.selectLast = false, true
	}
	return cmd, true
}

// takeRows adds (or, for the first page of a request, replaces) the rows
// of a page. Entries whose body is loaded are kept: the selection often
// stays on one.
func (l *headlineList) takeRows(msg pageMsg) {
	if msg.Reset {
		old := l.entries
		l.entries = make(map[string]*entry, len(msg.Rows))
		for id, e := range old {
			if e.loaded || e.loadingBody {
				l.entries[id] = e
			}
		}
		l.rows = make([]*entry, 0, len(msg.Rows))
		l.listed = make(map[string]bool, len(msg.Rows))
	}
	for i := range msg.Rows {
		h := &msg.Rows[i]
		if l.listed[h.ID] {
			continue
		}
		e := l.rowEntry(h)
		l.entries[h.ID] = e
		l.rows = append(l.rows, e)
		l.listed[h.ID] = true
	}
	l.nextOff, l.more = msg.Next, msg.More
}

// Forget drops the entries that are neither listed nor in keep (the
// selection, the reader's item), once they are many.
func (l *headlineList) Forget(keep ...string) {
	if len(l.entries) <= len(l.rows)+64 {
		return
	}
	for id := range l.entries {
		if !l.listed[id] && !contains(keep, id) {
			delete(l.entries, id)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// rowEntry makes (or updates) the entry of a library row.
func (l *headlineList) rowEntry(h *store.Headline) *entry {
	it := feeds.Item{
		ID: h.ID, Title: oneLine(h.Title), Link: oneLine(h.Link), Author: oneLine(h.Author),
		SourceName: oneLine(h.SourceName), SourceURL: h.SourceURL, Section: oneLine(h.Section), Published: h.Published,
	}
	e := l.entries[h.ID]
	switch {
	case e == nil:
		e = &entry{}
	case e.item.Title != it.Title || e.item.Link != it.Link || !e.item.Published.Equal(it.Published):
		e.version++
		e.loaded = false // the body may have changed too
	case e.loaded:
		it.Summary, it.Content, it.ContentHTML = e.item.Summary, e.item.Content, e.item.ContentHTML
		it.Categories, it.GUID, it.ImageURL = e.item.Categories, e.item.GUID, e.item.ImageURL
	}
	e.item = it
	e.read, e.starred, e.saved = h.Read, h.Starred, h.Saved
	if o, ok := l.overrides[h.ID]; ok {
		for f := flagRead; f <= flagStarred; f++ {
			if o.set[f] {
				*f.of(e) = o.value[f]
			}
		}
	}
	e.hasArticle = e.hasArticle || h.HasArticle
	return e
}

// OnCount takes a count of the current request or view.
func (l *headlineList) OnCount(msg countMsg) bool {
	if msg.Err != nil {
		return false // the count is an extra; the rows are there
	}
	switch {
	case msg.View != "":
		if msg.View != l.viewCountKey {
			return false
		}
		l.viewTotal, l.viewCounted = msg.Count, true
	case msg.Seq == l.sequence:
		l.total, l.counted = msg.Count, true
		if l.filter.Empty() && l.viewKey() == l.viewCountKey {
			l.viewTotal, l.viewCounted = msg.Count, true
		}
	default:
		return false
	}
	return true
}

// Show puts the rows on the pane with the header's count, and returns
// the filter bar's count ("2 of 8", "" with no filter).
func (l *headlineList) Show(filterActive bool) string {
	total, plus := l.total, false
	if !l.counted {
		total, plus = len(l.rows), l.more
	}
	l.pane.title = l.view.String()
	l.pane.storyOn = l.view == ViewWatch
	if l.view == ViewWatch {
		l.pane.title = "Watch: " + oneLine(l.watch.Name)
	}
	l.pane.terms = l.filter.Terms()
	l.pane.SetRows(l.rows, total)
	if l.selectLast {
		l.selectLast = false
		l.pane.SelectIndex(len(l.pane.rows) - 1)
	}
	l.pane.count = fmtCount(total, plus)
	l.pane.unread = ""
	if l.unreadKnown {
		l.pane.unread = thousands(l.unread) + " unread"
	}
	if !filterActive {
		return ""
	}
	count := fmtCount(total, plus)
	if l.viewCounted {
		count += " of " + fmtCount(l.viewTotal, false)
	}
	l.pane.count = count
	return count
}

// Total is the number of rows matching, as far as it is known.
func (l *headlineList) Total() int {
	if !l.counted {
		return len(l.rows)
	}
	return l.total
}

// PendingNote says how many new items the filter cannot find yet.
func (l *headlineList) PendingNote() string {
	if l.pending == 0 || !store.NeedsIndex(l.filter) {
		return ""
	}
	if l.pending == 1 {
		return "1 new item not yet searchable"
	}
	return thousands(l.pending) + " new items not yet searchable"
}

// PollPending checks the search index's progress (once at a time).
func (l *headlineList) PollPending() tea.Cmd {
	if l.pollDue {
		return nil
	}
	l.pollDue = true
	return pendingCmd(l.ctx, l.library)
}

// OnPending takes the index's progress: while items wait, it polls again
// (the returned wait, a timer the root schedules); when some became
// searchable and the filter needs the index, it re-queries.
func (l *headlineList) OnPending(msg pendingMsg) (pollAgain, requery bool) {
	l.pollDue = false
	if msg.Err != nil {
		return false, false
	}
	was := l.pending
	l.pending = msg.Count
	if msg.Count > 0 {
		l.pollDue = true
	}
	if msg.Count < was && store.NeedsIndex(l.filter) {
		l.dataVersion++
		return msg.Count > 0, true
	}
	return msg.Count > 0, false
}

// SetFlagLocal changes item state in the session (and remembers it over
// what the library reports). The view's unread count follows at once;
// the library's count replaces it when the write lands.
func (l *headlineList) SetFlagLocal(es []*entry, f itemFlag, v bool) {
	for _, e := range es {
		if f == flagRead && e.read != v && l.listed[e.id()] {
			if v {
				l.unread = max(l.unread-1, 0)
			} else {
				l.unread++
			}
		}
		*f.of(e) = v
		o := l.overrides[e.id()]
		o.set[f], o.value[f] = true, v
		l.overrides[e.id()] = o
	}
}

func fmtCount(n int, plus bool) string {
	if plus {
		return thousands(n) + "+"
	}
	return thousands(n)
}

// thousands writes n with thousands separators ("1,234").
func thousands(n int) string {
	s := itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// pageCmd reads one page of a request.
func pageCmd(ctx context.Context, st *store.Store, seq int, q query.Query, off, want int, reset, countItems bool) tea.Cmd {
	return func() (msg tea.Msg) {
		out := pageMsg{Seq: seq, Reset: reset, Items: -1}
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
		// Cmd (countCmd), so the rows land first.
		rows, more, err := st.Page(ctx, q, want, off)
		out.Rows, out.Err = rows, err
		out.Next = off + len(rows)
		out.More = err == nil && out.Next < more
		return out
	}
}

func countCmd(ctx context.Context, st *store.Store, seq int, view string, q query.Query) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = countMsg{Seq: seq, View: view, Err: recovered(r)}
			}
		}()
		// Exact: 31 ms for the 59,641 matches of "china" at 100,000
		// items (BENCHMARKS.md), in a Cmd of its own after the rows.
		n, err := st.CountMatches(ctx, q)
		return countMsg{Seq: seq, View: view, Count: n, Err: err}
	}
}

// unreadCmd counts the unread items of a view.
func unreadCmd(ctx context.Context, st *store.Store, seq int, q query.Query) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = unreadMsg{Seq: seq, Err: recovered(r)}
			}
		}()
		n, err := st.CountMatches(ctx, q)
		return unreadMsg{Seq: seq, Count: n, Err: err}
	}
}

// pendingCmd asks how many items are not yet searchable.
func pendingCmd(ctx context.Context, st *store.Store) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = pendingMsg{Err: recovered(r)}
			}
		}()
		n, err := st.Pending(ctx)
		return pendingMsg{Count: n, Err: err}
	}
}
