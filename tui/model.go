// Package tui is Dateline's terminal interface: a headline list beside a
// reader pane, a keyword filter, entity highlights and panel, region
// views, and the sources view. It is a Bubble Tea v2 program.
//
// The root Model owns layout, focus and routing only. The work is in
// components, plain structs with SetSize, Update and View: the headline
// list (headlineList: what is listed, its library requests, paging and
// counts), the article loader (articleLoader: bodies, reader mode through
// the ingest pipeline, entities) and the reader pane that draws its
// content, the refresher (rounds of ingest.Refresh, the sources' state),
// the overlays (help, entities, sources), the filter bar, the footnote
// prompt and the status line. Each result message is routed to the
// component whose request it answers; the root then calls the other
// components' methods for what follows (the reader follows the list's
// selection).
//
// Model is used as a pointer (*Model implements tea.Model): one model
// lives for the whole run and Update changes it in place. A value model
// would copy every component on every message and need a shared pointer
// for the caches anyway; the pointer makes ownership plain.
//
// All I/O runs in tea.Cmds built from values (never the model). Every
// result message carries its own error and a tag (request sequence), and
// results for a request that is no longer current are dropped.
package tui

import (
	"context"
	"os/exec"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/ingest"
	"github.com/dateline-news/dateline/store"
	"github.com/dateline-news/dateline/watch"
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
	Entities func(text string) []entity.Span
	OpenURL  func(url string) error
	// TerminalBrowser is the command of a browser that draws in the
	// terminal (w3m, lynx) for a link: the TUI gives it the terminal and
	// comes back when it ends. nil, or a nil command: OpenURL opens it.
	TerminalBrowser func(url string) *exec.Cmd
	Now             func() time.Time
	RefreshEvery    time.Duration // 0 = never
	// Theme is the palette (config.Themes): dark and light are the
	// default one on that background; auto, solarized and high-contrast
	// follow the terminal's background.
	Theme string
	// Colors replace the theme's colours, by part of the screen
	// (ColorNames; checked with CheckColor). NoColor wins over both.
	Colors map[string]string
	// Keys are the key bindings (nil: DefaultKeyMap), the config's
	// [keys] applied with KeyMap.Bind.
	Keys    *KeyMap
	NoColor bool
	Demo    bool // the status line says "sample edition" throughout
	Version string
	// Location is the reader's time zone for dates (nil = time.Local).
	Location *time.Location
	// ListWidth is the list pane's width in columns when the panes are
	// side by side (0: 40% of the window); SaveListWidth keeps the width
	// the user chose for the next run (nil: not kept).
	ListWidth     int
	SaveListWidth func(columns int) error
	// NoPrefetch: fetch no page before the user opens it (prefetch =
	// false in the config). With prefetching on, only pages on a source's
	// own site are fetched ahead.
	NoPrefetch bool
	// Preview is painted in the list, not selectable, while the first
	// refresh fills a library that lists nothing yet (the sample
	// edition's headlines, read from the binary: they are on screen
	// before its library and server are); the library's rows replace it.
	Preview []feeds.Item
	// Watches are the saved searches (the config's [[watches]]): views
	// after the four, with their new matches. SaveWatch keeps one that w
	// saves (nil: kept for the session only); Notifier sends the
	// notifications of watches with notify = true (nil: none).
	Watches   []watch.Watch
	SaveWatch func(watch.Watch) error
	Notifier  watch.Notifier
	// Images is how the reader shows pictures (config.ImageModes):
	// "auto" asks the terminal; "" and "off" keep the text line.
	Images string
	// Tmux: running inside tmux ($TMUX). Kitty pictures (images =
	// "kitty") are then sent through tmux's passthrough.
	Tmux bool
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
	wideMin       = 100                    // columns for side-by-side panes
	settleDelay   = 150 * time.Millisecond // selection dwell before reader mode fetches
	spinEvery     = 100 * time.Millisecond
	statusTTL     = 6 * time.Second
	prefetchAhead = 3
)

