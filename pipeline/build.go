// Package pipeline runs the whole pipeline for one plan: read the plan and its
// content (issue), load the fonts (fonts), set the pages (layout), write the
// PDF (pdf) and finish it for print (finish). The command is a thin layer on
// top of it.
package pipeline

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/finish"
	"github.com/paiban/paiban/fonts"
	"github.com/paiban/paiban/internal/outfile"
	"github.com/paiban/paiban/issue"
	"github.com/paiban/paiban/layout"
	"github.com/paiban/paiban/manifest"
	"github.com/paiban/paiban/pdf"
	"github.com/paiban/paiban/pdf/cos"
	"github.com/paiban/paiban/proof"
	"github.com/paiban/paiban/raster"
)

// Result is what a run produced.
type Result struct {
	Issue    *issue.Issue
	Document *layout.Document
	Report   *layout.Report
	PDF      []byte // nil for check runs or when there are errors

	Manifest *manifest.Manifest // what is on the pages, when PDF is set
	Diff     *manifest.Diff     // proofs: changes since ProofOptions.Since; after Save: since the last manifest
	Proof    *layout.Document   // proofs: the pages as stamped (spreads when asked)
	Changes  []proof.Change     // proofs: the lines changed since ProofOptions.Since
	Extra    []outfile.File     // written with the PDF by Save (a proof's --changes list)
	Sheets   int                // proofs with --flatplan: the flat plan's pages, in front of the proof's

	CacheErr error // Save: the disk cache could not be written (the build did not fail for it)

	cache     *Cache // to write to cacheFile when saved
	cacheFile string

	fonts layout.Fonts // the faces the document was set with (writeerr.go)

	pdfDoc  *cos.Doc // Options.Stream: the finished PDF, for Save to write
	pdfSize int64    // its size once written
}

// Options select what a run does.
type Options struct {
	WritePDF bool // false for `paiban check`
	Strict   bool // every warning is an error (`--strict`, for the final print file)

	Proof *ProofOptions // write page proofs instead of the print PDF (proof.go)
	Cache *Cache        // reuse the work of earlier runs in this process (cache.go)

	oversetPages bool // flat plans: overset text is a state to show, as in proofs (flatplan.go)

	// Progress is a terminal to show a progress line on when the build
	// takes more than a second (progress.go); nil shows none.
	Progress io.Writer

	// Stream: the print PDF is not serialised into Result.PDF; Save writes
	// it to its file straight from its objects, so that it is never whole
	// in memory (Result.HasPDF, PDFSize). For `paiban build`; proofs
	// always fill Result.PDF.
	Stream bool

	// DiskCache is the disk cache file to start from and, when the run's
	// output is saved (Save), to write (disk.go; CachePath): "" for none.
	DiskCache string
}

// Run reads, lays out and (optionally) writes the plan. Diagnostics include
// warnings and notes; the run failed when they hold an error, and then
// Result.PDF is nil.
func Run(planPath string, opt Options) (*Result, diag.List) {
	start := time.Now() // for the progress line only
	res := &Result{}
	var diags diag.List
	if opt.Cache == nil {
		// nothing kept between runs, but within this run each file is
		// hashed once: for the image checks, the manifest and the PDF
		opt.Cache = &Cache{Hash: manifest.NewHasher()}
		if opt.DiskCache != "" {
			opt.Cache = NewCache()
		}
	}
	if opt.DiskCache != "" {
		res.cache, res.cacheFile = opt.Cache, opt.DiskCache
		if !opt.Cache.tried {
			opt.Cache.tried = true
			if err := opt.Cache.Load(opt.DiskCache); err != nil {
				diags.Notef(opt.DiskCache, 0, "%v", err)
			}
		}
	}
	iss, ld := issue.LoadCached(planPath, opt.Cache.articles())
	diags.Add(ld...)
	res.Issue = iss
	if iss == nil || diags.HasErrors() {
		return res, diags
	}
	warmed := warmImages(iss, opt.Cache.hasher())     // images.go: the image files read while the layout runs
	masthead := pickMasthead(iss, opt.Cache.hasher()) // masthead.go: measured while the fonts load and the text is laid out
	fs, fd := loadFonts(iss)
	diags.Add(fd...)
	if fd.HasErrors() {
		masthead()
		warmed()
		return res, diags
	}
	doc, rep, ld := layout.LayoutWith(iss, fs, layout.Options{OversetPages: opt.Proof != nil || opt.oversetPages, Cache: opt.Cache.layoutCache(), Cover: func() { masthead() }})
	diags.Add(masthead()...)
	opt.Cache.prune()
	if rep != nil && len(rep.Missing) > 0 {
		installedHints(ld, rep.Missing)
	}
	diags.Add(ld...)
	res.Document, res.Report, res.fonts = doc, rep, fs
	hasher := opt.Cache.hasher() // image files hashed once, by checkImages
	warmed()
	var converted map[string]*raster.Image
	if doc != nil {
		var store raster.Store
		if opt.DiskCache != "" {
			store = imageStore(opt.DiskCache) // disk.go: conversions kept beside the PDF
		}
		images := checkImages(iss, doc, hasher, startProgress(opt.Progress, start, "images"), store) // images.go: resolution, conversions
		ink := inkDiag(iss, doc)                                                                     // ink.go: rich black, total ink (while the photos convert)
		var id diag.List
		id, converted = images.wait()
		if ds, ok := store.(*dirStore); ok && !id.HasErrors() {
			ds.prune()
		}
		diags.Add(id...)
		diags.Add(ink...)
	}
	if opt.Strict {
		diags = diags.Strict()
	}
	if diags.HasErrors() || !opt.WritePDF {
		return res, diags
	}
	if opt.Proof != nil {
		return writeProof(res, diags, opt, hasher, converted)
	}
	manifestOf := startManifest(hasher, iss, doc, "build") // output.go: hashed (and its lines recorded) while the PDF is written
	// gopdf draws, one object pass corrects (pdf.Render), finish completes
	// the same objects, and the file is serialised once.
	col, err := colourOf(iss)
	if err != nil {
		diags.Errorf(iss.Print.Pos.File, iss.Print.Pos.Line, "[print]: %v", err)
		return res, diags
	}
	pd, err := pdf.Render(doc, pdf.Options{Cache: opt.Cache.pdfCache(), Fit: fitTargets(iss, doc), Colour: col, Photo: photoOptions(iss.Print), Converted: converted, FileSum: hasher.File})
	if err != nil {
		at := writeErrPos(iss, doc, res.fonts, err) // writeerr.go
		diags.Errorf(at.File, at.Line, "writing the PDF: %v", err)
		return res, diags
	}
	if err := opt.Cache.pdfLoadErr(); err != nil {
		diags.Notef(opt.DiskCache, 0, "cache: the PDF part ignored (the PDF was written from scratch): %v", err)
	}
	labels := make([]string, len(doc.Pages))
	for i, p := range doc.Pages {
		labels[i] = p.Label
	}
	if err := finish.Apply(pd, printOptions(iss, labels)); err != nil {
		diags.Errorf(iss.PlanFile, 0, "finishing the PDF: %v", err)
		return res, diags
	}
	if res.Manifest, err = manifestOf(); err != nil {
		diags.Errorf(iss.PlanFile, 0, "hashing the pages: %v", err)
		return res, diags
	}
	if opt.Stream {
		res.pdfDoc = pd // Save writes it from the objects
	} else {
		res.PDF = pd.Bytes()
	}
	return res, diags
}

