package main

// Time from start to first frame, measured on the real binary in tmux.
//
//	go test ./cmd/dateline -run '^$' -bench FirstFrame -benchtime 10x
//
// Each op starts a fresh tmux session and polls capture-pane until the
// screen shows what the op waits for. The baseline op does the same for
// `printf` (the cost of tmux and of polling), so the ratio to it is the
// program's own start-up.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/internal/gen"
	"github.com/dateline-news/dateline/store"
)

// timeToScreen starts cmd in tmux and returns how long until the screen
// satisfies ready.
func timeToScreen(b *testing.B, env []string, command string, ready func(string) bool) time.Duration {
	d, _ := timeToScreenThen(b, env, command, ready, nil)
	return d
}

// timeToScreenThen is timeToScreen; then, when after is set, it runs
// after(session) before the session is killed and returns its result.
func timeToScreenThen(b *testing.B, env []string, command string, ready func(string) bool, after func(session string) float64) (time.Duration, float64) {
	b.Helper()
	name := fmt.Sprintf("dl-ff-%d-%d", os.Getpid(), time.Now().UnixNano())
	args := append([]string{"-L", tmuxSocket(), "new-session", "-d", "-s", name, "-x", "140", "-y", "40", "env"}, env...)
	args = append(args, "sh", "-c", command+"; sleep 30")
	start := time.Now()
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		b.Fatalf("tmux: %v %s", err, out)
	}
	defer func() { _ = exec.Command("tmux", "-L", tmuxSocket(), "kill-session", "-t", name).Run() }() // gone already is fine
	deadline := start.Add(30 * time.Second)
	for time.Now().Before(deadline) {
		out, _ := exec.Command("tmux", "-L", tmuxSocket(), "capture-pane", "-p", "-t", name).Output()
		if ready(string(out)) {
			d := time.Since(start)
			if after != nil {
				return d, after(name)
			}
			return d, 0
		}
		time.Sleep(2 * time.Millisecond)
	}
	out, _ := exec.Command("tmux", "-L", tmuxSocket(), "capture-pane", "-p", "-t", name).Output()
	b.Fatalf("screen never became ready:\n%s", out)
	return 0, 0
}

// peakRSS works the TUI in a session (filters, scrolls to the end of the
// list and back) and returns the dateline process's peak resident memory
// in MB (VmHWM).
func peakRSS(b *testing.B) func(session string) float64 {
	return func(session string) float64 {
		send := func(keys ...string) {
			if err := exec.Command("tmux", append([]string{"-L", tmuxSocket(), "send-keys", "-t", session}, keys...)...).Run(); err != nil {
				b.Fatalf("send-keys %v: %v", keys, err)
			}
			time.Sleep(300 * time.Millisecond)
		}
		send("v") // all regions
		send("G")
		send("/")
		if err := exec.Command("tmux", "-L", tmuxSocket(), "send-keys", "-t", session, "-l", "china").Run(); err != nil {
			b.Fatalf("send-keys: %v", err)
		}
		time.Sleep(500 * time.Millisecond)
		send("Escape")
		send("Enter")
		time.Sleep(time.Second)
		return sessionPeakMB(b, session)
	}
}

// sessionPeakMB returns the peak resident memory (VmHWM, MB) of the
// dateline process running in a tmux session.
func sessionPeakMB(b *testing.B, session string) float64 {
	{
		out, err := exec.Command("tmux", "-L", tmuxSocket(), "display", "-p", "-t", session, "#{pane_pid}").Output()
		if err != nil {
			b.Fatal(err)
		}
		shell := strings.TrimSpace(string(out))
		pids, _ := filepath.Glob("/proc/[0-9]*/stat")
		for _, p := range pids {
			st, err := os.ReadFile(p)
			if err != nil {
				continue
			}
			// pid (comm) state ppid ...
			f := strings.Fields(string(st[strings.LastIndexByte(string(st), ')')+1:]))
			if len(f) < 2 || f[1] != shell || !strings.Contains(string(st), "(dateline)") {
				continue
			}
			status, err := os.ReadFile(filepath.Join(filepath.Dir(p), "status"))
			if err != nil {
				continue
			}
			for _, line := range strings.Split(string(status), "\n") {
				var kb float64
				if _, err := fmt.Sscanf(line, "VmHWM: %f kB", &kb); err == nil {
					return kb / 1024
				}
			}
		}
		b.Fatal("dateline process not found")
		return 0
	}
}

func benchScreen(b *testing.B, env []string, command string, ready func(string) bool) {
	var total time.Duration
	for i := 0; i < b.N; i++ {
		total += timeToScreen(b, env, command, ready)
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/frame")
	b.ReportMetric(0, "ns/op")
}

func BenchmarkFirstFrame(b *testing.B) {
	if _, err := exec.LookPath("tmux"); err != nil {
		b.Skip("tmux is not installed")
	}
	bin := binaryB(b)
	home := b.TempDir()
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"XDG_DATA_HOME=" + filepath.Join(home, "data"), "TERM=xterm-256color"}

	b.Run("baseline-printf", func(b *testing.B) {
		benchScreen(b, env, "printf 'ready\\n'", func(s string) bool { return strings.Contains(s, "ready") })
	})
	// The first frame: the panes are drawn (sources are still fetching from
	// an address that does not answer, so this is start-up alone).
	b.Run("dateline-empty", func(b *testing.B) {
		benchScreen(b, env, bin+" --data-dir "+filepath.Join(home, "empty")+" --feed http://127.0.0.1:9/feed.xml",
			func(s string) bool { return strings.Contains(s, "╭") })
	})
	// The first frame that shows stored headlines, with 100,000 items in
	// the library and the network unreachable.
	b.Run("dateline-library-100k", func(b *testing.B) {
		dir := filepath.Join(home, "lib100k")
		title := buildLibrary(b, dir, 20, 5000)
		// The generated items span a year: keep them all, so start-up's
		// prune (keep_days, 60 by default) does not delete most of the
		// library while the first frame is measured.
		cfg := filepath.Join(home, "keepall.toml")
		if err := os.WriteFile(cfg, []byte("keep_days = 0\n"), 0o644); err != nil {
			b.Fatal(err)
		}
		cmd := bin + " --offline --config " + cfg + " --data-dir " + dir
		ready := func(s string) bool { return strings.Contains(s, title) }
		benchScreen(b, env, cmd, ready)
		// Peak memory of one session that filters and scrolls the 100,000.
		_, mb := timeToScreenThen(b, env, cmd, ready, peakRSS(b))
		b.ReportMetric(mb, "MB-peak-rss")
	})
}

// buildLibrary stores sources×per generated items and returns the title
// of the newest one, which the first screen must show.
func buildLibrary(b *testing.B, dir string, sources, per int) string {
	b.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		b.Fatal(err)
	}
	c := gen.New(gen.Options{Seed: 1, Sources: sources, PerSource: per, End: time.Now()})
	st, err := store.Open(filepath.Join(dir, "library.db"), store.Options{Entities: entity.Extract, Regions: entity.Regions})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	newest := c.Items[0][0]
	for i, src := range c.Sources {
		if _, err := st.PutItems(context.Background(), src, c.Items[i]); err != nil {
			b.Fatal(err)
		}
		if c.Items[i][0].Published.After(newest.Published) {
			newest = c.Items[i][0]
		}
	}
	t := newest.Title
	if len([]rune(t)) > 30 {
		t = string([]rune(t)[:30])
	}
	return t
}

func binaryB(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	p := filepath.Join(dir, "dateline")
	if out, err := exec.Command("go", "build", "-o", p, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v %s", err, out)
	}
	return p
}
