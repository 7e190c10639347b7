package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A query with alternatives means the same to headlines --filter (live
// from the feed, and from the library after a 304) as to search, and
// export --saved narrows the whole filter.
func TestAlternativesAgreeAcrossVerbs(t *testing.T) {
	srv := fixtureServer(t)
	home := t.TempDir()
	lib := filepath.Join(home, "lib")
	feed := srv.URL + "/rss/world_rss.xml"
	titles := func(verb string, args ...string) []string {
		t.Helper()
		code, out, stderr := runCLI(t, home, "", append([]string{verb, "--json"}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		var hs []headlineJSON
		if err := json.Unmarshal([]byte(out), &hs); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		var ts []string
		for _, h := range hs {
			ts = append(ts, h.Title)
		}
		slices.Sort(ts)
		return ts
	}
	search := func(q string) []string {
		return titles("search", "--limit", "100", "--data-dir", lib, "--", q)
	}
	titles("headlines", "--feed", feed, "--data-dir", lib) // stores the feed
	seoulOrTokyo := search("seoul OR tokyo")
	union := slices.Compact(slices.Sorted(slices.Values(append(search("seoul"), search("tokyo")...))))
	if !slices.Equal(seoulOrTokyo, union) || len(union) <= len(search("seoul")) {
		t.Errorf("seoul OR tokyo:\n%s\nseoul, and tokyo:\n%s", strings.Join(seoulOrTokyo, "\n"), strings.Join(union, "\n"))
	}
	for _, q := range []string{
		"seoul OR tokyo", "seoul | kiwifruit", `(GSOMIA OR "intelligence pact") -Trump`, "person:kono OR place:tokyo",
		"-(seoul OR tokyo)", "(seoul OR tokyo) -(lanterns OR calligraphy)", "-(seoul GSOMIA)", "region:oceania OR source:daily GSOMIA",
	} {
		want := search(q)
		if len(want) == 0 || len(want) == 12 {
			t.Errorf("%s: search finds %d of 12; a poor test case", q, len(want))
		}
		if got := titles("headlines", "--filter", q, "--feed", feed, "--data-dir", lib); !slices.Equal(got, want) {
			t.Errorf("%s: headlines after a 304\n%s\nsearch\n%s", q, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if got := titles("headlines", "--filter", q, "--feed", feed, "--data-dir", t.TempDir()); !slices.Equal(got, want) {
			t.Errorf("%s: live headlines\n%s\nsearch\n%s", q, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}

	// export --saved --filter "a OR b": saved items with a or b, not a
	// OR (b and saved).
	code, out, stderr := runCLI(t, home, "", "search", "--json", "--data-dir", lib, "GSOMIA")
	var hs []map[string]string
	if err := json.Unmarshal([]byte(out), &hs); code != 0 || err != nil || len(hs) != 1 {
		t.Fatalf("search GSOMIA: %d %v %s", code, err, stderr)
	}
	if code, _, stderr := runCLI(t, home, "", "save", "--data-dir", lib, hs[0]["id"]); code != 0 {
		t.Fatalf("save: %d %s", code, stderr)
	}
	dir := filepath.Join(home, "export")
	if code, out, stderr := runCLI(t, home, "", "export", "--saved", "--filter", "kiwifruit OR seoul", "--data-dir", lib, dir); code != 0 || !strings.Contains(out, "exported 1 ") {
		t.Errorf("export --saved --filter 'kiwifruit OR seoul': %d %s %s", code, out, stderr)
	}

	// A query the parser could not read all of is a usage error on the
	// command line (the TUI shows the note and applies the rest).
	if code, _, stderr := runCLI(t, home, "", "search", "--data-dir", lib, "seoul) OR tokyo"); code != 2 || !strings.Contains(stderr, `")" without "("`) {
		t.Errorf("a stray ): exit %d, %s", code, stderr)
	}
}
