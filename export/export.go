// Package export writes library articles to files: Markdown, HTML or
// JSON, one file per article with a safe file name, plus an index.
package export

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
)

// Format is an output format.
type Format string

// The formats, named as in the file extensions they write.
const (
	Markdown Format = "md"
	HTML     Format = "html"
	JSON     Format = "json"
)

// ParseFormat accepts md, markdown, html and json.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "md", "markdown":
		return Markdown, nil
	case "html":
		return HTML, nil
	case "json":
		return JSON, nil
	}
	return "", fmt.Errorf("unknown format %q (want md, html or json)", s)
}

// Entry is one article to export. Article may be nil (only the feed text
// is known); Entities may be empty.
type Entry struct {
	Item     feeds.Item
	Article  *article.Article
	Entities []entity.Span
	// Images are the article's pictures the library kept, by URL: the
	// HTML file embeds them (data: URIs), so it shows them offline.
	Images map[string]Picture
}

// Picture is a kept picture: its bytes as fetched.
type Picture struct {
	Data []byte
}

// Writer writes entries into a folder and, on Close, the index.
type Writer struct {
	dir    string
	format Format
	used   map[string]bool
	index  []indexEntry
}

type indexEntry struct {
	File      string `json:"file"`
	ID        string `json:"id"`
	Title     string `json:"title"`
	Source    string `json:"source"`
	Link      string `json:"link"`
	Published string `json:"published,omitempty"`
	// Teaser: only the feed's text is known (the article was never
	// fetched in reader mode).
	Teaser bool `json:"teaser,omitempty"`
}

// NewWriter creates dir if needed.
func NewWriter(dir string, f Format) (*Writer, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &Writer{dir: dir, format: f, used: map[string]bool{}}, nil
}

// Write writes one entry and returns its file name (relative to dir).
func (w *Writer) Write(e Entry) (string, error) {
	name := w.fileName(e.Item)
	doc := newDoc(e)
	var body []byte
	switch w.format {
	case Markdown:
		body = []byte(doc.markdown())
	case HTML:
		body = []byte(doc.html())
	case JSON:
		b, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			return "", err
		}
		body = append(b, '\n')
	}
	if err := writeFileAtomic(filepath.Join(w.dir, name), body); err != nil {
		return "", err
	}
	w.index = append(w.index, indexEntry{File: name, ID: e.Item.ID, Title: doc.Title, Source: doc.Source, Link: doc.Link,
		Published: doc.Published, Teaser: doc.Teaser})
	return name, nil
}

// Teasers is how many of the articles written are the feed's teaser
// only.
func (w *Writer) Teasers() int {
	n := 0
	for _, e := range w.index {
		if e.Teaser {
			n++
		}
	}
	return n
}

// Close writes the index file (index.md, index.html or index.json).
func (w *Writer) Close() error {
	var body string
	switch w.format {
	case Markdown:
		var b strings.Builder
		b.WriteString("# Dateline export\n\n")
		for _, e := range w.index {
			fmt.Fprintf(&b, "- [%s](%s) — %s%s%s\n", mdEscape(e.Title), mdURL(e.File), mdEscape(e.Source), datePart(e.Published), teaserPart(e.Teaser))
		}
		body = b.String()
	case HTML:
		var b strings.Builder
		b.WriteString("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Dateline export</title></head><body>\n<h1>Dateline export</h1>\n<ul>\n")
		for _, e := range w.index {
			fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a> — %s%s%s</li>\n", html.EscapeString(e.File), html.EscapeString(e.Title), html.EscapeString(e.Source),
				html.EscapeString(datePart(e.Published)), html.EscapeString(teaserPart(e.Teaser)))
		}
		b.WriteString("</ul>\n</body></html>\n")
		body = b.String()
	case JSON:
		bs, err := json.MarshalIndent(w.index, "", "  ")
		if err != nil {
			return err
		}
		body = string(bs) + "\n"
	}
	return writeFileAtomic(filepath.Join(w.dir, "index."+string(w.format)), []byte(body))
}

// Count is the number of articles written.
func (w *Writer) Count() int { return len(w.index) }

// teaserNote marks an article that is only the feed's teaser, in the
// index and in the article's own file.
const teaserNote = "the feed's teaser only: the article was never fetched"

