package tui

import (
	"context"
	"errors"
	"image"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"

	"github.com/dateline-news/dateline/ingest"
	"github.com/dateline-news/dateline/picture"
)

// pictureSettle is how long the reader waits after the pane last moved
// before drawing iTerm2 and sixel pictures again.
const pictureSettle = 150 * time.Millisecond

// pictures is the reader's pictures (see package picture for how each
// protocol reaches the terminal): the protocol in force, from the config
// and the terminal's answers; the pictures of the item shown, each
// fetched, decoded, scaled and encoded in its own tea.Cmd; the kitty
// image ids; and, for iTerm2 and sixel, what is drawn on the screen.
type pictures struct {
	ctx      context.Context
	pipeline *ingest.Pipeline
	proto    picture.Protocol
	auto     bool // waiting for the terminal's answers
	answers  picture.Answers
	noColor  bool // the colour profile cannot carry a kitty image id
	tmux     bool // kitty transmissions go through tmux's passthrough
	limits   picture.Limits
	// slots bound the pictures decoded at once (each may take up to
	// about 100 MB within the limits).
	slots chan struct{}

	seq    int
	item   string // the item the pictures are for
	cache  map[picKey]*picState
	nextID int            // the last kitty id given
	owners map[int]picKey // kitty id -> its picture

	want    string // iTerm2/sixel: the placements the pane asks for
	drawn   string // the placements on the screen now
	drawGen int
}

// picKey is one picture at one size: its URL and the cells it may take.
type picKey struct {
	URL        string
	Cols, Rows int
}

type picState struct {
	tag   int
	ready bool
	err   string // why it is not shown ("" while loading)
	// text: it could not be fetched (offline, a network error): the
	// text line stays, as without pictures.
	text  bool
	size  picture.Size
	id    int      // kitty image id
	lines []string // kitty: the placeholder rows
	seq   string   // iTerm2, sixel: the picture
}

// pictureMsg is a picture ready to show, or why it cannot be.
type pictureMsg struct {
	Item string
	Key  picKey
	Tag  int
	Size picture.Size
	Seq  string // kitty: its transmission; iTerm2, sixel: the picture
	Err  error
}

// pictureDrawMsg: the pane has been still long enough to draw.
type pictureDrawMsg struct{ Gen int }

func newPictures(ctx context.Context, p *ingest.Pipeline, mode string, tmux bool) pictures {
	proto, auto := picture.ParseMode(mode)
	return pictures{ctx: ctx, pipeline: p, tmux: tmux, proto: proto, auto: auto, limits: picture.DefaultLimits(),
		slots: make(chan struct{}, 2), cache: map[picKey]*picState{}, owners: map[int]picKey{}}
}

// Init sends the capability query when the protocol is to be detected.
func (p *pictures) Init() tea.Cmd {
	if !p.auto {
		return nil
	}
	return tea.Raw(picture.Query)
}

// Active is the protocol pictures are shown with now (None: the text
// line).
func (p *pictures) Active() picture.Protocol {
	if p.proto == picture.Kitty && p.noColor {
		return picture.None
	}
	return p.proto
}

// OnTerminal takes the terminal's answers; changed says the protocol in
// force changed.
func (p *pictures) OnTerminal(msg tea.Msg) (changed bool) {
	before := p.Active()
	switch msg := msg.(type) {
	case uv.KittyGraphicsEvent:
		if msg.Options.ID == picture.QueryID && string(msg.Payload) == "OK" {
			p.answers.KittyOK = true
		}
	case tea.TerminalVersionMsg:
		p.answers.Version = msg.Name
	case uv.CellSizeEvent:
		p.answers.Cell = picture.Cell{W: msg.Width, H: msg.Height}
	case uv.PrimaryDeviceAttributesEvent:
		p.answers.Sixel = picture.HasSixel(msg)
		if p.auto {
			p.auto = false
			p.proto = picture.Detect(p.answers)
		}
	case tea.ColorProfileMsg:
		p.noColor = msg.Profile < colorprofile.ANSI256
	}
	return p.Active() != before
}

// picView is how the layout draws a picture.
type picView struct {
	ready bool
	err   string
	size  picture.Size
	lines []string // kitty placeholder rows
}

// view is the picture at src for the layout: ready, failed (err), or
// neither (loading, or pictures off: the text line).
func (p *pictures) view(item, src string, cols, rows int) picView {
	if p == nil || p.Active() == picture.None || item != p.item {
		return picView{}
	}
	s := p.cache[picKey{URL: src, Cols: cols, Rows: rows}]
	if s == nil || s.text {
		return picView{}
	}
	return picView{ready: s.ready, err: s.err, size: s.size, lines: s.lines}
}

