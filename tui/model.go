// Package tui is Dateline's terminal interface: a headline list beside a
// reader pane, a keyword filter, entity highlights and panel, region
// views, and the sources view. It is a Bubble Tea v2 program; the root
// Model owns layout, focus and routing, and children are plain structs.
//
// All I/O runs in tea.Cmds built from values (never the model). Every
// result message carries its own error and a tag (item id and request
// sequence), and results for a request that is no longer current are
// dropped.
package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/ingest"
	"github.com/dateline-news/dateline/query"
	"github.com/dateline-news/dateline/store"
)

// Deps is everything the TUI needs from the rest of Dateline.
type Deps struct {
	// Pipeline is the library and the one way news comes into it:
	// refreshes, reader mode and saves (package ingest), the same code
	// every command-line verb runs. Required.
	Pipeline *ingest.Pipeline
	// LibraryErr is why the library file could not be opened (busy,
	// read-only, full, corrupt); the pipeline's library is then an
	// in-memory one, and the status line says so.
	LibraryErr error
	// Entities finds the entities of the feed text the reader shows (an
	// article's come with it from the pipeline); nil finds none.
	Entities     func(text string) []entity.Span
	OpenURL      func(url string) error
	Now          func() time.Time
	RefreshEvery time.Duration // 0 = never
	Theme        string        // "auto", "dark", "light"
	NoColor      bool
	Demo         bool // the status line says "sample edition" throughout
	Version      string
	// Location is the reader's time zone for dates (nil = time.Local).
	Location *time.Location
}

// ListView is which headlines the list shows.
type ListView int

const (
	ViewAsiaPacific ListView = iota // items in the Asia-Pacific view (is:asia-pacific)
	ViewAll                         // every item
	ViewSaved                       // saved items
	ViewStarred                     // starred items
)

func (v ListView) String() string {
	switch v {
	case ViewAsiaPacific:
		return "Asia-Pacific"
	case ViewAll:
		return "All regions"
	case ViewSaved:
		return "Saved"
	case ViewStarred:
		return "Starred"
	}
	return "?"
}

type focusArea int

const (
	focusList focusArea = iota
	focusReader
)

type overlayKind int

const (
	overlayNone overlayKind = iota
	overlayHelp
	overlaySources
	overlayEntities
)

// Tunables.
const (
	wideMin        = 100                    // columns for side-by-side panes
	settleDelay    = 150 * time.Millisecond // selection dwell before reader mode fetches
	spinEvery      = 100 * time.Millisecond
	statusTTL      = 6 * time.Second
	prefetchAhead  = 3
	maxArtInflight = 4
)

var spinFrames = [...]string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

// sourceState is what the TUI knows of one source this session.
type sourceState struct {
	src       feeds.Source
	pending   bool
	err       error
	status    string
	lastFetch time.Time
	count     int // items in its last list
}

// artState is reader mode for one item: requested, or the article.
type artState struct {
	seq     int
	loading bool
	art     *article.Article
	spans   [][]entity.Span // per block
	err     error
	stored  bool // the library holds it
	fromLib bool // it was read from the library, not fetched this session
}

// entState is the entities of an item's feed text (version ver).
type entState struct {
	seq, ver int
	pending  bool
	done     bool
	spans    [][]entity.Span
}

// session is the mutable state of a run, shared by pointer between the
// copies of Model that Bubble Tea passes around. Only Update changes it.
type session struct {
	entries  map[string]*entry // the library rows loaded (and bodies kept)
	sources  []sourceState
	arts     map[string]*artState
	feedEnts map[string]*entState
	over     map[string]overState
	seq      int
	inflight int
	saving   int // saves in flight

	listCtx    context.Context // the current list request's
	listCancel context.CancelFunc
}

// Model is the root of the TUI. It implements tea.Model.
type Model struct {
	d         Deps
	p         *ingest.Pipeline
	lib       *store.Store
	loc       *time.Location
	keys      *KeyMap
	st        *Styles
	themeAuto bool

	w, h    int
	wide    bool
	listW   int
	bodyH   int
	focus   focusArea
	overlay overlayKind

	list    listPane
	reader  readerPane
	filter  filterBar
	status  statusLine
	help    helpOverlay
	sources sourcesView
	ents    entityPanel

	s      *session
	tick   func(time.Duration, tea.Msg) tea.Cmd
	ctx    context.Context
	cancel context.CancelFunc

	round, pending, roundTotal int
	roundOK, roundNew          int
	roundFailed                []string
	netDown                    bool
	allFailed                  bool // every source failed in the last round

	spinning bool
	spinGen  int
	frame    int
	settle   reqTag

	refreshGen int
	// pin is the item the user opened (enter, a click): while the reader
	// has focus and shows it, a list that is replaced under it (a search
	// result or refresh landing) does not change what the reader shows
	// or what the keys act on, even when the new rows lack it.
	pin   string
	view  ListView
	views []ListView
	q     query.Query

	footnote bool
	footBuf  string
	footSeq  int

	ll         libList
	writeErr   error // the last library write failed (until one succeeds)
	deferFetch bool  // the first refresh waits for the library's first page
}

