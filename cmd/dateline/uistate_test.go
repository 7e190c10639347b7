package main

import (
	"path/filepath"
	"testing"
)

// The list's width survives a restart; a damaged state file is the
// defaults, never a reason not to start.
func TestUIStateKeepsTheListWidth(t *testing.T) {
	home := t.TempDir()
	a := &app{e: &env{getenv: func(string) string { return "" }}, flags: common{dataDir: filepath.Join(home, "lib")}}
	if got := a.loadUIState(); got.ListWidth != 0 {
		t.Fatalf("no file: %+v", got)
	}
	if err := a.saveListWidth(58); err != nil {
		t.Fatal(err)
	}
	if got := a.loadUIState(); got.ListWidth != 58 {
		t.Errorf("after saving 58: %+v", got)
	}
	writeFile(t, a.uiStatePath(), []byte(`{"list_width": -3`))
	if got := a.loadUIState(); got.ListWidth != 0 {
		t.Errorf("a damaged file: %+v", got)
	}
}
