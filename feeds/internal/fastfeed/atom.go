package fastfeed

// The Atom parser: gofeed's atom/parser.go, function for function.

import (
	"encoding/base64"
	"strings"
	"time"

	"github.com/mmcdole/gofeed/atom"
	ext "github.com/mmcdole/gofeed/extensions"
)

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
