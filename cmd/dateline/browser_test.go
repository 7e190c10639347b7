package main

import (
	"strings"
	"testing"

	"github.com/dateline-news/dateline/demo"
)

func TestBrowserCommands(t *testing.T) {
	env := map[string]string{}
	b := browser{getenv: func(k string) string { return env[k] }}
	env["BROWSER"] = "w3m -o confirm_qq=false:firefox"
	cmd, inTerminal, err := b.command("https://example.org/a")
	if err == nil && (!inTerminal || cmd.Args[len(cmd.Args)-1] != "https://example.org/a" || cmd.Args[1] != "-o") {
		t.Errorf("w3m: %v %v", cmd.Args, inTerminal)
	}
	if err != nil && !strings.Contains(err.Error(), "set $BROWSER") {
		t.Errorf("w3m missing: %v", err)
	}
	env["BROWSER"] = "no-such-browser-here"
	if _, _, err := b.command("https://example.org/a"); err == nil || !strings.Contains(err.Error(), "no browser") {
		t.Errorf("a browser that is not installed: %v", err)
	}
	env["BROWSER"] = "true"
	if _, _, err := b.command("javascript:alert(1)"); err == nil {
		t.Error("a javascript: link opened")
	}
	// The sample edition's own links have no real address; others open.
	b.demo = true
	if _, _, err := b.command(demo.BaseURL + "/a/201911/19/WS5dd344f2a310cf3e355784fb.html"); err == nil ||
		!strings.Contains(err.Error(), "no real address") {
		t.Errorf("a sample link: %v", err)
	}
	if _, inTerminal, err := b.command("https://english.kyodonews.net/"); err != nil || inTerminal {
		t.Errorf("an outside link in the sample edition: %v %v", inTerminal, err)
	}
}
