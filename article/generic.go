package article

import (
	"context"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The generic extractor is a content scorer in the manner of Mozilla's
// Readability (paragraph units score their ancestors; class/id names,
// tag kinds and link density weight the candidates; siblings of the best
// candidate join it), followed by boilerplate removal inside the chosen
// content (share bars, newsletter boxes, related-story lists, captions,
// cookie notices) and a block-level pass that drops leftover boilerplate
// lines. It never mutates beyond removing non-content nodes: decisions
// are kept in a drop set, so a retry with looser rules is cheap.

// passFlags are the rules of one extraction attempt; later attempts
// relax them when the first finds too little text.
type passFlags struct {
	stripUnlikely, weightClasses, cleanConditionally bool
}

type generic struct {
	ctx   context.Context
	res   resolver
	meta  pageMeta
	body  *html.Node
	flags passFlags

	drop     map[*html.Node]bool
	keep     map[*html.Node]bool   // embedded posts and their wrappers: never cleaned away
	tables   []*html.Node          // the page's data tables
	cardMemo map[cardKey]bool      // prose cards per grid (proseCard)
	why      map[*html.Node]string // trace only: why a node was dropped
	score    map[*html.Node]float64
	cands    []*html.Node
	stats    map[*html.Node]textStat
	titleN   string       // normalised title, for dropping a repeated headline
	picked   []*html.Node // the content the last pass chose
	total    int          // characters in the chosen content, before cleaning
	trace    func(format string, args ...any)

	// Memos of class-name tests: pages repeat the same class strings.
	unlikelyMemo map[string]bool
	weightMemo   map[string]float64
}

// unlikely is Readability's unlikely-candidate test on a class/id string.
func (g *generic) unlikely(ci string) bool {
	if v, ok := g.unlikelyMemo[ci]; ok {
		return v
	}
	v := unlikelyIdx.contains(ci) && !maybeIdx.contains(ci)
	g.unlikelyMemo[ci] = v
	return v
}

type textStat struct {
	chars, linkChars, commas int
}

const minArticleChars = 500

func extractGeneric(ctx context.Context, doc *html.Node, res resolver, meta pageMeta) ([]Block, error) {
	blocks, _, err := extractGenericTrace(ctx, doc, res, meta, nil)
	return blocks, err
}

// extractGenericTrace returns the article's blocks and whether the
// article region shows a login or subscription wall (see walled).
func extractGenericTrace(ctx context.Context, doc *html.Node, res resolver, meta pageMeta, trace func(string, ...any)) ([]Block, bool, error) {
	body := findFirst(doc, func(n *html.Node) bool { return n.DataAtom == atom.Body })
	if body == nil {
		body = doc
	}
	prepDocument(body)
	if err := ctx.Err(); err != nil {
		return nil, false, timeoutErr(err)
	}
	g := &generic{ctx: ctx, res: res, meta: meta, body: body, titleN: normKey(meta.Title), trace: trace,
		unlikelyMemo: map[string]bool{}, weightMemo: map[string]float64{}, keep: embedKeep(body), tables: dataTables(body)}
	var best []Block
	var bestPicked []*html.Node
	bestLen := -1
	for _, f := range []passFlags{{true, true, true}, {false, true, true}, {false, false, true}, {false, false, false}} {
		g.flags = f
		blocks := g.run()
		if err := ctx.Err(); err != nil {
			return nil, false, timeoutErr(err)
		}
		n := bodyChars(blocks)
		if n >= minArticleChars {
			return blocks, n < wallMaxChars && g.walled(g.picked), nil
		}
		if n > bestLen {
			best, bestLen, bestPicked = blocks, n, g.picked
		}
	}
	return best, g.walled(bestPicked), nil
}

func bodyChars(blocks []Block) int {
	n := 0
	for _, b := range blocks {
		if b.Kind.IsBody() {
			n += utf8.RuneCountInString(b.Text)
		}
	}
	return n
}

// prepDocument removes what is never article text: comments, scripts,
// styles, forms' controls, hidden elements, dialogs and navigation.
func prepDocument(root *html.Node) {
	for n := root; n != nil; {
		nx := next(n, root, false)
		switch n.Type {
		case html.CommentNode:
			nx = next(n, root, true)
			removeNode(n)
		case html.ElementNode:
			if n != root && (skipTextElem(n.DataAtom) && n.DataAtom != atom.Math || isHidden(n) || isDialog(n)) {
				nx = next(n, root, true)
				if isSpacer(n) {
					// A hidden element holding only a space is a spacing
					// device (Han.css puts <h-hws hidden> </h-hws>
					// between Chinese and Latin words): keep the space,
					// or the words on either side run together.
					n.Parent.InsertBefore(&html.Node{Type: html.TextNode, Data: " "}, n)
				}
				removeNode(n)
			}
		}
		n = nx
	}
}

// isSpacer reports an element whose only content is whitespace text.
func isSpacer(n *html.Node) bool {
	if n.FirstChild == nil || n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Template {
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.TextNode || strings.TrimFunc(c.Data, isSpaceRune) != "" {
			return false
		}
	}
	return true
}

func isHidden(n *html.Node) bool {
	if hasAttr(n, "hidden") {
		// React/Next.js streaming SSR sends content in <div hidden
		// id="S:0"> and moves it into place with a script: it is the page.
		return !isStreamChunk(attr(n, "id"))
	}
	if attr(n, "aria-hidden") == "true" && !strings.Contains(attr(n, "class"), "fallback-image") {
		// Icons and decorative copies; real content is never aria-hidden
		// except behind a modal, which we do not render anyway.
		return n.DataAtom != atom.Img && n.DataAtom != atom.Figure && n.DataAtom != atom.Picture
	}
	if st := attr(n, "style"); st != "" {
		s := strings.ToLower(strings.ReplaceAll(st, " ", ""))
		if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
			return true
		}
	}
	if n.DataAtom == atom.Input && strings.EqualFold(attr(n, "type"), "hidden") {
		return true
	}
	return false
}

