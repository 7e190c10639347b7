package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/dateline-news/dateline/config"
	"github.com/dateline-news/dateline/feeds"
)

// configPath is --config, else the default path.
func configPath(e *env, c common) string {
	if c.configPath != "" {
		return c.configPath
	}
	return config.DefaultPath(config.Env{XDGConfigHome: e.getenv("XDG_CONFIG_HOME"), Home: homeDir(e)})
}

// loadConfig reads the config. A --config that names no file is an
// error (a typo would otherwise read the defaults); the default path may
// be missing (the defaults).
func loadConfig(e *env, c common) (config.Config, string, error) {
	path := configPath(e, c)
	if c.configPath != "" {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return config.Config{}, path, configError{fmt.Errorf("%s: no such config file (dateline config init --config %s writes one)", path, path)}
		}
	}
	cfg, err := config.Load(path)
	if err != nil {
		return cfg, path, configError{err}
	}
	return cfg, path, nil
}

func runSources(ctx context.Context, e *env, args []string) error {
	fset := newFlagSet("sources", e)
	name := fset.String("name", "", "the `NAME` of a source sources add adds (else its feed's title)")
	noCheck := fset.Bool("no-check", false, "sources add: add the URL without fetching it")
	if err := parse(fset, args); err != nil {
		return err
	}
	if len(fset.pos) == 0 {
		return usagef("want list, add, remove, rename, import or export")
	}
	sub, rest := fset.pos[0], fset.pos[1:]
	// add and import may write a config that does not exist yet.
	mustExist := fset.common
	if sub == "add" || sub == "import" {
		mustExist.configPath = ""
	}
	cfg, _, err := loadConfig(e, mustExist)
	if err != nil {
		return err
	}
	path := configPath(e, fset.common)
	if (sub == "add" || sub == "import") && path != cfg.Path {
		// The file add and import write (missing is fine): its [sync]
		// says where they go.
		if cfg, err = config.Load(path); err != nil {
			return configError{err}
		}
	}
	if cfg.Sync != nil && (sub == "list" || sub == "remove" || sub == "rm" || sub == "rename") {
		return sourcesSynced(ctx, e, fset.common, sub)
	}
	switch sub {
	case "list":
		for _, s := range cfg.Sources {
			fmt.Fprintf(e.stdout, "%s\t%s\n", line(s.Name), line(s.URL))
		}
		if len(cfg.Sources) == 0 {
			fmt.Fprintf(e.stderr, "%s lists no source (sources = []); dateline sources add URL adds one\n", line(path))
		}
	case "export":
		return config.WriteOPML(e.stdout, cfg.Sources)
	case "add":
		if cfg.Sync != nil && len(rest) == 1 {
			if err := config.CheckURL(rest[0]); err != nil {
				return usagef("%v", err)
			}
			return sourcesAddRemote(ctx, e, fset.common, rest[0])
		}
		return sourcesAdd(ctx, e, cfg, path, rest, *name, *noCheck)
	case "import":
		if cfg.Sync != nil {
			return sourcesImportSync(ctx, e, fset.common, rest)
		}
		return sourcesImport(e, path, rest)
	case "remove", "rm":
		return sourcesRemove(e, path, rest)
	case "rename":
		return sourcesRename(e, path, rest)
	default:
		return usagef("unknown sources command %q", sub)
	}
	return nil
}

