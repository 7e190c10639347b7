package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// loadWithin runs Load and fails the test if it takes longer than d: a
// FIFO or a device must be refused at once, never read or waited on.
func loadWithin(t *testing.T, path string, d time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := Load(path)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		t.Fatalf("Load(%s) still running after %v", path, d)
		return nil
	}
}

func TestLoadRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{dir: "a directory"}
	if runtime.GOOS == "linux" {
		cases["/dev/zero"] = "a character device"
	}
	for path, want := range cases {
		err := loadWithin(t, path, 5*time.Second)
		var ce *Error
		if !errors.As(err, &ce) || ce.Path != path || !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), want) {
			t.Errorf("Load(%s) = %v, want an *Error saying %q", path, err, want)
		}
	}
}

func TestLoadRefusesAFileOverTheCap(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.toml")
	big := "# " + strings.Repeat("x", MaxFileBytes) + "\n"
	if err := os.WriteFile(p, []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	err := loadWithin(t, p, 5*time.Second)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "larger than 1 MiB") || !strings.HasPrefix(err.Error(), p+": ") {
		t.Fatalf("got %v", err)
	}
	// Just under the cap is read.
	ok := "# " + strings.Repeat("x", MaxFileBytes-4) + "\n"
	if err := os.WriteFile(p, []byte(ok), 0o644); err != nil {
		t.Fatal(err)
	}
	if cfg, err := Load(p); err != nil || !cfg.Loaded {
		t.Fatalf("a file of %d bytes: %v", len(ok), err)
	}
}

// A symlink to a regular file is read: config files are often links
// into a dotfiles repository.
func TestLoadFollowsSymlinkToFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.toml")
	if err := os.WriteFile(target, []byte("theme = \"dark\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "config.toml")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if cfg, err := Load(link); err != nil || cfg.Theme != "dark" {
		t.Fatalf("%+v %v", cfg, err)
	}
}

// Names from the config never carry an escape sequence, a CR, a bidi
// control or an invisible character to a terminal; a URL holding one is
// refused.
func TestConfigNamesAreSanitised(t *testing.T) {
	src := "[[sources]]\nname = \"Yonhap\\u001b]52;c;cm0gLXJmIH4K\\u0007\\u001b[2J\\r\\u202eNews\\u200b\"\nurl = \"https://en.yna.co.kr/RSS/news.xml\"\n" +
		"[[sources]]\nname = \"\\u001b[2J\"\nurl = \"https://example.org/feed\"\n"
	cfg, err := Parse("c.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Sources[0].Name; got != "Yonhap News" {
		t.Errorf("name %q", got)
	}
	if got := cfg.Sources[1].Name; got != "example.org/feed" {
		t.Errorf("a name that sanitises to nothing: %q, want the host", got)
	}
	_, err = Parse("c.toml", []byte("[[sources]]\nurl = \"https://example.org/\\u202egpj.exe\"\n"))
	if err == nil || !strings.Contains(err.Error(), "bidi") {
		t.Errorf("URL with RLO: %v", err)
	}
}

