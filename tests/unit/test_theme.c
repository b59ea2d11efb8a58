/* Unit tests of the theme file parser and the colour degradation (no curses needed). */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "themefile.h"

static size_t
parse(const char *text, struct theme_spec *spec, struct cf_error *err)
{
    memset(spec, 0, sizeof *spec);
    memset(err, 0, sizeof *err);
    return themefile_parse("t.theme", text, strlen(text), spec, err);
}

static void
test_good_lines(void)
{
    struct theme_spec s;
    struct cf_error err;
    size_t bad = parse("# a comment\n"
                       "\n"
                       "normal = red blue bold\n"
                       "  header=208 default underline,reverse   # trailing comment\r\n"
                       "bar = bright-green brightred\n"
                       "bar.alt = bright_blue grey none\n"
                       "tab.active = color33 -1 dim italic\n"
                       "map.rework = RED Default BLINK standout\n",
                       &s, &err);
    CHECK_EQ_U(bad, 0);
    CHECK(s.set[ROLE_NORMAL]);
    CHECK_EQ_I(s.style[ROLE_NORMAL].fg, 1);
    CHECK_EQ_I(s.style[ROLE_NORMAL].bg, 4);
    CHECK_EQ_U(s.style[ROLE_NORMAL].attrs, THEME_BOLD);
    CHECK_EQ_I(s.style[ROLE_HEADER].fg, 208);
    CHECK_EQ_I(s.style[ROLE_HEADER].bg, THEME_DEFAULT_COLOR);
    CHECK_EQ_U(s.style[ROLE_HEADER].attrs, THEME_UNDERLINE | THEME_REVERSE);
    CHECK_EQ_I(s.style[ROLE_BAR].fg, 10);
    CHECK_EQ_I(s.style[ROLE_BAR].bg, 9);
    CHECK_EQ_I(s.style[ROLE_BAR_ALT].fg, 12);
    CHECK_EQ_I(s.style[ROLE_BAR_ALT].bg, 8);
    CHECK_EQ_U(s.style[ROLE_BAR_ALT].attrs, 0);
    CHECK_EQ_I(s.style[ROLE_TAB_ACTIVE].fg, 33);
    CHECK_EQ_I(s.style[ROLE_TAB_ACTIVE].bg, THEME_DEFAULT_COLOR);
    CHECK_EQ_U(s.style[ROLE_TAB_ACTIVE].attrs, THEME_DIM | THEME_ITALIC);
    CHECK_EQ_U(s.style[ROLE_MAP_REWORK].attrs, THEME_BLINK | THEME_STANDOUT);
    CHECK(!s.set[ROLE_STATUS]);
}

