package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/internal/gen"
	"github.com/dateline-news/dateline/query"
)

// refItem is what the reference matcher knows of an item: it is built
// from the items given to the store, independently of the store's code.
type refItem struct {
	id       string
	srcName  string
	srcURL   string
	sortTime time.Time
	cols     [nCols][][]string // per column, per part (name, tag): tokens
	read     bool
	starred  bool
	saved    bool
}

// refTokens is an independent tokenizer: lower case, split on anything
// but letters and digits, diacritics of a few Latin letters removed.
func refTokens(s string) []string {
	r := strings.NewReplacer("é", "e", "É", "e", "ü", "u", "Ü", "u", "ã", "a", "ç", "c", "ö", "o", "è", "e")
	s = strings.ToLower(r.Replace(s))
	return strings.FieldsFunc(s, func(c rune) bool {
		return !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c > 127 && (c >= 'À'))
	})
}

func refItemOf(it feeds.Item, srcName string, fetched time.Time, spans []entity.Span, regions []string, a *article.Article) *refItem {
	r := &refItem{id: it.ID, srcName: srcName, srcURL: it.SourceURL, sortTime: sortTime(it.Published, fetched)}
	r.cols[cTitle] = [][]string{refTokens(it.Title)}
	r.cols[cSummary] = [][]string{refTokens(it.Summary)}
	if a != nil {
		var b []string
		for _, bl := range a.Blocks {
			b = append(b, bl.Text)
		}
		r.cols[cBody] = [][]string{refTokens(strings.Join(b, "\n\n"))}
	} else if it.Content != it.Summary {
		r.cols[cBody] = [][]string{refTokens(it.Content)}
	}
	seen := map[string]bool{}
	for _, sp := range spans {
		c := map[entity.Label]int{entity.Person: cPerson, entity.Place: cPlace, entity.Org: cOrg}[sp.Label]
		if seen[string(sp.Label)+sp.Canonical] {
			continue
		}
		seen[string(sp.Label)+sp.Canonical] = true
		r.cols[c] = append(r.cols[c], refTokens(sp.Canonical))
	}
	r.cols[cSource] = [][]string{refTokens(srcName)}
	for _, g := range regions {
		r.cols[cRegion] = append(r.cols[cRegion], refTokens(g))
	}
	return r
}

func refPhrase(parts [][]string, want []string, prefix bool) bool {
	for _, seq := range parts {
	next:
		for i := 0; i+len(want) <= len(seq); i++ {
			for j, w := range want {
				if j == len(want)-1 && prefix {
					if !strings.HasPrefix(seq[i+j], w) {
						continue next
					}
				} else if seq[i+j] != w {
					continue next
				}
			}
			return true
		}
	}
	return false
}

func (r *refItem) inCols(cols []int, want []string, prefix bool) bool {
	if len(want) == 0 {
		return true
	}
	for _, c := range cols {
		if refPhrase(r.cols[c], want, prefix) {
			return true
		}
	}
	return false
}

var refWordCols = []int{cTitle, cSummary, cBody, cPerson, cPlace, cOrg, cSource}

// refMatch is the reference semantics of a query: any of its branches
// (the query itself when it has no alternatives).
func refMatch(q *query.Query, r *refItem) bool {
	for _, b := range q.Branches() {
		if refMatchAll(&b, r) {
			return true
		}
	}
	return false
}

