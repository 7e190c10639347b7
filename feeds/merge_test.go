package feeds

import (
	"testing"
	"time"
)

func TestCanonicalLinkAndItemID(t *testing.T) {
	same := []string{
		"https://www.chinadaily.com.cn/a/201911/19/WS5dd344f2a310cf3e355784fb.html",
		"http://www.chinadaily.com.cn/a/201911/19/WS5dd344f2a310cf3e355784fb.html",
		"//WWW.ChinaDaily.com.cn/a/201911/19/WS5dd344f2a310cf3e355784fb.html",
		"https://www.chinadaily.com.cn:443/a/201911/19/WS5dd344f2a310cf3e355784fb.html#comments",
		"https://www.chinadaily.com.cn/a/201911/19/WS5dd344f2a310cf3e355784fb.html?utm_source=rss&utm_medium=feed",
		"https://www.chinadaily.com.cn/a/201911/19/WS5dd344f2a310cf3e355784fb.html/",
		"  https://www.chinadaily.com.cn/a/201911/19/WS5dd344f2a310cf3e355784fb.html?fbclid=abc  ",
	}
	want := "www.chinadaily.com.cn/a/201911/19/WS5dd344f2a310cf3e355784fb.html"
	id := ItemID(same[0], "")
	if len(id) != 16 {
		t.Errorf("ID %q is not 16 hex digits", id)
	}
	for _, l := range same {
		if got := CanonicalLink(l); got != want {
			t.Errorf("CanonicalLink(%q) = %q, want %q", l, got, want)
		}
		if got := ItemID(l, "ignored-guid"); got != id {
			t.Errorf("ItemID(%q) = %s, want %s", l, got, id)
		}
	}
	if got := CanonicalLink("https://example.org/world/?b=2&a=1&utm_campaign=x"); got != "example.org/world?a=1&b=2" {
		t.Errorf("query normalisation: %q", got)
	}
	if got := CanonicalLink("https://example.org/"); got != "example.org" {
		t.Errorf("root: %q", got)
	}
	if ItemID("https://example.org/a", "") == ItemID("https://example.org/b", "") {
		t.Error("different paths share an ID")
	}
	if ItemID("https://example.org/a?id=1", "") == ItemID("https://example.org/a?id=2", "") {
		t.Error("different article parameters share an ID")
	}
	if g := ItemID("javascript:alert(1)", "WS5dd344f2a310cf3e355784fb"); g == "" || g != ItemID("", "WS5dd344f2a310cf3e355784fb") {
		t.Error("no usable link should fall back to the GUID")
	}
	if ItemID("", "") != "" {
		t.Error("no link and no GUID should give no ID")
	}
	if ItemID("", "a") == ItemID("", "b") {
		t.Error("different GUIDs share an ID")
	}
}

func TestMerge(t *testing.T) {
	cst := Shanghai()
	link := "https://www.chinadaily.com.cn/a/201911/19/WS5dd344f2a310cf3e355784fb.html"
	list := []Item{
		{Title: "Pressure kept on Seoul for intelligence pact with Japan", Link: link, SourceName: "AP", Section: "Asia Pacific",
			Published: time.Date(2019, 11, 19, 9, 27, 0, 0, cst), PublishedFrom: "list", ImageURL: "https://img/1.jpeg"},
		{Title: "Older", Link: "https://www.chinadaily.com.cn/a/1.html", SourceName: "AP", Published: time.Date(2019, 11, 10, 0, 0, 0, 0, cst), PublishedFrom: "list"},
	}
	rss := []Item{
		{Title: "Newest", Link: "https://www.chinadaily.com.cn/a/2.html", SourceName: "World", Published: time.Date(2019, 11, 22, 0, 0, 0, 0, cst), PublishedFrom: "pubDate"},
		{Title: "Pressure kept on Seoul for intelligence pact with Japan", Link: "http://www.chinadaily.com.cn/a/201911/19/WS5dd344f2a310cf3e355784fb.html?utm_source=rss",
			GUID: "WS5dd344f2a310cf3e355784fb", SourceName: "World", Author: "Wang Xu", Summary: "Tokyo and Washington…",
			ContentHTML: "<p>Tokyo and Washington continued</p>", Content: "Tokyo and Washington continued",
			Published: time.Date(2019, 11, 19, 9, 27, 0, 0, cst), PublishedFrom: "pubDate", Categories: []string{"Asia"}},
		{Title: "Same time as Older, later in input", Link: "https://www.chinadaily.com.cn/a/3.html", Published: time.Date(2019, 11, 10, 0, 0, 0, 0, cst), PublishedFrom: "pubDate"},
		{Title: "Undated", Link: "https://www.chinadaily.com.cn/a/4.html"},
	}
	got := Merge(list, rss)
	titles := []string{}
	for _, it := range got {
		titles = append(titles, it.Title)
	}
	wantTitles := []string{"Newest", "Pressure kept on Seoul for intelligence pact with Japan", "Older", "Same time as Older, later in input", "Undated"}
	if len(titles) != len(wantTitles) {
		t.Fatalf("merged titles %q, want %q", titles, wantTitles)
	}
	for i := range titles {
		if titles[i] != wantTitles[i] {
			t.Fatalf("merged titles %q, want %q", titles, wantTitles)
		}
	}
	seed := got[1]
	if seed.Author != "Wang Xu" || seed.Section != "Asia Pacific" || seed.ContentHTML == "" || seed.GUID == "" ||
		seed.PublishedFrom != "pubDate" || seed.ImageURL != "https://img/1.jpeg" || seed.SourceName != "AP" || seed.Link != link {
		t.Errorf("merged seed lost fields: %+v", seed)
	}
	if seed.ID != ItemID(link, "") {
		t.Errorf("merged ID %s", seed.ID)
	}

	t.Run("GUID matches when a link is missing", func(t *testing.T) {
		a := []Item{{Title: "A", GUID: "https://x.example/guid/1", SourceURL: "s1"}}
		b := []Item{{Title: "A", Link: "https://x.example/a", GUID: "https://x.example/guid/1", Author: "Z", SourceURL: "s2"}}
		m := Merge(a, b)
		if len(m) != 1 || m[0].Link != "https://x.example/a" || m[0].Author != "Z" {
			t.Errorf("got %+v", m)
		}
	})
	t.Run("a shared GUID does not join different links", func(t *testing.T) {
		a := []Item{{Title: "A", Link: "https://x.example/a", GUID: "1", SourceURL: "s"}, {Title: "B", Link: "https://x.example/b", GUID: "1", SourceURL: "s"}}
		if m := Merge(a); len(m) != 2 {
			t.Errorf("got %d items", len(m))
		}
	})
	t.Run("plain GUIDs are per source", func(t *testing.T) {
		a := []Item{{Title: "A", GUID: "123", SourceURL: "https://one.example/feed"}}
		b := []Item{{Title: "B", GUID: "123", SourceURL: "https://two.example/feed"}}
		if m := Merge(a, b); len(m) != 2 {
			t.Errorf("got %d items", len(m))
		}
	})
	t.Run("inputs are not modified", func(t *testing.T) {
		if list[0].Author != "" || len(rss[1].Categories) != 1 {
			t.Error("Merge changed its input")
		}
	})
}
