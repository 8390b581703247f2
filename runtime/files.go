// Reading the files that request bodies upload.

package runtime

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// errFilesDisabled fails a step whose body names a file ({"$file": path})
// when Options.ReadFile is nil.
var errFilesDisabled = errors.New("reading files is not enabled (Options.ReadFile; arazzo run --files DIR)")

// FilesUnder returns a function for Options.ReadFile that reads files by
// paths relative to dir and refuses every path that leads outside it,
// through "..", an absolute path or a symbolic link.
func FilesUnder(dir string) func(path string) ([]byte, error) {
	return func(path string) ([]byte, error) {
		if filepath.IsAbs(path) {
			return nil, fmt.Errorf("%s is an absolute path; name files relative to the files directory", path)
		}
		root, err := os.OpenRoot(dir)
		if err != nil {
			return nil, fmt.Errorf("opening the files directory: %w", err)
		}
		defer root.Close()
		return root.ReadFile(path)
	}
}

// readFile is the file reader requests are built with.
func (st *state) readFile(path string) ([]byte, error) {
	if st.opts.ReadFile == nil {
		return nil, errFilesDisabled
	}
	return st.opts.ReadFile(path)
}