// refMatchAll is the reference semantics of a conjunctive query.
func refMatchAll(q *query.Query, r *refItem) bool {
	for _, w := range append(slices.Clone(q.Words), q.Phrases...) {
		if t := refTokens(w); len(t) > 0 && !r.inCols(refWordCols, t, true) {
			return false
		}
	}
	for _, w := range q.Exclude {
		if t := refTokens(w); len(t) > 0 && r.inCols(refWordCols, t, true) {
			return false
		}
	}
	if !q.After.IsZero() && r.sortTime.Unix() < q.After.Unix() {
		return false
	}
	if !q.Before.IsZero() && r.sortTime.Unix() >= q.Before.Unix() {
		return false
	}
	for _, f := range q.Fields {
		var ok bool
		t := refTokens(f.Value)
		switch f.Name {
		case "person":
			ok = r.inCols([]int{cPerson}, t, true)
		case "place":
			ok = r.inCols([]int{cPlace}, t, true)
		case "org":
			ok = r.inCols([]int{cOrg}, t, true)
		case "entity":
			ok = r.inCols([]int{cPerson, cPlace, cOrg}, t, true)
		case "region":
			if strings.Join(t, "") == "asiapacific" {
				for _, g := range []string{"east asia", "southeast asia", "south asia", "oceania"} {
					ok = ok || r.inCols([]int{cRegion}, strings.Fields(g), false)
				}
			} else {
				ok = r.inCols([]int{cRegion}, t, true)
			}
		case "source":
			v := query.Fold(f.Value)
			ok = strings.Contains(query.Fold(r.srcName), v) || strings.Contains(strings.ToLower(r.srcURL), v)
		case "is":
			switch strings.ToLower(f.Value) {
			case "saved":
				ok = r.saved
			case "starred":
				ok = r.starred
			case "unread":
				ok = !r.read
			case "read":
				ok = r.read
			}
		default:
			ok = true
		}
		if len(t) == 0 && f.Name != "source" && f.Name != "is" {
			ok = !f.Neg // a value with no tokens filters nothing
		}
		if ok == f.Neg {
			return false
		}
	}
	return true
}

// refLibrary is a library built both in a Store and in the reference.
type refLibrary struct {
	s     *Store
	items []*refItem // newest first
	byID  map[string]*refItem
}

// sort orders the items newest first; items of the same second are in
// the order of their slots (a hash of the id), as documented.
func (l *refLibrary) sort() {
	key := func(r *refItem) int64 { return keyOf(r.sortTime) | slotOf(r.id) }
	slices.SortStableFunc(l.items, func(a, b *refItem) int {
		ka, kb := key(a), key(b)
		switch {
		case ka > kb:
			return -1
		case ka < kb:
			return 1
		}
		return 0
	})
}

func (l *refLibrary) expect(q *query.Query) []string {
	var out []string
	for _, r := range l.items {
		if refMatch(q, r) {
			out = append(out, r.id)
		}
	}
	return out
}

// newRefLibrary stores a generated corpus plus a few hand-written items
// and records the same in the reference.
func newRefLibrary(t testing.TB, sources, per int) *refLibrary {
	t.Helper()
	clk := &fixedClock{t: time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC)}
	s, _ := openTest(t, testOptions(clk))
	l := &refLibrary{s: s, byID: map[string]*refItem{}}
	c := gen.New(gen.Options{Seed: 7, Sources: sources, PerSource: per, ContentEvery: 7})
	extra := []feeds.Item{
		{ID: "x1", Title: "Café talks in Zürich", Summary: "São Paulo and Zürich leaders met at a café.", Published: clk.t.Add(-time.Hour)},
		{ID: "x2", Title: "GSOMIA: Japan and South Korea extend the pact", Summary: "Defense Minister Taro Kono met Jeong Kyeong-doo in Bangkok. Kono said the U.S. welcomed it.", Published: clk.t.Add(-2 * time.Hour)},
		{ID: "x3", Title: `Quotes "and" -dashes AND OR NOT (parens) * ^ {braces}`, Summary: "NEAR(a b) col:umn", Published: clk.t.Add(-3 * time.Hour)},
		{ID: "x4", Title: "No date here", Summary: "An item whose feed gave no date."},
	}
	c.Items[0] = append(extra, c.Items[0]...)
	for i, src := range c.Sources {
		if _, err := s.PutResult(bg, feeds.Result{Source: src, Items: c.Items[i], Status: 200, FetchedAt: clk.t}); err != nil {
			t.Fatal(err)
		}
		for _, it := range c.Items[i] {
			it.SourceURL = src.URL
			spans := testEntities(FeedText(&it))
			r := refItemOf(it, src.Name, clk.t, spans, uniq(testRegions(spans)), nil)
			l.items = append(l.items, r)
			l.byID[r.id] = r
		}
	}
	waitIndexed(t, s)
	l.sort()
	return l
}

