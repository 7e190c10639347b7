package tui

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/query"
	"github.com/dateline-news/dateline/store"
)

// reqTag identifies one request for one item, so that a result which
// arrives after a newer request for the same item was made is dropped.
type reqTag struct {
	ID  string
	Seq int
}

// contentKind says which text of an item the reader shows.
type contentKind uint8

const (
	kindFeed    contentKind = iota // the feed's summary or content
	kindArticle                    // the reader-mode article
)

// Result messages. Each carries its own error and a tag.

// fetchMsg is the outcome of fetching one source in refresh round Round.
// With the library, the result was stored in the same Cmd: Stored says
// the library has its items (Added of them new); PutErr is a failed write.
type fetchMsg struct {
	Round  int
	Index  int // into Deps.Sources
	Res    feeds.Result
	Docs   []query.Doc // one per Res.Items, built off the UI goroutine (unless Stored)
	Stored bool        // in the library: Res.Items is then empty (the list reads the library)
	Count  int         // how many items the fetch brought
	Added  int
	PutErr error
}

// mergedMsg is the merged list of every source, with a doc per item.
type mergedMsg struct {
	Gen   int
	Items []feeds.Item
	Docs  []query.Doc
}

// itemEntsMsg carries the entities of the feed text of some items.
type itemEntsMsg struct {
	Results []itemEnts
}

type itemEnts struct {
	Tag      reqTag // Seq is the entry's text version
	Entities []query.Entity
	Regions  []string
}

// articleMsg is the outcome of reader mode for one item.
type articleMsg struct {
	Tag reqTag
	Art *article.Article
	Doc query.Doc // the item's doc with the article text folded in
	Err error
}

// blockEntsMsg carries the entities of every block of the text the
// reader shows for an item.
type blockEntsMsg struct {
	Tag     reqTag
	Kind    contentKind
	Spans   [][]entity.Span
	Regions []string
	Err     error
}

// openedMsg reports the browser launch.
type openedMsg struct {
	URL string
	Err error
}

// Timers. Each carries the generation it was scheduled for.
type (
	statusClearMsg struct{ Seq int }
	refreshTickMsg struct{ Gen int }
	spinTickMsg    struct{ Gen int }
	settleMsg      struct{ Tag reqTag }
)

// Intents children send up to the root.
type (
	closeOverlayMsg struct{}
	chooseEntityMsg struct {
		Label entity.Label
		Name  string
	}
)

func msgCmd(m tea.Msg) tea.Cmd { return func() tea.Msg { return m } }

// fetchCmd fetches one source. It captures values only. With the
// library it sends the validators the library holds (a conditional GET)
// and stores the result before returning it.
func fetchCmd(ctx context.Context, fetch func(context.Context, feeds.Source, feeds.Conditional) feeds.Result,
	lib *libWriter, round, idx int, src feeds.Source, cond feeds.Conditional) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = fetchMsg{Round: round, Index: idx, Res: feeds.Result{Source: src, Err: fmt.Errorf("fetch failed: %v", r)}}
			}
		}()
		if lib != nil {
			// One of lib.slots from the fetch to the end of the store:
			// a parsed feed waiting for the write lock holds its items.
			select {
			case lib.slots <- struct{}{}:
				defer func() { <-lib.slots }()
			case <-ctx.Done():
				return fetchMsg{Round: round, Index: idx, Res: feeds.Result{Source: src, Err: ctx.Err()}}
			}
			if c, err := lib.st.Conditional(ctx, src.URL); err == nil && c != (feeds.Conditional{}) {
				cond = c
			}
		}
		res := fetch(ctx, src, cond)
		res.Source = src
		out := fetchMsg{Round: round, Index: idx, Count: len(res.Items)}
		if lib != nil && ctx.Err() == nil {
			out.Added, out.PutErr = lib.putResult(ctx, res)
			out.Stored = out.PutErr == nil && res.Err == nil
			if out.Stored {
				// The model lists the library; it needs the count only.
				res.Items = nil
			}
		}
		var docs []query.Doc
		if !out.Stored {
			docs = make([]query.Doc, len(res.Items))
		}
		for i := range res.Items {
			res.Items[i] = cleanItem(res.Items[i])
			if res.Items[i].SourceName == "" {
				res.Items[i].SourceName = oneLine(src.Name)
			}
			if docs != nil {
				docs[i] = newDoc(&res.Items[i], "")
			}
		}
		out.Res, out.Docs = res, docs
		return out
	}
}

// libWriter stores fetch results. The library merges each item with its
// stored row (another source's copy of the same article fills gaps but
// never replaces the richer text), so results are stored as they come.
//
// slots bounds how many sources are between their fetch and the end of
// their store at once. Storing is one writer at a time, and a large feed
// parses faster than it is stored, so without a bound every source of a
// refresh would be parsed and waiting at once: 20 feeds of 5,000 items
// peaked at 311 MB. The bound is above the Fetcher's two requests per
// host, so sources on one site are fetched as fast as before.
type libWriter struct {
	st    *store.Store
	slots chan struct{}
}

// storeSlots is the size of libWriter.slots.
const storeSlots = 4

func (w *libWriter) putResult(ctx context.Context, r feeds.Result) (int, error) {
	return w.st.PutResult(ctx, r)
}

