package article

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Getter fetches one URL and returns its body and Content-Type header.
// It should cap the body size itself; Fetch rejects bodies over
// MaxPageBytes.
type Getter func(ctx context.Context, url string) (body []byte, contentType string, err error)

// MaxPages is the most pages Fetch follows for one article.
const MaxPages = 10

// FetchBudget is the time budget of a whole Fetch when ctx has no
// deadline.
const FetchBudget = 30 * time.Second

// Fetch gets the article at url and follows its other pages: for China
// Daily multi-page stories the #div_currpage links (same WS id only,
// <id>_N.html), for other pages the rel="next" link when it is this
// page's URL with the next page number (see followsPage); at most
// MaxPages pages, each page once. It joins the blocks in page order and
// sets Pages and PageURLs. If a later page fails, Fetch returns the
// pages it has together with an error wrapping ErrIncomplete.
func Fetch(ctx context.Context, get Getter, url string) (*Article, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, FetchBudget)
		defer cancel()
	}
	first, links, err := fetchPage(ctx, get, url)
	if err != nil {
		return nil, err
	}
	if first.Extractor == "generic" {
		return fetchNext(ctx, get, url, first, links)
	}
	id, n, dir := cdPageNumber(url)
	if first.Extractor != "chinadaily" || id == "" {
		return first, nil
	}
	type page struct {
		url string
		art *Article
	}
	got := map[int]page{n: {url, first}}
	want := map[int]string{}
	add := func(links []string) {
		for _, l := range links {
			lid, ln, ldir := cdPageNumber(l)
			if lid != id || ldir != dir || ln < 1 || ln > MaxPages {
				continue
			}
			if _, ok := got[ln]; ok {
				continue
			}
			if _, ok := want[ln]; !ok {
				want[ln] = l
			}
		}
	}
	add(links)
	var incomplete error
	for len(want) > 0 && len(got) < MaxPages {
		k := -1
		for num := range want {
			if k < 0 || num < k {
				k = num
			}
		}
		u := want[k]
		delete(want, k)
		a, more, err := fetchPage(ctx, get, u)
		if err != nil {
			incomplete = fmt.Errorf("%w: page %d (%s): %v", ErrIncomplete, k, u, err)
			break
		}
		got[k] = page{u, a}
		add(more)
	}
	nums := make([]int, 0, len(got))
	for num := range got {
		nums = append(nums, num)
	}
	sort.Ints(nums)
	out := *first
	out.Blocks = nil
	out.PageURLs = nil
	for _, num := range nums {
		p := got[num]
		out.Blocks = append(out.Blocks, p.art.Blocks...)
		out.PageURLs = append(out.PageURLs, p.url)
	}
	if p, ok := got[nums[0]]; ok && p.art != first {
		// Started mid-article: take the metadata of the first page.
		first := p.art
		out.URL, out.Title, out.Byline, out.Place = p.url, first.Title, first.Byline, first.Place
		out.Source, out.Published, out.Section = first.Source, first.Published, first.Section
	}
	out.Pages = len(nums)
	out.collectLinks()
	return &out, incomplete
}

// fetchNext follows a generic article's rel="next" pages from first (at
// url), each the page after the one before (see followsPage), at most
// MaxPages, and joins their blocks.
func fetchNext(ctx context.Context, get Getter, url string, first *Article, links []string) (*Article, error) {
	if len(links) == 0 {
		return first, nil
	}
	out := *first
	out.Blocks = append([]Block(nil), first.Blocks...)
	out.PageURLs = []string{url}
	seen := map[string]bool{url: true}
	cur := url
	var incomplete error
	for len(links) > 0 && len(out.PageURLs) < MaxPages {
		next := links[0]
		if _, ok := followsPage(cur, next); !ok || seen[next] {
			break
		}
		seen[next] = true
		a, more, err := fetchPage(ctx, get, next)
		if err != nil {
			incomplete = fmt.Errorf("%w: page %d (%s): %v", ErrIncomplete, len(out.PageURLs)+1, next, err)
			break
		}
		if a.Extractor != "generic" {
			break
		}
		out.Blocks = append(out.Blocks, a.Blocks...)
		out.PageURLs = append(out.PageURLs, next)
		cur, links = next, more
	}
	out.Pages = len(out.PageURLs)
	out.collectLinks()
	return &out, incomplete
}

func fetchPage(ctx context.Context, get Getter, url string) (*Article, []string, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, timeoutErr(err)
	}
	body, ct, err := get(ctx, url)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, nil, timeoutErr(cerr)
		}
		return nil, nil, fmt.Errorf("article: fetch %s: %w", url, err)
	}
	return extractPage(ctx, body, url, ct)
}
