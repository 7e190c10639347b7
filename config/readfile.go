package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// MaxFileBytes is the most of a config file Load reads; a larger file is
// an error. A config with thousands of sources is well under it.
const MaxFileBytes = 1 << 20

// MaxOPMLBytes is the most of an OPML file ReadOPML and ReadOPMLFile
// read. It is larger than MaxFileBytes because OPML spends more bytes on
// each feed than the config does (a 10,000-feed export is about 1.5 MiB).
const MaxOPMLBytes = 8 << 20

// ErrTooLarge matches (errors.Is) the error for a file over its cap.
var ErrTooLarge = errors.New("file too large")

// ErrNotRegular matches (errors.Is) the error for a path that names a
// directory, a named pipe, a device or a socket rather than a file.
var ErrNotRegular = errors.New("not a regular file")

// readRegular reads the regular file at path, at most limit bytes of it.
// Anything else is refused before it is read, and without blocking: the
// mode is checked by Stat before the open, the open does not wait for a
// FIFO's writer (openNoBlock), and the mode is checked again on the open
// file in case the path changed in between. what names the file in
// errors ("config file", "OPML file"). A missing file's error wraps
// fs.ErrNotExist.
func readRegular(path string, limit int64, what string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkRegular(fi, what); err != nil {
		return nil, err
	}
	f, err := openNoBlock(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := checkRegular(fi, what); err != nil {
		return nil, err
	}
	if fi.Size() > limit {
		return nil, tooLarge(what, limit)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		// The file grew after the Stat.
		return nil, tooLarge(what, limit)
	}
	return data, nil
}

// fileError is a message of its own that still matches its sentinel
// (ErrTooLarge, ErrNotRegular) with errors.Is.
type fileError struct {
	kind error
	msg  string
}

func (e *fileError) Error() string        { return e.msg }
func (e *fileError) Is(target error) bool { return target == e.kind }

func tooLarge(what string, limit int64) error {
	return &fileError{ErrTooLarge, fmt.Sprintf("the %s is larger than %d MiB", what, limit>>20)}
}

// checkRegular refuses anything but a regular file, saying what it is.
func checkRegular(fi fs.FileInfo, what string) error {
	m := fi.Mode()
	if m.IsRegular() {
		return nil
	}
	kind := "a special file"
	switch {
	case m.IsDir():
		kind = "a directory"
	case m&fs.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		kind = "a character device"
	case m&fs.ModeDevice != 0:
		kind = "a device"
	case m&fs.ModeSocket != 0:
		kind = "a socket"
	}
	return &fileError{ErrNotRegular, fmt.Sprintf("%s, not a regular file: refusing to read it as the %s", kind, what)}
}