func teaserPart(teaser bool) string {
	if !teaser {
		return ""
	}
	return " (" + teaserNote + ")"
}

func datePart(p string) string {
	if p == "" {
		return ""
	}
	return ", " + p
}

// fileName is date-slug.ext, unique within the export, safe on every
// common file system: letters and digits of any script, '-' for the rest,
// at most 80 bytes of slug, never a reserved device name.
func (w *Writer) fileName(it feeds.Item) string {
	date := "undated"
	if !it.Published.IsZero() {
		date = it.Published.Format("2006-01-02")
	}
	slug := Slug(it.Title, 80)
	if slug == "" {
		slug = "article"
	}
	base := date + "-" + slug
	name := base + "." + string(w.format)
	for i := 2; w.used[strings.ToLower(name)] || strings.HasPrefix(strings.ToLower(name), "index."); i++ {
		name = fmt.Sprintf("%s-%d.%s", base, i, w.format)
	}
	w.used[strings.ToLower(name)] = true
	return name
}

// Slug turns a title into a file-name part of at most maxBytes bytes.
func Slug(s string, maxBytes int) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			if b.Len()+utf8.RuneLen(r) > maxBytes {
				break
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		dash = true
	}
	out := strings.Trim(b.String(), "-")
	switch strings.ToUpper(out) {
	case "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "LPT1", "LPT2", "LPT3":
		out = "_" + out
	}
	return out
}

func writeFileAtomic(path string, body []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, body, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// doc is the exported form of one article.
type doc struct {
	ID         string          `json:"id"`
	Title      string          `json:"title"`
	Byline     string          `json:"byline,omitempty"`
	Place      string          `json:"place,omitempty"`
	Source     string          `json:"source"`
	Section    string          `json:"section,omitempty"`
	Link       string          `json:"link"`
	Published  string          `json:"published,omitempty"`
	Paragraphs []string        `json:"paragraphs"`
	Captions   []string        `json:"captions,omitempty"`
	Entities   []entityCount   `json:"entities,omitempty"`
	Links      []article.Link  `json:"links,omitempty"`
	Teaser     bool            `json:"teaser,omitempty"`
	Blocks     []article.Block `json:"-"`
	images     map[string]Picture
}

type entityCount struct {
	Name     string `json:"name"`
	Label    string `json:"label"`
	Mentions int    `json:"mentions"`
}

func newDoc(e Entry) doc {
	// Only an http(s) link is written, whatever the library holds: no
	// javascript: or data: target in a file a browser may open.
	link := feeds.SafeLink(e.Item.Link, "")
	d := doc{ID: e.Item.ID, Title: e.Item.Title, Byline: e.Item.Author, Source: e.Item.SourceName, Section: e.Item.Section, Link: link,
		images: e.Images}
	pub := e.Item.Published
	if a := e.Article; a != nil {
		if a.Title != "" {
			d.Title = a.Title
		}
		if a.Byline != "" {
			d.Byline = a.Byline
		}
		d.Place = a.Place
		if a.Section != "" {
			d.Section = a.Section
		}
		if !a.Published.IsZero() {
			pub = a.Published
		}
		d.Paragraphs = a.Paragraphs()
		d.Captions = a.Captions()
		d.Blocks = a.Blocks
		for _, l := range a.Links {
			if u := feeds.SafeLink(l.URL, ""); u != "" {
				d.Links = append(d.Links, article.Link{Text: l.Text, URL: u})
			}
		}
	} else {
		d.Teaser = true
		for _, p := range strings.Split(e.Item.Content, "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				d.Paragraphs = append(d.Paragraphs, p)
			}
		}
	}
	if !pub.IsZero() {
		d.Published = pub.Format(time.RFC3339)
	}
	counts := map[[2]string]int{}
	for _, s := range e.Entities {
		name := s.Canonical
		if name == "" {
			name = s.Text
		}
		counts[[2]string{name, string(s.Label)}]++
	}
	for k, n := range counts {
		d.Entities = append(d.Entities, entityCount{Name: k[0], Label: k[1], Mentions: n})
	}
	sort.Slice(d.Entities, func(i, j int) bool {
		a, b := d.Entities[i], d.Entities[j]
		if a.Mentions != b.Mentions {
			return a.Mentions > b.Mentions
		}
		return a.Name < b.Name
	})
	return d
}

