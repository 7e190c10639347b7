package article

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Limits on hostile input.
const (
	// MaxPageBytes is the largest page body Extract accepts. Bigger
	// bodies get ErrTooLarge: real article pages are well under 5 MB,
	// and a 20 MB body would cost seconds and hundreds of MB to parse.
	MaxPageBytes = 10 << 20
	// maxNodes bounds the parsed tree; beyond it the page is rejected
	// with ErrTooLarge.
	maxNodes = 1_000_000
	// maxDepth is the nesting depth kept by the fallback parse of pages
	// that x/net/html refuses (its open-element stack is capped at 512).
	maxDepth = 256
)

// ctxReader fails reads once ctx is done, which stops html.Parse.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	if len(p) > 32<<10 {
		p = p[:32<<10] // check ctx every 32 KiB
	}
	return c.r.Read(p)
}

// ParseDocument decodes a page body (charset from the BOM, a valid UTF-8
// body, the HTTP content type, the <meta> tag or sniffing) and parses it
// with golang.org/x/net/html, with the same size, depth and time limits
// as Extract. contentType may be empty.
func ParseDocument(ctx context.Context, body []byte, contentType string) (*html.Node, error) {
	doc, _, err := parseBody(ctx, body, contentType)
	return doc, err
}

// parseBody runs the checks, decoding and parsing shared by every entry
// point. It returns the document and the encoding name used.
func parseBody(ctx context.Context, body []byte, contentType string) (*html.Node, string, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if len(body) > MaxPageBytes {
		return nil, "", fmt.Errorf("%w: %d bytes (limit %d)", ErrTooLarge, len(body), MaxPageBytes)
	}
	if err := checkHTMLContentType(contentType); err != nil {
		return nil, "", err
	}
	if why := sniffNotHTML(body); why != "" {
		return nil, "", fmt.Errorf("%w: %s", ErrNotHTML, why)
	}
	dec, err := decodeBody(body, contentType)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %v", ErrNotHTML, err)
	}
	if dec.encoding == "utf-8" {
		dec.text = fixMojibake(dec.text)
	}
	if !looksLikeMarkup(dec.text) {
		return nil, "", fmt.Errorf("%w: no markup found", ErrNotHTML)
	}
	// Every element needs a '<': more of them than maxNodes means a tree
	// over the limit, refused before spending time on the parse.
	if n := bytes.Count(dec.text, []byte("<")); n > maxNodes {
		return nil, "", fmt.Errorf("%w: %d tags (limit %d)", ErrTooLarge, n, maxNodes)
	}
	if err := ctx.Err(); err != nil {
		return nil, "", timeoutErr(err)
	}
	doc, err := html.Parse(ctxReader{ctx, bytes.NewReader(dec.text)})
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, "", timeoutErr(cerr)
		}
		// x/net/html gives up on more than 512 open elements. Keep the
		// text: drop the tags nested deeper than maxDepth and parse again;
		// if implied elements (tbody, tr, td…) still overflow the stack,
		// count every tag and cut lower.
		for _, try := range []struct {
			limit    int
			countAll bool
		}{{maxDepth, false}, {maxDepth / 4, true}} {
			flat := flattenDeep(dec.text, try.limit, try.countAll)
			doc, err = html.Parse(ctxReader{ctx, bytes.NewReader(flat)})
			if err == nil {
				break
			}
			if cerr := ctx.Err(); cerr != nil {
				return nil, "", timeoutErr(cerr)
			}
		}
		if err != nil {
			return nil, "", fmt.Errorf("%w: parse: %v", ErrNotHTML, err)
		}
	}
	if n := countNodes(doc, maxNodes+1); n > maxNodes {
		return nil, "", fmt.Errorf("%w: more than %d nodes", ErrTooLarge, maxNodes)
	}
	return doc, dec.encoding, nil
}

func timeoutErr(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %v", ErrTimeout, err)
	}
	return err
}

// countNodes counts nodes iteratively, stopping at limit.
func countNodes(n *html.Node, limit int) int {
	count := 0
	for c := n; c != nil; {
		count++
		if count >= limit {
			return count
		}
		if c.FirstChild != nil {
			c = c.FirstChild
			continue
		}
		for c != n && c.NextSibling == nil {
			c = c.Parent
		}
		if c == n {
			break
		}
		c = c.NextSibling
	}
	return count
}

// autoClosed are elements whose start tags usually close a previous
// sibling, so they do not deepen the tree in practice.
var autoClosed = map[string]bool{
	"p": true, "li": true, "dt": true, "dd": true, "option": true, "optgroup": true,
	"tr": true, "td": true, "th": true, "thead": true, "tbody": true, "tfoot": true,
	"rb": true, "rt": true, "rp": true, "rtc": true, "colgroup": true, "caption": true,
	"html": true, "head": true, "body": true,
}

// flattenDeep rewrites a page so that no element is nested more than
// limit levels deep (counted naively from start and end tags; elements
// that usually auto-close are not counted unless countAll): start and end
// tags below that depth are dropped, their text is kept.
func flattenDeep(src []byte, limit int, countAll bool) []byte {
	var out bytes.Buffer
	out.Grow(len(src))
	z := html.NewTokenizer(bytes.NewReader(src))
	z.SetMaxBuf(0)
	depth, skipped := 0, 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		switch tt {
		case html.StartTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if isVoid(a) || (!countAll && autoClosed[string(name)]) {
				out.Write(raw)
				continue
			}
			if depth >= limit {
				skipped++
				out.WriteByte(' ')
				continue
			}
			depth++
			out.Write(raw)
		case html.EndTagToken:
			name, _ := z.TagName()
			if (!countAll && autoClosed[string(name)]) || isVoid(atom.Lookup(name)) {
				out.Write(raw)
				continue
			}
			if skipped > 0 {
				skipped--
				out.WriteByte(' ')
				continue
			}
			if depth > 0 {
				depth--
			}
			out.Write(raw)
		default:
			out.Write(raw)
		}
	}
	return out.Bytes()
}

func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img,
		atom.Input, atom.Link, atom.Meta, atom.Param, atom.Source, atom.Track, atom.Wbr,
		atom.Keygen:
		return true
	}
	return false
}
