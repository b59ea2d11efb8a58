/* The terminal: curses set-up and tear-down, signals, glyphs and width-aware text drawing. */
/* SPDX-License-Identifier: MIT */
#include "ui.h"

#include <errno.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "util.h"

volatile sig_atomic_t ui_sig_quit;

static bool active;
static bool unicode;
static SCREEN *screen;
static FILE *tty_in, *tty_out;

static const char *const glyph_utf8[GLYPH__COUNT] = {
    "\xe2\x94\x80", "\xe2\x94\x82", "\xe2\x96\x88", "\xe2\x80\xa6", "\xe2\x86\x92", "\xe2\x80\xa2"};
static const char *const glyph_ascii[GLYPH__COUNT] = {"-", "|", "#", "~", ">", "*"};

static void
on_signal(int sig)
{
    ui_sig_quit = sig;
}

static void
ui_fatal(const char *msg)
{
    ui_shutdown();
    fprintf(stderr, "caseflow: %s\n", msg);
    exit(3);
}

static void
close_tty(void)
{
    if (tty_in != NULL)
        fclose(tty_in);
    if (tty_out != NULL)
        fclose(tty_out);
    tty_in = tty_out = NULL;
}

int
ui_init(const struct ui_opts *o, char *errbuf, size_t errsize)
{
    if (active)
        return 0;
    const char *term = getenv("TERM");
    if (term == NULL || term[0] == '\0') {
        snprintf(errbuf, errsize, "TERM is not set: the explorer needs a terminal");
        return -1;
    }
    FILE *in = stdin, *out = stdout;
    if (!isatty(STDIN_FILENO))
        in = tty_in = fopen("/dev/tty", "r");
    if (in != NULL && !isatty(STDOUT_FILENO))
        out = tty_out = fopen("/dev/tty", "w");
    if (in == NULL || out == NULL) {
        snprintf(errbuf, errsize, "no terminal to draw on (/dev/tty: %s)", strerror(errno));
        close_tty();
        return -1;
    }
    screen = newterm(NULL, out, in);
    if (screen == NULL) {
        snprintf(errbuf, errsize, "cannot use terminal type '%s'", term);
        close_tty();
        return -1;
    }
    set_term(screen);
    /* A terminal that cannot move the cursor (TERM=dumb, emacs' shell) would
     * show only the key bar: refuse it as an unknown one. */
    const char *cup = tigetstr("cup");
    if (cup == NULL || cup == (const char *)-1) {
        endwin();
        delscreen(screen);
        screen = NULL;
        close_tty();
        snprintf(errbuf, errsize,
                 "terminal type '%s' cannot move the cursor: the explorer needs a full-screen "
                 "terminal (e.g. TERM=xterm-256color); the commands (caseflow report ...) work "
                 "anywhere",
                 term);
        return -1;
    }
    active = true;
    cf_set_fatal_hook(ui_fatal);

    const char *cs = nl_langinfo(CODESET);
    unicode = !o->ascii && cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);

    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    if (has_colors()) {
        start_color();
        use_default_colors();
    }
    if (o->mouse) {
        mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED |
                      BUTTON5_PRESSED,
                  NULL);
        mouseinterval(0);
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    return 0;
}

bool
ui_interrupt_requested(void *ud)
{
    (void)ud;
    if (ui_sig_quit)
        return true;
    if (!active)
        return false;
    bool stop = false, resized = false;
    int ch;
    wtimeout(stdscr, 0);
    while ((ch = wgetch(stdscr)) != ERR) {
        if (ch == 27 || ch == 'q' || ch == 3)
            stop = true;
        else if (ch == KEY_RESIZE)
            resized = true;
    }
    if (resized)
        ungetch(KEY_RESIZE);
    return stop;
}

void
ui_shutdown(void)
{
    if (!active)
        return;
    active = false;
    curs_set(1);
    endwin();
    delscreen(screen);
    screen = NULL;
    close_tty();
}

bool
ui_active(void)
{
    return active;
}

bool
ui_unicode(void)
{
    return unicode;
}

const char *
ui_glyph(enum ui_glyph g)
{
    return unicode ? glyph_utf8[g] : glyph_ascii[g];
}

/* Decode one character of s (at most n bytes); sets *wc and *width. Returns bytes used. */
static size_t
next_char(const char *s, size_t n, wchar_t *wc, int *width)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t k = mbrtowc(wc, s, n, &st);
    if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
        *wc = L'?';
        *width = 1;
        return 1;
    }
    int cw = wcwidth(*wc);
    if (cw < 0) { /* control characters and unassigned code points */
        *wc = L'?';
        cw = 1;
    }
    *width = cw;
    return k;
}

