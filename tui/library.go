package tui

// Library mode (Deps.Library set): the headline list is a paged search of
// the offline library. Every read and write of the library runs in a
// tea.Cmd; results carry the list request's sequence number and stale ones
// are dropped. Rows are store.Headlines (no bodies); the body of the
// selected item, and its stored article, are loaded when it is selected.
//
// The Asia-Pacific view is the article's main region (its first region
// tag, the most mentioned) or a section filed under Asia Pacific, as in
// memory mode. The library's region:Asia-Pacific matches any region tag
// and knows nothing of sections (the library derives the tags from the
// title, summary and feed body). So this view searches without a region
// and keeps the Asia-Pacific rows itself (isAPHeadline), and counts them
// with a scan of its own (libCountCmd).

import (
	"context"
	"errors"
	"fmt"
	"sort"
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
	libPage      = 200   // headlines per page
	libFirstPage = 100   // the first page of a new filter or view: a keystroke reads no more
	libLoadAhead = 50    // load the next page when the selection is this close to the end
	libKeepMax   = 5000  // a re-query reloads at most this many rows
	libScanChunk = 1000  // raw rows per Search when the view keeps its own rows
	libScanPage  = 4000  // raw rows one page request reads at most in that case
	libScanCount = 20000 // raw rows a count reads before it settles for a lower bound
	libScanAll   = 1 << 30
	requeryDelay = 300 * time.Millisecond // coalesces re-queries after background writes
)

// libList is the library-backed list: the current request and the rows
// loaded so far.
type libList struct {
	seq     int         // request number; results of older requests are dropped
	q       query.Query // what the library is asked (filter + view state)
	post    bool        // the view keeps its own rows (Asia-Pacific)
	rows    []*entry    // library rows loaded, in order
	ids     map[string]bool
	rawOff  int  // offset of the next page in the library's results
	more    bool // the library may have more rows
	loading bool // a page request is in flight
	loaded  bool // a page of this request arrived
	started bool // the first page of the session arrived

	total   int  // rows matching (a lower bound when plus)
	plus    bool //
	counted bool // total is known (the post view counts after the page)

	viewTotal int // rows in the view before the filter
	viewPlus  bool
	viewKnown bool
	viewFor   string // view and data generation the view total is for

	items   int // items in the library
	dataGen int // bumped when a write may have changed what queries return

	requeryDue bool
	requeryGen int
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
		Seq    int
		Reset  bool // the first page of a request: replaces the rows
		Hs     []store.Headline
		RawOff int
		More   bool
		Items  int // items in the library, -1 when not counted
		Err    error
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
	libArtStoredMsg struct {
		ID  string
		Err error
	}
	libSavedMsg struct {
		ID    string
		Art   *article.Article
		Spans [][]entity.Span
		Err   error
	}
	libPrunedMsg struct {
		N   int
		Err error
	}
	requeryMsg struct{ Gen int }
)

// isAPHeadline is the Asia-Pacific view's test for a library row from
// what the row says: filed under Asia Pacific, or Asia-Pacific by its main
// region.
func isAPHeadline(h *store.Headline) bool {
	return isAsiaPacific(strings.ReplaceAll(h.Section, "_", " ")) || (len(h.Regions) > 0 && isAsiaPacific(h.Regions[0]))
}

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

// libPageCmd reads one page of a request. With post, it reads the
// library's rows in chunks and keeps the Asia-Pacific ones until it has
// want of them (or has read libScanPage rows).
func libPageCmd(ctx context.Context, st *store.Store, seq int, q query.Query, post bool, off, want int, reset, countItems bool) tea.Cmd {
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
		if !post {
			// The page alone: the count of a new request comes from its
			// own Cmd (libCountCmd), so the rows land first.
			hs, more, err := st.Page(ctx, q, want, off)
			out.Hs, out.Err = hs, err
			out.RawOff = off + len(hs)
			out.More = err == nil && out.RawOff < more
			return out
		}
		scanned := 0
		for {
			lim := min(max(2*(want-len(out.Hs)), 100), libScanChunk)
			hs, _, err := st.Page(ctx, q, lim, off) // the view counts its own rows
			if err != nil {
				out.Err = err
				return out
			}
			full := false
			for i := range hs {
				if isAPHeadline(&hs[i]) {
					out.Hs = append(out.Hs, hs[i])
					if full = len(out.Hs) >= want; full {
						// The next page starts after this row.
						off += i + 1
						break
					}
				}
			}
			if full {
				out.More = true
				break
			}
			off += len(hs)
			scanned += len(hs)
			if len(hs) < lim {
				break
			}
			if scanned >= libScanPage {
				out.More = true
				break
			}
		}
		out.RawOff = off
		return out
	}
}

