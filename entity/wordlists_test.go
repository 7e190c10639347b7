package entity

import (
	"io/fs"
	"strings"
	"testing"
)

// lexiconListFiles are the lists of data/lists that the lexicon reads
// (lexicon.go) rather than the rules.
var lexiconListFiles = []string{"core-titles", "east-asian-surnames", "extra-demonyms", "date-words", "direction-words"}

// TestWordListsLoaded: every list file is read by someone and none is
// empty (a misspelt name reads as an empty list, and the rule using it
// would silently stop firing).
func TestWordListsLoaded(t *testing.T) {
	l := ruleWords()
	read := map[string]bool{}
	for _, f := range l.setFiles() {
		read[f.name] = true
		if len(f.set.words) == 0 {
			t.Errorf("data/lists/%s.txt: empty or missing", f.name)
		}
	}
	for name, s := range l.sliceFiles() {
		read[name] = true
		if len(*s) == 0 {
			t.Errorf("data/lists/%s.txt: empty or missing", name)
		}
	}
	for _, name := range lexiconListFiles {
		read[name] = true
		if len(listEntries(name)) == 0 {
			t.Errorf("data/lists/%s.txt: empty or missing", name)
		}
	}
	files, err := fs.Glob(dataFS, "data/lists/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "data/lists/"), ".txt")
		if !read[name] {
			t.Errorf("%s: read by no rule", f)
		}
		delete(read, name)
	}
	for name := range read {
		t.Errorf("data/lists/%s.txt: not embedded", name)
	}
}

// TestTitleSmallWordsFit: titleSmallWord compares words of at most five
// letters, so a longer entry would never match.
func TestTitleSmallWordsFit(t *testing.T) {
	for w := range ruleWords().titleCaseSmallWords.words {
		if len(w) > 5 || strings.ToLower(w) != w {
			t.Errorf("title-case-small-words.txt: %q is not a lower-case word of at most five letters", w)
		}
	}
}

// TestTimeModifierPrefixesShape: timeModifier finds a prefix by the word's
// first hyphen, so each prefix must end in a hyphen and have no other.
func TestTimeModifierPrefixesShape(t *testing.T) {
	for p := range ruleWords().timeModifierPrefixes.words {
		if strings.IndexByte(p, '-') != len(p)-1 {
			t.Errorf("time-modifier-prefixes.txt: %q does not end in its only hyphen", p)
		}
	}
}