// sourcesAdd adds a source to the config: first (unless --no-check) it
// fetches the URL, which must answer with a feed or a page that
// advertises one, and names the source by the feed's title.
func sourcesAdd(ctx context.Context, e *env, cfg config.Config, path string, rest []string, name string, noCheck bool) error {
	if len(rest) != 1 {
		return usagef("want 'sources add URL [--name NAME] [--no-check]'")
	}
	if err := config.CheckURL(rest[0]); err != nil {
		return usagef("%v", err)
	}
	if !noCheck {
		f := feeds.NewFetcher(feeds.Options{Timeout: cfg.RequestTimeout, AllowPrivate: cfg.AllowPrivateAddresses,
			UserAgent: "Dateline/" + version + " (+terminal news reader)"})
		r := f.Fetch(ctx, feeds.Source{URL: rest[0]}, feeds.Conditional{})
		if r.Err != nil {
			return fmt.Errorf("%s does not answer with a feed (%s); --no-check adds it anyway", line(rest[0]), line(r.Err.Error()))
		}
		if name == "" {
			name = r.Title
		}
	}
	if name == "" {
		name = feeds.URLName(rest[0])
	}
	added, err := config.AddSources(path, []config.Source{{Name: name, URL: rest[0]}})
	if err != nil {
		return err
	}
	if added == 0 {
		fmt.Fprintf(e.stdout, "%s is already a source in %s\n", line(rest[0]), line(path))
		return nil
	}
	fmt.Fprintf(e.stdout, "added %s (%s) to %s\n", line(name), line(rest[0]), line(path))
	return nil
}

func sourcesImport(e *env, path string, rest []string) error {
	if len(rest) != 1 {
		return usagef("want 'sources import FILE.opml'")
	}
	// A regular file of at most a few MiB: a FIFO or a device is refused
	// at once, never read for ever.
	srcs, err := config.ReadOPMLFile(rest[0])
	if err != nil {
		return err
	}
	var ok []config.Source
	for _, s := range srcs {
		if err := config.CheckURL(s.URL); err != nil {
			fmt.Fprintf(e.stderr, "dateline: skipping %q: %s\n", line(s.Name), line(err.Error()))
			continue
		}
		ok = append(ok, s)
	}
	added, err := config.AddSources(path, ok)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "imported %d of %d feeds into %s\n", added, len(srcs), line(path))
	return nil
}

func sourcesRemove(e *env, path string, rest []string) error {
	if len(rest) != 1 {
		return usagef("want 'sources remove URL|NAME'")
	}
	s, err := config.RemoveSource(path, rest[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "removed %s (%s) from %s\n", line(s.Name), line(s.URL), line(path))
	return nil
}

func sourcesRename(e *env, path string, rest []string) error {
	if len(rest) != 2 {
		return usagef("want 'sources rename URL|NAME NEW-NAME'")
	}
	s, err := config.RenameSource(path, rest[0], rest[1])
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "renamed %s to %s in %s\n", line(s.URL), line(s.Name), line(path))
	return nil
}

// sourcesImportSync sends an OPML file's feeds to the sync server.
func sourcesImportSync(ctx context.Context, e *env, c common, rest []string) error {
	if len(rest) != 1 {
		return usagef("want 'sources import FILE.opml'")
	}
	srcs, err := config.ReadOPMLFile(rest[0])
	if err != nil {
		return err
	}
	var ok []config.Source
	for _, s := range srcs {
		if err := config.CheckURL(s.URL); err != nil {
			fmt.Fprintf(e.stderr, "dateline: skipping %q: %s\n", line(s.Name), line(err.Error()))
			continue
		}
		ok = append(ok, s)
	}
	return sourcesImportRemote(ctx, e, c, ok)
}

// sourcesSynced is sources list, remove and rename with [sync] set: the
// subscriptions are the server's, as last synced.
func sourcesSynced(ctx context.Context, e *env, c common, sub string) error {
	if sub != "list" {
		return fmt.Errorf("with [sync] set the sources are the server's subscriptions: %s them on the server (its web UI), and the next dateline sync follows", sub)
	}
	a, err := newApp(e, c)
	if err != nil {
		return err
	}
	defer a.close()
	lib, done, err := a.readLibrary(ctx)
	if err != nil {
		return err
	}
	defer done()
	fs, err := lib.SyncFeeds(ctx)
	if err != nil {
		return err
	}
	for _, f := range fs {
		fmt.Fprintf(e.stdout, "%s\t%s\n", line(f.Title), line(f.URL))
	}
	if len(fs) == 0 {
		fmt.Fprintln(e.stderr, "no subscriptions synced yet: dateline sync reads them from the server")
	}
	return nil
}
