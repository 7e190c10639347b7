package tui

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/dateline-news/dateline/article"
	"github.com/dateline-news/dateline/entity"
)

func TestWrapRichWidths(t *testing.T) {
	texts := []string{
		"Pressure kept on Seoul for intelligence pact with Japan",
		"春眠不觉晓，处处闻啼鸟，夜来风雨声，花落知多少",
		"Mixed 「書の道：唐から令和へ」 and 한국어 텍스트 with emoji 👩‍👩‍👧 and e\u0301 accents",
		"https://www.adb.org/" + strings.Repeat("averyveryverylongpathsegment/", 12),
		"line one\nline two\n\nline four",
		"",
		"   leading and trailing spaces   ",
	}
	for _, text := range texts {
		for _, w := range []int{1, 2, 3, 5, 10, 17, 40, 80} {
			lines := wrapRich(text, nil, w)
			var rebuilt []string
			for _, l := range lines {
				p := l.plain()
				if got := ansi.StringWidth(p); got > w && !(w < 2 && got == 2) {
					t.Errorf("w=%d: line %q is %d cells", w, p, got)
				}
				if got := ansi.StringWidth(p); got != l.width {
					t.Errorf("w=%d: line %q says width %d, is %d", w, p, l.width, got)
				}
				if !utf8.ValidString(p) {
					t.Errorf("w=%d: invalid UTF-8 in %q", w, p)
				}
				rebuilt = append(rebuilt, p)
			}
			// Nothing is lost but white space.
			squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
			if squash(strings.Join(rebuilt, "")) != squash(text) {
				t.Errorf("w=%d: text changed:\n%q\n%q", w, strings.Join(rebuilt, "|"), text)
			}
		}
	}
}

func TestWrapRichWordsAndClasses(t *testing.T) {
	text := "Taro Kono met Mark Esper in Bangkok"
	cls := make([]uint8, len(text))
	markRange(cls, 0, 9, clsPerson)
	markRange(cls, 28, 35, clsPlace)
	markRange(cls, 28, 31, clsMatch) // "Ban" matched by the filter
	lines := wrapRich(text, cls, 16)
	var got []string
	for _, l := range lines {
		got = append(got, l.plain())
	}
	if want := []string{"Taro Kono met", "Mark Esper in", "Bangkok"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("wrapped %q", got)
	}
	if s := lines[0].segs[0]; s.text != "Taro Kono" || s.class != clsPerson {
		t.Errorf("first segment %+v", s)
	}
	last := lines[2].segs
	if len(last) != 2 || last[0] != (seg{"Ban", clsMatch}) || last[1] != (seg{"gkok", clsPlace}) {
		t.Errorf("match on top of the place: %+v", last)
	}
	// Line starts are byte offsets into the text.
	if lines[1].start != strings.Index(text, "Mark") || lines[2].start != strings.Index(text, "Bangkok") {
		t.Errorf("line starts %d %d", lines[1].start, lines[2].start)
	}
}

func TestFitAndSplice(t *testing.T) {
	for _, s := range []string{"", "abc", "中文字", "\x1b[1mbold\x1b[m text that is long"} {
		for _, w := range []int{0, 1, 2, 3, 7, 30} {
			if got := ansi.StringWidth(fitLine(s, w)); got != w {
				t.Errorf("fitLine(%q, %d) is %d cells", s, w, got)
			}
		}
	}
	if got := fitBlock("a\nb\nc", 2, 2); got != "a \nb " {
		t.Errorf("fitBlock: %q", got)
	}
	base := fitBlock("", 10, 3)
	out := splice(base, "XX\nYY", 4, 1)
	if ansi.Strip(out) != "          \n    XX    \n    YY    " {
		t.Errorf("splice: %q", ansi.Strip(out))
	}
	if got := splice(base, "ZZZZ", 8, 0); ansi.StringWidth(strings.Split(got, "\n")[0]) != 10 {
		t.Errorf("splice past the edge: %q", got)
	}
}

func TestCleanStripsControls(t *testing.T) {
	// The one sanitiser: whole escape sequences go (ESC [ 2 J, and the
	// C1 CSI with what follows it), as do bidi controls, BEL and DEL.
	in := "a\x1b[2Jb\u009b1mc\u202ed\x07e\tf\ng\xffh\x7f"
	got := clean(in)
	if got != "abcde f\ng\uFFFDh" {
		t.Errorf("clean = %q", got)
	}
	if clean("plain text") != "plain text" {
		t.Error("clean changed plain text")
	}
}

func TestRelAgeAndDates(t *testing.T) {
	now := time.Date(2019, 11, 23, 9, 0, 0, 0, beijing)
	cases := map[time.Duration]string{
		10 * time.Second: "now", 5 * time.Minute: "5m", 3 * time.Hour: "3h",
		49 * time.Hour: "2d", 6 * 24 * time.Hour: "6d", 10 * 24 * time.Hour: "13 Nov",
		70 * 24 * time.Hour: "14 Sep", 330 * 24 * time.Hour: "Dec 2018",
		400 * 24 * time.Hour: "Oct 2018",
	}
	for d, want := range cases {
		if got := relAge(now, now.Add(-d)); got != want {
			t.Errorf("relAge(%v) = %q, want %q", d, got, want)
		}
	}
	if relAge(now, time.Time{}) != "" {
		t.Error("zero time has an age")
	}
	pub := time.Date(2019, 11, 19, 9, 27, 0, 0, beijing)
	if got := formatDate(pub, testZone); got != "Tue 19 Nov 2019 02:27 CET (09:27 CST)" {
		t.Errorf("formatDate = %q", got)
	}
	if got := formatDate(pub, beijing); got != "Tue 19 Nov 2019 09:27 CST" {
		t.Errorf("same zone: %q", got)
	}
	late := time.Date(2019, 11, 19, 1, 0, 0, 0, beijing)
	if got := formatDate(late, testZone); got != "Mon 18 Nov 2019 18:00 CET (Tue 01:00 CST)" {
		t.Errorf("day differs: %q", got)
	}
}

func TestImageLine(t *testing.T) {
	// A caption with an entity and a link: both move with the text.
	c := article.Block{Kind: article.Caption, Text: "Taro Kono in Bangkok. [Photo/IC]",
		Links: []article.InlineLink{{Start: 13, End: 20, URL: "https://example.com/bangkok"}}}
	b, spans := imageLine(c, []entity.Span{{Start: 0, End: 9, Label: entity.Person, Text: "Taro Kono"}})
	if b.Text != "[image: Taro Kono in Bangkok. [Photo/IC]]" {
		t.Errorf("text %q", b.Text)
	}
	if len(spans) != 1 || b.Text[spans[0].Start:spans[0].End] != "Taro Kono" {
		t.Errorf("span %+v", spans)
	}
	if len(b.Links) != 1 || b.Text[b.Links[0].Start:b.Links[0].End] != "Bangkok" {
		t.Errorf("link %+v", b.Links)
	}
	// A caption that is only a credit loses its own brackets.
	b, _ = imageLine(article.Block{Kind: article.Caption, Text: "[Photo/IC]"}, nil)
	if b.Text != "[image: Photo/IC]" {
		t.Errorf("credit-only caption: %q", b.Text)
	}
	// Brackets that are not the caption's own stay.
	b, _ = imageLine(article.Block{Kind: article.Caption, Text: "[Left] and [right]"}, nil)
	if b.Text != "[image: [Left] and [right]]" {
		t.Errorf("two bracketed parts: %q", b.Text)
	}
}
