package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/paiban/paiban/issue"
)

// Watch calls run once and then again after every change to the plan or a
// file it names (articles, images, figures, fonts), until ctx is done.
//
// Changes come as file-system events (fsnotify) on the directories of the
// files — editors save by writing a new file and renaming it over the old,
// which a watch on the file itself would lose — and are acted on once the
// files have been quiet for QuietWindow, so a save that writes several
// files, or one file in several steps, runs once. The files' sizes and
// modification times decide whether anything really changed. Every
// interval the files are compared anyway (events can be missed: network
// file systems, a full event queue); where events are not available at all
// Watch polls every interval. run returns the issue it read (nil when the
// plan could not be read: the files watched so far are kept).
func Watch(ctx context.Context, plan string, interval time.Duration, run func() *issue.Issue) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		pollWatch(ctx, plan, interval, run)
		return
	}
	defer w.Close()
	files := []string{plan}
	before := snapshot(files)
	files = watchList(plan, run(), files)
	seen := merge(before, snapshot(files))
	dirs := map[string]bool{}
	watched := map[string]bool{}
	follow := func() {
		watched = map[string]bool{}
		for _, f := range files {
			abs, err := filepath.Abs(f)
			if err != nil {
				continue
			}
			watched[abs] = true
			if d := filepath.Dir(abs); !dirs[d] && w.Add(d) == nil {
				dirs[d] = true
			}
		}
	}
	follow()
	tick := time.NewTicker(interval)
	defer tick.Stop()
	relevant := func(ev fsnotify.Event) bool {
		abs, err := filepath.Abs(ev.Name)
		return err == nil && watched[abs]
	}
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				pollWatch(ctx, plan, interval, run)
				return
			}
			if !relevant(ev) {
				continue
			}
		case <-w.Errors:
		case <-tick.C:
		}
		if equal(snapshot(files), seen) {
			continue
		}
		// quiet window: until no event on a watched file and no change to
		// the files for a moment
		now := snapshot(files)
		quiet := time.NewTimer(QuietWindow)
	settle:
		for {
			select {
			case <-ctx.Done():
				quiet.Stop()
				return
			case ev := <-w.Events:
				if relevant(ev) {
					quiet.Reset(QuietWindow)
				}
			case <-quiet.C:
				again := snapshot(files)
				if equal(again, now) {
					break settle
				}
				now = again
				quiet.Reset(QuietWindow)
			}
		}
		files = watchList(plan, run(), files)
		follow()
		// what changed while run was running is seen at the next event or tick
		seen = merge(now, snapshot(files))
	}
}

// QuietWindow is how long the watched files must be still after an event
// before Watch runs again.
const QuietWindow = 20 * time.Millisecond

// pollWatch is Watch without file-system events: it polls the files' sizes
// and modification times every interval, and acts on a change once the
// files have been quiet for one more interval.
func pollWatch(ctx context.Context, plan string, interval time.Duration, run func() *issue.Issue) {
	files := []string{plan}
	before := snapshot(files)
	files = watchList(plan, run(), files)
	seen := merge(before, snapshot(files))
	for {
		if !sleep(ctx, interval) {
			return
		}
		now := snapshot(files)
		if equal(now, seen) {
			continue
		}
		for { // debounce: wait until nothing moves for one interval
			if !sleep(ctx, interval) {
				return
			}
			again := snapshot(files)
			if equal(again, now) {
				break
			}
			now = again
		}
		files = watchList(plan, run(), files)
		// what changed while run was running is seen at the next poll
		seen = merge(now, snapshot(files))
	}
}

// WatchedFiles lists what Watch watches for a plan read as iss: the plan
// and every file it names, sorted.
func WatchedFiles(plan string, iss *issue.Issue) []string {
	return watchList(plan, iss, nil)
}

func watchList(plan string, iss *issue.Issue, old []string) []string {
	if iss == nil {
		if old == nil {
			return []string{plan}
		}
		return old
	}
	set := map[string]bool{plan: true}
	fonts := append([]issue.FontRef{iss.Fonts.Body, iss.Fonts.Heading}, iss.Fonts.Fallback...)
	if iss.Fonts.Quote != nil {
		fonts = append(fonts, *iss.Fonts.Quote)
	}
	for _, f := range fonts {
		if f.Path != "" {
			set[f.Path] = true
		}
	}
	for _, ps := range iss.Pages {
		if ps.OpeningImage != nil {
			set[ps.OpeningImage.Path] = true
		}
		for _, c := range ps.Content {
			if c == nil {
				continue
			}
			set[c.Path] = true
			if c.Article != nil {
				for _, b := range c.Article.Blocks {
					if b.Image != nil {
						set[b.Image.Path] = true
					}
				}
			}
		}
	}
	out := make([]string, 0, len(set))
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

type fileState struct {
	exists bool
	size   int64
	mod    time.Time
}

func snapshot(files []string) map[string]fileState {
	m := make(map[string]fileState, len(files))
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			m[f] = fileState{true, st.Size(), st.ModTime()}
		} else {
			m[f] = fileState{}
		}
	}
	return m
}

// merge takes the states of files from before where it has them: a file
// changed since then shows as changed.
func merge(before, after map[string]fileState) map[string]fileState {
	for f := range after {
		if s, ok := before[f]; ok {
			after[f] = s
		}
	}
	return after
}

func equal(a, b map[string]fileState) bool {
	if len(a) != len(b) {
		return false
	}
	for f, s := range a {
		t, ok := b[f]
		if !ok || s.exists != t.exists || s.size != t.size || !s.mod.Equal(t.mod) {
			return false
		}
	}
	return true
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