func isStreamChunk(id string) bool {
	if len(id) < 3 || id[0] != 'S' || id[1] != ':' {
		return false
	}
	for _, c := range id[2:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func isDialog(n *html.Node) bool {
	role := attr(n, "role")
	return (role == "dialog" || role == "alertdialog") && attr(n, "aria-modal") == "true"
}

// ---------------------------------------------------------------- patterns

// wordIndex finds any of a fixed list of lower-case words in a string,
// checking at each position only the words that start with that byte.
type wordIndex [256][]string

func newWordIndex(words []string) *wordIndex {
	var ix wordIndex
	for _, w := range words {
		ix[w[0]] = append(ix[w[0]], w)
	}
	return &ix
}

// contains reports whether one of the words occurs anywhere in s.
func (ix *wordIndex) contains(s string) bool {
	for i := 0; i < len(s); i++ {
		for _, w := range ix[s[i]] {
			if strings.HasPrefix(s[i:], w) {
				return true
			}
		}
	}
	return false
}

// containsToken reports whether one of the words occurs in s starting
// at a token boundary (start, or after a space, '-', '_' or ':'), so
// "share" matches "post-share-bar" and "shareArea" but "toc" does not
// match "stock".
func (ix *wordIndex) containsToken(s string) bool {
	for i := 0; i < len(s); i++ {
		if i > 0 && strings.IndexByte(" -_:", s[i-1]) < 0 {
			continue
		}
		for _, w := range ix[s[i]] {
			if strings.HasPrefix(s[i:], w) {
				return true
			}
		}
	}
	return false
}

var (
	unlikelyWords = []string{"-ad-", "ai2html", "banner", "breadcrumb", "combx", "comment", "community",
		"cover-wrap", "disqus", "extra", "footer", "gdpr", "header", "legends", "menu", "related",
		"remark", "replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor",
		"supplemental", "ad-break", "agegate", "pagination", "pager", "popup", "yom-remote",
		"cookie", "consent", "newsletter", "subscribe", "paywall", "modal", "overlay", "navbar",
		"masthead", "toolbar", "share"}
	maybeWords    = []string{"and", "article", "body", "column", "content", "main", "mathjax", "shadow"}
	positiveWords = []string{"article", "body", "content", "entry", "hentry", "h-entry", "main", "page",
		"pagination", "post", "text", "blog", "story"}
	negativeWords = []string{"-ad-", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr",
		"masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox",
		"sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget", "taboola", "newsletter",
		"subscribe", "social", "recommend", "byline", "author", "caption", "credit", "disclaimer"}
	// boilerWords mark blocks that are boilerplate wherever they sit,
	// when they are small relative to the content.
	boilerWords = []string{"share", "sharing", "social", "newsletter", "subscribe", "subscription", "signup",
		"sign-up", "related", "recommend", "read-more", "readmore", "more-stories", "morestories",
		"promo", "advert", "ad-slot", "adslot", "ad-container", "ad-wrapper", "adunit", "ad-unit", "dfp",
		"sponsor", "outbrain", "taboola", "comment", "cookie", "consent", "gdpr", "breadcrumb",
		"byline", "author", "about-author", "contributor", "bio", "footer", "tag-list",
		"tags", "taglist", "post-tags", "article-tags", "entry-meta", "post-meta", "article-meta",
		"toolbar", "print", "rating", "reactions", "donate", "paywall", "upsell", "trending", "popular",
		"most-read", "mostread", "you-may", "also-like", "next-article", "prev-next", "pagination",
		"sidebar", "signin", "login", "disclaimer", "app-download", "follow", "toc",
		"table-of-contents", "skip-link", "visually-hidden", "sr-only", "screen-reader",
		"survey", "poll"}
)

// Indexes over the word lists (immutable after package init).
var (
	unlikelyIdx = newWordIndex(unlikelyWords)
	maybeIdx    = newWordIndex(maybeWords)
	positiveIdx = newWordIndex(positiveWords)
	negativeIdx = newWordIndex(negativeWords)
	boilerIdx   = newWordIndex(boilerWords)
	keepIdx     = newWordIndex(boilerKeep)
	footerIdx   = newWordIndex([]string{"footer"})
	// boilerKeep protects containers whose names say they are the body.
	boilerKeep = []string{"article-body", "articlebody", "article-content", "articlecontent", "entry-content",
		"post-content", "postcontent", "story-body", "storybody", "post-body", "postbody", "main-content",
		"maincontent", "article__body", "article__content", "story-content", "blog-content", "rich-text", "prose"}
)

// classWords splits a class/id string into lowercase tokens joined by
// spaces, so word lists can match parts like "share" in "post-share".
func (g *generic) classWeight(n *html.Node) float64 {
	return g.classIDWeight(attr(n, "class"), attr(n, "id"))
}

func (g *generic) classIDWeight(class, id string) float64 {
	if !g.flags.weightClasses {
		return 0
	}
	if class == "" && id == "" {
		return 0
	}
	key := class + "\x00" + id
	if w, ok := g.weightMemo[key]; ok {
		return w
	}
	w := 0.0
	defer func() { g.weightMemo[key] = w }()
	for _, s := range []string{strings.ToLower(class), strings.ToLower(id)} {
		if s == "" {
			continue
		}
		// Elementor (a common WordPress builder) calls every content
		// box a widget.
		s = strings.ReplaceAll(s, "elementor-widget", "elementor-box")
		if negativeIdx.contains(s) || hasHiddenWord(s) {
			w -= 25
		}
		if positiveIdx.contains(s) {
			w += 25
		}
	}
	return w
}

func hasHiddenWord(s string) bool {
	for _, f := range strings.Fields(s) {
		if f == "hid" || f == "hidden" || f == "d-none" {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------- text stats

var commaRunes = ",，、،﹐︐︑⹁⸴⸲"

// stat returns (cached) text statistics of n, ignoring dropped nodes.
// Every element's stats are computed once and cached; dropping a node
// invalidates its ancestors only.
func (g *generic) stat(n *html.Node) textStat {
	return g.statDepth(n, 0)
}

func (g *generic) statDepth(n *html.Node, depth int) textStat {
	if s, ok := g.stats[n]; ok {
		return s
	}
	var s textStat
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			k, commas := countChars(c.Data)
			s.chars += k
			s.commas += commas
		case html.ElementNode:
			if g.drop[c] || depth > maxEmitDepth {
				continue
			}
			cs := g.statDepth(c, depth+1)
			s.chars += cs.chars
			s.commas += cs.commas
			switch {
			case c.DataAtom != atom.A:
				s.linkChars += cs.linkChars
			case strings.HasPrefix(strings.TrimSpace(attr(c, "href")), "#"):
				// Links within the page weigh less, like Readability.
				s.linkChars += int(float64(cs.chars) * 0.3)
			default:
				s.linkChars += cs.chars
			}
		}
	}
	g.stats[n] = s
	return s
}

// countChars counts characters with whitespace runs counted once, and
// commas.
func countChars(s string) (n, commas int) {
	space := true
	for _, r := range s {
		if isSpaceRune(r) {
			if !space {
				n++
				space = true
			}
			continue
		}
		space = false
		n++
		if r < 0x80 {
			if r == ',' {
				commas++
			}
		} else if strings.ContainsRune(commaRunes, r) {
			commas++
		}
	}
	return n, commas
}

func (g *generic) linkDensity(n *html.Node) float64 {
	s := g.stat(n)
	if s.chars == 0 {
		return 0
	}
	return float64(s.linkChars) / float64(s.chars)
}

// ---------------------------------------------------------------- one pass

func (g *generic) run() []Block {
	g.drop = map[*html.Node]bool{}
	if g.trace != nil {
		g.why = map[*html.Node]string{}
	}
	g.score = map[*html.Node]float64{}
	g.stats = map[*html.Node]textStat{}
	g.cardMemo = map[cardKey]bool{}
	g.cands = g.cands[:0]

	if g.flags.stripUnlikely {
		g.markUnlikely()
	}
	g.markStructural()
	g.scoreUnits()
	nodes := g.pickContent()
	g.picked = nodes
	if g.trace != nil {
		g.trace("flags %+v", g.flags)
		cands := append([]*html.Node(nil), g.cands...)
		sort.SliceStable(cands, func(i, j int) bool { return g.score[cands[i]] > g.score[cands[j]] })
		for i, c := range cands {
			if i >= 8 {
				break
			}
			g.trace("cand %.1f %s", g.score[c], nodePath(c))
		}
		for _, n := range nodes {
			g.trace("picked %s", nodePath(n))
		}
		defer func() {
			for n := range g.drop {
				if !g.dropped(n.Parent) && g.stat(n).chars > 200 {
					g.trace("dropped %s %d %s", g.why[n], g.stat(n).chars, nodePath(n))
				}
			}
		}()
	}
	if len(nodes) == 0 {
		return nil
	}
	total := 0
	for _, n := range nodes {
		total += g.stat(n).chars
	}
	g.total = total
	for _, n := range nodes {
		g.cleanContent(n, total)
	}
	opts := emitOptions{skip: func(x *html.Node) bool { return g.drop[x] }}
	var blocks []Block
	if len(nodes) == 1 && nodes[0] == g.body {
		blocks = emitBlocks(g.body, g.res, opts)
	} else {
		blocks = emitNodes(nodes, g.res, opts)
	}
	return g.filterBlocks(blocks)
}

// markUnlikely drops elements whose class/id says they are not content
// (Readability's "unlikely candidates") and navigation roles.
func (g *generic) markUnlikely() {
	total := g.stat(g.body).chars
	for n := g.body.FirstChild; n != nil; {
		if n.Type != html.ElementNode {
			n = next(n, g.body, false)
			continue
		}
		// Headings are exempt: their id is a slug of their text
		// ("community-rules", "extra-costs"), not a name for a box.
		if n.DataAtom != atom.A && n.DataAtom != atom.Article && n.DataAtom != atom.Main && !isHeading(n.DataAtom) && !g.keep[n] {
			if ci := classID(n); ci != "" && g.unlikely(ci) &&
				!hasAncestorN(n, atom.Table, 3) && !hasAncestorN(n, atom.Code, 3) &&
				// A wrapper named "layout-sidebar-right" or "page-header"
				// that holds most of the page is not a sidebar.
				!(g.stat(n).chars*5 > total*2 && g.longParagraphs(n, 3) >= 3) {
				g.setDrop(n, "unlikely")
				n = next(n, g.body, true)
				continue
			}
			switch attr(n, "role") {
			case "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog":
				g.setDrop(n, "role")
				n = next(n, g.body, true)
				continue
			}
		}
		n = next(n, g.body, false)
	}
}

func hasAncestorN(n *html.Node, a atom.Atom, maxLevels int) bool {
	i := 0
	for p := n.Parent; p != nil && (maxLevels <= 0 || i < maxLevels); p = p.Parent {
		if p.Type == html.ElementNode && p.DataAtom == a {
			return true
		}
		i++
	}
	return false
}

// markStructural drops page chrome by element kind: nav always; header,
// footer and aside unless they hold a good part of the page's text.
func (g *generic) markStructural() {
	total := g.stat(g.body).chars
	for n := g.body.FirstChild; n != nil; {
		if n.Type != html.ElementNode || g.drop[n] {
			n = next(n, g.body, n.Type == html.ElementNode)
			continue
		}
		switch n.DataAtom {
		case atom.Nav, atom.Form:
			if n.DataAtom == atom.Form && g.stat(n).chars*2 > total {
				break // whole-page forms (ASP.NET)
			}
			g.setDrop(n, "structural")
			n = next(n, g.body, true)
			continue
		case atom.Header, atom.Footer, atom.Aside:
			if n.DataAtom == atom.Header && g.isSectionHeading(n) {
				break
			}
			if g.stat(n).chars*3 < total || g.longParagraphs(n, 3) < 3 {
				g.setDrop(n, "structural")
				n = next(n, g.body, true)
				continue
			}
		}
		n = next(n, g.body, false)
	}
}

// isSectionHeading: a <header> that only wraps one sub-heading (h2-h6)
// titles a section of the text; the page's header holds the h1, links
// or more than one line.
func (g *generic) isSectionHeading(n *html.Node) bool {
	st := g.stat(n)
	if st.chars == 0 || st.linkChars*2 > st.chars {
		return false
	}
	var h *html.Node
	for c := n.FirstChild; c != nil; c = next(c, n, false) {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			if h != nil {
				return false
			}
			h = c
		case atom.H1, atom.Nav, atom.Ul, atom.Ol, atom.Form, atom.Img, atom.Picture:
			return false
		}
	}
	return h != nil && g.stat(h).chars == st.chars
}

// longParagraphs counts <p> under n with more than 120 characters, up to
// limit.
func (g *generic) longParagraphs(n *html.Node, limit int) int {
	count := 0
	for c := n; c != nil; c = next(c, n, false) {
		if c.Type == html.ElementNode && c.DataAtom == atom.P && g.stat(c).chars > 120 {
			count++
			if count >= limit {
				return count
			}
		}
	}
	return count
}

// isBlockElem reports elements that break the inline flow.
func isBlockElem(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Details, atom.Dialog,
		atom.Dd, atom.Div, atom.Dl, atom.Dt, atom.Fieldset, atom.Figcaption, atom.Figure,
		atom.Footer, atom.Form, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Header, atom.Hgroup, atom.Hr, atom.Li, atom.Main, atom.Nav, atom.Ol, atom.P,
		atom.Pre, atom.Section, atom.Table, atom.Ul, atom.Tr, atom.Td, atom.Th, atom.Tbody,
		atom.Thead, atom.Tfoot, atom.Center, atom.Menu, atom.Summary, atom.Listing:
		return true
	}
	return false
}

// scoreUnits gives every paragraph-like unit's score to its ancestors.
func (g *generic) scoreUnits() {
	var visit func(n *html.Node, depth int)
	visit = func(n *html.Node, depth int) {
		if depth > maxEmitDepth {
			return
		}
		hasBlockChild := false
		ownChars, ownCommas := 0, 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				k, cm := countChars(c.Data)
				ownChars += k
				ownCommas += cm
			case html.ElementNode:
				if g.drop[c] {
					continue
				}
				if isBlockElem(c.DataAtom) || containsBlock(c, 0) {
					hasBlockChild = true
					visit(c, depth+1)
				} else {
					s := g.stat(c)
					ownChars += s.chars
					ownCommas += s.commas
				}
			}
		}
		if n == g.body {
			if !hasBlockChild && ownChars >= 25 {
				g.addUnit(n, ownChars, ownCommas, true)
			}
			return
		}
		switch n.DataAtom {
		case atom.H1, atom.Tr, atom.Tbody, atom.Thead, atom.Table, atom.Ul, atom.Ol, atom.Dl:
			return
		}
		if !hasBlockChild {
			if ownChars >= 25 {
				g.addUnit(n, ownChars, ownCommas, false)
			}
			return
		}
		if ownChars >= 25 {
			// Loose text beside blocks: a virtual paragraph inside n.
			g.addUnit(n, ownChars, ownCommas, true)
		}
	}
	visit(g.body, 0)
}

