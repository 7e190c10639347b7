package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// dateline save --pictures keeps an article's pictures in the library
// through the same function as s in the TUI, and the HTML export then
// embeds them; without the flag no picture is fetched.
func TestSavePicturesKeepsThemForTheExport(t *testing.T) {
	var pic bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{200, 30, 30, 255})
	if err := png.Encode(&pic, img); err != nil {
		t.Fatal(err)
	}
	var picFetches atomic.Int32
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	mux.HandleFunc("/rss.xml", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour News</title><link>%[1]s/</link>
<item><title>Ferry crews test a new harbour route</title><link>%[1]s/story.html</link><guid>story-1</guid>
<pubDate>Tue, 19 Nov 2019 10:00:00 +0800</pubDate><description>Crews tried the route on Tuesday.</description></item>
</channel></rss>`, srv.URL)
	})
	mux.HandleFunc("/story.html", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		body := strings.Repeat("<p>Ferry crews sailed the new route across the harbour on Tuesday morning, and the port authority said the trial went as planned for the whole crossing.</p>\n", 6)
		fmt.Fprintf(w, `<!doctype html><html><head><title>Ferry crews test a new harbour route</title></head><body>
<article><h1>Ferry crews test a new harbour route</h1>%s
<figure><img src="/pic.png" alt="The ferry at the pier"><figcaption>The ferry at the pier</figcaption></figure>
%s</article></body></html>`, body, body)
	})
	mux.HandleFunc("/pic.png", func(w http.ResponseWriter, _ *http.Request) {
		picFetches.Add(1)
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(pic.Bytes())
	})

	home := t.TempDir()
	lib := filepath.Join(home, "lib")
	if code, _, stderr := runCLI(t, home, "", "headlines", "--feed", srv.URL+"/rss.xml", "--data-dir", lib); code != 0 {
		t.Fatalf("headlines: %d %s", code, stderr)
	}
	code, out, stderr := runCLI(t, home, "", "save", "--data-dir", lib, "--feed", srv.URL+"/rss.xml", srv.URL+"/story.html")
	if code != 0 || !strings.Contains(out, "saved ") || strings.Contains(out, "picture") || picFetches.Load() != 0 {
		t.Fatalf("save without --pictures: %d %q %s, %d picture fetches", code, out, stderr, picFetches.Load())
	}
	code, out, stderr = runCLI(t, home, "", "save", "--pictures", "--data-dir", lib, "--feed", srv.URL+"/rss.xml", srv.URL+"/story.html")
	if code != 0 || !strings.Contains(out, "1 picture kept") || picFetches.Load() != 1 {
		t.Fatalf("save --pictures: %d %q %s, %d picture fetches", code, out, stderr, picFetches.Load())
	}
	dir := filepath.Join(home, "export")
	if code, out, stderr := runCLI(t, home, "", "export", "--format", "html", "--saved", "--data-dir", lib, dir); code != 0 {
		t.Fatalf("export: %d %q %s", code, out, stderr)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no HTML written: %v %v", files, err)
	}
	embedded := false
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		embedded = embedded || strings.Contains(string(b), "data:image/png;base64,")
	}
	if !embedded {
		t.Errorf("the kept picture is not embedded in the export (%v)", files)
	}
}
