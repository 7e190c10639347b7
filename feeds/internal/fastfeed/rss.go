package fastfeed

// The RSS parser: gofeed's rss/parser.go, function for function.

import (
	"strings"

	ext "github.com/mmcdole/gofeed/extensions"
	"github.com/mmcdole/gofeed/rss"
)

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
		var ok bool
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

// rssChannelParts are what parseChannel collects beside the rss.Feed and
// sets on it at the end.
type rssChannelParts struct {
	extensions ext.Extensions
	categories []*rss.Category
	links      []string
}

func (p *fastParser) rssChannel() (*rss.Feed, bool) {
	f := &rss.Feed{}
	f.Items = []*rss.Item{}
	var parts rssChannelParts
	for name, more := p.child(); more; name, more = p.child() {
		var ok bool
		if p.isExtension() {
			ok = p.extension(&parts.extensions)
		} else {
			ok = p.rssChannelChild(f, &parts, name)
		}
		if !ok {
			return nil, false
		}
	}
	if p.x.bad {
		return nil, false
	}
	if len(parts.categories) > 0 {
		f.Categories = parts.categories
	}
	if len(parts.links) > 0 {
		f.Links = parts.links
	}
	if len(parts.extensions) > 0 {
		f.Extensions = parts.extensions
		if itunes, ok := f.Extensions["itunes"]; ok {
			f.ITunesExt = ext.NewITunesFeedExtension(itunes)
		}
		if dc, ok := f.Extensions["dc"]; ok {
			f.DublinCoreExt = ext.NewDublinCoreExtension(dc)
		}
	}
	return f, true
}

// rssChannelChild reads one child element of <channel> that is not an
// extension.
func (p *fastParser) rssChannelChild(f *rss.Feed, parts *rssChannelParts, name string) bool {
	var ok bool
	switch name {
	case "title":
		f.Title, ok = p.text()
	case "description":
		f.Description, ok = p.text()
	case "link":
		if f.Link, ok = p.rssLink(); ok {
			parts.links = append(parts.links, f.Link)
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
			parts.categories = append(parts.categories, c)
		}
	case "image":
		f.Image, ok = p.rssImage()
	case "textinput":
		f.TextInput, ok = p.rssTextInput()
	default:
		ok = p.skip()
	}
	return ok
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
			// Unlike every other date, gofeed sets an item's
			// PubDateParsed only when the text parses: after a second
			// <pubDate> that does not, the first one's date stays.
			if item.PubDate, ok = p.text(); ok {
				if d := gfDateUTC(item.PubDate); d != nil {
					item.PubDateParsed = d
				}
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
