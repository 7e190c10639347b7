// Package minifluxtest runs a real Miniflux server on PostgreSQL for
// tests, both on loopback with throwaway data directories, and stops
// both when the test ends, whatever happens: the test's clean-up stops
// them, and both are children of the test process that the kernel kills
// if it dies first (a time-out's panic, a SIGKILL; on Linux).
//
// It needs the Miniflux binary (DATELINE_MINIFLUX_BIN, built by
// `GOBIN=DIR go install miniflux.app/v2@v2.3.5`, which names it
// miniflux.app) and PostgreSQL's server binaries (DATELINE_PG_BIN, else
// /usr/lib/postgresql/15/bin). A test calls Start, which skips the test
// with a message saying what is missing when either is absent, so `go
// test ./...` passes on a machine without them; .ci/run provides both,
// and sets DATELINE_REQUIRE_MINIFLUX so that there a missing one fails.
//
// PostgreSQL refuses to run as root: as root, its commands run as the
// unprivileged user nobody (runuser), in a data directory that user
// owns. Miniflux starts with a clean environment (a stray PORT would
// override LISTEN_ADDR) and FETCHER_ALLOW_PRIVATE_NETWORKS=1, so it
// polls feeds served on loopback by the test.
package minifluxtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	miniflux "miniflux.app/v2/client"
)

// Admin's credentials on every server Start makes.
const (
	AdminUser     = "admin"
	AdminPassword = "test-password-123"
)

// Server is a running Miniflux with its PostgreSQL.
type Server struct {
	// URL is Miniflux's base URL (http://127.0.0.1:PORT).
	URL string
	// APIKey is an API key of the admin user, made through the API.
	APIKey string

	t      testing.TB
	bin    string
	pgBin  string
	dir    string
	pgPort int
	port   int
	proc   *exec.Cmd
	exited chan struct{}
	pgProc *exec.Cmd
	pgDone chan struct{}
	asUser []string // the command prefix that runs PostgreSQL's tools
	// asOther: PostgreSQL runs as uid:gid (nobody), since this is root.
	asOther  bool
	uid, gid int
	logPath  string
}

// Binaries returns the Miniflux binary and PostgreSQL's bin directory, or
// why they are not there.
func Binaries() (bin, pgBin string, why string) {
	bin = os.Getenv("DATELINE_MINIFLUX_BIN")
	pgBin = os.Getenv("DATELINE_PG_BIN")
	if pgBin == "" {
		pgBin = "/usr/lib/postgresql/15/bin"
	}
	switch {
	case bin == "":
		return "", "", "DATELINE_MINIFLUX_BIN is not set (GOBIN=DIR go install miniflux.app/v2@v2.3.5, then point it at DIR/miniflux.app; .ci/run does)"
	case !isExec(bin):
		return "", "", "DATELINE_MINIFLUX_BIN=" + bin + " is not an executable"
	case !isExec(filepath.Join(pgBin, "postgres")):
		return "", "", "no PostgreSQL server in " + pgBin + " (apt-get install postgresql, or set DATELINE_PG_BIN)"
	}
	return bin, pgBin, ""
}

func isExec(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// Start starts PostgreSQL and Miniflux, makes an API key, and stops both
// at the end of the test. It skips the test when the binaries are absent.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, pgBin, why := Binaries()
	switch {
	case why != "" && os.Getenv("DATELINE_REQUIRE_MINIFLUX") != "":
		t.Fatal("DATELINE_REQUIRE_MINIFLUX is set and there is no real Miniflux server: " + why)
	case why != "":
		t.Skip("no real Miniflux server: " + why)
	}
	dir, err := os.MkdirTemp("", "dateline-miniflux-")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{t: t, bin: bin, pgBin: pgBin, dir: dir, logPath: filepath.Join(dir, "miniflux.log")}
	t.Cleanup(func() { s.cleanup() })
	s.startPostgres()
	s.port = freePort(t)
	s.URL = "http://127.0.0.1:" + strconv.Itoa(s.port)
	s.Restart()
	c := miniflux.NewClientWithOptions(s.URL, miniflux.WithCredentials(AdminUser, AdminPassword))
	key, err := c.CreateAPIKey("dateline tests")
	if err != nil {
		t.Fatalf("creating an API key: %v", err)
	}
	s.APIKey = key.Token
	return s
}

