package entity

import (
	"reflect"
	"testing"
)

// spansOf lists the spans of text as "LABEL text" strings, after checking
// the span invariants.
func spansOf(t *testing.T, text string) []string {
	t.Helper()
	spans := Extract(text)
	checkSpans(t, text, spans)
	out := []string{}
	for _, s := range spans {
		out = append(out, string(s.Label)+" "+s.Text)
	}
	return out
}

// generalRuleCases: made-up sentences for the general rules, with every span
// the extractor should return.
var generalRuleCases = []struct {
	name, text string
	want       []string
}{
	// "Former", "Ex-", "Outgoing" date a title or a name; they are not part
	// of one.
	{"former-org-title", "Former Ruritanian Central Bank Governor Ivo Tarkovan said the plan would fail.",
		[]string{"ORG Ruritanian Central Bank", "PERSON Ivo Tarkovan"}},
	{"ex-hyphen", "Ex-Zelvano executive Mara Quell joined the board on Monday.",
		[]string{"PERSON Mara Quell"}},
	{"outgoing-title", "Outgoing Prime Minister Ivo Tarkovan thanked voters.",
		[]string{"PERSON Ivo Tarkovan"}},
	// A demonym or country before a ministry only says whose it is.
	{"demonym-ministry", "A Peruvian Health Ministry spokesman denied the report on Friday.",
		[]string{"ORG Health Ministry"}},
	{"country-department", "Critics wrote to the U.S. Energy Department about the leak.",
		[]string{"PLACE U.S.", "ORG Energy Department"}},
	// Shapes that are not names, and brand-shaped words.
	{"model-number", "Pilots say the Falcon X-9 jets were grounded after the crash.", []string{}},
	{"strain", "Tests found the R7N3 strain in two ducks.", []string{}},
	{"plural-acronym", "Volunteers from several NGOs handed out blankets.", []string{}},
	{"group-noun", "The ancient Veldorians built the first walls.", []string{}},
	{"camel-case", "Investors bought shares of FlyTrain after the deal.", []string{"ORG FlyTrain"}},
	{"mc-name", "Mourners gathered at the home of Tom McAvoy on Sunday.", []string{"PERSON Tom McAvoy"}},
	// Sentence-initial acronyms and bodies.
	{"caps-acronym-start", "Doctors saw the patients on Monday. WHO says the outbreak is contained.",
		[]string{"ORG WHO"}},
	{"body-start", "The vote was close. Congress will return from recess next week.",
		[]string{"ORG Congress"}},
	// "X-born", "X-based" describe the name that follows.
	{"born-prefix", "The Lisbon-born Amelia Fortescue won the prize.",
		[]string{"PERSON Amelia Fortescue"}},
	// Words before a title and a name are not the person.
	{"modifier-title", "Talks resumed. Ruritanian President Ivo Tarkovan says he is ready.",
		[]string{"PERSON Ivo Tarkovan"}},
	// One sense per document for labels the context gave.
	{"one-sense", "Troops left the town of Varnokel on Monday. Varnokel is quiet now.",
		[]string{"PLACE Varnokel", "PLACE Varnokel"}},
	// "X news agency": the words after a name say it is an organisation.
	{"news-agency", "The Velkan news agency quotes a border guard.",
		[]string{"ORG Velkan"}},
	{"news-agency-hyphen", "Latvia's Itra-Voss news agency said two people died.",
		[]string{"PLACE Latvia", "ORG Itra-Voss"}},
	// Words that can only describe a place beat a name-shaped guess.
	{"near-place", "Shells fell near Omar Dalek on Monday.",
		[]string{"PLACE Omar Dalek"}},
	{"town-of-place", "In the northern town of Ali Varesh, a market burned.",
		[]string{"PLACE Ali Varesh"}},
	{"person-not-place", "A letter from Omar Dalek reached the court.",
		[]string{"PERSON Omar Dalek"}},
	// An article before a lone unknown word: a thing or brand, no person.
	{"article-product", "Loeb, in a Zelvano, kept the lead.",
		[]string{"PERSON Loeb"}},
	{"article-confirmed", "Troops left the town of Varnokel. It was a Varnokel tradition.",
		[]string{"PLACE Varnokel", "PLACE Varnokel"}},
	{"hometown", "Mourners marched in his hometown Varesk on Tuesday.",
		[]string{"PLACE Varesk"}},
	{"settlement-of", "Settlers left the settlement of Kavona at dawn.",
		[]string{"PLACE Kavona"}},
	// Lower-case particles inside a name; a function word ends one.
	{"particles-de-la", "The award went to Juan de la Varga on Friday.",
		[]string{"PERSON Juan de la Varga"}},
	{"initial-then-the", "Temperatures reached 40 C. The crowd left early.", []string{}},
	// A party label before a name describes the person like a title.
	{"party-label", "The bill's author, Ohio Republican Dana Kessler, said it would pass.",
		[]string{"PLACE Ohio", "PERSON Dana Kessler"}},
	{"party-label-alone", "Democrat Mara Quell won the seat.",
		[]string{"PERSON Mara Quell"}},
	{"party-name", "The Republican Guard moved north.",
		[]string{"ORG Republican Guard"}},
	// "Fort X" names a place (a base or town), like "Mount X", "Port X".
	{"fort-place", "The trial will be held at Fort Calloway, Texas.",
		[]string{"PLACE Fort Calloway", "PLACE Texas"}},
	// A capitalised compound of ordinary words is an adjective, no name;
	// short lower-case syllables still belong to names.
	{"common-compound", "A Well-known Singer, Mara Quell, sang on Friday.",
		[]string{"PERSON Mara Quell"}},
	{"participle-compound", "The Kind-hearted Physician, Mara Quell, came in.",
		[]string{"PERSON Mara Quell"}},
	{"participle-compound-start", "Kind-hearted Ivo Tarkovan gave the money.",
		[]string{"PERSON Ivo Tarkovan"}},
	{"syllable-ing", "Officials met Chan Man-ching in Hong Kong.",
		[]string{"PERSON Chan Man-ching", "PLACE Hong Kong"}},
	{"syllable-compound", "Officials met Ban Ki-moon in Seoul.",
		[]string{"PERSON Ban Ki-moon", "PLACE Seoul"}},
	// A wire dateline names a place (and its region after the comma).
	{"dateline", "VELDORA, Ruritania (Reuters) - Police said Ivo Tarkovan fled.",
		[]string{"PLACE VELDORA", "PLACE Ruritania", "ORG Reuters", "PERSON Ivo Tarkovan"}},
	{"caps-headline-not-dateline", "TARKOVAN, QUELL MEET\nTalks began.",
		[]string{"UNKNOWN TARKOVAN"}},
	// A capitalised gerund before a name belongs to a title, not the name;
	// one inside an organisation's name stays.
	{"gerund-title", "The book, entitled Unmasking Karl Weber, sold well.",
		[]string{"PERSON Karl Weber"}},
	{"gerund-org", "The Trading Company of Velkan agreed.",
		[]string{"ORG Trading Company of Velkan"}},
	// A capital inside a word marks a name, even where the word is also
	// an ordinary one ("delay") and starts a sentence; nothing here says
	// whose, so its type is unknown.
	{"inner-capital-start", "The vote was delayed. DeCamp had close ties to the lobbyist.",
		[]string{"UNKNOWN DeCamp"}},
	// A town that is also a surname names a person before a verb only
	// people do, and does so through the document.
	{"town-surname-said", "Voters were split between Tyler and his rival. Tyler said he would win.",
		[]string{"PERSON Tyler", "PERSON Tyler"}},
	{"town-surname-place", "The firm moved to Tyler last year.",
		[]string{"PLACE Tyler"}},
	{"town-after-place", "The center in Longview, Tyler says 200 children are missing.",
		[]string{"PLACE Longview", "PLACE Tyler"}},
	// "the West" names the Western countries; "West" alone says nothing.
	{"the-west", "Relations with the West soured, but the West Bank was calm.",
		[]string{"PLACE West", "PLACE West Bank"}},
	{"west-alone", "Ivo Tarkovan went West in 1990.",
		[]string{"PERSON Ivo Tarkovan"}},
	// A month that is also a given name, before a surname, starts a name;
	// after a date word it is the month.
	{"month-given-name", "The station's June Kessler found the camps.",
		[]string{"PERSON June Kessler"}},
	{"month-date", "In June Kessler found the camps.",
		[]string{"PERSON Kessler"}},
	// A surname that is also a head word ("Hall", "Church") names the
	// person the document named in full; "the Hall" is a building.
	{"head-surname", "Rep. Dana Hall urged a vote. Hall, who returned on Monday, spoke. The Hall was full.",
		[]string{"PERSON Dana Hall", "PERSON Hall"}},
	{"head-surname-alone", "Hall was full of people.",
		[]string{}},
	// A word that is also an ordinary one is a name at a sentence start
	// if the document capitalises it mid-sentence; not after an article.
	{"sentence-start-confirmed", "During the meeting, the ministers and Banks signed a deal. Banks' trip to Hanoi was a success.",
		[]string{"PERSON Banks", "PERSON Banks", "PLACE Hanoi"}},
	{"sentence-start-alone", "Banks' trip to Hanoi was a success.",
		[]string{"PLACE Hanoi"}},
	{"article-not-confirmed", "Lawsuits over Zelvano grew. It was a Zelvano case.",
		[]string{"UNKNOWN Zelvano"}},
	// A word for people ends an organisation's name, not the run.
	{"org-people-word", "He met the Ministry of Women and Children Affairs in Velkan on Monday.",
		[]string{"ORG Ministry of Women and Children Affairs", "PLACE Velkan"}},
	{"org-then-people", "The Ministry of Defense denied it. Police said otherwise.",
		[]string{"ORG Ministry of Defense"}},
	// "of the", "for the" inside an organisation's name.
	{"org-of-the", "He spoke to the Ministry of the Interior on Monday.",
		[]string{"ORG Ministry of the Interior"}},
	{"org-for-the", "The Society for the Protection of Veldan Birds says the pens are bad.",
		[]string{"ORG Society for the Protection of Veldan Birds"}},
	// A name in capitals inside running text is one name, even if its
	// last word is also a word ("TUN"); in an all-caps line it is not.
	{"caps-name-in-text", "The colony became independent in 1948. Gen. MAUNG TUN ruled the country from 1962.",
		[]string{"PERSON MAUNG TUN"}},
	{"caps-name-after-verb", "In 1988 the army deposed MAUNG TUN and set up a junta.",
		[]string{"UNKNOWN MAUNG TUN"}},
	{"caps-line-name-said", "PRESIDENT TARKOVAN SAID on Monday that he would go.",
		[]string{"PERSON TARKOVAN"}},
	// A lawmaker's party and state (", D-Ohio,") is the state, no person.
	{"party-state", "Rep. Dana Kessler, D-Ohio, urged a vote.",
		[]string{"PERSON Dana Kessler", "PLACE D-Ohio"}},
	{"party-state-paren", "Sen. Ivo Tarkovan (R-Texas) said so.",
		[]string{"PERSON Ivo Tarkovan", "PLACE R-Texas"}},
	{"party-state-abbrev", "Rep. Mara Quell, D-N.Y., said so. Sen. Ivo Tarkovan, R-Calif., agreed.",
		[]string{"PERSON Mara Quell", "PERSON Ivo Tarkovan"}},
	// "Title of X": X is where the title is, not who holds it.
	{"title-of-place", "The Health Minister of Velkania said the outbreak was over.",
		[]string{"PLACE Velkania"}},
	{"title-of-then-name", "The President of Velkania, Ivo Tarkovan, said so.",
		[]string{"PLACE Velkania", "PERSON Ivo Tarkovan"}},
	{"title-of-title", "The Secretary of State Mara Quell met the King of Velkania.",
		[]string{"PERSON Mara Quell", "PLACE Velkania"}},
	// A body's name ends at its head when a person's name follows.
	{"org-then-name", "Gunmen killed a senior member of the Transport Ministry Kavo Dresk and his driver.",
		[]string{"ORG Transport Ministry", "PERSON Kavo Dresk"}},
	{"head-first-org", "Shares of Bank Negara Malaysia rose.",
		[]string{"ORG Bank Negara Malaysia"}},
	// "the X administration" is named after a president.
	{"administration", "Critics say the Tarkovan administration has no plan.",
		[]string{"PERSON Tarkovan"}},
	{"administration-start", "Tarkovan administration officials denied it.",
		[]string{"PERSON Tarkovan"}},
	{"administration-town", "The Tyler administration agreed.",
		[]string{"PERSON Tyler"}},
	{"administration-country", "The U.S. administration and the Kenyan administration agreed.",
		[]string{"PLACE U.S."}},
	// An appositive or a possessive that only a place takes says the name
	// is a place; "a city official" describes a person.
	{"appositive-capital", "Troops entered Varnokel, the capital of Velkania, on Monday.",
		[]string{"PLACE Varnokel", "PLACE Velkania"}},
	{"appositive-town", "The bomb hit Varnokel, a small town near the border.",
		[]string{"PLACE Varnokel"}},
	{"possessive-mayor", "Varnokel's mayor met the press.",
		[]string{"PLACE Varnokel"}},
	{"appositive-person", "Dresk, a city official, said so.",
		[]string{"PERSON Dresk"}},
	// "the X tribal region": a place noun after one modifier.
	{"tribal-region", "The army pounded hideouts in the Varesh tribal region on Saturday.",
		[]string{"PLACE Varesh"}},
	// The words around an unknown name say it is a company or a body.
	{"org-chief-after", "Zelvano chief executive Mara Quell said profits rose.",
		[]string{"ORG Zelvano", "PERSON Mara Quell"}},
	{"org-shares-in", "Shares in Zelvano rose. Mara Quell, the head of Zelvano, said so.",
		[]string{"ORG Zelvano", "PERSON Mara Quell", "ORG Zelvano"}},
	{"org-of-family", "A member of the Tarkovan family said so.",
		[]string{}},
	// "war crimes" names no war, and a sentence's "The" is no part of
	// the name before "war" or "treaty".
	{"war-crimes", "The U.N. war crimes tribunal met in Varnokel.",
		[]string{"ORG U.N.", "PLACE Varnokel"}},
	{"the-war-start", "The Velkan war ended in 1990. The Iraq war ended.",
		[]string{"PLACE Iraq"}},
	// A demonym before a body every country has says whose it is.
	{"demonym-body", "The plan lets the Honduran Congress decide. The Iraqi Army moved.",
		[]string{"ORG Congress", "ORG Army"}},
	{"demonym-party-name", "A member of the Nepali Congress party spoke.",
		[]string{"ORG Nepali Congress"}},
	// A person's name does not run into a country of several words.
	{"name-then-country", "A memorial is planned. Ivo Tarkovan South Sudan's leader said so.",
		[]string{"PERSON Ivo Tarkovan", "PLACE South Sudan"}},
	// Every name in a list of storms is a storm, not a person.
	{"storm-list", "Hurricanes Ivor (2004) and Delia (2005) damaged the crops in Grenada.",
		[]string{"PLACE Grenada"}},
	{"storm-list-comma", "Typhoons Ivor, Delia and Mara hit Luzon. Mara Quell said so.",
		[]string{"PLACE Luzon", "PERSON Mara Quell"}},
}

func TestGeneralRules(t *testing.T) {
	for _, c := range generalRuleCases {
		t.Run(c.name, func(t *testing.T) {
			if got := spansOf(t, c.text); !reflect.DeepEqual(got, c.want) {
				t.Errorf("%q\n got %q\nwant %q", c.text, got, c.want)
			}
		})
	}
}
