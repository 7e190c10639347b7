// Command everyday measures what people do with a news reader every day,
// as whole fresh processes, against newsboat in the same run:
//
//	cd bench/everyday && go run . [-n 7] [-idle 20s] [-fixtures DIR]
//
// It builds dateline from this repository (or takes -dateline BIN), serves
// the China Daily fixtures (shared/fixtures/chinadaily, 12-item World
// feed) from a server on 127.0.0.1 inside this process, and runs every
// task -n times, the tasks interleaved so that a change in the machine's
// load hits them all alike. It prints the median of each and its ratio to
// newsboat or to the bare start-up measured in the same run:
//
//   - tmux start alone: a session that runs printf, polled until its text
//     is on screen (the cost of tmux and of polling);
//   - the first frame in tmux (140x40) on a 12-item library: dateline
//     until a stored headline is on screen, newsboat until its feed list is;
//   - dateline --demo until the first sample headline is on screen;
//   - dateline headlines of the feed into a fresh library against
//     newsboat -x reload into a fresh cache: wall time and peak RSS;
//   - dateline headlines --offline from that library, dateline version
//     (the bare start-up) and dateline entities on one sentence;
//   - each TUI left alone for -idle on the 12-item library: CPU% (the
//     schedstat run time of all its threads) and resident memory.
//
// Without newsboat (apt-get install newsboat) it says so and prints
// Dateline's numbers with the bare start-up baselines only. Nothing here
// leaves loopback.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const sentence = "Japanese Defense Minister Taro Kono and United States Defense Secretary Mark Esper met in Bangkok on Monday.\n"

func main() {
	n := flag.Int("n", 7, "runs of each task")
	idle := flag.Duration("idle", 20*time.Second, "how long each TUI is left alone for the idle measurement (0 skips it)")
	fixtures := flag.String("fixtures", "../../../shared/fixtures/chinadaily", "the China Daily fixtures folder")
	bin := flag.String("dateline", "", "dateline binary (default: built from ../../cmd/dateline)")
	nb := flag.String("newsboat", "newsboat", "newsboat binary")
	tasks := flag.String("tasks", "frame,demo,headlines,offline,entities,idle", "which tasks to run, comma-separated")
	flag.Parse()
	want := map[string]bool{}
	for _, t := range strings.Split(*tasks, ",") {
		want[strings.TrimSpace(t)] = true
	}
	if !want["idle"] {
		*idle = 0
	}
	if err := run(*n, *idle, *fixtures, *bin, *nb, want); err != nil {
		fmt.Fprintln(os.Stderr, "everyday:", err)
		os.Exit(1)
	}
}

type bench struct {
	work     string // temp folder
	dl, nb   string // binaries; nb "" when newsboat is absent
	feedURL  string
	socket   string // tmux -L
	titles   []string
	sessions int
}

