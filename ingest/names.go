package ingest

import (
	"context"
	"sync"

	"github.com/dateline-news/dateline/feeds"
)

// names gives sources the config left unnamed the title their feed
// gives itself, and keeps every source's name its own: a title another
// source already goes by gets the source's address after it.
type names struct {
	mu sync.Mutex
	// taken maps a name to the URL of the source that goes by it, in
	// this process: the configured names first, then the titles given.
	taken map[string]string
}

func newNames(sources []feeds.Source) *names {
	n := &names{taken: map[string]string{}}
	for _, s := range sources {
		if !s.Untitled {
			n.taken[s.Name] = s.URL
		}
	}
	return n
}

// name is what src is stored under after a fetch that read title: the
// configured name, the feed's title made unique, or "" (the library
// keeps the name it has, or names a new source by its address).
func (n *names) name(ctx context.Context, p *Pipeline, src feeds.Source, title string) string {
	if !src.Untitled {
		return src.Name
	}
	title = feeds.Sanitize(title)
	if title == "" {
		return ""
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if u, ok := n.taken[title]; ok && u == src.URL {
		return title
	}
	if !n.free(ctx, p, title, src.URL) {
		title += " (" + feeds.URLName(src.URL) + ")"
	}
	n.taken[title] = src.URL
	return title
}

// free reports whether no other source goes by name, here or in the
// library.
func (n *names) free(ctx context.Context, p *Pipeline, name, url string) bool {
	if u, ok := n.taken[name]; ok && u != url {
		return false
	}
	states, err := p.c.Library.Sources(ctx)
	if err != nil {
		return true // the library cannot say: the title, as a feed gives it
	}
	for _, st := range states {
		if st.Name == name && st.URL != url {
			return false
		}
	}
	return true
}
