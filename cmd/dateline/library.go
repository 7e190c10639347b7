package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/ingest"
	"github.com/dateline-news/dateline/query"
	"github.com/dateline-news/dateline/store"
)

// libraryPath is the library file: library.db in the data folder, or in
// the sample edition's own folder.
func (a *app) libraryPath() string { return filepath.Join(a.dataDir(), "library.db") }

func (a *app) libOptions(readOnly bool) ingest.LibraryOptions {
	return ingest.LibraryOptions{Sources: a.sources, Entities: entity.Extract, Regions: entity.Regions, ReadOnly: readOnly}
}

// openLibrary opens the library file (read-only for the verbs that only
// read it). A library that does not exist yet is "not found" read-only.
func (a *app) openLibrary(readOnly bool) (*store.Store, error) {
	if !readOnly {
		if err := os.MkdirAll(a.dataDir(), 0o700); err != nil {
			return nil, fmt.Errorf("library folder %s: %w", a.dataDir(), err)
		}
	}
	return ingest.OpenLibrary(a.libraryPath(), a.libOptions(readOnly))
}

// openSession opens the library for a run that writes to it: the file,
// else (read-only folder, full disk, busy, corrupt or newer file) an
// in-memory library through the same code, with fileErr saying why. The
// file that was refused is never touched. With --demo it is the sample
// edition's library, made first (prepareDemo).
func (a *app) openSession(ctx context.Context) (lib *store.Store, fileErr error, err error) {
	if lib, fileErr, err = a.openLibraryOrMemory(); err != nil {
		return nil, fileErr, err
	}
	if a.edition != nil {
		if err := a.prepareDemo(ctx, lib); err != nil {
			lib.Close()
			return nil, fileErr, err
		}
	}
	return lib, fileErr, nil
}

// openLibraryOrMemory opens the library file, else an in-memory library
// (fileErr says why).
func (a *app) openLibraryOrMemory() (lib *store.Store, fileErr error, err error) {
	if lib, fileErr = a.openLibrary(false); fileErr == nil {
		return lib, nil, nil
	}
	lib, err = ingest.OpenMemoryLibrary(a.libOptions(false))
	return lib, fileErr, err
}

// pipeline is the one refresh and reader-mode pipeline over lib.
func (a *app) pipeline(lib *store.Store) *ingest.Pipeline {
	return ingest.New(ingest.Config{
		Library: lib, Sources: a.sources, Fetch: a.fetcher.Fetch, ReadArticle: a.readArticle,
		FetchImage: a.fetchImage,
		Entities:   entity.Extract, Offline: a.flags.offline, PruneBefore: a.cfg.PruneBefore,
		Remote: a.remote, Direct: a.flags.direct,
	})
}

// readLibrary opens the library for a verb that only reads it (with
// --demo, the sample edition's, made first). done closes it.
func (a *app) readLibrary(ctx context.Context) (*store.Store, func(), error) {
	if a.edition != nil {
		lib, _, err := a.openSession(ctx)
		if err != nil {
			return nil, nil, err
		}
		return lib, func() { lib.Close() }, nil
	}
	lib, err := a.openLibrary(true)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, fmt.Errorf("no library yet at %s: run dateline (or dateline headlines) to fetch the news first", a.libraryPath())
	}
	if err != nil {
		return nil, nil, err
	}
	return lib, func() { lib.Close() }, nil
}

// prepareDemo fills the sample edition's library as a reader would have:
// both sources refreshed and every article read in reader mode, all
// through the pipeline, from the edition's loopback server (part of the
// binary: even --offline reads it), and indexed for search.
func (a *app) prepareDemo(ctx context.Context, lib *store.Store) error {
	flags := a.flags
	flags.offline = false
	p := (&app{e: a.e, flags: flags, cfg: a.cfg, sources: a.sources, fetcher: a.fetcher}).pipeline(lib)
	sum, err := p.Refresh(ctx, nil)
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return fmt.Errorf("the sample edition could not be read (%d of %d sources failed)", sum.Failed, sum.Sources)
	}
	var ids []string
	if err := p.Headlines(ctx, query.Query{}, func(l store.Listing) error { ids = append(ids, l.ID); return nil }); err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := p.Article(ctx, id); err != nil {
			return fmt.Errorf("the sample edition: %w", err)
		}
	}
	return lib.WaitIndexed(ctx)
}