func run(n int, idle time.Duration, fixtures, bin, nbName string, want map[string]bool) error {
	if _, err := exec.LookPath("tmux"); err != nil {
		return fmt.Errorf("tmux is needed: %w", err)
	}
	work, err := os.MkdirTemp("", "everyday-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	b := &bench{work: work, socket: fmt.Sprintf("everyday-%d", os.Getpid())}
	defer exec.Command("tmux", "-L", b.socket, "kill-server").Run()

	if bin == "" {
		bin = filepath.Join(work, "dateline")
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/dateline")
		cmd.Dir = "../.."
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("building dateline: %w", err)
		}
	}
	b.dl = bin
	if p, err := exec.LookPath(nbName); err == nil {
		b.nb = p
	} else {
		fmt.Println("newsboat is not installed (apt-get install newsboat): only Dateline's numbers and the bare start-up baselines follow.")
	}

	feed, err := os.ReadFile(filepath.Join(fixtures, "rss", "world_rss.xml"))
	if err != nil {
		return fmt.Errorf("fixtures: %w", err)
	}
	for _, m := range regexp.MustCompile(`<title><!\[CDATA\[([^\]]+)`).FindAllSubmatch(feed, -1) {
		t := []rune(string(m[1]))
		if len(t) > 24 {
			t = t[:24]
		}
		b.titles = append(b.titles, string(t))
	}
	if len(b.titles) == 0 {
		return fmt.Errorf("no titles in the feed fixture")
	}
	base, stop, err := serve(fixtures)
	if err != nil {
		return err
	}
	defer stop()
	b.feedURL = base + "/rss/world_rss.xml"

	// The 12-item libraries the TUIs start on.
	if err := b.prepare(); err != nil {
		return err
	}
	// The tmux server's own start is not what is measured.
	if _, err := b.screen(nil, "printf 'warm\\n'; exec sleep 30", func(s string) bool { return strings.Contains(s, "warm") }); err != nil {
		return err
	}

	r := map[string][]float64{}
	add := func(k string, v float64) { r[k] = append(r[k], v) }
	headline := func(s string) bool {
		for _, t := range b.titles {
			if strings.Contains(s, t) {
				return true
			}
		}
		return false
	}
	libDir := filepath.Join(work, "lib")
	for i := 0; i < n; i++ {
		fmt.Fprintf(os.Stderr, "run %d/%d\n", i+1, n)
		d, err := b.screen(nil, "printf 'ready\\n'; exec sleep 30", func(s string) bool { return strings.Contains(s, "ready") })
		if err != nil {
			return err
		}
		add("tmux", ms(d))
		if want["frame"] {
			d, err = b.screen(b.dlEnv(), "exec "+b.dl+" --data-dir "+libDir+" --feed "+b.feedURL, headline)
			if err != nil {
				return fmt.Errorf("dateline first frame: %w", err)
			}
			add("dl-frame", ms(d))
		}
		if want["demo"] {
			d, err = b.screen(b.dlEnv(), "exec "+b.dl+" --demo", headline)
			if err != nil {
				return fmt.Errorf("dateline --demo: %w", err)
			}
			add("dl-demo", ms(d))
		}
		if b.nb != "" && want["frame"] {
			d, err = b.screen(b.nbEnv(), b.nbCmd(filepath.Join(work, "nb", "cache.db")), func(s string) bool { return strings.Contains(s, "China Daily > World") })
			if err != nil {
				return fmt.Errorf("newsboat first frame: %w", err)
			}
			add("nb-frame", ms(d))
		}

		fresh := filepath.Join(work, fmt.Sprintf("fresh-%d", i))
		if err := b.everydayVerbs(want, fresh, i, add); err != nil {
			return err
		}
	}
	if idle > 0 {
		fmt.Fprintf(os.Stderr, "idle: %v each\n", idle)
		cpu, rss, err := b.idle(b.dlEnv(), "exec "+b.dl+" --data-dir "+libDir+" --feed "+b.feedURL, headline, idle)
		if err != nil {
			return fmt.Errorf("dateline idle: %w", err)
		}
		add("dl-idle-cpu", cpu)
		add("dl-idle-rss", rss)
		if b.nb != "" {
			cpu, rss, err := b.idle(b.nbEnv(), b.nbCmd(filepath.Join(work, "nb", "cache.db")), func(s string) bool { return strings.Contains(s, "China Daily > World") }, idle)
			if err != nil {
				return fmt.Errorf("newsboat idle: %w", err)
			}
			add("nb-idle-cpu", cpu)
			add("nb-idle-rss", rss)
		}
	}
	b.report(r, n, idle)
	return nil
}

