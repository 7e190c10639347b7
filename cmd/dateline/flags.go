package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// common are the flags every verb takes.
type common struct {
	configPath string
	feeds      multiFlag
	dataDir    string
	offline    bool
	demo       bool
	direct     bool
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// flagSet is a verb's flags plus the positional arguments found among them.
type flagSet struct {
	*flag.FlagSet
	common common
	pos    []string
}

func newFlagSet(name string, e *env) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError)}
	fs.SetOutput(io.Discard)
	fs.StringVar(&fs.common.configPath, "config", "", "config file `PATH`")
	fs.Var(&fs.common.feeds, "feed", "read this feed `URL` instead of the configured sources (repeatable)")
	fs.StringVar(&fs.common.dataDir, "data-dir", "", "library folder `DIR`")
	fs.BoolVar(&fs.common.offline, "offline", false, "use only the library; no network")
	fs.BoolVar(&fs.common.demo, "demo", false, "run on the built-in sample edition")
	fs.BoolVar(&fs.common.direct, "direct", false, "with [sync] set: fetch the feeds directly instead of syncing with the server")
	fs.Usage = func() {
		v := verbs()[name]
		fmt.Fprintf(e.stdout, "Usage: dateline %s\n\n%s\n\n", v.usage, v.summary)
		if h := verbHelp(name); h != "" {
			fmt.Fprintf(e.stdout, "%s\n", h)
		}
		fmt.Fprintf(e.stdout, "Flags:\n")
		printFlags(e.stdout, fs.FlagSet)
	}
	return fs
}

// printFlags lists a verb's flags as the README writes them: "--flag
// VALUE", then what it does.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		head := "  --" + f.Name
		if name != "" {
			head += " " + name
		}
		fmt.Fprintf(w, "%-24s %s\n", head, usage)
	})
}

// parse reads flags anywhere among the arguments ("extract page.html
// --json" works), leaving the positional ones in fs.pos. "--" ends flags.
func parse(fs *flagSet, args []string) error {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err // the flag package has printed the usage (fs.Usage)
			}
			return usageError{err.Error()}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return nil
		}
		// flag stops at the first positional argument, or after "--".
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			fs.pos = append(fs.pos, rest...)
			return nil
		}
		fs.pos = append(fs.pos, rest[0])
		args = rest[1:]
	}
}