// containsBlock reports whether an inline element wraps block content
// (e.g. <a><div>…</div></a>, <span><p>…</p></span>).
func containsBlock(n *html.Node, depth int) bool {
	if depth > 20 {
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (isBlockElem(c.DataAtom) || containsBlock(c, depth+1)) {
			return true
		}
	}
	return false
}

func (g *generic) addUnit(n *html.Node, chars, commas int, virtual bool) {
	score := 1.0 + float64(commas+1) + math.Min(math.Floor(float64(chars)/100), 3)
	anc := n
	if !virtual {
		anc = n.Parent
	}
	for level := 0; anc != nil && level < 5; level++ {
		if anc.Type != html.ElementNode || anc.Parent == nil || anc.Parent.Type == html.DocumentNode {
			break
		}
		if _, ok := g.score[anc]; !ok {
			g.score[anc] = g.initScore(anc)
			g.cands = append(g.cands, anc)
		}
		div := 1.0
		switch level {
		case 0:
		case 1:
			div = 2
		default:
			div = float64(level * 3)
		}
		g.score[anc] += score / div
		anc = anc.Parent
	}
}

func (g *generic) initScore(n *html.Node) float64 {
	s := 0.0
	switch n.DataAtom {
	case atom.Div, atom.Article, atom.Main, atom.Section:
		s = 5
	case atom.Pre, atom.Td, atom.Blockquote:
		s = 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		s = -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		s = -5
	}
	if n.DataAtom == atom.Article {
		s += 10
	}
	if ip := attr(n, "itemprop"); strings.Contains(ip, "articleBody") {
		s += 30
	}
	return s + g.classWeight(n)
}