// Client is an API client of the admin user.
func (s *Server) Client() *miniflux.Client {
	return miniflux.NewClientWithOptions(s.URL, miniflux.WithAPIKey(s.APIKey))
}

func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// pg runs one of PostgreSQL's tools, as nobody when this is root.
func (s *Server) pg(tool string, args ...string) {
	s.t.Helper()
	argv := append(append([]string{}, s.asUser...), append([]string{filepath.Join(s.pgBin, tool)}, args...)...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LC_ALL=C", "TZ=UTC"}
	cmd.Dir = s.dir
	if out, err := cmd.CombinedOutput(); err != nil {
		s.t.Fatalf("%s %s: %v\n%s", tool, strings.Join(args, " "), err, out)
	}
}

func (s *Server) startPostgres() {
	data := filepath.Join(s.dir, "pg")
	if os.Geteuid() == 0 {
		u, err := user.Lookup("nobody")
		if err != nil {
			s.t.Fatalf("PostgreSQL cannot run as root and there is no user nobody: %v", err)
		}
		s.uid, _ = strconv.Atoi(u.Uid)
		s.gid, _ = strconv.Atoi(u.Gid)
		if err := os.Chown(s.dir, s.uid, s.gid); err != nil {
			s.t.Fatal(err)
		}
		s.asUser = []string{"runuser", "-u", "nobody", "--"}
		s.asOther = true
	}
	s.pgPort = freePort(s.t)
	s.pg("initdb", "-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8")
	// The server runs in the foreground as this process's child (not
	// daemonised by pg_ctl), so it dies with the test process.
	logf, err := os.Create(filepath.Join(s.dir, "pg.log"))
	if err != nil {
		s.t.Fatal(err)
	}
	defer logf.Close()
	if s.asOther {
		_ = logf.Chown(s.uid, s.gid)
	}
	cmd := exec.Command(filepath.Join(s.pgBin, "postgres"), "-D", data, "-p", strconv.Itoa(s.pgPort), "-h", "127.0.0.1",
		"-k", s.dir, "-F", "-c", "fsync=off", "-c", "full_page_writes=off")
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LC_ALL=C", "TZ=UTC"}
	cmd.Dir = s.dir
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = childAttr(s.asOther, s.uid, s.gid)
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("starting PostgreSQL: %v", err)
	}
	s.pgProc, s.pgDone = cmd, make(chan struct{})
	go func(c *exec.Cmd, done chan struct{}) { _ = c.Wait(); close(done) }(cmd, s.pgDone)
	deadline := time.Now().Add(60 * time.Second)
	for {
		ready := exec.Command(filepath.Join(s.pgBin, "pg_isready"), "-q", "-h", "127.0.0.1", "-p", strconv.Itoa(s.pgPort))
		if ready.Run() == nil {
			break
		}
		select {
		case <-s.pgDone:
			b, _ := os.ReadFile(filepath.Join(s.dir, "pg.log"))
			s.t.Fatalf("PostgreSQL exited at start:\n%s", b)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.t.Fatal("PostgreSQL did not answer within a minute")
		}
	}
	s.pg("createdb", "-h", "127.0.0.1", "-p", strconv.Itoa(s.pgPort), "-U", "postgres", "miniflux")
}

// DatabaseURL is PostgreSQL's address, for a test that changes rows
// Miniflux's API cannot (the Google Reader integration).
func (s *Server) DatabaseURL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/miniflux?sslmode=disable", s.pgPort)
}

// Psql runs SQL on Miniflux's database.
func (s *Server) Psql(sqlText string) {
	s.t.Helper()
	s.pg("psql", "-h", "127.0.0.1", "-p", strconv.Itoa(s.pgPort), "-U", "postgres", "-d", "miniflux", "-v", "ON_ERROR_STOP=1", "-c", sqlText)
}

