package store

import "github.com/dateline-news/dateline/query"

// NeedsIndex reports whether q is answered from the full-text index (its
// words, phrases, exclusions, entity and region fields, in any of its
// alternatives), and so finds only indexed items (Pending). A query
// without them (source:, is:, after:, before:) reads the items themselves
// and lists every stored item at once.
func NeedsIndex(q query.Query) bool {
	for _, b := range q.Branches() {
		if needsIndex(&b) {
			return true
		}
	}
	return false
}

func needsIndex(q *query.Query) bool {
	if len(q.Words) > 0 || len(q.Phrases) > 0 || len(q.Exclude) > 0 {
		return true
	}
	for _, f := range q.Fields {
		switch f.Name {
		case "person", "place", "org", "entity", "region":
			return true
		}
	}
	return false
}
