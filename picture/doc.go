// Package picture shows an article's pictures in a terminal: it decodes
// an image within fixed bounds, scales it to a number of cells, and
// writes it in one of three terminal image protocols. It also reads the
// terminal's answers to a capability query and says which protocol to
// use. It does no I/O itself: the caller fetches the bytes, sends the
// query and writes the sequences.
//
// # Decoding
//
// Decode takes the bytes of a JPEG, PNG, GIF (first frame) or WebP
// (golang.org/x/image/webp). It refuses more than Limits.MaxBytes before
// looking at them, reads the header alone (image.DecodeConfig) and
// refuses a picture wider or taller than Limits.MaxSide or of more than
// Limits.MaxPixels before any pixel is allocated, so a 60,000 × 60,000
// "bomb" of a few kilobytes costs nothing. A decoder that fails (or
// panics) gives ErrBroken; the reader then shows a placeholder line.
//
// # Cells
//
// A terminal draws in cells. Fit works out how many columns and rows a
// picture takes at the pane's width, from the pixel size of one cell:
// the terminal's own answer to CSI 16 t when it gave one, else 10 × 20.
// The picture is scaled once (golang.org/x/image/draw) to
// exactly that many pixels (bilinear), so the terminal has no scaling to
// do.
//
// # Protocols, and how they meet Bubble Tea
//
// Bubble Tea v2 draws each frame into a grid of cells and writes only the
// cells that changed; an escape sequence inside View() is parsed into
// that grid, so a picture's sequence cannot simply be part of the text.
// What the renderer does allow is a raw write: tea.Raw queues a string
// that the program writes to the terminal before the next frame
// (Program.execute, then the renderer's flush on the same tick).
//
//   - kitty (kitty, Ghostty): the picture is transmitted once with
//     tea.Raw (KittyTransmit: a=T, U=1, a virtual placement of c × r
//     cells, q=2 so the terminal sends no reply) and placed with Unicode
//     placeholders (KittyPlaceholder): each cell is U+10EEEE with two
//     combining marks for its row and column, coloured with the image id
//     as an indexed foreground colour. Those are ordinary characters to
//     the renderer, so the picture scrolls, is clipped by the pane and is
//     redrawn with the text, inside the cell grid, and needs nothing more
//     than the first transmission. Ids are 1-255 (an indexed colour
//     survives Bubble Tea's colour downsampling; a 24-bit id would not in
//     a 256-colour profile). Inside tmux the transmission goes through
//     tmux's passthrough (TmuxPassthrough), and tmux draws the
//     placeholders as the text they are: this is what placeholders were
//     made for.
//   - iTerm2 (iTerm2, WezTerm) and sixel (foot, xterm -ti vt340, mlterm,
//     WezTerm): neither has placeholders. The reader leaves the picture's
//     cells blank and, once the frame with those blank cells is on the
//     screen, writes the picture over them with tea.Raw, between a cursor
//     save and restore (At). The renderer does not know about the pixels,
//     so when the pane scrolls the reader first has the screen cleared
//     and redrawn (tea.ClearScreen) and draws the pictures again when the
//     scrolling stops: a picture disappears while the text moves and
//     comes back within a fifth of a second. Only pictures wholly inside
//     the pane are drawn. Sixel pictures are in a fixed 216-colour cube
//     with Floyd-Steinberg dithering (checked in xterm -ti vt340).
//
// Tried and left: putting the sequences inside View() (the renderer's
// cell parser drops them); tea.Println (prints nothing in the alternate
// screen); kitty placements at a cursor position (a=p without U=1),
// which stay on the screen when the text under them scrolls, as the
// iTerm2 and sixel pictures would without the clear.
//
// # Detection
//
// Query is sent once at start: a kitty graphics query (a=q), XTVERSION,
// the cell size in pixels and, last, the primary device attributes
// (DA1). Terminals answer in order, so when the DA1 answer arrives every
// other answer has come or never will. Detect then decides: WezTerm (by
// its XTVERSION name) speaks iTerm2's protocol, which it supports in
// full, where its kitty support lacks placeholders; a terminal that
// answered the kitty query OK speaks kitty; iTerm2 (by name) speaks
// iTerm2; a DA1 answer with 4 speaks sixel; anything else, tmux without
// passthrough included (it answers XTVERSION and DA1 itself and drops
// the kitty query), keeps the text line.
package picture
