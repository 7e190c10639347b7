// Command extract compares reader-mode extractors on the shared
// extraction corpus: Dateline's article package against go-trafilatura
// (with and without fallback) and readeck go-readability v2.
//
// It is its own module (so the main binary does not carry the comparison
// libraries); run it from the repository root with -C, paths then being
// relative to bench/extract:
//
//	go run -C bench/extract . -corpus ../../../shared/corpus/extraction/cases
//
// For each candidate and page it times decode + parse + extract (fastest
// of -runs passes; the passes interleave the candidates so that load on
// the shared machine hits them alike), writes the predictions to a
// temporary folder, scores them with the shared scorer
// (shared/tools/extractscore) and prints one markdown table. With
// -halves it also scores the two halves of the corpus that rule changes
// are developed on and checked against (pages sorted by id: A the even
// positions, B the odd).
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/dateline-news/dateline/article"
)

type page struct {
	id   string
	url  string
	body []byte
}

// candidate turns one page body into plain text. Each call decodes and
// parses the body itself, so that the timing covers the whole path.
type candidate struct {
	name string
	run  func(ctx context.Context, body []byte, pageURL string) (string, error)
}

func candidates() []candidate {
	traf := func(fallback bool) func(context.Context, []byte, string) (string, error) {
		return func(ctx context.Context, body []byte, pageURL string) (string, error) {
			doc, err := article.ParseDocument(ctx, body, "")
			if err != nil {
				return "", err
			}
			opts := trafilatura.Options{EnableFallback: fallback}
			if u, err := url.Parse(pageURL); err == nil {
				opts.OriginalURL = u
			}
			res, err := trafilatura.ExtractDocument(doc, opts)
			if err != nil {
				return "", err
			}
			return res.ContentText, nil
		}
	}
	return []candidate{
		{"dateline article.Extract (generic)", func(ctx context.Context, body []byte, pageURL string) (string, error) {
			a, err := article.Extract(ctx, body, pageURL)
			if err != nil {
				return "", err
			}
			return a.Text(), nil
		}},
		{"go-trafilatura v1.12.2, EnableFallback", traf(true)},
		{"go-trafilatura v1.12.2, default", traf(false)},
		{"readeck go-readability/v2 v2.1.3", func(ctx context.Context, body []byte, pageURL string) (string, error) {
			doc, err := article.ParseDocument(ctx, body, "")
			if err != nil {
				return "", err
			}
			u, _ := url.Parse(pageURL)
			p := readability.NewParser()
			art, err := p.ParseAndMutate(doc, u)
			if err != nil {
				return "", err
			}
			if art.Node == nil {
				return "", nil
			}
			return render.InnerText(art.Node), nil
		}},
	}
}

