package article

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// emitOptions tune how a content subtree is turned into blocks.
type emitOptions struct {
	// tableCaptions: every text inside a <table> is a caption (old China
	// Daily pages put the photo caption in a one-cell layout table).
	tableCaptions bool
	// skip is called on every element; true drops it and its content.
	skip func(*html.Node) bool
	// layoutTables: treat every table as layout (cells are containers).
	layoutTables bool
}

// emitter walks a content subtree and produces blocks in document order.
type emitter struct {
	res  resolver
	opts emitOptions

	blocks []Block
	cur    textBuilder
	gen    int // bumped on every flush, so links never span two blocks

	caption, quote, li, list, heading int
	pre                               bool
	pendingImgs                       []Block
}

// emitBlocks returns the blocks of root's content (not root itself).
func emitBlocks(root *html.Node, res resolver, opts emitOptions) []Block {
	e := &emitter{res: res, opts: opts}
	e.walk(root, 0)
	return e.finish()
}

// emitNodes returns the blocks of the given nodes, each included.
func emitNodes(nodes []*html.Node, res resolver, opts emitOptions) []Block {
	e := &emitter{res: res, opts: opts}
	for _, n := range nodes {
		e.node(n, 0)
		e.flush()
	}
	return e.finish()
}

func (e *emitter) finish() []Block {
	e.flush()
	// An image without alt text takes the caption next to it.
	for i := range e.blocks {
		b := &e.blocks[i]
		if b.Kind != Image || b.Text != "" {
			continue
		}
		if i+1 < len(e.blocks) && e.blocks[i+1].Kind == Caption {
			b.Text = e.blocks[i+1].Text
		} else if i > 0 && e.blocks[i-1].Kind == Caption {
			b.Text = e.blocks[i-1].Text
		}
	}
	return e.blocks
}

// kind is the block kind for text written in the current context.
func (e *emitter) kind() BlockKind {
	switch {
	case e.caption > 0:
		return Caption
	case e.pre:
		return Preformatted
	case e.heading > 0:
		return Heading
	case e.li > 0:
		return ListItem
	case e.quote > 0:
		return Quote
	}
	return Paragraph
}

func (e *emitter) level() int {
	switch {
	case e.caption > 0 || e.pre:
		return 0
	case e.heading > 0:
		return e.heading
	case e.li > 0:
		return max(e.list, 1)
	}
	return 0
}

// flush ends the current block (if it has text) and emits queued images.
func (e *emitter) flush() {
	text, links := e.cur.finish()
	if strings.TrimFunc(text, isSpaceRune) != "" {
		e.blocks = append(e.blocks, Block{Kind: e.kind(), Text: text, Level: e.level(), Links: links})
	}
	e.cur.reset()
	e.cur.pre = e.pre
	e.gen++
	if len(e.pendingImgs) > 0 {
		e.blocks = append(e.blocks, e.pendingImgs...)
		e.pendingImgs = e.pendingImgs[:0]
	}
}

// inlineAtoms are phrasing elements: their text joins the current block.
func isInline(a atom.Atom) bool {
	switch a {
	case atom.A, atom.Abbr, atom.B, atom.Bdi, atom.Bdo, atom.Big, atom.Cite, atom.Code,
		atom.Data, atom.Del, atom.Dfn, atom.Em, atom.Font, atom.I, atom.Ins, atom.Kbd,
		atom.Label, atom.Mark, atom.Nobr, atom.Q, atom.Rb, atom.Rp, atom.Rt, atom.Rtc, atom.Ruby,
		atom.S, atom.Samp, atom.Small, atom.Span, atom.Strike, atom.Strong, atom.Sub,
		atom.Sup, atom.Time, atom.Tt, atom.U, atom.Var, atom.Wbr, atom.Output, atom.Meter,
		atom.Progress, atom.Acronym:
		return true
	}
	return false
}

const maxEmitDepth = 400

func (e *emitter) walk(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		e.node(c, depth+1)
	}
}