// pickContent chooses the top candidate and the siblings that join it.
func (g *generic) pickContent() []*html.Node {
	cands := g.rankedCandidates()
	if len(cands) == 0 || cands[0] == g.body {
		return []*html.Node{g.body}
	}
	top := g.nearEqualAncestor(cands)
	// Listicles: an intro scores best, but many content-like items (low
	// link density) beside it under one ancestor make that ancestor the
	// article.
	if top2 := g.clusterAncestor(top, cands); top2 != nil {
		if g.trace != nil {
			g.trace("cluster move-up to %s", nodePath(top2))
		}
		top = top2
	}
	top = g.climb(g.splitArticleAncestor(top))
	if top.Parent == nil {
		return []*html.Node{top}
	}
	return g.withSiblings(top)
}

// rankedCandidates weighs every candidate's score by the share of its
// text outside links and returns the candidates, best first.
func (g *generic) rankedCandidates() []*html.Node {
	for _, c := range g.cands {
		g.score[c] *= 1 - g.linkDensity(c)
	}
	cands := append([]*html.Node(nil), g.cands...)
	sort.SliceStable(cands, func(i, j int) bool { return g.score[cands[i]] > g.score[cands[j]] })
	return cands
}

// nearEqualAncestor is the best candidate, or, when at least three of the
// next four score within a quarter of it, the nearest ancestor of the
// best that holds three of them.
func (g *generic) nearEqualAncestor(cands []*html.Node) *html.Node {
	top := cands[0]
	topScore := g.score[top]
	if len(cands) > 5 {
		cands = cands[:5]
	}
	var alts []*html.Node
	for _, c := range cands[1:] {
		if topScore > 0 && g.score[c]/topScore >= 0.75 {
			alts = append(alts, c)
		}
	}
	if len(alts) < 3 {
		return top
	}
	for p := top.Parent; p != nil && p != g.body; p = p.Parent {
		k := 0
		for _, a := range alts {
			if isAncestor(p, a) {
				k++
			}
		}
		if k >= 3 {
			return p
		}
	}
	return top
}