func main() {
	corpus := flag.String("corpus", "../../../shared/corpus/extraction/cases", "folder of <id>.html.gz and <id>.json gold files (default: ../shared beside the clone, seen from bench/extract)")
	scorer := flag.String("scorer", "", "path of extractscore/main.go (default: <corpus>/../../../tools/extractscore/main.go)")
	runs := flag.Int("runs", 3, "timing passes; each page's time is its fastest pass")
	only := flag.String("only", "", "comma-separated substrings: run only candidates whose name contains one")
	keep := flag.String("keep", "", "write predictions under this folder (one sub-folder per candidate) instead of a temp dir")
	worst := flag.Int("worst", 0, "also print the scorer's N worst pages for each candidate")
	halves := flag.Bool("halves", false, "also print ScrapingHub F1/P/R on the two halves of the corpus (pages sorted by id: A = even positions, B = odd)")
	flag.Parse()

	if *scorer == "" {
		*scorer = filepath.Join(*corpus, "..", "..", "..", "tools", "extractscore", "main.go")
	}
	pages, err := loadCorpus(*corpus)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/extract:", err)
		os.Exit(2)
	}
	var cands []candidate
	for _, c := range candidates() {
		if *only == "" || matchAny(c.name, *only) {
			cands = append(cands, c)
		}
	}
	if len(cands) == 0 {
		fmt.Fprintln(os.Stderr, "bench/extract: no candidate matches -only")
		os.Exit(2)
	}

	root := *keep
	if root == "" {
		root, err = os.MkdirTemp("", "dateline-extract-bench-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench/extract:", err)
			os.Exit(2)
		}
		defer os.RemoveAll(root)
	}

	texts := make([][]string, len(cands))
	errs := make([]int, len(cands))
	best := make([][]time.Duration, len(cands))
	for i := range cands {
		texts[i] = make([]string, len(pages))
		best[i] = make([]time.Duration, len(pages))
	}
	ctx := context.Background()
	for r := 0; r < *runs; r++ {
		for pi, p := range pages {
			for ci, c := range cands {
				runtime.GC()
				start := time.Now()
				text, err := c.run(ctx, p.body, p.url)
				d := time.Since(start)
				if r == 0 {
					texts[ci][pi] = text
					if err != nil {
						errs[ci]++
					}
				}
				if r == 0 || d < best[ci][pi] {
					best[ci][pi] = d
				}
			}
		}
	}

	fmt.Printf("Corpus: %s (%d pages). Times: decode + parse + extract, one page at a time, fastest of %d passes, %s, GOMAXPROCS=%d.\n\n",
		*corpus, len(pages), *runs, runtime.Version(), runtime.GOMAXPROCS(0))
	type row struct {
		s        scoreResult
		med, p95 time.Duration
	}
	rows := make([]row, len(cands))
	var worstOut, halfOut []string
	base := -1 // the readeck row: the timing baseline
	for ci, c := range cands {
		if strings.Contains(c.name, "readeck") {
			base = ci
		}
		dir := filepath.Join(root, slug(c.name))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "bench/extract:", err)
			os.Exit(2)
		}
		for pi, p := range pages {
			b, _ := json.Marshal(map[string]string{"text": texts[ci][pi]})
			if err := os.WriteFile(filepath.Join(dir, p.id+".json"), b, 0o644); err != nil {
				fmt.Fprintln(os.Stderr, "bench/extract:", err)
				os.Exit(2)
			}
		}
		s, err := score(*scorer, *corpus, dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench/extract: scorer:", err)
			os.Exit(2)
		}
		rows[ci] = row{s, percentile(best[ci], 0.5), percentile(best[ci], 0.95)}
		if *halves {
			h, err := scoreHalves(*scorer, *corpus, dir, pages)
			if err != nil {
				fmt.Fprintln(os.Stderr, "bench/extract: scorer:", err)
				os.Exit(2)
			}
			halfOut = append(halfOut, fmt.Sprintf("| %s | %s | %s |", c.name, h[0], h[1]))
		}
		if *worst > 0 {
			out, _ := exec.Command("go", "run", *scorer, "-gold", *corpus, "-pred", dir, "-worst", fmt.Sprint(*worst), "-bootstrap", "0").CombinedOutput()
			worstOut = append(worstOut, "## "+c.name+"\n"+string(out))
		}
	}
	fmt.Println("| extractor | SH F1 | SH P | SH R | word F1 | with | without | median ms | p95 ms | median vs readeck | errors |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|")
	for ci, c := range cands {
		r := rows[ci]
		ratio := "–"
		if base >= 0 && rows[base].med > 0 {
			ratio = fmt.Sprintf("%.2f×", float64(r.med)/float64(rows[base].med))
		}
		fmt.Printf("| %s | %.3f ± %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.1f | %.1f | %s | %d |\n",
			c.name, r.s.ScrapingHub.F1, r.s.ScrapingHub.F1Std, r.s.ScrapingHub.Precision, r.s.ScrapingHub.Recall,
			r.s.WCXB.F1, deref(r.s.Snippets.WithRate), deref(r.s.Snippets.WithoutRate),
			ms(r.med), ms(r.p95), ratio, errs[ci])
	}
	if len(halfOut) > 0 {
		fmt.Println()
		fmt.Println("| extractor | half A SH F1 / P / R | half B SH F1 / P / R |")
		fmt.Println("|---|---|---|")
		for _, h := range halfOut {
			fmt.Println(h)
		}
	}
	for _, w := range worstOut {
		fmt.Println()
		fmt.Println(w)
	}
	if *keep != "" {
		fmt.Printf("\nPredictions kept in %s\n", root)
	}
}