// prepare fills the TUI's library and newsboat's cache with the feed.
func (b *bench) prepare() error {
	if _, _, err := b.proc(b.dlEnv(), "", b.dl, "headlines", "--data-dir", filepath.Join(b.work, "lib"), "--feed", b.feedURL); err != nil {
		return err
	}
	if b.nb == "" {
		return nil
	}
	dir := filepath.Join(b.work, "nb")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "urls"), []byte(b.feedURL+"\n"), 0o600); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "config"), nil, 0o600); err != nil {
		return err
	}
	_, _, err := b.proc(b.nbEnv(), "", b.nb, "-u", filepath.Join(dir, "urls"), "-c", filepath.Join(dir, "cache.db"), "-C", filepath.Join(dir, "config"), "-x", "reload")
	return err
}

func (b *bench) nbCmd(cache string) string {
	dir := filepath.Join(b.work, "nb")
	return "exec " + b.nb + " -u " + filepath.Join(dir, "urls") + " -c " + cache + " -C " + filepath.Join(dir, "config")
}

func (b *bench) dlEnv() []string {
	h := filepath.Join(b.work, "home")
	return []string{"HOME=" + h, "XDG_CONFIG_HOME=" + filepath.Join(h, "config"), "XDG_DATA_HOME=" + filepath.Join(h, "data"),
		"TMPDIR=" + b.work, "TERM=xterm-256color", "PATH=" + os.Getenv("PATH"), "LANG=C.UTF-8"}
}

func (b *bench) nbEnv() []string {
	h := filepath.Join(b.work, "nbhome")
	return []string{"HOME=" + h, "XDG_CONFIG_HOME=" + filepath.Join(h, "config"), "XDG_DATA_HOME=" + filepath.Join(h, "data"),
		"TMPDIR=" + b.work, "TERM=xterm-256color", "PATH=" + os.Getenv("PATH"), "LANG=C.UTF-8"}
}

// proc runs one whole process and returns its wall time (ms) and peak
// resident memory (MB, getrusage's ru_maxrss).
func (b *bench) proc(env []string, stdin string, name string, args ...string) (float64, float64, error) {
	cmd := exec.Command(name, args...)
	cmd.Env = env
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	var errOut strings.Builder
	cmd.Stderr = &errOut
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, errOut.String())
	}
	wall := time.Since(start)
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return ms(wall), float64(ru.Maxrss) / 1024, nil
}

// screen starts command in a new 140x40 tmux session and returns how long
// until the screen satisfies ready (capture-pane every 2 ms).
func (b *bench) screen(env []string, command string, ready func(string) bool) (time.Duration, error) {
	name, start, err := b.start(env, command)
	if err != nil {
		return 0, err
	}
	defer b.kill(name)
	return b.wait(name, start, ready)
}

func (b *bench) start(env []string, command string) (string, time.Time, error) {
	b.sessions++
	name := fmt.Sprintf("s%d", b.sessions)
	args := []string{"-L", b.socket, "new-session", "-d", "-s", name, "-x", "140", "-y", "40", "env", "-i"}
	args = append(args, env...)
	args = append(args, "sh", "-c", command)
	start := time.Now()
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		return "", start, fmt.Errorf("tmux: %v %s", err, out)
	}
	return name, start, nil
}

func (b *bench) kill(name string) {
	_ = exec.Command("tmux", "-L", b.socket, "kill-session", "-t", name).Run()
	time.Sleep(50 * time.Millisecond) // let the program's clean-up end
}

func (b *bench) wait(name string, start time.Time, ready func(string) bool) (time.Duration, error) {
	deadline := start.Add(30 * time.Second)
	var out []byte
	for time.Now().Before(deadline) {
		out, _ = exec.Command("tmux", "-L", b.socket, "capture-pane", "-p", "-t", name).Output()
		if ready(string(out)) {
			return time.Since(start), nil
		}
		time.Sleep(2 * time.Millisecond)
	}
	return 0, fmt.Errorf("the screen never became ready:\n%s", out)
}

