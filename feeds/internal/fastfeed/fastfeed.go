package fastfeed

import (
	"strings"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	ext "github.com/mmcdole/gofeed/extensions"
	"github.com/mmcdole/gofeed/rss"
)

// Parse parses an RSS 2.0/0.9x or Atom document into the gofeed.Feed that
// gofeed.Parser.Parse returns for it, or declines (ok == false), and the
// caller uses gofeed. text is the document as package feeds hands it to
// gofeed (UTF-8, without XML-illegal characters); ft is the type
// gofeed.DetectFeedType gives it. The feed is translated as package
// feeds configures gofeed: the default translators, with the RSS one's
// content image scan off.
//
// A panic here is a bug in this package, and it is not recovered: the
// differential tests and the fuzz target must see it.
func Parse(text []byte, ft gofeed.FeedType) (f *gofeed.Feed, ok bool) {
	rf, af, ok := parseRaw(text, ft)
	if !ok {
		return nil, false
	}
	var err error
	if rf != nil {
		f, err = rssTranslator.Translate(rf)
	} else {
		f, err = atomTranslator.Translate(af)
	}
	if err != nil || f == nil {
		return nil, false
	}
	return f, true
}

// parseRaw returns what gofeed's RSS parser (rf) or Atom parser (af)
// would return for text.
func parseRaw(text []byte, ft gofeed.FeedType) (rf *rss.Feed, af *atom.Feed, ok bool) {
	if ft != gofeed.FeedTypeRSS && ft != gofeed.FeedTypeAtom {
		return nil, nil, false
	}
	s := string(text)
	if !checkXMLChars(s) {
		return nil, nil, false
	}
	x := newScanner(s)
	if !findRoot(x) {
		return nil, nil, false
	}
	// The root is the element gofeed's detection read (the first start
	// tag); RSS 1.0 and 0.90 (rdf:RDF) are left to gofeed.
	switch root := strings.ToLower(x.local); {
	case ft == gofeed.FeedTypeRSS && root == "rss":
		rf, ok = parseFastRSS(x)
		return rf, nil, ok
	case ft == gofeed.FeedTypeAtom && root == "feed":
		af, ok = parseFastAtom(x)
		return nil, af, ok
	}
	return nil, nil, false
}

// The translators package feeds gives gofeed.Parser (feeds.rssTranslator):
// the RSS one skips gofeed's per-item HTML parse for an image, which
// feeds does itself.
var (
	rssTranslator  = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	atomTranslator = &gofeed.DefaultAtomTranslator{}
)

// findRoot is gofeed's shared.FindRoot: the first start tag.
func findRoot(x *xscanner) bool {
	for x.next() {
		switch x.kind {
		case tokStart:
			return true
		case tokEnd:
			return false
		}
	}
	return false
}

// keep copies a string cut from the document, so that items do not pin
// the whole document in memory.
func keep(s string) string { return strings.Clone(s) }

// fastParser carries the scanner and the feed's native name spaces.
type fastParser struct {
	x       *xscanner
	native  []string
	lowered map[string]string
	names   map[string]string
}

// text is shared.ParseText on the current start tag.
func (p *fastParser) text() (string, bool) {
	inner, ok := p.x.skip()
	if !ok {
		return "", false
	}
	return keep(gfParseText(inner)), true
}

// textURL is shared.ParseTextURL.
func (p *fastParser) textURL() (string, bool) {
	base := p.x.baseURL()
	s, ok := p.text()
	if !ok {
		return "", false
	}
	return gfResolveURLIfBase(base, s), true
}

// attr is goxpp's Attribute on a start tag that shared.NextTag returned,
// after its resolveAttrs.
func (p *fastParser) attr(name string) string {
	v := p.x.attribute(name)
	if v != "" || p.x.hasAttr(name) {
		if gfIsURIAttr(name) {
			v = gfResolveAttr(p.x.baseURL(), v)
		}
	}
	return keep(v)
}

func (x *xscanner) hasAttr(name string) bool {
	for _, a := range x.attrs {
		if a.local == name {
			return true
		}
	}
	return false
}

// isExtension is shared.IsExtension.
func (p *fastParser) isExtension() bool {
	space := strings.TrimSpace(p.x.space)
	for _, n := range p.native {
		if space == n {
			return false
		}
	}
	return true
}

// prefixForNamespace is shared.PrefixForNamespace.
func (p *fastParser) prefixForNamespace(space string) string {
	space = strings.TrimSpace(space)
	if prefix, ok := gfCanonicalNamespaces[space]; ok {
		return prefix
	}
	if prefix, ok := p.x.prefixForURI(space); ok && prefix != "" {
		return prefix
	}
	return space
}

// extension is shared.ParseExtension on an element that shared.NextTag
// returned.
func (p *fastParser) extension(fep *ext.Extensions) bool {
	prefix := p.intern(p.prefixForNamespace(p.x.space))
	e, ok := p.extensionElement(true)
	if !ok {
		return false
	}
	if *fep == nil {
		*fep = ext.Extensions{}
	}
	fe := *fep
	if _, ok := fe[prefix]; !ok {
		fe[prefix] = map[string][]ext.Extension{}
	}
	if _, ok := fe[prefix][e.Name]; !ok {
		fe[prefix][e.Name] = []ext.Extension{}
	}
	fe[prefix][e.Name] = append(fe[prefix][e.Name], e)
	return true
}

// extensionElement is shared.parseExtensionElement; resolved says whether
// the start tag went through shared.NextTag's attribute resolution.
func (p *fastParser) extensionElement(resolved bool) (e ext.Extension, ok bool) {
	x := p.x
	e.Name = p.intern(x.local)
	e.Children = map[string][]ext.Extension{}
	e.Attrs = map[string]string{}
	base := x.baseURL()
	for _, a := range x.attrs {
		v := a.value
		if resolved && gfIsURIAttr(a.local) {
			v = gfResolveAttr(base, v)
		}
		e.Attrs[p.intern(a.local)] = keep(v)
	}
	var value strings.Builder
	for {
		if !x.next() {
			return e, false
		}
		switch x.kind {
		case tokEnd:
			e.Value = keep(strings.TrimSpace(value.String()))
			return e, true
		case tokStart:
			child, ok := p.extensionElement(false)
			if !ok {
				return e, false
			}
			if _, ok := e.Children[child.Name]; !ok {
				e.Children[child.Name] = []ext.Extension{}
			}
			e.Children[child.Name] = append(e.Children[child.Name], child)
		case tokText:
			value.WriteString(decodeXMLText(x.text, x.cdata))
		}
	}
}

// child is one step of shared.ForEachChild: it moves to the next child
// element of the current one and returns its lower-case local name, or
// returns false after the parent's end tag, or when the scanner gives up
// (p.x.bad).
func (p *fastParser) child() (string, bool) {
	if !p.x.nextTag() || p.x.kind == tokEnd {
		return "", false
	}
	return p.lower(p.x.local), true
}

// lower is strings.ToLower, remembered per name.
func (p *fastParser) lower(s string) string {
	if l, ok := p.lowered[s]; ok {
		return l
	}
	l := strings.ToLower(s)
	if p.lowered == nil {
		p.lowered = map[string]string{}
	}
	p.lowered[s] = l
	return l
}

// intern is keep for names, which repeat.
func (p *fastParser) intern(s string) string {
	if k, ok := p.names[s]; ok {
		return k
	}
	k := keep(s)
	if p.names == nil {
		p.names = map[string]string{}
	}
	p.names[k] = k
	return k
}

func (p *fastParser) skip() bool {
	_, ok := p.x.skip()
	return ok
}