// Model is the root of the TUI: layout, focus and routing.
type Model struct {
	deps      Deps
	pipeline  *ingest.Pipeline
	library   *store.Store
	keys      *KeyMap
	styles    *Styles
	themeAuto bool
	ctx       context.Context // ends on quit: every request's
	cancel    context.CancelFunc
	tick      func(time.Duration, tea.Msg) tea.Cmd

	width, height int
	wide          bool
	listWidth     int
	listColumns   int  // the list's width the user chose (0: 40%)
	dragging      bool // the border between the panes is being dragged
	bodyHeight    int
	focus         focusArea
	overlay       overlayKind

	list     headlineList
	articles articleLoader
	reader   readerPane
	refresh  refresher
	filter   filterBar
	footnote footnotePrompt
	status   statusLine
	help     helpOverlay
	sources  sourcesView
	ents     entityPanel
	watches  watchBoard
	pics     pictures

	// pin is the item the user opened (enter, a click): while the reader
	// has focus and shows it, a list that is replaced under it (a search
	// result or refresh landing) does not change what the reader shows
	// or what the keys act on, even when the new rows lack it.
	pin    string
	settle reqTag // the selection the settle timer is for
	// viewBeforeEntity is the view an entity's filter was chosen from
	// (it lists all regions); esc returns to it. -1: none.
	viewBeforeEntity ListView
	// unreadWanted: ] is waiting for the next page to find an unread item.
	unreadWanted bool
	settleSeq    int
	refreshGen   int
	writeErr     error // the last library write failed (until one succeeds)
	// undo is what the last U marked read, for z; nil when there is
	// nothing to undo.
	undo *markUndo
	// sourceStates is what the library kept of each source, by URL, as
	// last read for the sources view.
	sourceStates map[string]store.SourceState
	spinning     bool
	spinGen      int
	frame        int
}

// reqTag identifies one request for one item, so that a result which
// arrives after a newer request for the same item was made is dropped.
type reqTag struct {
	ItemID string
	Seq    int
}

// Timers. Each carries the generation it was scheduled for.
type (
	statusClearMsg struct{ Seq int }
	refreshTickMsg struct{ Gen int }
	spinTickMsg    struct{ Gen int }
	settleMsg      struct{ Tag reqTag }
)

// Intents children send up to the root.
type (
	closeOverlayMsg struct{}
	chooseEntityMsg struct {
		Label entity.Label
		Name  string
	}
)

func msgCmd(m tea.Msg) tea.Cmd { return func() tea.Msg { return m } }

// New builds the TUI. Fetching starts once the library's first page is
// on screen.
func New(d Deps) *Model {
	if d.Now == nil {
		d.Now = time.Now
	}
	loc := d.Location
	if loc == nil {
		loc = time.Local
	}
	keys := DefaultKeyMap()
	if d.Keys != nil {
		keys = *d.Keys
	}
	st, themeAuto := styleFor(d)
	ctx, cancel := context.WithCancel(context.Background())
	m := &Model{
		deps: d, pipeline: d.Pipeline, library: d.Pipeline.Library(), keys: &keys, styles: &st, themeAuto: themeAuto,
		ctx: ctx, cancel: cancel,
		tick: func(dur time.Duration, msg tea.Msg) tea.Cmd {
			return tea.Tick(dur, func(time.Time) tea.Msg { return msg })
		},
	}
	m.list = newHeadlineList(ctx, m.library, newListPane(m.styles, m.keys, d.Now))
	m.articles = newArticleLoader(ctx, d.Pipeline, d.Entities, !d.NoPrefetch)
	m.reader = newReaderPane(m.styles, m.keys, loc)
	m.pics = newPictures(ctx, d.Pipeline, d.Images, d.Tmux)
	m.reader.pics = &m.pics
	m.refresh = newRefresher(ctx, d.Pipeline)
	m.filter = newFilterBar(m.styles)
	m.status = statusLine{styles: m.styles, hint: "? help"}
	m.help = helpOverlay{styles: m.styles, keys: m.keys, version: d.Version}
	m.sources = sourcesView{styles: m.styles, keys: m.keys, now: d.Now, loc: loc}
	m.ents = entityPanel{styles: m.styles, keys: m.keys}
	m.watches = newWatchBoard(ctx, m.library, d, loc)
	m.spinning = m.refresh.Busy()
	m.viewBeforeEntity = -1
	for _, it := range d.Preview {
		m.list.pane.preview = append(m.list.pane.preview, &entry{item: it})
	}
	m.listColumns = d.ListWidth
	m.updateFlags()
	m.showList()
	return m
}

