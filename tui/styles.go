package tui

import (
	"fmt"
	"image/color"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/dateline-news/dateline/entity"
)

// Styles holds every style the TUI renders with. View code takes styles
// from here and never names a colour itself. Build one with NewStyles or
// NoColorStyles; the root rebuilds it when the terminal reports its
// background colour.
type Styles struct {
	Dark    bool
	NoColor bool

	// Panes.
	Pane        lipgloss.Style // border of an unfocused pane
	PaneFocused lipgloss.Style // border of the focused pane

	// Headline list.
	ListHeader   lipgloss.Style
	ListCount    lipgloss.Style
	ListEmpty    lipgloss.Style
	RowTitle     lipgloss.Style
	RowTitleRead lipgloss.Style
	RowMeta      lipgloss.Style
	RowSelected  lipgloss.Style // laid over a selected row (background)
	RowGutter    lipgloss.Style // the bar left of the selected row
	Unread       lipgloss.Style
	Saved        lipgloss.Style
	Starred      lipgloss.Style
	RowError     lipgloss.Style

	// Reader.
	Title       lipgloss.Style
	Byline      lipgloss.Style
	Date        lipgloss.Style
	Section     lipgloss.Style
	Notice      lipgloss.Style // "summary from the feed", "reader mode"
	NoticeError lipgloss.Style
	Body        lipgloss.Style
	Heading     lipgloss.Style
	QuoteBar    lipgloss.Style
	Quote       lipgloss.Style
	Bullet      lipgloss.Style
	Caption     lipgloss.Style
	Image       lipgloss.Style
	Pre         lipgloss.Style
	FootnoteRef lipgloss.Style
	LinkURL     lipgloss.Style
	Rule        lipgloss.Style

	// Highlights: a filter match, the mention n/N landed on, entities.
	Match   lipgloss.Style
	Current lipgloss.Style
	Person  lipgloss.Style
	Place   lipgloss.Style
	Org     lipgloss.Style
	// Other is a name of unknown type (entity.Unknown).
	Other lipgloss.Style

	// Filter bar.
	FilterPrompt lipgloss.Style
	FilterText   lipgloss.Style
	FilterCount  lipgloss.Style
	FilterError  lipgloss.Style

	// Status line.
	Status      lipgloss.Style
	StatusInfo  lipgloss.Style
	StatusError lipgloss.Style
	StatusFlag  lipgloss.Style
	Spinner     lipgloss.Style

	// Overlays (help, sources, entities).
	Overlay         lipgloss.Style
	OverlayTitle    lipgloss.Style
	OverlaySelected lipgloss.Style
	Dim             lipgloss.Style
	HelpKey         lipgloss.Style
	HelpDesc        lipgloss.Style
}

// Entity returns the highlight style of an entity label.
func (s Styles) Entity(l entity.Label) lipgloss.Style {
	switch l {
	case entity.Person:
		return s.Person
	case entity.Place:
		return s.Place
	case entity.Org:
		return s.Org
	case entity.Unknown:
		return s.Other
	}
	return s.Body
}

// NewStyles returns the colour styles for a dark or a light background.
// Every highlight also carries an attribute (bold, underline, italic,
// reverse) so it stays distinguishable when colours are downsampled.
func NewStyles(dark bool) Styles { return stylesOf(dark, newPalette(dark)) }

// Theme is a palette by name (config.Themes: auto, dark and light use
// the default one) with colours the config replaces ([colors]: a part
// of the screen, see ColorNames, and a colour CheckColor accepts).
type Theme struct {
	Name   string
	Colors map[string]string
}

// Styles returns the theme's styles for a dark or a light background.
func (t Theme) Styles(dark bool) Styles {
	var p palette
	switch t.Name {
	case "solarized":
		p = solarizedPalette(dark)
	case "high-contrast":
		p = contrastPalette(dark)
	default:
		p = newPalette(dark)
	}
	for name, v := range t.Colors {
		if slot := p.slot(name); slot != nil {
			*slot = lipgloss.Color(v)
		}
	}
	return stylesOf(dark, p)
}