// HasPDF reports whether the run made a PDF: in Result.PDF, or (with
// Options.Stream) to be written by Save.
func (r *Result) HasPDF() bool { return r != nil && (r.PDF != nil || r.pdfDoc != nil) }

// PDFSize is the size of the PDF in bytes (with Options.Stream, once Save
// wrote it).
func (r *Result) PDFSize() int {
	if r.PDF != nil {
		return len(r.PDF)
	}
	return int(r.pdfSize)
}

// loadFonts loads the faces of the plan's font roles.
func loadFonts(iss *issue.Issue) (layout.Fonts, diag.List) {
	var d diag.List
	load := func(ref issue.FontRef) *fonts.Face {
		var f *fonts.Face
		var err error
		switch {
		case ref.Builtin != "":
			f, err = fonts.Builtin(ref.Builtin)
		case ref.Family != "":
			// an installed font by family and style
			in, near, ok := fonts.FindFamily(installedFaces(), ref.Family)
			if !ok {
				hint := ""
				if len(near) > 0 {
					hint = "; installed: " + strings.Join(near, ", ")
				}
				d.Errorf(ref.Pos.File, ref.Pos.Line, "no installed font is named %q (a font is a file path, \"builtin:serif\", or an installed family and style such as \"Noto Serif CJK SC\" or \"Noto Sans CJK SC Bold\"; looked in %s)%s", ref.Family, strings.Join(fonts.SystemFontDirs(), ", "), hint)
				return nil
			}
			f, err = loadFontFile(in.Path, in.Index) // cache.go
		default:
			f, err = loadFontFile(ref.Path, ref.Index) // cache.go
		}
		if err != nil {
			d.Errorf(ref.Pos.File, ref.Pos.Line, "%v", err)
			return nil
		}
		return f
	}
	var fs layout.Fonts
	fs.Body = load(iss.Fonts.Body)
	fs.Heading = load(iss.Fonts.Heading)
	if iss.Fonts.Quote != nil {
		fs.Quote = load(*iss.Fonts.Quote)
	}
	for _, ref := range iss.Fonts.Fallback {
		if f := load(ref); f != nil {
			fs.Fallback = append(fs.Fallback, f)
		}
	}
	return fs, d
}

// maxHints bounds the characters whose installed fonts are looked up.
const maxHints = 8

// installedHints adds to the error of each character no configured font
// has the fonts installed on this machine that have it, so the fix is one
// line of the plan ([fonts] fallback). The scan reads only the character
// maps, once per process.
func installedHints(d diag.List, missing []layout.Missing) {
	faces := installedFaces()
	for i, m := range missing {
		if i == maxHints {
			break
		}
		hint := fmt.Sprintf("; no installed font has it either (looked in %s)", strings.Join(fonts.SystemFontDirs(), ", "))
		if s := fonts.Suggest(faces, m.R, 3); len(s) > 0 {
			hint = fmt.Sprintf("; installed fonts that have it: %s — add one to [fonts] fallback", strings.Join(s, ", "))
		}
		tag := fmt.Sprintf("(U+%04X)", m.R)
		for k := range d {
			if d[k].Severity == diag.Error && d[k].File == m.File && d[k].Line == m.Line && strings.Contains(d[k].Message, tag) {
				d[k].Message += hint
				break
			}
		}
	}
}

var (
	installedOnce sync.Once
	installed     []fonts.Installed
)

func installedFaces() []fonts.Installed {
	installedOnce.Do(func() { installed = fonts.ScanInstalled(fonts.SystemFontDirs()) })
	return installed
}
