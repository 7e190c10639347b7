package export

import (
	"encoding/xml"
	"fmt"
	"github.com/dateline-news/dateline/article"
	"html"
	"io"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
)

// Watch is what a watch's feed and digest say of the watch itself.
type Watch struct {
	Name  string
	Query string
	// Now is when the feed or digest is written (its updated time).
	Now time.Time
	// Since is where the digest starts (zero: every match).
	Since time.Time
}

// atomNS is the Atom namespace (RFC 4287).
const atomNS = "http://www.w3.org/2005/Atom"

type atomFeed struct {
	XMLName   xml.Name    `xml:"feed"`
	NS        string      `xml:"xmlns,attr"`
	Title     atomText    `xml:"title"`
	Subtitle  atomText    `xml:"subtitle"`
	ID        string      `xml:"id"`
	Updated   string      `xml:"updated"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
}

type atomEntry struct {
	Title      atomText       `xml:"title"`
	ID         string         `xml:"id"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Link       *atomLink      `xml:"link,omitempty"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Content    atomText       `xml:"content"`
}

// tagURI is a stable Atom id (RFC 4151 tag URI) for a watch or an item.
func tagURI(kind, name string) string {
	return "tag:dateline.invalid,2019:" + kind + "/" + url.PathEscape(name)
}

// WriteAtom writes the entries as an Atom feed (RFC 4287) of the watch:
// each entry's content is the reader-mode article when the library holds
// it, else the feed's own text, as HTML; its categories are the names
// most mentioned in it.
func WriteAtom(w io.Writer, wt Watch, entries []Entry) error {
	now := wt.Now.UTC().Format(time.RFC3339)
	f := atomFeed{NS: atomNS, Title: atomText{Type: "text", Body: clean("Dateline watch: " + wt.Name)},
		Subtitle: atomText{Type: "text", Body: clean(wt.Query)}, ID: tagURI("watch", wt.Name), Updated: now,
		Author: atomPerson{Name: "Dateline"}, Generator: "Dateline"}
	for _, e := range entries {
		f.Entries = append(f.Entries, atomEntryOf(e, now))
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func atomEntryOf(e Entry, now string) atomEntry {
	d := newDoc(e)
	ae := atomEntry{Title: atomText{Type: "text", Body: clean(d.Title)}, ID: tagURI("item", e.Item.ID), Updated: now}
	if d.Published != "" {
		ae.Updated, ae.Published = d.Published, d.Published
	}
	if d.Link != "" {
		ae.Link = &atomLink{Rel: "alternate", Href: d.Link}
	}
	if d.Byline != "" {
		ae.Author = &atomPerson{Name: clean(d.Byline)}
	}
	if lead := leadOf(d); lead != "" {
		ae.Summary = &atomText{Type: "text", Body: lead}
	}
	for i, en := range d.Entities {
		if i == 5 {
			break
		}
		ae.Categories = append(ae.Categories, atomCategory{Term: clean(en.Name), Scheme: "urn:dateline:entity:" + strings.ToLower(en.Label)})
	}
	var b strings.Builder
	if d.Teaser && len(d.Paragraphs) == 0 && e.Item.Summary != "" {
		d.Paragraphs = []string{e.Item.Summary}
	}
	if len(d.Blocks) > 0 {
		// A feed links its pictures rather than embedding them.
		writeBlocks(&b, d.Blocks, html.EscapeString, htmlLink, func(w io.Writer, bl article.Block, text string) {
			htmlBlock(w, bl, text, nil)
		})
	} else {
		for _, p := range d.Paragraphs {
			fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
		}
	}
	ae.Content = atomText{Type: "html", Body: clean(b.String())}
	return ae
}

// clean keeps only what XML 1.0 allows and a reader should see: the
// shared sanitiser's output (no escape, control, bidi or invisible
// character).
func clean(s string) string { return feeds.SanitizeText(s) }

// leadMax is the longest lead paragraph of a digest entry, in bytes.
const leadMax = 600

// leadOf is the first paragraph of an entry (article or feed text),
// cut at leadMax on a word.
func leadOf(d doc) string {
	for _, p := range d.Paragraphs {
		if p = strings.TrimSpace(clean(p)); p == "" {
			continue
		}
		if len(p) > leadMax {
			cut := strings.LastIndexByte(p[:leadMax], ' ')
			if cut < leadMax/2 {
				cut = leadMax
			}
			for cut > 0 && cut < len(p) && p[cut]&0xC0 == 0x80 {
				cut--
			}
			p = strings.TrimSpace(p[:cut]) + " …"
		}
		return p
	}
	return ""
}

// TopName is a name and the number of entries that mention it.
type TopName struct {
	Name  string
	Count int
}

// digestNames is how many names of each kind a digest lists.
const digestNames = 8

// TopNames counts the people, places and organisations of the entries:
// each entry counts a name once. Most first, then by name.
func TopNames(entries []Entry) (people, places, orgs []TopName) {
	counts := map[entity.Label]map[string]int{entity.Person: {}, entity.Place: {}, entity.Org: {}}
	for _, e := range entries {
		seen := map[string]bool{}
		for _, s := range e.Entities {
			name := clean(s.Canonical)
			if name == "" {
				name = clean(s.Text)
			}
			m, ok := counts[s.Label]
			if !ok || name == "" || seen[string(s.Label)+"\x00"+name] {
				continue
			}
			seen[string(s.Label)+"\x00"+name] = true
			m[name]++
		}
	}
	top := func(m map[string]int) []TopName {
		out := make([]TopName, 0, len(m))
		for n, c := range m {
			out = append(out, TopName{n, c})
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].Count != out[j].Count {
				return out[i].Count > out[j].Count
			}
			return out[i].Name < out[j].Name
		})
		return out[:min(len(out), digestNames)]
	}
	return top(counts[entity.Person]), top(counts[entity.Place]), top(counts[entity.Org])
}

// WriteDigest writes a digest of the entries (a watch's new matches) as
// Markdown or HTML: the names most mentioned across them, then each
// match with its source, date and lead paragraph.
func WriteDigest(w io.Writer, f Format, wt Watch, entries []Entry) error {
	var s string
	switch f {
	case Markdown:
		s = digestMarkdown(wt, entries)
	case HTML:
		s = digestHTML(wt, entries)
	default:
		return fmt.Errorf("a digest is Markdown or HTML, not %q", f)
	}
	_, err := io.WriteString(w, s)
	return err
}

// digestHead is the line under a digest's title.
func digestHead(wt Watch, n int) string {
	matches := fmt.Sprintf("%d matches", n)
	if n == 1 {
		matches = "1 match"
	}
	if !wt.Since.IsZero() {
		matches += " since " + wt.Since.Format("Mon 2 Jan 2006 15:04 MST")
	}
	return matches + " · query: " + clean(wt.Query)
}

var nameKinds = [3]string{"People", "Places", "Organisations"}

func namesLine(names []TopName) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s (%d)", n.Name, n.Count)
	}
	return strings.Join(parts, ", ")
}

func digestMarkdown(wt Watch, entries []Entry) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n*%s*\n\n", mdEscape(clean(wt.Name)), mdEscape(digestHead(wt, len(entries))))
	p, l, o := TopNames(entries)
	if len(p)+len(l)+len(o) > 0 {
		b.WriteString("## Who and where\n\n")
		for i, names := range [3][]TopName{p, l, o} {
			if len(names) > 0 {
				fmt.Fprintf(&b, "- %s: %s\n", nameKinds[i], mdEscape(namesLine(names)))
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("## Matches\n\n")
	for _, e := range entries {
		d := newDoc(e)
		title := mdEscape(clean(d.Title))
		if d.Link != "" {
			title = mdLink(title, d.Link)
		}
		fmt.Fprintf(&b, "### %s\n\n", title)
		if m := d.meta(); len(m) > 0 {
			fmt.Fprintf(&b, "*%s*\n\n", mdEscape(clean(strings.Join(m, " · "))))
		}
		if lead := leadOf(d); lead != "" {
			fmt.Fprintf(&b, "%s\n\n", mdEscape(lead))
		}
	}
	return b.String()
}

func digestHTML(wt Watch, entries []Entry) string {
	var b strings.Builder
	esc := func(s string) string { return html.EscapeString(clean(s)) }
	fmt.Fprintf(&b, "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>%s</title></head><body>\n<h1>%s</h1>\n<p class=\"meta\">%s</p>\n",
		esc(wt.Name), esc(wt.Name), esc(digestHead(wt, len(entries))))
	p, l, o := TopNames(entries)
	if len(p)+len(l)+len(o) > 0 {
		b.WriteString("<h2>Who and where</h2>\n<ul>\n")
		for i, names := range [3][]TopName{p, l, o} {
			if len(names) > 0 {
				fmt.Fprintf(&b, "<li>%s: %s</li>\n", nameKinds[i], esc(namesLine(names)))
			}
		}
		b.WriteString("</ul>\n")
	}
	b.WriteString("<h2>Matches</h2>\n")
	for _, e := range entries {
		d := newDoc(e)
		title := esc(d.Title)
		if d.Link != "" {
			title = htmlLink(title, d.Link)
		}
		fmt.Fprintf(&b, "<article>\n<h3>%s</h3>\n", title)
		if m := d.meta(); len(m) > 0 {
			fmt.Fprintf(&b, "<p class=\"meta\">%s</p>\n", esc(strings.Join(m, " · ")))
		}
		if lead := leadOf(d); lead != "" {
			fmt.Fprintf(&b, "<p>%s</p>\n", esc(lead))
		}
		b.WriteString("</article>\n")
	}
	b.WriteString("</body></html>\n")
	return b.String()
}
