package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/dateline-news/dateline/entity"
)

// A name of unknown type is listed under "Other names", after the three
// kinds, in its own style; choosing it filters by the name as a phrase
// (the library indexes people, places and organisations only).
func TestEntityPanelOtherNames(t *testing.T) {
	st, km := NoColorStyles(), DefaultKeyMap()
	p := entityPanel{styles: &st, keys: &km}
	p.SetSize(60, 30)
	p.SetSpans("Firefighters", [][]entity.Span{{
		{Label: entity.Unknown, Text: "Zelvano", Canonical: "Zelvano"},
		{Label: entity.Place, Text: "Glen Innes", Canonical: "Glen Innes"},
		{Label: entity.Person, Text: "Karen Whitford", Canonical: "Karen Whitford"},
	}}, "")
	ls, _ := p.lines()
	scr := ansi.Strip(strings.Join(ls, "\n"))
	iOther, iPlaces := strings.Index(scr, "Other names"), strings.Index(scr, "Places")
	if iOther < 0 || iPlaces < 0 || iOther < iPlaces || !strings.Contains(scr[iOther:], "Zelvano") {
		t.Fatalf("panel:\n%s", scr)
	}
	if strings.Contains(scr[:iOther], "Zelvano") {
		t.Errorf("the unknown name is listed under another kind:\n%s", scr)
	}
	if st.Entity(entity.Unknown).Render("x") == st.Entity(entity.Person).Render("x") {
		t.Error("an unknown name is drawn like a person")
	}
	p.sel = len(p.rows) - 1
	cmd := p.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if cmd == nil {
		t.Fatal("enter chose nothing")
	}
	if msg, ok := cmd().(chooseEntityMsg); !ok || msg.Label != entity.Unknown || msg.Name != "Zelvano" {
		t.Fatalf("chose %#v", cmd())
	}
}