// splitArticleAncestor handles an article split across containers: the
// best candidate holds only part of it (a list of entries, one section)
// while a close, link-poor ancestor that also scores as a candidate holds
// at least three more long paragraphs and a fifth more text. That
// ancestor is returned: the rest is lead, sections or conclusion of one
// text. Otherwise top is.
func (g *generic) splitArticleAncestor(top *html.Node) *html.Node {
	ts := g.score[top]
	if ts <= 0 {
		return top
	}
	inside := g.longParagraphs(top, 1<<30)
	tc := g.stat(top).chars
	k := 0
	for a := top.Parent; a != nil && a != g.body && k < 3; a, k = a.Parent, k+1 {
		if g.linkDensity(a) >= 0.25 {
			break
		}
		if g.score[a] >= 0.3*ts && g.stat(a).chars*5 >= tc*6 && g.longParagraphs(a, inside+3) >= inside+3 {
			if g.trace != nil {
				g.trace("split move-up to %s", nodePath(a))
			}
			return a
		}
	}
	return top
}

// climb walks up from top while the parent scores as well or better, then
// past parents whose only content is top, and makes sure the result has a
// score.
func (g *generic) climb(top *html.Node) *html.Node {
	if _, ok := g.score[top]; !ok {
		g.score[top] = g.initScore(top)
	}
	last := g.score[top]
	threshold := last / 3
	for p := top.Parent; p != nil && p != g.body; p = p.Parent {
		ps, ok := g.score[p]
		if !ok {
			continue
		}
		if ps < threshold {
			break
		}
		if ps > last {
			top = p
			break
		}
		last = ps
	}
	for p := top.Parent; p != nil && p != g.body && g.contentChildren(p) == 1; p = top.Parent {
		top = p
	}
	if _, ok := g.score[top]; !ok {
		g.score[top] = g.initScore(top)
	}
	return top
}

