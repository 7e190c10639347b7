package picture

import (
	"bytes"
	"encoding/base64"
	"errors"
	"flag"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n got %q\nwant %q", name, got, want)
	}
}

// testImage is a small picture with four colour blocks and a gradient,
// the same on every run.
func testImage(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{uint8(x * 255 / max(w-1, 1)), uint8(y * 255 / max(h-1, 1)), 0, 255}
			if x < w/2 && y < h/2 {
				c = color.RGBA{0, 0, 255, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func TestKittyGolden(t *testing.T) {
	p := PNG(testImage(8, 6))
	golden(t, "kitty_transmit.golden", KittyTransmit(7, p, 2, 1))
	golden(t, "kitty_placeholder.golden", strings.Join(KittyPlaceholder(7, 3, 2), "\n"))
	golden(t, "kitty_delete.golden", KittyDelete(7))
	golden(t, "kitty_tmux.golden", TmuxPassthrough(KittyDelete(7)))
	// Each placeholder row is cols cells wide to the renderer.
	for _, row := range KittyPlaceholder(200, 40, 3) {
		if w := ansi.StringWidth(row); w != 40 {
			t.Errorf("placeholder row is %d cells, want 40", w)
		}
	}
}

func TestKittyTransmitChunks(t *testing.T) {
	// A PNG of more than 4096 base64 bytes goes in chunks: m=1 on all
	// but the last, the options on the first only.
	big := make([]byte, 7000)
	for i := range big {
		big[i] = byte(i * 7)
	}
	seq := KittyTransmit(3, big, 10, 4)
	parts := strings.Split(strings.TrimSuffix(seq, "\x1b\\"), "\x1b\\")
	if len(parts) != 3 {
		t.Fatalf("%d chunks, want 3", len(parts))
	}
	if !strings.HasPrefix(parts[0], "\x1b_Ga=T,U=1,f=100,t=d,q=2,i=3,c=10,r=4,m=1;") ||
		!strings.HasPrefix(parts[1], "\x1b_Gm=1;") || !strings.HasPrefix(parts[2], "\x1b_Gm=0;") {
		t.Errorf("chunk headers: %.60q / %.20q / %.20q", parts[0], parts[1], parts[2])
	}
	var data string
	for _, p := range parts {
		data += p[strings.IndexByte(p, ';')+1:]
	}
	if got, err := base64.StdEncoding.DecodeString(data); err != nil || !bytes.Equal(got, big) {
		t.Errorf("chunks do not join to the data: %v", err)
	}
}

func TestITerm2Golden(t *testing.T) {
	golden(t, "iterm2.golden", At(4, 2, ITerm2Image(PNG(testImage(8, 6)), 2, 1)))
}

func TestSixelGolden(t *testing.T) {
	// 8×13: three bands, the last of one row.
	golden(t, "sixel.golden", At(0, 0, SixelImage(testImage(8, 13))))
	// A run of one colour is written as a repeat.
	flat := image.NewRGBA(image.Rect(0, 0, 20, 6))
	for i := range flat.Pix {
		flat.Pix[i] = 255
	}
	if got, want := SixelImage(flat), "\x1bP0;1;0q\"1;1;20;6#215;2;100;100;100#215!20~\x1b\\"; got != want {
		t.Errorf("flat sixel %q, want %q", got, want)
	}
}

func TestFit(t *testing.T) {
	cell := Cell{W: 10, H: 20}
	cases := []struct {
		src        image.Point
		cols, rows int
		want       Size
	}{
		{image.Pt(1200, 800), 80, 40, Size{W: 800, H: 533, Cols: 80, Rows: 27}},
		{image.Pt(300, 200), 80, 40, Size{W: 300, H: 200, Cols: 30, Rows: 10}}, // never enlarged
		{image.Pt(500, 4000), 80, 20, Size{W: 50, H: 400, Cols: 5, Rows: 20}},  // a tall one fits the height
		{image.Pt(0, 10), 80, 20, Size{}},
		{image.Pt(100, 100), 0, 20, Size{}},
	}
	for _, c := range cases {
		if got := Fit(c.src, c.cols, c.rows, cell); got != c.want {
			t.Errorf("Fit(%v, %d, %d) = %+v, want %+v", c.src, c.cols, c.rows, got, c.want)
		}
	}
	if got := Fit(image.Pt(100, 100), 5, 5, Cell{}); got.Cols != 5 || got.Rows != 3 {
		t.Errorf("zero cell uses the default 10×20: %+v", got)
	}
}

func TestDetect(t *testing.T) {
	cases := []struct {
		name string
		a    Answers
		want Protocol
	}{
		{"kitty", Answers{KittyOK: true, Version: "kitty(0.35.2)"}, Kitty},
		{"ghostty", Answers{KittyOK: true, Version: "ghostty 1.1.0"}, Kitty},
		{"wezterm answers kitty and sixel too", Answers{KittyOK: true, Sixel: true, Version: "WezTerm 20240203-110809-5046fc22"}, ITerm2},
		{"iterm2", Answers{Version: "iTerm2 3.5.0"}, ITerm2},
		{"foot", Answers{Sixel: true, Version: "foot(1.17.2)"}, Sixel},
		{"xterm with sixel", Answers{Sixel: true}, Sixel},
		{"xterm", Answers{}, None},
		{"tmux without passthrough", Answers{Version: "tmux 3.3a"}, None},
		{"tmux built with sixel", Answers{Version: "tmux 3.4", Sixel: true}, Sixel},
	}
	for _, c := range cases {
		if got := Detect(c.a); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	if !HasSixel([]int{62, 22, 4}) || HasSixel([]int{1, 2, 6}) {
		t.Error("HasSixel")
	}
	for s, want := range map[string]Protocol{"kitty": Kitty, "iterm2": ITerm2, "sixel": Sixel, "off": None, "auto": None} {
		if p, auto := ParseMode(s); p != want || auto != (s == "auto") {
			t.Errorf("ParseMode(%q) = %v %v", s, p, auto)
		}
	}
}

// losslessWebP is a 1×1 lossless WebP.
const losslessWebP = "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=="

func TestDecodeFormats(t *testing.T) {
	var jp bytes.Buffer
	if err := jpeg.Encode(&jp, testImage(40, 30), nil); err != nil {
		t.Fatal(err)
	}
	webp, _ := base64.StdEncoding.DecodeString(losslessWebP)
	for name, data := range map[string][]byte{"png": PNG(testImage(40, 30)), "jpeg": jp.Bytes(), "webp": webp} {
		img, format, err := Decode(data, DefaultLimits())
		if err != nil || format != name || img.Bounds().Dx() == 0 {
			t.Errorf("%s: %v %q %v", name, img.Bounds(), format, err)
		}
	}
}

// bombPNG is a valid PNG header claiming w×h pixels, with no pixels.
func bombPNG(w, h int) []byte {
	var b bytes.Buffer
	// Encode a 1×1 picture and rewrite the size in its IHDR.
	_ = png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
	data := b.Bytes()
	put := func(off, v int) {
		data[off], data[off+1], data[off+2], data[off+3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
	}
	put(16, w)
	put(20, h)
	put(29, int(crc32.ChecksumIEEE(data[12:29]))) // IHDR's type and data
	return data
}

func TestDecodeBrokenAndHuge(t *testing.T) {
	lim := DefaultLimits()
	good := PNG(testImage(40, 30))
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrBroken},
		{"not a picture", []byte("<html>not found</html>"), ErrBroken},
		{"truncated png", good[:len(good)/2], ErrBroken},
		{"bomb 60000x60000", bombPNG(60000, 60000), ErrTooLarge},
		{"too many pixels 6000x6000", bombPNG(6000, 6000), ErrTooLarge},
		{"too many bytes", make([]byte, lim.MaxBytes+1), ErrTooLarge},
	}
	for _, c := range cases {
		img, _, err := Decode(c.data, lim)
		if !errors.Is(err, c.want) || img != nil {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}

// TestDecodeBombMemory: a picture that claims 60,000 × 60,000 pixels
// (14 GB as RGBA) is refused from its header, allocating next to nothing.
func TestDecodeBombMemory(t *testing.T) {
	bomb := bombPNG(60000, 60000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range 10 {
		if _, _, err := Decode(bomb, DefaultLimits()); !errors.Is(err, ErrTooLarge) {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("10 refused bombs allocated %d bytes, want under 1 MiB", got)
	}
}

func TestScale(t *testing.T) {
	img := Scale(testImage(120, 80), 60, 40)
	if img.Bounds() != image.Rect(0, 0, 60, 40) {
		t.Fatalf("bounds %v", img.Bounds())
	}
	// The blue block stays blue.
	if c := img.RGBAAt(5, 5); c.B < 200 || c.R > 50 {
		t.Errorf("top left %v, want blue", c)
	}
	same := Scale(testImage(10, 10), 10, 10)
	if same.RGBAAt(9, 9) != testImage(10, 10).RGBAAt(9, 9) {
		t.Error("a picture at its size is copied")
	}
}

// FuzzDecode: whatever the bytes, Decode returns a picture within the
// limits or an error, and never panics.
func FuzzDecode(f *testing.F) {
	f.Add(PNG(testImage(4, 3)))
	f.Add(bombPNG(60000, 60000))
	webp, _ := base64.StdEncoding.DecodeString(losslessWebP)
	f.Add(webp)
	var jp bytes.Buffer
	_ = jpeg.Encode(&jp, testImage(9, 7), nil)
	f.Add(jp.Bytes())
	f.Add([]byte("GIF89a\x01\x00\x01\x00"))
	lim := Limits{MaxBytes: 1 << 20, MaxSide: 2000, MaxPixels: 1_000_000}
	f.Fuzz(func(t *testing.T, data []byte) {
		img, _, err := Decode(data, lim)
		if err != nil {
			if img != nil {
				t.Fatal("a picture with an error")
			}
			return
		}
		b := img.Bounds()
		if b.Dx() > lim.MaxSide || b.Dy() > lim.MaxSide || b.Dx()*b.Dy() > lim.MaxPixels {
			t.Fatalf("decoded %v, over the limits", b)
		}
	})
}