int
ui_strwidth(const char *s)
{
    size_t n = strlen(s);
    int total = 0;
    while (n > 0) {
        wchar_t wc;
        int cw;
        size_t k = next_char(s, n, &wc, &cw);
        total += cw;
        s += k;
        n -= k;
    }
    return total;
}

const char *
ui_skip(const char *s, int cols)
{
    size_t n = strlen(s);
    while (cols > 0 && n > 0) {
        wchar_t wc;
        int cw;
        size_t k = next_char(s, n, &wc, &cw);
        cols -= cw;
        s += k;
        n -= k;
    }
    return s;
}

/* Emit up to width columns of s to w (or into buf when w is NULL). Returns columns used. */
static int
put_cut(WINDOW *w, const char *s, int width, char *buf, size_t size)
{
    if (width <= 0) {
        if (buf != NULL && size > 0)
            buf[0] = '\0';
        return 0;
    }
    bool cut = ui_strwidth(s) > width;
    int room = cut ? width - 1 : width;
    size_t n = strlen(s), blen = 0;
    int used = 0;
    wchar_t wbuf[256];
    size_t wn = 0;
    while (n > 0) {
        wchar_t wc;
        int cw;
        size_t k = next_char(s, n, &wc, &cw);
        if (used + cw > room)
            break;
        if (w != NULL) {
            if (wn == sizeof wbuf / sizeof wbuf[0]) {
                waddnwstr(w, wbuf, (int)wn);
                wn = 0;
            }
            wbuf[wn++] = wc;
        } else if (blen + k < size) {
            if (wc == L'?' && (k != 1 || *s != '?'))
                buf[blen++] = '?';
            else {
                memcpy(buf + blen, s, k);
                blen += k;
            }
        }
        used += cw;
        s += k;
        n -= k;
    }
    if (w != NULL && wn > 0)
        waddnwstr(w, wbuf, (int)wn);
    if (cut) {
        const char *e = ui_glyph(GLYPH_ELLIPSIS);
        if (w != NULL)
            waddstr(w, e);
        else if (blen + strlen(e) < size) {
            memcpy(buf + blen, e, strlen(e));
            blen += strlen(e);
        }
        used++;
    }
    if (buf != NULL && size > 0)
        buf[blen < size ? blen : size - 1] = '\0';
    return used;
}

int
ui_put(WINDOW *w, const char *s, int width)
{
    return put_cut(w, s, width, NULL, 0);
}

void
ui_put_pad(WINDOW *w, const char *s, int width)
{
    int used = ui_put(w, s, width);
    for (; used < width; used++)
        waddch(w, ' ');
}

void
ui_put_right(WINDOW *w, const char *s, int width)
{
    int sw = ui_strwidth(s);
    for (int i = sw; i < width; i++)
        waddch(w, ' ');
    ui_put(w, s, sw < width ? sw : width);
}

void
ui_fit(const char *s, int width, char *buf, size_t size)
{
    put_cut(NULL, s, width, buf, size);
}

void
ui_bar(WINDOW *w, double frac, int width)
{
    static const char *const eighths[8] = {"",
                                           "\xe2\x96\x8f",
                                           "\xe2\x96\x8e",
                                           "\xe2\x96\x8d",
                                           "\xe2\x96\x8c",
                                           "\xe2\x96\x8b",
                                           "\xe2\x96\x8a",
                                           "\xe2\x96\x89"};
    if (width <= 0)
        return;
    if (!(frac > 0))
        frac = 0;
    if (frac > 1)
        frac = 1;
    int used = 0;
    if (unicode) {
        int units = (int)(frac * width * 8 + 0.5);
        if (units == 0 && frac > 0)
            units = 1; /* something, however small, is never drawn as nothing */
        for (; units >= 8 && used < width; units -= 8, used++)
            waddstr(w, glyph_utf8[GLYPH_BLOCK]);
        if (units > 0 && used < width) {
            waddstr(w, eighths[units]);
            used++;
        }
    } else {
        int cells = (int)(frac * width + 0.5);
        if (cells == 0 && frac > 0)
            cells = 1;
        for (; used < cells; used++)
            waddch(w, '#');
    }
    for (; used < width; used++)
        waddch(w, ' ');
}

static bool plain_counts;

bool
ui_plain_counts(bool on)
{
    bool was = plain_counts;
    plain_counts = on;
    return was;
}

void
ui_fmt_count(size_t n, char *buf, size_t size)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%zu", n);
    if (plain_counts) {
        snprintf(buf, size, "%s", digits);
        return;
    }
    size_t o = 0;
    for (int i = 0; i < len && o + 1 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0 && o + 2 < size)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    if (size > 0)
        buf[o < size ? o : size - 1] = '\0';
}
