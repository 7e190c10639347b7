package entity

import (
	"reflect"
	"testing"
)

func TestLocate(t *testing.T) {
	cases := []struct {
		name, country, region string
		ok                    bool
	}{
		{"Tokyo", "Japan", EastAsia, true},
		{"Seoul", "South Korea", EastAsia, true},
		{"South Korea", "South Korea", EastAsia, true},
		{"United States", "United States", Americas, true},
		{"Bangkok", "Thailand", SoutheastAsia, true},
		{"Okinawa", "Japan", EastAsia, true},
		{"Kadena Air Base", "Japan", EastAsia, true},
		{"Korean Peninsula", "", EastAsia, true},
		{"South China Sea", "", SoutheastAsia, true},
		{"Dhaka", "Bangladesh", SouthAsia, true},
		{"Canberra", "Australia", Oceania, true},
		{"Tehran", "Iran", MiddleEast, true},
		{"Baghdad", "Iraq", MiddleEast, true},
		{"London", "United Kingdom", Europe, true},
		{"Nairobi", "Kenya", Africa, true},
		{"Tashkent", "Uzbekistan", CentralAsia, true},
		{"Guangdong", "China", EastAsia, true},
		{"South Darfur", "Sudan", Africa, true},
		{"Narnia", "", "", false},
		{"", "", "", false},
	}
	for _, c := range cases {
		country, region, ok := Locate(c.name)
		if country != c.country || region != c.region || ok != c.ok {
			t.Errorf("Locate(%q) = %q, %q, %v; want %q, %q, %v", c.name, country, region, ok, c.country, c.region, c.ok)
		}
	}
}

func TestIsAsiaPacific(t *testing.T) {
	for _, r := range []string{EastAsia, SoutheastAsia, SouthAsia, Oceania, AsiaPacific} {
		if !IsAsiaPacific(r) {
			t.Errorf("IsAsiaPacific(%q) = false", r)
		}
	}
	for _, r := range []string{Europe, Americas, Africa, MiddleEast, CentralAsia, ""} {
		if IsAsiaPacific(r) {
			t.Errorf("IsAsiaPacific(%q) = true", r)
		}
	}
}

func TestRegions(t *testing.T) {
	spans := Extract(readTestdata(t, "seed.txt"))
	got := Regions(spans)
	if len(got) == 0 || got[0] != EastAsia {
		t.Fatalf("seed article regions = %v, want East Asia first", got)
	}
	for i, r := range got {
		for _, r2 := range got[i+1:] {
			if r == r2 {
				t.Fatalf("duplicate region %q in %v", r, got)
			}
		}
	}
	// Ordered by mentions, ties by first mention.
	text := "Paris and Berlin talks. Tokyo. Nairobi, Nairobi and Mombasa."
	if got, want := Regions(Extract(text)), []string{Africa, Europe, EastAsia}; !reflect.DeepEqual(got, want) {
		t.Errorf("Regions = %v, want %v", got, want)
	}
	if got := Regions(nil); len(got) != 0 {
		t.Errorf("Regions(nil) = %v", got)
	}
	// Only PLACE spans count.
	if got := Regions([]Span{{Label: Person, Text: "Tokyo", Canonical: "Tokyo"}}); len(got) != 0 {
		t.Errorf("a person named Tokyo gave regions %v", got)
	}
}