// ColorNames are the parts of the screen [colors] can colour.
var ColorNames = []string{
	"text", "dim", "faint", "accent", "border", "focus", "selection", "error", "saved", "starred",
	"match", "match_text", "status", "person", "place", "org", "other",
}

// slot is the palette colour a [colors] name sets, or nil.
func (p *palette) slot(name string) *color.Color {
	return map[string]*color.Color{
		"text": &p.text, "dim": &p.dim, "faint": &p.faint, "accent": &p.accent, "border": &p.border,
		"focus": &p.focus, "selection": &p.selection, "error": &p.failure, "saved": &p.success,
		"starred": &p.warning, "match": &p.matchBack, "match_text": &p.matchText, "status": &p.statusBackground,
		"person": &p.person, "place": &p.place, "org": &p.org, "other": &p.other,
	}[name]
}

// CheckColor says what is wrong with a [colors] line, or returns nil.
// The value's shape is the config's to check.
func CheckColor(name string) error {
	var p palette
	if p.slot(name) == nil {
		return fmt.Errorf("unknown part of the screen; the parts are %s", strings.Join(ColorNames, ", "))
	}
	return nil
}

// solarizedPalette is Ethan Schoonover's Solarized, dark or light.
func solarizedPalette(dark bool) palette {
	ld := lipgloss.LightDark(dark)
	c := lipgloss.Color
	base03, base02, base01, base00 := c("#002b36"), c("#073642"), c("#586e75"), c("#657b83")
	base0, base1, base2, base3 := c("#839496"), c("#93a1a1"), c("#eee8d5"), c("#fdf6e3")
	return palette{
		text: ld(base00, base0), dim: ld(base1, base01), faint: ld(base2, base02),
		accent: c("#268bd2"), border: ld(base2, base02), focus: c("#2aa198"), selection: ld(base2, base02),
		failure: c("#dc322f"), success: c("#859900"), warning: c("#b58900"),
		matchBack: c("#b58900"), matchText: ld(base3, base03), statusBackground: ld(base2, base02),
		person: c("#6c71c4"), place: c("#859900"), org: c("#cb4b16"), other: c("#2aa198"),
	}
}

// contrastPalette is for low vision and washed-out screens: the
// terminal's own black and white, and saturated colours.
func contrastPalette(dark bool) palette {
	ld := lipgloss.LightDark(dark)
	c := lipgloss.Color
	return palette{
		text: ld(c("#000000"), c("#ffffff")), dim: ld(c("#303030"), c("#d0d0d0")), faint: ld(c("#5f5f5f"), c("#a8a8a8")),
		accent: ld(c("#0000d7"), c("#5fd7ff")), border: ld(c("#000000"), c("#ffffff")), focus: ld(c("#d70000"), c("#ffff00")),
		selection: ld(c("#ffff87"), c("#00005f")), failure: ld(c("#d70000"), c("#ff5f5f")),
		success: ld(c("#005f00"), c("#5fff5f")), warning: ld(c("#875f00"), c("#ffd700")),
		matchBack: ld(c("#ffff00"), c("#ffff00")), matchText: c("#000000"), statusBackground: ld(c("#d0d0d0"), c("#262626")),
		person: ld(c("#5f00af"), c("#ff87ff")), place: ld(c("#005f00"), c("#87ff87")), org: ld(c("#af5f00"), c("#ffaf5f")),
		other: ld(c("#005f87"), c("#87d7ff")),
	}
}

// palette is the colours of a theme.
type palette struct {
	text, dim, faint, accent, border, focus, selection                color.Color
	failure, success, warning, matchBack, matchText, statusBackground color.Color
	person, place, org, other                                         color.Color
}

