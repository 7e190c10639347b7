package config

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dateline-news/dateline/feeds"
)

// DefaultFile is the commented file `dateline config init` writes.
func DefaultFile() string {
	var b strings.Builder
	b.WriteString(`# Dateline configuration.
# Lines starting with # are comments. Delete a setting to get its default.

# How often to refresh the sources while Dateline runs: "0" = never, else
# from "1m" to "168h" (7 days).
refresh_interval = "30m"

# How long one request may take before it is given up, waiting for a free
# connection included: from "1s" to "10m".
request_timeout = "20s"

# Colours: "auto" asks the terminal whether it is dark or light; "dark" and
# "light" say so; "solarized" and "high-contrast" are other palettes (they
# ask the terminal too). NO_COLOR turns colour off whatever this says.
theme = "auto"

# Unsaved, unstarred articles older than this many days are pruned from the
# library (0 = keep everything; at most 36500). Saved articles never expire.
keep_days = 60

# Pictures in the reader: "auto" asks the terminal which image protocol it
# speaks (kitty, iTerm2 or sixel); "kitty", "iterm2" or "sixel" forces one;
# "off" keeps the "[image: caption]" line.
images = "auto"

# Fetch the reader-mode pages of the links on each source's own site ahead,
# while the list shows. Other links are fetched only when you open or save
# them.
prefetch = true

# Links from a feed never reach this machine's or the local network's
# addresses (127.0.0.1, 10.x, 192.168.x, ...) unless the feed itself is
# there. Set this to true to allow them for every link, for an intranet.
# Cloud metadata and link-local addresses (169.254.x) are refused anyway.
allow_private_addresses = false

# Key bindings: an action and its key or keys, replacing the defaults;
# [] turns an action off. The help overlay (?) shows the keys in force.
# An unknown action or a key that does two things is an error at start.
# [keys]
# save = "ctrl+s"
# next_unread = ["]", "tab"]     # (then give focus another key)
#
# Colours of parts of the screen, over the theme's: "#rrggbb", "#rgb" or
# an ANSI colour number "0" to "255". The parts: text, dim, faint, accent,
# border, focus, selection, error, saved, starred, match, match_text,
# status, person, place, org.
# [colors]
# person = "#d2a8ff"
# match = "11"
#
# Sync with a feed server: kind "miniflux" (an API key) or "greader" (any
# Google Reader API server, with a username and password). The server
# polls the feeds, and the read and starred state is shared with every
# reader of the account. The secret is never written here: it is the
# output of a command (token_command, password_command) or an environment
# variable (token_env, password_env). See the README's Sync section.
# [sync]
# kind = "miniflux"
# url = "https://rss.example.org"
# token_command = "pass show miniflux/dateline"

# Sources: any RSS, Atom or JSON Feed URL, or a page that advertises one.
# China Daily section pages without a feed are read by a list-page adapter.
`)
	for _, s := range DefaultSources() {
		b.WriteString(sourceBlock(s))
	}
	return b.String()
}

func sourceBlock(s Source) string {
	return fmt.Sprintf("\n[[sources]]\nname = %s\nurl = %s\n", strconv.Quote(s.Name), strconv.Quote(s.URL))
}

// ErrExists is returned by Init when the file is already there.
var ErrExists = errors.New("config file already exists")

