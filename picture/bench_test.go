package picture

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"testing"

	xdraw "golang.org/x/image/draw"
)

// newsPhoto is a typical news photo: 1200 × 800 pixels, a JPEG at
// quality 85 of smooth gradients with fine noise (as film grain and
// foliage give), about the size China Daily serves.
func newsPhoto(tb testing.TB) []byte {
	tb.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	img := image.NewRGBA(image.Rect(0, 0, 1200, 800))
	for y := range 800 {
		for x := range 1200 {
			n := uint8(r.IntN(40))
			img.SetRGBA(x, y, color.RGBA{uint8(x/6) + n, uint8(y/4) + n, uint8((x+y)/10) + n, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// The reader's work for one picture, step by step, in a 100-column pane
// (1000 × 667 pixels at 10 × 20 a cell). BenchmarkPhotoDecode alone is
// the baseline: what the standard library's JPEG decoder costs.
func BenchmarkPhotoDecode(b *testing.B) {
	data := newsPhoto(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Decode(data, DefaultLimits()); err != nil {
			b.Fatal(err)
		}
	}
}

func benchScale(b *testing.B, s xdraw.Scaler) {
	data := newsPhoto(b)
	img, _, err := Decode(data, DefaultLimits())
	if err != nil {
		b.Fatal(err)
	}
	size := Fit(image.Pt(1200, 800), 100, 40, DefaultCell())
	b.ReportAllocs()
	for b.Loop() {
		dst := image.NewRGBA(image.Rect(0, 0, size.W, size.H))
		s.Scale(dst, dst.Bounds(), img, img.Bounds(), xdraw.Src, nil)
	}
}

// BenchmarkPhotoScaleCatmullRom is the sharper kernel, for comparison.
func BenchmarkPhotoScaleCatmullRom(b *testing.B) { benchScale(b, xdraw.CatmullRom) }

// BenchmarkPhotoScaleBiLinear is what Scale does: a kernel that still
// averages when it shrinks.
func BenchmarkPhotoScaleBiLinear(b *testing.B) { benchScale(b, xdraw.BiLinear) }

// BenchmarkPhotoScaleApproxBiLinear is the cheapest scaler (it samples
// four pixels, so a large shrink aliases), for comparison.
func BenchmarkPhotoScaleApproxBiLinear(b *testing.B) { benchScale(b, xdraw.ApproxBiLinear) }

// BenchmarkPhotoKitty and the others are the whole of one picture's Cmd
// after the bytes are read: decode, fit, scale, encode.
func BenchmarkPhotoKitty(b *testing.B)  { benchWhole(b, Kitty) }
func BenchmarkPhotoITerm2(b *testing.B) { benchWhole(b, ITerm2) }
func BenchmarkPhotoSixel(b *testing.B)  { benchWhole(b, Sixel) }

func benchWhole(b *testing.B, p Protocol) {
	data := newsPhoto(b)
	b.ReportAllocs()
	var out int
	for b.Loop() {
		img, _, err := Decode(data, DefaultLimits())
		if err != nil {
			b.Fatal(err)
		}
		size := Fit(image.Pt(img.Bounds().Dx(), img.Bounds().Dy()), 100, 40, DefaultCell())
		scaled := Scale(img, size.W, size.H)
		switch p {
		case Kitty:
			out = len(KittyTransmit(1, PNG(scaled), size.Cols, size.Rows))
		case ITerm2:
			out = len(ITerm2Image(PNG(scaled), size.Cols, size.Rows))
		default:
			out = len(SixelImage(scaled))
		}
	}
	b.ReportMetric(float64(out)/1024, "KiB-out")
}