static void
test_bad_lines(void)
{
    struct theme_spec s;
    struct cf_error err;
    size_t bad = parse("normal = red blue\n"
                       "header = green default\n"
                       "nope = red blue\n"         /* 3: unknown element */
                       "status = purpel blue\n"    /* 4: unknown colour */
                       "filter = red blue shiny\n" /* 5: unknown attribute */
                       "bar = red\n"               /* 6: missing background */
                       "just some words\n"         /* 7: no '=' */
                       "dim = 300 black\n"         /* 8: colour out of range */
                       "= red blue\n"              /* 9: no element */
                       "error = white red bold\n"  /* applies after the bad ones */
                       "header = yellow black\n",  /* a later line wins */
                       &s, &err);
    CHECK_EQ_U(bad, 7);
    CHECK_EQ_U(err.line, 3);
    CHECK_STR(err.file, "t.theme");
    CHECK(strstr(err.msg, "unknown element 'nope'") != NULL);
    CHECK(s.set[ROLE_ERROR]);
    CHECK_EQ_I(s.style[ROLE_ERROR].fg, 7);
    CHECK_EQ_I(s.style[ROLE_ERROR].bg, 1);
    CHECK_EQ_I(s.style[ROLE_HEADER].fg, 3);
    CHECK_EQ_I(s.style[ROLE_HEADER].bg, 0);
    CHECK(!s.set[ROLE_STATUS]);
    CHECK(!s.set[ROLE_FILTER]);
    CHECK(!s.set[ROLE_BAR]);
    CHECK(!s.set[ROLE_DIM]);

    /* Each kind of mistake says what is wrong. */
    const struct {
        const char *line, *says;
    } cases[] = {
        {"status = purpel blue\n", "unknown colour 'purpel'"},
        {"filter = red blue shiny\n", "unknown attribute 'shiny'"},
        {"bar = red\n", "needs a foreground and a background"},
        {"just some words\n", "expected 'element = fg bg attrs'"},
        {"dim = 300 black\n", "unknown colour '300'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CHECK_EQ_U(parse(cases[i].line, &s, &err), 1);
        CHECK_EQ_U(err.line, 1);
        CHECK(strstr(err.msg, cases[i].says) != NULL);
    }
    /* A NUL byte in the text is a bad line, not the end of the file. */
    static const char with_nul[] = "normal = red blue\nbar\0x = red blue\nerror = red blue\n";
    memset(&s, 0, sizeof s);
    CHECK_EQ_U(themefile_parse("n", with_nul, sizeof with_nul - 1, &s, &err), 1);
    CHECK_EQ_U(err.line, 2);
    CHECK(s.set[ROLE_ERROR]);
    /* No trailing newline: the last line still counts. */
    CHECK_EQ_U(parse("normal = red blue\nbar = green", &s, &err), 1);
    CHECK_EQ_U(err.line, 2);
}

static void
test_degrade(void)
{
    CHECK_EQ_I(themefile_degrade(196, 256), 196);
    CHECK_EQ_I(themefile_degrade(196, 16), 9); /* (255,0,0) is bright red */
    CHECK_EQ_I(themefile_degrade(196, 8), 1);
    CHECK_EQ_I(themefile_degrade(10, 8), 2);
    CHECK_EQ_I(themefile_degrade(4, 8), 4);
    CHECK_EQ_I(themefile_degrade(21, 16), 4);   /* (0,0,255) is nearest (0,0,238) */
    CHECK_EQ_I(themefile_degrade(232, 16), 0);  /* grey 8 is black */
    CHECK_EQ_I(themefile_degrade(255, 16), 7);  /* grey 238 is white, not bright white */
    CHECK_EQ_I(themefile_degrade(231, 16), 15); /* (255,255,255) */
    CHECK_EQ_I(themefile_degrade(231, 8), 7);
    CHECK_EQ_I(themefile_degrade(THEME_DEFAULT_COLOR, 256), THEME_DEFAULT_COLOR);
    CHECK_EQ_I(themefile_degrade(3, 2), THEME_DEFAULT_COLOR);
}

static void
test_shipped_themes(void)
{
    static const char *const names[] = {"default", "light", "dark-256", "high-contrast", "mono"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[4096];
        const char *top = getenv("top_srcdir");
        snprintf(path, sizeof path, "%s/themes/%s.theme", top ? top : ".", names[i]);
        struct theme_spec s;
        struct cf_error err = {0};
        memset(&s, 0, sizeof s);
        long bad = themefile_load(path, &s, &err);
        CHECK_EQ_I(bad, 0);
        if (bad != 0)
            printf("# %s: %s:%zu: %s\n", names[i], err.file, err.line, err.msg);
        for (int r = 0; r < ROLE__COUNT; r++)
            CHECK(s.set[r]);
    }
    struct theme_spec s;
    struct cf_error err = {0};
    CHECK_EQ_I(themefile_load("/nonexistent/x.theme", &s, &err), -1);
    CHECK_STR(err.file, "/nonexistent/x.theme");
    CHECK(err.msg[0] != '\0');
}

int
main(void)
{
    test_good_lines();
    test_bad_lines();
    test_degrade();
    test_shipped_themes();
    TAP_DONE();
}