// countMatches counts the rows of a request: the library's capped count,
// or with post a scan that keeps the Asia-Pacific rows, stopping past
// CountLimit of them or after libScanCount rows (a lower bound then).
func countMatches(ctx context.Context, st *store.Store, q query.Query, post bool) (int, bool, error) {
	q.SortRelevance = false
	if !post {
		_, total, err := st.Search(ctx, q, 1, 0)
		n, plus := capped(total, 0, 1)
		return n, plus, err
	}
	n := 0
	for off := 0; off < libScanCount; {
		hs, _, err := st.Page(ctx, q, libScanChunk, off)
		if err != nil {
			return n, true, err
		}
		for i := range hs {
			if isAPHeadline(&hs[i]) {
				n++
			}
		}
		if n > store.CountLimit {
			return store.CountLimit, true, nil
		}
		off += len(hs)
		if len(hs) < libScanChunk {
			return n, false, nil
		}
	}
	return n, true, nil
}

func libCountCmd(ctx context.Context, st *store.Store, seq int, view string, q query.Query, post bool) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = libCountMsg{Seq: seq, View: view, Err: recovered(r)}
			}
		}()
		n, plus, err := countMatches(ctx, st, q, post)
		return libCountMsg{Seq: seq, View: view, N: n, Plus: plus, Err: err}
	}
}

// cleanStored sanitises an article read from the library. Its spans are
// kept when no block's text changed (else they are found again).
func cleanStored(a *article.Article, spans [][]entity.Span) (*article.Article, [][]entity.Span) {
	c := cleanArticle(a)
	if spans == nil || len(c.Blocks) != len(a.Blocks) || len(spans) != len(a.Blocks) {
		return c, nil
	}
	out := make([][]entity.Span, len(spans))
	for i := range c.Blocks {
		if c.Blocks[i].Text != a.Blocks[i].Text {
			return c, nil
		}
		out[i] = validSpans(c.Blocks[i].Text, spans[i])
	}
	return c, out
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

// libMarkMatchingCmd marks every item of a request read: in one statement,
// or for a post view by collecting the ids of its rows first.
func libMarkMatchingCmd(ctx context.Context, st *store.Store, q query.Query, post bool) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = libMarkedMsg{Err: recovered(r)}
			}
		}()
		if !post {
			n, err := st.MarkReadMatching(ctx, q)
			return libMarkedMsg{N: n, Err: err}
		}
		q.SortRelevance = false
		var ids []string
		const chunk = 5000
		for off := 0; ; {
			hs, _, err := st.Search(ctx, q, chunk, off)
			if err != nil {
				return libMarkedMsg{Err: err}
			}
			for i := range hs {
				if !hs[i].Read && isAPHeadline(&hs[i]) {
					ids = append(ids, hs[i].ID)
				}
			}
			off += len(hs)
			if len(hs) < chunk {
				break
			}
		}
		if len(ids) == 0 {
			return libMarkedMsg{}
		}
		return libMarkedMsg{N: len(ids), Err: st.MarkAllRead(ctx, ids)}
	}
}

func libPutArticleCmd(ctx context.Context, st *store.Store, id string, a *article.Article, spans [][]entity.Span) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = libArtStoredMsg{ID: id, Err: recovered(r)}
			}
		}()
		return libArtStoredMsg{ID: id, Err: st.PutArticle(ctx, id, a, spans)}
	}
}

// libSaveCmd saves an item for offline reading: it fetches every page of
// its article (unless the session or the library has it), finds its
// entities, stores it and marks the item saved.
func libSaveCmd(ctx context.Context, st *store.Store, get func(context.Context, string) (*article.Article, error),
	extract func(string) []entity.Span, regions func([]entity.Span) []string,
	id, link string, art *article.Article, spans [][]entity.Span, needPut bool) tea.Cmd {
	return func() (msg tea.Msg) {
		out := libSavedMsg{ID: id}
		defer func() {
			if r := recover(); r != nil {
				out.Err = fmt.Errorf("saving failed: %v", r)
				msg = out
			}
		}()
		if needPut {
			if art == nil {
				a, err := fetchArticle(ctx, get, link, articleBudget)
				if err != nil {
					out.Err = fmt.Errorf("fetching the article: %w", err)
					return out
				}
				art, out.Art = a, a
			}
			if spans == nil && extract != nil {
				spans, _ = splitSpans(extract, regions, blockTexts(art.Blocks))
				out.Spans = spans
			}
			if err := st.PutArticle(ctx, id, art, spans); err != nil {
				out.Err = err
				return out
			}
		}
		out.Err = st.SetSaved(ctx, id, true)
		return out
	}
}