// withSiblings returns top and, in document order, the siblings that join
// it (top has a parent).
func (g *generic) withSiblings(top *html.Node) []*html.Node {
	topScore := g.score[top]
	siblingThreshold := math.Max(10, topScore*0.2)
	topClass := attr(top, "class")
	var out []*html.Node
	for s := top.Parent.FirstChild; s != nil; s = s.NextSibling {
		if s.Type != html.ElementNode || g.drop[s] {
			continue
		}
		if s == top {
			out = append(out, s)
			continue
		}
		bonus := 0.0
		if topClass != "" && attr(s, "class") == topClass {
			bonus = topScore * 0.2
		}
		if sc, ok := g.score[s]; ok && sc+bonus >= siblingThreshold {
			out = append(out, s)
			continue
		}
		if g.sectionSibling(s, topClass) || g.paragraphSibling(s) {
			out = append(out, s)
		}
	}
	return out
}

// sectionSibling reports a sibling that continues an article split into
// several same-styled sections, whose paragraphs sit too deep to have
// scored them.
func (g *generic) sectionSibling(s *html.Node, topClass string) bool {
	if g.classWeight(s) < 0 || g.linkDensity(s) >= 0.2 {
		return false
	}
	return (topClass != "" && attr(s, "class") == topClass && g.stat(s).chars >= 200) || g.longParagraphs(s, 3) >= 3
}

// paragraphSibling reports a sibling <p> that reads as part of the text:
// long and link-poor, or short, link-free and ending a sentence.
func (g *generic) paragraphSibling(s *html.Node) bool {
	if s.DataAtom != atom.P {
		return false
	}
	st := g.stat(s)
	ld := g.linkDensity(s)
	text := ""
	if st.chars > 0 && st.chars < 80 {
		text = innerText(s)
	}
	if st.chars >= 80 && ld < 0.25 {
		return true
	}
	return st.chars > 0 && st.chars < 80 && ld == 0 && sentenceEnd(text)
}

// clusterAncestor returns the nearest ancestor of top under which at
// least three other content-like candidates (score at least 0.3 of top's,
// link density under 0.2, not nested in top or each other) together
// outscore top, when that ancestor is not link-heavy; nil otherwise.
func (g *generic) clusterAncestor(top *html.Node, cands []*html.Node) *html.Node {
	topScore := g.score[top]
	if topScore <= 0 {
		return nil
	}
	var items []*html.Node
	for _, c := range cands {
		if c == top || g.score[c] < 0.3*topScore || isAncestor(c, top) || isAncestor(top, c) {
			continue
		}
		if g.linkDensity(c) >= 0.2 || g.stat(c).chars < 400 {
			continue // teaser cards are link-heavy or short
		}
		nested := false
		for _, o := range items {
			if isAncestor(o, c) || isAncestor(c, o) {
				nested = true
				break
			}
		}
		if !nested {
			items = append(items, c)
		}
	}
	// The items must look alike (same tag and class), as list entries do.
	sig := map[string]int{}
	best := ""
	for _, it := range items {
		k := it.Data + "." + attr(it, "class")
		sig[k]++
		if sig[k] > sig[best] {
			best = k
		}
	}
	if sig[best] < 3 {
		return nil
	}
	kept := items[:0]
	for _, it := range items {
		if it.Data+"."+attr(it, "class") == best {
			kept = append(kept, it)
		}
	}
	items = kept
	for a := top.Parent; a != nil && a != g.body; a = a.Parent {
		k, sum := 0, 0.0
		for _, it := range items {
			if isAncestor(a, it) {
				k++
				sum += g.score[it]
			}
		}
		if k >= 3 && sum >= topScore {
			if g.linkDensity(a) < 0.3 {
				return a
			}
			return nil
		}
	}
	return nil
}

func sentenceEnd(s string) bool {
	return strings.Contains(s, ". ") || strings.HasSuffix(s, ".")
}

func isAncestor(a, n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == a {
			return true
		}
	}
	return false
}

// contentChildren counts the element children of n that hold text or
// an image (empty ad slots and spacers do not count).
func (g *generic) contentChildren(n *html.Node) int {
	k := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || g.drop[c] {
			continue
		}
		if g.stat(c).chars > 0 || c.DataAtom == atom.Img || findFirst(c, func(x *html.Node) bool { return x.DataAtom == atom.Img }) != nil {
			k++
		}
	}
	return k
}

// ---------------------------------------------------------------- cleaning

