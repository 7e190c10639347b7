package main

import (
	"errors"
	"fmt"
	"net/url"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/dateline-news/dateline/demo"
)

// terminalBrowsers are browsers that draw in the terminal: they get the
// terminal while the TUI waits (tea.ExecProcess), instead of being
// started beside it.
var terminalBrowsers = map[string]bool{
	"w3m": true, "lynx": true, "links": true, "links2": true, "elinks": true, "browsh": true, "carbonyl": true,
}

// browser opens links: $BROWSER (its first command, when it lists
// several separated by ':'), else the system's opener (xdg-open, open on
// macOS).
type browser struct {
	getenv func(string) string
	demo   bool // the sample edition: its own links have no real address
}

// command is the command that opens u, and whether it draws in the
// terminal.
func (b browser) command(raw string) (*exec.Cmd, bool, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, false, fmt.Errorf("only http and https links open, not %q", raw)
	}
	if b.demo && u.Hostname() == demo.Host {
		return nil, false, errors.New("a sample item has no real address")
	}
	var name string
	var args []string
	switch env := b.getenv("BROWSER"); {
	case env != "":
		fields := strings.Fields(strings.Split(env, ":")[0])
		if len(fields) == 0 {
			return nil, false, errors.New("$BROWSER is empty")
		}
		name, args = fields[0], fields[1:]
	case runtime.GOOS == "darwin":
		name = "open"
	default:
		name = "xdg-open"
	}
	if _, err := exec.LookPath(name); err != nil {
		return nil, false, fmt.Errorf("no browser (%s not found; set $BROWSER)", filepath.Base(name))
	}
	return exec.Command(name, append(args, u.String())...), terminalBrowsers[filepath.Base(name)], nil
}

// open starts a browser that has a window of its own, without waiting
// and without the terminal the TUI owns.
func (b browser) open(raw string) error {
	cmd, _, err := b.command(raw)
	if err != nil {
		return err
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, nil, nil
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("opening the browser: %w", err)
	}
	go func() { _ = cmd.Wait() }()
	return nil
}

// terminal is the command of a terminal browser for u, or nil when the
// browser has a window of its own (or there is none: open says why).
func (b browser) terminal(raw string) *exec.Cmd {
	cmd, inTerminal, err := b.command(raw)
	if err != nil || !inTerminal {
		return nil
	}
	return cmd
}