func (e *emitter) node(c *html.Node, depth int) {
	switch c.Type {
	case html.TextNode:
		e.cur.writeText(c.Data)
		return
	case html.ElementNode:
	default:
		return
	}
	if depth > maxEmitDepth {
		// The parser already caps depth at 512; keep the text anyway.
		appendText(&e.cur, c)
		return
	}
	if skipTextElem(c.DataAtom) || (e.opts.skip != nil && e.opts.skip(c)) {
		return
	}
	if e.special(c, depth) {
		return
	}
	if isInline(c.DataAtom) || inlineCustom(c) {
		e.walk(c, depth)
		return
	}
	e.block(c, depth)
}

// inlineCustom reports a custom element (<h-char>, <x-term>) used
// inside running text: browsers draw unknown elements inline, and
// typesetting scripts wrap single characters and words in them, so such
// an element must not split its paragraph. It has no block inside, and
// text or an inline element beside it, or an inline or custom parent.
// Custom elements that stand alone between blocks (a CMS's
// <x-paragraph>) stay blocks.
func inlineCustom(c *html.Node) bool {
	if c.DataAtom != 0 || !strings.Contains(c.Data, "-") || containsBlock(c, 0) {
		return false
	}
	if p := c.Parent; p != nil && p.Type == html.ElementNode && (isInline(p.DataAtom) || p.DataAtom == 0 && strings.Contains(p.Data, "-")) {
		return true
	}
	for _, s := range []*html.Node{c.PrevSibling, c.NextSibling} {
		switch {
		case s == nil:
		case s.Type == html.TextNode && strings.TrimFunc(s.Data, isSpaceRune) != "":
			return true
		case s.Type == html.ElementNode && isInline(s.DataAtom):
			return true
		}
	}
	return false
}

// special handles the elements that are neither plain inline text nor a
// block (line breaks, images, links, rules, picture and its kin) and
// reports whether c was one of them.
func (e *emitter) special(c *html.Node, depth int) bool {
	switch c.DataAtom {
	case atom.Br:
		e.lineBreak()
	case atom.Img:
		if b, ok := e.image(c, ""); ok {
			e.pendingImgs = append(e.pendingImgs, b)
		}
	case atom.A:
		start, gen := e.cur.Len(), e.gen
		e.walk(c, depth)
		if gen == e.gen {
			if u := e.res.abs(attr(c, "href")); u != "" {
				e.cur.addLink(start, u)
			}
		}
	case atom.Hr:
		e.flush()
	case atom.Picture:
		e.walk(c, depth)
	case atom.Source, atom.Track, atom.Area, atom.Col, atom.Colgroup:
	default:
		return false
	}
	return true
}

// lineBreak is a <br>: a new line in preformatted text, a paragraph
// break after another <br>, else a line break within the block.
func (e *emitter) lineBreak() {
	if e.pre {
		e.cur.b.WriteByte('\n')
		return
	}
	if strings.HasSuffix(e.cur.b.String(), "\n") {
		e.flush() // <br><br> separates paragraphs
		return
	}
	e.cur.lineBreak()
}

// block emits a block-level element: its content as block(s) of their
// own, in the context (heading level, list, quote, …) the element sets.
func (e *emitter) block(c *html.Node, depth int) {
	switch c.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		e.flush()
		saved := e.heading
		e.heading = int(c.DataAtom.String()[1] - '0')
		e.walk(c, depth)
		e.flush()
		e.heading = saved
	case atom.Ul, atom.Ol, atom.Menu:
		e.nested(&e.list, c, depth)
	case atom.Li:
		e.nested(&e.li, c, depth)
	case atom.Blockquote:
		e.nested(&e.quote, c, depth)
	case atom.Pre, atom.Listing, atom.Xmp, atom.Plaintext:
		e.flush()
		saved := e.pre
		e.pre = true
		e.cur.pre = true
		e.walk(c, depth)
		e.flush()
		e.pre = saved
		e.cur.pre = saved
	case atom.Figure:
		e.figure(c, depth)
	case atom.Figcaption:
		e.nested(&e.caption, c, depth)
	case atom.Table:
		e.table(c, depth)
	default:
		if isSocialEmbed(c) {
			e.nested(&e.quote, c, depth) // a post embedded as a <div> or <amp-twitter>
			return
		}
		// p, div, section, article, dl/dt/dd, address, details, custom
		// elements…: a block boundary around its content.
		e.flush()
		e.walk(c, depth)
		e.flush()
	}
}

