package runtime_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/arazzo-run/arazzo/runtime"
)

// TestRunRefusesMisuse checks that misuse is an error, not a panic, and
// not a run that sends requests somewhere unintended.
func TestRunRefusesMisuse(t *testing.T) {
	srv := newItemsServer(t)
	doc := loadItems(t, srv)
	inputs := map[string]any{"id": "1"}
	var zero runtime.Runner
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"zero Runner", func() error {
			_, err := zero.Run(context.Background(), doc, "follow", inputs)
			return err
		}, "not made by New"},
		{"nil context", func() error {
			//lint:ignore SA1012 the point is a nil context
			_, err := runtime.New(runtime.Options{}).Run(nil, doc, "follow", inputs)
			return err
		}, "nil context"},
		{"server for an unknown source", func() error {
			_, err := runtime.New(runtime.Options{Servers: map[string]string{"itmes": srv.URL}}).Run(context.Background(), doc, "follow", inputs)
			return err
		}, `Servers names source "itmes"`},
		{"unknown check", func() error {
			_, err := runtime.New(runtime.Options{Checks: map[string]runtime.CheckLevel{"body-schemaa": runtime.LevelError}}).Run(context.Background(), doc, "follow", inputs)
			return err
		}, `Checks names "body-schemaa"`},
		{"unknown level", func() error {
			_, err := runtime.New(runtime.Options{Checks: map[string]runtime.CheckLevel{"body-schema": "fatal"}}).RunAll(context.Background(), doc, inputs)
			return err
		}, `Checks["body-schema"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if !errors.Is(err, runtime.ErrInvalidOptions) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want ErrInvalidOptions saying %q", err, tt.want)
			}
		})
	}
	// A nil ObserverFunc is no observer, not a crash.
	r := runtime.New(runtime.Options{Servers: map[string]string{"items": srv.URL}, Observer: runtime.ObserverFunc(nil)})
	if res, err := r.Run(context.Background(), doc, "follow", inputs); err != nil || res.Status != runtime.Succeeded {
		t.Errorf("with a nil ObserverFunc: %v %v", err, res)
	}
}
