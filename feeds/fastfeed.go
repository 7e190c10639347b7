package feeds

// The fast feed path. gofeed reads a feed through goxpp and encoding/xml,
// which allocate for every token and every element, and parses every date
// by trying over a hundred layouts; for a 5,000-item feed that is most of
// ParseFeed's time. This file reads RSS 2.0/0.9x and Atom documents with
// xscanner (fastxml.go) and builds the very structures gofeed's own
// parsers build (rss.Feed, atom.Feed), field for field, following their
// code step by step; gofeed's translators then turn them into a
// gofeed.Feed as usual. Anything the scanner does not accept with
// certainty makes fastParse decline, and ParseFeed uses gofeed, which
// stays the reference: fastfeed_test.go checks that both give the same
// structures and the same Items on every fixture, on generated feeds and
// under fuzzing.

import (
	"encoding/base64"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	ext "github.com/mmcdole/gofeed/extensions"
	"github.com/mmcdole/gofeed/rss"
)

// fastParse parses an RSS or Atom document (text as documentText returns
// it, of the type gofeed detected) into a gofeed.Feed, or declines
// (ok == false) so that the caller uses gofeed.
func fastParse(text []byte, ft gofeed.FeedType) (f *gofeed.Feed, ok bool) {
	rf, af, ok := fastParseRaw(text, ft)
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

// fastParseRaw returns what gofeed's RSS parser (rf) or Atom parser (af)
// would return for text.
func fastParseRaw(text []byte, ft gofeed.FeedType) (rf *rss.Feed, af *atom.Feed, ok bool) {
	defer func() {
		// A bug here must cost speed, not the feed: gofeed takes over.
		if r := recover(); r != nil {
			rf, af, ok = nil, nil, false
		}
	}()
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

var atomTranslator = &gofeed.DefaultAtomTranslator{}

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

// ---- RSS (gofeed/rss/parser.go) ----

func parseFastRSS(x *xscanner) (*rss.Feed, bool) {
	p := &fastParser{x: x}
	ver := keep(x.attribute("version"))
	p.native = []string{"", "rss", "rdf", rdfNamespace, rss10Namespace, rss09Namespace, rss09AltNamespace}
	if space := strings.TrimSpace(x.space); space != "" {
		if _, canonical := gfCanonicalNamespaces[space]; !canonical {
			p.native = append([]string{space}, p.native...)
		}
	}
	var channel *rss.Feed
	var textinput *rss.TextInput
	var image *rss.Image
	items := []*rss.Item{}
	for name, more := p.child(); more; name, more = p.child() {
		ok := true
		switch {
		case p.isExtension():
			ok = p.skip()
		case name == "channel":
			channel, ok = p.rssChannel()
		case name == "item":
			var it *rss.Item
			if it, ok = p.rssItem(); ok {
				items = append(items, it)
			}
		case name == "textinput":
			textinput, ok = p.rssTextInput()
		case name == "image":
			image, ok = p.rssImage()
		default:
			ok = p.skip()
		}
		if !ok {
			return nil, false
		}
	}
	if x.bad {
		return nil, false
	}
	if channel == nil {
		channel = &rss.Feed{}
		channel.Items = []*rss.Item{}
	}
	if len(items) > 0 {
		channel.Items = append(channel.Items, items...)
	}
	if textinput != nil {
		channel.TextInput = textinput
	}
	if image != nil {
		channel.Image = image
	}
	channel.Version = ver
	return channel, true
}

func (p *fastParser) rssChannel() (*rss.Feed, bool) {
	f := &rss.Feed{}
	f.Items = []*rss.Item{}
	var extensions ext.Extensions
	categories := []*rss.Category{}
	links := []string{}
	for name, more := p.child(); more; name, more = p.child() {
		if p.isExtension() {
			if !p.extension(&extensions) {
				return nil, false
			}
			continue
		}
		var ok bool
		switch name {
		case "title":
			f.Title, ok = p.text()
		case "description":
			f.Description, ok = p.text()
		case "link":
			if f.Link, ok = p.rssLink(); ok {
				links = append(links, f.Link)
			}
		case "language":
			f.Language, ok = p.text()
		case "copyright":
			f.Copyright, ok = p.text()
		case "managingeditor":
			f.ManagingEditor, ok = p.text()
		case "webmaster":
			f.WebMaster, ok = p.text()
		case "pubdate":
			if f.PubDate, ok = p.text(); ok {
				f.PubDateParsed = gfDateUTC(f.PubDate)
			}
		case "lastbuilddate":
			if f.LastBuildDate, ok = p.text(); ok {
				f.LastBuildDateParsed = gfDateUTC(f.LastBuildDate)
			}
		case "generator":
			f.Generator, ok = p.text()
		case "docs":
			f.Docs, ok = p.textURL()
		case "ttl":
			f.TTL, ok = p.text()
		case "rating":
			f.Rating, ok = p.text()
		case "skiphours":
			f.SkipHours, ok = p.rssList("hour")
		case "skipdays":
			f.SkipDays, ok = p.rssList("day")
		case "item":
			var it *rss.Item
			if it, ok = p.rssItem(); ok {
				f.Items = append(f.Items, it)
			}
		case "cloud":
			f.Cloud, ok = p.rssCloud()
		case "category":
			var c *rss.Category
			if c, ok = p.rssCategory(); ok {
				categories = append(categories, c)
			}
		case "image":
			f.Image, ok = p.rssImage()
		case "textinput":
			f.TextInput, ok = p.rssTextInput()
		default:
			ok = p.skip()
		}
		if !ok {
			return nil, false
		}
	}
	if p.x.bad {
		return nil, false
	}
	if len(categories) > 0 {
		f.Categories = categories
	}
	if len(links) > 0 {
		f.Links = links
	}
	if len(extensions) > 0 {
		f.Extensions = extensions
		if itunes, ok := f.Extensions["itunes"]; ok {
			f.ITunesExt = ext.NewITunesFeedExtension(itunes)
		}
		if dc, ok := f.Extensions["dc"]; ok {
			f.DublinCoreExt = ext.NewDublinCoreExtension(dc)
		}
	}
	return f, true
}

func (p *fastParser) rssItem() (*rss.Item, bool) {
	item := &rss.Item{}
	var extensions ext.Extensions
	var categories []*rss.Category
	var enclosures []*rss.Enclosure
	var links []string
	for name, more := p.child(); more; name, more = p.child() {
		var ok bool
		switch {
		case name == "encoded" && p.prefixForNamespace(p.x.space) == "content":
			item.Content, ok = p.text()
		case p.isExtension():
			ok = p.extension(&extensions)
		case name == "title":
			item.Title, ok = p.text()
		case name == "description":
			item.Description, ok = p.text()
		case name == "encoded":
			ok = p.rssCustom(item)
		case name == "link":
			if item.Link, ok = p.rssLink(); ok {
				links = append(links, item.Link)
			}
		case name == "author":
			item.Author, ok = p.text()
		case name == "comments":
			item.Comments, ok = p.textURL()
		case name == "pubdate":
			if item.PubDate, ok = p.text(); ok {
				item.PubDateParsed = gfDateUTC(item.PubDate)
			}
		case name == "source":
			item.Source, ok = p.rssSource()
		case name == "enclosure":
			var enc *rss.Enclosure
			if enc, ok = p.rssEnclosure(); ok {
				item.Enclosure = enc
				enclosures = append(enclosures, enc)
			}
		case name == "guid":
			item.GUID, ok = p.rssGUID()
		case name == "category":
			var c *rss.Category
			if c, ok = p.rssCategory(); ok {
				categories = append(categories, c)
			}
		default:
			ok = p.rssCustom(item)
		}
		if !ok {
			return nil, false
		}
	}
	if p.x.bad {
		return nil, false
	}
	if len(enclosures) > 0 {
		item.Enclosures = enclosures
	}
	if len(categories) > 0 {
		item.Categories = categories
	}
	if len(links) > 0 {
		item.Links = links
	}
	if len(extensions) > 0 {
		item.Extensions = extensions
		if itunes, ok := item.Extensions["itunes"]; ok {
			item.ITunesExt = ext.NewITunesItemExtension(itunes)
		}
		if dc, ok := item.Extensions["dc"]; ok {
			item.DublinCoreExt = ext.NewDublinCoreExtension(dc)
		}
	}
	return item, true
}

func (p *fastParser) rssCustom(item *rss.Item) bool {
	key := p.intern(p.x.local)
	v, ok := p.text()
	if !ok {
		return false
	}
	if item.Custom == nil {
		item.Custom = make(map[string]string)
	}
	item.Custom[key] = v
	return true
}

func (p *fastParser) rssLink() (string, bool) {
	base := p.x.baseURL()
	href := p.attr("href")
	u, ok := p.text()
	if !ok {
		return "", false
	}
	if u == "" && href != "" {
		u = href
	}
	return gfResolveURLIfBase(base, u), true
}

func (p *fastParser) rssSource() (*rss.Source, bool) {
	src := &rss.Source{}
	src.URL = p.attr("url")
	t, ok := p.text()
	if !ok {
		return nil, false
	}
	src.Title = t
	return src, true
}

func (p *fastParser) rssEnclosure() (*rss.Enclosure, bool) {
	enc := &rss.Enclosure{}
	enc.URL = p.attr("url")
	enc.Length = p.attr("length")
	enc.Type = p.attr("type")
	if !p.skip() {
		return nil, false
	}
	return enc, true
}

func (p *fastParser) rssGUID() (*rss.GUID, bool) {
	g := &rss.GUID{}
	perma := p.attr("isPermaLink")
	if perma == "" {
		perma = p.attr("isPermalink")
	}
	if perma == "" {
		perma = "true"
	}
	g.IsPermalink = perma
	v, ok := p.text()
	if !ok {
		return nil, false
	}
	g.Value = v
	return g, true
}

func (p *fastParser) rssCategory() (*rss.Category, bool) {
	c := &rss.Category{}
	c.Domain = p.attr("domain")
	v, ok := p.text()
	if !ok {
		return nil, false
	}
	c.Value = v
	return c, true
}

func (p *fastParser) rssImage() (*rss.Image, bool) {
	im := &rss.Image{}
	for name, more := p.child(); more; name, more = p.child() {
		var ok bool
		switch name {
		case "url":
			im.URL, ok = p.textURL()
		case "title":
			im.Title, ok = p.text()
		case "link":
			im.Link, ok = p.textURL()
		case "width":
			im.Width, ok = p.text()
		case "height":
			im.Height, ok = p.text()
		case "description":
			im.Description, ok = p.text()
		default:
			ok = p.skip()
		}
		if !ok {
			return nil, false
		}
	}
	if p.x.bad {
		return nil, false
	}
	return im, true
}

func (p *fastParser) rssTextInput() (*rss.TextInput, bool) {
	ti := &rss.TextInput{}
	for name, more := p.child(); more; name, more = p.child() {
		var ok bool
		switch name {
		case "title":
			ti.Title, ok = p.text()
		case "description":
			ti.Description, ok = p.text()
		case "name":
			ti.Name, ok = p.text()
		case "link":
			ti.Link, ok = p.text()
		default:
			ok = p.skip()
		}
		if !ok {
			return nil, false
		}
	}
	if p.x.bad {
		return nil, false
	}
	return ti, true
}

// rssList is parseSkipHours / parseSkipDays.
func (p *fastParser) rssList(child string) ([]string, bool) {
	out := []string{}
	for name, more := p.child(); more; name, more = p.child() {
		if name != child {
			if !p.skip() {
				return nil, false
			}
			continue
		}
		v, ok := p.text()
		if !ok {
			return nil, false
		}
		out = append(out, v)
	}
	if p.x.bad {
		return nil, false
	}
	return out, true
}

func (p *fastParser) rssCloud() (*rss.Cloud, bool) {
	c := &rss.Cloud{}
	c.Domain = p.attr("domain")
	c.Port = p.attr("port")
	c.Path = p.attr("path")
	c.RegisterProcedure = p.attr("registerProcedure")
	c.Protocol = p.attr("protocol")
	if !p.skip() {
		return nil, false
	}
	return c, true
}

// ---- Atom (gofeed/atom/parser.go) ----

func parseFastAtom(x *xscanner) (*atom.Feed, bool) {
	p := &fastParser{x: x, native: []string{"", atom10Namespace, atom03Namespace}}
	f := &atom.Feed{}
	f.Entries = []*atom.Entry{}
	f.Version = keep(x.attribute("version"))
	if f.Version == "" {
		switch strings.TrimSpace(x.space) {
		case atom03Namespace:
			f.Version = "0.3"
		case atom10Namespace:
			f.Version = "1.0"
		}
	}
	f.Language = keep(x.attribute("lang"))
	var h atomHead
	for name, more := p.child(); more; name, more = p.child() {
		var ok bool
		if name == "entry" && !p.isExtension() {
			var e *atom.Entry
			if e, ok = p.atomEntry(); ok {
				f.Entries = append(f.Entries, e)
			}
		} else {
			ok = p.atomHeadChild(&h, name)
		}
		if !ok {
			return nil, false
		}
	}
	if x.bad {
		return nil, false
	}
	f.Title, f.ID, f.Updated, f.UpdatedParsed = h.title, h.id, h.updated, h.updatedParsed
	f.Subtitle, f.Generator, f.Icon, f.Logo, f.Rights = h.subtitle, h.generator, h.icon, h.logo, h.rights
	if len(h.categories) > 0 {
		f.Categories = h.categories
	}
	if len(h.authors) > 0 {
		f.Authors = h.authors
	}
	if len(h.contributors) > 0 {
		f.Contributors = h.contributors
	}
	if len(h.links) > 0 {
		f.Links = h.links
	}
	if len(h.extensions) > 0 {
		f.Extensions = h.extensions
	}
	return f, true
}

// atomHead is what atom.Feed and atom.Source share.
type atomHead struct {
	title, id, updated, subtitle, icon, logo, rights string
	updatedParsed                                    *time.Time
	generator                                        *atom.Generator
	contributors, authors                            []*atom.Person
	categories                                       []*atom.Category
	links                                            []*atom.Link
	extensions                                       ext.Extensions
}

// atomHeadChild handles a child of <feed> or <source> other than <entry>.
func (p *fastParser) atomHeadChild(h *atomHead, name string) bool {
	if p.isExtension() {
		return p.extension(&h.extensions)
	}
	var ok bool
	switch name {
	case "title":
		h.title, ok = p.atomText()
	case "id":
		h.id, ok = p.atomText()
	case "updated", "modified":
		if h.updated, ok = p.atomText(); ok {
			h.updatedParsed = gfDateUTC(h.updated)
		}
	case "subtitle", "tagline":
		h.subtitle, ok = p.atomText()
	case "link":
		var l *atom.Link
		if l, ok = p.atomLink(); ok {
			h.links = append(h.links, l)
		}
	case "generator":
		h.generator, ok = p.atomGenerator()
	case "icon":
		h.icon, ok = p.atomText()
	case "logo":
		h.logo, ok = p.atomText()
	case "rights", "copyright":
		h.rights, ok = p.atomText()
	case "contributor":
		var person *atom.Person
		if person, ok = p.atomPerson(); ok {
			h.contributors = append(h.contributors, person)
		}
	case "author":
		var person *atom.Person
		if person, ok = p.atomPerson(); ok {
			h.authors = append(h.authors, person)
		}
	case "category":
		var c *atom.Category
		if c, ok = p.atomCategory(); ok {
			h.categories = append(h.categories, c)
		}
	default:
		ok = p.skip()
	}
	return ok
}

func (p *fastParser) atomEntry() (*atom.Entry, bool) {
	e := &atom.Entry{}
	var contributors, authors []*atom.Person
	var categories []*atom.Category
	var links []*atom.Link
	var extensions ext.Extensions
	for name, more := p.child(); more; name, more = p.child() {
		if p.isExtension() {
			if !p.extension(&extensions) {
				return nil, false
			}
			continue
		}
		var ok bool
		switch name {
		case "title":
			e.Title, ok = p.atomText()
		case "id":
			e.ID, ok = p.atomText()
		case "rights", "copyright":
			e.Rights, ok = p.atomText()
		case "summary":
			e.Summary, ok = p.atomText()
		case "source":
			e.Source, ok = p.atomSource()
		case "updated", "modified":
			if e.Updated, ok = p.atomText(); ok {
				e.UpdatedParsed = gfDateUTC(e.Updated)
			}
		case "contributor":
			var person *atom.Person
			if person, ok = p.atomPerson(); ok {
				contributors = append(contributors, person)
			}
		case "author":
			var person *atom.Person
			if person, ok = p.atomPerson(); ok {
				authors = append(authors, person)
			}
		case "category":
			var c *atom.Category
			if c, ok = p.atomCategory(); ok {
				categories = append(categories, c)
			}
		case "link":
			var l *atom.Link
			if l, ok = p.atomLink(); ok {
				links = append(links, l)
			}
		case "published", "issued":
			if e.Published, ok = p.atomText(); ok {
				e.PublishedParsed = gfDateUTC(e.Published)
			}
		case "content":
			e.Content, ok = p.atomContent()
		default:
			ok = p.skip()
		}
		if !ok {
			return nil, false
		}
	}
	if p.x.bad {
		return nil, false
	}
	if len(categories) > 0 {
		e.Categories = categories
	}
	if len(authors) > 0 {
		e.Authors = authors
	}
	if len(links) > 0 {
		e.Links = links
	}
	if len(contributors) > 0 {
		e.Contributors = contributors
	}
	if len(extensions) > 0 {
		e.Extensions = extensions
	}
	return e, true
}

func (p *fastParser) atomSource() (*atom.Source, bool) {
	var h atomHead
	for name, more := p.child(); more; name, more = p.child() {
		if !p.atomHeadChild(&h, name) {
			return nil, false
		}
	}
	if p.x.bad {
		return nil, false
	}
	s := &atom.Source{
		Title: h.title, ID: h.id, Updated: h.updated, UpdatedParsed: h.updatedParsed,
		Subtitle: h.subtitle, Generator: h.generator, Icon: h.icon, Logo: h.logo, Rights: h.rights,
	}
	if len(h.categories) > 0 {
		s.Categories = h.categories
	}
	if len(h.authors) > 0 {
		s.Authors = h.authors
	}
	if len(h.contributors) > 0 {
		s.Contributors = h.contributors
	}
	if len(h.links) > 0 {
		s.Links = h.links
	}
	if len(h.extensions) > 0 {
		s.Extensions = h.extensions
	}
	return s, true
}

func (p *fastParser) atomContent() (*atom.Content, bool) {
	c := &atom.Content{}
	c.Type = p.attr("type")
	c.Src = p.attr("src")
	v, ok := p.atomText()
	if !ok {
		return nil, false
	}
	c.Value = v
	return c, true
}

func (p *fastParser) atomPerson() (*atom.Person, bool) {
	person := &atom.Person{}
	for name, more := p.child(); more; name, more = p.child() {
		var ok bool
		switch name {
		case "name":
			person.Name, ok = p.atomText()
		case "email":
			person.Email, ok = p.atomText()
		case "uri", "url", "homepage":
			person.URI, ok = p.atomText()
		default:
			ok = p.skip()
		}
		if !ok {
			return nil, false
		}
	}
	if p.x.bad {
		return nil, false
	}
	return person, true
}

func (p *fastParser) atomLink() (*atom.Link, bool) {
	l := &atom.Link{}
	l.Href = p.attr("href")
	l.Hreflang = p.attr("hreflang")
	l.Type = p.attr("type")
	l.Length = p.attr("length")
	l.Title = p.attr("title")
	l.Rel = p.attr("rel")
	if l.Rel == "" {
		l.Rel = "alternate"
	}
	if !p.skip() {
		return nil, false
	}
	return l, true
}

func (p *fastParser) atomCategory() (*atom.Category, bool) {
	c := &atom.Category{}
	c.Term = p.attr("term")
	c.Scheme = p.attr("scheme")
	c.Label = p.attr("label")
	if !p.skip() {
		return nil, false
	}
	return c, true
}

func (p *fastParser) atomGenerator() (*atom.Generator, bool) {
	g := &atom.Generator{}
	uri := p.attr("uri")
	u := p.attr("url")
	if uri != "" {
		g.URI = uri
	} else if u != "" {
		g.URI = u
	}
	g.Version = p.attr("version")
	v, ok := p.atomText()
	if !ok {
		return nil, false
	}
	g.Value = v
	return g, true
}

// atomText is atom.Parser.parseAtomText.
func (p *fastParser) atomText() (string, bool) {
	x := p.x
	base := x.baseURL()
	typ := strings.ToLower(x.lastAttr("type"))
	mode := strings.ToLower(x.lastAttr("mode"))
	name := strings.ToLower(x.local)
	inner, ok := x.skip()
	if !ok {
		return "", false
	}
	result := strings.TrimSpace(inner)
	if strings.Contains(result, cdataStart) {
		result = gfStripCDATA(result)
		if typ == "html" || strings.Contains(typ, "xhtml") {
			result, _ = gfResolveHTML(base, result)
		}
	} else {
		switch {
		case typ == "text" || strings.HasPrefix(typ, "text/") || (typ == "" && mode == ""):
			result = gfDecodeEntities(result)
		case strings.Contains(typ, "xhtml"):
			result = stripWrappingDivIfMarkup(result)
			result, _ = gfResolveHTML(base, result)
		case typ == "html":
			result = stripWrappingDivIfMarkup(result)
			result = gfDecodeEntities(result)
			result, _ = gfResolveHTML(base, result)
		case mode == "base64" || gfIsBinaryMediaType(typ):
			if decoded, err := base64.StdEncoding.DecodeString(result); err == nil {
				result = string(decoded)
			}
		}
	}
	switch name {
	case "icon", "id", "logo", "uri", "url":
		if resolved, err := gfXMLBaseResolveURL(base, result); resolved != nil && err == nil {
			result = resolved.String()
		}
	}
	return keep(result), true
}

// stripWrappingDivIfMarkup is gfStripWrappingDiv, which returns content
// unchanged when the HTML parser finds no element in it, as it cannot
// when content has no '<'.
func stripWrappingDivIfMarkup(content string) string {
	if strings.IndexByte(content, '<') < 0 {
		return content
	}
	return gfStripWrappingDiv(content)
}