// New builds the TUI. Fetching starts once the library's first page is
// on screen.
func New(d Deps) Model {
	if d.Now == nil {
		d.Now = time.Now
	}
	loc := d.Location
	if loc == nil {
		loc = time.Local
	}
	keys := DefaultKeyMap()
	st, themeAuto := styleFor(d)
	ctx, cancel := context.WithCancel(context.Background())
	m := Model{
		d: d, p: d.Pipeline, lib: d.Pipeline.Library(), loc: loc, keys: &keys, st: &st, themeAuto: themeAuto,
		s: &session{
			entries:  map[string]*entry{},
			arts:     map[string]*artState{},
			feedEnts: map[string]*entState{},
			over:     map[string]overState{},
			listCtx:  ctx,
		},
		tick: func(dur time.Duration, msg tea.Msg) tea.Cmd {
			return tea.Tick(dur, func(time.Time) tea.Msg { return msg })
		},
		ctx:    ctx,
		cancel: cancel,
		views:  []ListView{ViewAsiaPacific, ViewAll, ViewSaved, ViewStarred},
		view:   ViewAsiaPacific,
	}
	m.ll.q = m.viewQuery(true)
	m.ll.viewFor = m.viewKey()
	m.ll.seq, m.ll.loading = 1, true
	m.list = newListPane(m.st, m.keys, d.Now)
	m.reader = newReaderPane(m.st, m.keys, loc)
	m.filter = newFilterBar(m.st)
	m.status = statusLine{st: m.st, hint: "? help"}
	m.help = helpOverlay{st: m.st, keys: m.keys, version: d.Version}
	m.sources = sourcesView{st: m.st, keys: m.keys, now: d.Now, loc: loc}
	m.ents = entityPanel{st: m.st, keys: m.keys}
	for _, src := range m.p.Sources() {
		src.Name, src.URL = oneLine(src.Name), oneLine(src.URL)
		m.s.sources = append(m.s.sources, sourceState{src: src, status: "not fetched yet"})
	}
	if m.p.CanFetch() {
		m.beginRound()
		m.deferFetch = true
	}
	m.updateFlags()
	m.refilter()
	return m
}

// styleFor picks the styles: no colour, a theme, or dark until the
// terminal says its background (themeAuto).
func styleFor(d Deps) (Styles, bool) {
	switch {
	case d.NoColor:
		return NoColorStyles(), false
	case strings.EqualFold(d.Theme, "light"):
		return NewStyles(false), false
	case strings.EqualFold(d.Theme, "dark"):
		return NewStyles(true), false
	}
	return NewStyles(true), true
}

// Init requests the background colour, reads the first page of
// headlines from the library (the refresh starts when they are on
// screen) and starts the spinner and the refresh timer.
func (m Model) Init() tea.Cmd {
	var cmds []tea.Cmd
	if m.themeAuto {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	// New made request 1 (Init cannot change the model).
	cmds = append(cmds, libPageCmd(m.s.listCtx, m.lib, m.ll.seq, m.ll.q, 0, libFirstPage, true, true))
	cmds = append(cmds, libPendingCmd(m.ctx, m.lib))
	if m.spinning {
		cmds = append(cmds, m.tick(spinEvery, spinTickMsg{Gen: m.spinGen}))
	}
	if m.d.RefreshEvery > 0 && m.p.CanFetch() {
		cmds = append(cmds, m.tick(m.d.RefreshEvery, refreshTickMsg{Gen: m.refreshGen}))
	}
	return tea.Batch(cmds...)
}

// View renders the whole screen.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "Dateline"
	return v
}

// Update routes a message. Every path ends by starting the spinner if
// something became busy.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	sync := m.unpin()
	spin := m.ensureSpin() // before m is copied into the return value
	return m, tea.Batch(cmd, sync, spin)
}

// pinned is the opened item the reader holds apart from the list's
// selection (its rows were replaced), or nil.
func (m *Model) pinned() *entry {
	if m.pin == "" || m.focus != focusReader || m.reader.ID() != m.pin {
		return nil
	}
	return m.entry(m.pin)
}

