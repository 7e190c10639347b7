package tui

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/dateline-news/dateline/entity"
	"github.com/dateline-news/dateline/ingest"
)

// reqTag identifies one request for one item, so that a result which
// arrives after a newer request for the same item was made is dropped.
type reqTag struct {
	ID  string
	Seq int
}

// contentKind says which text of an item the reader shows.
type contentKind uint8

const (
	kindFeed    contentKind = iota // the feed's summary or content
	kindArticle                    // the reader-mode article
)

// Result messages. Each carries its own error and a tag.

// refreshEvent is one event of a refresh: a source ended (Res), or the
// whole refresh did (Done, with its summary).
type refreshEvent struct {
	Res  ingest.SourceResult
	Done bool
	Sum  ingest.Summary
	Err  error // pruning failed (the refresh went on)
}

// refreshMsg is a refresh event of round Round. Next waits for the
// round's next event.
type refreshMsg struct {
	Round int
	refreshEvent
	next <-chan refreshEvent
}

// articleMsg is the outcome of reader mode for one item (the library's
// article, or one fetched and stored by the pipeline).
type articleMsg struct {
	Tag  reqTag
	Read *ingest.Read
	Err  error
}

// savedMsg is the outcome of saving an item for offline reading.
type savedMsg struct {
	ID   string
	Read *ingest.Read
	Err  error
}

// blockEntsMsg carries the entities of every block of the feed text the
// reader shows for an item.
type blockEntsMsg struct {
	Tag   reqTag
	Spans [][]entity.Span
	Err   error
}

// openedMsg reports the browser launch.
type openedMsg struct {
	URL string
	Err error
}

// Timers. Each carries the generation it was scheduled for.
type (
	statusClearMsg struct{ Seq int }
	refreshTickMsg struct{ Gen int }
	spinTickMsg    struct{ Gen int }
	settleMsg      struct{ Tag reqTag }
)

// Intents children send up to the root.
type (
	closeOverlayMsg struct{}
	chooseEntityMsg struct {
		Label entity.Label
		Name  string
	}
)

func msgCmd(m tea.Msg) tea.Cmd { return func() tea.Msg { return m } }

// refreshCmd runs one refresh of every source through the pipeline (the
// same function `dateline headlines` runs) and returns its first event;
// each refreshMsg carries the way to wait for the next.
func refreshCmd(ctx context.Context, p *ingest.Pipeline, round int) tea.Cmd {
	return func() tea.Msg {
		events := make(chan refreshEvent, len(p.Sources())+1)
		go func() {
			sum, err := p.Refresh(ctx, func(r ingest.SourceResult) { events <- refreshEvent{Res: r} })
			events <- refreshEvent{Done: true, Sum: sum, Err: err}
			close(events)
		}()
		return nextRefreshEvent(round, events)()
	}
}

// nextRefreshEvent waits for a refresh's next event.
func nextRefreshEvent(round int, events <-chan refreshEvent) tea.Cmd {
	if events == nil {
		return nil
	}
	return func() tea.Msg {
		ev, ok := <-events
		if !ok {
			return nil
		}
		return refreshMsg{Round: round, refreshEvent: ev, next: events}
	}
}

// articleCmd reads an item's article through the pipeline: from the
// library, or fetched (every page), its entities found, and stored.
func articleCmd(ctx context.Context, p *ingest.Pipeline, tag reqTag) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = articleMsg{Tag: tag, Err: fmt.Errorf("reader mode failed: %v", r)}
			}
		}()
		r, err := p.Article(ctx, tag.ID)
		if err == nil {
			r = cleanRead(r)
		}
		return articleMsg{Tag: tag, Read: r, Err: err}
	}
}

// saveCmd saves an item for offline reading through the pipeline (the
// same function `dateline save` runs).
func saveCmd(ctx context.Context, p *ingest.Pipeline, id string) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = savedMsg{ID: id, Err: fmt.Errorf("saving failed: %v", r)}
			}
		}()
		r, err := p.Save(ctx, id)
		if r != nil {
			r = cleanRead(r)
		}
		return savedMsg{ID: id, Read: r, Err: err}
	}
}

// blockEntsCmd finds the entities of the feed text's blocks, read as one
// document (entity.ExtractBlocks, as for an article).
func blockEntsCmd(extract func(string) []entity.Span, tag reqTag, blocks []string) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = blockEntsMsg{Tag: tag, Err: fmt.Errorf("entities: %v", r)}
			}
		}()
		return blockEntsMsg{Tag: tag, Spans: entity.ExtractBlocks(extract, blocks)}
	}
}

func openCmd(open func(string) error, url string) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = openedMsg{URL: url, Err: fmt.Errorf("%v", r)}
			}
		}()
		return openedMsg{URL: url, Err: open(url)}
	}
}
