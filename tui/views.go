package tui

// ListView is which headlines the list shows.
type ListView int

// The views, in the order v cycles through them.
const (
	ViewAsiaPacific ListView = iota // items in the Asia-Pacific view (is:asia-pacific)
	ViewAll                         // every item
	ViewSaved                       // saved items
	ViewStarred                     // starred items
	// ViewWatch is a watch's matches (which watch: headlineList.watch).
	// v reaches the watches after the four views above.
	ViewWatch
)

// views is the order v cycles through.
var views = [...]ListView{ViewAsiaPacific, ViewAll, ViewSaved, ViewStarred}

func (v ListView) String() string {
	switch v {
	case ViewAsiaPacific:
		return "Asia-Pacific"
	case ViewAll:
		return "All regions"
	case ViewSaved:
		return "Saved"
	case ViewStarred:
		return "Starred"
	case ViewWatch:
		return "Watch"
	}
	return "?"
}

// next is the view after v.
func (v ListView) next() ListView {
	for i, w := range views {
		if w == v {
			return views[(i+1)%len(views)]
		}
	}
	return views[0]
}
