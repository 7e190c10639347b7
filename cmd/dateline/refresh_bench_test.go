package main

// A refresh of 20 sources that brings 100,000 new items, in the real
// binary in tmux: how long until the status line says "Updated", and the
// process's peak memory (the limit is 150 MB at 100,000 items).
//
//	go test ./cmd/dateline -run '^$' -bench Refresh100k -benchtime 3x
//
// The feeds are 20 copies of testdata's 5,000-item China Daily-style feed
// (each with its own links and guids), served from loopback with ETags.
// Baselines in the same command: the same library opened with --offline
// (start-up, no refresh), and the refresh that follows the first one
// (every source answers 304 Not Modified).

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func BenchmarkRefresh100k(b *testing.B) {
	if _, err := exec.LookPath("tmux"); err != nil {
		b.Skip("tmux is not installed")
	}
	raw, err := os.ReadFile("../../testdata/chinadaily/bad/big_feed.xml")
	if err != nil {
		b.Fatal(err)
	}
	const sources = 20
	bodies := make([][]byte, sources)
	for i := range bodies {
		c := bytes.ReplaceAll(raw, []byte("{{BASE}}"), fmt.Appendf(nil, "http://news%d.example.com", i))
		bodies[i] = bytes.ReplaceAll(c, []byte(`<guid isPermaLink="false">WS`), fmt.Appendf(nil, `<guid isPermaLink="false">%dWS`, i))
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var i int
		if _, err := fmt.Sscanf(r.URL.Path, "/s%d.xml", &i); err != nil || i < 0 || i >= sources {
			http.NotFound(w, r)
			return
		}
		etag := fmt.Sprintf(`"big-%d"`, i)
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Write(bodies[i])
	}))
	defer srv.Close()

	bin := binaryB(b)
	home := b.TempDir()
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"XDG_DATA_HOME=" + filepath.Join(home, "data"), "TERM=xterm-256color"}
	var cfg strings.Builder
	cfg.WriteString("keep_days = 0\n") // the feed's items are from 2019: keep them
	for i := range sources {
		fmt.Fprintf(&cfg, "\n[[sources]]\nname = \"Feed %d\"\nurl = \"%s/s%d.xml\"\n", i+1, srv.URL, i)
	}
	cfgPath := filepath.Join(home, "big.toml")
	if err := os.WriteFile(cfgPath, []byte(cfg.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	updated := func(s string) bool { return strings.Contains(s, "Updated") }
	shows := func(s string) bool { return strings.Contains(s, "Feed ") }
	type run struct {
		d  time.Duration
		mb float64
	}
	var fresh, again, offline []run
	for n := 0; n < b.N; n++ {
		dir := filepath.Join(home, fmt.Sprint("lib", n))
		cmd := bin + " --config " + cfgPath + " --data-dir " + dir
		for _, r := range []struct {
			out   *[]run
			cmd   string
			ready func(string) bool
		}{
			{&fresh, cmd, updated},                // 100,000 new items
			{&again, cmd, updated},                // nothing new: 304s
			{&offline, cmd + " --offline", shows}, // start-up alone
		} {
			d, mb := timeToScreenThen(b, env, r.cmd, r.ready, func(session string) float64 { return sessionPeakMB(b, session) })
			*r.out = append(*r.out, run{d, mb})
		}
	}
	med := func(rs []run) run {
		// the run with the median time, and the highest peak of all runs
		ds := make([]time.Duration, len(rs))
		var peak float64
		for i, r := range rs {
			ds[i] = r.d
			peak = max(peak, r.mb)
		}
		for i := range ds {
			for j := i + 1; j < len(ds); j++ {
				if ds[j] < ds[i] {
					ds[i], ds[j] = ds[j], ds[i]
				}
			}
		}
		return run{ds[len(ds)/2], peak}
	}
	f, a, o := med(fresh), med(again), med(offline)
	b.Logf("refresh bringing 100,000 new items: %v to \"Updated\", peak RSS %.0f MB", f.d.Round(time.Millisecond), f.mb)
	b.Logf("baseline, the next refresh (all 304): %v, peak RSS %.0f MB", a.d.Round(time.Millisecond), a.mb)
	b.Logf("baseline, start-up --offline on the same library: %v to the list, peak RSS %.0f MB", o.d.Round(time.Millisecond), o.mb)
	b.ReportMetric(float64(f.d.Milliseconds()), "ms-refresh")
	b.ReportMetric(f.mb, "MB-peak-rss")
	b.ReportMetric(f.mb/o.mb, "x-offline-rss")
	b.ReportMetric(0, "ns/op")
}
