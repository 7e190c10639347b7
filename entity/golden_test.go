package entity

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The golden file is a regression net recorded from the extractor itself:
// the SHA-256 of every span (start, end, label, text, canonical) that the
// code returned on each document when it was written. It is not a
// hand-written expectation and says nothing about whether the spans are
// right; it only says whether they changed. A refactoring must leave it
// untouched. After a deliberate change of behaviour, re-record it with
//
//	go test -run TestGoldenSpans -update ./entity
//
// (which needs ../shared, so that no set is left out), and say why in the
// commit. -golden.dump DIR writes every span as text, to see what changed.
var (
	updateGolden = flag.Bool("update", false, "re-record testdata/golden-spans.txt from the current extractor")
	dumpGolden   = flag.String("golden.dump", "", "write every golden document's spans as text into this directory")
)

const goldenFile = "testdata/golden-spans.txt"

// goldenDoc is one document's output: its name in the golden file and the
// spans as the lines that are hashed.
type goldenDoc struct {
	name  string
	lines []string
}

// goldenSet is a group of documents read from one place. load returns
// skip != "" when the documents are not available here.
type goldenSet struct {
	name string
	load func(t *testing.T, x *Extractor) (docs []goldenDoc, skip string)
}

var goldenSets = []goldenSet{
	{"chinadaily", loadChinaDaily},
	{"entity-testdata", loadEntityTestdata},
	{"gmb-dev", loadDevSet("gmb-dev.jsonl")},
	{"wikigold-dev", loadDevSet("wikigold-dev.jsonl")},
}

// spanLines writes spans one per line with quoted text, so that no span
// can run into the next.
func spanLines(prefix string, spans []Span) []string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = fmt.Sprintf("%s%d %d %s %q %q", prefix, s.Start, s.End, s.Label, s.Text, s.Canonical)
	}
	return out
}

func hashLines(lines []string) string {
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// loadChinaDaily reads the reader-mode text of the China Daily fixtures
// (the seed article WS5dd344f2a310cf3e355784fb is the one real text; see
// testdata/chinadaily/README.md): per article its title, its paragraphs
// as one text, its captions, and the blocks as the app extracts them.
func loadChinaDaily(t *testing.T, x *Extractor) ([]goldenDoc, string) {
	files, err := filepath.Glob("../testdata/chinadaily/expected/WS*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no China Daily fixtures in ../testdata/chinadaily/expected: %v", err)
	}
	sort.Strings(files)
	var docs []goldenDoc
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var a struct {
			Title      string   `json:"title"`
			Paragraphs []string `json:"paragraphs"`
			Captions   []string `json:"captions"`
		}
		if err := json.Unmarshal(b, &a); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		id := strings.TrimSuffix(filepath.Base(f), ".json")
		body := strings.Join(a.Paragraphs, blockSep)
		blocks := append(append([]string{a.Title}, a.Paragraphs...), a.Captions...)
		var blockLines []string
		for i, spans := range x.Blocks(blocks) {
			blockLines = append(blockLines, spanLines(strconv.Itoa(i)+": ", spans)...)
		}
		docs = append(docs,
			goldenDoc{id + "/title", spanLines("", x.Extract(a.Title))},
			goldenDoc{id + "/paragraphs", spanLines("", x.Extract(body))},
			goldenDoc{id + "/captions", spanLines("", x.Extract(strings.Join(a.Captions, blockSep)))},
			goldenDoc{id + "/blocks", blockLines})
	}
	return docs, ""
}

// loadEntityTestdata reads every file under testdata except the golden
// file itself; fuzz corpus entries are decoded to the string they hold.
func loadEntityTestdata(t *testing.T, x *Extractor) ([]goldenDoc, string) {
	var docs []goldenDoc
	err := filepath.WalkDir("testdata", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || path == filepath.FromSlash(goldenFile) {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := string(b)
		if strings.HasPrefix(text, "go test fuzz v1\n") {
			if text, err = fuzzCorpusString(text); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
		}
		docs = append(docs, goldenDoc{filepath.ToSlash(path), spanLines("", x.Extract(text))})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs, ""
}

// fuzzCorpusString decodes a one-string fuzz corpus file.
func fuzzCorpusString(file string) (string, error) {
	v := strings.TrimSpace(strings.TrimPrefix(file, "go test fuzz v1\n"))
	for _, kind := range []string{"string(", "[]byte("} {
		if strings.HasPrefix(v, kind) && strings.HasSuffix(v, ")") {
			return strconv.Unquote(v[len(kind) : len(v)-1])
		}
	}
	return "", fmt.Errorf("not a one-string fuzz corpus entry: %.40q", v)
}

// loadDevSet reads a dev set of ../shared (outside the repository, so it
// may be absent): each line's text, named by its id. The annotations are
// not read.
func loadDevSet(name string) func(*testing.T, *Extractor) ([]goldenDoc, string) {
	return func(t *testing.T, x *Extractor) ([]goldenDoc, string) {
		path := filepath.Join("..", "..", "shared", "corpus", "entities", name)
		f, err := os.Open(path)
		if os.IsNotExist(err) {
			return nil, path + " is not here (../shared is outside the repository); its documents are not compared"
		}
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var docs []goldenDoc
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
		for sc.Scan() {
			var d struct {
				ID   string `json:"id"`
				Text string `json:"text"`
			}
			if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			docs = append(docs, goldenDoc{d.ID, spanLines("", x.Extract(d.Text))})
		}
		if err := sc.Err(); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return docs, ""
	}
}

// goldenRecord is one line of the golden file: "set/doc spans sha256" for
// a document, "set documents sha256" for a whole set.
type goldenRecord struct {
	count int
	sum   string
}

func readGolden(t *testing.T) map[string]goldenRecord {
	b, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatalf("%v (record it with -update)", err)
	}
	out := map[string]goldenRecord{}
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		n, err := strconv.Atoi(f[1])
		if len(f) != 3 || err != nil {
			t.Fatalf("%s: bad line %q", goldenFile, l)
		}
		out[f[0]] = goldenRecord{n, f[2]}
	}
	return out
}

