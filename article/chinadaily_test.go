package article

import (
	"io/fs"

	"github.com/dateline-news/dateline/internal/fixtures"

	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The China Daily fixtures (copied from shared/fixtures/chinadaily) write
// every link to the site as {{BASE}}; the server below replaces it with
// its own loopback address, as shared/tools/fixtureserver does.
const cdDir = "../testdata/chinadaily" // the gold outputs (expected/); the pages are fixtures.FS

func cdServer(t *testing.T) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := fixtures.ReadFile(strings.TrimPrefix(r.URL.Path, "/"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		b = bytes.ReplaceAll(b, []byte("{{BASE}}"), []byte(srv.URL))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if _, err := w.Write(b); err != nil {
			t.Errorf("serving %s: %v", r.URL.Path, err)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// httpGetter is a Getter over a real HTTP client.
func httpGetter(c *http.Client) Getter {
	return func(ctx context.Context, url string) ([]byte, string, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, "", err
		}
		resp, err := c.Do(req)
		if err != nil {
			return nil, "", err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, "", fmt.Errorf("HTTP %d", resp.StatusCode)
		}
		b, err := io.ReadAll(io.LimitReader(resp.Body, MaxPageBytes+1))
		return b, resp.Header.Get("Content-Type"), err
	}
}

type cdGold struct {
	URL        string   `json:"url"`
	Title      string   `json:"title"`
	Byline     string   `json:"byline"`
	Place      string   `json:"place"`
	Source     string   `json:"source"`
	Published  string   `json:"published"`
	Section    string   `json:"section"`
	Paragraphs []string `json:"paragraphs"`
	Captions   []string `json:"captions"`
	Pages      int      `json:"pages"`
}

func loadGold(t *testing.T, base string) map[string]cdGold {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(cdDir, "expected", "*.json"))
	if err != nil || len(files) != 12 {
		t.Fatalf("want 12 gold files, got %d (%v)", len(files), err)
	}
	out := map[string]cdGold{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.ReplaceAll(b, []byte("{{BASE}}"), []byte(base))
		var g cdGold
		if err := json.Unmarshal(b, &g); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".json")] = g
	}
	return out
}

func compareGold(t *testing.T, name string, j JSONArticle, g cdGold) {
	t.Helper()
	check := func(field string, got, want any) {
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %s = %#v, want %#v", name, field, got, want)
		}
	}
	check("url", j.URL, g.URL)
	check("title", j.Title, g.Title)
	check("byline", j.Byline, g.Byline)
	check("place", j.Place, g.Place)
	check("source", j.Source, g.Source)
	check("published", j.Published, g.Published)
	check("section", j.Section, g.Section)
	check("pages", j.Pages, g.Pages)
	check("captions", j.Captions, g.Captions)
	if !reflect.DeepEqual(j.Paragraphs, g.Paragraphs) {
		t.Errorf("%s: %d paragraphs, want %d", name, len(j.Paragraphs), len(g.Paragraphs))
		for i := 0; i < max(len(j.Paragraphs), len(g.Paragraphs)); i++ {
			var a, b string
			if i < len(j.Paragraphs) {
				a = j.Paragraphs[i]
			}
			if i < len(g.Paragraphs) {
				b = g.Paragraphs[i]
			}
			if a != b {
				t.Errorf("  paragraph %d:\n   got  %q\n   want %q", i, a, b)
			}
		}
	}
	check("text", j.Text, strings.Join(g.Paragraphs, "\n\n"))
}

// TestChinaDailyGold fetches every fixture article over loopback HTTP
// (following the seed's second page) and compares the JSON view with the
// gold file field by field.
func TestChinaDailyGold(t *testing.T) {
	srv := cdServer(t)
	gold := loadGold(t, srv.URL)
	get := httpGetter(srv.Client())
	for id, g := range gold {
		t.Run(id, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			a, err := Fetch(ctx, get, g.URL)
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			if a.Extractor != "chinadaily" {
				t.Fatalf("extractor %q, want chinadaily", a.Extractor)
			}
			compareGold(t, id, a.JSON(), g)
			if len(a.PageURLs) != g.Pages || a.PageURLs[0] != g.URL {
				t.Errorf("PageURLs = %v", a.PageURLs)
			}
			// Published is Beijing time, whatever the local zone.
			if _, off := a.Published.Zone(); off != 8*3600 {
				t.Errorf("zone offset %d, want +8h", off)
			}
			// Captions never leak into the body, and each figure gives
			// one image with an absolute URL.
			for _, p := range a.Paragraphs() {
				for _, c := range a.Captions() {
					if p == c {
						t.Errorf("caption %q in paragraphs", c)
					}
				}
			}
			if len(a.Images) < len(g.Captions) {
				t.Errorf("%d images for %d captions", len(a.Images), len(g.Captions))
			}
			for _, im := range a.Images {
				if !strings.HasPrefix(im, "http://img2.chinadaily.com.cn/images/") {
					t.Errorf("image URL %q", im)
				}
			}
		})
	}
}

