package export

import (
	"github.com/dateline-news/dateline/internal/fixtures"

	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
)

func sample() []Entry {
	pub := time.Date(2019, 11, 19, 9, 27, 0, 0, time.FixedZone("CST", 8*3600))
	art := &article.Article{
		Title: "Pressure kept on Seoul for intelligence pact with Japan", Byline: "Wang Xu", Place: "Tokyo",
		Source: "China Daily", Section: "Asia Pacific", Published: pub, Pages: 2,
		Blocks: []article.Block{
			{Kind: article.Image, Text: "[Photo/IC]"},
			{Kind: article.Paragraph, Text: "Tokyo and Washington continued to exert pressure on Seoul."},
			{Kind: article.Quote, Text: `"We discussed a wide range of issues," Esper said.`},
			{Kind: article.Paragraph, Text: "Tags <script>alert(1)</script> & *stars* stay text."},
		},
	}
	spans := []entity.Span{
		{Label: entity.Person, Text: "Taro Kono", Canonical: "Taro Kono"},
		{Label: entity.Person, Text: "Kono", Canonical: "Taro Kono"},
		{Label: entity.Place, Text: "Seoul", Canonical: "Seoul"},
	}
	return []Entry{
		{Item: feeds.Item{ID: "a1", Title: art.Title, Link: "https://example.org/a.html", SourceName: "China Daily", Published: pub}, Article: art, Entities: spans},
		// Same title and date: the file name must not collide.
		{Item: feeds.Item{ID: "a2", Title: art.Title, Link: "https://example.org/b.html", SourceName: "China Daily", Published: pub, Content: "Only the feed text.\n\nSecond paragraph."}},
		{Item: feeds.Item{ID: "a3", Title: "../../etc/passwd: CON", SourceName: "x"}},
		{Item: feeds.Item{ID: "a4", Title: "首尔 情报协定", SourceName: "y", Published: pub}},
		{Item: feeds.Item{ID: "a5", Title: "index", SourceName: "z"}},
	}
}

func writeAll(t *testing.T, f Format) (string, []string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	w, err := NewWriter(dir, f)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range sample() {
		n, err := w.Write(e)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, names
}

func TestFileNamesAreSafeAndUnique(t *testing.T) {
	dir, names := writeAll(t, Markdown)
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Errorf("duplicate name %q", n)
		}
		seen[n] = true
		if strings.ContainsAny(n, `/\:*?"<>|`) || strings.HasPrefix(n, ".") || n == "index.md" {
			t.Errorf("unsafe name %q", n)
		}
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s not written: %v", n, err)
		}
	}
	if names[0] != "2019-11-19-pressure-kept-on-seoul-for-intelligence-pact-with-japan.md" {
		t.Errorf("name %q", names[0])
	}
	if names[3] != "2019-11-19-首尔-情报协定.md" {
		t.Errorf("CJK name %q", names[3])
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(names)+1 { // plus index.md, no stray temp files
		t.Errorf("%d files in the folder", len(entries))
	}
}

