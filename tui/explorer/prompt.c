/* The one-line editor behind the / c a : prompts, with history and a live feedback text. */
/* SPDX-License-Identifier: MIT */
#include "prompt.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include "keys.h"
#include "theme.h"
#include "util.h"

static char *history[PROMPT__KINDS][PROMPT_HISTORY];
static int history_n[PROMPT__KINDS];

static void
set_text(struct prompt *p, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n >= sizeof p->buf)
        n = sizeof p->buf - 1;
    if (n > 0)
        memcpy(p->buf, s, n);
    p->buf[n] = '\0';
    p->len = p->cur = n;
}

void
prompt_start(struct prompt *p, enum prompt_kind kind, const char *label, const char *initial)
{
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->label = label;
    p->hist_pos = -1;
    set_text(p, initial);
}

static void
history_add(enum prompt_kind k, const char *s)
{
    if (s[0] == '\0')
        return;
    if (history_n[k] > 0 && strcmp(history[k][history_n[k] - 1], s) == 0)
        return;
    if (history_n[k] == PROMPT_HISTORY) {
        free(history[k][0]);
        memmove(&history[k][0], &history[k][1], (PROMPT_HISTORY - 1) * sizeof(char *));
        history_n[k]--;
    }
    history[k][history_n[k]++] = xstrdup(s);
}

/* The history file: $CASEFLOW_HISTORY (empty: none), else $XDG_STATE_HOME/caseflow/history,
 * else ~/.local/state/caseflow/history; malloc'd, or NULL. mkdirs: create the folders. */
static char *
history_path(bool mkdirs)
{
    const char *env = getenv("CASEFLOW_HISTORY");
    if (env != NULL)
        return env[0] ? xstrdup(env) : NULL;
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    struct cf_buf b = {0};
    if (xdg != NULL && xdg[0] == '/')
        cf_buf_printf(&b, "%s", xdg);
    else if (home != NULL && home[0] != '\0')
        cf_buf_printf(&b, "%s/.local/state", home);
    else
        return NULL;
    if (mkdirs) {
        /* Each level in turn; the last two are ours, private (cases can be personal data). */
        for (char *q = b.data + 1; *q != '\0'; q++)
            if (*q == '/') {
                *q = '\0';
                (void)mkdir(b.data, 0755);
                *q = '/';
            }
        (void)mkdir(b.data, 0755);
    }
    cf_buf_puts(&b, "/caseflow");
    if (mkdirs)
        (void)mkdir(b.data, 0700);
    cf_buf_puts(&b, "/history");
    return b.data;
}

static const char kind_letter[PROMPT__KINDS] = {'/', 'c', 'a', ':'};
static bool history_loaded; /* save only what a load began: never an empty overwrite */

void
prompt_history_load(void)
{
    history_loaded = true;
    char *path = history_path(false);
    FILE *f = path ? fopen(path, "r") : NULL;
    free(path);
    if (f == NULL)
        return;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        if (line[len - 1] == '\n')
            line[--len] = '\0';
        if (len < 3 || line[1] != ' ')
            continue; /* not a line of ours */
        for (int k = 0; k < PROMPT__KINDS; k++)
            if (line[0] == kind_letter[k] && (size_t)len - 2 < PROMPT_MAX)
                history_add((enum prompt_kind)k, line + 2);
    }
    free(line);
    fclose(f);
}

void
prompt_history_save(void)
{
    if (!history_loaded)
        return;
    char *path = history_path(true);
    if (path == NULL)
        return;
    struct cf_buf tmp = {0};
    cf_buf_printf(&tmp, "%s.%ld", path, (long)getpid());
    FILE *f = fopen(tmp.data, "w");
    if (f != NULL) {
        (void)chmod(tmp.data, 0600);
        bool ok = true;
        for (int k = 0; k < PROMPT__KINDS; k++)
            for (int i = 0; i < history_n[k]; i++)
                if (strchr(history[k][i], '\n') == NULL) /* one entry a line */
                    ok = fprintf(f, "%c %s\n", kind_letter[k], history[k][i]) > 0 && ok;
        if (fclose(f) != 0 || !ok || rename(tmp.data, path) != 0)
            (void)unlink(tmp.data);
    }
    cf_buf_clear(&tmp);
    free(path);
}

void
prompt_history_clear(void)
{
    for (int k = 0; k < PROMPT__KINDS; k++) {
        for (int i = 0; i < history_n[k]; i++)
            free(history[k][i]);
        history_n[k] = 0;
    }
}

static bool
is_cont(unsigned char c)
{
    return (c & 0xc0) == 0x80;
}

static size_t
prev_boundary(const struct prompt *p, size_t i)
{
    if (i == 0)
        return 0;
    i--;
    while (i > 0 && i < sizeof p->buf && is_cont((unsigned char)p->buf[i]))
        i--;
    return i;
}

static size_t
next_boundary(const struct prompt *p, size_t i)
{
    if (i >= p->len)
        return p->len;
    i++;
    while (i < p->len && is_cont((unsigned char)p->buf[i]))
        i++;
    return i;
}

/* Remove bytes [a, b). */
static void
cut(struct prompt *p, size_t a, size_t b)
{
    memmove(p->buf + a, p->buf + b, p->len - b + 1);
    p->len -= b - a;
    p->cur = a;
}

