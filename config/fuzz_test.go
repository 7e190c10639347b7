package config

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/feeds"
)

// within runs f and fails the test if it does not return within d: the
// loaders must never hang, whatever the input.
func within(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still running after %v", d)
	}
}

// checkSources checks what the loaders promise of every source they
// return: a sanitised, non-empty name (unless the URL has no host to
// fall back on) and, from the config, a URL CheckURL accepts.
func checkSources(t *testing.T, srcs []Source, urlsChecked bool) {
	t.Helper()
	for _, s := range srcs {
		if feeds.Sanitize(s.Name) != s.Name {
			t.Fatalf("name %q is not sanitised", s.Name)
		}
		if urlsChecked {
			if err := CheckURL(s.URL); err != nil {
				t.Fatalf("url %q: %v", s.URL, err)
			}
			if s.Name == "" {
				t.Fatalf("empty name for %q", s.URL)
			}
		}
	}
}

// FuzzLoad writes any text to a config file and loads it: Load never
// panics or hangs, an error is an *Error naming the file, and a config it
// accepts has every setting in range, a prune cut-off before now and
// every source clean.
func FuzzLoad(f *testing.F) {
	path := filepath.Join(f.TempDir(), "config.toml")
	f.Add([]byte(DefaultFile()))
	for _, s := range []string{
		"keep_days = 9223372036854775807\n", "refresh_interval = \"1ns\"\n", "request_timeout = \"0s\"\n",
		"[[sources]]\nname = \"a\\u001b]52;c;eA==\\u0007\"\nurl = \"https://a.example/\"\n",
		"sources = []\n", "theme = \"purple\"\n", "[[sources]]\nurl = \"https://a.example/\"\n[[sources]]\nurl = \"https://a.example/\"\n",
		"refresh_interval = \"9999999999999h\"\n", "keep_days = 1e30\n", "a = [[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// One input at a time per fuzzing process: the file can be reused.
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		within(t, 10*time.Second, func() {
			cfg, err := Load(path)
			if err != nil {
				if ce, ok := err.(*Error); !ok || ce.Path != path {
					t.Fatalf("error %v (%T) is not an *Error for the file", err, err)
				}
				return
			}
			if !cfg.Loaded {
				t.Fatal("loaded without error but not Loaded")
			}
			if cfg.KeepDays < 0 || cfg.KeepDays > MaxKeepDays ||
				cfg.RequestTimeout < MinTimeout || cfg.RequestTimeout > MaxTimeout ||
				cfg.RefreshInterval != 0 && (cfg.RefreshInterval < MinRefresh || cfg.RefreshInterval > MaxRefresh) {
				t.Fatalf("out of range: %+v", cfg)
			}
			if cut, ok := cfg.PruneBefore(time.Now()); ok && !cut.Before(time.Now()) {
				t.Fatalf("cut-off %v after now", cut)
			}
			checkSources(t, cfg.Sources, true)
		})
	})
}

// FuzzReadOPML feeds any document to the OPML reader: it never panics or
// hangs, and every name it returns is sanitised.
func FuzzReadOPML(f *testing.F) {
	var buf bytes.Buffer
	_ = WriteOPML(&buf, DefaultSources())
	f.Add(buf.Bytes())
	f.Add([]byte(bigOPML(3)))
	for _, s := range []string{
		`<opml><body><outline text="a&#13;b" xmlUrl="https://a.example/"/></body></opml>`,
		"<opml><body><outline text=\"\x1b]52;c;eA==\x07x\" xmlUrl=\"https://a.example/\"/></body></opml>",
		`<opml><body><outline><outline><outline title="deep" xmlUrl="u"/></outline></outline></outline></body></opml>`,
		`<html></html>`, ``,
		"<opml><body>" + strings.Repeat("<outline>", 200) + "</body></opml>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		within(t, 10*time.Second, func() {
			srcs, err := ReadOPML(bytes.NewReader(data))
			if err != nil {
				return
			}
			if len(srcs) == 0 {
				t.Fatal("no sources and no error")
			}
			checkSources(t, srcs, false)
		})
	})
}