func TestMarkdown(t *testing.T) {
	dir, names := writeAll(t, Markdown)
	b, _ := os.ReadFile(filepath.Join(dir, names[0]))
	md := string(b)
	for _, want := range []string{
		"# Pressure kept on Seoul for intelligence pact with Japan\n",
		"*Wang Xu · Tokyo · China Daily · Asia Pacific · 2019-11-19T09:27:00+08:00*",
		"Source: <https://example.org/a.html>",
		"[image: \\[Photo/IC\\]]",
		"> \"We discussed",
		"Tags &lt;script&gt;alert(1)&lt;/script&gt; & \\*stars\\* stay text.",
		"## Entities\n\n- Taro Kono (person, 2)\n- Seoul (place, 1)\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	b, _ = os.ReadFile(filepath.Join(dir, names[1]))
	if !strings.Contains(string(b), "Only the feed text.\n\nSecond paragraph.") {
		t.Errorf("feed-only entry:\n%s", b)
	}
	idx, _ := os.ReadFile(filepath.Join(dir, "index.md"))
	if strings.Count(string(idx), "\n- [") != 5 || !strings.Contains(string(idx), "]("+names[0]+")") {
		t.Errorf("index:\n%s", idx)
	}
}

func TestHTMLEscapes(t *testing.T) {
	dir, names := writeAll(t, HTML)
	b, _ := os.ReadFile(filepath.Join(dir, names[0]))
	h := string(b)
	if strings.Contains(h, "<script>") {
		t.Fatalf("unescaped markup:\n%s", h)
	}
	for _, want := range []string{"<h1>Pressure kept on Seoul", "&lt;script&gt;", "<blockquote>", `<a href="https://example.org/a.html">`, "<li>Taro Kono (person, 2)</li>"} {
		if !strings.Contains(h, want) {
			t.Errorf("html lacks %q", want)
		}
	}
}

func TestJSON(t *testing.T) {
	dir, names := writeAll(t, JSON)
	b, _ := os.ReadFile(filepath.Join(dir, names[0]))
	var d struct {
		Title, Byline, Link, Published string
		Paragraphs                     []string
		Entities                       []struct {
			Name     string
			Mentions int
		}
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	if d.Byline != "Wang Xu" || len(d.Paragraphs) != 3 || d.Entities[0].Name != "Taro Kono" || d.Entities[0].Mentions != 2 {
		t.Fatalf("%+v", d)
	}
	var idx []map[string]any
	b, _ = os.ReadFile(filepath.Join(dir, "index.json"))
	if err := json.Unmarshal(b, &idx); err != nil || len(idx) != 5 || idx[0]["file"] != names[0] {
		t.Fatalf("index %v %v", idx, err)
	}
	// the first has its article; the others are the feed's teaser
	if idx[0]["teaser"] != nil || idx[1]["teaser"] != true {
		t.Errorf("teaser marks: %v, %v", idx[0]["teaser"], idx[1]["teaser"])
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"md": Markdown, "Markdown": Markdown, "html": HTML, "JSON": JSON} {
		if f, err := ParseFormat(in); err != nil || f != want {
			t.Errorf("%s: %v %v", in, f, err)
		}
	}
	if _, err := ParseFormat("pdf"); err == nil {
		t.Error("pdf accepted")
	}
}

// Hostile links and titles: nothing in the Markdown can be read as raw
// HTML or as a second link. An autolink holds no space, '<', '>' or
// control; a link destination no space or parenthesis; a javascript:
// link is not written at all.
func TestMarkdownHostileLinksAndTitles(t *testing.T) {
	links := []string{
		"https://a.example/?q=><img src=x onerror=alert(1)>",
		"https://a.example/a b<script>alert(1)</script>",
		"https://a.example/(x)?y=\"z\"&w='v'#`f`",
		"https://a.example/path\\with\\backslashes",
		"https://例子.example/路径?q=首尔",
		"javascript:alert(document.cookie)",
		"data:text/html,<script>alert(1)</script>",
	}
	titles := []string{
		"](javascript:alert(1)) <img src=x onerror=alert(1)> [x",
		"<script>alert(1)</script>",
		"Title with `code` and *stars* and _under_ and #hash",
		"x](https://evil.example) ![img](https://evil.example/i.png)",
	}
	dir := filepath.Join(t.TempDir(), "out")
	w, err := NewWriter(dir, Markdown)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for i, link := range links {
		title := titles[i%len(titles)]
		n, err := w.Write(Entry{Item: feeds.Item{ID: fmt.Sprint(i), Title: title, Link: link, SourceName: "<b>src</b>", Content: "<iframe src=x>"}})
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, n)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	autolink := regexp.MustCompile(`^Source: <([^<>\s]*)>$`)
	for i, n := range files {
		b, _ := os.ReadFile(filepath.Join(dir, n))
		md := string(b)
		var src []string
		for _, line := range strings.Split(md, "\n") {
			if strings.HasPrefix(line, "Source:") {
				src = append(src, line)
			} else if strings.ContainsAny(line, "<>") {
				t.Errorf("%s: a raw '<' or '>' outside the autolink: %q", n, line)
			}
		}
		unsafe := strings.HasPrefix(links[i], "javascript:") || strings.HasPrefix(links[i], "data:")
		if unsafe {
			if len(src) != 0 {
				t.Errorf("%s: unsafe link written: %q", n, src)
			}
			continue
		}
		if len(src) != 1 || !autolink.MatchString(src[0]) {
			t.Errorf("%s: source line %q is not one clean autolink", n, src)
			continue
		}
		target := autolink.FindStringSubmatch(src[0])[1]
		if strings.ContainsAny(target, "()\"'`\\") || !strings.HasPrefix(target, "https://") {
			t.Errorf("%s: target %q", n, target)
		}
		// Decoded, it is the same URL as the library's.
		want, _ := url.PathUnescape(feeds.SafeLink(links[i], ""))
		if dec, err := url.PathUnescape(target); err != nil || dec != want {
			t.Errorf("%s: %q decodes to %q (%v), want %q", n, target, dec, err, want)
		}
	}
	idx, _ := os.ReadFile(filepath.Join(dir, "index.md"))
	// A "](" that is not backslash-escaped starts a link destination:
	// one per line, the file's.
	dest := regexp.MustCompile(`(?:^|[^\\])\]\(([^)]*)\)`)
	var lines []string
	for _, line := range strings.Split(string(idx), "\n") {
		if strings.HasPrefix(line, "- ") {
			lines = append(lines, line)
		}
	}
	if len(lines) != len(files) {
		t.Fatalf("%d index lines for %d files", len(lines), len(files))
	}
	for i, line := range lines {
		ms := dest.FindAllStringSubmatch(line, -1)
		if len(ms) != 1 || ms[0][1] != mdURL(files[i]) {
			t.Errorf("index line %q: destinations %q, want only %q", line, ms, files[i])
		}
	}
}

func TestMDURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://a.example/a.html":            "https://a.example/a.html",
		"https://a.example/?q=1&r=2#top":      "https://a.example/?q=1&r=2#top",
		"https://a.example/a b":               "https://a.example/a%20b",
		"https://a.example/<x>":               "https://a.example/%3Cx%3E",
		"https://a.example/(x)":               "https://a.example/%28x%29",
		"http://[::1]:8080/x":                 "http://[::1]:8080/x",
		"2019-11-19-首尔.md":                    "2019-11-19-%E9%A6%96%E5%B0%94.md",
		"https://a.example/%E9%A6%96?q=%3C":   "https://a.example/%E9%A6%96?q=%3C",
		"https://a.example/\"'`\\\n\x00\x7f*": "https://a.example/%22%27%60%5C%0A%00%7F%2A",
	} {
		if got := mdURL(in); got != want {
			t.Errorf("mdURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// On a real China Daily page: the photo's caption, which the page writes
// as the image's alt text and again below it, is written once, the image
// is an image, and a link in the text stays a link.
func TestCaptionOnceAndLinksKept(t *testing.T) {
	page, err := fixtures.ReadFile("a/201911/19/WS5dd344f2a310cf3e355784fb.html")
	if err != nil {
		t.Fatal(err)
	}
	a, err := article.Extract(context.Background(), page, "https://www.chinadaily.com.cn/a/201911/19/WS5dd344f2a310cf3e355784fb.html")
	if err != nil {
		t.Fatal(err)
	}
	// a link in a paragraph, as reader mode records it
	for i, b := range a.Blocks {
		if j := strings.Index(b.Text, "Kyodo News"); j >= 0 && b.Kind == article.Paragraph {
			a.Blocks[i].Links = []article.InlineLink{{Start: j, End: j + len("Kyodo News"), URL: "https://english.kyodonews.net/"}}
		}
	}
	it := feeds.Item{ID: "seed", Title: a.Title, SourceName: "China Daily", Link: a.URL}
	for _, f := range []Format{Markdown, HTML} {
		dir := t.TempDir()
		w, _ := NewWriter(dir, f)
		name, err := w.Write(Entry{Item: it, Article: a})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(filepath.Join(dir, name))
		out := string(b)
		if n := strings.Count(out, "Photo/IC"); n != 1 {
			t.Errorf("%s: the caption is written %d times:\n%.600s", f, n, out)
		}
		wantLink := map[Format]string{Markdown: "[Kyodo News](https://english.kyodonews.net/)", HTML: `<a href="https://english.kyodonews.net/">Kyodo News</a>`}[f]
		wantImg := map[Format]string{Markdown: "![](", HTML: "<img src="}[f]
		if !strings.Contains(out, wantLink) || !strings.Contains(out, wantImg) {
			t.Errorf("%s: want %q and %q in:\n%.1200s", f, wantLink, wantImg, out)
		}
		if strings.Contains(out, "teaser") {
			t.Errorf("%s: an article with its text is marked a teaser", f)
		}
	}
}

// A link target that is not http(s) is written as text, never a link.
func TestUnsafeInlineLinkIsText(t *testing.T) {
	a := &article.Article{Blocks: []article.Block{{Kind: article.Paragraph, Text: "click here now",
		Links: []article.InlineLink{{Start: 6, End: 10, URL: "javascript:alert(1)"}}}}}
	dir := t.TempDir()
	w, _ := NewWriter(dir, Markdown)
	name, _ := w.Write(Entry{Item: feeds.Item{ID: "x", Title: "x"}, Article: a})
	b, _ := os.ReadFile(filepath.Join(dir, name))
	if strings.Contains(string(b), "javascript") || !strings.Contains(string(b), "click here now") {
		t.Errorf("%s", b)
	}
}

// A kept picture is embedded in the HTML file as a data: URI; a picture
// not kept, or bytes that are no picture, stay the link.
func TestHTMLEmbedsKeptPictures(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	art := &article.Article{Title: "Photos", Blocks: []article.Block{
		{Kind: article.Image, Text: "kept", Src: "https://img.example/kept.png"},
		{Kind: article.Image, Text: "not kept", Src: "https://img.example/other.png"},
		{Kind: article.Image, Text: "html in disguise", Src: "https://img.example/evil.png"},
	}}
	dir := filepath.Join(t.TempDir(), "out")
	w, err := NewWriter(dir, HTML)
	if err != nil {
		t.Fatal(err)
	}
	name, err := w.Write(Entry{Item: feeds.Item{ID: "p", Title: "Photos"}, Article: art, Images: map[string]Picture{
		"https://img.example/kept.png": {Data: png},
		"https://img.example/evil.png": {Data: []byte("<html><script>alert(1)</script>")},
	}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, name))
	h := string(b)
	for _, want := range []string{
		`<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==" alt="kept">`,
		`<img src="https://img.example/other.png" alt="not kept">`,
		`<img src="https://img.example/evil.png" alt="html in disguise">`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("html lacks %s:\n%s", want, h)
		}
	}
}