// cleanContent marks boilerplate inside a chosen content node.
func (g *generic) cleanContent(root *html.Node, total int) {
	// Post-order, so that inner boilerplate goes before its container is
	// judged.
	var els []*html.Node
	for n := root; n != nil; {
		if n.Type == html.ElementNode && (g.drop[n] || n != root && g.keep[n] && isSocialEmbed(n)) {
			// Dropped, or an embedded post: kept whole (its furniture
			// lines go with the block filter).
			n = next(n, root, true)
			continue
		}
		if n.Type == html.ElementNode && n != root {
			els = append(els, n)
		}
		n = next(n, root, false)
	}
	for i := len(els) - 1; i >= 0; i-- {
		if i%1024 == 0 && g.ctx.Err() != nil {
			return // out of time; the caller reports it
		}
		n := els[i]
		if g.keep[n] || g.dropped(n) {
			continue
		}
		if g.isBoilerplate(n, total) {
			g.markDrop(n, "boiler")
			continue
		}
		if g.isButtonLine(n) {
			g.markDrop(n, "button")
			continue
		}
		switch n.DataAtom {
		case atom.H1, atom.H2:
			// By class only: a heading's id is a slug of its text.
			if g.flags.weightClasses && g.classIDWeight(attr(n, "class"), "") < 0 {
				g.markDrop(n, "heading-weight")
			}
		case atom.Form, atom.Fieldset, atom.Table, atom.Ul, atom.Ol, atom.Div, atom.Section, atom.Dl,
			atom.Header, atom.Footer, atom.Aside, atom.Article, atom.Nav, atom.Center:
			if g.flags.cleanConditionally && !g.wrapsParagraph(n) && g.shouldClean(n) {
				g.markDrop(n, "conditional")
			}
		}
	}
}

// isButtonLine: a short paragraph, div or list item whose text is all
// in links that go nowhere (href "", "#…" or "javascript:"): a script's
// button ("Book Now", "Show map") or a jump link, not text. Headings
// that link to themselves are left alone.
func (g *generic) isButtonLine(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.Div, atom.Li:
	default:
		return false
	}
	st := g.stat(n)
	if st.chars == 0 || st.chars > 30 {
		return false
	}
	dead := 0
	for c := n.FirstChild; c != nil; c = next(c, n, false) {
		if c.Type != html.ElementNode {
			continue
		}
		if g.drop[c] {
			c = skipTo(c)
			continue
		}
		switch c.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			return false
		case atom.A:
			if !hasAttr(c, "href") {
				return false
			}
			href := strings.ToLower(strings.TrimSpace(attr(c, "href")))
			if href != "" && !strings.HasPrefix(href, "#") && !strings.HasPrefix(href, "javascript:") {
				return false
			}
			dead += g.stat(c).chars
			c = skipTo(c)
		}
	}
	return dead == st.chars
}

// wrapsParagraph: a div or section whose only content is one <p>
// (through single wrappers, as generators of block markup nest each
// paragraph in its own div) is that paragraph, and paragraphs are not
// cleaned conditionally; a container with a negative class still is.
func (g *generic) wrapsParagraph(n *html.Node) bool {
	if g.classWeight(n) < 0 {
		return false
	}
	for depth := 0; depth < 4; depth++ {
		switch n.DataAtom {
		case atom.Div, atom.Section:
		default:
			return false
		}
		var only *html.Node
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				if strings.TrimSpace(c.Data) != "" {
					return false
				}
			case html.ElementNode:
				if g.stat(c).chars == 0 && (g.drop[c] || c.FirstChild == nil) {
					continue // an empty slot
				}
				if g.drop[c] {
					return false // what is left of a cleaned box
				}
				if only != nil {
					return false
				}
				only = c
			}
		}
		if only == nil {
			return false
		}
		if only.DataAtom == atom.P {
			// A paragraph that is all link is a button or a teaser.
			return g.classWeight(only) >= 0 && g.linkDensity(only) < 0.5
		}
		n = only
	}
	return false
}

func (g *generic) setDrop(n *html.Node, why string) {
	g.drop[n] = true
	for p := n.Parent; p != nil; p = p.Parent {
		if _, ok := g.stats[p]; !ok {
			break // ancestors of an uncached node are uncached too
		}
		delete(g.stats, p)
	}
	if g.trace != nil {
		g.why[n] = why
	}
}

// dropped reports whether n or an ancestor is dropped.
func (g *generic) dropped(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if g.drop[p] {
			return true
		}
	}
	return false
}

// markDrop drops n and invalidates the cached stats of its ancestors.
func (g *generic) markDrop(n *html.Node, why string) {
	g.setDrop(n, why)
}

