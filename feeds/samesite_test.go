package feeds

import "testing"

func TestSameSite(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"https://www.chinadaily.com.cn/rss/world_rss.xml", "https://www.chinadaily.com.cn/a/1.html", true},
		{"https://www.chinadaily.com.cn/rss/world_rss.xml", "https://chinadaily.com.cn/a/1.html", true},
		{"https://www.chinadaily.com.cn/rss/world_rss.xml", "http://cd.chinadaily.com.cn:8080/a", true},
		{"https://WWW.Example.COM./feed", "https://example.com/a", true},
		{"https://www.chinadaily.com.cn/", "https://www.china.com.cn/", false},
		{"https://a.github.io/feed", "https://b.github.io/post", false}, // github.io is a public suffix
		{"https://news.example.co.uk/", "https://evil.co.uk/", false},
		{"https://www.chinadaily.com.cn/", "http://169.254.169.254/", false},
		{"http://127.0.0.1:8080/feed", "http://127.0.0.1:9090/a", true},
		{"http://127.0.0.1/feed", "http://127.0.0.2/a", false},
		{"https://example.com/", "javascript:alert(1)", false},
		{"", "https://example.com/", false},
	}
	for _, c := range cases {
		if got := SameSite(c.a, c.b); got != c.want {
			t.Errorf("SameSite(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
