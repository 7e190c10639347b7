package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// extraGSOMIA is the item the World feed gains in the second run.
const extraGSOMIA = `<item><title>Seoul says GSOMIA stays, for now</title>
<link>https://www.chinadaily.com.cn/a/201911/23/extra-gsomia.html</link>
<description>South Korea suspends the expiry of GSOMIA with Japan.</description>
<pubDate>Sat, 23 Nov 2019 08:00:00 +0800</pubDate><guid>extra-gsomia</guid></item>`

// growingServer serves the fixtures, and the World feed with one more
// GSOMIA item once more is set.
func growingServer(t *testing.T, more *atomic.Bool) *httptest.Server {
	t.Helper()
	fx := fixtureServer(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		resp, err := fx.Client().Get(fx.URL + r.URL.RequestURI())
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		if more.Load() && strings.HasSuffix(r.URL.Path, "world_rss.xml") {
			body = []byte(strings.Replace(string(body), "</channel>", extraGSOMIA+"</channel>", 1))
		}
		w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// The run: filter GSOMIA, w saves it as "GSOMIA", quit; start
// again and the watch is a view with its matches; a refresh that brings
// one more GSOMIA item says "GSOMIA: 1 new".
func TestE2EWatchSurvivesARestartAndCountsNew(t *testing.T) {
	needTmux(t)
	var more atomic.Bool
	srv := growingServer(t, &more)
	home := t.TempDir()
	tm := startTerm(t, home, fixtureArgs(srv, home)...)
	tm.waitText("Pressure kept on Seoul for intelligence pact")
	tm.waitText("Mekong countries agree")
	tm.keys("/")
	tm.literal("GSOMIA")
	tm.waitFor("the filter to narrow", filterNarrowedToOne)
	tm.keys("Enter", "w")
	tm.waitText("Save the filter as the watch [GSOMIA_]")
	tm.keys("Enter")
	tm.waitText("Saved the watch GSOMIA")
	tm.keys("q")
	if code := tm.exitCode(); code != "0" {
		t.Fatalf("exit code %s", code)
	}
	cfg, err := os.ReadFile(filepath.Join(home, "config", "dateline", "config.toml"))
	if err != nil || !strings.Contains(string(cfg), "[[watches]]\nname = \"GSOMIA\"\nquery = \"GSOMIA\"") {
		t.Fatalf("the config after w: %v\n%s", err, cfg)
	}

	tm = startTerm(t, home, fixtureArgs(srv, home)...)
	tm.waitText("Pressure kept on Seoul for intelligence pact")
	tm.keys("v", "v", "v", "v")
	s := tm.waitText("Watch: GSOMIA · 1")
	if !strings.Contains(s, "1 match") || strings.Contains(s, "Mekong countries") {
		t.Fatalf("the watch's view:\n%s", s)
	}
	tm.keys("v") // back to Asia-Pacific
	tm.waitText("Asia-Pacific · ")
	more.Store(true)
	tm.keys("r")
	tm.waitText("GSOMIA: 1 new")
	tm.keys("v", "v", "v", "v")
	s = tm.waitText("Watch: GSOMIA · 2")
	if !strings.Contains(s, "Seoul says GSOMIA stays, for now") || !strings.Contains(s, "2 matches · 1 new") {
		t.Fatalf("the watch after the refresh:\n%s", s)
	}
	tm.keys("q")
	if code := tm.exitCode(); code != "0" {
		t.Fatalf("exit code %s", code)
	}
}