func newPalette(dark bool) palette {
	ld := lipgloss.LightDark(dark)
	c := lipgloss.Color
	return palette{
		text:             ld(c("#1f2328"), c("#e6e6e6")),
		dim:              ld(c("#6e7781"), c("#8b949e")),
		faint:            ld(c("#8c959f"), c("#6e7681")),
		accent:           ld(c("#0550ae"), c("#79c0ff")),
		border:           ld(c("#d0d7de"), c("#3d444d")),
		focus:            ld(c("#0969da"), c("#58a6ff")),
		selection:        ld(c("#ddf4ff"), c("#1f3350")),
		failure:          ld(c("#cf222e"), c("#ff7b72")),
		success:          ld(c("#1a7f37"), c("#7ee787")),
		warning:          ld(c("#9a6700"), c("#e3b341")),
		matchBack:        ld(c("#fff8c5"), c("#bb8009")),
		matchText:        ld(c("#1f2328"), c("#0d1117")),
		person:           ld(c("#8250df"), c("#d2a8ff")),
		place:            ld(c("#116329"), c("#56d364")),
		org:              ld(c("#953800"), c("#ffa657")),
		other:            ld(c("#0a3069"), c("#a5d6ff")),
		statusBackground: ld(c("#eaeef2"), c("#262c36")),
	}
}

// stylesOf builds the styles of a palette.
func stylesOf(dark bool, p palette) Styles {
	fg, dim, faint, accent, border, focus, selBG := p.text, p.dim, p.faint, p.accent, p.border, p.focus, p.selection
	errC, okC, warn, matchBG, matchFG, headBG := p.failure, p.success, p.warning, p.matchBack, p.matchText, p.statusBackground
	person, place, org, other := p.person, p.place, p.org, p.other
	st := lipgloss.NewStyle
	s := Styles{
		Dark:        dark,
		Pane:        st().Border(lipgloss.RoundedBorder()).BorderForeground(border),
		PaneFocused: st().Border(lipgloss.RoundedBorder()).BorderForeground(focus),

		ListHeader:   st().Bold(true).Foreground(accent),
		ListCount:    st().Foreground(dim),
		ListEmpty:    st().Foreground(dim).Italic(true),
		RowTitle:     st().Foreground(fg).Bold(true),
		RowTitleRead: st().Foreground(fg),
		RowMeta:      st().Foreground(dim),
		RowSelected:  st().Background(selBG),
		RowGutter:    st().Foreground(focus).Bold(true),
		Unread:       st().Foreground(accent).Bold(true),
		Saved:        st().Foreground(okC).Bold(true),
		Starred:      st().Foreground(warn).Bold(true),
		RowError:     st().Foreground(errC).Bold(true),

		Title:       st().Bold(true).Foreground(fg),
		Byline:      st().Foreground(accent),
		Date:        st().Foreground(dim),
		Section:     st().Foreground(dim),
		Notice:      st().Foreground(dim).Italic(true),
		NoticeError: st().Foreground(errC),
		Body:        st().Foreground(fg),
		Heading:     st().Bold(true).Foreground(accent),
		QuoteBar:    st().Foreground(faint),
		Quote:       st().Foreground(dim).Italic(true),
		Bullet:      st().Foreground(accent),
		Caption:     st().Foreground(dim).Italic(true),
		Image:       st().Foreground(faint),
		Pre:         st().Foreground(fg),
		FootnoteRef: st().Foreground(accent),
		LinkURL:     st().Foreground(dim).Underline(true),
		Rule:        st().Foreground(faint),

		Match:   st().Background(matchBG).Foreground(matchFG).Bold(true),
		Current: st().Reverse(true).Bold(true),
		Person:  st().Foreground(person).Bold(true),
		Place:   st().Foreground(place).Underline(true),
		Org:     st().Foreground(org).Italic(true),
		Other:   st().Foreground(other).Underline(true).Italic(true),

		FilterPrompt: st().Foreground(accent).Bold(true),
		FilterText:   st().Foreground(fg),
		FilterCount:  st().Foreground(dim),
		FilterError:  st().Foreground(errC),

		Status:      st().Foreground(dim).Background(headBG),
		StatusInfo:  st().Foreground(fg).Background(headBG),
		StatusError: st().Foreground(errC).Background(headBG).Bold(true),
		StatusFlag:  st().Foreground(warn).Background(headBG).Bold(true),
		Spinner:     st().Foreground(accent).Background(headBG),

		Overlay:         st().Border(lipgloss.RoundedBorder()).BorderForeground(focus),
		OverlayTitle:    st().Bold(true).Foreground(accent),
		OverlaySelected: st().Background(selBG).Bold(true),
		Dim:             st().Foreground(dim),
		HelpKey:         st().Foreground(accent).Bold(true),
		HelpDesc:        st().Foreground(dim),
	}
	return s
}

