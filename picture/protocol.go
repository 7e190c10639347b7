package picture

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi/kitty"
)

// Protocol is how the terminal is sent pictures.
type Protocol uint8

// The protocols. None keeps the text line.
const (
	None Protocol = iota
	Kitty
	ITerm2
	Sixel
)

func (p Protocol) String() string {
	switch p {
	case Kitty:
		return "kitty"
	case ITerm2:
		return "iterm2"
	case Sixel:
		return "sixel"
	}
	return "off"
}

// ParseMode reads the config's images setting: auto is true for "auto"
// (detect), else p is the protocol named ("off" and anything unknown are
// None).
func ParseMode(s string) (p Protocol, auto bool) {
	switch s {
	case "auto":
		return None, true
	case "kitty":
		return Kitty, false
	case "iterm2":
		return ITerm2, false
	case "sixel":
		return Sixel, false
	}
	return None, false
}

// PNG encodes img as a PNG (what the kitty and iTerm2 protocols carry).
func PNG(img image.Image) []byte {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	_ = enc.Encode(&b, img) // writing to a bytes.Buffer cannot fail
	return b.Bytes()
}

// kittyChunk is the most base64 a kitty graphics command may carry.
const kittyChunk = 4096

// KittyTransmit is the kitty graphics command that sends a PNG as image
// id and makes a virtual placement of cols × rows cells for Unicode
// placeholders (a=T, U=1). q=2: the terminal answers nothing.
func KittyTransmit(id int, pngData []byte, cols, rows int) string {
	data := base64.StdEncoding.EncodeToString(pngData)
	var b strings.Builder
	first := true
	for first || data != "" {
		n := min(len(data), kittyChunk)
		chunk := data[:n]
		data = data[n:]
		more := "0"
		if data != "" {
			more = "1"
		}
		b.WriteString("\x1b_G")
		if first {
			b.WriteString("a=T,U=1,f=100,t=d,q=2,i=" + strconv.Itoa(id) +
				",c=" + strconv.Itoa(cols) + ",r=" + strconv.Itoa(rows) + ",")
			first = false
		}
		b.WriteString("m=" + more + ";" + chunk + "\x1b\\")
	}
	return b.String()
}

// TmuxPassthrough wraps seq so that tmux hands it to the terminal it runs
// in (it must have allow-passthrough on): a DCS tmux; with every ESC
// doubled.
func TmuxPassthrough(seq string) string {
	return "\x1bPtmux;" + strings.ReplaceAll(seq, "\x1b", "\x1b\x1b") + "\x1b\\"
}

// KittyDelete frees image id in the terminal (its data too).
func KittyDelete(id int) string { return "\x1b_Ga=d,d=I,q=2,i=" + strconv.Itoa(id) + "\x1b\\" }

// KittyPlaceholder is the text that shows image id (1-255) over cols ×
// rows cells: each cell is the placeholder character with its row and
// column as combining marks, in the image id as foreground colour. One
// string per row, each cols cells wide.
func KittyPlaceholder(id, cols, rows int) []string {
	out := make([]string, rows)
	fg := "\x1b[38;5;" + strconv.Itoa(id) + "m"
	for r := range rows {
		var b strings.Builder
		b.WriteString(fg)
		for c := range cols {
			b.WriteRune(kitty.Placeholder)
			b.WriteRune(kitty.Diacritic(r))
			b.WriteRune(kitty.Diacritic(c))
		}
		b.WriteString("\x1b[39m")
		out[r] = b.String()
	}
	return out
}

// MaxKittyCells is the most rows or columns a placeholder can number
// (the number of row/column diacritics).
const MaxKittyCells = 297

// ITerm2Image is iTerm2's inline-image sequence for a PNG drawn over
// cols × rows cells (OSC 1337 File).
func ITerm2Image(pngData []byte, cols, rows int) string {
	return "\x1b]1337;File=inline=1;size=" + strconv.Itoa(len(pngData)) +
		";width=" + strconv.Itoa(cols) + ";height=" + strconv.Itoa(rows) +
		";preserveAspectRatio=1;doNotMoveCursor=1:" +
		base64.StdEncoding.EncodeToString(pngData) + "\x07"
}