// unpin drops the pin once the reader no longer has focus: the reader
// shows the list's selection again.
func (m *Model) unpin() tea.Cmd {
	if m.pin == "" || m.focus == focusReader {
		return nil
	}
	m.pin = ""
	if m.reader.ID() != m.list.SelectedID() {
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
	return m.list.Selected()
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = max(msg.Width, 0), max(msg.Height, 0)
		m.layout()
		return nil
	case tea.BackgroundColorMsg:
		if m.themeAuto {
			*m.st = NewStyles(msg.IsDark())
			m.reader.Restyle()
			m.list.Restyle()
		}
		return nil
	case tea.KeyPressMsg:
		return m.onKey(msg)
	case tea.PasteMsg:
		if m.filter.Focused() {
			m.filter, _ = m.filter.Update(msg)
			return m.applyFilter()
		}
		return nil
	case tea.MouseClickMsg:
		return m.onClick(msg.Mouse())
	case tea.MouseWheelMsg:
		return m.onWheel(msg.Mouse())

	case refreshMsg:
		return m.onRefresh(msg)
	case articleMsg:
		return m.onArticle(msg)
	case blockEntsMsg:
		return m.onBlockEnts(msg)
	case openedMsg:
		if msg.Err != nil {
			return m.flash("Could not open "+msg.URL+": "+msg.Err.Error(), true)
		}
		return m.flash("Opened "+msg.URL, false)

	case statusClearMsg:
		m.status.Clear(msg.Seq)
		return nil
	case spinTickMsg:
		if msg.Gen != m.spinGen || !m.spinning {
			return nil
		}
		if !m.busy() {
			m.spinning = false
			return nil
		}
		m.frame = (m.frame + 1) % len(spinFrames)
		m.setSpinner()
		return m.tick(spinEvery, spinTickMsg{Gen: m.spinGen})
	case refreshTickMsg:
		if msg.Gen != m.refreshGen || m.d.RefreshEvery <= 0 {
			return nil
		}
		var cmd tea.Cmd
		if m.pending == 0 {
			cmd = m.startRound(false)
		}
		return tea.Batch(cmd, m.tick(m.d.RefreshEvery, refreshTickMsg{Gen: m.refreshGen}))
	case settleMsg:
		if msg.Tag != m.settle || m.list.SelectedID() != msg.Tag.ID {
			return nil
		}
		return tea.Batch(m.requestArticle(msg.Tag.ID, false), m.prefetch())

	case libPageMsg:
		return m.onLibPage(msg)
	case libCountMsg:
		return m.onLibCount(msg)
	case libLoadMsg:
		return m.onLibLoad(msg)
	case libFlagMsg:
		return m.onLibFlag(msg)
	case libMarkedMsg:
		return m.onLibMarked(msg)
	case savedMsg:
		return m.onSaved(msg)
	case libPendingMsg:
		return m.onLibPending(msg)
	case pendingPollMsg:
		m.ll.pollDue = false
		return m.pollPending()
	case requeryMsg:
		if msg.Gen != m.ll.requeryGen || !m.ll.requeryDue {
			return nil
		}
		m.ll.requeryDue = false
		return m.refreshRows()

	case closeOverlayMsg:
		m.overlay = overlayNone
		return nil
	case chooseEntityMsg:
		return m.chooseEntity(msg)
	}
	return nil
}

// ---- keys ----

func (m *Model) onKey(k tea.KeyPressMsg) tea.Cmd {
	km := m.keys
	if key.Matches(k, km.ForceQuit) {
		return m.quit()
	}
	if m.footnote {
		return m.onFootnoteKey(k)
	}
	if m.filter.Focused() {
		return m.onFilterKey(k)
	}
	if m.overlay != overlayNone {
		var cmd tea.Cmd
		switch m.overlay {
		case overlayHelp:
			m.help, cmd = m.help.Update(k)
		case overlaySources:
			if key.Matches(k, km.Refresh) {
				return m.startRound(true)
			}
			m.sources, cmd = m.sources.Update(k)
		case overlayEntities:
			m.ents, cmd = m.ents.Update(k)
		}
		return cmd
	}

	switch {
	case key.Matches(k, km.Quit):
		return m.quit()
	case key.Matches(k, km.Help):
		m.overlay = overlayHelp
		m.help.off = 0
		m.layout()
		return nil
	case key.Matches(k, km.Sources):
		m.sources.rows = m.sourceRows()
		m.sources.off = 0
		m.overlay = overlaySources
		m.layout()
		return nil
	case key.Matches(k, km.Entities):
		m.openEntities()
		return nil
	case key.Matches(k, km.Filter):
		m.filter.Focus()
		if !m.wide {
			m.setFocus(focusList) // the list is what narrows
		}
		m.layout()
		return nil
	case key.Matches(k, km.Clear):
		switch {
		case m.filter.Value() != "":
			m.filter.Reset()
			return m.applyFilter()
		case m.focus == focusReader:
			m.setFocus(focusList)
		}
		return nil
	case key.Matches(k, km.Refresh):
		return m.startRound(true)
	case key.Matches(k, km.View):
		m.view = m.nextView()
		m.pin = "" // the list's answer drives the reader
		return tea.Batch(m.refilterSel(), m.requery())
	case key.Matches(k, km.OpenLink):
		e := m.current()
		switch {
		case e == nil:
			return nil
		case e.item.Link == "":
			return m.flash("This item has no link.", true)
		case m.d.OpenURL == nil:
			return m.flash("No browser to open links with.", true)
		}
		return openCmd(m.d.OpenURL, e.item.Link)
	case key.Matches(k, km.Save):
		return m.save()
	case key.Matches(k, km.Star):
		return m.toggle(flagStarred, "Starred", "Unstarred")
	case key.Matches(k, km.ToggleRead):
		return m.toggle(flagRead, "Marked read", "Marked unread")
	case key.Matches(k, km.MarkAllRead):
		return m.markAllRead()
	case key.Matches(k, km.Focus):
		if m.focus == focusList {
			m.setFocus(focusReader)
		} else {
			m.setFocus(focusList)
		}
		return nil
	case key.Matches(k, km.Back):
		m.setFocus(focusList)
		return nil
	case key.Matches(k, km.Footnote):
		if !m.readerVisible() {
			return nil
		}
		n := len(m.reader.Links())
		if n == 0 {
			return m.flash("This article has no links.", false)
		}
		m.footnote, m.footBuf = true, ""
		m.footSeq = m.status.Set(m.footPrompt(), false)
		return nil
	case key.Matches(k, km.NextMention, km.PrevMention):
		if !m.readerVisible() {
			return nil
		}
		d := 1
		if key.Matches(k, km.PrevMention) {
			d = -1
		}
		if !m.reader.NextMention(d) {
			if m.d.Entities == nil {
				return m.flash("Entity extraction is not available.", false)
			}
			return m.flash("No entity mentions in this article.", false)
		}
		if mn, ok := m.reader.Current(); ok {
			return m.flash(fmt.Sprintf("%s · %s (%d of %d)", labelName(mn.label), mn.name, m.reader.cur+1, m.reader.Mentions()), false)
		}
		return nil
	case key.Matches(k, km.PageDown, km.PageUp) && m.readerVisible():
		var cmd tea.Cmd
		m.reader, cmd = m.reader.Update(k)
		return cmd
	}

	if m.focus == focusReader && m.readerVisible() {
		var cmd tea.Cmd
		m.reader, cmd = m.reader.Update(k)
		return cmd
	}
	if key.Matches(k, km.Open) {
		// Opened here, not through a message: a search result landing in
		// between could replace the rows, and the row on screen now is the
		// one to open.
		return m.open(m.list.SelectedID())
	}
	prev := m.list.SelectedID()
	var cmd tea.Cmd
	m.list, cmd = m.list.Update(k)
	if m.list.SelectedID() != prev {
		return tea.Batch(cmd, m.selectionChanged())
	}
	return cmd
}

