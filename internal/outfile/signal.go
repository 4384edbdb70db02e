package outfile

import (
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// HandleSignals catches SIGINT and SIGTERM until stop is called. On the
// first of them it waits for a commit under way to finish, removes every
// temporary and lock file of the process, makes later commits fail with
// ErrInterrupted, and then calls onSignal (which usually ends the process:
// see ExitCode). stop restores the default handling.
func HandleSignals(onSignal func(os.Signal)) (stop func()) {
	ch := make(chan os.Signal, 1)
	done := make(chan struct{})
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case sig := <-ch:
			state.mu.Lock()
			state.interrupted = true
			for p := range state.temps {
				os.Remove(p)
			}
			for p := range state.locks {
				os.Remove(p)
			}
			state.mu.Unlock()
			onSignal(sig)
		case <-done:
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			signal.Stop(ch)
			close(done)
			state.mu.Lock()
			state.interrupted = false
			state.mu.Unlock()
		})
	}
}

// ExitCode is the conventional exit status after sig: 128 + its number.
func ExitCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 1
}