// Restart starts Miniflux (again, after Stop) and waits until it answers.
func (s *Server) Restart() {
	s.t.Helper()
	logf, err := os.OpenFile(s.logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		s.t.Fatal(err)
	}
	defer logf.Close()
	cmd := exec.Command(s.bin)
	cmd.Env = []string{ // clean: a stray PORT would override LISTEN_ADDR
		"DATABASE_URL=" + s.DatabaseURL(),
		"LISTEN_ADDR=127.0.0.1:" + strconv.Itoa(s.port),
		"RUN_MIGRATIONS=1", "CREATE_ADMIN=1",
		"ADMIN_USERNAME=" + AdminUser, "ADMIN_PASSWORD=" + AdminPassword,
		"FETCHER_ALLOW_PRIVATE_NETWORKS=1",
		"POLLING_FREQUENCY=1440", "BATCH_SIZE=1", "WORKER_POOL_SIZE=2",
		"CLEANUP_FREQUENCY_HOURS=10000",
		"LOG_LEVEL=info", "TZ=UTC",
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = childAttr(false, 0, 0) // dies with the test process
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("starting Miniflux: %v", err)
	}
	s.proc = cmd
	s.exited = make(chan struct{})
	go func(c *exec.Cmd, done chan struct{}) { _ = c.Wait(); close(done) }(cmd, s.exited)
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(s.URL + "/healthcheck")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-s.exited:
			b, _ := os.ReadFile(s.logPath)
			s.t.Fatalf("Miniflux exited at start:\n%s", b)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(s.logPath)
			s.t.Fatalf("Miniflux did not answer within a minute:\n%s", b)
		}
	}
}

// Stop stops Miniflux (PostgreSQL keeps running, as a server that is
// down while its database is fine).
func (s *Server) Stop() {
	if s.proc == nil {
		return
	}
	_ = s.proc.Process.Kill()
	<-s.exited
	s.proc = nil
}

func (s *Server) cleanup() {
	s.Stop()
	if s.pgProc != nil {
		// SIGQUIT: PostgreSQL's immediate shutdown (the data is thrown
		// away); SIGKILL if it has not gone within ten seconds.
		_ = s.pgProc.Process.Signal(syscall.SIGQUIT)
		select {
		case <-s.pgDone:
		case <-time.After(10 * time.Second):
			_ = s.pgProc.Process.Kill()
			<-s.pgDone
		}
	}
	if s.t.Failed() {
		if b, err := os.ReadFile(s.logPath); err == nil && len(b) > 0 {
			s.t.Logf("Miniflux's log:\n%s", tail(b, 4000))
		}
	}
	_ = os.RemoveAll(s.dir)
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// WaitEntries waits until the feed has n entries on the server.
func (s *Server) WaitEntries(ctx context.Context, feedID int64, n int) error {
	c := s.Client()
	for {
		rs, err := c.FeedEntriesContext(ctx, feedID, &miniflux.Filter{Limit: 1})
		if err == nil && rs.Total >= n {
			return nil
		}
		select {
		case <-ctx.Done():
			return errors.Join(ctx.Err(), err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// GReaderPassword is the admin's Google Reader API password once
// EnableGoogleReader has run.
const GReaderPassword = "greader-password-456"

// EnableGoogleReader switches on the admin's Google Reader API (served
// at the server's root), which Miniflux's REST API cannot do: it sets
// the user's integration row, the password hashed with bcrypt as
// Miniflux hashes it (pgcrypto's crypt with a Blowfish salt).
func (s *Server) EnableGoogleReader() {
	s.t.Helper()
	s.Psql(`CREATE EXTENSION IF NOT EXISTS pgcrypto`)
	s.Psql(fmt.Sprintf(`UPDATE integrations SET googlereader_enabled = 't', googlereader_username = '%s',
		googlereader_password = crypt('%s', gen_salt('bf', 10))
		WHERE user_id = (SELECT id FROM users WHERE username = '%s')`, AdminUser, GReaderPassword, AdminUser))
}