// setRecords returns the golden lines of one set: its documents, then the
// set as a whole (the hash of its document lines).
func setRecords(set string, docs []goldenDoc) []string {
	var lines []string
	for _, d := range docs {
		lines = append(lines, fmt.Sprintf("%s/%s %d %s", set, d.name, len(d.lines), hashLines(d.lines)))
	}
	return append(lines, fmt.Sprintf("%s %d %s", set, len(docs), hashLines(lines)))
}

func dumpDocs(t *testing.T, set string, docs []goldenDoc) {
	var b strings.Builder
	for _, d := range docs {
		fmt.Fprintf(&b, "== %s\n", d.name)
		for _, l := range d.lines {
			b.WriteString(l + "\n")
		}
	}
	if err := os.MkdirAll(*dumpGolden, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*dumpGolden, set+".txt"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestGoldenSpans compares the extractor's output on the seed article (and
// the other China Daily fixtures), every file in testdata and the two dev
// sets with the recorded golden file.
func TestGoldenSpans(t *testing.T) {
	x := Default()
	var all []string
	complete := true
	for _, set := range goldenSets {
		docs, skip := set.load(t, x)
		if skip != "" {
			if *updateGolden {
				t.Fatalf("cannot record the golden file without every set: %s", skip)
			}
			t.Run(set.name, func(t *testing.T) { t.Skip(skip) })
			complete = false
			continue
		}
		if *dumpGolden != "" {
			dumpDocs(t, set.name, docs)
		}
		recs := setRecords(set.name, docs)
		all = append(all, recs...)
		if *updateGolden {
			continue
		}
		t.Run(set.name, func(t *testing.T) { compareGolden(t, set.name, recs) })
	}
	// The whole: every set's line, when every set was read.
	var sets []string
	docs := 0
	for _, l := range all {
		if f := strings.Fields(l); !strings.Contains(f[0], "/") {
			sets = append(sets, l)
			n, _ := strconv.Atoi(f[1])
			docs += n
		}
	}
	whole := fmt.Sprintf("all %d %s", docs, hashLines(sets))
	switch {
	case *updateGolden:
		writeGolden(t, append(all, whole))
	case complete:
		t.Run("all", func(t *testing.T) { compareGolden(t, "all", []string{whole}) })
	}
}

func compareGolden(t *testing.T, set string, recs []string) {
	golden := readGolden(t)
	seen := map[string]bool{}
	for _, r := range recs {
		f := strings.Fields(r)
		seen[f[0]] = true
		g, ok := golden[f[0]]
		switch {
		case !ok:
			t.Errorf("%s: not in %s (a new document? re-record with -update)", f[0], goldenFile)
		case strconv.Itoa(g.count) != f[1] || g.sum != f[2]:
			t.Errorf("%s: %s spans, hash %.12s; recorded %d spans, hash %.12s", f[0], f[1], f[2], g.count, g.sum)
		}
	}
	for name := range golden {
		if (name == set || strings.HasPrefix(name, set+"/")) && !seen[name] {
			t.Errorf("%s: recorded in %s but not read now", name, goldenFile)
		}
	}
	f := strings.Fields(recs[len(recs)-1])
	t.Logf("%s: %s documents compared", set, f[1])
}

func writeGolden(t *testing.T, lines []string) {
	var b strings.Builder
	b.WriteString(`# Regression net, recorded from the extractor's own output by
#   go test -run TestGoldenSpans -update ./entity
# It is real behaviour, not a hand-written expectation: it says whether the
# spans changed, not whether they are right. See golden_test.go.
# Lines: "set/document spans sha256" (the hash of the document's spans,
# one "start end label text canonical" line each), then "set documents
# sha256" (the hash of the set's document lines), and last "all documents
# sha256" (the hash of the set lines).
`)
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	if err := os.WriteFile(goldenFile, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s: %d lines", goldenFile, len(lines))
}