func (m *Model) onFilterKey(k tea.KeyPressMsg) tea.Cmd {
	km := m.keys
	switch {
	case key.Matches(k, km.Clear):
		m.filter.Reset()
		m.filter.Blur()
		cmd := m.applyFilter()
		m.layout()
		return cmd
	case k.String() == "enter":
		m.filter.Blur()
		m.layout()
		return nil
	case k.String() == "up" || k.String() == "down":
		prev := m.list.SelectedID()
		if k.String() == "up" {
			m.list.Move(-1)
		} else {
			m.list.Move(1)
		}
		if m.list.SelectedID() != prev {
			return m.selectionChanged()
		}
		return nil
	}
	before := m.filter.Value()
	m.filter, _ = m.filter.Update(k)
	if m.filter.Value() != before {
		return m.applyFilter()
	}
	return nil
}

func (m *Model) onFootnoteKey(k tea.KeyPressMsg) tea.Cmd {
	links := m.reader.Links()
	done := func() { m.footnote = false; m.status.Clear(m.footSeq) }
	s := k.String()
	switch {
	case s == "esc":
		done()
		return nil
	case s == "backspace":
		if m.footBuf != "" {
			m.footBuf = m.footBuf[:len(m.footBuf)-1]
		}
	case s == "enter":
		done()
		return m.openFootnote(m.footBuf, links)
	case len(s) == 1 && s[0] >= '0' && s[0] <= '9':
		if len(m.footBuf) < 4 {
			m.footBuf += s
		}
		n := atoi(m.footBuf)
		// Open at once when no further digit could name a link.
		if n > 0 && n*10 > len(links) {
			done()
			return m.openFootnote(m.footBuf, links)
		}
	default:
		done()
		return nil
	}
	m.footSeq = m.status.Set(m.footPrompt(), false)
	return nil
}

func (m *Model) footPrompt() string {
	return fmt.Sprintf("Open link [%s_] of 1–%d · enter opens · esc cancels", m.footBuf, len(m.reader.Links()))
}