func libPruneCmd(ctx context.Context, st *store.Store, before time.Time) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = libPrunedMsg{Err: recovered(r)}
			}
		}()
		n, err := st.Prune(ctx, before)
		return libPrunedMsg{N: n, Err: err}
	}
}

// ---- the model's library side ----

// entry returns the entry with that id: a library row, else an item held
// in memory.
func (m *Model) entry(id string) *entry {
	if e := m.s.libEnts[id]; e != nil {
		return e
	}
	return m.s.entries[id]
}

// libQuery is what the library is asked for the current view and filter,
// and whether the view keeps its own rows.
func (m *Model) libQuery(withFilter bool) (query.Query, bool) {
	var q query.Query
	if withFilter {
		q = m.q
		q.Fields = append([]query.Field(nil), m.q.Fields...)
	}
	switch m.view {
	case ViewAsiaPacific:
		return q, true
	case ViewSaved:
		q.Fields = append(q.Fields, query.Field{Name: "is", Value: "saved"})
	case ViewStarred:
		q.Fields = append(q.Fields, query.Field{Name: "is", Value: "starred"})
	}
	return q, false
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
	if m.lib == nil {
		return nil
	}
	ll := &m.ll
	if m.s.libCancel != nil {
		m.s.libCancel()
	}
	ctx, cancel := context.WithCancel(m.ctx)
	m.s.libCtx, m.s.libCancel = ctx, cancel
	ll.seq++
	ll.q, ll.post = m.libQuery(true)
	ll.loading = true
	want := libFirstPage
	if keep {
		want = min(max(len(ll.rows), libPage), libKeepMax)
	}
	cmds := []tea.Cmd{libPageCmd(ctx, m.lib, ll.seq, ll.q, ll.post, 0, want, true, !ll.started)}
	if vk := m.viewKey(); vk != ll.viewFor {
		ll.viewFor, ll.viewKnown = vk, false
		if !m.q.Empty() {
			vq, post := m.libQuery(false)
			cmds = append(cmds, libCountCmd(m.ctx, m.lib, ll.seq, vk, vq, post))
		}
	}
	return tea.Batch(cmds...)
}