// TestChinaDailySeedPages checks the two-page seed in detail: page 1
// alone, both pages joined in order, and the second page's text.
func TestChinaDailySeedPages(t *testing.T) {
	const id = "WS5dd344f2a310cf3e355784fb"
	base := "http://127.0.0.1:8080"
	gold := loadGold(t, base)[id]
	files := cdFiles(t, base)
	page1 := base + "/a/201911/19/" + id + ".html"
	page2 := base + "/a/201911/19/" + id + "_2.html"

	a, err := Extract(context.Background(), files[page1], page1)
	if err != nil {
		t.Fatal(err)
	}
	if a.Pages != 1 || !reflect.DeepEqual(a.Paragraphs(), gold.Paragraphs[:7]) {
		t.Errorf("page 1 alone: pages %d, %d paragraphs", a.Pages, len(a.Paragraphs()))
	}

	var fetched []string
	get := func(_ context.Context, u string) ([]byte, string, error) {
		fetched = append(fetched, u)
		b, ok := files[u]
		if !ok {
			return nil, "", fmt.Errorf("not found: %s", u)
		}
		return b, "text/html", nil
	}
	a, err = Fetch(context.Background(), get, page1)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{page1, page2}; !reflect.DeepEqual(fetched, want) {
		t.Errorf("fetched %v, want %v (page 2 links back to page 1; no loop)", fetched, want)
	}
	if a.Pages != 2 || !reflect.DeepEqual(a.PageURLs, []string{page1, page2}) {
		t.Errorf("pages %d %v", a.Pages, a.PageURLs)
	}
	if !reflect.DeepEqual(a.Paragraphs(), gold.Paragraphs) {
		t.Errorf("joined paragraphs differ from gold")
	}
	if !strings.Contains(a.Text(), "28,500 US troops stationed on the Korean Peninsula") {
		t.Errorf("second page text missing")
	}
	// Starting from page 2 still gives the whole article, page 1 first.
	fetched = nil
	b, err := Fetch(context.Background(), get, page2)
	if err != nil {
		t.Fatal(err)
	}
	if b.URL != page1 || b.Pages != 2 || !reflect.DeepEqual(b.Paragraphs(), gold.Paragraphs) || b.Title != gold.Title {
		t.Errorf("from page 2: url %s pages %d, %d paragraphs", b.URL, b.Pages, len(b.Paragraphs()))
	}
	// The caption block sits before the first paragraph, as in the page.
	if a.Blocks[0].Kind != Image || a.Blocks[1].Kind != Caption || a.Blocks[1].Text != "[Photo/IC]" || a.Blocks[0].Text != "[Photo/IC]" {
		t.Errorf("first blocks: %+v %+v", a.Blocks[0], a.Blocks[1])
	}
}

