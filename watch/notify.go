package watch

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"time"

	"github.com/dateline-news/dateline/feeds"
)

// Notifier sends a desktop notification. When the system has no
// notification service it returns instead the escape sequence that asks
// the terminal to show one, for the caller to write to the terminal (the
// TUI through Bubble Tea, which owns the screen).
type Notifier interface {
	Notify(ctx context.Context, title, body string) (terminal string, err error)
}

// Desktop is the notifier Dateline uses: the freedesktop notification
// service (D-Bus org.freedesktop.Notifications) through the notify-send
// command when it is installed (Linux and BSD desktops: GNOME, KDE, Xfce,
// sway with mako or dunst), else the terminal's own notification: OSC 777
// (rxvt-unicode, foot, Ghostty, WezTerm, Konsole) and OSC 9 (iTerm2,
// Windows Terminal, kitty, WezTerm, Ghostty). A terminal that knows
// neither ignores both.
type Desktop struct {
	// LookPath finds a command (exec.LookPath when nil).
	LookPath func(file string) (string, error)
	// Run runs a command to its end (exec.CommandContext when nil).
	Run func(ctx context.Context, name string, args ...string) error
}

// notifyTimeout bounds one notify-send.
const notifyTimeout = 5 * time.Second

// Notify implements Notifier.
func (d Desktop) Notify(ctx context.Context, title, body string) (string, error) {
	title, body = feeds.Sanitize(title), feeds.Sanitize(body)
	look := d.LookPath
	if look == nil {
		look = exec.LookPath
	}
	path, err := look("notify-send")
	if err != nil {
		return TerminalNotification(title, body), nil
	}
	run := d.Run
	if run == nil {
		run = func(ctx context.Context, name string, args ...string) error {
			return exec.CommandContext(ctx, name, args...).Run()
		}
	}
	ctx, cancel := context.WithTimeout(ctx, notifyTimeout)
	defer cancel()
	if err := run(ctx, path, "--app-name=Dateline", "--", title, body); err != nil {
		return TerminalNotification(title, body), errors.Join(errors.New("notify-send failed; the terminal was asked instead"), err)
	}
	return "", nil
}

// TerminalNotification is the OSC 777 and OSC 9 notification of a title
// and a body. Both are sanitised and lose ';' (OSC 777's separator), so
// nothing in them can end the sequence or start another.
func TerminalNotification(title, body string) string {
	clean := func(s string) string { return strings.ReplaceAll(feeds.Sanitize(s), ";", ",") }
	title, body = clean(title), clean(body)
	return "\x1b]777;notify;" + title + ";" + body + "\x07" + "\x1b]9;" + title + ": " + body + "\x07"
}
