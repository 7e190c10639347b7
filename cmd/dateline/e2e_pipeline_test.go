package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dateline-news/dateline/ingest"
	"github.com/dateline-news/dateline/query"
)

// Closing the terminal during --demo (tmux kill-session sends SIGHUP)
// removes the sample edition's folder, as q does; a folder a killed run
// left behind is removed at the next start.
func TestE2EDemoFolderGoesOnEveryWayOut(t *testing.T) {
	needTmux(t)
	home, tmp := t.TempDir(), t.TempDir()
	env := []string{"TMPDIR=" + tmp}
	stale := filepath.Join(tmp, "dateline-sample-killed")
	if err := os.MkdirAll(stale, 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(stale, "in-use.lock"), nil) // nobody holds it
	writeFile(t, filepath.Join(stale, "library.db"), []byte("left by a run killed with SIGKILL"))

	tm := startTermEnv(t, home, env, "--demo")
	tm.waitText("sample edition")
	tm.waitText("Pressure kept on Seoul")
	folders := sampleFolders(t, tmp)
	if len(folders) != 1 || slices.Contains(folders, "dateline-sample-killed") {
		t.Fatalf("sample folders while running: %v (the stale one should be gone)", folders)
	}
	if out, err := exec.Command("tmux", "-L", tmuxSocket(), "kill-session", "-t", tm.name).CombinedOutput(); err != nil {
		t.Fatalf("kill-session: %v %s", err, out)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(sampleFolders(t, tmp)) > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if left := sampleFolders(t, tmp); len(left) > 0 {
		t.Errorf("closing the terminal left %v", left)
	}

	tm = startTermEnv(t, home, env, "--demo")
	tm.waitText("Pressure kept on Seoul")
	tm.keys("q")
	if code := tm.exitCode(); code != "0" {
		t.Fatalf("exit code %s", code)
	}
	if left := sampleFolders(t, tmp); len(left) > 0 {
		t.Errorf("q left %v", left)
	}
}

func sampleFolders(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		if strings.HasPrefix(e.Name(), "dateline-sample-") {
			out = append(out, e.Name())
		}
	}
	return out
}

// s in the TUI and `dateline save URL` store the same article with the
// same people, places and organisations ("Esper" is "Mark Esper" both
// ways), and the same region tags.
func TestE2ESaveInTheTUIIsSaveOnTheCommandLine(t *testing.T) {
	needTmux(t)
	srv := fixtureServer(t)
	home := t.TempDir()
	tm := startTerm(t, home, fixtureArgs(srv, home)...)
	tm.waitText("Pressure kept on Seoul for intelligence pact")
	tm.keys("/")
	tm.literal("GSOMIA")
	// Narrowed: the seed article alone ("1 of 2 sources" in the refresh's
	// progress is not the filter's count, so look at the rows).
	tm.waitFor("the filter to narrow", func(s string) bool {
		return strings.Contains(s, "Pressure kept on Seoul") && !strings.Contains(s, "Firefighters")
	})
	tm.keys("Enter", "s")
	tm.waitText("Saved for offline reading")
	tm.keys("q")
	if code := tm.exitCode(); code != "0" {
		t.Fatalf("exit code %s", code)
	}
	tuiLib := filepath.Join(home, "lib")
	seed := savedItem(t, tuiLib)
	cliLib := filepath.Join(home, "cli")
	if code, out, stderr := runCLI(t, home, "", "save", "--data-dir", cliLib, seed.Link); code != 0 {
		t.Fatalf("save URL: %d %s %s", code, out, stderr)
	}
	a, b := savedItem(t, tuiLib), savedItem(t, cliLib)
	if a.text != b.text || !slices.Equal(a.entities, b.entities) || !slices.Equal(a.regions, b.regions) {
		t.Errorf("the TUI's save and the command line's differ:\nTUI %v %v\nCLI %v %v", a.entities, a.regions, b.entities, b.regions)
	}
	if !slices.Contains(a.entities, "PERSON Esper=Mark Esper") || slices.Contains(a.entities, "PERSON Esper=Esper") {
		t.Errorf("Esper is not linked to Mark Esper: %v", a.entities)
	}
}

type savedArticle struct {
	Link     string
	text     string
	entities []string // "LABEL text=canonical", in order
	regions  []string
}

// savedItem reads the one saved article of a library, read-only.
func savedItem(t *testing.T, dir string) savedArticle {
	t.Helper()
	lib, err := ingest.OpenLibrary(filepath.Join(dir, "library.db"), ingest.LibraryOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	ctx := context.Background()
	hs, _, err := lib.Search(ctx, query.Parse("is:saved", nil), 10, 0)
	if err != nil || len(hs) != 1 {
		t.Fatalf("%s: %d saved items, %v", dir, len(hs), err)
	}
	a, spans, err := lib.Article(ctx, hs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	_, st, err := lib.Item(ctx, hs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	out := savedArticle{Link: hs[0].Link, text: a.Text(), regions: st.Regions}
	for _, bs := range spans {
		for _, sp := range bs {
			out.entities = append(out.entities, string(sp.Label)+" "+sp.Text+"="+sp.Canonical)
		}
	}
	return out
}