// Want starts loading the pictures of item the layout asked for that
// are not loaded or loading. A new item drops the last one's pictures
// (and frees their kitty ids in the terminal).
func (p *pictures) Want(item string, srcs []string, cols, rows int) tea.Cmd {
	if p.Active() == picture.None {
		return nil
	}
	var cmds []tea.Cmd
	if item != p.item {
		cmds = append(cmds, p.reset())
		p.item = item
	}
	for _, src := range srcs {
		k := picKey{URL: src, Cols: cols, Rows: rows}
		if p.cache[k] != nil {
			continue
		}
		p.seq++
		s := &picState{tag: p.seq}
		if p.proto == picture.Kitty {
			s.id = p.kittyID(k)
		}
		p.cache[k] = s
		cmds = append(cmds, p.load(item, k, s))
	}
	return tea.Batch(cmds...)
}

// reset forgets every picture.
func (p *pictures) reset() tea.Cmd {
	var del strings.Builder
	for id := range p.owners {
		del.WriteString(picture.KittyDelete(id))
	}
	p.cache, p.owners = map[picKey]*picState{}, map[int]picKey{}
	if del.Len() == 0 {
		return nil
	}
	return p.raw(del.String())
}

// raw writes a kitty command, through tmux's passthrough inside tmux
// (the placeholders are text, which tmux draws as it draws any).
func (p *pictures) raw(seq string) tea.Cmd {
	if p.tmux {
		seq = picture.TmuxPassthrough(seq)
	}
	return tea.Raw(seq)
}

// kittyID gives k the next id of 1-255, taking it from the picture that
// had it (which loads again if it is wanted again).
func (p *pictures) kittyID(k picKey) int {
	p.nextID = p.nextID%255 + 1
	if old, ok := p.owners[p.nextID]; ok {
		delete(p.cache, old)
	}
	p.owners[p.nextID] = k
	return p.nextID
}

// picturesKeptMsg: the pictures of a saved article are in the library.
type picturesKeptMsg struct{}

// Keep is the tea.Cmd that puts the pictures of a saved article in the
// library (when pictures are shown at all), so that it shows them
// offline even if it was saved without being read.
func (p *pictures) Keep(item string, r *ingest.Read) tea.Cmd {
	if p.Active() == picture.None || r == nil || r.Article == nil {
		return nil
	}
	ctx, pipe, a := p.ctx, p.pipeline, r.Article
	return func() tea.Msg {
		pipe.KeepImages(ctx, item, a)
		return picturesKeptMsg{}
	}
}

// load is the tea.Cmd that reads the picture (library or network),
// decodes, scales and encodes it.
func (p *pictures) load(item string, k picKey, s *picState) tea.Cmd {
	ctx, pipe, proto, lim, cell, id, tag, slots := p.ctx, p.pipeline, p.proto, p.limits, p.answers.Cell, s.id, s.tag, p.slots
	return func() tea.Msg {
		msg := pictureMsg{Item: item, Key: k, Tag: tag}
		stored, err := pipe.Image(ctx, item, k.URL)
		if err != nil {
			msg.Err = err
			return msg
		}
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
		case <-ctx.Done():
			msg.Err = ctx.Err()
			return msg
		}
		msg.Size, msg.Seq, msg.Err = encodePicture(stored.Data, lim, k, cell, proto, id)
		return msg
	}
}

// encodePicture decodes data and encodes it for proto at most k.Cols ×
// k.Rows cells.
func encodePicture(data []byte, lim picture.Limits, k picKey, cell picture.Cell, proto picture.Protocol, id int) (picture.Size, string, error) {
	img, _, err := picture.Decode(data, lim)
	if err != nil {
		return picture.Size{}, "", err
	}
	b := img.Bounds()
	size := picture.Fit(image.Pt(b.Dx(), b.Dy()), k.Cols, k.Rows, cell)
	if size.Cols == 0 {
		return size, "", picture.ErrBroken
	}
	scaled := picture.Scale(img, size.W, size.H)
	switch proto {
	case picture.Kitty:
		return size, picture.KittyTransmit(id, picture.PNG(scaled), size.Cols, size.Rows), nil
	case picture.ITerm2:
		return size, picture.ITerm2Image(picture.PNG(scaled), size.Cols, size.Rows), nil
	}
	return size, picture.SixelImage(scaled), nil
}

// OnPicture takes a loaded picture; changed says the pane must be laid
// out again. A result for a request no longer current is dropped.
func (p *pictures) OnPicture(msg pictureMsg) (changed bool, cmd tea.Cmd) {
	s := p.cache[msg.Key]
	if msg.Item != p.item || s == nil || s.tag != msg.Tag {
		return false, nil
	}
	switch {
	case errors.Is(msg.Err, picture.ErrTooLarge):
		s.err = "picture too large to show"
		return true, nil
	case msg.Err != nil && errors.Is(msg.Err, picture.ErrBroken):
		s.err = "picture could not be read"
		return true, nil
	case msg.Err != nil:
		s.text = true
		return false, nil
	}
	s.ready, s.size = true, msg.Size
	if p.proto == picture.Kitty {
		s.lines = picture.KittyPlaceholder(s.id, msg.Size.Cols, msg.Size.Rows)
		return true, p.raw(msg.Seq)
	}
	s.seq = msg.Seq
	return true, nil
}

