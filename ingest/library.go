package ingest

import (
	"time"

	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/feeds"
	"github.com/dateline-news/dateline/store"
)

// EntityFunc finds the entities of a text (entity.Extract).
type EntityFunc = func(text string) []entity.Span

// LibraryOptions open a library the way every part of Dateline opens it.
type LibraryOptions struct {
	// Sources, in the user's order: an article two sources carry belongs
	// to the first, as the sources are listed.
	Sources []feeds.Source
	// Entities and Regions are what the library finds in every item it
	// stores (entity.Extract and entity.Regions; nil finds none).
	Entities EntityFunc
	Regions  func([]entity.Span) []string
	// ReadOnly opens the file without writing to it.
	ReadOnly bool
	// Now is the library's clock (time.Now when nil).
	Now func() time.Time
}

func (o LibraryOptions) store() store.Options {
	rank := make(map[string]int, len(o.Sources))
	for i, s := range o.Sources {
		if _, ok := rank[s.URL]; !ok {
			rank[s.URL] = i
		}
	}
	return store.Options{
		Now: o.Now, Entities: o.Entities, Regions: o.Regions, ReadOnly: o.ReadOnly,
		SourceRank: func(url string) (int, bool) { r, ok := rank[url]; return r, ok },
	}
}

// OpenLibrary opens the library file at path (creating it unless
// read-only).
func OpenLibrary(path string, o LibraryOptions) (*store.Store, error) {
	return store.Open(path, o.store())
}

// OpenMemoryLibrary opens an empty library in memory, for a session
// whose library file cannot be opened: the same library code, nothing
// kept after it.
func OpenMemoryLibrary(o LibraryOptions) (*store.Store, error) {
	o.ReadOnly = false
	return store.OpenMemory(o.store())
}
