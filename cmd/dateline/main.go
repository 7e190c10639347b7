// Command dateline is a terminal reader for regional news.
//
//	dateline [flags]                 run the TUI
//	dateline VERB [flags] [args]     run one command and exit
//
// See `dateline help`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/dateline-news/dateline/watch"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// usageError is a command-line mistake: exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// configError is a bad config file: exit 2.
type configError struct{ err error }

func (e configError) Error() string { return e.err.Error() }
func (e configError) Unwrap() error { return e.err }

// verb is one sub-command. run gets the verb's own arguments.
type verb struct {
	summary string
	usage   string // first line of --help, after "dateline "
	run     func(ctx context.Context, env *env, args []string) error
}

// verbHelp says more of a verb in its --help, after the summary.
func verbHelp(name string) string {
	switch name {
	case "sync":
		return syncHelp
	case "mark":
		return markHelp
	}
	return ""
}

// env is what a verb may use of the process: streams and environment.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	isTTY          bool
	// notifier sends the desktop notifications of watches with notify =
	// true (nil: none; tests leave it so).
	notifier watch.Notifier
}

func verbs() map[string]verb {
	return map[string]verb{
		"tui":       {"run the terminal reader (the default)", "[tui] [flags]", runTUI},
		"headlines": {"fetch and print the merged headlines", "headlines [--json] [--filter QUERY] [--strict] [--feed URL]... [--offline]", runHeadlines},
		"extract":   {"print the reader-mode text of a page", "extract [--json] [--url URL] FILE|URL|-", runExtract},
		"entities":  {"print the people, places and organisations of a text", "entities [--json | --jsonl] FILE|-", runEntities},
		"save":      {"save one article to the library for offline reading", "save URL|ID", runSave},
		"search":    {"search the library", "search [--json] [--limit N] QUERY", runSearch},
		"export":    {"write library articles to files", "export --format md|html|json [--saved] [--filter QUERY] DIR", runExport},
		"sources":   {"list, add, import or export sources", "sources list | add URL [--name NAME] | remove URL|NAME | rename URL|NAME NEW-NAME | import FILE.opml | export", runSources},
		"watch":     {"follow stories: saved searches with their new matches", "watch add NAME QUERY [--notify] | list | rm NAME | feed NAME [--limit N] | digest NAME [--since 7d] [--format md|html]", runWatch},
		"config":    {"write a commented default config file", "config init [--config PATH]", runConfig},
		"sync":      {"sync subscriptions, entries and read/starred state with the [sync] server", "sync", runSync},
		"mark":      {"mark items read, unread, starred or unstarred (queued for the sync server)", "mark read|unread|star|unstar ID...", runMark},
		"version":   {"print the version", "version", runVersion},
		"help":      {"show this help, or a verb's", "help [VERB]", runHelp},
	}
}

func main() {
	// SIGHUP (the terminal closed) ends a run as SIGINT and SIGTERM do:
	// the context ends, and every deferred clean-up runs (the sample
	// edition's folder is removed).
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, isTTY: isTerminal(os.Stdout),
		notifier: watch.Desktop{}}
	code := run(ctx, e, os.Args[1:])
	stop()
	os.Exit(code)
}

func run(ctx context.Context, e *env, args []string) int {
	name, rest := "tui", args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, rest = args[0], args[1:]
	}
	switch {
	case len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help"):
		name, rest = "help", nil
	case len(args) > 0 && (args[0] == "--version" || args[0] == "-version" || args[0] == "-V"):
		name, rest = "version", nil
	}
	v, ok := verbs()[name]
	if !ok {
		fmt.Fprintf(e.stderr, "dateline: unknown command %q\n\n", line(name))
		printHelp(e.stderr)
		return exitUsage
	}
	err := v.run(ctx, e, rest)
	return report(e, name, err)
}

func report(e *env, name string, err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	var ue usageError
	var ce configError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "dateline %s: %s\nRun 'dateline %s --help' for usage.\n", name, line(err.Error()), name)
		return exitUsage
	case errors.As(err, &ce):
		fmt.Fprintf(e.stderr, "dateline: bad config: %s\n", line(err.Error()))
		return exitUsage
	default:
		fmt.Fprintf(e.stderr, "dateline %s: %s\n", name, line(err.Error()))
		return exitFailure
	}
}

func printHelp(w io.Writer) {
	fmt.Fprintf(w, `Dateline %s: a terminal reader for regional news.

Usage:
  dateline [flags]            run the terminal reader
  dateline VERB [flags]       run one command

Verbs:
`, version)
	vs := verbs()
	names := make([]string, 0, len(vs))
	for n := range vs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, vs[n].summary)
	}
	fmt.Fprint(w, `
Flags for every verb:
  --config PATH     config file (default $XDG_CONFIG_HOME/dateline/config.toml)
  --feed URL        read this feed instead of the configured sources (repeatable)
  --data-dir DIR    library folder (default $XDG_DATA_HOME/dateline)
  --offline         use only the library; no network
  --demo            run on the built-in sample edition (no network needed)
  --direct          with [sync] set: fetch the feeds directly, not through the server

Exit codes: 0 ok, 1 runtime failure, 2 usage or config error. headlines
exits 0 when it lists the library's headlines of sources that could not
be read (it says so on stderr); --strict makes that 1.
Run 'dateline VERB --help' for a verb's own flags.
`)
}

// runHelp prints the verbs, or a verb's full help: what VERB --help
// prints.
func runHelp(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		printHelp(e.stdout)
		return nil
	}
	v, ok := verbs()[args[0]]
	if !ok || args[0] == "help" {
		if !ok {
			return usagef("unknown command %q", args[0])
		}
		printHelp(e.stdout)
		return nil
	}
	return v.run(ctx, e, []string{"--help"})
}

func runVersion(_ context.Context, e *env, args []string) error {
	fs := newFlagSet("version", e)
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "dateline %s\n", version)
	return nil
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