// placedPicture is a ready picture in the laid-out pane: its first line
// and its size.
type placedPicture struct {
	line int
	key  picKey
	size picture.Size
}

// Place says which iTerm2 or sixel pictures are wholly on the screen now
// (sig names them and where) and what draws them. It returns the
// commands that follow: the screen cleared of pictures drawn elsewhere,
// and a draw once the pane is still (a timer made with tick).
func (p *pictures) Place(sig string, tick func(time.Duration, tea.Msg) tea.Cmd) tea.Cmd {
	if sig == p.want {
		return nil
	}
	p.want = sig
	p.drawGen++
	var cmds []tea.Cmd
	if p.drawn != "" {
		// The renderer does not know the pixels are there: clear the
		// screen (it redraws every cell) before the text moves on.
		p.drawn = ""
		cmds = append(cmds, tea.ClearScreen)
	}
	if sig != "" {
		cmds = append(cmds, tick(pictureSettle, pictureDrawMsg{Gen: p.drawGen}))
	}
	return tea.Batch(cmds...)
}

// Draw is the raw output that draws the placements asked for, when gen
// is still current.
func (p *pictures) Draw(gen int, seq string) tea.Cmd {
	if gen != p.drawGen || p.want == "" {
		return nil
	}
	p.drawn = p.want
	return tea.Raw(seq)
}

// placement is a picture wholly on the screen, at column x, row y.
type placement struct {
	x, y int
	st   *picState
}

// placements are the iTerm2 and sixel pictures wholly inside the reader
// at screen column x0, row y0, with its first line at top and h lines
// high, and their signature (where they are, which they are).
func (p *pictures) placements(placed []placedPicture, x0, y0, top, h int) (sig string, on []placement) {
	var s strings.Builder
	for _, pl := range placed {
		st := p.cache[pl.key]
		if st == nil || !st.ready || pl.line < top || pl.line+pl.size.Rows > top+h {
			continue
		}
		x, y := x0, y0+pl.line-top
		s.WriteString(strconv.Itoa(x) + "," + strconv.Itoa(y) + "," + strconv.Itoa(st.tag) + ";")
		on = append(on, placement{x: x, y: y, st: st})
	}
	return s.String(), on
}

// drawing is the output that draws pictures at their places.
func drawing(on []placement) string {
	var q strings.Builder
	for _, pl := range on {
		q.WriteString(picture.At(pl.x, pl.y, pl.st.seq))
	}
	return q.String()
}

// routePictures takes the pictures' results and the terminal's answers.
func (m *Model) routePictures(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case pictureMsg:
		changed, cmd := m.pics.OnPicture(msg)
		if changed && m.reader.ID() == msg.Item {
			m.reader.Relayout(msg.Key)
		}
		return cmd
	case pictureDrawMsg:
		sig, on := m.readerPlacements()
		if sig != m.pics.want {
			return nil
		}
		return m.pics.Draw(msg.Gen, drawing(on))
	case uv.KittyGraphicsEvent, tea.TerminalVersionMsg, uv.CellSizeEvent, uv.PrimaryDeviceAttributesEvent, tea.ColorProfileMsg:
		if m.pics.OnTerminal(msg) {
			m.reader.Restyle()
		}
	}
	return nil
}

// pictureCmds, after every message: load the pictures the reader asks
// for, and (iTerm2, sixel) draw or clear them as the pane moved.
func (m *Model) pictureCmds() tea.Cmd {
	proto := m.pics.Active()
	if proto == picture.None {
		return nil
	}
	var cmds []tea.Cmd
	if id := m.reader.ID(); id != "" && len(m.reader.wanted) > 0 && m.readerVisible() {
		cmds = append(cmds, m.pics.Want(id, m.reader.wanted, m.reader.picCols, m.reader.picRows))
	}
	if proto != picture.Kitty {
		sig, _ := m.readerPlacements()
		cmds = append(cmds, m.pics.Place(sig, m.tick))
	}
	return tea.Batch(cmds...)
}

// readerPlacements are the iTerm2 and sixel pictures wholly visible in
// the reader now (none under an overlay or when the reader is hidden).
func (m *Model) readerPlacements() (sig string, on []placement) {
	if !m.readerVisible() || m.overlay != overlayNone || m.reader.ID() == "" {
		return "", nil
	}
	x0, y0 := m.reader.margin, 0
	if m.wide {
		x0, y0 = x0+m.listWidth+1, 1
	}
	sig, on = m.pics.placements(m.reader.placed, x0, y0, m.reader.lineWindow.offset, m.reader.lineWindow.height)
	if sig != "" {
		// The renderer rewrites a line from its first changed cell to its
		// last, blanks included: when the reader's border changes colour
		// (focus) the picture's cells are written over. So focus is part of
		// what is on the screen.
		sig += strconv.Itoa(int(m.focus))
	}
	return sig, on
}
