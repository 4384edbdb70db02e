package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paiban/paiban/issue"
)

// Editors save by writing a new file and renaming it over the old one: a
// watch on the file itself loses it. Watch follows the directories.
func TestWatchRenameSave(t *testing.T) {
	plan := sampleDir(t)
	art := filepath.Join(filepath.Dir(plan), "articles", "weigushi-3.md")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ran := make(chan struct{}, 10)
	go Watch(ctx, plan, time.Hour, func() *issue.Issue { // no polling: events only
		iss, _ := issue.Load(plan)
		ran <- struct{}{}
		return iss
	})
	<-ran
	// (the directories are watched once the first run has returned: save
	// again until a run comes, for at most 10 s)
	data, _ := os.ReadFile(art)
	deadline := time.After(10 * time.Second)
	for i := 1; ; i++ {
		tmp := art + ".swp"
		if err := os.WriteFile(tmp, append(data, strings.Repeat("\n", i)...), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, art); err != nil {
			t.Fatal(err)
		}
		select {
		case <-ran:
			return
		case <-time.After(500 * time.Millisecond):
		case <-deadline:
			t.Fatal("no run after a save by rename")
		}
	}
}

// BenchmarkWatchSave: from a save of one article to the new PDF in memory,
// as `paiban build --watch` does it (events, quiet window, cached rerun).
func BenchmarkWatchSave(b *testing.B) {
	plan := sampleDir(b)
	art := filepath.Join(filepath.Dir(plan), "articles", "weigushi-3.md")
	data, _ := os.ReadFile(art)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cache := NewCache()
	ran := make(chan struct{}, 10)
	go Watch(ctx, plan, time.Hour, func() *issue.Issue {
		res, _ := Run(plan, Options{WritePDF: true, Cache: cache})
		ran <- struct{}{}
		return res.Issue
	})
	<-ran
	for warm := 0; ; warm++ { // until the directories are watched
		os.WriteFile(art, append(data, strings.Repeat("\n", warm+1)...), 0o644)
		select {
		case <-ran:
		case <-time.After(time.Second):
			continue
		}
		break
	}
	b.ResetTimer()
	times := make([]time.Duration, 0, b.N)
	for i := 0; i < b.N; i++ {
		t := time.Now()
		os.WriteFile(art, append(data, strings.Repeat("\n", i%7+1)...), 0o644)
		<-ran
		times = append(times, time.Since(t))
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
}
