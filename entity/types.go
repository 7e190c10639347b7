// Package entity finds the people, places and organisations in news text.
package entity

// Label is an entity type.
type Label string

// The labels: a person, a place (countries, cities, regions, named
// geographic features and facilities) and an organisation; and Unknown,
// a name the text gives no evidence of the type of ("the Zelvano
// deal"), which is not guessed to be a person. Readers list it under
// "Other names"; only entity: matches it in a query.
const (
	Person  Label = "PERSON"
	Place   Label = "PLACE"
	Org     Label = "ORG"
	Unknown Label = "UNKNOWN"
)

// Span is one entity mention: text[Start:End] with byte offsets.
type Span struct {
	Start, End int
	Label      Label
	Text       string
	// Canonical is the full name this mention refers to ("Mark Esper" for a
	// later "Esper"); for places, the gazetteer's name ("South Korea" for "ROK").
	Canonical string
}