func uniq(s []string) []string {
	var out []string
	for _, x := range s {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// queriesFor makes search queries from the library's own vocabulary:
// words, prefixes of every length, phrases, exclusions, fields.
func queriesFor(r *rand.Rand, l *refLibrary, n int) []string {
	fixed := []string{"", "c", "ch", "chi", "chin", "china", "s", "-c", "-china", "china -talks", `"south korea"`,
		`"south k`, "zurich", "zür", "cafe", "café", "sao", `person:"taro kono"`, "person:kono", "person:k",
		"place:tokyo", "place:", "org:asean", "region:asia-pacific", "region:Asia-Pacific", "-region:asia-pacific",
		"region:east", "region:europe", "source:xinhua", "source:kyodo china", "-source:xinhua", "source:nosuch",
		"is:unread", "is:read", "is:starred", "is:saved", "-is:unread", "is:saved china", "is:starred -c",
		"after:2026-05-01", "before:2025-12-01", "after:2026-01-01 before:2026-02-01 china", "after:2026-02-01 before:2026-01-01",
		`"`, `-`, `""`, `AND`, `OR`, `NOT`, `(`, `*`, `^`, `{`, `col:umn`, `NEAR(a b)`, `"and" -"or"`, "u.s", "u.s.",
		"kyeong-doo", "-the", "zzzz", "zzzz -c", "sort:relevance china", "sort:relevance c", "entity:kono", "x -x",
		// Alternatives: one FTS5 query when only words differ, a union of
		// the branches' matches when their other conditions differ.
		"china OR japan", "c OR j", "china | zzzz", "zzzz OR zzzy", "(china OR japan) talks", "china (talks OR -trade)",
		"-(china OR japan)", "-(china talks)", "-(c OR t)", `"south korea" OR person:kono`, "person:k OR place:tokyo",
		"source:xinhua OR source:kyodo", "source:xinhua OR china", "is:saved OR is:starred", "(is:saved OR china) -c",
		"is:unread (china OR japan)", "-is:unread OR china", "region:europe OR region:asia-pacific", "-region:europe OR cafe",
		"after:2026-05-01 OR china", "(after:2026-05-01 OR before:2026-01-01) china", "-(after:2026-01-01 before:2026-05-01)",
		"sort:relevance (china OR japan)", "sort:relevance (china OR is:saved)", "sort:relevance (source:xinhua OR talks)",
		"(x1 OR -zzzz) -c", "china OR", "(china OR (japan", "china) OR japan", "-(-china)", "c OR -c", "x2 OR x3 OR x4",
		"(a OR b) (c OR d) (e OR f) (g OR h) (i OR j) (k OR l)"}
	out := append([]string(nil), fixed...)
	if n < len(out) {
		// Keep every kind of query: take an even sample.
		var some []string
		for i := 0; i < len(out); i += (len(out) + n - 1) / n {
			some = append(some, out[i])
		}
		out = some
	}
	pick := func() string {
		it := l.items[r.IntN(len(l.items))]
		col := it.cols[r.IntN(2)]
		if len(col) == 0 || len(col[0]) == 0 {
			return "news"
		}
		return col[0][r.IntN(len(col[0]))]
	}
	for len(out) < n {
		var parts []string
		for range 1 + r.IntN(3) {
			w := pick()
			switch r.IntN(6) {
			case 0:
				w = w[:1+r.IntN(len(w))] // a prefix being typed
			case 1:
				w = "-" + w
			case 2:
				w = `"` + w + " " + pick() + `"`
			}
			parts = append(parts, w)
		}
		q := strings.Join(parts, " ")
		switch k := r.IntN(8); {
		case k < 2 && len(parts) > 1:
			q = strings.Join(parts, " OR ") // alternatives
		case k == 2 && len(parts) > 1:
			q = "(" + parts[0] + " | " + parts[1] + ") " + strings.Join(parts[2:], " ")
		case k == 3:
			q = "-(" + strings.Join(parts, []string{" ", " OR "}[r.IntN(2)]) + ")"
		case k == 4:
			q = "(" + q + ") OR " + []string{"is:saved", "source:kyodo", "after:2026-05-20", "place:tokyo"}[r.IntN(4)]
		}
		out = append(out, q)
	}
	return out
}

func ids(hs []Headline) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.ID
	}
	return out
}

