package demo

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// client reads the edition through its own transport.
var client *http.Client

func get(t *testing.T, url string) (int, string, string) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

func TestServesEditionWithBase(t *testing.T) {
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !strings.HasPrefix(s.Addr, "127.0.0.1:") || s.URL != BaseURL {
		t.Fatalf("not loopback at its own address: %s at %s", s.URL, s.Addr)
	}
	client = &http.Client{Transport: s.Transport()}
	// Its transport reaches nothing else (an address on loopback is
	// asked, so no packet leaves the machine even if it were not refused).
	if _, err := client.Get("http://127.0.0.1:9/"); err == nil || !strings.Contains(err.Error(), "reads only itself") {
		t.Errorf("the edition's transport reached another address: %v", err)
	}
	for _, src := range s.Sources() {
		code, ctype, body := get(t, src[1])
		if code != 200 {
			t.Fatalf("%s: %d", src[1], code)
		}
		if strings.Contains(body, "{{BASE}}") || !strings.Contains(body, s.URL+"/a/201911/") {
			t.Errorf("%s: links not rewritten to %s", src[1], s.URL)
		}
		if ctype == "" {
			t.Errorf("%s: no content type", src[1])
		}
	}
	// Both pages of the seed article are there.
	for _, p := range []string{"/a/201911/19/WS5dd344f2a310cf3e355784fb.html", "/a/201911/19/WS5dd344f2a310cf3e355784fb_2.html"} {
		if code, _, body := get(t, s.URL+p); code != 200 || !strings.Contains(body, "Content") {
			t.Errorf("%s: %d", p, code)
		}
	}
	if code, _, _ := get(t, s.URL+"/nope.html"); code != 404 {
		t.Errorf("missing page: %d", code)
	}
	if code, _, _ := get(t, s.URL+"/../../etc/passwd"); code != 404 {
		t.Errorf("path escape: %d", code)
	}
}