// isBoilerplate: share bars, newsletter boxes, related lists… by
// class/id, when small relative to the content.
func (g *generic) isBoilerplate(n *html.Node, total int) bool {
	switch n.DataAtom {
	case atom.Nav:
		return true
	case atom.Button, atom.Input, atom.Select, atom.Textarea, atom.Label:
		return true
	}
	if ip := attr(n, "itemprop"); ip == "author" || strings.HasSuffix(attr(n, "itemtype"), "/Person") {
		if st := g.stat(n); st.chars*4 < total || st.chars < 400 {
			return true // an author box
		}
	}
	if isHeading(n.DataAtom) {
		// A heading is not a box, and its id is a slug of its text
		// ("popular-ev-models", "biochar-…"), not a name for furniture.
		return false
	}
	ci := classID(n)
	if ci == "" {
		ci = strings.ToLower(attr(n, "data-component") + " " + attr(n, "data-testid"))
		if strings.TrimSpace(ci) == "" {
			return false
		}
	}
	if keepIdx.contains(ci) && !footerIdx.containsToken(ci) || strings.Contains(ci, "commentary") {
		return false
	}
	if !boilerIdx.containsToken(ci) && !hasHiddenWord(ci) {
		return false
	}
	st := g.stat(n)
	if st.chars*4 > total && st.chars > 400 {
		return false
	}
	return true
}

// shouldClean is Readability's conditional cleaning: containers with
// few commas that are link-heavy, image-heavy, form-heavy or tiny.
func (g *generic) shouldClean(n *html.Node) bool {
	if n.DataAtom == atom.Table && !isLayoutTable(n) {
		return false // data tables are content
	}
	if hasAncestorN(n, atom.Code, 0) || hasAncestorN(n, atom.Pre, 0) {
		return false
	}
	weight := g.classWeight(n)
	if weight < 0 && !g.proseCard(n) {
		return true
	}
	if g.holdsDataTable(n) || g.statItem(n) {
		return false // a guide's table or stat block
	}
	st := g.stat(n)
	if st.commas >= 10 {
		return false
	}
	isList := n.DataAtom == atom.Ul || n.DataAtom == atom.Ol
	k := g.countInside(n)
	if !isList && k.li > 0 && st.chars > 0 {
		isList = g.mostlyListItems(n, st.chars)
	}
	k.li -= 100
	ld := g.linkDensity(n)
	contentLen := st.chars
	headingDensity := 0.0
	if contentLen > 0 {
		headingDensity = float64(k.headingChars) / float64(contentLen)
	}
	inFigure := hasAncestorN(n, atom.Figure, 0)
	switch {
	case k.img > 1 && float64(k.p)/float64(k.img) < 0.5 && !inFigure:
		return true
	case !isList && k.li > k.p:
		return true
	case float64(k.input) > math.Floor(float64(k.p)/3):
		return true
	case !isList && headingDensity < 0.9 && contentLen < 25 && (k.img == 0 || k.img > 2) && !inFigure:
		return true
	case !isList && weight < 25 && ld > 0.2:
		return true
	case weight >= 25 && ld > 0.5:
		return true
	case (k.embeds == 1 && contentLen < 75) || k.embeds > 1:
		return true
	case isList && ld > 0.5 && contentLen < 2000:
		// Lists of links (related stories, tags) inside the article.
		return true
	}
	return false
}

// insideCounts are the elements within a node that shouldClean weighs.
type insideCounts struct {
	p, img, li, input, embeds int
	headingChars              int // text in headings
}

// countInside counts the elements within n, skipping dropped subtrees.
func (g *generic) countInside(n *html.Node) insideCounts {
	var k insideCounts
	for c := n.FirstChild; c != nil; c = next(c, n, false) {
		if c.Type != html.ElementNode {
			continue
		}
		if g.drop[c] {
			c = skipTo(c)
			if c == nil {
				break
			}
			continue
		}
		switch c.DataAtom {
		case atom.P:
			k.p++
		case atom.Img:
			k.img++
		case atom.Li:
			k.li++
		case atom.Input:
			k.input++
		case atom.Embed, atom.Object, atom.Iframe, atom.Video, atom.Audio:
			k.embeds++
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			k.headingChars += g.stat(c).chars
		}
	}
	return k
}

// mostlyListItems reports whether list items (not dropped) hold over 90 %
// of n's chars characters of text: such a div counts as a list.
func (g *generic) mostlyListItems(n *html.Node, chars int) bool {
	liChars := 0
	for c := n.FirstChild; c != nil; c = next(c, n, false) {
		if c.Type == html.ElementNode && c.DataAtom == atom.Li && !g.drop[c] {
			liChars += g.stat(c).chars
			c = skipTo(c)
			if c == nil {
				break
			}
		}
	}
	return float64(liChars)/float64(chars) > 0.9
}

// skipTo is the last node of c's subtree, for loops that use
// next(c, root, false) and want to skip c's children: the loop's next()
// steps from it past the subtree.
func skipTo(c *html.Node) *html.Node {
	for c.LastChild != nil {
		c = c.LastChild
	}
	return c
}

// ---------------------------------------------------------------- output

// normKey lower-cases and strips non-letters, for comparing titles.
func normKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 0x7f && !isSpaceRune(r) && !strings.ContainsRune("’‘“”–—…", r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// nodePath describes n for traces: tag#id.class > … from the body.
func nodePath(n *html.Node) string {
	var parts []string
	for p := n; p != nil && p.Type == html.ElementNode; p = p.Parent {
		s := p.Data
		if id := attr(p, "id"); id != "" {
			s += "#" + id
		}
		if c := attr(p, "class"); c != "" {
			s += "." + strings.Join(strings.Fields(c), ".")
		}
		if len(s) > 60 {
			s = s[:60]
		}
		parts = append(parts, s)
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, " > ")
}

func isHeading(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}