// mergeCmd merges the sources' lists (feeds.Merge) and pairs each merged
// item with the doc its fetch built, building a new one only when merging
// changed the item's text.
func mergeCmd(gen int, lists [][]feeds.Item, docs [][]query.Doc) tea.Cmd {
	return func() tea.Msg {
		byID := map[string]*query.Doc{}
		items := map[string]*feeds.Item{}
		for i, l := range lists {
			for j := range l {
				if j < len(docs[i]) {
					byID[l[j].ID] = &docs[i][j]
					items[l[j].ID] = &l[j]
				}
			}
		}
		merged := feeds.Merge(lists...)
		out := make([]query.Doc, len(merged))
		for i := range merged {
			it := &merged[i]
			if it.ID == "" {
				it.ID = itemKey(it)
			}
			if d, ok := byID[it.ID]; ok && sameText(items[it.ID], it) {
				out[i] = *d
			} else {
				out[i] = newDoc(it, "")
			}
		}
		return mergedMsg{Gen: gen, Items: merged, Docs: out}
	}
}

// itemEntsCmd extracts the entities and regions of items' feed text.
type itemText struct {
	Tag  reqTag
	Text string
}

func itemEntsCmd(extract func(string) []entity.Span, regions func([]entity.Span) []string, in []itemText) tea.Cmd {
	return func() (msg tea.Msg) {
		out := make([]itemEnts, 0, len(in))
		defer func() {
			if r := recover(); r != nil {
				msg = itemEntsMsg{Results: out}
			}
		}()
		for _, t := range in {
			spans := validSpans(t.Text, extract(t.Text))
			var reg []string
			if regions != nil {
				reg = regions(spans)
			}
			out = append(out, itemEnts{Tag: t.Tag, Entities: toQueryEntities(spans), Regions: reg})
		}
		return itemEntsMsg{Results: out}
	}
}

// articleCmd runs reader mode for one item within a time budget.
func articleCmd(ctx context.Context, get func(context.Context, string) (*article.Article, error),
	tag reqTag, url string, it feeds.Item, budget time.Duration) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = articleMsg{Tag: tag, Err: fmt.Errorf("reader mode failed: %v", r)}
			}
		}()
		a, err := fetchArticle(ctx, get, url, budget)
		if err != nil {
			return articleMsg{Tag: tag, Err: err}
		}
		return articleMsg{Tag: tag, Art: a, Doc: newDoc(&it, articleText(a))}
	}
}

// fetchArticle runs reader mode (every page) within a time budget and
// returns the cleaned article.
func fetchArticle(ctx context.Context, get func(context.Context, string) (*article.Article, error),
	url string, budget time.Duration) (*article.Article, error) {
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	a, err := get(ctx, url)
	if err == nil && a == nil {
		err = fmt.Errorf("no article found")
	}
	if err == nil && len(a.Blocks) == 0 {
		err = fmt.Errorf("no article text found")
	}
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			err = fmt.Errorf("took longer than %s", budget)
		}
		return nil, err
	}
	return cleanArticle(a), nil
}

// blockEntsCmd extracts the entities of a text made of blocks.
func blockEntsCmd(extract func(string) []entity.Span, regions func([]entity.Span) []string,
	tag reqTag, kind contentKind, blocks []string) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = blockEntsMsg{Tag: tag, Kind: kind, Err: fmt.Errorf("entities: %v", r)}
			}
		}()
		out, reg := splitSpans(extract, regions, blocks)
		return blockEntsMsg{Tag: tag, Kind: kind, Spans: out, Regions: reg}
	}
}

// splitSpans extracts the entities of a text made of blocks. The
// extractor reads the blocks as one document (joined by blank lines), so
// that a later "Kono" links to the "Taro Kono" of an earlier paragraph;
// the spans are then split back per block, with offsets into the block.
func splitSpans(extract func(string) []entity.Span, regions func([]entity.Span) []string, blocks []string) ([][]entity.Span, []string) {
	const sep = "\n\n"
	starts := make([]int, len(blocks))
	var b strings.Builder
	for i, t := range blocks {
		if i > 0 {
			b.WriteString(sep)
		}
		starts[i] = b.Len()
		b.WriteString(t)
	}
	doc := b.String()
	all := validSpans(doc, extract(doc))
	out := make([][]entity.Span, len(blocks))
	bi := 0
	for _, s := range all {
		for bi < len(blocks)-1 && s.Start >= starts[bi+1] {
			bi++
		}
		end := starts[bi] + len(blocks[bi])
		if s.Start < starts[bi] || s.End > end {
			continue // across a block boundary
		}
		s.Start -= starts[bi]
		s.End -= starts[bi]
		out[bi] = append(out[bi], s)
	}
	var reg []string
	if regions != nil {
		reg = regions(all)
	}
	return out, reg
}

// validSpans keeps the spans that lie inside text on rune boundaries, in
// order and without overlaps.
func validSpans(text string, spans []entity.Span) []entity.Span {
	sorted := make([]entity.Span, len(spans))
	copy(sorted, spans)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	out := make([]entity.Span, 0, len(spans))
	last := 0
	for _, s := range sorted {
		if !validRange(text, s.Start, s.End) || s.Start < last {
			continue
		}
		if s.Text == "" {
			s.Text = text[s.Start:s.End]
		}
		out = append(out, s)
		last = s.End
	}
	return out
}

func openCmd(open func(string) error, url string) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = openedMsg{URL: url, Err: fmt.Errorf("%v", r)}
			}
		}()
		return openedMsg{URL: url, Err: open(url)}
	}
}
