/* Theme files: colour roles and the `element = fg bg attrs` parser (no curses here). */
/* SPDX-License-Identifier: MIT */
#include "themefile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const theme_role_names[ROLE__COUNT] = {
    "normal",       "title",     "tab",        "tab.active", "header",  "selected", "status",
    "filter",       "keybar",    "keybar.key", "bar",        "bar.alt", "dim",      "error",
    "message",      "match",     "prompt",     "detail",     "map.box", "map.edge", "map.rework",
    "map.selected", "map.start", "segment.a",  "segment.b"};

static const char *const color_names[16] = {
    "black",        "red",           "green",       "yellow",         "blue",
    "magenta",      "cyan",          "white",       "bright-black",   "bright-red",
    "bright-green", "bright-yellow", "bright-blue", "bright-magenta", "bright-cyan",
    "bright-white"};

static const struct {
    const char *name;
    unsigned bit;
} attr_names[] = {
    {"bold", THEME_BOLD},           {"dim", THEME_DIM},
    {"underline", THEME_UNDERLINE}, {"reverse", THEME_REVERSE},
    {"standout", THEME_STANDOUT},   {"italic", THEME_ITALIC},
    {"blink", THEME_BLINK},         {"none", 0},
};

/* "brightred", "bright_red" and "grey"/"gray" are accepted too. */
static int
parse_color(const char *w, int *out)
{
    if (strcasecmp(w, "default") == 0 || strcmp(w, "-1") == 0) {
        *out = THEME_DEFAULT_COLOR;
        return 0;
    }
    if (w[0] >= '0' && w[0] <= '9') {
        char *end;
        errno = 0;
        long v = strtol(w, &end, 10);
        if (*end != '\0' || errno != 0 || v < 0 || v > 255)
            return -1;
        *out = (int)v;
        return 0;
    }
    if (strncasecmp(w, "color", 5) == 0 && w[5] != '\0')
        return parse_color(w + 5, out);
    char norm[32];
    size_t n = 0;
    for (const char *p = w; *p != '\0' && n + 2 < sizeof norm; p++) {
        if (*p == '_')
            norm[n++] = '-';
        else
            norm[n++] = *p;
        if (n == 6 && strncasecmp(norm, "bright", 6) == 0 && p[1] != '-' && p[1] != '_')
            norm[n++] = '-';
    }
    norm[n] = '\0';
    if (strcasecmp(norm, "grey") == 0 || strcasecmp(norm, "gray") == 0) {
        *out = 8;
        return 0;
    }
    for (int i = 0; i < 16; i++) {
        if (strcasecmp(norm, color_names[i]) == 0) {
            *out = i;
            return 0;
        }
    }
    return -1;
}

static int
parse_role(const char *w)
{
    for (int i = 0; i < ROLE__COUNT; i++)
        if (strcasecmp(w, theme_role_names[i]) == 0)
            return i;
    return -1;
}

/* Split line (modified in place) into words; returns how many (at most max). */
static size_t
split_words(char *line, char **words, size_t max)
{
    size_t n = 0;
    char *save = NULL;
    for (char *w = strtok_r(line, " \t,|", &save); w != NULL && n < max;
         w = strtok_r(NULL, " \t,|", &save))
        words[n++] = w;
    return n;
}

/* Parse one line (NUL-terminated, modifiable). Returns 0, or -1 with why set. */
static int
parse_line(char *line, struct theme_spec *spec, char *why, size_t whysize)
{
    char *hash = strchr(line, '#');
    if (hash != NULL)
        *hash = '\0';
    char *eq = strchr(line, '=');
    char *words[16];
    if (eq == NULL) {
        if (split_words(line, words, 16) == 0)
            return 0; /* blank or comment */
        snprintf(why, whysize, "expected 'element = fg bg attrs'");
        return -1;
    }
    *eq = '\0';
    char *lhs[2];
    if (split_words(line, lhs, 2) != 1) {
        snprintf(why, whysize, "expected one element name before '='");
        return -1;
    }
    int role = parse_role(lhs[0]);
    if (role < 0) {
        snprintf(why, whysize, "unknown element '%.64s'", lhs[0]);
        return -1;
    }
    size_t nw = split_words(eq + 1, words, 16);
    if (nw < 2) {
        snprintf(why, whysize, "'%s' needs a foreground and a background colour",
                 theme_role_names[role]);
        return -1;
    }
    struct theme_style st = {THEME_DEFAULT_COLOR, THEME_DEFAULT_COLOR, 0};
    if (parse_color(words[0], &st.fg) != 0 || parse_color(words[1], &st.bg) != 0) {
        snprintf(why, whysize, "unknown colour '%.64s'",
                 parse_color(words[0], &st.fg) != 0 ? words[0] : words[1]);
        return -1;
    }
    for (size_t i = 2; i < nw; i++) {
        size_t k;
        for (k = 0; k < sizeof attr_names / sizeof attr_names[0]; k++)
            if (strcasecmp(words[i], attr_names[k].name) == 0)
                break;
        if (k == sizeof attr_names / sizeof attr_names[0]) {
            snprintf(why, whysize, "unknown attribute '%.64s'", words[i]);
            return -1;
        }
        st.attrs |= attr_names[k].bit;
    }
    spec->style[role] = st;
    spec->set[role] = true;
    return 0;
}

