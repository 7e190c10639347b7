package picture

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	_ "image/gif"  // GIF pictures (first frame)
	_ "image/jpeg" // JPEG photos
	_ "image/png"  // PNG pictures

	xdraw "golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // WebP pictures
)

// Limits bound what Decode accepts.
type Limits struct {
	MaxBytes  int // the encoded file
	MaxSide   int // width or height in pixels
	MaxPixels int // width × height
}

// DefaultLimits are 8 MiB (the fetcher's own cap on a body), 12,000 pixels a
// side and 24 megapixels, about 96 MB decoded as RGBA at worst (a JPEG
// decodes to YCbCr, 36 MB). A news photo is one or two megapixels.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 8 << 20, MaxSide: 12000, MaxPixels: 24_000_000}
}

// Errors of Decode.
var (
	// ErrTooLarge: the file or its pixel size is over the limits.
	ErrTooLarge = errors.New("picture too large")
	// ErrBroken: not a picture Dateline can read, or a damaged one.
	ErrBroken = errors.New("picture could not be read")
)

// Decode reads a JPEG, PNG, GIF or WebP within lim: the size is checked
// from the header before any pixel is allocated. It returns the picture
// and its format name.
func Decode(data []byte, lim Limits) (img image.Image, format string, err error) {
	if len(data) > lim.MaxBytes {
		return nil, "", fmt.Errorf("%w: %d bytes (at most %d)", ErrTooLarge, len(data), lim.MaxBytes)
	}
	defer func() {
		if r := recover(); r != nil {
			img, format, err = nil, "", fmt.Errorf("%w: decoder failed: %v", ErrBroken, r)
		}
	}()
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, "", fmt.Errorf("%w: %v", ErrBroken, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, "", fmt.Errorf("%w: %d×%d pixels", ErrBroken, cfg.Width, cfg.Height)
	}
	if cfg.Width > lim.MaxSide || cfg.Height > lim.MaxSide || cfg.Width*cfg.Height > lim.MaxPixels {
		return nil, "", fmt.Errorf("%w: %d×%d pixels", ErrTooLarge, cfg.Width, cfg.Height)
	}
	img, format, err = image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, "", fmt.Errorf("%w: %v", ErrBroken, err)
	}
	return img, format, nil
}

// Cell is the size of one terminal cell in pixels.
type Cell struct{ W, H int }

// DefaultCell is the cell size assumed when the terminal does not say.
func DefaultCell() Cell { return Cell{W: 10, H: 20} }

// Size is how a picture is drawn: its pixel size after scaling and the
// cells it covers.
type Size struct {
	W, H       int // pixels
	Cols, Rows int // cells
}

// Fit is the size of a picture of src pixels drawn at most cols cells
// wide and maxRows cells high, never enlarged: a picture narrower than
// the pane keeps its pixels and takes fewer columns.
func Fit(src image.Point, cols, maxRows int, cell Cell) Size {
	if cell.W <= 0 || cell.H <= 0 {
		cell = DefaultCell()
	}
	if src.X <= 0 || src.Y <= 0 || cols <= 0 || maxRows <= 0 {
		return Size{}
	}
	w := min(src.X, cols*cell.W)
	h := max(1, src.Y*w/src.X)
	if h > maxRows*cell.H {
		h = maxRows * cell.H
		w = max(1, src.X*h/src.Y)
	}
	return Size{W: w, H: h, Cols: ceilDiv(w, cell.W), Rows: ceilDiv(h, cell.H)}
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// Scale draws img at w × h pixels (bilinear, averaging as it shrinks:
// three quarters of Catmull-Rom's time, see BENCHMARKS.md; a picture already that
// size is copied).
func Scale(img image.Image, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	b := img.Bounds()
	if b.Dx() == w && b.Dy() == h {
		draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Src)
		return dst
	}
	xdraw.BiLinear.Scale(dst, dst.Bounds(), img, b, xdraw.Src, nil)
	return dst
}
