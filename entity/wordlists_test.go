package entity

import (
	"io/fs"
	"os"
	"strings"
	"testing"
)

// lexiconListFiles are the lists of data/lists that the lexicon reads
// (lexbuild_test.go) rather than the rules.
var lexiconListFiles = []string{"core-titles", "east-asian-surnames", "extra-demonyms", "date-words", "direction-words"}

// TestWordListsLoaded: every list file is read by someone and none is
// empty (a misspelt name reads as an empty list, and the rule using it
// would silently stop firing).
func TestWordListsLoaded(t *testing.T) {
	src := mustTextSource(t)
	l := Default().lists
	read := map[string]bool{}
	for _, f := range l.setFiles() {
		read[f.name] = true
		if f.set.words.len() == 0 {
			t.Errorf("data/lists/%s.txt: empty or missing", f.name)
		}
	}
	read[placeSuffixesList] = true
	if len(l.placeSuffixes) == 0 {
		t.Errorf("data/lists/%s.txt: empty or missing", placeSuffixesList)
	}
	for _, name := range lexiconListFiles {
		read[name] = true
		if len(src.listEntries(name)) == 0 {
			t.Errorf("data/lists/%s.txt: empty or missing", name)
		}
	}
	files, err := fs.Glob(os.DirFS("data"), "lists/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "lists/"), ".txt")
		if !read[name] {
			t.Errorf("data/%s: read by no rule", f)
		}
		delete(read, name)
	}
	for name := range read {
		t.Errorf("data/lists/%s.txt: no such file", name)
	}
}

// entries returns the words of the set, sorted.
func (s *wordSet) entries() []string {
	out := make([]string, s.words.len())
	for i := range out {
		out[i] = s.words.at(i)
	}
	return out
}

// TestTitleSmallWordsFit: titleSmallWord compares words of at most five
// letters, so a longer entry would never match.
func TestTitleSmallWordsFit(t *testing.T) {
	for _, w := range Default().lists.titleCaseSmallWords.entries() {
		if len(w) > 5 || strings.ToLower(w) != w {
			t.Errorf("title-case-small-words.txt: %q is not a lower-case word of at most five letters", w)
		}
	}
}

// TestTimeModifierPrefixesShape: timeModifier finds a prefix by the word's
// first hyphen, so each prefix must end in a hyphen and have no other.
func TestTimeModifierPrefixesShape(t *testing.T) {
	for _, p := range Default().lists.timeModifierPrefixes.entries() {
		if strings.IndexByte(p, '-') != len(p)-1 {
			t.Errorf("time-modifier-prefixes.txt: %q does not end in its only hyphen", p)
		}
	}
}
