/* The terminal: curses set-up and tear-down, signals, glyphs and width-aware text drawing. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_UI_H
#define CF_UI_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

/* The smallest screen the views are laid out for. */
#define UI_MIN_COLS 40
#define UI_MIN_ROWS 12

struct ui_opts {
    bool mouse; /* report clicks and the wheel */
    bool ascii; /* ASCII glyphs even in a UTF-8 locale */
};

/* Set to the signal's number by the SIGINT/SIGTERM/SIGHUP handlers; the loop
 * (and loading) quits when it sees it, and the explorer exits with 128 + it. */
extern volatile sig_atomic_t ui_sig_quit;

/*
 * Take over the terminal (idempotent): curses in cbreak/noecho mode, keypad,
 * hidden cursor, colours if the terminal has them, mouse if asked. When stdin
 * is not a terminal, input is read from /dev/tty. Installs a fatal hook that
 * restores the terminal before printing. Returns 0, or -1 with a message in
 * errbuf when there is no usable terminal (nothing is changed then).
 */
int ui_init(const struct ui_opts *o, char *errbuf, size_t errsize);

/* Give the terminal back (idempotent; safe when ui_init never ran). */
void ui_shutdown(void);

/* Whether ui_init has taken the terminal and ui_shutdown has not yet returned it. */
bool ui_active(void);

/* While the loop waits on something long (a database's query): whether the user asked
 * to stop it, with Esc, q or Ctrl-C, since the last call. Other keys are dropped (a
 * resize is kept for the loop). An import_opts interrupt (ud unused). */
bool ui_interrupt_requested(void *ud);

/* True when box-drawing and block glyphs may be drawn (UTF-8 locale, no --ascii). */
bool ui_unicode(void);

/* Glyphs, each a NUL-terminated string of one display column (UTF-8 or ASCII). */
enum ui_glyph {
    GLYPH_HLINE,
    GLYPH_VLINE,
    GLYPH_BLOCK,    /* full bar cell */
    GLYPH_ELLIPSIS, /* cut text */
    GLYPH_ARROW,    /* "→" / ">" */
    GLYPH_BULLET,
    GLYPH__COUNT
};
const char *ui_glyph(enum ui_glyph g);

/* Display width of the UTF-8 string s (invalid bytes and control characters count 1). */
int ui_strwidth(const char *s);

/*
 * Draw s at the cursor of w, at most width display columns; a string that does
 * not fit is cut by display width (never inside a character) and ends with an
 * ellipsis. Returns the columns written. Invalid bytes show as '?'.
 */
int ui_put(WINDOW *w, const char *s, int width);

/* Like ui_put, then pad with spaces to exactly width columns. */
void ui_put_pad(WINDOW *w, const char *s, int width);

/* Like ui_put_pad but right-aligned within width. */
void ui_put_right(WINDOW *w, const char *s, int width);

/*
 * Draw a horizontal bar of width cells filled to frac (0..1) at the cursor:
 * eighth-blocks in UTF-8, '#' in ASCII; the unfilled part is spaces.
 */
void ui_bar(WINDOW *w, double frac, int width);

/* The part of s after its first cols display columns (s itself when cols <= 0). */
const char *ui_skip(const char *s, int cols);

/* Cut s to at most width display columns into buf (with an ellipsis if cut). */
void ui_fit(const char *s, int width, char *buf, size_t size);

/* Format n with thousands separators ("21,348") into buf, or plain while exporting. */
void ui_fmt_count(size_t n, char *buf, size_t size);

/* While on, ui_fmt_count writes plain digits (CSV export); returns the previous setting. */
bool ui_plain_counts(bool on);

#endif