// Init writes the default file at path, creating its directory. It never
// overwrites an existing file.
func Init(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s: %w; not overwriting it", path, ErrExists)
	}
	if err != nil {
		return err
	}
	if _, err := f.WriteString(DefaultFile()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// AddSources appends sources to the file at path, keeping every comment
// and setting already there. When the file does not exist it is created
// from the default file first (so the default sources stay, as they were
// in effect). Sources whose URL is already configured are skipped; the
// number added is returned.
func AddSources(path string, add []Source) (int, error) {
	cfg, err := Load(path)
	if err != nil {
		return 0, err
	}
	if !cfg.Loaded {
		if err := Init(path); err != nil && !errors.Is(err, ErrExists) {
			return 0, err
		}
		if cfg, err = Load(path); err != nil {
			return 0, err
		}
	}
	have := make(map[string]bool, len(cfg.Sources)+len(add))
	for _, s := range cfg.Sources {
		have[s.URL] = true
	}
	var text strings.Builder
	n := 0
	for _, s := range add {
		if err := CheckURL(s.URL); err != nil {
			return 0, fmt.Errorf("source %q: %w", s.URL, err)
		}
		if have[s.URL] {
			continue
		}
		have[s.URL] = true
		// A name with a control character would not even be valid TOML
		// once quoted; sanitised, it is what Load would show anyway.
		s.Name = feeds.Sanitize(s.Name)
		text.WriteString(sourceBlock(s))
		n++
	}
	if n == 0 {
		return 0, nil
	}
	old, err := readRegular(path, MaxFileBytes, "config file")
	if err != nil {
		return 0, err
	}
	body := string(old)
	if body != "" && !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	body += text.String()
	if len(body) > MaxFileBytes {
		return 0, &Error{Path: path, Err: ErrTooLarge,
			Msg: fmt.Sprintf("adding %d sources would make the config file larger than %d MiB", n, MaxFileBytes>>20)}
	}
	// The file must still parse before it replaces the old one.
	if _, err := Parse(path, []byte(body)); err != nil {
		return 0, err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(body), 0o644); err != nil {
		return 0, err
	}
	return n, os.Rename(tmp, path)
}

type opml struct {
	XMLName xml.Name `xml:"opml"`
	Version string   `xml:"version,attr"`
	Head    struct {
		Title string `xml:"title"`
	} `xml:"head"`
	Body struct {
		Outlines []outline `xml:"outline"`
	} `xml:"body"`
}

type outline struct {
	Text     string    `xml:"text,attr"`
	Title    string    `xml:"title,attr,omitempty"`
	Type     string    `xml:"type,attr,omitempty"`
	XMLURL   string    `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string    `xml:"htmlUrl,attr,omitempty"`
	Outlines []outline `xml:"outline"`
}

// ReadOPML returns the feeds of an OPML document, folders flattened, with
// names sanitised (see sourceName) and URLs trimmed; the caller checks
// the URLs (CheckURL). A document over MaxOPMLBytes is an error wrapping
// ErrTooLarge, never read in part.
func ReadOPML(r io.Reader) ([]Source, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxOPMLBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxOPMLBytes {
		return nil, tooLarge("OPML file", MaxOPMLBytes)
	}
	return parseOPML(data)
}

// ReadOPMLFile is ReadOPML for the file at path, which must be a regular
// file: a FIFO, a directory or a device is refused at once. Errors name
// the path.
func ReadOPMLFile(path string) ([]Source, error) {
	data, err := readRegular(path, MaxOPMLBytes, "OPML file")
	if err == nil {
		var srcs []Source
		if srcs, err = parseOPML(data); err == nil {
			return srcs, nil
		}
	}
	return nil, fmt.Errorf("%s: %w", path, err)
}

func parseOPML(data []byte) ([]Source, error) {
	var doc opml
	// A stray control character would make the decoder refuse the whole
	// file; StripXMLIllegal removes only it (see feeds), and sourceName
	// what is left of an escape sequence.
	dec := xml.NewDecoder(bytes.NewReader(feeds.StripXMLIllegal(data)))
	dec.Strict = false
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("not an OPML file: %w", err)
	}
	var out []Source
	var walk func([]outline)
	walk = func(os []outline) {
		for _, o := range os {
			if o.XMLURL != "" {
				name := o.Title
				if name == "" {
					name = o.Text
				}
				u := strings.TrimSpace(o.XMLURL)
				out = append(out, Source{Name: sourceName(name, u), URL: u, Untitled: feeds.Sanitize(name) == ""})
			}
			walk(o.Outlines)
		}
	}
	walk(doc.Body.Outlines)
	if len(out) == 0 {
		return nil, errors.New("the OPML file lists no feeds (no outline has an xmlUrl)")
	}
	return out, nil
}

// WriteOPML writes sources as an OPML 2.0 document.
func WriteOPML(w io.Writer, sources []Source) error {
	doc := opml{Version: "2.0"}
	doc.Head.Title = "Dateline sources"
	for _, s := range sources {
		doc.Body.Outlines = append(doc.Body.Outlines, outline{Text: s.Name, Title: s.Name, Type: "rss", XMLURL: s.URL})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