type scoreResult struct {
	ScrapingHub struct {
		F1        float64 `json:"f1"`
		Precision float64 `json:"precision"`
		Recall    float64 `json:"recall"`
		F1Std     float64 `json:"f1_std"`
	} `json:"scrapinghub"`
	WCXB struct {
		F1 float64 `json:"f1"`
	} `json:"wcxb_word"`
	Snippets struct {
		WithRate    *float64 `json:"with_rate"`
		WithoutRate *float64 `json:"without_rate"`
	} `json:"snippets"`
}

func score(scorer, gold, pred string) (scoreResult, error) {
	var s scoreResult
	cmd := exec.Command("go", "run", scorer, "-gold", gold, "-pred", pred, "-json")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return s, fmt.Errorf("%v: %s", err, stderr.String())
	}
	err = json.Unmarshal(out, &s)
	return s, err
}

// scoreHalves scores the predictions in pred on each half of the
// corpus (pages sorted by id; half A the even positions, B the odd),
// with the scorer's per-page precision and recall: ScrapingHub's
// F1 of the mean P and mean R over the half's pages.
func scoreHalves(scorer, gold, pred string, pages []page) ([2]string, error) {
	var out [2]string
	cmd := exec.Command("go", "run", scorer, "-gold", gold, "-pred", pred, "-json", "-per-page", "-bootstrap", "0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("%v: %s", err, stderr.String())
	}
	var res struct {
		Pages []struct {
			ID string   `json:"id"`
			P  *float64 `json:"sh_precision"`
			R  *float64 `json:"sh_recall"`
		} `json:"pages"`
	}
	if err := json.Unmarshal(b, &res); err != nil {
		return out, err
	}
	half := map[string]int{}
	for i, p := range pages { // pages are sorted by id
		half[p.id] = i % 2
	}
	var sumP, sumR [2]float64
	var nP, nR [2]int
	for _, p := range res.Pages {
		h := half[p.ID]
		if p.P != nil {
			sumP[h] += *p.P
			nP[h]++
		}
		if p.R != nil {
			sumR[h] += *p.R
			nR[h]++
		}
	}
	for h := range out {
		var mp, mr, f float64
		if nP[h] > 0 {
			mp = sumP[h] / float64(nP[h])
		}
		if nR[h] > 0 {
			mr = sumR[h] / float64(nR[h])
		}
		if mp+mr > 0 {
			f = 2 * mp * mr / (mp + mr)
		}
		out[h] = fmt.Sprintf("%.4f / %.4f / %.4f", f, mp, mr)
	}
	return out, nil
}

func loadCorpus(dir string) ([]page, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var pages []page
	for _, e := range ents {
		name := e.Name()
		if !strings.HasSuffix(name, ".html.gz") {
			continue
		}
		id := strings.TrimSuffix(name, ".html.gz")
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		body, err := io.ReadAll(zr)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		var meta struct {
			URL string `json:"url"`
		}
		if b, err := os.ReadFile(filepath.Join(dir, id+".json")); err == nil {
			_ = json.Unmarshal(b, &meta)
		}
		pages = append(pages, page{id: id, url: meta.URL, body: body})
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("no *.html.gz pages in %s", dir)
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].id < pages[j].id })
	return pages, nil
}

func percentile(ds []time.Duration, q float64) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s) == 0 {
		return 0
	}
	// nearest-rank
	k := int(q*float64(len(s))+0.999999) - 1
	if k < 0 {
		k = 0
	}
	if k >= len(s) {
		k = len(s) - 1
	}
	return s[k]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

func matchAny(name, list string) bool {
	for _, s := range strings.Split(list, ",") {
		if s = strings.TrimSpace(s); s != "" && strings.Contains(strings.ToLower(name), strings.ToLower(s)) {
			return true
		}
	}
	return false
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}