// nested emits c's content as block(s) of their own with *level raised
// by one while inside it (list, list item, quote, caption).
func (e *emitter) nested(level *int, c *html.Node, depth int) {
	e.flush()
	*level++
	e.walk(c, depth)
	e.flush()
	*level--
}

// figure emits the figure's images (Text = the caption, else the alt)
// followed by its caption block(s).
func (e *emitter) figure(f *html.Node, depth int) {
	e.flush()
	capText := ""
	if fc := findFirst(f, func(n *html.Node) bool { return n.DataAtom == atom.Figcaption }); fc != nil {
		capText = innerText(fc)
	}
	saved := e.pendingImgs
	e.pendingImgs = nil
	e.caption++
	for c := f.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Img {
			if b, ok := e.image(c, capText); ok {
				e.flush()
				e.blocks = append(e.blocks, b)
			}
			continue
		}
		if c.Type == html.ElementNode && c.DataAtom != atom.Figcaption {
			// Images nested in links/pictures/divs inside the figure.
			for _, img := range findAll(c, func(n *html.Node) bool { return n.DataAtom == atom.Img }) {
				if b, ok := e.image(img, capText); ok {
					e.flush()
					e.blocks = append(e.blocks, b)
				}
			}
			if innerText(c) == "" {
				continue
			}
			if figureBody(c) {
				// A table, quote or code block wrapped in a figure
				// (WordPress does this) is body content.
				e.flush()
				e.caption--
				e.walkNoImages(c, depth)
				e.flush()
				e.caption++
				continue
			}
			// Short text in a figure other than the figcaption
			// (credits) counts as caption.
			e.walkNoImages(c, depth)
			continue
		}
		e.node(c, depth+1)
	}
	e.flush()
	e.caption--
	e.pendingImgs = append(saved, e.pendingImgs...)
}

// figureBody reports figure content that is not an image credit: tables,
// quotes, code, lists and paragraphs.
func figureBody(n *html.Node) bool {
	return findFirst(n, func(x *html.Node) bool {
		switch x.DataAtom {
		case atom.Table, atom.Blockquote, atom.Pre, atom.Ul, atom.Ol, atom.P, atom.Code:
			return true
		}
		return false
	}) != nil
}

// walkNoImages walks like node() but ignores images (already emitted).
func (e *emitter) walkNoImages(n *html.Node, depth int) {
	savedSkip := e.opts.skip
	e.opts.skip = func(x *html.Node) bool {
		if x.DataAtom == atom.Img {
			return true
		}
		return savedSkip != nil && savedSkip(x)
	}
	e.node(n, depth+1)
	e.opts.skip = savedSkip
}

// image turns an <img> into an Image block.
func (e *emitter) image(img *html.Node, caption string) (Block, bool) {
	src := imageSrc(img, e.res)
	if src == "" {
		return Block{}, false
	}
	if w, err := strconv.Atoi(strings.TrimSuffix(attr(img, "width"), "px")); err == nil && w > 0 && w <= 2 {
		return Block{}, false // tracking pixel
	}
	if h, err := strconv.Atoi(strings.TrimSuffix(attr(img, "height"), "px")); err == nil && h > 0 && h <= 2 {
		return Block{}, false
	}
	text := caption
	if text == "" {
		text = cleanText(attr(img, "alt"))
	}
	if text == "" {
		text = cleanText(attr(img, "title"))
	}
	return Block{Kind: Image, Text: text, Src: src}, true
}

// imageSrc picks the real image URL, looking through lazy-loading
// attributes and srcset.
func imageSrc(img *html.Node, res resolver) string {
	for _, k := range []string{"data-src", "data-lazy-src", "data-original", "data-url", "data-hi-res-src", "src"} {
		v := strings.TrimSpace(attr(img, k))
		if v == "" || strings.HasPrefix(strings.ToLower(v), "data:") {
			continue
		}
		if u := res.abs(v); u != "" {
			return u
		}
	}
	for _, k := range []string{"data-srcset", "srcset"} {
		v := strings.TrimSpace(attr(img, k))
		if v == "" {
			continue
		}
		first := strings.Fields(strings.Split(v, ",")[0])
		if len(first) > 0 {
			if u := res.abs(first[0]); u != "" {
				return u
			}
		}
	}
	return ""
}

