package tui

import "charm.land/bubbles/v2/key"

// KeyMap is every key binding of the TUI. The root matches keys against
// it with key.Matches, and the help overlay is built from the same struct
// (ShortHelp and FullHelp), so help never disagrees with behaviour.
type KeyMap struct {
	Up, Down    key.Binding
	Top, Bottom key.Binding
	Open        key.Binding
	Back        key.Binding
	Focus       key.Binding
	PageDown    key.Binding
	PageUp      key.Binding
	Filter      key.Binding
	Clear       key.Binding
	Refresh     key.Binding
	OpenLink    key.Binding
	CopyLink    key.Binding
	Footnote    key.Binding
	NextMention key.Binding
	PrevMention key.Binding
	Entities    key.Binding
	View        key.Binding
	// ViewKeys choose a view directly: Asia-Pacific, all, saved, starred.
	ViewKeys    [4]key.Binding
	NextUnread  key.Binding
	PrevUnread  key.Binding
	Narrower    key.Binding
	Wider       key.Binding
	Save        key.Binding
	Star        key.Binding
	ToggleRead  key.Binding
	MarkAllRead key.Binding
	Undo        key.Binding
	Sources     key.Binding
	Watch       key.Binding
	Help        key.Binding
	Quit        key.Binding
	ForceQuit   key.Binding
}

// DefaultKeyMap returns the default bindings.
func DefaultKeyMap() KeyMap {
	nb := key.NewBinding
	k, h := key.WithKeys, key.WithHelp
	return KeyMap{
		Up:          nb(k("up", "k"), h("↑/k", "up")),
		Down:        nb(k("down", "j"), h("↓/j", "down")),
		Top:         nb(k("home", "g"), h("g/home", "top")),
		Bottom:      nb(k("end", "G"), h("G/end", "bottom")),
		Open:        nb(k("enter", "l"), h("enter/l", "open")),
		Back:        nb(k("h", "left"), h("h/←", "back to list")),
		Focus:       nb(k("tab", "shift+tab"), h("tab", "switch pane")),
		PageDown:    nb(k("space", "pgdown"), h("space/pgdn", "page down")),
		PageUp:      nb(k("pgup", "b"), h("pgup/b", "page up")),
		Filter:      nb(k("/"), h("/", "filter")),
		Clear:       nb(k("esc"), h("esc", "clear/close")),
		Refresh:     nb(k("r"), h("r", "refresh")),
		OpenLink:    nb(k("o"), h("o", "open in browser")),
		CopyLink:    nb(k("y"), h("y", "copy the link")),
		Footnote:    nb(k("f"), h("f N", "open link N")),
		NextMention: nb(k("n"), h("n", "next mention")),
		PrevMention: nb(k("N"), h("N", "previous mention")),
		Entities:    nb(k("e"), h("e", "entities")),
		View:        nb(k("v"), h("v", "next view")),
		ViewKeys: [4]key.Binding{
			nb(k("1"), h("1", "Asia-Pacific")), nb(k("2"), h("2", "all regions")),
			nb(k("3"), h("3", "saved")), nb(k("4"), h("4", "starred")),
		},
		NextUnread:  nb(k("]"), h("]", "open next unread")),
		Narrower:    nb(k("<"), h("<", "narrower list")),
		Wider:       nb(k(">"), h(">", "wider list")),
		PrevUnread:  nb(k("["), h("[", "open previous unread")),
		Save:        nb(k("s"), h("s", "save")),
		Star:        nb(k("*"), h("*", "star")),
		ToggleRead:  nb(k("u"), h("u", "read/unread")),
		MarkAllRead: nb(k("U"), h("U", "mark list read")),
		Undo:        nb(k("z"), h("z", "undo U")),
		Sources:     nb(k("S"), h("S", "sources")),
		Watch:       nb(k("w"), h("w", "save as watch")),
		Help:        nb(k("?"), h("?", "help")),
		Quit:        nb(k("q"), h("q", "quit")),
		ForceQuit:   nb(k("ctrl+c"), h("ctrl+c", "quit")),
	}
}

// ShortHelp is the one-line help (help.KeyMap).
func (km KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{km.Open, km.Filter, km.Entities, km.View, km.Help, km.Quit}
}

// FullHelp is the help overlay, one slice per column (help.KeyMap).
func (km KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{km.Up, km.Down, km.Top, km.Bottom, km.Open, km.NextUnread, km.PrevUnread, km.Back, km.Focus, km.PageDown, km.PageUp,
			km.Narrower, km.Wider},
		{km.Filter, km.Clear, km.View, km.ViewKeys[0], km.ViewKeys[1], km.ViewKeys[2], km.ViewKeys[3], km.Entities,
			km.NextMention, km.PrevMention, km.Footnote, km.OpenLink, km.CopyLink},
		{km.Refresh, km.Save, km.Star, km.ToggleRead, km.MarkAllRead, km.Undo, km.Watch, km.Sources, km.Help, km.Quit},
	}
}
