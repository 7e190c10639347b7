package article

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The pages in testdata/pages are written by hand, one for each kind
// of page the generic extractor once got wrong; <name>.txt beside a
// page is the text reader mode must give for it, exactly.

func extractPageFile(t *testing.T, name string) (*Article, error) {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "pages", name+".html"))
	if err != nil {
		t.Fatal(err)
	}
	return Extract(context.Background(), body, "https://news.example/2025/10/"+name)
}

// checkPageText extracts testdata/pages/<name>.html and compares its
// text with <name>.txt.
func checkPageText(t *testing.T, name string) *Article {
	t.Helper()
	a, err := extractPageFile(t, name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	want, err := os.ReadFile(filepath.Join("testdata", "pages", name+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Text(); got != strings.TrimSpace(string(want)) {
		t.Errorf("%s: text\n%s\n--- want\n%s", name, got, want)
	}
	return a
}

// A short public story on a page with a login form in the header and a
// sign-in modal after the story is an article: a wall is judged from the
// story's own region. A story cut short by a subscribe prompt is a wall.
func TestWallJudgedFromArticleRegion(t *testing.T) {
	checkPageText(t, "false-wall")
	if a, err := extractPageFile(t, "real-wall"); !errors.Is(err, ErrNoArticle) {
		t.Errorf("truncated story with a subscribe prompt: %v, %v; want ErrNoArticle", a, err)
	}
}

// Embedded posts (a tweet, an Instagram and a Facebook post, from their
// fallback markup) are quoted by the story: their text and author line
// are kept as quotes, in place; the embed scripts and the "View this
// post on Instagram" button are not.
func TestEmbeddedPostsKept(t *testing.T) {
	a := checkPageText(t, "embeds")
	quotes := 0
	for _, b := range a.Blocks {
		if b.Kind == Quote {
			quotes++
		}
	}
	if quotes != 6 {
		t.Errorf("%d quote blocks, want 6 (text and author of three posts)", quotes)
	}
}

// A "Don't miss" or "Read more" box of links in the last part of a
// story does not end it: the box is skipped and the story's last
// paragraphs are kept; the "Related stories" list after the story still
// ends the text.
func TestInBodyCardSkipped(t *testing.T) {
	checkPageText(t, "inbody-card")
}

// What a page puts after its story is not the story: a tag line, a
// newsletter and a podcast sign-up, a comment policy; a press release's
// "About <company>" paragraph and media contact; a guide's reference
// list.
func TestTrailingFurnitureDropped(t *testing.T) {
	for _, name := range []string{"trailing-tail", "press-release", "guide-references"} {
		checkPageText(t, name)
	}
}

// A block written again on purpose (a plan's rest day, in each week) is
// kept every time; a paragraph printed twice in a row and a section
// printed twice (a mobile copy) are kept once.
func TestRepeatedBlocks(t *testing.T) {
	a := checkPageText(t, "repeats")
	if n := strings.Count(a.Text(), "rest day, or a gentle 30-minute walk"); n != 4 {
		t.Errorf("rest day %d times, want 4", n)
	}
}

// A guide's entries in cards (whose class says "widget"), its stat
// block and its comparison table (in a wrapper, the names linked) are
// its content.
func TestGuideCardsTablesAndStats(t *testing.T) {
	checkPageText(t, "guide-cards")
}

// Chinese and Japanese text typeset by Han.css keeps the space between
// Chinese and Latin words (a hidden <h-hws> holding a space, an
// aria-hidden space) and its punctuation (each mark wrapped in
// <h-char>) in the sentence; custom elements that stand between blocks
// are still paragraphs of their own.
func TestCJKLatinSpacing(t *testing.T) {
	checkPageText(t, "cjk-spacing")
	page := articlePage("", `<x-paragraph>The council met on Tuesday to discuss the harbour, the breakwater and the cost of the repairs to both piers.</x-paragraph>
<x-paragraph>Fishing crews said the work, which began after the storm, should be finished before the winter season opens in December.</x-paragraph>`)
	a, err := Extract(context.Background(), []byte(page), "https://news.example/x")
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Paragraphs(); len(got) != 2 {
		t.Errorf("custom block elements: %q, want two paragraphs", got)
	}
}