// At wraps a picture's sequence so that it is drawn with its top left
// corner at column x, row y (from 0), and the cursor is put back where it
// was.
func At(x, y int, seq string) string {
	return "\x1b7" + cup(y+1, x+1) + seq + "\x1b8"
}

func cup(row, col int) string { return "\x1b[" + strconv.Itoa(row) + ";" + strconv.Itoa(col) + "H" }

// SixelImage encodes img as a sixel sequence in a fixed 6×6×6 colour cube
// (216 colours: fast, and the same on every terminal), dithered, with
// repeats run length encoded.
func SixelImage(img *image.RGBA) string {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	idx := ditherCube(img)
	used := [216]bool{}
	for _, i := range idx {
		used[i] = true
	}
	var b strings.Builder
	b.WriteString("\x1bP0;1;0q\"1;1;" + strconv.Itoa(w) + ";" + strconv.Itoa(h))
	for i := range used {
		if used[i] {
			r, g, bl := i/36, i/6%6, i%6
			b.WriteString("#" + strconv.Itoa(i) + ";2;" + strconv.Itoa(r*20) + ";" + strconv.Itoa(g*20) + ";" + strconv.Itoa(bl*20))
		}
	}
	line := make([]byte, w)
	for top := 0; top < h; top += 6 {
		colours := bandColours(idx, w, h, top)
		for n, c := range colours {
			for x := range w {
				bits := byte(0)
				for k := 0; k < 6 && top+k < h; k++ {
					if idx[(top+k)*w+x] == c {
						bits |= 1 << k
					}
				}
				line[x] = 63 + bits
			}
			b.WriteString("#" + strconv.Itoa(int(c)))
			writeRuns(&b, line)
			if n < len(colours)-1 {
				b.WriteByte('$')
			}
		}
		if top+6 < h {
			b.WriteByte('-')
		}
	}
	b.WriteString("\x1b\\")
	return b.String()
}

// ditherCube maps each pixel to the 6×6×6 colour cube with
// Floyd-Steinberg error diffusion (without it a photo's skies and faces
// break into bands of six levels).
func ditherCube(img *image.RGBA) []uint8 {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	idx := make([]uint8, w*h)
	// The error carried to this row and the next, per channel, in 1/16.
	cur, next := make([]int32, (w+2)*3), make([]int32, (w+2)*3)
	for y := range h {
		row := img.Pix[y*img.Stride:]
		for x := range w {
			k := 0
			for c := range 3 {
				v := int32(row[x*4+c]) + cur[(x+1)*3+c]/16
				v = min(max(v, 0), 255)
				q := (v*5 + 127) / 255
				k = k*6 + int(q)
				e := v - q*51
				cur[(x+2)*3+c] += e * 7
				next[x*3+c] += e * 3
				next[(x+1)*3+c] += e * 5
				next[(x+2)*3+c] += e
			}
			idx[y*w+x] = uint8(k)
		}
		cur, next = next, cur
		clear(next)
	}
	return idx
}

// bandColours are the colours used in the band of six rows from top, in
// ascending order.
func bandColours(idx []uint8, w, h, top int) []uint8 {
	var seen [216]bool
	for y := top; y < min(top+6, h); y++ {
		for _, c := range idx[y*w : (y+1)*w] {
			seen[c] = true
		}
	}
	var out []uint8
	for c, ok := range seen {
		if ok {
			out = append(out, uint8(c))
		}
	}
	return slices.Clip(out)
}

// writeRuns writes sixel characters with runs of four or more as "!n c".
func writeRuns(b *strings.Builder, line []byte) {
	for i := 0; i < len(line); {
		j := i
		for j < len(line) && line[j] == line[i] {
			j++
		}
		if n := j - i; n >= 4 {
			b.WriteString("!" + strconv.Itoa(n))
			b.WriteByte(line[i])
		} else {
			for range n {
				b.WriteByte(line[i])
			}
		}
		i = j
	}
}