// cdFiles maps fixture URLs (under base) to page bodies with {{BASE}}
// replaced.
func cdFiles(t *testing.T, base string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := fs.WalkDir(fixtures.FS(), "a", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fixtures.ReadFile(p)
		if err != nil {
			return err
		}
		files[base+"/"+p] = bytes.ReplaceAll(b, []byte("{{BASE}}"), []byte(base))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestChinaDailyPagingLimits builds a synthetic article whose pages link
// onward forever, to other articles and off-site: Fetch follows only the
// same WS id, each page once, at most MaxPages pages.
func TestChinaDailyPagingLimits(t *testing.T) {
	const id = "WS5dd344f2a310cf3e355784fb"
	base := "http://127.0.0.1:9"
	seed, err := fixtures.ReadFile("a/201911/19/" + id + ".html")
	if err != nil {
		t.Fatal(err)
	}
	pageURL := func(n int) string {
		if n == 1 {
			return base + "/a/201911/19/" + id + ".html"
		}
		return fmt.Sprintf("%s/a/201911/19/%s_%d.html", base, id, n)
	}
	makePage := func(n int) []byte {
		s := strings.ReplaceAll(string(seed), "{{BASE}}", base)
		i := strings.Index(s, `<div id="div_currpage">`)
		j := strings.Index(s[i:], "</div>") + i
		links := fmt.Sprintf(`<div id="div_currpage"><a href="%s">self</a><a href="%s">next</a><a href="%s">prev</a>`+
			`<a href="%s/a/201911/19/WS5dd7b2f5a310cf3e35579770_2.html">other article</a>`+
			`<a href="http://evil.example/a/201911/19/%s_3.html">other host</a>`+
			`<a href="javascript:alert(1)">js</a>`,
			pageURL(n), pageURL(n+1), pageURL(max(n-1, 1)), base, id)
		s = s[:i] + links + s[j:]
		// Mark each page's first paragraph with its number.
		s = strings.Replace(s, "<p>Tokyo and Washington", fmt.Sprintf("<p>Page %d. Tokyo and Washington", n), 1)
		return []byte(s)
	}
	var fetched []string
	get := func(_ context.Context, u string) ([]byte, string, error) {
		fetched = append(fetched, u)
		for n := 1; n <= 50; n++ {
			if u == pageURL(n) {
				return makePage(n), "text/html; charset=utf-8", nil
			}
		}
		return nil, "", fmt.Errorf("unexpected fetch of %s", u)
	}
	a, err := Fetch(context.Background(), get, pageURL(1))
	if err != nil {
		t.Fatal(err)
	}
	if len(fetched) != MaxPages || a.Pages != MaxPages {
		t.Fatalf("fetched %d pages (%v), article has %d; want %d", len(fetched), fetched, a.Pages, MaxPages)
	}
	seen := map[string]bool{}
	for i, u := range fetched {
		if seen[u] {
			t.Errorf("%s fetched twice", u)
		}
		seen[u] = true
		if u != pageURL(i+1) {
			t.Errorf("fetch %d = %s, want %s", i, u, pageURL(i+1))
		}
	}
	paras := a.Paragraphs()
	k := 0
	for _, p := range paras {
		if strings.HasPrefix(p, "Page ") {
			k++
			if want := fmt.Sprintf("Page %d.", k); !strings.HasPrefix(p, want) {
				t.Errorf("page order: %q, want prefix %q", p[:10], want)
			}
		}
	}
	if k != MaxPages {
		t.Errorf("%d page markers, want %d", k, MaxPages)
	}
}

// TestChinaDailyMissingPage: a failing second page keeps the first and
// says so.
func TestChinaDailyMissingPage(t *testing.T) {
	const id = "WS5dd344f2a310cf3e355784fb"
	base := "http://127.0.0.1:8080"
	files := cdFiles(t, base)
	page1 := base + "/a/201911/19/" + id + ".html"
	get := func(_ context.Context, u string) ([]byte, string, error) {
		if u == page1 {
			return files[u], "text/html", nil
		}
		return nil, "", errors.New("HTTP 404")
	}
	a, err := Fetch(context.Background(), get, page1)
	if !errors.Is(err, ErrIncomplete) {
		t.Fatalf("err = %v, want ErrIncomplete", err)
	}
	if a == nil || a.Pages != 1 || len(a.Paragraphs()) != 7 {
		t.Fatalf("partial article: %+v", a)
	}
	// A failing first page is a plain error.
	if _, err := Fetch(context.Background(), get, base+"/a/201911/19/"+id+"_2.html"); err == nil || errors.Is(err, ErrIncomplete) {
		t.Errorf("first page failure: err = %v", err)
	}
}

func TestParseInfoLine(t *testing.T) {
	for _, c := range []struct {
		in, byline, place, source, published string
	}{
		{"By Wang Xu in Tokyo |\n   China Daily |\n   Updated: 2019-11-19 09:27", "Wang Xu", "Tokyo", "China Daily", "2019-11-19T09:27:00+08:00"},
		{"chinadaily.com.cn | Updated: 2019-11-21 11:30", "", "", "chinadaily.com.cn", "2019-11-21T11:30:00+08:00"},
		{"By Jiang Yuening | chinadaily.com.cn | Updated: 2019-11-16 14:20", "Jiang Yuening", "", "chinadaily.com.cn", "2019-11-16T14:20:00+08:00"},
		{"By Li Ming and Zhang Wei in Hong Kong | China Daily Global | Updated: 2020-01-02 08:00", "Li Ming and Zhang Wei", "Hong Kong", "China Daily Global", "2020-01-02T08:00:00+08:00"},
		{"Xinhua", "", "", "Xinhua", ""},
	} {
		b, p, s, pub := parseInfoLine(c.in)
		got := ""
		if !pub.IsZero() {
			got = pub.Format(time.RFC3339)
		}
		if b != c.byline || p != c.place || s != c.source || got != c.published {
			t.Errorf("parseInfoLine(%q) = %q %q %q %q", c.in, b, p, s, got)
		}
	}
}
