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
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// bigFeeds serves the 20 feeds of 5,000 items on loopback, with ETags,
// and writes a config naming them; it returns the config's path.
func bigFeeds(b *testing.B, home string) string {
	b.Helper()
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
		_, _ = w.Write(bodies[i]) // a client gone away is the client's business
	}))
	b.Cleanup(srv.Close)
	var cfg strings.Builder
	cfg.WriteString("keep_days = 0\n") // the feed's items are from 2019: keep them
	for i := range sources {
		fmt.Fprintf(&cfg, "\n[[sources]]\nname = \"Feed %d\"\nurl = \"%s/s%d.xml\"\n", i+1, srv.URL, i)
	}
	cfgPath := filepath.Join(home, "big.toml")
	if err := os.WriteFile(cfgPath, []byte(cfg.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	return cfgPath
}

func BenchmarkRefresh100k(b *testing.B) {
	if _, err := exec.LookPath("tmux"); err != nil {
		b.Skip("tmux is not installed")
	}
	home := b.TempDir()
	cfgPath := bigFeeds(b, home)
	bin := binaryB(b)
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"XDG_DATA_HOME=" + filepath.Join(home, "data"), "TERM=xterm-256color"}
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

// BenchmarkHeadlines100k runs `dateline headlines` on the 20 feeds of
// 5,000 items as a user does, a fresh process each time, and reports its
// wall time and peak memory (the process's maxrss): into a new library
// (100,000 new items stored, listed and printed, then indexed for search
// before the process exits), with --json, and, as baselines in the same
// command, the next run (every source answers 304, the same 100,000
// printed from the library) and --offline (the list alone).
//
//	go test ./cmd/dateline -run '^$' -bench Headlines100k -benchtime 3x
func BenchmarkHeadlines100k(b *testing.B) {
	home := b.TempDir()
	cfgPath := bigFeeds(b, home)
	bin := binaryB(b)
	type run struct {
		wall, listed time.Duration
		mb           float64
	}
	exec1 := func(args ...string) run {
		cmd := exec.Command(bin, append([]string{"headlines", "--config", cfgPath}, args...)...)
		cmd.Env = []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "config")}
		out, err := cmd.StdoutPipe()
		if err != nil {
			b.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		start := time.Now()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		// The peak is read from the process's own VmHWM while it runs, not
		// from wait4's maxrss: Linux carries the parent's high-water mark
		// across fork and exec into the child's maxrss, so that figure is
		// this benchmark's own memory (the generated feeds) whenever it is
		// the larger.
		hwm := pollHWM(cmd.Process.Pid)
		n, _ := io.Copy(io.Discard, out)
		listed := time.Since(start)
		if err := cmd.Wait(); err != nil {
			b.Fatalf("headlines %v: %v %s", args, err, stderr.String())
		}
		if n < 100_000*20 {
			b.Fatalf("headlines %v printed %d bytes", args, n)
		}
		return run{time.Since(start), listed, hwm()}
	}
	var fresh, freshJSON, again, offline []run
	for n := 0; n < b.N; n++ {
		dir := filepath.Join(home, fmt.Sprint("lib", n))
		jdir := filepath.Join(home, fmt.Sprint("json", n))
		fresh = append(fresh, exec1("--data-dir", dir))
		freshJSON = append(freshJSON, exec1("--data-dir", jdir, "--json"))
		again = append(again, exec1("--data-dir", dir))
		offline = append(offline, exec1("--data-dir", dir, "--offline"))
	}
	med := func(rs []run) run {
		sort.Slice(rs, func(i, j int) bool { return rs[i].wall < rs[j].wall })
		m := rs[len(rs)/2]
		for _, r := range rs {
			m.mb = max(m.mb, r.mb)
		}
		return m
	}
	for _, r := range []struct {
		name string
		rs   []run
	}{
		{"100,000 new items, stored, printed and indexed", fresh},
		{"the same with --json", freshJSON},
		{"baseline: the next run, every source 304", again},
		{"baseline: --offline, the list alone", offline},
	} {
		m := med(r.rs)
		b.Logf("%-48s output done %6v, exit %6v, peak RSS %4.0f MB", r.name, m.listed.Round(time.Millisecond), m.wall.Round(time.Millisecond), m.mb)
	}
	b.ReportMetric(float64(med(fresh).listed.Milliseconds()), "ms-listed")
	b.ReportMetric(float64(med(fresh).wall.Milliseconds()), "ms-searchable")
	b.ReportMetric(med(fresh).mb, "MB-peak")
	b.ReportMetric(med(freshJSON).mb, "MB-peak-json")
	b.ReportMetric(0, "ns/op")
}

// pollHWM reads VmHWM of process pid every 2 ms until it is gone; the
// returned function stops the polling and gives the last value read, in
// MB (VmHWM only grows, so the last read is the peak, up to the last 2
// ms of the run).
func pollHWM(pid int) func() float64 {
	var peak atomic.Uint64 // kB
	done := make(chan struct{})
	stopped := make(chan struct{})
	path := fmt.Sprintf("/proc/%d/status", pid)
	go func() {
		defer close(stopped)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			if status, err := os.ReadFile(path); err == nil {
				for _, line := range strings.Split(string(status), "\n") {
					var kb uint64
					if _, err := fmt.Sscanf(line, "VmHWM: %d kB", &kb); err == nil && kb > peak.Load() {
						peak.Store(kb)
					}
				}
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() float64 {
		close(done)
		<-stopped
		return float64(peak.Load()) / 1024
	}
}