func (d doc) meta() []string {
	var m []string
	for _, s := range []string{d.Byline, d.Place, d.Source, d.Section, d.Published} {
		if s != "" {
			m = append(m, s)
		}
	}
	return m
}

// mdURL writes a link target (an autolink's or an inline link's) so
// that no Markdown renderer can read it as anything but one URL: every
// byte outside letters, digits and -._~:/?#[]@!$&+,;=% is
// percent-encoded. That covers what would end an autolink or a link
// destination early and let the rest be read as raw HTML ('<', '>',
// space, controls), what ends an inline destination ('(', ')'), quotes,
// backslashes, backticks and every non-ASCII byte. A URL's meaning is
// unchanged: these bytes are not allowed raw in a URL anyway.
func mdURL(u string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(u))
	for i := 0; i < len(u); i++ {
		c := u[i]
		if mdURLSafe(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func mdURLSafe(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~:/?#[]@!$&+,;=%", c) >= 0
}

func mdEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;", "`", "\\`", "#", `\#`)
	return r.Replace(s)
}

func (d doc) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", mdEscape(d.Title))
	if m := d.meta(); len(m) > 0 {
		fmt.Fprintf(&b, "*%s*\n\n", mdEscape(strings.Join(m, " · ")))
	}
	if d.Link != "" {
		fmt.Fprintf(&b, "Source: <%s>\n\n", mdURL(d.Link))
	}
	if d.Teaser {
		fmt.Fprintf(&b, "*(%s)*\n\n", mdEscape(teaserNote))
	}
	if len(d.Blocks) > 0 {
		writeBlocks(&b, d.Blocks, mdEscape, mdLink, mdBlock)
	} else {
		for _, p := range d.Paragraphs {
			fmt.Fprintf(&b, "%s\n\n", mdEscape(p))
		}
	}
	if len(d.Entities) > 0 {
		b.WriteString("## Entities\n\n")
		for _, e := range d.Entities {
			fmt.Fprintf(&b, "- %s (%s, %d)\n", mdEscape(e.Name), strings.ToLower(e.Label), e.Mentions)
		}
	}
	return b.String()
}

func mdBlock(b io.Writer, bl article.Block, text string) {
	switch bl.Kind {
	case article.Heading:
		fmt.Fprintf(b, "## %s\n\n", text)
	case article.Quote:
		fmt.Fprintf(b, "> %s\n\n", text)
	case article.ListItem:
		fmt.Fprintf(b, "- %s\n\n", text)
	case article.Caption:
		fmt.Fprintf(b, "*%s*\n\n", text)
	case article.Image:
		if src := feeds.SafeLink(bl.Src, ""); src != "" {
			fmt.Fprintf(b, "![%s](%s)\n\n", text, mdURL(src))
		} else if text != "" {
			fmt.Fprintf(b, "[image: %s]\n\n", text)
		}
	case article.Preformatted:
		fmt.Fprintf(b, "    %s\n\n", strings.ReplaceAll(bl.Text, "\n", "\n    "))
	default:
		fmt.Fprintf(b, "%s\n\n", text)
	}
}

// writeBlocks writes the blocks, with each block's links as links (esc
// escapes text, link writes one link) and each caption once: an image
// whose caption follows it as a block of its own gets no text of its own
// (China Daily writes the caption as the image's alt text and again
// below it).
func writeBlocks(b io.Writer, blocks []article.Block, esc func(string) string, link func(text, url string) string,
	one func(io.Writer, article.Block, string)) {
	for i, bl := range blocks {
		text := linked(bl, esc, link)
		if bl.Kind == article.Image && i+1 < len(blocks) && blocks[i+1].Kind == article.Caption &&
			strings.TrimSpace(blocks[i+1].Text) == strings.TrimSpace(bl.Text) {
			text = ""
		}
		one(b, bl, text)
	}
}