// idle starts a TUI, waits for its first screen and 5 s more (start-up
// work, the refresh), then leaves it alone for d and returns its CPU use
// over d (percent of one core) and its resident memory at the end (MB).
func (b *bench) idle(env []string, command string, ready func(string) bool, d time.Duration) (float64, float64, error) {
	name, start, err := b.start(env, command)
	if err != nil {
		return 0, 0, err
	}
	defer b.kill(name)
	if _, err := b.wait(name, start, ready); err != nil {
		return 0, 0, err
	}
	out, err := exec.Command("tmux", "-L", b.socket, "display", "-p", "-t", name, "#{pane_pid}").Output()
	if err != nil {
		return 0, 0, err
	}
	pid := strings.TrimSpace(string(out))
	time.Sleep(5 * time.Second)
	t0, c0 := time.Now(), runNS(pid)
	time.Sleep(d)
	t1, c1 := time.Now(), runNS(pid)
	rss := statusKB(pid, "VmRSS:")
	return 100 * float64(c1-c0) / float64(t1.Sub(t0)), rss / 1024, nil
}

// runNS is the time on CPU of all a process's threads (schedstat, ns).
func runNS(pid string) int64 {
	files, _ := filepath.Glob("/proc/" + pid + "/task/*/schedstat")
	var sum int64
	for _, f := range files {
		s, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if fs := strings.Fields(string(s)); len(fs) > 0 {
			v, _ := strconv.ParseInt(fs[0], 10, 64)
			sum += v
		}
	}
	return sum
}

func statusKB(pid, field string) float64 {
	s, _ := os.ReadFile("/proc/" + pid + "/status")
	for _, l := range strings.Split(string(s), "\n") {
		if v, ok := strings.CutPrefix(l, field); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb
		}
	}
	return 0
}

// serve serves the fixtures folder on 127.0.0.1, with every {{BASE}} in a
// text file replaced by the server's address.
func serve(root string) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	base := "http://" + ln.Addr().String()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(root, filepath.FromSlash(filepath.Clean("/"+r.URL.Path)))
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			p = filepath.Join(p, "index.html")
		}
		body, err := os.ReadFile(p)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		switch filepath.Ext(p) {
		case ".xml":
			w.Header().Set("Content-Type", "application/rss+xml")
		case ".html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		_, _ = w.Write([]byte(strings.ReplaceAll(string(body), "{{BASE}}", base)))
	})
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return base, func() { _ = srv.Close() }, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func (b *bench) report(r map[string][]float64, n int, idle time.Duration) {
	m := func(k string) float64 { return median(r[k]) }
	has := func(k string) bool { return len(r[k]) > 0 }
	ratio := func(a, base string) string {
		if !has(a) || !has(base) || m(base) == 0 {
			return "—"
		}
		return fmt.Sprintf("%.2fx", m(a)/m(base))
	}
	nbOr := func(k, f string) string {
		if !has(k) {
			return "—"
		}
		return fmt.Sprintf(f, m(k))
	}
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("\n%s, GOMAXPROCS %d, load %s, %d runs each (medians)\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"), runtime.GOMAXPROCS(0), strings.Join(strings.Fields(string(load))[:3], " "), n)
	fmt.Println("| everyday task | Dateline | newsboat | baseline | Dateline / newsboat | Dateline / baseline |")
	fmt.Println("|---|---|---|---|---|---|")
	if has("dl-frame") {
		fmt.Printf("| first frame in tmux, 12-item library | %.0f ms | %s | tmux start alone %.0f ms | %s | %s |\n",
			m("dl-frame"), nbOr("nb-frame", "%.0f ms"), m("tmux"), ratio("dl-frame", "nb-frame"), ratio("dl-frame", "tmux"))
	}
	if has("dl-demo") {
		fmt.Printf("| `dateline --demo` to first headline | %.0f ms | — | tmux start alone %.0f ms | — | %s (%.0f ms over tmux) |\n",
			m("dl-demo"), m("tmux"), ratio("dl-demo", "tmux"), m("dl-demo")-m("tmux"))
	}
	if has("dl-headlines") {
		fmt.Printf("| `headlines` of one 12-item feed into a fresh library (newsboat: `-x reload`) | %.0f ms, %.1f MB | %s, %s | `dateline version` %.0f ms, %.1f MB | %s wall, %s RSS | %s |\n",
			m("dl-headlines"), m("dl-headlines-rss"), nbOr("nb-reload", "%.0f ms"), nbOr("nb-reload-rss", "%.1f MB"), m("dl-version"), m("dl-version-rss"),
			ratio("dl-headlines", "nb-reload"), ratio("dl-headlines-rss", "nb-reload-rss"), ratio("dl-headlines", "dl-version"))
	}
	if has("dl-offline") {
		fmt.Printf("| `headlines --offline` from the library | %.0f ms, %.1f MB | — | `dateline version` %.0f ms | — | %s |\n",
			m("dl-offline"), m("dl-offline-rss"), m("dl-version"), ratio("dl-offline", "dl-version"))
	}
	if has("dl-entities") {
		fmt.Printf("| `entities -` on one sentence | %.0f ms, %.1f MB | — | `dateline version` %.0f ms, %.1f MB | — | %s |\n",
			m("dl-entities"), m("dl-entities-rss"), m("dl-version"), m("dl-version-rss"), ratio("dl-entities", "dl-version"))
	}
	if idle > 0 {
		fmt.Printf("| TUI idle %v, 12-item library: CPU, resident | %.3f %%, %.1f MB | %s, %s | — | %s RSS | — |\n",
			idle, m("dl-idle-cpu"), m("dl-idle-rss"), nbOr("nb-idle-cpu", "%.3f %%"), nbOr("nb-idle-rss", "%.1f MB"), ratio("dl-idle-rss", "nb-idle-rss"))
	}
	fmt.Println()
	keys := make([]string, 0, len(r))
	for k := range r {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s := append([]float64(nil), r[k]...)
		sort.Float64s(s)
		fmt.Printf("%-18s min %8.2f  median %8.2f  max %8.2f\n", k, s[0], median(s), s[len(s)-1])
	}
}