func (m *Model) openFootnote(buf string, links []string) tea.Cmd {
	n := atoi(buf)
	if n < 1 || n > len(links) {
		return m.flash(fmt.Sprintf("No link %s (1–%d).", buf, len(links)), true)
	}
	if m.d.OpenURL == nil {
		return m.flash("No browser to open links with.", true)
	}
	return tea.Batch(m.flash(fmt.Sprintf("Opening [%d] %s", n, links[n-1]), false), openCmd(m.d.OpenURL, links[n-1]))
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func (m *Model) quit() tea.Cmd {
	m.cancel()
	return tea.Quit
}

func (m *Model) setFocus(f focusArea) {
	m.focus = f
	m.list.focused = f == focusList
	m.reader.focused = f == focusReader
}

func (m *Model) readerVisible() bool {
	return m.wide || m.focus == focusReader
}

func (m *Model) nextView() ListView {
	for i, v := range m.views {
		if v == m.view {
			return m.views[(i+1)%len(m.views)]
		}
	}
	return m.views[0]
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

// setFlag is the one place item state changes: in the session at once,
// and in the library (the Cmd it returns). Saving an article goes through
// save, which stores the article first.
func (m *Model) setFlag(es []*entry, f itemFlag, v bool) tea.Cmd {
	m.setFlagLocal(es, f, v)
	if len(es) == 0 {
		return nil
	}
	ids := make([]string, len(es))
	for i, e := range es {
		ids[i] = e.id()
	}
	return libFlagCmd(m.ctx, m.lib, f, v, ids)
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

// ---- mouse ----

func (m *Model) onClick(mo tea.Mouse) tea.Cmd {
	if m.overlay != overlayNone || mo.Button != tea.MouseLeft || mo.Y >= m.bodyH {
		return nil
	}
	inList, row := m.hit(mo.X, mo.Y)
	if !inList {
		if m.wide || m.focus == focusReader {
			m.setFocus(focusReader)
		}
		return nil
	}
	m.setFocus(focusList)
	i := m.list.RowAt(row)
	if i < 0 {
		return nil
	}
	if i == m.list.sel {
		return m.open(m.list.SelectedID())
	}
	m.list.sel = i
	m.list.ensureVisible()
	return m.selectionChanged()
}

func (m *Model) onWheel(mo tea.Mouse) tea.Cmd {
	d := 0
	switch mo.Button {
	case tea.MouseWheelUp:
		d = -1
	case tea.MouseWheelDown:
		d = 1
	default:
		return nil
	}
	switch m.overlay {
	case overlayHelp:
		m.help.off += d
		return nil
	case overlaySources:
		m.sources.off += d
		return nil
	case overlayEntities:
		return nil
	}
	if mo.Y >= m.bodyH {
		return nil
	}
	if inList, _ := m.hit(mo.X, mo.Y); inList {
		prev := m.list.SelectedID()
		m.list.Move(d)
		if m.list.SelectedID() != prev {
			return m.selectionChanged()
		}
		return nil
	}
	m.reader.ScrollBy(3 * d)
	return nil
}

// hit reports whether (x, y) is on the list pane, and the line of the
// pane's content it is on.
func (m *Model) hit(x, y int) (bool, int) {
	if m.wide {
		if x < m.listW {
			return true, y - 1
		}
		return false, y - 1
	}
	return m.focus == focusList, y
}

// ---- selection, reader mode, entities ----

// selectionChanged shows the newly selected item at once (feed text, or
// the cached article) and starts the settle timer; reader mode fetches
// when the selection rests.
func (m *Model) selectionChanged() tea.Cmd {
	m.pin = ""
	cmd := tea.Batch(m.showSelected(), m.maybeLoadMore())
	e := m.list.Selected()
	if e == nil {
		return cmd
	}
	m.s.seq++
	m.settle = reqTag{ID: e.id(), Seq: m.s.seq}
	return tea.Batch(cmd, m.tick(settleDelay, settleMsg{Tag: m.settle}))
}

// showSelected renders the selected item and asks for the entities of
// the text shown.
func (m *Model) showSelected() tea.Cmd {
	e := m.list.Selected()
	if e == nil {
		m.reader.Clear()
		return nil
	}
	return m.show(e)
}

// show renders an item in the reader and asks for its body and the
// entities of its feed text when that is what it shows.
func (m *Model) show(e *entry) tea.Cmd {
	c := m.contentFor(e)
	m.reader.SetContent(c, m.q.Terms(), m.onlyEntities())
	m.setSpinner()
	if m.overlay == overlayEntities {
		m.refreshEntities()
	}
	var ents tea.Cmd
	if c.Kind == kindFeed && e.loaded {
		ents = m.ensureFeedEnts(e, c.Blocks)
	}
	return tea.Batch(m.loadBody(e), ents)
}

// open marks an item read, shows it in the reader and reads its article
// now, with the next items ahead. The reader keeps the item (pin) while
// it has focus, even if the list is replaced by rows that lack it.
func (m *Model) open(id string) tea.Cmd {
	e := m.entry(id)
	if e == nil {
		return nil
	}
	if m.list.SelectedID() != id {
		m.list.Select(id)
	}
	m.pin = id
	var mark tea.Cmd
	if !e.read {
		mark = m.setFlag([]*entry{e}, flagRead, true)
	}
	m.setFocus(focusReader)
	if a := m.s.arts[id]; a != nil && a.err != nil && !a.loading {
		delete(m.s.arts, id) // opening again retries
		e.rowErr = ""
	}
	cmd := m.show(e)
	return tea.Batch(mark, cmd, m.requestArticle(id, false), m.prefetch())
}

// requestArticle asks the pipeline for an item's article (the library's,
// or fetched and stored) unless it is here, in flight, or (for a
// prefetch) failed before or over the in-flight bound.
func (m *Model) requestArticle(id string, prefetch bool) tea.Cmd {
	e := m.entry(id)
	if e == nil || m.s.arts[id] != nil {
		return nil // cached, loading, or failed (open retries)
	}
	if e.hasArticle && !e.loaded {
		// The library has it: the body load brings it (no network).
		if !prefetch {
			e.wantArticle = true
		}
		return nil
	}
	if !e.hasArticle && (e.item.Link == "" || !m.p.CanRead()) {
		return nil
	}
	if prefetch && m.s.inflight >= maxArtInflight {
		return nil
	}
	m.s.seq++
	tag := reqTag{ID: id, Seq: m.s.seq}
	m.s.arts[id] = &artState{seq: tag.Seq, loading: true}
	m.s.inflight++
	if id == m.reader.ID() {
		m.reader.c.Loading = true
		m.refreshReader()
	}
	return articleCmd(m.ctx, m.p, tag)
}

// prefetch reads the next few items of the list ahead of time.
func (m *Model) prefetch() tea.Cmd {
	var cmds []tea.Cmd
	for i := m.list.sel + 1; i < len(m.list.rows) && i <= m.list.sel+prefetchAhead; i++ {
		cmds = append(cmds, m.requestArticle(m.list.rows[i].id(), true))
	}
	return tea.Batch(cmds...)
}

func (m *Model) onArticle(msg articleMsg) tea.Cmd {
	a := m.s.arts[msg.Tag.ID]
	if a == nil || a.seq != msg.Tag.Seq || !a.loading {
		return nil // stale: a newer request replaced this one
	}
	a.loading = false
	m.s.inflight--
	e := m.entry(msg.Tag.ID)
	var cmds []tea.Cmd
	switch {
	case msg.Err != nil:
		a.err = msg.Err
		if e != nil {
			e.rowErr = "reader: " + shortErr(msg.Err)
		}
	default:
		r := msg.Read
		a.art, a.spans, a.stored, a.fromLib = r.Article, r.Spans, r.StoreErr == nil, r.FromLibrary
		if e != nil {
			e.rowErr = ""
			e.hasArticle = e.hasArticle || a.stored
		}
		if r.StoreErr != nil {
			cmds = append(cmds, m.writeFailed(r.StoreErr))
		} else if !r.FromLibrary {
			// The article's text and entities are in the library now, and
			// its region tags come from it: a filter's or the region
			// view's rows may change.
			m.ll.dataGen++
			if !m.q.Empty() || m.view == ViewAsiaPacific {
				cmds = append(cmds, m.scheduleRequery())
			}
			cmds = append(cmds, m.pollPending())
		}
	}
	if msg.Tag.ID == m.reader.ID() {
		m.refreshReader()
		if m.overlay == overlayEntities {
			m.refreshEntities()
		}
	}
	return tea.Batch(cmds...)
}

func shortErr(err error) string {
	s := oneLine(err.Error())
	if len([]rune(s)) > 40 {
		s = string([]rune(s)[:39]) + "…"
	}
	return s
}

func blockTexts(bs []article.Block) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.Text
	}
	return out
}

// ensureFeedEnts asks for the entities of the feed text shown for an
// item, once per version of its text.
func (m *Model) ensureFeedEnts(e *entry, blocks []article.Block) tea.Cmd {
	if m.d.Entities == nil || len(blocks) == 0 {
		return nil
	}
	if es := m.s.feedEnts[e.id()]; es != nil && es.ver == e.ver {
		return nil
	}
	m.s.seq++
	m.s.feedEnts[e.id()] = &entState{seq: m.s.seq, ver: e.ver, pending: true}
	return blockEntsCmd(m.d.Entities, reqTag{ID: e.id(), Seq: m.s.seq}, blockTexts(blocks))
}

func (m *Model) onBlockEnts(msg blockEntsMsg) tea.Cmd {
	es := m.s.feedEnts[msg.Tag.ID]
	if es == nil || es.seq != msg.Tag.Seq {
		return nil
	}
	es.pending, es.done, es.spans = false, true, msg.Spans
	if msg.Tag.ID == m.reader.ID() {
		m.refreshReader()
		if m.overlay == overlayEntities {
			m.refreshEntities()
		}
	}
	if msg.Err != nil {
		return m.flash(msg.Err.Error(), true)
	}
	return nil
}

// refreshReader re-renders the reader for the item it shows.
func (m *Model) refreshReader() {
	if e := m.entry(m.reader.ID()); e != nil {
		m.reader.SetContent(m.contentFor(e), m.q.Terms(), m.onlyEntities())
		m.setSpinner()
	}
}

// contentFor builds what the reader shows of an item: the reader-mode
// article when there is one, else the feed text marked as a summary.
func (m *Model) contentFor(e *entry) readerContent {
	it := &e.item
	c := readerContent{
		ID: e.id(), Kind: kindFeed, Title: it.Title, Byline: it.Author,
		Source: it.SourceName, Section: it.Section, Published: it.Published,
	}
	a := m.s.arts[e.id()]
	switch {
	case a != nil && a.art != nil:
		articleContent(&c, a, e.saved)
	case !e.loaded:
		c.Notice = "Reading the library…"
	default:
		m.feedContent(&c, e, a)
	}
	return c
}

// articleContent fills c with the reader-mode article.
func articleContent(c *readerContent, a *artState, saved bool) {
	art := a.art
	c.Kind = kindArticle
	c.Blocks, c.Links, c.Spans = art.Blocks, art.Links, a.spans
	c.Title = firstNonEmpty(art.Title, c.Title)
	c.Byline = firstNonEmpty(art.Byline, c.Byline)
	c.Place = art.Place
	c.Source = firstNonEmpty(art.Source, c.Source)
	c.Section = firstNonEmpty(art.Section, c.Section)
	if !art.Published.IsZero() {
		c.Published = art.Published
	}
	c.Notice = "Reader mode"
	if art.Pages > 1 {
		c.Notice += fmt.Sprintf(" · %d pages", art.Pages)
	}
	switch {
	case saved:
		c.Notice += " · saved for offline reading"
	case a.fromLib:
		c.Notice += " · from the library"
	}
}

// feedContent fills c with the feed text of an item, and says why it is
// not the article.
func (m *Model) feedContent(c *readerContent, e *entry, a *artState) {
	it := &e.item
	c.Blocks = feedBlocks(it)
	switch {
	case m.p.Offline() && it.Link != "":
		c.Notice = "Offline · summary from the feed (the full article is not in the library)"
	case !m.p.CanRead():
		c.Notice = "From the feed"
	case it.Link == "":
		c.Notice = "From the feed · no link to the full article"
	case a != nil && a.loading:
		c.Notice, c.Loading = "Summary from the feed · fetching the full article…", true
	case a != nil && a.err != nil:
		c.Notice, c.NoticeErr = "Summary from the feed · full article unavailable: "+oneLine(a.err.Error()), true
	default:
		c.Notice = "Summary from the feed"
	}
	if len(c.Blocks) == 0 {
		c.Blocks = []article.Block{{Kind: article.Caption, Text: "The feed has no text for this item."}}
	}
	if es := m.s.feedEnts[e.id()]; es != nil && es.done && es.ver == e.ver {
		c.Spans = es.spans
	}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

func (m *Model) openEntities() {
	m.overlay = overlayEntities
	m.ents.sel, m.ents.off = 0, 0
	m.refreshEntities()
	m.layout()
}

func (m *Model) refreshEntities() {
	e := m.current()
	if e == nil {
		m.ents.SetSpans("no article", nil, "Select an article first.")
		return
	}
	c := m.reader.c
	note := ""
	switch {
	case c.Kind == kindFeed && m.d.Entities == nil:
		note = "Entity extraction is not available."
	case c.Spans == nil:
		note = "Finding entities…"
	}
	m.ents.SetSpans(c.Title, c.Spans, note)
}

// chooseEntity filters the list, across all regions, to the articles
// that mention the entity.
func (m *Model) chooseEntity(msg chooseEntityMsg) tea.Cmd {
	m.overlay = overlayNone
	m.view = ViewAll
	m.pin = ""
	field := labelName(msg.Label)
	name := strings.ReplaceAll(msg.Name, `"`, "")
	m.filter.SetValue(field + `:"` + name + `"`)
	m.filter.Blur()
	m.setFocus(focusList)
	cmd := m.applyFilter()
	m.layout()
	return cmd
}

// ---- filter and views ----

func (m *Model) applyFilter() tea.Cmd {
	m.q = query.Parse(m.filter.Value(), m.loc)
	m.pin = "" // the list's answer drives the reader
	return tea.Batch(m.refilterSel(), m.requery())
}

// refilterSel recomputes the rows and follows a change of selection,
// unless the reader holds an opened item (pin).
func (m *Model) refilterSel() tea.Cmd {
	prev := m.list.SelectedID()
	m.refilter()
	if m.list.SelectedID() != prev && m.pinned() == nil {
		return m.selectionChanged()
	}
	m.refreshReader()
	return nil
}

func (m *Model) emptyText(total int) string {
	have := m.ll.items > 0
	switch {
	case !m.ll.loaded:
		return "Reading the library…"
	case total > 0 || (!m.q.Empty() && have):
		return "No headlines match. esc clears the filter."
	case have && m.view == ViewAsiaPacific:
		return "No Asia-Pacific headlines yet. v shows all regions."
	case have && m.view == ViewSaved:
		return "Nothing saved yet. s saves the selected article for offline reading. v changes the view."
	case have && m.view == ViewStarred:
		return "Nothing starred yet. * stars the selected headline. v changes the view."
	case have:
		return "Nothing in this view. v changes the view."
	case m.p.Offline():
		return "Offline, and nothing is stored yet."
	case len(m.s.sources) == 0:
		return "No sources configured."
	case !m.p.CanFetch():
		return "No way to fetch sources."
	case m.pending > 0:
		return "Fetching headlines…"
	case m.allFailed && !m.d.Demo:
		return "No source could be reached. To try Dateline without the network, run: dateline --demo"
	}
	return "No headlines."
}

// onlyEntities are the entities the filter names; n/N then visit their
// mentions only.
func (m *Model) onlyEntities() []query.Entity {
	var out []query.Entity
	for _, f := range m.q.Fields {
		if f.Neg {
			continue
		}
		switch f.Name {
		case "person", "place", "org":
			out = append(out, query.Entity{Label: strings.ToUpper(f.Name), Name: f.Value})
		case "entity":
			out = append(out, query.Entity{Name: f.Value})
		}
	}
	return out
}

// ---- refreshing ----

// beginRound marks every source as being fetched in a new round.
func (m *Model) beginRound() {
	m.round++
	m.pending = len(m.s.sources)
	m.roundTotal = m.pending
	m.roundOK, m.roundNew, m.roundFailed = 0, 0, nil
	for i := range m.s.sources {
		m.s.sources[i].pending = true
		m.s.sources[i].status = "fetching…"
	}
}

func (m *Model) startRound(manual bool) tea.Cmd {
	switch {
	case m.p.Offline():
		if manual {
			return m.flash("Offline: refreshing is off.", false)
		}
		return nil
	case !m.p.CanFetch():
		if manual {
			return m.flash("No sources to refresh.", false)
		}
		return nil
	case m.pending > 0:
		if manual {
			return m.flash("Already refreshing.", false)
		}
		return nil
	}
	m.beginRound()
	m.deferFetch = false
	m.updateProgress()
	return refreshCmd(m.ctx, m.p, m.round)
}

// onRefresh takes one event of a refresh round: a source ended, or the
// round did.
func (m *Model) onRefresh(msg refreshMsg) tea.Cmd {
	next := nextRefreshEvent(msg.Round, msg.next)
	if msg.Round != m.round {
		return next // a round that was given up on: drain it
	}
	if msg.Done {
		if msg.Err != nil {
			return m.flash("Library: pruning old headlines failed: "+oneLine(msg.Err.Error()), true)
		}
		return nil
	}
	r := msg.Res
	if r.Index < 0 || r.Index >= len(m.s.sources) || !m.s.sources[r.Index].pending {
		return next
	}
	ss := &m.s.sources[r.Index]
	ss.pending = false
	ss.lastFetch = r.FetchedAt
	m.pending--
	cmds := []tea.Cmd{next, m.sourceEnded(ss, r)}
	if m.pending == 0 {
		m.allFailed = m.roundOK == 0 && len(m.roundFailed) > 0
		cmds = append(cmds, m.roundSummary())
	}
	m.updateProgress()
	m.updateFlags()
	if m.overlay == overlaySources {
		m.sources.rows = m.sourceRows()
	}
	m.list.empty = m.emptyText(m.list.total)
	return tea.Batch(cmds...)
}

// sourceEnded records one source's result of this round.
func (m *Model) sourceEnded(ss *sourceState, r ingest.SourceResult) tea.Cmd {
	var cmds []tea.Cmd
	if r.StoreErr != nil {
		cmds = append(cmds, m.writeFailed(r.StoreErr))
	}
	if r.Err != nil {
		ss.err = r.Err
		ss.status = "error: " + oneLine(r.Err.Error())
		m.roundFailed = append(m.roundFailed, ss.src.Name+": "+oneLine(r.Err.Error()))
		cmds = append(cmds, m.flash(ss.src.Name+": "+oneLine(r.Err.Error()), true))
		return tea.Batch(cmds...)
	}
	m.roundOK++
	ss.err = nil
	ss.count = r.Items
	ss.status = "ok"
	switch {
	case r.NotModified:
		ss.status = "not modified"
	case r.Status != 0:
		ss.status = fmt.Sprintf("ok · HTTP %d", r.Status)
	}
	if r.StoreErr == nil {
		m.roundNew += r.Added
		m.ll.items += r.Added
		m.writeErr = nil
	}
	if r.Added > 0 {
		m.ll.dataGen++
		cmds = append(cmds, m.refreshRows(), m.pollPending())
	}
	return tea.Batch(cmds...)
}

func (m *Model) roundSummary() tea.Cmd {
	network := 0
	for _, ss := range m.s.sources {
		if k := feeds.ErrorKind(ss.err); ss.err != nil && (k == feeds.KindNetwork || k == feeds.KindTimeout) {
			network++
		}
	}
	m.netDown = m.allFailed && network == len(m.roundFailed)
	m.updateFlags()
	if m.writeErr != nil {
		return m.flash(fmt.Sprintf("Library: %s · %d new headlines", oneLine(m.writeErr.Error()), m.roundNew), true)
	}
	switch n := len(m.roundFailed); {
	case n == 1 && m.roundTotal == 1:
		return m.flash(m.roundFailed[0], true)
	case n > 0:
		return m.flash(fmt.Sprintf("%d of %d sources failed: %s · S for details", n, m.roundTotal, strings.Join(m.roundFailed, "; ")), true)
	case m.roundNew == 1:
		return m.flash("Updated · 1 new headline", false)
	case m.roundNew > 0:
		return m.flash(fmt.Sprintf("Updated · %d new headlines", m.roundNew), false)
	}
	return m.flash("Updated · nothing new", false)
}

func (m *Model) sourceRows() []sourceRow {
	rows := make([]sourceRow, len(m.s.sources))
	for i, ss := range m.s.sources {
		rows[i] = sourceRow{
			Name: ss.src.Name, URL: ss.src.URL, Items: ss.count,
			Status: ss.status, Err: ss.err != nil, LastFetch: ss.lastFetch,
		}
	}
	return rows
}

// ---- status ----

func (m *Model) flash(msg string, isErr bool) tea.Cmd {
	seq := m.status.Set(msg, isErr)
	return m.tick(statusTTL, statusClearMsg{Seq: seq})
}

func (m *Model) updateProgress() {
	var parts []string
	if m.pending > 0 {
		parts = append(parts, fmt.Sprintf("%d of %d sources", m.roundTotal-m.pending, m.roundTotal))
	}
	switch n := m.s.saving; {
	case n == 1:
		parts = append(parts, "saving 1 article")
	case n > 1:
		parts = append(parts, fmt.Sprintf("saving %d articles", n))
	}
	m.status.progress = strings.Join(parts, " · ")
}

func (m *Model) updateFlags() {
	m.status.flags = m.status.flags[:0:0]
	if m.d.Demo {
		m.status.flags = append(m.status.flags, "sample edition")
	}
	if m.p.Offline() || m.netDown {
		m.status.flags = append(m.status.flags, "offline")
	}
	if m.lib.Memory() {
		m.status.flags = append(m.status.flags, "library in memory")
	}
	switch {
	case m.allFailed && m.ll.items == 0 && !m.d.Demo:
		m.status.sticky = "No source could be reached. Try dateline --demo for the sample edition."
	case m.d.LibraryErr != nil:
		m.status.sticky = "Library unavailable: " + oneLine(m.d.LibraryErr.Error()) + " · this session is kept in memory only"
	case m.writeErr != nil:
		m.status.sticky = "Library: " + oneLine(m.writeErr.Error())
	default:
		m.status.sticky = ""
	}
	m.updateProgress()
}

func (m *Model) busy() bool {
	if m.pending > 0 || m.s.saving > 0 {
		return true
	}
	a := m.s.arts[m.reader.ID()]
	return a != nil && a.loading
}

func (m *Model) ensureSpin() tea.Cmd {
	if m.spinning || !m.busy() {
		return nil
	}
	m.spinning = true
	m.spinGen++
	m.setSpinner()
	return m.tick(spinEvery, spinTickMsg{Gen: m.spinGen})
}

func (m *Model) setSpinner() {
	f := spinFrames[m.frame%len(spinFrames)]
	m.status.spin = f
	m.reader.SetSpinner(f)
}
