package tui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"strings"
	"sync/atomic"
	"testing"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/kitty"

	"github.com/dateline-news/dateline/picture"
)

const sampleCaption = "Taro Kono speaks to reporters in Bangkok. [Photo/IC]"

// photoPNG is a 400 × 300 picture.
func photoPNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 400, 300))
	for y := range 300 {
		for x := range 400 {
			img.SetRGBA(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

// bombPNG is a PNG header claiming 60,000 × 60,000 pixels.
func bombPNG() []byte {
	var b bytes.Buffer
	_ = png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
	d := b.Bytes()
	d[16], d[17], d[18], d[19] = 0, 0, 0xea, 0x60
	d[20], d[21], d[22], d[23] = 0, 0, 0xea, 0x60
	c := crc32.ChecksumIEEE(d[12:29])
	d[29], d[30], d[31], d[32] = byte(c>>24), byte(c>>16), byte(c>>8), byte(c)
	return d
}

// pictureServer is a FetchImage that serves body for every URL and
// counts the requests (no network).
type pictureServer struct {
	body []byte
	hits atomic.Int32
}

func (s *pictureServer) fetch(_ context.Context, _ string) ([]byte, string, error) {
	s.hits.Add(1)
	return s.body, "image/png", nil
}

func isPicture(m tea.Msg) bool { _, ok := m.(pictureMsg); return ok }
func isRaw(m tea.Msg) bool     { _, ok := m.(tea.RawMsg); return ok }

// openSample opens the seed article in a harness with pictures in mode.
func openSample(t *testing.T, mode string, srv *pictureServer, hold func(tea.Msg) bool) *harness {
	t.Helper()
	return openSampleIn(t, 120, 40, mode, srv, hold)
}

// openSampleIn is openSample in a terminal of w × ht cells.
func openSampleIn(t *testing.T, w, ht int, mode string, srv *pictureServer, hold func(tea.Msg) bool) *harness {
	t.Helper()
	d, _ := fixtureDeps(t)
	d.Article = (&fakeArticles{make: sampleArticle}).get
	d.FetchImage = srv.fetch
	h := newHarnessWith(t, d, w, ht, func(deps *Deps) { deps.Images = mode })
	h.hold = hold
	selectTitle(t, h, seedTitle)
	h.key("enter")
	return h
}

// With pictures off, or on while the picture is still loading, the
// reader shows exactly what it showed before pictures existed.
func TestPicturesOffLeaveTheTextViewUnchanged(t *testing.T) {
	srv := &pictureServer{body: photoPNG()}
	base := openSample(t, "", srv, nil).m.View().Content
	if !strings.Contains(ansi.Strip(base), "[image: "+sampleCaption+"]") {
		t.Fatalf("no image line:\n%s", ansi.Strip(base))
	}
	for _, mode := range []string{"off", "auto", "kitty", "iterm2", "sixel"} {
		h := openSample(t, mode, srv, func(m tea.Msg) bool { return isPicture(m) || isRaw(m) })
		if got := h.m.View().Content; got != base {
			t.Errorf("images = %q before any picture arrived: the view differs:\n%s", mode, lineDiff(ansi.Strip(base), ansi.Strip(got)))
		}
	}
	if n := srv.hits.Load(); n != 3 {
		t.Errorf("%d pictures fetched, want 3 (kitty, iterm2, sixel; none when off or undetected)", n)
	}
}

func TestKittyPictureFillsInWithItsCaptionUnder(t *testing.T) {
	srv := &pictureServer{body: photoPNG()}
	h := openSample(t, "kitty", srv, isRaw)
	lines := strings.Split(h.screen(), "\n")
	first, last, captionAt := -1, -1, -1
	for i, l := range lines {
		if strings.ContainsRune(l, kitty.Placeholder) {
			if first < 0 {
				first = i
			}
			last = i
		}
		if strings.Contains(l, sampleCaption) && captionAt < 0 {
			captionAt = i
		}
	}
	if first < 0 || captionAt != last+1 {
		t.Fatalf("picture rows %d-%d, caption at %d:\n%s", first, last, captionAt, h.screen())
	}
	if strings.Contains(h.screen(), "[image:") {
		t.Errorf("the text line stayed beside the picture:\n%s", h.screen())
	}
	// 400 × 300 pixels at 10 × 20 a cell: 40 columns, 15 rows.
	if rows := last - first + 1; rows != 15 {
		t.Errorf("%d rows of placeholders, want 15", rows)
	}
	if w := strings.Count(lines[first], string(kitty.Placeholder)); w != 40 {
		t.Errorf("%d placeholder cells in a row, want 40", w)
	}
	// The picture was sent once, as a kitty transmission with its
	// virtual placement.
	if len(h.held) != 1 || !strings.HasPrefix(fmt.Sprint(h.held[0].(tea.RawMsg).Msg), "\x1b_Ga=T,U=1,f=100,t=d,q=2,i=1,c=40,r=15,") {
		t.Errorf("raw writes: %d, want one kitty transmission", len(h.held))
	}
	// Scrolling keeps the picture in the text: placeholder characters
	// move with it, and nothing is sent again.
	h.key("j", "j")
	if len(h.held) != 1 || srv.hits.Load() != 1 {
		t.Errorf("scrolling sent %d raw writes and %d fetches", len(h.held), srv.hits.Load())
	}
}

func TestStalePictureIsDropped(t *testing.T) {
	srv := &pictureServer{body: photoPNG()}
	h := openSample(t, "kitty", srv, isPicture)
	if len(h.held) != 1 {
		t.Fatalf("%d picture results held, want 1", len(h.held))
	}
	msg := h.held[0].(pictureMsg)
	before := h.m.View().Content
	old := msg
	old.Tag--
	h.send(old)
	if h.m.View().Content != before {
		t.Error("a result with an old tag changed the reader")
	}
	other := msg
	other.Item = "some other item"
	h.send(other)
	if h.m.View().Content != before {
		t.Error("a result for another item changed the reader")
	}
	h.release(isPicture)
	if !strings.ContainsRune(h.screen(), kitty.Placeholder) {
		t.Error("the current result was not shown")
	}
}

func TestBrokenAndHugePicturesShowAPlaceholder(t *testing.T) {
	for body, want := range map[string]string{
		"<html>404</html>": "[picture could not be read]",
		string(bombPNG()):  "[picture too large to show]",
	} {
		h := openSample(t, "kitty", &pictureServer{body: []byte(body)}, isRaw)
		scr := h.screen()
		at := strings.Index(scr, want)
		if at < 0 || !strings.Contains(scr[at:], sampleCaption) || strings.ContainsRune(scr, kitty.Placeholder) {
			t.Errorf("want %q with the caption under it:\n%s", want, scr)
		}
		if len(h.held) != 0 {
			t.Errorf("%s: %d raw writes", want, len(h.held))
		}
	}
}

// A picture seen once is in the library: offline it shows again,
// without the network.
func TestPictureShowsOfflineFromTheLibrary(t *testing.T) {
	srv := &pictureServer{body: photoPNG()}
	h := openSample(t, "kitty", srv, isRaw)
	if !strings.ContainsRune(h.screen(), kitty.Placeholder) {
		t.Fatal("no picture online")
	}
	d, _ := fixtureDeps(t)
	d.Library, d.Offline, d.Fetch = h.m.library, true, nil
	off := newHarnessWith(t, d, 120, 40, func(deps *Deps) { deps.Images = "kitty" })
	selectTitle(t, off, seedTitle)
	off.key("enter")
	if !strings.ContainsRune(off.screen(), kitty.Placeholder) || srv.hits.Load() != 1 {
		t.Errorf("offline: picture shown %v, fetches %d:\n%s", strings.ContainsRune(off.screen(), kitty.Placeholder), srv.hits.Load(), off.screen())
	}
}

func TestDetectionFromTheTerminalsAnswers(t *testing.T) {
	srv := &pictureServer{body: photoPNG()}
	var raws []string
	h := openSample(t, "auto", srv, nil)
	h.hold = func(m tea.Msg) bool {
		if r, ok := m.(tea.RawMsg); ok {
			raws = append(raws, fmt.Sprint(r.Msg))
		}
		return isRaw(m)
	}
	h.run(h.m.Init())
	if len(raws) == 0 || raws[0] != picture.Query {
		t.Fatalf("Init wrote %q, want the query", raws)
	}
	// tmux without passthrough: its own name, no kitty answer, no 4.
	h.send(tea.TerminalVersionMsg{Name: "tmux 3.3a"})
	h.send(uv.PrimaryDeviceAttributesEvent{1, 2, 22})
	if p := h.m.pics.Active(); p != picture.None || strings.ContainsRune(h.screen(), kitty.Placeholder) {
		t.Errorf("tmux: %v", p)
	}
	// kitty: OK to the query, then DA1.
	h = openSample(t, "auto", srv, isRaw)
	h.send(uv.KittyGraphicsEvent{Options: kitty.Options{ID: picture.QueryID}, Payload: []byte("OK")})
	h.send(uv.PrimaryDeviceAttributesEvent{62, 22})
	if p := h.m.pics.Active(); p != picture.Kitty || !strings.ContainsRune(h.screen(), kitty.Placeholder) {
		t.Errorf("kitty: %v\n%s", p, h.screen())
	}
	// A profile without indexed colours cannot carry the image id.
	h.send(tea.ColorProfileMsg{Profile: 2})
	if h.m.pics.Active() != picture.None || strings.ContainsRune(h.screen(), kitty.Placeholder) {
		t.Error("kitty pictures without colour")
	}
}

// iTerm2 and sixel pictures are drawn over blank cells once the pane is
// still, and the screen is cleared when it moves.
func TestITerm2PictureDrawnWhenStill(t *testing.T) {
	srv := &pictureServer{body: photoPNG()}
	var raws []string
	cleared := 0
	h := openSample(t, "iterm2", srv, func(m tea.Msg) bool {
		if r, ok := m.(tea.RawMsg); ok {
			raws = append(raws, fmt.Sprint(r.Msg))
			return true
		}
		if fmt.Sprintf("%T", m) == "tea.clearScreenMsg" {
			cleared++
			return true
		}
		return false
	})
	if len(raws) != 0 {
		t.Fatalf("drawn before the pane was still: %.80q", raws)
	}
	if h.fire(func(m tea.Msg) bool { _, ok := m.(pictureDrawMsg); return ok }) != 1 || len(raws) != 1 {
		t.Fatalf("draws after the settle: %d", len(raws))
	}
	// Wide layout: the reader's box starts after the list and its border.
	x := h.m.listWidth + 1 + h.m.reader.margin
	y := 1 + h.m.reader.placed[0].line - h.m.reader.lineWindow.offset
	if want := fmt.Sprintf("\x1b7\x1b[%d;%dH\x1b]1337;File=inline=1;", y+1, x+1); !strings.HasPrefix(raws[0], want) {
		t.Errorf("draw %.40q, want it to start %q", raws[0], want)
	}
	// Focus moves to the list and back: the reader's border changes
	// colour, which the renderer writes as whole lines over the picture,
	// so it is cleared and drawn again.
	isDraw := func(m tea.Msg) bool { _, ok := m.(pictureDrawMsg); return ok }
	h.key("tab")
	if cleared != 1 || h.fire(isDraw) != 1 || len(raws) != 2 {
		t.Errorf("after the focus moved: %d clears, %d draws, want 1 and 2", cleared, len(raws))
	}
	h.key("tab")
	if cleared != 2 || h.fire(isDraw) != 1 || len(raws) != 3 || h.m.focus != focusReader {
		t.Errorf("after the focus came back: %d clears, %d draws, want 2 and 3", cleared, len(raws))
	}
	cleared = 0
	// The pane moves: the screen is cleared, and the picture drawn again
	// only when it is still (if it is still wholly on the screen).
	h.key("j")
	if cleared != 1 {
		t.Errorf("%d clears after a scroll, want 1", cleared)
	}
	h.key("j")
	if cleared != 1 {
		t.Errorf("%d clears after a second scroll, want still 1 (nothing drawn in between)", cleared)
	}
}

// A picture that cannot be fetched (a network error; offline and not
// kept) leaves the text line, as without pictures.
func TestUnfetchablePictureKeepsTheTextLine(t *testing.T) {
	d, _ := fixtureDeps(t)
	d.Article = (&fakeArticles{make: sampleArticle}).get
	d.FetchImage = func(context.Context, string) ([]byte, string, error) {
		return nil, "", errors.New("connection refused")
	}
	base := openSample(t, "", &pictureServer{}, nil).screen()
	h := newHarnessWith(t, d, 120, 40, func(deps *Deps) { deps.Images = "kitty" })
	selectTitle(t, h, seedTitle)
	h.key("enter")
	if got := h.screen(); got != base {
		t.Errorf("the view differs:\n%s", lineDiff(base, got))
	}
}

// A picture that fills in above the text being read pushes the text
// down by its rows and moves the pane with it: the reader stays on the
// same line.
func TestPictureAboveKeepsTheReadingPlace(t *testing.T) {
	srv := &pictureServer{body: photoPNG()}
	h := openSampleIn(t, 120, 16, "kitty", srv, func(m tea.Msg) bool { return isPicture(m) || isRaw(m) })
	for range 10 { // enter gave the reader focus
		h.key("j")
	}
	if h.m.reader.lineWindow.offset != 10 {
		t.Fatalf("offset %d after 10 lines down", h.m.reader.lineWindow.offset)
	}
	top := func() string {
		lines := h.m.reader.lines
		return ansi.Strip(lines[h.m.reader.lineWindow.offset])
	}
	before := top()
	h.release(isPicture)
	if got := top(); got != before {
		t.Errorf("the top line was %q, is %q after the picture came", before, got)
	}
	if !strings.ContainsRune(strings.Join(h.m.reader.lines, "\n"), kitty.Placeholder) {
		t.Error("the picture is not laid out")
	}
}

// Inside tmux, with images = "kitty", the picture goes through tmux's
// passthrough; its placeholders are text, drawn by tmux like any.
func TestKittyInsideTmuxUsesPassthrough(t *testing.T) {
	d, _ := fixtureDeps(t)
	d.Article = (&fakeArticles{make: sampleArticle}).get
	d.FetchImage = (&pictureServer{body: photoPNG()}).fetch
	h := newHarnessWith(t, d, 120, 40, func(deps *Deps) { deps.Images, deps.Tmux = "kitty", true })
	h.hold = isRaw
	selectTitle(t, h, seedTitle)
	h.key("enter")
	if len(h.held) != 1 || !strings.HasPrefix(fmt.Sprint(h.held[0].(tea.RawMsg).Msg), "\x1bPtmux;\x1b\x1b_Ga=T,U=1,") {
		t.Errorf("raw writes inside tmux: %d, want one kitty transmission through the passthrough", len(h.held))
	}
	if !strings.ContainsRune(h.screen(), kitty.Placeholder) {
		t.Error("no placeholders")
	}
}

// A resize lays the picture out again at the new width, from the
// library: it is not fetched again.
func TestPictureFollowsTheWidth(t *testing.T) {
	srv := &pictureServer{body: photoPNG()}
	h := openSample(t, "kitty", srv, isRaw)
	cols := func() int {
		for _, l := range strings.Split(h.screen(), "\n") {
			if n := strings.Count(l, string(kitty.Placeholder)); n > 0 {
				return n
			}
		}
		return 0
	}
	if got := cols(); got != 40 {
		t.Fatalf("%d columns at 120 wide, want 40 (the picture's own 400 pixels)", got)
	}
	h.send(tea.WindowSizeMsg{Width: 40, Height: 40}) // one pane, 38 columns of text
	if got := cols(); got != 38 || srv.hits.Load() != 1 {
		t.Errorf("at 40 wide: %d columns (want 38), %d fetches (want 1)", got, srv.hits.Load())
	}
}

// Saving an article with pictures on keeps its pictures too, read or
// not, so it shows them offline.
func TestSaveKeepsThePictures(t *testing.T) {
	srv := &pictureServer{body: photoPNG()}
	d, _ := fixtureDeps(t)
	d.Article = (&fakeArticles{make: sampleArticle}).get
	d.FetchImage = srv.fetch
	// 80 columns: one pane at a time, the list; the reader, hidden,
	// loads no picture.
	h := newHarnessWith(t, d, 80, 30, func(deps *Deps) { deps.Images = "sixel" })
	selectTitle(t, h, seedTitle)
	id := h.m.list.pane.Selected().id()
	h.key("s")
	if h.m.readerVisible() {
		t.Fatal("the reader is on the screen")
	}
	img, err := h.m.library.Image(context.Background(), id, "https://img.example/1.jpg")
	if err != nil || len(img.Data) == 0 {
		t.Fatalf("the saved article's picture is not kept: %v", err)
	}
	// Pictures off: saving fetches none.
	off := &pictureServer{body: photoPNG()}
	d2, _ := fixtureDeps(t)
	d2.Article = (&fakeArticles{make: sampleArticle}).get
	d2.FetchImage = off.fetch
	h2 := newHarnessWith(t, d2, 120, 40, nil)
	selectTitle(t, h2, seedTitle)
	h2.key("s")
	if off.hits.Load() != 0 {
		t.Errorf("with pictures off, saving fetched %d", off.hits.Load())
	}
}