// checkQuery compares Search (two pages), CountMatches and Each with the
// reference for one query.
func checkQuery(t *testing.T, l *refLibrary, qs string) {
	t.Helper()
	q := query.Parse(qs, time.UTC)
	want := l.expect(&q)
	hs, total, err := l.s.Search(bg, q, 50, 0)
	if err != nil {
		t.Errorf("Search(%q): %v", qs, err)
		return
	}
	switch limit := l.s.countLimit; {
	case len(want) <= limit && total != len(want):
		t.Errorf("Search(%q): total %d, want %d", qs, total, len(want))
	case len(want) > limit && total <= limit:
		t.Errorf("Search(%q): total %d, want more than %d (%d)", qs, total, limit, len(want))
	}
	if q.SortRelevance {
		// Ranked: the same set as the newest RelevanceWindow matches.
		window := want[:min(len(want), RelevanceWindow)]
		for _, id := range ids(hs) {
			if !slices.Contains(window, id) {
				t.Errorf("Search(%q) ranked %s, which does not match", qs, id)
			}
		}
		return
	}
	if got, w := ids(hs), want[:min(50, len(want))]; !slices.Equal(got, w) {
		t.Errorf("Search(%q) page 1:\n got %d %v\nwant %d %v", qs, len(got), head(got), len(w), head(w))
	}
	if len(want) > 60 {
		hs2, _, err := l.s.Search(bg, q, 20, 40)
		if err != nil {
			t.Errorf("Search(%q) page 2: %v", qs, err)
		} else if got, w := ids(hs2), want[40:min(60, len(want))]; !slices.Equal(got, w) {
			t.Errorf("Search(%q) offset 40:\n got %v\nwant %v", qs, head(got), head(w))
		}
	}
	n, err := l.s.CountMatches(bg, q)
	if err != nil || n != len(want) {
		t.Errorf("CountMatches(%q) = %d, %v; want %d", qs, n, err, len(want))
	}
}

func head(s []string) []string { return s[:min(len(s), 8)] }

func TestSearchMatchesReference(t *testing.T) {
	sources, per, nq := 3, 200, 150
	if raceEnabled {
		sources, per, nq = 2, 150, 40
	}
	l := newRefLibrary(t, sources, per)
	l.s.countLimit = 150
	// State for is: queries.
	r := rand.New(rand.NewPCG(3, 4))
	for i, it := range l.items {
		switch i % 7 {
		case 1:
			if err := l.s.MarkRead(bg, it.id, true); err != nil {
				t.Fatal(err)
			}
			it.read = true
		case 2:
			if err := l.s.SetStarred(bg, it.id, true); err != nil {
				t.Fatal(err)
			}
			it.starred = true
		}
		if i%53 == 0 {
			if err := l.s.SetSaved(bg, it.id, true); err != nil {
				t.Fatal(err)
			}
			it.saved = true
		}
	}
	qs := queriesFor(r, l, nq)
	for _, budget := range []int{scanBudget, 40} {
		// A small budget sends wide prefixes and exclusions to the FTS5
		// fallback, which must agree too.
		l.s.budget = budget
		for _, q := range qs {
			checkQuery(t, l, q)
		}
	}
}

