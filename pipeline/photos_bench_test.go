package pipeline

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/paiban/paiban/raster"
	"github.com/paiban/paiban/sample"
)

// The photo issue: the sample (68 pages) with every JPEG replaced by an RGB
// camera photo of 12, 19, 26 or 33 megapixels in the same proportions, and
// more such photos as figures at the end of articles to make 40 photos,
// 900 megapixels, generated deterministically. Photos of one size and
// proportions share their pixels (encoding 900 megapixels would take
// minutes) but not their bytes: each has its own comment segment, so each
// is decoded and converted on its own.

// photoCount is the number of photos in the photo issue.
const photoCount = 40

// extraFigures are the articles that get one more photo each.
var extraFigures = []string{"fanfu", "guangwen", "sudi", "xinli", "guangjiao", "xinshi-1", "xiangzhen-2", "xingxiang", "tugushi", "dushu"}

// writePhotoIssue writes the photo issue into dir and returns its plan.
func writePhotoIssue(tb testing.TB, dir string) string {
	tb.Helper()
	plan := filepath.Join(dir, "plan.toml")
	if err := sample.Write(dir); err != nil {
		tb.Fatal(err)
	}
	imgs, _ := filepath.Glob(filepath.Join(dir, "images", "*.jpg"))
	type photo struct {
		path   string
		aspect float64 // width / height
	}
	var photos []photo
	for _, p := range imgs {
		data, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		inf, err := raster.Classify(data)
		if err != nil {
			tb.Fatal(err)
		}
		photos = append(photos, photo{p, float64(inf.Width) / float64(inf.Height)})
	}
	// as many extra figures as bring the sample's photos to photoCount
	if len(photos) > photoCount || photoCount-len(photos) > len(extraFigures) {
		tb.Fatalf("the sample has %d photos: the photo issue needs %d to %d", len(photos), photoCount-len(extraFigures), photoCount)
	}
	for i, a := range extraFigures[:photoCount-len(photos)] {
		name := fmt.Sprintf("extra-%d.jpg", i+1)
		art := filepath.Join(dir, "articles", a+".md")
		src, err := os.ReadFile(art)
		if err != nil {
			tb.Fatal(err)
		}
		src = fmt.Appendf(bytes.TrimRight(src, "\n"), "\n\n![本刊记者摄](../images/%s)\n", name)
		if err := os.WriteFile(art, src, 0o644); err != nil {
			tb.Fatal(err)
		}
		photos = append(photos, photo{filepath.Join(dir, "images", name), 4.0 / 3})
	}
	if len(photos) != photoCount {
		tb.Fatalf("%d photos, want %d", len(photos), photoCount)
	}
	type shape struct{ w, h int }
	shapes := make([]shape, len(photos))
	bases := map[shape][]byte{}
	var order []shape
	for i, p := range photos {
		mp := 12e6 + 7e6*float64(i%4)
		w := int(math.Sqrt(mp * p.aspect))
		shapes[i] = shape{w, int(mp) / w}
		if _, ok := bases[shapes[i]]; !ok {
			bases[shapes[i]] = nil
			order = append(order, shapes[i])
		}
	}
	// the distinct photos, in parallel
	var wg sync.WaitGroup
	var mu sync.Mutex
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for k, sh := range order {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			data := cameraPhoto(sh.w, sh.h, uint32(k))
			mu.Lock()
			bases[sh] = data
			mu.Unlock()
		})
	}
	wg.Wait()
	for i, p := range photos {
		base := bases[shapes[i]]
		// SOI, then a COM segment naming the photo, then the rest
		com := fmt.Sprintf("photo %d of the paiban photo issue", i+1)
		data := append([]byte{0xff, 0xd8, 0xff, 0xfe, 0, byte(len(com) + 2)}, com...)
		data = append(data, base[2:]...)
		if err := os.WriteFile(p.path, data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return plan
}

// cameraPhoto is a w×h RGB JPEG (4:2:0, quality 92, as cameras write)
// with the detail of a photo: broad light, mid-sized shapes and grain, so
// that it compresses as a real one (about 0.4 bytes a pixel).
func cameraPhoto(w, h int, seed uint32) []byte {
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	var wave [256]int32
	for i := range wave {
		wave[i] = int32(40 * math.Sin(float64(i)*2*math.Pi/256))
	}
	s := seed*2654435761 + 1
	for y := range h {
		row := m.Y[y*m.YStride:][:w]
		for x := range row {
			s = s*1664525 + 1013904223
			v := 70 + int32(x*90/w) + int32(y*60/h) + wave[(x/7+y/11+int(seed)*13)&255] + wave[(x/23-y/5)&255]/2 + int32(s>>28) - 8
			row[x] = uint8(min(255, max(0, v)))
		}
	}
	for y := range (h + 1) / 2 {
		cb, cr := m.Cb[y*m.CStride:][:(w+1)/2], m.Cr[y*m.CStride:][:(w+1)/2]
		for x := range cb {
			cb[x] = uint8(128 + wave[(x/40+int(seed)*31)&255]/2)
			cr[x] = uint8(128 + wave[(y/30+x/90)&255]/2)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 92}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// clearValidated forgets which files were validated (images.go).
func clearValidated() {
	decoded.Lock()
	decoded.m = nil
	decoded.Unlock()
}

// cpuTime is the processor time the process has used (user and system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// idleSeconds is the processor time the Go scheduler has had nothing to
// run (runtime/metrics /cpu/classes/idle, brought up to date at each
// collection).
func idleSeconds() float64 {
	s := []metrics.Sample{{Name: "/cpu/classes/idle:cpu-seconds"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindFloat64 {
		return 0
	}
	return s[0].Value.Float64()
}

// resetPeak clears the process's peak resident memory (VmHWM): Linux
// resets it when 5 is written to /proc/self/clear_refs.
func resetPeak() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// peakMB is the process's peak resident memory (VmHWM) in MB, or -1.
func peakMB() float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(status), "\n") {
		if f := strings.Fields(l); len(f) == 3 && f[0] == "VmHWM:" {
			kb, err := strconv.Atoi(f[1])
			if err == nil {
				return float64(kb) / 1024
			}
		}
	}
	return -1
}

// BenchmarkPhotoIssue builds the photo issue (40 RGB photos of 12–33
// megapixels on 68 pages) from scratch: each iteration converts every photo
// again (the process's conversion caches are emptied outside the clock).
// peak-MB is the process's peak resident memory during the builds (VmHWM,
// reset after generating the photos). Goal: under 5 s and 600 MB on the
// 2-core build machine.
//
// With PAIBAN_PHOTO_ISSUE=DIR the issue is written to DIR and kept, to time
// a real process: PAIBAN_PHOTO_ISSUE=/tmp/photos go test ./pipeline -run '^$'
// -bench PhotoIssue -benchtime 1x, then /usr/bin/time -v paiban build
// /tmp/photos/plan.toml -o /tmp/photos.pdf.
func BenchmarkPhotoIssue(b *testing.B) {
	dir := os.Getenv("PAIBAN_PHOTO_ISSUE")
	if dir == "" {
		dir = b.TempDir()
	}
	plan := writePhotoIssue(b, dir) // once: b.Loop runs the function once
	runtime.GC()
	debug.FreeOSMemory()
	peakOK := resetPeak()
	var size int
	var cpu time.Duration
	var idle float64
	for b.Loop() {
		b.StopTimer()
		raster.ClearCache()
		clearValidated()
		runtime.GC()
		c0, i0 := cpuTime(), idleSeconds()
		b.StartTimer()
		res := runOK(b, plan, Options{WritePDF: true})
		b.StopTimer()
		cpu += cpuTime() - c0
		runtime.GC() // the idle time is brought up to date by a collection
		idle += idleSeconds() - i0
		b.StartTimer()
		size = len(res.PDF)
	}
	b.ReportMetric(float64(size)/1e6, "PDF-MB")
	// the processor time (user and system) of a build: on a busy machine
	// the wall-clock time says more about the other processes
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	// the time processors (GOMAXPROCS) had no goroutine to run: work
	// that does not keep every core busy
	b.ReportMetric(idle/float64(b.N), "idle-s/op")
	if peakOK {
		b.ReportMetric(peakMB(), "peak-MB")
	}
}
