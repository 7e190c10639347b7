package article

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Generic multi-page articles. A page names its next page with
// rel="next" (a <link> in the head, or an <a> in the body). That link is
// followed only when its URL is this page's URL with the page number one
// higher: the same path with ?page=N (or p, pg, pn, paged, pagenum), or
// a path ending /N, /page/N, -N or _N (before an extension). rel="next"
// also marks the next post of a blog or the next page of a list; those
// URLs do not have that shape, so they are never joined to the article.

// nextPageLink returns the page after pageURL that doc links to with
// rel="next", or "".
func nextPageLink(doc *html.Node, res resolver, pageURL string) string {
	for _, n := range findAll(doc, func(n *html.Node) bool {
		return (n.DataAtom == atom.Link || n.DataAtom == atom.A) && hasToken(attr(n, "rel"), "next")
	}) {
		u := res.abs(attr(n, "href"))
		if u == "" {
			continue
		}
		if _, ok := followsPage(pageURL, u); ok {
			return u
		}
	}
	return ""
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == tok {
			return true
		}
	}
	return false
}

// pageParams are the query parameters sites number article pages with.
var pageParams = []string{"page", "p", "pg", "pn", "paged", "pagenum"}

// pathPage matches a path's page suffix: /2, /2/, /page/2, -2, _2, each
// optionally before an extension.
var pathPage = regexp.MustCompile(`(?i)(/page/|/|-|_)([1-9]\d?)(/|\.[a-z0-9]{1,5})?$`)

// pageOf splits u into its article (the URL without its page number) and
// its page number (1 when it has none).
func pageOf(u *url.URL) (key string, n int) {
	q := u.Query()
	n = 1
	for _, p := range pageParams {
		if v := q.Get(p); v != "" {
			k, err := strconv.Atoi(v)
			if err != nil || k < 1 {
				return "", 0
			}
			n = k
			q.Del(p)
			break
		}
	}
	path := strings.TrimSuffix(u.Path, "/")
	if n == 1 {
		if m := pathPage.FindStringSubmatchIndex(u.Path); m != nil {
			k, _ := strconv.Atoi(u.Path[m[4]:m[5]])
			ext := ""
			if m[6] >= 0 && u.Path[m[6]] == '.' {
				ext = u.Path[m[6]:m[7]]
			}
			path, n = u.Path[:m[0]]+ext, k
		}
	}
	return strings.ToLower(u.Host) + path + "?" + q.Encode(), n
}

// followsPage reports whether next is the page after cur, and its number.
func followsPage(cur, next string) (int, bool) {
	cu, err1 := url.Parse(cur)
	nu, err2 := url.Parse(next)
	if err1 != nil || err2 != nil || !strings.EqualFold(cu.Host, nu.Host) {
		return 0, false
	}
	ck, cn := pageOf(cu)
	nk, nn := pageOf(nu)
	switch {
	case nk == "" || nn < 2 || nn > MaxPages:
		return 0, false
	case ck != "" && ck == nk && nn == cn+1:
		return nn, true
	case nn == 2 && nk == strings.ToLower(cu.Host)+strings.TrimSuffix(cu.Path, "/")+"?"+cu.Query().Encode():
		// cur is page 1 and its path only looks numbered ("/apollo-13").
		return nn, true
	}
	return 0, false
}
