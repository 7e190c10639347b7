package syncer_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	miniflux "miniflux.app/v2/client"

	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/ingest"
	"github.com/dateline-news/dateline/internal/minifluxtest"
	"github.com/dateline-news/dateline/syncer"
)

// TestSyncHelperProcess is the Dateline that TestMinifluxKilledMidSync
// kills: it syncs the library DATELINE_SYNC_LIB and, at the point
// DATELINE_SYNC_STOP names ("page": the first page of entries stored;
// "sent": the first batch of changes sent), says so on stdout and
// waits to be killed.
func TestSyncHelperProcess(t *testing.T) {
	dir := os.Getenv("DATELINE_SYNC_LIB")
	if dir == "" {
		t.Skip("run by TestMinifluxKilledMidSync")
	}
	lib, err := ingest.OpenLibrary(filepath.Join(dir, "library.db"), ingest.LibraryOptions{Entities: entity.Extract, Regions: entity.Regions})
	if err != nil {
		t.Fatal(err)
	}
	kind := os.Getenv("DATELINE_SYNC_KIND")
	remote, err := syncer.New(bg, syncer.Config{Kind: kind, URL: os.Getenv("DATELINE_SYNC_URL"),
		Username: minifluxtest.AdminUser, Secret: constSecret(os.Getenv("DATELINE_SYNC_KEY")),
		Password: kind == syncer.KindGReader, Client: &http.Client{Timeout: 20 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	stop := stopper{Remote: remote, at: os.Getenv("DATELINE_SYNC_STOP")}
	_, err = ingest.New(ingest.Config{Library: lib, Remote: stop, Entities: entity.Extract}).Sync(bg)
	fmt.Printf("ended: %v\n", err) // not reached when killed
}

// stopper stops a sync at a point, for the killer.
type stopper struct {
	ingest.Remote
	at string
}

func (s stopper) Changes(ctx context.Context, since int64, known func(string) bool, page func([]ingest.RemoteEntry) error) error {
	return s.Remote.Changes(ctx, since, known, func(es []ingest.RemoteEntry) error {
		err := page(es)
		if s.at == "page" {
			fmt.Println("stopped after a page")
			time.Sleep(time.Minute)
		}
		return err
	})
}

func (s stopper) Send(ctx context.Context, op string, entries []string) error {
	err := s.Remote.Send(ctx, op, entries)
	if s.at == "sent" {
		fmt.Println("stopped after sending")
		time.Sleep(time.Minute)
	}
	return err
}

// killAt runs the helper Dateline on the rig's library and SIGKILLs it
// at the point named.
func killAt(t *testing.T, srv *minifluxtest.Server, dir, kind, at string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSyncHelperProcess$", "-test.count=1")
	secret := srv.APIKey
	if kind == syncer.KindGReader {
		secret = minifluxtest.GReaderPassword
	}
	cmd.Env = append(os.Environ(), "DATELINE_SYNC_LIB="+dir, "DATELINE_SYNC_URL="+srv.URL, "DATELINE_SYNC_KIND="+kind,
		"DATELINE_SYNC_KEY="+secret, "DATELINE_SYNC_STOP="+at)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	seen := false
	for lines.Scan() {
		if strings.HasPrefix(lines.Text(), "stopped after") {
			seen = true
			break
		}
	}
	_ = cmd.Process.Kill() // SIGKILL
	_ = cmd.Wait()
	if !seen {
		t.Fatalf("the helper did not reach %q", at)
	}
}

func TestMinifluxKilledMidSync(t *testing.T) {
	for _, kind := range []string{syncer.KindMiniflux, syncer.KindGReader} {
		t.Run(kind, func(t *testing.T) { testKilledMidSync(t, kind) })
	}
}

func testKilledMidSync(t *testing.T, kind string) {
	srv := minifluxtest.Start(t)
	feedsrv := newFeedServer(t)
	dir := t.TempDir()
	r := newRigOf(t, srv, dir, kind)
	const n = 1200 // three pages
	f, err := r.p.Subscribe(bg, feedsrv.add("/long", n))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.WaitEntries(bg, mustID(t, f.ID), n); err != nil {
		t.Fatal(err)
	}

	// Killed after the first page of the first sync: the next sync
	// brings everything, each entry once.
	killAt(t, srv, dir, kind, "page")
	if got := len(r.headlines("")); got == 0 || got >= n {
		t.Fatalf("after the kill the library holds %d headlines; the kill was not mid-sync", got)
	}
	r.sync()
	hs := r.headlines("")
	if len(hs) != n {
		t.Fatalf("after the kill and a sync: %d headlines, want %d", len(hs), n)
	}

	// 30 reads and 5 stars here; the sync that sends them is killed after
	// its first batch reached the server, before the queue was emptied.
	for _, h := range hs[:30] {
		if err := r.p.Mark(bg, h.ID, "read"); err != nil {
			t.Fatal(err)
		}
	}
	for _, h := range hs[100:105] {
		if err := r.p.Mark(bg, h.ID, "star"); err != nil {
			t.Fatal(err)
		}
	}
	killAt(t, srv, dir, kind, "sent")
	if q, _ := r.lib.SyncQueue(bg); len(q) != 35 {
		t.Fatalf("queue after the kill: %d, want 35 (nothing acknowledged)", len(q))
	}
	// Meanwhile one of the 30 is marked unread on the server: a later
	// change than the read made here, which the resent read must not undo.
	time.Sleep(10 * time.Millisecond)
	flip := r.entryOf(hs[0].ID)
	if flip.Status != "read" {
		t.Fatalf("the first batch did not reach the server: %s", flip.Status)
	}
	if err := srv.Client().UpdateEntries([]int64{flip.ID}, "unread"); err != nil {
		t.Fatal(err)
	}
	r.sync()
	if q, _ := r.lib.SyncQueue(bg); len(q) != 0 {
		t.Errorf("queue after the sync: %d left", len(q))
	}
	// Miniflux dates the unread: it is the later change and stays. The
	// Google Reader API dates nothing: the read made here, not yet
	// acknowledged, wins (the README's rule), and is sent again.
	wantRead := 29
	if kind == syncer.KindGReader {
		wantRead = 30
	}
	read, err := srv.Client().Entries(&miniflux.Filter{Status: "read", Limit: 100})
	if err != nil || read.Total != wantRead {
		t.Errorf("read on the server: %d %v, want %d", read.Total, err, wantRead)
	}
	starred, err := srv.Client().Entries(&miniflux.Filter{Starred: "1", Limit: 100})
	if err != nil || starred.Total != 5 {
		t.Errorf("starred on the server: %d %v, want 5", starred.Total, err)
	}
	if st := r.state(hs[0].ID); st.Read != (kind == syncer.KindGReader) {
		t.Errorf("the item read here and unread on the server: read %v here", st.Read)
	}
	if got := len(r.headlines("is:read")); got != wantRead {
		t.Errorf("read here: %d, want %d", got, wantRead)
	}
}
