package article

import "testing"

func TestDatelinePlace(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"TOKYO — Japan's defense minister said on Monday that…", "Tokyo"},
		{"KYIV, Ukraine (AP) — Russian drones struck the capital overnight.", "Kyiv, Ukraine"},
		{"WASHINGTON (Reuters) - The Senate passed the bill.", "Washington"},
		{"NEW YORK, N.Y. -- Stocks rose.", "New York, N.Y."},
		{"LONDON, Jan 5 (Reuters) - Shares fell.", "London"},
		{"SAN JUAN, PUERTO RICO — Power returned.", "San Juan, Puerto Rico"},
		{"The council met on Tuesday — and agreed.", ""},
		{"By then it was late - too late.", ""},
		{"I — for one — disagree.", ""},
		{"US President Joe Biden said on Monday that the talks — which began in May — would continue.", ""},
		{"No dash here at all.", ""},
		{"", ""},
	} {
		if got := datelinePlace(c.in); got != c.want {
			t.Errorf("datelinePlace(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestStripSiteName(t *testing.T) {
	for _, c := range [][3]string{
		{"Harbour reopens | The Coast Times", "The Coast Times", "Harbour reopens"},
		{"The Coast Times - Harbour reopens", "The Coast Times", "Harbour reopens"},
		{"Harbour reopens", "The Coast Times", "Harbour reopens"},
		{"The Coast Times", "The Coast Times", "The Coast Times"},
	} {
		if got := stripSiteName(c[0], c[1]); got != c[2] {
			t.Errorf("stripSiteName(%q, %q) = %q", c[0], c[1], got)
		}
	}
}

func TestIsMetaLine(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"By Jane Doe", true},
		{"By Jane Doe and John Smith | Reuters", true},
		{"By then it was too late.", false},
		{"By the end of the year, prices had doubled.", false},
		{"Published 3 March 2024", true},
		{"Updated guidance from regulators arrived late.", false},
		{"5 min read", true},
	} {
		if got := isMetaLine(c.in); got != c.want {
			t.Errorf("isMetaLine(%q) = %v", c.in, got)
		}
	}
}