// NoColorStyles returns styles without any colour, for NO_COLOR: the
// highlights use bold, underline, italic and reverse instead.
func NoColorStyles() Styles {
	st := lipgloss.NewStyle
	return Styles{
		NoColor:     true,
		Dark:        true,
		Pane:        st().Border(lipgloss.NormalBorder()),
		PaneFocused: st().Border(lipgloss.ThickBorder()),

		ListHeader:   st().Bold(true),
		ListCount:    st(),
		ListEmpty:    st().Italic(true),
		RowTitle:     st().Bold(true),
		RowTitleRead: st(),
		RowMeta:      st(),
		RowSelected:  st(),
		RowGutter:    st().Bold(true),
		Unread:       st().Bold(true),
		Saved:        st().Bold(true),
		Starred:      st().Bold(true),
		RowError:     st().Bold(true),

		Title:       st().Bold(true),
		Byline:      st(),
		Date:        st(),
		Section:     st(),
		Notice:      st().Italic(true),
		NoticeError: st().Bold(true),
		Body:        st(),
		Heading:     st().Bold(true).Underline(true),
		QuoteBar:    st(),
		Quote:       st().Italic(true),
		Bullet:      st(),
		Caption:     st().Faint(true).Italic(true),
		Image:       st().Faint(true),
		Pre:         st(),
		FootnoteRef: st(),
		LinkURL:     st().Underline(true),
		Rule:        st(),

		Match:   st().Reverse(true),
		Current: st().Reverse(true).Bold(true).Underline(true),
		Person:  st().Bold(true),
		Place:   st().Underline(true),
		Org:     st().Italic(true),
		Other:   st().Italic(true).Underline(true),

		FilterPrompt: st().Bold(true),
		FilterText:   st(),
		FilterCount:  st(),
		FilterError:  st().Bold(true),

		Status:      st().Reverse(true),
		StatusInfo:  st().Reverse(true),
		StatusError: st().Reverse(true).Bold(true),
		StatusFlag:  st().Reverse(true).Bold(true),
		Spinner:     st().Reverse(true),

		Overlay:         st().Border(lipgloss.NormalBorder()),
		OverlayTitle:    st().Bold(true),
		OverlaySelected: st().Reverse(true),
		Dim:             st(),
		HelpKey:         st().Bold(true),
		HelpDesc:        st(),
	}
}

// styleFor picks the styles: no colour, a theme, or dark until the
// terminal says its background (themeAuto).
func styleFor(d Deps) (Styles, bool) {
	t := Theme{Name: d.Theme, Colors: d.Colors}
	switch {
	case d.NoColor:
		return NoColorStyles(), false
	case strings.EqualFold(d.Theme, "light"):
		return t.Styles(false), false
	case strings.EqualFold(d.Theme, "dark"):
		return t.Styles(true), false
	}
	return t.Styles(true), true
}

// restyle rebuilds the styles for the terminal's background (theme auto).
func (m *Model) restyle(bg color.Color) {
	if !m.themeAuto {
		return
	}
	*m.styles = Theme{Name: m.deps.Theme, Colors: m.deps.Colors}.Styles(isDark(bg))
	m.reader.Restyle()
	m.list.pane.Restyle()
}

// isDark is whether a background colour is dark.
func isDark(c color.Color) bool { return tea.BackgroundColorMsg{Color: c}.IsDark() }
