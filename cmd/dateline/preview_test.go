package main

import (
	"context"
	"testing"
)

// The preview is the Asia-Pacific section's eight headlines, newest
// first, each with its source's name.
func TestDemoPreview(t *testing.T) {
	items := demoPreview(context.Background())
	if len(items) != 8 {
		t.Fatalf("%d headlines, want the section's 8", len(items))
	}
	for i, it := range items {
		if it.Title == "" || it.SourceName != "China Daily · Asia-Pacific (sample)" {
			t.Errorf("headline %d: %+v", i, it)
		}
		if i > 0 && it.Published.After(items[i-1].Published) {
			t.Errorf("headline %d is newer than the one before it", i)
		}
	}
	if items[0].Title != "Firefighters in New South Wales brace for hotter weekend" {
		t.Errorf("first headline %q", items[0].Title)
	}
}
