package testtool

import "time"

// TypstSample is what typst 0.14 takes to compile the sample issue as a
// fresh process, on the same text and geometry (docs/compare/typst.md,
// `RUNS=10 scripts/typst-compare.sh`: typst 0.14.2 through typst.ts 0.7.0,
// wall time, median of 10, on the 2-core build machine at a load average
// of 1.0–1.5: 0.80 s; 0.69–0.86 s in busier runs). The benchmarks that issue 16 compares with typst report their
// ratio to it (`×typst`), so that `make bench` states the ratio it was
// measured at; measure again when the machine or typst changes.
const TypstSample = 800 * time.Millisecond