func TestOPMLNamesAreSanitisedAndAddable(t *testing.T) {
	in := `<?xml version="1.0"?><opml version="2.0"><body>` +
		"<outline text=\"Clip\x1b]52;c;cm0gLXJmIH4K\x07board\" xmlUrl=\"https://a.example/rss\"/>" +
		`<outline text="Harmless&#13;Evil" xmlUrl="https://b.example/rss"/>` +
		"<outline text=\"Raw\x1b[2J\x01 CSI\" xmlUrl=\"https://c.example/rss\"/>" +
		`<outline text="  " xmlUrl=" https://d.example/rss "/></body></opml>`
	srcs, err := ReadOPML(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Source{{Name: "Clipboard", URL: "https://a.example/rss"}, {Name: "Harmless Evil", URL: "https://b.example/rss"},
		{Name: "Raw CSI", URL: "https://c.example/rss"}, {Name: "d.example/rss", URL: "https://d.example/rss", Untitled: true}}
	if fmt.Sprint(srcs) != fmt.Sprint(want) {
		t.Fatalf("got %+v\nwant %+v", srcs, want)
	}
	// A name with a control character (from a caller that did not
	// sanitise) still makes a valid file.
	p := filepath.Join(t.TempDir(), "config.toml")
	n, err := AddSources(p, append(srcs, Source{Name: "Bell\x07\x1b[2J", URL: "https://e.example/rss"}))
	if err != nil || n != 5 {
		t.Fatalf("n=%d err=%v", n, err)
	}
	cfg, err := Load(p)
	if err != nil || cfg.Sources[len(cfg.Sources)-1].Name != "Bell" {
		t.Fatalf("%v %+v", err, cfg.Sources)
	}
}

func TestOPMLOverTheCap(t *testing.T) {
	head := `<?xml version="1.0"?><opml version="2.0"><body><outline text="a" xmlUrl="https://a.example/rss"/>`
	big := head + strings.Repeat("<!-- padding -->", MaxOPMLBytes/16+1) + "</body></opml>"
	_, err := ReadOPML(strings.NewReader(big))
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "OPML file is larger than 8 MiB") {
		t.Fatalf("reader: %v", err)
	}
	p := filepath.Join(t.TempDir(), "big.opml")
	if err := os.WriteFile(p, []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ReadOPMLFile(p)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "OPML file is larger than 8 MiB") || !strings.HasPrefix(err.Error(), p+": ") {
		t.Fatalf("file: %v", err)
	}
	if _, err := ReadOPMLFile(filepath.Dir(p)); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("directory: %v", err)
	}
}

// bigOPML is an OPML export of n feeds, as a reader with many
// subscriptions writes it.
func bigOPML(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><opml version="2.0"><head><title>export</title></head><body><outline text="All">` + "\n")
	for i := range n {
		fmt.Fprintf(&b, `<outline text="Feed %d" title="Feed %d" type="rss" xmlUrl="https://feed%d.example.com/rss.xml" htmlUrl="https://feed%d.example.com/"/>`+"\n", i, i, i, i)
	}
	b.WriteString("</outline></body></opml>\n")
	return b.String()
}

// A 10,000-feed OPML imports (read, then added to the config) in under
// 2 s; finding each source's line in the file made it take 20 s.
func TestImportTenThousandFeeds(t *testing.T) {
	const n = 10000
	dir := t.TempDir()
	opmlPath := filepath.Join(dir, "feeds.opml")
	if err := os.WriteFile(opmlPath, []byte(bigOPML(n)), 0o644); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "config.toml")
	start := time.Now()
	srcs, err := ReadOPMLFile(opmlPath)
	if err != nil || len(srcs) != n {
		t.Fatalf("%d sources, %v", len(srcs), err)
	}
	added, err := AddSources(p, srcs)
	took := time.Since(start)
	if err != nil || added != n {
		t.Fatalf("added %d, %v", added, err)
	}
	limit := 2 * time.Second
	if raceEnabled {
		limit *= 5 // the race detector slows the TOML decoder down about fivefold
	}
	if took > limit {
		t.Errorf("import of %d feeds took %v, want under %v", n, took, limit)
	}
	cfg, err := Load(p)
	if err != nil || len(cfg.Sources) != n+len(DefaultSources()) {
		t.Fatalf("%d sources, %v", len(cfg.Sources), err)
	}
	t.Logf("imported %d feeds in %v", n, took)
}

// A key quoted from the file reaches the terminal sanitised.
func TestErrorIsSanitised(t *testing.T) {
	_, err := Parse("c.toml", []byte("\"evil\\u001b]52;c;eA==\\u0007key\" = 1\n"))
	if err == nil || strings.ContainsAny(err.Error(), "\x1b\x07") || !strings.Contains(err.Error(), "evil") {
		t.Fatalf("got %v", err)
	}
}
