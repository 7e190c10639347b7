package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
)

// uiState is what the TUI keeps between runs, beside the library: the
// layout the user chose. It is not the config: Dateline never writes the
// user's config file on its own.
type uiState struct {
	ListWidth int `json:"list_width,omitempty"`
}

func (a *app) uiStatePath() string { return filepath.Join(a.dataDir(), "tui.json") }

// loadUIState reads the kept state; a missing or unreadable file is the
// defaults (the layout is a convenience, never a reason not to start).
func (a *app) loadUIState() uiState {
	var st uiState
	b, err := os.ReadFile(a.uiStatePath())
	if err != nil || len(b) > 64<<10 {
		return uiState{}
	}
	if json.Unmarshal(b, &st) != nil || st.ListWidth < 0 || st.ListWidth > 1000 {
		return uiState{}
	}
	return st
}

// saveListWidth keeps the list pane's width, written whole or not at all.
func (a *app) saveListWidth(columns int) error {
	st := a.loadUIState()
	st.ListWidth = columns
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(a.dataDir(), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(a.dataDir(), ".tui-*.json")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), a.uiStatePath())
}
