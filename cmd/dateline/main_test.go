package main

import (
	"github.com/dateline-news/dateline/internal/fixtures"

	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds/feedstest"
	"github.com/dateline-news/dateline/store"
)

// runCLI runs the program in-process and returns its exit code and output.
func runCLI(t *testing.T, home string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	vars := map[string]string{
		"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, "config"), "XDG_DATA_HOME": filepath.Join(home, "data"),
	}
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(k string) string { return vars[k] }}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	code := run(ctx, e, args)
	return code, out.String(), errb.String()
}

// writeFile writes a test's file, or fails the test.
func writeFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBadConfigExits2WithFileLineField(t *testing.T) {
	home := t.TempDir()
	cfg := filepath.Join(home, "bad.toml")
	if err := os.WriteFile(cfg, []byte("theme = \"dark\"\n\n[[sources]]\nname = \"x\"\nurl = \"ftp://example.org/feed\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, verb := range [][]string{{"--config", cfg}, {"headlines", "--config", cfg}} {
		code, _, stderr := runCLI(t, home, "", verb...)
		if code != 2 {
			t.Fatalf("%v: exit %d, want 2 (%s)", verb, code, stderr)
		}
		if !strings.Contains(stderr, cfg+":5: sources[1].url:") {
			t.Fatalf("%v: stderr %q lacks file:line: field", verb, stderr)
		}
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	home := t.TempDir()
	for _, args := range [][]string{{"nosuchverb"}, {"headlines", "--nosuchflag"}, {"extract"}, {"headlines", "--feed", "javascript:alert(1)"}, {"export", "--format", "pdf", "x"}} {
		if code, _, stderr := runCLI(t, home, "", args...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	for _, args := range [][]string{{"--help"}, {"headlines", "--help"}, {"help", "extract"}, {"version"}} {
		code, out, _ := runCLI(t, home, "", args...)
		if code != 0 || out == "" {
			t.Errorf("%v: exit %d, out %q", args, code, out)
		}
	}
}

func TestHeadlinesJSON(t *testing.T) {
	srv := fixtureServer(t)
	home := t.TempDir()
	code, out, stderr := runCLI(t, home, "", "headlines", "--json", "--feed", srv.URL+"/world/asia_pacific", "--feed", srv.URL+"/rss/world_rss.xml", "--feed", srv.URL+"/nope.xml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "404") {
		t.Errorf("the failing source is not reported: %q", stderr)
	}
	var hs []map[string]string
	if err := json.Unmarshal([]byte(out), &hs); err != nil {
		t.Fatal(err)
	}
	if len(hs) != 12 { // 8 Asia-Pacific items are also in the World feed: merged, not doubled
		t.Fatalf("want 12 merged headlines, got %d", len(hs))
	}
	for _, k := range []string{"id", "title", "link", "source", "author", "published", "summary"} {
		if _, ok := hs[0][k]; !ok {
			t.Errorf("field %q missing", k)
		}
	}
	var seed map[string]string
	for _, h := range hs {
		if strings.HasPrefix(h["title"], "Pressure kept on Seoul") {
			seed = h
		}
	}
	if seed == nil || seed["published"] != "2019-11-19T09:27:00+08:00" || seed["author"] != "Wang Xu" {
		t.Fatalf("seed: %+v", seed)
	}

	code, out, _ = runCLI(t, home, "", "headlines", "--filter", "GSOMIA", "--feed", srv.URL+"/rss/world_rss.xml")
	if code != 0 || strings.Count(strings.TrimSpace(out), "\n") != 0 || !strings.Contains(out, "Pressure kept on Seoul") {
		t.Fatalf("filter: exit %d\n%s", code, out)
	}
}

// With no source reachable, headlines lists what the library holds from
// them, says which failed on stderr, and exits 0 (--strict: 1).
func TestHeadlinesAllSourcesFail(t *testing.T) {
	srv := fixtureServer(t)
	home := t.TempDir()
	args := []string{"headlines", "--feed", srv.URL + "/world/asia_pacific", "--feed", srv.URL + "/rss/world_rss.xml"}
	code, before, stderr := runCLI(t, home, "", args...)
	if code != 0 || strings.Count(before, "\n") != 12 {
		t.Fatalf("exit %d: %s\n%s", code, before, stderr)
	}
	srv.Close()
	code, out, stderr := runCLI(t, home, "", args...)
	if code != 0 || out != before {
		t.Errorf("unreachable: exit %d, listed\n%s\nwant\n%s", code, out, before)
	}
	if !strings.Contains(stderr, "no source could be read; listing what the library holds") {
		t.Errorf("stderr does not say the list is the library's: %s", stderr)
	}
	// named by the titles their feeds gave when they last answered
	if !strings.Contains(stderr, "dateline: Asia Pacific: http://") || !strings.Contains(stderr, "dateline: China Daily > World: http://") {
		t.Errorf("each failed source is not named on stderr: %s", stderr)
	}
	code, out, stderr = runCLI(t, home, "", append(args, "--strict")...)
	if code != 1 || out != before {
		t.Errorf("--strict: exit %d, %d lines", code, strings.Count(out, "\n"))
	}
	// Within a minute of the failure the sources are backing off: not
	// fetched, and stderr says until when and how to try now.
	if !strings.Contains(stderr, "dateline: China Daily > World: not fetched: failed: next try at ") || !strings.Contains(stderr, "(--retry tries it now)") {
		t.Errorf("backing off: %s", stderr)
	}
	code, out, stderr = runCLI(t, home, "", append(args, "--retry")...)
	if code != 0 || out != before || !strings.Contains(stderr, "connection refused") || strings.Contains(stderr, "not fetched") {
		t.Errorf("--retry: exit %d\n%s", code, stderr)
	}
	// A source that never answered has nothing in the library: an empty
	// list, and the failure on stderr.
	code, out, stderr = runCLI(t, t.TempDir(), "", "headlines", "--feed", srv.URL+"/bad/empty.xml")
	if code != 0 || out != "" || !strings.Contains(stderr, "no source could be read") {
		t.Errorf("never reached: exit %d %q %s", code, out, stderr)
	}
}

func TestConfigInitAndSources(t *testing.T) {
	home := t.TempDir()
	if code, out, _ := runCLI(t, home, "", "config", "init"); code != 0 || !strings.Contains(out, "config.toml") {
		t.Fatalf("init: %d %s", code, out)
	}
	if code, _, stderr := runCLI(t, home, "", "config", "init"); code != 1 || !strings.Contains(stderr, "already exists") {
		t.Fatalf("second init: %d %s", code, stderr)
	}
	if code, _, _ := runCLI(t, home, "", "sources", "add", "https://example.org/rss", "--name", "Example", "--no-check"); code != 0 {
		t.Fatal("add failed")
	}
	_, out, _ := runCLI(t, home, "", "sources", "list")
	if !strings.Contains(out, "Example\thttps://example.org/rss") || !strings.Contains(out, "China Daily") {
		t.Fatalf("list: %s", out)
	}
	_, opml, _ := runCLI(t, home, "", "sources", "export")
	f := filepath.Join(home, "s.opml")
	writeFile(t, f, []byte(strings.Replace(opml, "https://example.org/rss", "https://example.net/feed", 1)))
	if code, out, _ := runCLI(t, home, "", "sources", "import", f); code != 0 || !strings.Contains(out, "imported 1 of 3") {
		t.Fatalf("import: %d %s", code, out)
	}
}

func TestExtractVerb(t *testing.T) {
	srv := fixtureServer(t)
	home := t.TempDir()
	seed := srv.URL + "/a/201911/19/WS5dd344f2a310cf3e355784fb.html"
	code, out, stderr := runCLI(t, home, "", "extract", "--json", seed)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var a struct {
		Title, Byline, Place, Source, Published, Section, Text string
		Pages                                                  int
		Paragraphs, Captions                                   []string
	}
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	if a.Pages != 2 || len(a.Paragraphs) != 13 || a.Byline != "Wang Xu" || a.Place != "Tokyo" ||
		a.Published != "2019-11-19T09:27:00+08:00" || a.Section != "Asia Pacific" || len(a.Captions) != 1 {
		t.Fatalf("%+v", a)
	}
	if a.Text != strings.Join(a.Paragraphs, "\n\n") {
		t.Error("text is not the paragraphs joined by blank lines")
	}
	// A saved page read from stdin: one page, plain text.
	page, err := fixtures.ReadFile("a/201911/19/WS5dd344f2a310cf3e355784fb.html")
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCLI(t, home, string(page), "extract", "-")
	if code != 0 || !strings.HasPrefix(out, "Pressure kept on Seoul for intelligence pact with Japan\n") || !strings.Contains(out, "Taro Kono") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if code, _, stderr := runCLI(t, home, "", "extract", srv.URL+"/_fault/status/404/x.html"); code != 1 || !strings.Contains(stderr, "404") {
		t.Fatalf("404: exit %d %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, home, "\x89PNG\r\n\x1a\n\x00\x00", "extract", "-"); code != 1 || stderr == "" {
		t.Fatalf("binary: exit %d %s", code, stderr)
	}
}

func TestEntitiesVerb(t *testing.T) {
	home := t.TempDir()
	text := "Japanese Defense Minister Taro Kono met Mark Esper in Bangkok. Esper later flew to Seoul."
	code, out, _ := runCLI(t, home, text, "entities", "--json", "-")
	if code != 0 {
		t.Fatal(code)
	}
	var spans []struct {
		Start, End             int
		Label, Text, Canonical string
	}
	if err := json.Unmarshal([]byte(out), &spans); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range spans {
		if text[s.Start:s.End] != s.Text {
			t.Errorf("offsets %d-%d do not give %q", s.Start, s.End, s.Text)
		}
		got[s.Text] = s.Label + ":" + s.Canonical
	}
	for k, v := range map[string]string{"Taro Kono": "PERSON:Taro Kono", "Bangkok": "PLACE:Bangkok", "Esper": "PERSON:Mark Esper", "Seoul": "PLACE:Seoul"} {
		if got[k] != v {
			t.Errorf("%s: got %q want %q", k, got[k], v)
		}
	}
	in := `{"id": "a", "text": "Xi Jinping visited Tokyo."}` + "\n" + `{"id": 7, "text": "ASEAN met."}` + "\n"
	code, out, _ = runCLI(t, home, in, "entities", "--jsonl")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !strings.Contains(lines[0], `"Xi Jinping"`) || !strings.HasPrefix(lines[1], `{"id":7`) {
		t.Fatalf("jsonl: exit %d\n%s", code, out)
	}
	if code, _, stderr := runCLI(t, home, "not json\n", "entities", "--jsonl"); code != 1 || !strings.Contains(stderr, "stdin:1:") {
		t.Fatalf("bad jsonl: exit %d %s", code, stderr)
	}
	// FILE, as the usage says; a bad line in the middle is reported with
	// its file and line, and the lines after it are still answered.
	f := filepath.Join(home, "batch.jsonl")
	writeFile(t, f, []byte(`{"id":"a","text":"Xi Jinping visited Tokyo."}`+"\n{oops\n"+`{"id":"c","text":"ASEAN met in Hanoi."}`+"\n"))
	code, out, stderr := runCLI(t, home, "", "entities", "--jsonl", f)
	if code != 1 || strings.Count(out, "\n") != 2 || !strings.Contains(out, `{"id":"c"`) ||
		!strings.Contains(stderr, f+":2:") || !strings.Contains(stderr, "1 of 3 lines") {
		t.Errorf("batch from a file: exit %d\n%s\n%s", code, out, stderr)
	}
}

// The sample edition runs every layer, library included, but never
// touches the real library and leaves nothing behind.
func TestDemoNeverMixesIntoTheLibrary(t *testing.T) {
	home := t.TempDir()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	code, out, stderr := runCLI(t, home, "", "headlines", "--demo")
	if code != 0 || !strings.Contains(out, "Pressure kept on Seoul") {
		t.Fatalf("exit %d: %s\n%s", code, out, stderr)
	}
	if _, err := os.Stat(filepath.Join(home, "data", "dateline")); !os.IsNotExist(err) {
		t.Errorf("the real data dir was touched: %v", err)
	}
	left, _ := os.ReadDir(tmp)
	if len(left) != 0 {
		t.Errorf("sample library left behind: %v", left)
	}
}

// The library verbs: headlines keeps what it fetched; search, save,
// export and headlines --offline read it back.
func TestLibraryVerbs(t *testing.T) {
	srv := fixtureServer(t)
	home := t.TempDir()
	lib := filepath.Join(home, "lib")
	feedsArgs := []string{"--feed", srv.URL + "/world/asia_pacific", "--feed", srv.URL + "/rss/world_rss.xml", "--data-dir", lib}
	if code, _, stderr := runCLI(t, home, "", append([]string{"headlines"}, feedsArgs...)...); code != 0 {
		t.Fatalf("headlines: %d %s", code, stderr)
	}
	code, out, stderr := runCLI(t, home, "", "search", "--json", "--data-dir", lib, "GSOMIA")
	if code != 0 {
		t.Fatalf("search: %d %s", code, stderr)
	}
	var hs []map[string]string
	if err := json.Unmarshal([]byte(out), &hs); err != nil || len(hs) != 1 || !strings.HasPrefix(hs[0]["title"], "Pressure kept on Seoul") {
		t.Fatalf("search GSOMIA: %v %s", err, out)
	}
	id := hs[0]["id"]
	if code, out, stderr := runCLI(t, home, "", "save", "--data-dir", lib, id); code != 0 || !strings.Contains(out, id) {
		t.Fatalf("save: %d %s %s", code, out, stderr)
	}
	// After saving, the article's own text (page 2 included) is searchable.
	if code, out, _ := runCLI(t, home, "", "search", "--data-dir", lib, `"Foreign Ministry spokesman" is:saved`); code != 0 || !strings.Contains(out, id) {
		t.Fatalf("search page-2 text: %d %s", code, out)
	}
	if code, out, _ := runCLI(t, home, "", "search", "--data-dir", lib, `person:"Taro Kono"`); code != 0 || !strings.Contains(out, id) {
		t.Fatalf("search person: %d %s", code, out)
	}
	dir := filepath.Join(home, "export")
	if code, out, stderr := runCLI(t, home, "", "export", "--format", "md", "--saved", "--data-dir", lib, dir); code != 0 || out != "exported 1 article to "+dir+"\n" {
		t.Fatalf("export: %d %q %s", code, out, stderr)
	}
	// Everything: the items never opened or saved are the feed's teaser
	// only, and the command and the index say so.
	all := filepath.Join(home, "export-all")
	code, out, stderr = runCLI(t, home, "", "export", "--format", "md", "--data-dir", lib, all)
	if code != 0 || !strings.Contains(out, "exported 12 articles to ") || !strings.Contains(out, "11 of them are only the feed's teaser") {
		t.Fatalf("export all: %d %q %s", code, out, stderr)
	}
	if idx, _ := os.ReadFile(filepath.Join(all, "index.md")); strings.Count(string(idx), "teaser only") != 11 {
		t.Errorf("the index marks %d teasers, want 11:\n%s", strings.Count(string(idx), "teaser only"), idx)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	if len(files) != 2 { // the article and index.md
		t.Fatalf("export wrote %v", files)
	}
	exportKeptPicture(t, home, lib, id)
	srv.Close()
	code, out, _ = runCLI(t, home, "", append([]string{"headlines", "--offline"}, feedsArgs...)...)
	if code != 0 || strings.Count(out, "\n") != 12 {
		t.Fatalf("offline headlines: %d\n%s", code, out)
	}
	if code, _, stderr := runCLI(t, home, "", "save", "--data-dir", lib, "no-such-id"); code != 1 || !strings.Contains(stderr, "no item") {
		t.Fatalf("save unknown: %d %s", code, stderr)
	}
}

// exportKeptPicture keeps a picture of the saved article id in the
// library (as the reader does when it shows it) and checks that the HTML
// export embeds it.
func exportKeptPicture(t *testing.T, home, lib, id string) {
	t.Helper()
	s, err := store.Open(filepath.Join(lib, "library.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := s.Article(context.Background(), id)
	src := ""
	for _, b := range a.Blocks {
		if b.Kind == article.Image && b.Src != "" && src == "" {
			src = b.Src
		}
	}
	if err != nil || src == "" {
		t.Fatalf("the saved article has no picture: %v", err)
	}
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	if err := s.PutImage(context.Background(), id, store.Image{URL: src, ContentType: "image/png", Data: png}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(home, "export-html")
	if code, out, stderr := runCLI(t, home, "", "export", "--format", "html", "--saved", "--data-dir", lib, dir); code != 0 {
		t.Fatalf("export html: %d %q %s", code, out, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "2*.html"))
	if len(files) != 1 {
		t.Fatalf("export wrote %v", files)
	}
	page, _ := os.ReadFile(files[0])
	if !strings.Contains(string(page), `<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUg=="`) {
		t.Errorf("the kept picture is not embedded:\n%s", page)
	}
}

// condServer serves the World RSS fixture with an ETag and Last-Modified,
// answers a matching If-None-Match with 304, and counts what it is sent.
type condServer struct {
	*httptest.Server
	mu                     sync.Mutex
	requests, conditional  int
	notModified            int
	ifNoneMatch, ifModSinc []string
}

const condETag = `"world-rss-1"`

func newCondServer(t *testing.T) *condServer {
	t.Helper()
	raw, err := fixtures.ReadFile("rss/world_rss.xml")
	if err != nil {
		t.Fatalf("fixtures missing: %v", err)
	}
	lastMod := time.Date(2019, 11, 22, 12, 0, 0, 0, time.UTC).Format(http.TimeFormat)
	cs := &condServer{}
	var body []byte
	cs.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inm, ims := r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since")
		cs.mu.Lock()
		cs.requests++
		if inm != "" || ims != "" {
			cs.conditional++
			cs.ifNoneMatch = append(cs.ifNoneMatch, inm)
			cs.ifModSinc = append(cs.ifModSinc, ims)
		}
		notMod := inm == condETag
		if notMod {
			cs.notModified++
		}
		cs.mu.Unlock()
		w.Header().Set("ETag", condETag)
		w.Header().Set("Last-Modified", lastMod)
		if notMod {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		_, _ = w.Write(body) // a client gone away is the client's business
	}))
	body = feedstest.Substitute(raw, "http://"+cs.Listener.Addr().String())
	cs.Start()
	t.Cleanup(cs.Close)
	return cs
}

func (cs *condServer) counts() (requests, conditional, notModified int) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.requests, cs.conditional, cs.notModified
}

// A second run of headlines sends the validators the library kept from
// the first (a conditional GET); the 304 lists the stored headlines, the
// same as the first run printed.
func TestHeadlinesConditionalGet(t *testing.T) {
	cs := newCondServer(t)
	home := t.TempDir()
	lib := filepath.Join(home, "lib")
	args := []string{"headlines", "--json", "--feed", cs.URL + "/rss/world_rss.xml", "--data-dir", lib}
	code, first, stderr := runCLI(t, home, "", args...)
	if code != 0 {
		t.Fatalf("first run: exit %d: %s", code, stderr)
	}
	if n, c, _ := cs.counts(); n != 1 || c != 0 {
		t.Fatalf("first run: %d requests, %d conditional; want 1, 0", n, c)
	}
	var hs []headlineJSON
	if err := json.Unmarshal([]byte(first), &hs); err != nil || len(hs) != 12 {
		t.Fatalf("first run: %d headlines, %v\n%s", len(hs), err, first)
	}

	code, second, stderr := runCLI(t, home, "", args...)
	if code != 0 {
		t.Fatalf("second run: exit %d: %s", code, stderr)
	}
	n, c, nm := cs.counts()
	if n != 2 || c != 1 || nm != 1 {
		t.Fatalf("second run: %d requests, %d conditional, %d answered 304; want 2, 1, 1", n, c, nm)
	}
	cs.mu.Lock()
	inm, ims := cs.ifNoneMatch[0], cs.ifModSinc[0]
	cs.mu.Unlock()
	if inm != condETag || ims == "" {
		t.Errorf("validators sent: If-None-Match %q, If-Modified-Since %q", inm, ims)
	}
	if second != first {
		t.Errorf("the 304 run printed other headlines:\nfirst:\n%s\nsecond:\n%s", first, second)
	}
	// The text listing and a filter read the stored items too.
	code, out, stderr := runCLI(t, home, "", "headlines", "--filter", "GSOMIA", "--feed", cs.URL+"/rss/world_rss.xml", "--data-dir", lib)
	if code != 0 || strings.Count(out, "\n") != 1 || !strings.Contains(out, "Pressure kept on Seoul") {
		t.Fatalf("filtered 304 run: exit %d\n%s\n%s", code, out, stderr)
	}
	if _, _, nm := cs.counts(); nm != 2 {
		t.Errorf("the filtered run was not answered 304 (%d 304s)", nm)
	}

	// A 304 the library cannot back (its items were pruned) is fetched
	// again without validators.
	st, err := store.Open(filepath.Join(lib, "library.db"), store.Options{Entities: entity.Extract, Regions: entity.Regions})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := st.Prune(context.Background(), time.Now().Add(time.Hour)); err != nil || n != 12 {
		t.Fatalf("prune: %d, %v", n, err)
	}
	st.Close()
	code, third, stderr := runCLI(t, home, "", args...)
	if code != 0 || third != first {
		t.Fatalf("run after pruning: exit %d %s\n%s", code, stderr, third)
	}
	if n, c, nm := cs.counts(); n != 5 || c != 3 || nm != 3 {
		t.Errorf("after pruning: %d requests, %d conditional, %d 304s; want 5, 3, 3", n, c, nm)
	}

	// Another source in the library that carries some of the same
	// articles (stored under whichever source brought them first) does not
	// change what a 304 lists: the items this feed sent last time, as this
	// feed's.
	other := fixtureServer(t)
	if code, _, stderr := runCLI(t, home, "", "headlines", "--feed", other.URL+"/world/asia_pacific", "--data-dir", lib); code != 0 {
		t.Fatalf("other source: exit %d: %s", code, stderr)
	}
	code, fourth, stderr := runCLI(t, home, "", args...)
	if code != 0 || fourth != first {
		t.Fatalf("run with another source in the library: exit %d %s\n%s", code, stderr, fourth)
	}
	if n, c, nm := cs.counts(); n != 6 || c != 4 || nm != 4 {
		t.Errorf("with another source in the library: %d requests, %d conditional, %d 304s; want 6, 4, 4", n, c, nm)
	}
}

// Entity and region filters work on headlines fetched live: the items'
// entities are found as the library finds them, so the live listing
// agrees with a search of the library for the same query.
func TestHeadlinesEntityFilterLive(t *testing.T) {
	srv := fixtureServer(t)
	home := t.TempDir()
	lib := filepath.Join(home, "lib")
	feed := srv.URL + "/rss/world_rss.xml"
	code, out, stderr := runCLI(t, home, "", "headlines", "--filter", `person:"Taro Kono"`, "--feed", feed, "--data-dir", lib)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 1 || !strings.Contains(lines[0], "Pressure kept on Seoul for intelligence pact") {
		t.Fatalf(`person:"Taro Kono" lists:\n%s`, out)
	}
	titles := func(js string) []string {
		var hs []headlineJSON
		if err := json.Unmarshal([]byte(js), &hs); err != nil {
			t.Fatalf("%v\n%s", err, js)
		}
		var ts []string
		for _, h := range hs {
			ts = append(ts, h.Title)
		}
		sort.Strings(ts)
		return ts
	}
	for _, q := range []string{
		`person:"Taro Kono"`, `-person:"Taro Kono"`, "place:Seoul", "place:Tokyo GSOMIA", `org:"Association of Southeast Asian Nations"`,
		`entity:"Mark Esper"`, `region:"Southeast Asia"`, `region:"East Asia"`, "region:Asia-Pacific", "-region:Asia-Pacific",
		"region:apac", "person:kono", "place:seo",
	} {
		// The first query's run stored the items: this one answers from
		// the library (304) and is compared with search on the same file.
		code, live, stderr := runCLI(t, home, "", "headlines", "--json", "--filter", q, "--feed", feed, "--data-dir", lib)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", q, code, stderr)
		}
		// A fresh library each time for the live run: no 304, the items
		// come from the feed.
		code, fresh, stderr := runCLI(t, home, "", "headlines", "--json", "--filter", q, "--feed", feed, "--data-dir", t.TempDir())
		if code != 0 {
			t.Fatalf("%s fresh: exit %d: %s", q, code, stderr)
		}
		code, lib, stderr := runCLI(t, home, "", "search", "--json", "--limit", "100", "--data-dir", lib, "--", q)
		if code != 0 {
			t.Fatalf("%s search: exit %d: %s", q, code, stderr)
		}
		got, fromFeed, want := titles(live), titles(fresh), titles(lib)
		if len(want) == 0 || len(want) == 12 {
			t.Errorf("%s: the library finds %d of 12; a poor test case", q, len(want))
		}
		if strings.Join(fromFeed, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: live headlines\n%s\nlibrary search\n%s", q, strings.Join(fromFeed, "\n"), strings.Join(want, "\n"))
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: headlines after a 304\n%s\nlibrary search\n%s", q, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// headlines stores each source's result as soon as its fetch ends: the
// library has the fast source's headlines while a slow source is still
// being fetched.
func TestHeadlinesStoresEachSourceAsItEnds(t *testing.T) {
	srv := fixtureServer(t)
	release := make(chan struct{})
	var once sync.Once
	unblock := func() { once.Do(func() { close(release) }) }
	defer unblock()
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		_, _ = w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title>
<item><title>A late headline</title><link>http://slow.example/late.html</link><pubDate>Fri, 22 Nov 2019 10:00:00 GMT</pubDate></item>
</channel></rss>`))
	}))
	defer slow.Close()
	home := t.TempDir()
	lib := filepath.Join(home, "lib")
	type result struct {
		code        int
		out, stderr string
	}
	done := make(chan result, 1)
	go func() {
		code, out, stderr := runCLI(t, home, "", "headlines", "--feed", slow.URL+"/feed.xml", "--feed", srv.URL+"/rss/world_rss.xml", "--data-dir", lib)
		done <- result{code, out, stderr}
	}()
	stored := 0
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline) && stored < 12; time.Sleep(20 * time.Millisecond) {
		st, err := store.Open(filepath.Join(lib, "library.db"), store.Options{ReadOnly: true})
		if err != nil {
			continue // not created yet
		}
		stored, _ = st.Count(context.Background())
		st.Close()
	}
	unblock()
	r := <-done
	if stored < 12 {
		t.Fatalf("the fast source's 12 headlines were not in the library while the slow one was fetched (%d)", stored)
	}
	if r.code != 0 || strings.Count(r.out, "\n") != 13 || !strings.Contains(r.out, "A late headline") {
		t.Fatalf("exit %d: %s\n%s", r.code, r.stderr, r.out)
	}
}

// TestSourcesAddChecksTheFeed: sources add fetches the URL first, names
// the source by the feed's own title, and refuses a URL that does not
// answer with a feed (unless --no-check).
func TestSourcesAddChecksTheFeed(t *testing.T) {
	srv := fixtureServer(t)
	home := t.TempDir()
	cfg := filepath.Join(home, "c.toml")
	writeFile(t, cfg, []byte("allow_private_addresses = true\n"))
	code, out, stderr := runCLI(t, home, "", "sources", "add", "--config", cfg, srv.URL+"/rss/world_rss.xml")
	if code != 0 {
		t.Fatalf("add: exit %d %s", code, stderr)
	}
	_, list, _ := runCLI(t, home, "", "sources", "list", "--config", cfg)
	if name := strings.SplitN(strings.TrimSpace(list), "\t", 2)[0]; name != "China Daily > World" || !strings.Contains(out, "added China Daily > World") {
		t.Errorf("the source is named %q (%s), want the feed's title", name, out)
	}
	code, _, stderr = runCLI(t, home, "", "sources", "add", "--config", cfg, srv.URL+"/nothing-here.xml")
	if code == 0 || !strings.Contains(stderr, "does not answer with a feed") || !strings.Contains(stderr, "--no-check") {
		t.Errorf("a 404: exit %d %s", code, stderr)
	}
	_, list2, _ := runCLI(t, home, "", "sources", "list", "--config", cfg)
	if list2 != list {
		t.Errorf("a refused URL changed the list:\n%s", list2)
	}
}