// linked is a block's text, escaped, with its links written by link.
func linked(bl article.Block, esc func(string) string, link func(text, url string) string) string {
	if len(bl.Links) == 0 || bl.Kind == article.Preformatted || bl.Kind == article.Image {
		return esc(bl.Text)
	}
	var b strings.Builder
	at := 0
	for _, l := range bl.Links {
		u := feeds.SafeLink(l.URL, "")
		if l.Start < at || l.End > len(bl.Text) || l.Start >= l.End || u == "" {
			continue
		}
		b.WriteString(esc(bl.Text[at:l.Start]))
		b.WriteString(link(esc(bl.Text[l.Start:l.End]), u))
		at = l.End
	}
	b.WriteString(esc(bl.Text[at:]))
	return b.String()
}

func mdLink(text, url string) string { return "[" + text + "](" + mdURL(url) + ")" }

func htmlLink(text, url string) string {
	return `<a href="` + html.EscapeString(url) + `">` + text + "</a>"
}

func (d doc) html() string {
	var b strings.Builder
	esc := html.EscapeString
	fmt.Fprintf(&b, "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>%s</title></head><body>\n<article>\n<h1>%s</h1>\n", esc(d.Title), esc(d.Title))
	if m := d.meta(); len(m) > 0 {
		fmt.Fprintf(&b, "<p class=\"meta\">%s</p>\n", esc(strings.Join(m, " · ")))
	}
	if d.Link != "" {
		fmt.Fprintf(&b, "<p class=\"source\"><a href=\"%s\">%s</a></p>\n", esc(d.Link), esc(d.Link))
	}
	if d.Teaser {
		fmt.Fprintf(&b, "<p class=\"teaser\"><em>(%s)</em></p>\n", esc(teaserNote))
	}
	if len(d.Blocks) > 0 {
		writeBlocks(&b, d.Blocks, esc, htmlLink, func(w io.Writer, bl article.Block, text string) {
			htmlBlock(w, bl, text, d.images)
		})
	} else {
		for _, p := range d.Paragraphs {
			fmt.Fprintf(&b, "<p>%s</p>\n", esc(p))
		}
	}
	if len(d.Entities) > 0 {
		b.WriteString("<h2>Entities</h2>\n<ul>\n")
		for _, e := range d.Entities {
			fmt.Fprintf(&b, "<li>%s (%s, %d)</li>\n", esc(e.Name), strings.ToLower(e.Label), e.Mentions)
		}
		b.WriteString("</ul>\n")
	}
	b.WriteString("</article>\n</body></html>\n")
	return b.String()
}

// embedded is the data: URI of a kept picture, or "" when there is none
// or its bytes are not a JPEG, PNG, GIF or WebP (sniffed, whatever the
// server said it was: nothing else is put in the page).
func embedded(images map[string]Picture, src string) string {
	p, ok := images[src]
	if !ok {
		return ""
	}
	switch t := http.DetectContentType(p.Data); t {
	case "image/jpeg", "image/png", "image/gif", "image/webp":
		return "data:" + t + ";base64," + base64.StdEncoding.EncodeToString(p.Data)
	}
	return ""
}

func htmlBlock(b io.Writer, bl article.Block, text string, images map[string]Picture) {
	switch bl.Kind {
	case article.Heading:
		fmt.Fprintf(b, "<h2>%s</h2>\n", text)
	case article.Quote:
		fmt.Fprintf(b, "<blockquote>%s</blockquote>\n", text)
	case article.ListItem:
		fmt.Fprintf(b, "<ul><li>%s</li></ul>\n", text)
	case article.Caption:
		fmt.Fprintf(b, "<p class=\"caption\"><em>%s</em></p>\n", text)
	case article.Image:
		if src := feeds.SafeLink(bl.Src, ""); src != "" {
			if data := embedded(images, bl.Src); data != "" {
				src = data
			}
			// text is "" when the caption follows: it is not said twice
			fmt.Fprintf(b, "<p class=\"image\"><img src=\"%s\" alt=\"%s\"></p>\n", html.EscapeString(src), text)
		} else if text != "" {
			fmt.Fprintf(b, "<p class=\"image\">[image: %s]</p>\n", text)
		}
	case article.Preformatted:
		fmt.Fprintf(b, "<pre>%s</pre>\n", text)
	default:
		fmt.Fprintf(b, "<p>%s</p>\n", text)
	}
}