// table emits a data table row by row (cells joined by " | ") and walks
// a layout table as plain containers.
func (e *emitter) table(t *html.Node, depth int) {
	e.flush()
	if e.opts.tableCaptions || isImageTable(t) {
		// A table holding a photo and a line or two of text is a
		// captioned picture (common on older news pages).
		e.caption++
		e.walk(t, depth)
		e.flush()
		e.caption--
		return
	}
	if e.opts.layoutTables || isLayoutTable(t) {
		e.walk(t, depth)
		e.flush()
		return
	}
	for _, row := range tableRows(t) {
		first := true
		for c := row.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || (c.DataAtom != atom.Td && c.DataAtom != atom.Th) {
				continue
			}
			if !first && e.cur.Len() > 0 {
				e.cur.writeText(" | ")
			}
			first = false
			e.walkInline(c, depth)
		}
		e.flush()
	}
	if capt := findFirst(t, func(n *html.Node) bool { return n.DataAtom == atom.Caption }); capt != nil {
		e.caption++
		e.walk(capt, depth)
		e.flush()
		e.caption--
	}
}

// walkInline writes a cell's content into the current block, treating
// block elements inside as spaces rather than block boundaries.
func (e *emitter) walkInline(n *html.Node, depth int) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			e.cur.writeText(c.Data)
		case c.Type != html.ElementNode, skipTextElem(c.DataAtom):
		case e.opts.skip != nil && e.opts.skip(c):
		case c.DataAtom == atom.Br:
			e.cur.space()
		case c.DataAtom == atom.Img:
			if b, ok := e.image(c, ""); ok {
				e.pendingImgs = append(e.pendingImgs, b)
			}
		case c.DataAtom == atom.A:
			start, gen := e.cur.Len(), e.gen
			e.walkInline(c, depth+1)
			if gen == e.gen {
				if u := e.res.abs(attr(c, "href")); u != "" {
					e.cur.addLink(start, u)
				}
			}
		default:
			if !isInline(c.DataAtom) {
				e.cur.space()
			}
			if depth < maxEmitDepth {
				e.walkInline(c, depth+1)
			}
			if !isInline(c.DataAtom) {
				e.cur.space()
			}
		}
	}
}

// isImageTable: a table with one or two images, no nested table and
// under 300 characters of text.
func isImageTable(t *html.Node) bool {
	imgs := findAll(t, func(n *html.Node) bool { return n.DataAtom == atom.Img || n.DataAtom == atom.Table && n != t })
	if len(imgs) == 0 || len(imgs) > 2 {
		return false
	}
	for _, n := range imgs {
		if n.DataAtom == atom.Table {
			return false
		}
	}
	text := innerText(t)
	return text != "" && utf8.RuneCountInString(text) < 300
}

// tableRows lists the rows of t, not of nested tables.
func tableRows(t *html.Node) []*html.Node {
	var rows []*html.Node
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Tr:
				rows = append(rows, c)
			case atom.Thead, atom.Tbody, atom.Tfoot:
				visit(c)
			}
		}
	}
	visit(t)
	return rows
}

// isLayoutTable guesses whether a table is used for page layout rather
// than data: nested tables, block content in cells, presentation role,
// or a single column.
func isLayoutTable(t *html.Node) bool {
	if r := attr(t, "role"); r == "presentation" || r == "none" {
		return true
	}
	if findFirst(t, func(n *html.Node) bool { return n != t && n.DataAtom == atom.Table }) != nil {
		return true
	}
	rows := tableRows(t)
	maxCols := 0
	for _, r := range rows {
		cols := 0
		for c := r.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
				cols++
			}
		}
		maxCols = max(maxCols, cols)
	}
	if maxCols <= 1 {
		return true
	}
	blocky := findFirst(t, func(n *html.Node) bool {
		switch n.DataAtom {
		case atom.P, atom.Div, atom.Ul, atom.Ol, atom.H1, atom.H2, atom.H3, atom.H4, atom.Blockquote, atom.Pre:
			return len(innerText(n)) > 200
		}
		return false
	})
	return blocky != nil
}
