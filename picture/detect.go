package picture

import "strings"

// Query asks the terminal what it can show: a kitty graphics query (id
// 31, a 1×1 RGB picture, a=q: "is this understood?"), XTVERSION (its name
// and version), the size of a cell in pixels (XTWINOPS 16), and last the
// primary device attributes (DA1), which every terminal answers: its
// answer ends the detection.
const Query = "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\" + "\x1b[>0q" + "\x1b[16t" + "\x1b[c"

// QueryID is the image id of the kitty query.
const QueryID = 31

// Answers are what the terminal said to Query.
type Answers struct {
	KittyOK bool   // answered the kitty query with OK
	Version string // XTVERSION's name, as "WezTerm 20240203-..."
	Sixel   bool   // DA1 listed 4
	Cell    Cell   // zero when it did not say
}

// Detect picks the protocol from the answers (see the package doc).
func Detect(a Answers) Protocol {
	name := strings.ToLower(a.Version)
	switch {
	case strings.HasPrefix(name, "wezterm"):
		return ITerm2
	case a.KittyOK:
		return Kitty
	case strings.HasPrefix(name, "iterm2"):
		return ITerm2
	case a.Sixel:
		return Sixel
	}
	return None
}

// HasSixel is whether a DA1 answer lists sixel graphics (4).
func HasSixel(attrs []int) bool {
	for _, a := range attrs {
		if a == 4 {
			return true
		}
	}
	return false
}