static enum prompt_result
insert(struct prompt *p, int ch)
{
    char mb[MB_LEN_MAX];
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t k = wcrtomb(mb, (wchar_t)ch, &st);
    if (k == (size_t)-1 || p->len + k >= sizeof p->buf)
        return PROMPT_EDITED;
    memmove(p->buf + p->cur + k, p->buf + p->cur, p->len - p->cur + 1);
    memcpy(p->buf + p->cur, mb, k);
    p->len += k;
    p->cur += k;
    return PROMPT_CHANGED;
}

static enum prompt_result
history_move(struct prompt *p, int dir)
{
    int n = history_n[p->kind];
    if (n == 0)
        return PROMPT_EDITED;
    int pos = p->hist_pos < 0 ? n : p->hist_pos;
    pos += dir;
    if (pos < 0)
        pos = 0;
    if (pos >= n) {
        p->hist_pos = -1;
        set_text(p, "");
        return PROMPT_CHANGED;
    }
    p->hist_pos = pos;
    set_text(p, history[p->kind][pos]);
    return PROMPT_CHANGED;
}

enum prompt_result
prompt_key(struct prompt *p, int key)
{
    switch (key) {
    case '\r':
    case '\n':
    case KEY_FN | KEY_ENTER: history_add(p->kind, p->buf); return PROMPT_ACCEPT;
    case 27:
    case KEYS_CTRL('c'):
    case KEYS_CTRL('g'): return PROMPT_CANCEL;
    case KEY_FN | KEY_LEFT:
    case KEYS_CTRL('b'): p->cur = prev_boundary(p, p->cur); return PROMPT_EDITED;
    case KEY_FN | KEY_RIGHT:
    case KEYS_CTRL('f'): p->cur = next_boundary(p, p->cur); return PROMPT_EDITED;
    case KEY_FN | KEY_HOME:
    case KEYS_CTRL('a'): p->cur = 0; return PROMPT_EDITED;
    case KEY_FN | KEY_END:
    case KEYS_CTRL('e'): p->cur = p->len; return PROMPT_EDITED;
    case KEY_FN | KEY_UP: return history_move(p, -1);
    case KEY_FN | KEY_DOWN: return history_move(p, +1);
    case KEY_FN | KEY_BACKSPACE:
    case 127:
    case KEYS_CTRL('h'):
        if (p->cur == 0)
            return PROMPT_EDITED;
        cut(p, prev_boundary(p, p->cur), p->cur);
        return PROMPT_CHANGED;
    case KEY_FN | KEY_DC:
    case KEYS_CTRL('d'):
        if (p->cur == p->len)
            return PROMPT_EDITED;
        cut(p, p->cur, next_boundary(p, p->cur));
        return PROMPT_CHANGED;
    case KEYS_CTRL('u'): cut(p, 0, p->cur); return PROMPT_CHANGED;
    case KEYS_CTRL('k'):
        p->buf[p->cur] = '\0';
        p->len = p->cur;
        return PROMPT_CHANGED;
    case KEYS_CTRL('w'): {
        size_t a = p->cur;
        while (a > 0 && p->buf[a - 1] == ' ')
            a--;
        while (a > 0 && p->buf[a - 1] != ' ')
            a--;
        cut(p, a, p->cur);
        return PROMPT_CHANGED;
    }
    default: break;
    }
    if ((key & KEY_FN) || key < 32 || key == 127)
        return PROMPT_EDITED;
    return insert(p, key);
}

void
prompt_draw(const struct prompt *p, WINDOW *w, int y, int width)
{
    wmove(w, y, 0);
    wattrset(w, theme_attr(ROLE_PROMPT));
    int used = ui_put(w, p->label, width);
    wattrset(w, theme_attr(ROLE_NORMAL));

    /* The feedback gets what the text leaves, but never less than a third of the line. */
    int fbw = p->feedback[0] ? ui_strwidth(p->feedback) + 2 : 0;
    int room = width - used - 1;
    int textw = ui_strwidth(p->buf) + 1;
    int fb_room = room - textw > room / 3 ? room - textw : room / 3;
    if (fbw > fb_room)
        fbw = fb_room > 0 ? fb_room : 0;
    room -= fbw;
    if (room < 1) {
        wclrtoeol(w);
        return;
    }
    /* Text before the cursor, scrolled so the cursor stays visible. */
    char before[PROMPT_MAX];
    memcpy(before, p->buf, p->cur);
    before[p->cur] = '\0';
    int bw = ui_strwidth(before);
    const char *start = bw >= room ? ui_skip(before, bw - room + 1) : before;
    used += ui_put(w, start, room);
    /* The character under the cursor, in reverse. */
    size_t nb = next_boundary(p, p->cur);
    char at[8] = " ";
    if (nb > p->cur && nb - p->cur < sizeof at) {
        memcpy(at, p->buf + p->cur, nb - p->cur);
        at[nb - p->cur] = '\0';
    }
    wattron(w, A_REVERSE);
    used += ui_put(w, at, 2);
    wattroff(w, A_REVERSE);
    int left = width - used - fbw;
    if (left > 0)
        used += ui_put(w, p->buf + nb, left);
    if (p->feedback[0] && width - used > 2) {
        waddstr(w, "  ");
        used += 2;
        wattrset(w, theme_attr(p->feedback_error ? ROLE_ERROR : ROLE_DIM));
        used += ui_put(w, p->feedback, width - used);
        wattrset(w, theme_attr(ROLE_NORMAL));
    }
    wclrtoeol(w);
}
