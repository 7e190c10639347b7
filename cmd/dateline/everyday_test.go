package main

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// bench/everyday (a module of its own, run by hand: it compares whole
// processes with newsboat) still builds and vets.
func TestEverydayBenchBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds another module")
	}
	dir := filepath.Join("..", "..", "bench", "everyday")
	for _, args := range [][]string{{"build", "-o", filepath.Join(t.TempDir(), "everyday"), "."}, {"vet", "."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %v in bench/everyday: %v\n%s", args, err, out)
		}
	}
}