size_t
themefile_parse(const char *name, const char *text, size_t len, struct theme_spec *spec,
                struct cf_error *first_err)
{
    size_t bad = 0, lineno = 0, pos = 0;
    char line[1024];
    while (pos < len) {
        size_t end = pos;
        while (end < len && text[end] != '\n')
            end++;
        lineno++;
        size_t n = end - pos;
        char why[256];
        if (n >= sizeof line) {
            snprintf(why, sizeof why, "line too long");
            if (bad++ == 0 && first_err != NULL)
                cf_error_set(first_err, name, lineno, "%s", why);
        } else {
            memcpy(line, text + pos, n);
            line[n] = '\0';
            if (n > 0 && line[n - 1] == '\r')
                line[n - 1] = '\0';
            if (memchr(text + pos, '\0', n) != NULL) {
                snprintf(why, sizeof why, "NUL byte in line");
                if (bad++ == 0 && first_err != NULL)
                    cf_error_set(first_err, name, lineno, "%s", why);
            } else if (parse_line(line, spec, why, sizeof why) != 0) {
                if (bad++ == 0 && first_err != NULL)
                    cf_error_set(first_err, name, lineno, "%s", why);
            }
        }
        pos = end + 1;
    }
    return bad;
}

long
themefile_load(const char *path, struct theme_spec *spec, struct cf_error *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        cf_error_set(err, path, 0, "%s", strerror(errno));
        return -1;
    }
    struct cf_buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > (1u << 20)) {
            fclose(f);
            cf_buf_clear(&b);
            cf_error_set(err, path, 0, "theme file larger than 1 MiB");
            return -1;
        }
        cf_buf_append(&b, chunk, n);
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        cf_buf_clear(&b);
        cf_error_set(err, path, 0, "read error");
        return -1;
    }
    size_t bad = themefile_parse(path, b.data ? b.data : "", b.len, spec, err);
    cf_buf_clear(&b);
    return (long)bad;
}

/* The xterm palette of the 16 standard colours, as RGB. */
static const unsigned char ansi_rgb[16][3] = {
    {0, 0, 0},     {205, 0, 0},     {0, 205, 0},     {205, 205, 0},  {0, 0, 238}, {205, 0, 205},
    {0, 205, 205}, {229, 229, 229}, {127, 127, 127}, {255, 0, 0},    {0, 255, 0}, {255, 255, 0},
    {92, 92, 255}, {255, 0, 255},   {0, 255, 255},   {255, 255, 255}};

static void
rgb_of(int c, int rgb[3])
{
    static const int level[6] = {0, 95, 135, 175, 215, 255};
    if (c < 16) {
        for (int i = 0; i < 3; i++)
            rgb[i] = ansi_rgb[c][i];
    } else if (c < 232) {
        c -= 16;
        rgb[0] = level[c / 36];
        rgb[1] = level[(c / 6) % 6];
        rgb[2] = level[c % 6];
    } else {
        rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (c - 232);
    }
}

int
themefile_degrade(int color, int ncolors)
{
    if (color < 0 || ncolors < 8)
        return THEME_DEFAULT_COLOR;
    if (color < ncolors)
        return color;
    if (color >= 16) {
        int rgb[3], best = 0;
        long best_d = -1;
        rgb_of(color, rgb);
        for (int i = 0; i < 16; i++) {
            long d = 0;
            for (int k = 0; k < 3; k++) {
                long diff = rgb[k] - ansi_rgb[i][k];
                d += diff * diff;
            }
            if (best_d < 0 || d < best_d) {
                best_d = d;
                best = i;
            }
        }
        color = best;
    }
    if (color >= ncolors)
        color -= 8; /* bright -> plain on 8-colour terminals */
    return color;
}