// everydayVerbs runs the command-line tasks once: headlines into the
// fresh library dir (and newsboat -x reload into a fresh cache), then
// headlines --offline from it, version and entities.
func (b *bench) everydayVerbs(want map[string]bool, fresh string, i int, add func(string, float64)) error {
	type task struct {
		name, key, stdin string
		bin              string
		args             []string
		env              []string
	}
	var tasks []task
	if want["headlines"] || want["offline"] {
		tasks = append(tasks, task{name: "headlines", key: "dl-headlines", bin: b.dl, env: b.dlEnv(), args: []string{"headlines", "--data-dir", fresh, "--feed", b.feedURL}})
		if b.nb != "" && want["headlines"] {
			cache := filepath.Join(b.work, fmt.Sprintf("nbfresh-%d.db", i))
			tasks = append(tasks, task{name: "headlines", key: "nb-reload", bin: b.nb, env: b.nbEnv(),
				args: []string{"-u", filepath.Join(b.work, "nb", "urls"), "-c", cache, "-C", filepath.Join(b.work, "nb", "config"), "-x", "reload"}})
		}
	}
	if want["offline"] {
		tasks = append(tasks, task{name: "offline", key: "dl-offline", bin: b.dl, env: b.dlEnv(), args: []string{"headlines", "--offline", "--data-dir", fresh, "--feed", b.feedURL}})
	}
	tasks = append(tasks, task{name: "version", key: "dl-version", bin: b.dl, env: b.dlEnv(), args: []string{"version"}})
	if want["entities"] {
		tasks = append(tasks, task{name: "entities", key: "dl-entities", stdin: sentence, bin: b.dl, env: b.dlEnv(), args: []string{"entities", "-"}})
	}
	for _, t := range tasks {
		w, kb, err := b.proc(t.env, t.stdin, t.bin, t.args...)
		if err != nil {
			return err
		}
		add(t.key, w)
		add(t.key+"-rss", kb)
	}
	return nil
}