// Init requests the background colour, reads the first page of
// headlines from the library (the refresh starts when they are on
// screen) and starts the spinner and the refresh timer.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.list.firstPage(), m.list.PollPending(), m.watches.CountsCmd(false), m.pics.Init()}
	if m.themeAuto {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	if m.spinning {
		cmds = append(cmds, m.tick(spinEvery, spinTickMsg{Gen: m.spinGen}))
	}
	if m.deps.RefreshEvery > 0 && m.pipeline.CanFetch() {
		cmds = append(cmds, m.tick(m.deps.RefreshEvery, refreshTickMsg{Gen: m.refreshGen}))
	}
	return tea.Batch(cmds...)
}

// View renders the whole screen.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "Dateline"
	return v
}

// Update routes a message. Every path ends by starting the spinner if
// something became busy.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.route(msg)
	follow := m.unpin()
	spin := m.ensureSpin()
	return m, tea.Batch(cmd, follow, spin, m.pictureCmds())
}

// route sends a message to the component it is for.
func (m *Model) route(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(msg.Width, 0), max(msg.Height, 0)
		m.layout()
	case tea.BackgroundColorMsg:
		m.restyle(msg.Color)
	case tea.KeyPressMsg:
		return m.onKey(msg)
	case tea.PasteMsg:
		return m.onPaste(msg)
	case tea.MouseClickMsg:
		return m.onClick(msg.Mouse())
	case tea.MouseWheelMsg:
		return m.onWheel(msg.Mouse())
	case tea.MouseMotionMsg:
		return m.onDrag(msg.Mouse())
	case tea.MouseReleaseMsg:
		return m.onDragEnd()
	case pageMsg, countMsg, unreadMsg, pendingMsg, pendingPollMsg, requeryMsg:
		return m.routeList(msg)
	case bodyMsg, articleMsg, feedSpansMsg, savedMsg, settleMsg:
		return m.routeReader(msg)
	case refreshMsg:
		return m.onRefresh(msg)
	case watchCountsMsg:
		return m.onWatchCounts(msg)
	case watchStoryMsg:
		return m.onWatchStory(msg)
	case watchSavedMsg:
		return m.onWatchSaved(msg)
	case flagMsg:
		return m.onFlagged(msg)
	case undoneMsg:
		return m.onUndone(msg)
	case openedMsg:
		return m.onOpened(msg)
	case browserMsg:
		return m.onBrowser(msg)
	case layoutSavedMsg:
		return m.flash("Could not keep the list's width: "+oneLine(msg.Err.Error()), true)
	case statusClearMsg:
		m.status.Clear(msg.Seq)
	case spinTickMsg:
		return m.onSpin(msg)
	case refreshTickMsg:
		return m.onRefreshTick(msg)
	case closeOverlayMsg:
		m.overlay = overlayNone
	case chooseEntityMsg:
		return m.chooseEntity(msg)
	case chooseSourceMsg:
		return m.chooseSource(msg)
	case sourcesMsg:
		if msg.Err == nil {
			m.sourceStates = msg.States
			m.sources.rows = m.refresh.Rows(m.sourceStates)
		}
	default:
		return m.routePictures(msg)
	}
	return nil
}

func (m *Model) onSpin(msg spinTickMsg) tea.Cmd {
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
}

func (m *Model) onRefreshTick(msg refreshTickMsg) tea.Cmd {
	if msg.Gen != m.refreshGen || m.deps.RefreshEvery <= 0 {
		return nil
	}
	var cmd tea.Cmd
	if !m.refresh.Busy() {
		cmd, _ = m.refresh.Start(false)
		m.updateProgress()
	}
	return tea.Batch(cmd, m.tick(m.deps.RefreshEvery, refreshTickMsg{Gen: m.refreshGen}))
}

// quit cancels every request in flight and ends the program.
func (m *Model) quit() tea.Cmd {
	m.cancel()
	return tea.Quit
}

func (m *Model) setFocus(f focusArea) {
	m.focus = f
	m.list.pane.focused = f == focusList
	m.reader.focused = f == focusReader
}

func (m *Model) readerVisible() bool { return m.wide || m.focus == focusReader }
