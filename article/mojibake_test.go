package article

import "testing"

func TestFixMojibake(t *testing.T) {
	for _, c := range [][2]string{
		{"\u00e2\u0080\u009cThe fact is\u00e2\u0080\u009d", "“The fact is”"}, // via Latin-1
		{"donâ€™t and â€œquotedâ€\u009d", "don’t and “quoted”"},              // via windows-1252
		{"Earth\u00e2\u0080\u0099s climate", "Earth’s climate"},
		{"solutions\u00c2\u00a0and", "solutions\u00a0and"},
		{"café, naïve, Zürich, São Paulo, © 2024, 20°C", "café, naïve, Zürich, São Paulo, © 2024, 20°C"},
		{"don’t “quote” — dash … ellipsis €5 ™", "don’t “quote” — dash … ellipsis €5 ™"},
		{"Aqaba port\u009b2J", "Aqaba port\u009b2J"},
		{"plain ascii", "plain ascii"},
	} {
		if got := string(fixMojibake([]byte(c[0]))); got != c[1] {
			t.Errorf("fixMojibake(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}