// scheduleRequery re-queries a little later, once for a burst of writes.
func (m *Model) scheduleRequery() tea.Cmd {
	if m.lib == nil || m.ll.requeryDue {
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
	if m.lib == nil || !ll.more || ll.loading || !ll.loaded || m.list.sel < len(m.list.rows)-libLoadAhead {
		return nil
	}
	ll.loading = true
	return libPageCmd(m.s.libCtx, m.lib, ll.seq, ll.q, ll.post, ll.rawOff, libPage, false, false)
}

// libEntry makes (or updates) the entry of a library row.
func (m *Model) libEntry(h *store.Headline) *entry {
	it := feeds.Item{
		ID: h.ID, Title: oneLine(h.Title), Link: oneLine(h.Link), Author: oneLine(h.Author),
		SourceName: oneLine(h.SourceName), SourceURL: h.SourceURL, Section: oneLine(h.Section), Published: h.Published,
	}
	e := m.s.libEnts[h.ID]
	switch {
	case e == nil:
		e = &entry{lib: true}
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
	e.regions = h.Regions
	e.syncDoc()
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
	if msg.Reset {
		old := m.s.libEnts
		m.s.libEnts = make(map[string]*entry, len(msg.Hs))
		for id, e := range old {
			// Keep entries whose body is loaded or loading: the selection
			// often stays on one.
			if e.loaded || e.loadingBody {
				m.s.libEnts[id] = e
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
		e := m.libEntry(h)
		m.s.libEnts[h.ID] = e
		ll.rows = append(ll.rows, e)
		ll.ids[h.ID] = true
	}
	if msg.Reset && len(m.s.libEnts) > len(ll.rows)+64 {
		for id := range m.s.libEnts {
			if !ll.ids[id] && id != m.list.SelectedID() && id != m.reader.ID() {
				delete(m.s.libEnts, id)
			}
		}
	}
	ll.rawOff, ll.more = msg.RawOff, msg.More
	switch {
	case msg.Reset && !ll.more:
		ll.total, ll.plus, ll.counted = len(ll.rows), false, true
	case msg.Reset:
		ll.counted = false
		cmds = append(cmds, libCountCmd(m.s.libCtx, m.lib, ll.seq, "", ll.q, ll.post))
	case !ll.more:
		ll.total, ll.plus, ll.counted = len(ll.rows), false, true
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

// composeLib builds the rows from the library's rows and the items held
// in memory only (those the library could not store), newest first.
func (m *Model) composeLib() {
	ll := &m.ll
	rows := ll.rows
	var mem []*entry
	empty := m.q.Empty()
	for _, e := range m.s.order {
		if !ll.ids[e.id()] && m.inView(e) && (empty || m.q.Match(&e.doc)) {
			mem = append(mem, e)
		}
	}
	if len(mem) > 0 {
		var last time.Time
		if ll.more && len(rows) > 0 {
			last = rows[len(rows)-1].item.Published
		}
		merged := make([]*entry, 0, len(rows)+len(mem))
		merged = append(merged, rows...)
		for _, e := range mem {
			if last.IsZero() || !e.item.Published.Before(last) {
				merged = append(merged, e)
			}
		}
		sort.SliceStable(merged, func(i, j int) bool { return merged[i].item.Published.After(merged[j].item.Published) })
		rows = merged
	}
	total, plus := ll.total, ll.plus
	if !ll.counted {
		total, plus = len(ll.rows), ll.more
	}
	total += len(mem)
	m.list.title = m.view.String()
	m.list.terms = m.q.Terms()
	m.list.SetRows(rows, total)
	m.list.count = fmtCount(total, plus)
	count := ""
	if m.filter.Active() {
		count = fmtCount(total, plus)
		if ll.viewKnown {
			count += " of " + fmtCount(ll.viewTotal+len(mem), ll.viewPlus)
		}
	}
	m.filter.SetCount(count, m.q.Errors)
	m.list.empty = m.emptyText(total)
}

// loadBody asks the library for an entry's body and stored article.
func (m *Model) loadBody(e *entry) tea.Cmd {
	if !e.lib || e.loaded || e.loadingBody || m.lib == nil {
		return nil
	}
	e.loadingBody = true
	return libLoadCmd(m.ctx, m.lib, e.id())
}

func (m *Model) onLibLoad(msg libLoadMsg) tea.Cmd {
	var cmds []tea.Cmd
	if msg.Art != nil {
		if a := m.s.arts[msg.ID]; a == nil || (a.art == nil && !a.loading) {
			if a != nil && a.err != nil {
				delete(m.s.arts, msg.ID)
			}
			m.s.arts[msg.ID] = &artState{art: msg.Art, stored: true}
			if msg.Spans != nil {
				m.s.ents[entKey{msg.ID, kindArticle}] = &entState{done: true, spans: msg.Spans}
			}
		}
	}
	if msg.ArtErr != nil {
		cmds = append(cmds, m.flash("Library: "+oneLine(msg.ArtErr.Error()), true))
	}
	e := m.s.libEnts[msg.ID]
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

// persistArticle stores a reader-mode article fetched this session in the
// library, with its per-block entities (nil: the library finds them).
func (m *Model) persistArticle(id string, spans [][]entity.Span) tea.Cmd {
	if m.lib == nil {
		return nil
	}
	a := m.s.arts[id]
	if a == nil || a.art == nil || a.stored || a.storing {
		return nil
	}
	if e := m.entry(id); e != nil && !e.lib {
		return nil // held in memory only: the library does not have the item
	}
	if spans != nil && len(spans) != len(a.art.Blocks) {
		spans = nil
	}
	a.storing = true
	return libPutArticleCmd(m.ctx, m.lib, id, a.art, spans)
}

func (m *Model) onArtStored(msg libArtStoredMsg) tea.Cmd {
	a := m.s.arts[msg.ID]
	if a != nil {
		a.storing = false
	}
	if msg.Err != nil {
		if errors.Is(msg.Err, store.ErrNotFound) {
			return nil // pruned, or never stored
		}
		return m.writeFailed(msg.Err)
	}
	if a != nil {
		a.stored = true
	}
	if e := m.s.libEnts[msg.ID]; e != nil {
		e.hasArticle = true
	}
	m.ll.dataGen++
	// The article's text and entities are searchable now, and its region
	// tags come from it: the rows of a filter or of the region view may
	// change.
	if !m.q.Empty() || m.view == ViewAsiaPacific {
		return m.scheduleRequery()
	}
	return nil
}

// writeFailed reports a failed library write; the TUI goes on with what
// it holds in memory.
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
		e.syncDoc()
		if m.lib != nil {
			o := m.s.over[e.id()]
			o.set[f], o.v[f] = true, v
			m.s.over[e.id()] = o
		}
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
	if m.lib == nil {
		return tea.Batch(m.setFlag(unread, flagRead, true), m.flash(fmt.Sprintf("Marked %d read", len(unread)), false))
	}
	m.setFlagLocal(unread, flagRead, true)
	q, post := m.libQuery(true)
	m.status.Set("Marking the list read…", false) // the result's message replaces it
	return libMarkMatchingCmd(m.ctx, m.lib, q, post)
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
	if m.lib == nil {
		return m.toggle(flagSaved, "Saved for this session only (no library)", "No longer saved")
	}
	id := e.id()
	switch {
	case e.saving:
		return m.flash("Already saving this article…", false)
	case e.saved:
		return tea.Batch(m.setFlag([]*entry{e}, flagSaved, false), m.flash("No longer saved", false))
	case !e.lib:
		return m.flash("Cannot save: the library could not store this headline.", true)
	}
	var art *article.Article
	var spans [][]entity.Span
	needPut := !e.hasArticle
	if a := m.s.arts[id]; a != nil && a.art != nil {
		art = a.art
		needPut = !a.stored
		if es := m.s.ents[entKey{id, kindArticle}]; es != nil && es.done {
			spans = es.spans
		}
	}
	if needPut && art == nil {
		switch {
		case m.d.Offline:
			return m.flash("Offline: the article cannot be fetched to save it.", true)
		case m.d.Article == nil:
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
		libSaveCmd(m.ctx, m.lib, m.d.Article, m.d.Entities, m.d.Regions, id, e.item.Link, art, spans, needPut),
	)
}

func (m *Model) onLibSaved(msg libSavedMsg) tea.Cmd {
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
	if a := m.s.arts[msg.ID]; a != nil && a.art != nil {
		a.stored = true
	} else if msg.Art != nil {
		m.s.arts[msg.ID] = &artState{art: msg.Art, stored: true}
		if msg.Spans != nil {
			m.s.ents[entKey{msg.ID, kindArticle}] = &entState{done: true, spans: msg.Spans}
		}
	}
	if e != nil {
		m.setFlagLocal([]*entry{e}, flagSaved, true)
		e.hasArticle = true
		if e.rowErr != "" && strings.HasPrefix(e.rowErr, "reader:") {
			e.rowErr = ""
		}
	}
	m.ll.dataGen++
	if msg.ID == m.reader.ID() {
		m.refreshReader()
	}
	return m.flash("Saved for offline reading", false)
}

// isWriteErr: the library could not write (as opposed to a fetch error).
func isWriteErr(err error) bool {
	return errors.Is(err, store.ErrDiskFull) || errors.Is(err, store.ErrReadOnly) || errors.Is(err, store.ErrBusy)
}

func (m *Model) onLibPruned(msg libPrunedMsg) tea.Cmd {
	if msg.Err != nil {
		return m.flash("Library: pruning old headlines failed: "+oneLine(msg.Err.Error()), true)
	}
	if msg.N == 0 {
		return nil
	}
	m.ll.items = max(m.ll.items-msg.N, 0)
	m.ll.dataGen++
	return m.refreshRows()
}

// startDeferredRound starts the first refresh once the library's
// headlines are on screen.
func (m *Model) startDeferredRound() tea.Cmd {
	if !m.deferFetch {
		return nil
	}
	m.deferFetch = false
	cmds := make([]tea.Cmd, 0, len(m.s.sources))
	for i, ss := range m.s.sources {
		cmds = append(cmds, fetchCmd(m.ctx, m.d.Fetch, m.s.writer, m.round, i, ss.src, ss.cond))
	}
	return tea.Batch(cmds...)
}
