package feeds

import (
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// peakHeap runs f and returns the most heap its objects took above what
// was live before, sampled every 200 µs (runtime/metrics, no stop of the
// world): a close lower bound of the true peak.
func peakHeap(f func()) uint64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	base := s[0].Value.Uint64()
	var peak atomic.Uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-time.After(200 * time.Microsecond):
			}
		}
	}()
	f()
	close(stop)
	<-done
	if p := peak.Load(); p > base {
		return p - base
	}
	return 0
}

// padTo makes an RSS document of the given items about n bytes long with
// a long description in its first item, as an attacker fills the body
// cap.
func padTo(n int, items string) string {
	doc := rssOf(items)
	i := strings.Index(doc, "<item")
	pad := "<item><description>" + strings.Repeat("word ", max(n-len(doc)-40, 0)/5) + "</description></item>"
	return doc[:i] + pad + doc[i:]
}

func TestShapeLimitsRefuse(t *testing.T) {
	const size = DefaultMaxBytes
	deepJSON := `{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","x":` + strings.Repeat("[", size/2) + "]}"
	var wideJSON strings.Builder
	wideJSON.WriteString(`{"version":"https://jsonfeed.org/version/1.1","items":[`)
	for wideJSON.Len() < size {
		wideJSON.WriteString(`{"id":"1"},`)
	}
	wideJSON.WriteString(`{}]}`)
	cases := map[string]string{
		"deep in an item":  rssOf("<item><title>x</title>" + strings.Repeat("<a>", size/3) + "</item>"),
		"deep atom":        `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title>` + strings.Repeat("<a>", size/3) + "</entry></feed>",
		"flat extensions":  rssOf(`<item xmlns:m="http://x"><title>x</title>` + strings.Repeat("<m:a/>", size/6) + "</item>"),
		"too many items":   rssOf(strings.Repeat("<item><title>x</title></item>", size/29)),
		"deep JSON":        deepJSON,
		"wide JSON":        wideJSON.String(),
		"wide HTML page":   "<!doctype html><html><body>" + strings.Repeat("<b>", size/3),
		"just over depth":  rssOf("<item><title>x</title>" + strings.Repeat("<a>", MaxDepth) + strings.Repeat("</a>", MaxDepth) + "</item>"),
		"just over number": rssOf("<item>" + strings.Repeat("<b/>", MaxElements) + "</item>"),
	}
	for name, body := range cases {
		var err error
		peak := peakHeap(func() { _, err = parseHostile(t, body) })
		if ErrorKind(err) != KindTooComplex || !strings.HasPrefix(err.Error(), "feed too complex: ") {
			t.Errorf("%s: got %v, want a too-complex error", name, err)
		}
		// Refused before parsing: the body's own copies and no more.
		if peak > 4*uint64(len(body))+(8<<20) {
			t.Errorf("%s: %d MB of heap to refuse a %d MB body", name, peak>>20, len(body)>>20)
		}
	}
	// Just inside both limits parses.
	in := rssOf("<item><title>x</title>" + strings.Repeat("<a>", MaxDepth-4) + strings.Repeat("</a>", MaxDepth-4) + "</item>")
	if items, err := parseHostile(t, in); err != nil || len(items) != 1 {
		t.Errorf("depth %d: %d items, %v", MaxDepth, len(items), err)
	}
}

// TestShapeLimitsBoundMemory parses the costliest documents the limits
// let through, each filled to the 8 MiB body cap, and checks the heap
// stays within a small multiple of the cap. Measured (go test ./feeds
// -run ShapeLimitsBoundMemory -v, amd64): 47-69 MB, against 1.6 GB for
// an 8 MB nested feed before the limits.
func TestShapeLimitsBoundMemory(t *testing.T) {
	n := MaxElements - 100
	deep := strings.Repeat("<m:a>", MaxDepth-6) + strings.Repeat("</m:a>", MaxDepth-6)
	docs := map[string]string{
		"extensions":            `<item xmlns:m="http://x"><title>x</title>` + strings.Repeat("<m:a/>", n) + "</item>",
		"extensions with attrs": `<item xmlns:m="http://x"><title>x</title>` + strings.Repeat(`<m:a b="1" c="2" d="3">t</m:a>`, n) + "</item>",
		"nested blocks":         `<item xmlns:m="http://x"><title>x</title>` + strings.Repeat(deep, n/(MaxDepth-6)) + "</item>",
		"items":                 strings.Repeat("<item><title>x</title></item>", n/2),
	}
	const limit = 16 * DefaultMaxBytes
	for name, items := range docs {
		body := padTo(DefaultMaxBytes-1024, items)
		var err error
		var got []Item
		peak := peakHeap(func() { got, err = parseHostile(t, body) })
		if err != nil || len(got) == 0 {
			t.Fatalf("%s: %d items, %v", name, len(got), err)
		}
		t.Logf("%s: %.1f MiB body, peak heap %d MiB", name, float64(len(body))/(1<<20), peak>>20)
		if peak > limit {
			t.Errorf("%s: peak heap %d MiB, over %d MiB", name, peak>>20, limit>>20)
		}
	}
}

func TestShapeCounts(t *testing.T) {
	cases := []struct {
		in          string
		json        bool
		depth, elem int
	}{
		{`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "<b>">]><rss a=">" b='/>'><c/><!-- <d><d> --><![CDATA[<e><e>]]><f></f></rss>`, false, 2, 3},
		{`<a><b><c/></b></a><a></a>`, false, 2, 4},
		{`{"a": [1, {"b": "}}]]{{"}], "c" : {}}`, true, 3, 7},
	}
	for _, c := range cases {
		var d, e int
		if c.json {
			d, e = jsonShape([]byte(c.in))
		} else {
			d, e = xmlShape([]byte(c.in), false)
		}
		if d != c.depth || e != c.elem {
			t.Errorf("%s: depth %d elements %d, want %d %d", c.in, d, e, c.depth, c.elem)
		}
	}
}

// BenchmarkCheckShape is the cost of the scan on the 5,000-item fixture.
func BenchmarkCheckShape(b *testing.B) {
	body := bigFeed(b)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if err := checkShape(body, "xml"); err != nil {
			b.Fatal(err)
		}
	}
}