func TestSearchEachMatchesReference(t *testing.T) {
	per := 150
	if raceEnabled {
		per = 40
	}
	l := newRefLibrary(t, 2, per)
	for _, qs := range []string{"", "china", "-c", "c", `person:kono`, "source:kyodo"} {
		q := query.Parse(qs, time.UTC)
		var got []string
		err := l.s.Each(bg, q, func(it feeds.Item, _ *article.Article, _ []entity.Span) error {
			got = append(got, it.ID)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := l.expect(&q); !slices.Equal(got, want) {
			t.Errorf("Each(%q): got %d items, want %d", qs, len(got), len(want))
		}
	}
	stop := errors.New("stop")
	k := 0
	err := l.s.Each(bg, query.Query{}, func(feeds.Item, *article.Article, []entity.Span) error {
		if k++; k == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || k != 3 {
		t.Errorf("Each did not stop at the callback's error: %v after %d", err, k)
	}
}

// FuzzSearch: no input makes Search fail or panic, and for ASCII input
// (where the reference tokenizer is exact) the first page is the
// reference's.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{`"`, `-"`, `a"b`, `AND OR NOT`, `NEAR(x)`, `{title}:x`, `x*`, `^x`, `person:"`, `source:`,
		"\x00", "\ue000", "é\u0301", `""""`, `-`, `--x`, `a:b:c`, strings.Repeat("w ", 70),
		"china OR japan", "-(c t)", "(c | source:kyodo) -(japan OR is:read)", "((x", "a) OR (b", "sort:relevance (c OR is:saved)"} {
		f.Add(s)
	}
	l := newRefLibrary(f, 1, 40)
	f.Fuzz(func(t *testing.T, s string) {
		q := query.Parse(s, time.UTC)
		hs, _, err := l.s.Search(bg, q, 10, 0)
		if err != nil {
			if !errors.Is(err, ErrQuery) {
				t.Fatalf("Search(%q): %v", s, err)
			}
			return
		}
		if isASCIIBytes([]byte(s)) && !q.SortRelevance {
			want := l.expect(&q)
			if got := ids(hs); !slices.Equal(got, want[:min(10, len(want))]) {
				t.Fatalf("Search(%q) = %v, want %v", s, got, head(want))
			}
		}
	})
}

func TestSearchTooManyTerms(t *testing.T) {
	l := newRefLibrary(t, 1, 10)
	var words []string
	for i := range 70 {
		words = append(words, fmt.Sprintf("w%d", i))
	}
	_, _, err := l.s.Search(bg, query.Parse(strings.Join(words, " "), nil), 10, 0)
	if !errors.Is(err, ErrQuery) {
		t.Fatalf("70 words: %v, want ErrQuery", err)
	}
}

func TestTokensCJK(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"北京举行会议", "北 京 举 行 会 议"},
		{"GSOMIA協定の延長", "gsomia 協 定 の 延 長"},
		{"서울에서 회담", "서 울 에 서 회 담"},
		{"コーヒー2杯", "コ ー ヒ ー 2 杯"},
		{"Tokyo東京Tower", "tokyo 東 京 tower"},
		{"Café Ünïon, 2019", "cafe union 2019"},
		{"ガス ｶﾞｽ", "ガ ス ガ ス"},         // half-width kana and voicing marks: full width
		{"ＡＳＥＡＮ２０１９年", "asean2019 年"}, // full-width letters and digits are ASCII
	} {
		if got := normText(c.in); got != c.want {
			t.Errorf("normText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// Chinese, Japanese and Korean headlines are found by a word inside a
// run of characters, and the library agrees with the in-memory filter
// (a substring match) on every query.
func TestSearchCJK(t *testing.T) {
	s, _ := openTest(t, testOptions(&fixedClock{t: t0}))
	titles := []string{
		"北京举行亚太经合组织会议",
		"上海股市周五收高",
		"日韓、GSOMIA協定の延長で合意",
		"東京でコーヒー祭り",
		"서울에서 한일 국방장관 회담",
		"Tokyo and Seoul talks on GSOMIA",
		"ＡＳＥＡＮ首脳会議、２０１９年に開催", // full-width letters and digits
	}
	var items []feeds.Item
	for i, ti := range titles {
		items = append(items, feeds.Item{ID: fmt.Sprint("cjk-", i), Title: ti,
			Published: t0.Add(-time.Duration(i) * time.Hour)})
	}
	if _, err := s.PutItems(bg, feeds.Source{URL: "https://cjk.example/rss", Name: "Asia Wire"}, items); err != nil {
		t.Fatal(err)
	}
	waitIndexed(t, s)
	for _, q := range []string{"北京", "京举", "会议", "经合组织", "上海", "股市 收高", `"周五收"`, "上海 周五",
		"GSOMIA", "協定", "延長で合意", "東京", "コーヒー", "ーヒ", "서울", "국방장관", "회담", "한일 회담", "大阪", "-北京 会", "京",
		"asean", "ＡＳＥＡＮ", "2019年", "首脳会議"} {
		pq := query.Parse(q, nil)
		hs, _, err := s.Search(bg, pq, 50, 0)
		if err != nil {
			t.Errorf("Search(%q): %v", q, err)
			continue
		}
		var want []string
		for i, ti := range titles {
			d := query.NewDoc("Asia Wire", ti)
			if pq.Match(&d) {
				want = append(want, fmt.Sprint("cjk-", i))
			}
		}
		if got := ids(hs); !slices.Equal(got, want) {
			t.Errorf("Search(%q) = %v, the in-memory filter finds %v", q, got, want)
		}
		if len(want) == 0 && q != "大阪" {
			t.Errorf("%q matches no title: the comparison proves nothing", q)
		}
	}
}
